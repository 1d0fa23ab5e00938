from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import QualityCommon


@tagged("post_install", "-at_install")
class TestFeedbackStaff(QualityCommon):
    def test_feedback_review(self):
        praise = self._ticket(self.dt(2026, 3, 2, 9), aftersales_case_kind="praise")
        idea = self._ticket(
            self.dt(2026, 3, 2, 9), aftersales_case_kind="suggestion", category_id=self.cat_a.id
        )
        complaint = self._ticket(self.dt(2026, 3, 2, 9), aftersales_case_kind="complaint")
        self.assertEqual(praise.aftersales_quality_feedback_state, "to_review")
        self.assertEqual(idea.aftersales_quality_feedback_state, "to_review")
        self.assertFalse(complaint.aftersales_quality_feedback_state)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_quality.action_quality_feedback"
        )
        listed = self.env["helpdesk.ticket"].search(safe_eval(action["domain"]))
        self.assertIn(praise, listed)
        self.assertNotIn(complaint, listed)

        with self.assertRaises(UserError):
            praise.action_quality_dismiss()  # a reason is required
        praise.aftersales_quality_dismiss_reason = "Thanked the customer"
        praise.action_quality_dismiss()
        self.assertEqual(praise.aftersales_quality_feedback_state, "dismissed")
        with self.assertRaises(UserError):
            praise.action_quality_create_plan()  # already reviewed

        manager_env = self.env(
            user=self.quality_manager, context={"allowed_company_ids": self.company.ids}
        )
        result = idea.with_env(manager_env).action_quality_create_plan()
        plan = self.env["aftersales.quality.plan"].browse(result["res_id"])
        self.assertEqual(idea.aftersales_quality_feedback_state, "planned")
        self.assertEqual(plan.ticket_ids, idea)
        self.assertEqual(plan.category_id, self.cat_a)
        self.assertEqual(idea.aftersales_quality_plan_ids, plan)
        self.assertEqual(plan.state, "draft")

    def test_staff_review(self):
        dt = self.dt
        mine = [
            self._ticket(dt(2026, 3, 2, 9), dt(2026, 3, 2, 13), user_id=self.agent.id),  # 3 h
            self._ticket(dt(2026, 3, 3, 9), dt(2026, 3, 3, 10), user_id=self.agent.id),  # 1 h
            self._ticket(dt(2026, 3, 4, 9), user_id=self.agent.id),
        ]
        self._rate(mine[0], 4)
        self._ticket(dt(2026, 3, 2, 9), dt(2026, 3, 2, 17), user_id=self.quality_manager.id)  # 7 h
        self._ticket(dt(2026, 4, 2, 9), user_id=self.agent.id)  # outside the period
        with Form(self.env["aftersales.quality.staff.review"]) as form:
            form.user_id = self.agent
            form.company_id = self.company
            form.date_from = "2026-03-01"
            form.date_to = "2026-03-31"
            form.notes = "<p>Fast, but close the loop with customers.</p>"
        review = form.record
        self.assertEqual(review.case_count, 3)
        self.assertEqual(review.closed_count, 2)
        self.assertAlmostEqual(review.resolution_hours, 2.0)
        self.assertAlmostEqual(review.team_resolution_hours, 11.0 / 3)
        self.assertAlmostEqual(review.rating_avg, 4.0)
        self.assertAlmostEqual(review.satisfied_rate, 100.0)
        with self.assertRaises(ValidationError):
            review.training_needed = True  # which training?
            review.flush_recordset()
        review.write({"training_needed": True, "training_topic": "Customer follow-up"})
        self.assertTrue(review.training_needed)
        with self.assertRaises(ValidationError):
            review.date_to = "2026-02-01"
            review.flush_recordset()
        action = review.action_open_cases()
        self.assertEqual(self.Report.search_count(action["domain"]), 3)

    def test_settings(self):
        with Form(self.env["res.config.settings"]) as form:
            form.aftersales_quality_threshold_percent = 80
            form.aftersales_quality_report_frequency = "monthly"
        self.assertEqual(self.env.company.aftersales_quality_threshold_percent, 80)
        self.assertEqual(self.env.company.aftersales_quality_report_frequency, "monthly")

    def test_impossible_period_in_the_form(self):
        """The dashboard recomputes as the user types: a period it cannot cut
        gets a clear message, not a server error."""
        with Form(self.env["aftersales.quality.dashboard"]) as form:
            with self.assertRaises(ValidationError):
                form.date_to = "9999-12-31"
            form.date_to = "2026-03-31"
            form.date_from = "2026-03-01"
        with (
            self.assertRaises(ValidationError),
            Form(self.env["aftersales.quality.dashboard"]) as form,
        ):
            form.date_from = "2026-04-01"
            form.date_to = "2026-03-01"
