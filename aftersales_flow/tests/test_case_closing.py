from odoo.tests import tagged

from .common import AftersalesResolutionCommon


@tagged("post_install", "-at_install")
class TestSatisfactionOnClosing(AftersalesResolutionCommon):
    """The customer is asked for a rating on every closing of a case, however it closes."""

    def _surveys(self, case):
        return case.message_ids.filtered(lambda message: "/rate/" in (message.body or ""))

    def test_closing_by_hand_asks_once_per_closing(self):
        case = self._new_case()
        case.with_user(self.agent).stage_id = self.stage_done
        self.assertEqual(len(self._surveys(case)), 1)
        # a later edit of the closed case (a manager's) asks nothing more
        case.with_user(self.manager).write({"stage_id": self.stage_done.id})
        self.assertEqual(len(self._surveys(case)), 1)
        # reopened and closed again: a new closing, a new survey
        case.with_user(self.manager).stage_id = self.stage_in_progress
        case.with_user(self.agent).stage_id = self.stage_done
        self.assertEqual(len(self._surveys(case)), 2)

    def test_closing_through_a_plan_asks_once(self):
        case = self._new_case()
        case.with_user(self.agent).write(
            {
                "aftersales_root_cause_id": self.env.ref(
                    "aftersales_flow.root_cause_product_defect"
                ).id,
                "aftersales_responsibility": "company",
                "aftersales_responsibility_basis": "Seven-day no-reason return rule",
                "aftersales_investigation_findings": "<p>Heating element faulty.</p>",
            }
        )
        plan = self._new_plan(case, [{"remedy_type": "refund", "amount": 19.0}])
        plan.action_submit()
        plan.action_propose()
        self._answer(plan, "accepted")
        self._execute_and_resolve(plan)
        self.assertTrue(case.stage_id.closed)
        self.assertEqual(len(self._surveys(case)), 1)

    def test_no_survey_for_a_duplicate_or_without_customer(self):
        kept = self._new_case()
        duplicate = self._new_case("Kettle broken (again)")
        # as a merge marks it (aftersales_merge): the base link and a closing stage at once
        duplicate._aftersales_workflow().write(
            {"duplicate_id": kept.id, "stage_id": self.stage_done.id}
        )
        self.assertFalse(self._surveys(duplicate))
        anonymous = self._new_case("Left at the counter", partner_id=False)
        anonymous.with_user(self.agent).stage_id = self.stage_done
        self.assertFalse(self._surveys(anonymous))

    def test_a_stage_with_its_own_survey_sends_it_alone(self):
        template = self.env.ref("helpdesk_mgmt_rating.rating_ticket_email_template")
        self.stage_done.rating_mail_template_id = template
        case = self._new_case()
        case.with_user(self.agent).stage_id = self.stage_done
        self.assertEqual(len(self._surveys(case)), 1)

    def test_an_okay_answer_is_no_alarm_by_default(self):
        company = self.env["res.company"].create({"name": "New Shop"})
        self.assertEqual(company.aftersales_low_rating_threshold, 1)
        self.company.aftersales_low_rating_threshold = 1
        case = self._new_case()
        case.with_user(self.agent).stage_id = self.stage_done
        self._rate(case, 3, "It was okay")
        self.assertFalse(case.aftersales_low_satisfaction)
        self.assertEqual(case.stage_id, self.stage_done)
        self._rate(case, 1, "Nobody called me back")
        self.assertTrue(case.aftersales_low_satisfaction)
        self.assertFalse(case.stage_id.closed)


@tagged("post_install", "-at_install")
class TestClassificationHistory(AftersalesResolutionCommon):
    def test_category_team_customer_and_channel_are_tracked(self):
        case = self._new_case()
        self.env.cr.precommit.run()
        other_team = self.env["helpdesk.ticket.team"].create(
            {"name": "Returns Desk", "user_ids": [(4, self.agent.id)]}
        )
        category = self.env["helpdesk.ticket.category"].create({"name": "Wrong item"})
        customer = self.env["res.partner"].create({"name": "Chen Jie"})
        channel = self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
        case.with_user(self.agent).write(
            {
                "category_id": category.id,
                "team_id": other_team.id,
                "partner_id": customer.id,
                "channel_id": channel.id,
            }
        )
        self.env.cr.precommit.run()
        tracked = case.sudo().message_ids.tracking_value_ids.field_id.mapped("name")
        for name in ("category_id", "team_id", "partner_id", "channel_id"):
            self.assertIn(name, tracked)
