"""The flow's main paths end to end, each step by the user holding exactly the role the
README gives it: agent, manager, remedy owner, and the customer on the portal."""

import re

from odoo.tests import Form, new_test_user, tagged

from .common import AftersalesFlowHttpCommon


@tagged("post_install", "-at_install")
class TestRoleTrueFlow(AftersalesFlowHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a colleague of another team who carries out a remedy (a workshop technician)
        cls.owner = new_test_user(
            cls.env,
            login="as_http_owner",
            groups="aftersales_flow.group_aftersales_user",
            email="owner@example.com",
        )
        cls.root_cause = cls.env.ref("aftersales_flow.root_cause_product_defect")

    def _portal_answer(self, plan, response, **data):
        """The customer, logged in on the portal, answers the plan on its page."""
        self.authenticate("as_http_customer", "as_http_customer")
        page = self.url_open(f"/aftersales/plan/{plan.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(plan.ticket_id.name, page.text)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(
            f"/aftersales/plan/{plan.id}/respond",
            data=dict(data, csrf_token=csrf, response=response),
        )

    def _record_and_plan(self, name, remedies):
        """The agent records the case, investigates it and submits a plan."""
        Ticket = self.env["helpdesk.ticket"].with_user(self.agent)
        case_form = Form(Ticket)
        case_form.name = name
        case_form.description = "<p>It arrived broken.</p>"
        case_form.partner_id = self.customer
        case_form.team_id = self.team
        case_form.user_id = self.agent
        case_form.aftersales_case_kind = "complaint"
        case = case_form.save()
        case.write(
            {
                "aftersales_root_cause_id": self.root_cause.id,
                "aftersales_responsibility": "company",
                "aftersales_responsibility_basis": "Fifteen-day replacement rule",
                "aftersales_investigation_findings": "<p>Factory defect.</p>",
            }
        )
        action = case.action_new_resolution_plan()
        plan_form = Form(
            self.env["aftersales.resolution.plan"].with_user(self.agent).browse(action["res_id"])
        )
        for vals in remedies:
            with plan_form.remedy_ids.new() as line:
                for key, value in vals.items():
                    setattr(line, key, value)
        plan = plan_form.save()
        plan.action_submit()
        return case, plan

    def test_complaint_to_low_rating(self):
        case, plan = self._record_and_plan(
            "Robot vacuum stops after a minute",
            [
                {"remedy_type": "repair", "owner_id": self.owner},
                {"remedy_type": "compensation", "amount": 300.0, "owner_id": self.agent},
            ],
        )
        # above the approval amount: the team leader (a manager, not the submitter) approves
        self.assertEqual(plan.state, "to_approve")
        self.assertEqual(plan.approver_id, self.manager)
        approval = plan.with_user(self.manager).activity_ids
        self.assertEqual(approval.user_id, self.manager)
        plan.with_user(self.manager).action_approve()
        self.assertEqual(plan.approved_by_id, self.manager)

        plan.with_user(self.agent).action_propose()
        answered = self._portal_answer(plan, "accepted")
        self.assertIn("your answer has been recorded", answered.text)
        self.assertEqual(plan.state, "accepted")
        self.assertEqual(plan.response_ids.channel, "portal")

        plan.with_user(self.agent).action_execute()
        for remedy in plan.remedy_ids:
            # each owner in their own request: nothing read by others is in the cache
            self.env.invalidate_all()
            owner_view = remedy.with_user(remedy.owner_id)
            self.assertTrue(owner_view.can_mark_done)
            owner_view.action_mark_done()
        self.assertEqual(plan.state, "done")
        plan.with_user(self.agent).write({"result_summary": "Repaired and compensated."})
        plan.with_user(self.agent).action_send_result()
        self.assertTrue(case.closed)
        self.assertTrue(plan.result_sent_date)

        # the customer rates from the survey email's link (not logged in)
        token = case.sudo()._rating_get_access_token()
        self.authenticate(None, None)
        response = self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"rate": 1, "feedback": "Broke again", "csrf_token": self._csrf_token()},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(case.rating_last_value, 1)
        self.assertTrue(case.aftersales_low_satisfaction)
        self.assertFalse(case.closed, "a low rating reopens the case")
        low = case.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("aftersales_flow.mail_activity_type_low_rating")
            )
        )
        self.assertEqual(low.user_id, self.manager)

        # the follow-up call by the agent
        case.with_user(
            self.agent
        ).aftersales_followup_outcome = "Customer satisfied with the repair."
        case.with_user(self.agent).action_record_followup()
        self.assertTrue(case.aftersales_followup_done_date)

    def test_counter_proposal_then_revision(self):
        case, plan = self._record_and_plan(
            "Mug set chipped", [{"remedy_type": "refund", "amount": 40.0}]
        )
        self.assertEqual(plan.state, "approved", "within policy: approved at once")
        plan.with_user(self.agent).action_propose()
        self._portal_answer(plan, "countered", counter_proposal="An exchange instead")
        self.assertEqual(plan.state, "countered")
        plan.with_user(self.agent).action_revise()
        self.assertEqual(plan.state, "draft")
        plan.with_user(self.agent).write(
            {"remedy_ids": [(1, plan.remedy_ids.id, {"remedy_type": "exchange", "amount": 0})]}
        )
        plan.with_user(self.agent).action_submit()
        plan.with_user(self.agent).action_propose()
        self._portal_answer(plan, "accepted")
        self.assertEqual(plan.state, "accepted")
        self.assertEqual(plan.response_ids.mapped("response"), ["accepted", "countered"])
        # the other customer never sees it
        self.authenticate("as_http_attacker", "as_http_attacker")
        page = self.url_open(f"/aftersales/plan/{plan.id}", allow_redirects=False)
        self.assertIn(page.status_code, (302, 303))
        self.assertNotIn(case.name, self.url_open("/my/tickets").text)
