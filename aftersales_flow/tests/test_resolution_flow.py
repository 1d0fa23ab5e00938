from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import AftersalesResolutionCommon


@tagged("post_install", "-at_install")
class TestResolutionFlow(AftersalesResolutionCommon):
    def _investigate(self, case, responsibility="company"):
        case.with_user(self.agent).write(
            {
                "aftersales_root_cause_id": self.env.ref(
                    "aftersales_flow.root_cause_product_defect"
                ).id,
                "aftersales_responsibility": responsibility,
                "aftersales_responsibility_basis": "Seven-day no-reason return rule",
                "aftersales_investigation_findings": "<p>Heating element faulty.</p>",
            }
        )

    def _followups(self, case):
        return case.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("aftersales_flow.mail_activity_type_followup")
            )
        )

    def test_in_policy_refund_needs_no_approval(self):
        case = self._new_case()
        self._investigate(case)
        plan = self._new_plan(case, [{"remedy_type": "refund", "amount": 89.0}])
        self.assertFalse(plan.remedy_ids.filtered(lambda r: r.remedy_type == "explanation"))
        self.assertFalse(plan.needs_approval)
        plan.action_submit()
        self.assertEqual(plan.state, "approved")
        self.assertFalse(plan.activity_ids)
        plan.action_propose()
        self.assertEqual(plan.state, "proposed")
        self.assertTrue(plan.access_token)
        proposal = plan.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertTrue(proposal, "the customer is sent the proposal")
        self.assertIn(plan.get_portal_url(), proposal[0].body)
        self._answer(plan, "accepted")
        self.assertEqual(plan.state, "accepted")
        self.assertEqual(plan.response_ids.response, "accepted")

        self._execute_and_resolve(plan)
        self.assertTrue(plan.result_sent_date)
        self.assertEqual(case.stage_id, self.stage_done)
        self.assertTrue(case.closed)
        self.assertTrue(case.rating_ids, "a satisfaction survey is requested on resolution")

        self._rate(case, 5, "Quick and fair")
        self.assertEqual(case.rating_last_value, 5)
        self.assertFalse(case.aftersales_low_satisfaction)
        self.assertEqual(case.stage_id, self.stage_done)

    def test_large_compensation_refused_then_new_plan_approved(self):
        case = self._new_case("Sofa delivered torn")
        self._investigate(case)
        plan = self._new_plan(
            case, [{"remedy_type": "compensation", "amount": 500.0, "owner_id": self.agent.id}]
        )
        self.assertTrue(plan.needs_approval)
        plan.action_submit()
        self.assertEqual(plan.state, "to_approve")
        self.assertEqual(plan.approver_id, self.lead_manager, "the team leader approves")
        approval = plan.activity_ids
        self.assertEqual(approval.user_id, self.lead_manager)
        with self.assertRaises(UserError):
            plan.action_propose()

        wizard = (
            self.env["aftersales.plan.refuse.wizard"]
            .with_user(self.lead_manager)
            .create({"plan_id": plan.id, "reason": "Too generous; offer a repair"})
        )
        wizard.action_confirm()
        self.assertEqual(plan.state, "refused")
        self.assertEqual(plan.refusal_reason, "Too generous; offer a repair")
        self.assertFalse(plan.activity_ids)

        second = self._new_plan(
            case,
            [
                {"remedy_type": "repair", "owner_id": self.agent.id},
                {"remedy_type": "compensation", "amount": 250.0, "owner_id": self.agent.id},
            ],
        )
        self.assertNotEqual(second, plan)
        second.action_submit()
        self.assertEqual(second.state, "to_approve")
        second.with_user(self.lead_manager).action_approve()
        self.assertEqual(second.state, "approved")
        self.assertEqual(second.approved_by_id, self.lead_manager)
        second.action_propose()
        self._answer(second, "accepted")
        self._execute_and_resolve(second)
        self.assertTrue(case.closed)
        self._rate(case, 5)
        self.assertTrue(case.closed)

    def test_customer_counter_proposal_is_kept_and_renegotiated(self):
        case = self._new_case("Jacket too small")
        self._investigate(case)
        plan = self._new_plan(case, [{"remedy_type": "exchange"}])
        plan.action_submit()
        plan.action_propose()
        with self.assertRaises(UserError):
            self._answer(plan, "countered")  # no counter-proposal text
        self.assertEqual(plan.state, "proposed")
        self.assertFalse(plan.response_ids)
        self._answer(plan, "countered", counter_proposal="Refund instead, 59")
        self.assertEqual(plan.state, "countered")
        with self.assertRaises(UserError):
            plan.action_execute()

        plan.action_revise()
        self.assertEqual(plan.state, "draft")
        plan.remedy_ids.unlink()
        plan.write({"remedy_ids": [(0, 0, {"remedy_type": "refund", "amount": 59.0})]})
        plan.action_submit()
        plan.action_propose()
        self._answer(plan, "rejected", reason="Wants the money today")
        self.assertEqual(plan.state, "rejected")
        plan.action_revise()
        plan.action_submit()
        plan.action_propose()
        self._answer(plan, "accepted")
        self.assertEqual(
            plan.response_ids.sorted("id").mapped("response"),
            ["countered", "rejected", "accepted"],
        )
        self.assertEqual(
            plan.response_ids.filtered(lambda r: r.response == "countered").counter_proposal,
            "Refund instead, 59",
        )
        self._execute_and_resolve(plan)
        self.assertTrue(case.closed)

    def test_not_our_responsibility_is_explained(self):
        case = self._new_case("Kettle dropped")
        self._investigate(case, responsibility="customer")
        self.assertTrue(case.aftersales_responsibility_not_ours)
        plan = self._new_plan(case, [])
        self.assertEqual(plan.remedy_ids.mapped("remedy_type"), ["explanation"])
        self.assertFalse(plan.needs_approval)
        plan.action_submit()
        self.assertEqual(plan.state, "approved")
        plan.action_propose()
        self._answer(plan, "accepted")
        self._execute_and_resolve(plan)
        self.assertTrue(case.closed)
        self._rate(case, 5)

    def test_money_for_a_customer_fault_needs_approval(self):
        case = self._new_case("Kettle dropped")
        self._investigate(case, responsibility="customer")
        plan = self._new_plan(case, [{"remedy_type": "compensation", "amount": 10.0}])
        self.assertTrue(plan.needs_approval)
        plan.action_submit()
        self.assertEqual(plan.state, "to_approve")

    def test_outside_policy_needs_approval(self):
        plan = self._new_plan(
            self._new_case(), [{"remedy_type": "exchange", "outside_policy": True}]
        )
        self.assertTrue(plan.needs_approval)

    def test_low_rating_reopens_and_escalates(self):
        case = self._new_case()
        self._investigate(case)
        plan = self._new_plan(case, [{"remedy_type": "refund", "amount": 20.0}])
        plan.action_submit()
        plan.action_propose()
        self._answer(plan, "accepted")
        self._execute_and_resolve(plan)
        self.assertTrue(case.closed)
        self._rate(case, 1, "Still broken")
        self.assertTrue(case.aftersales_low_satisfaction)
        self.assertFalse(case.closed)
        self.assertEqual(case.stage_id, self.stage_in_progress)
        escalation = case.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("aftersales_flow.mail_activity_type_low_rating")
            )
        )
        self.assertEqual(escalation.user_id, self.lead_manager)
        self.assertIn("Still broken", str(escalation.note))

    def test_followup_activity_created_once(self):
        case = self._new_case()
        self._investigate(case)
        plan = self._new_plan(case, [{"remedy_type": "refund", "amount": 20.0}])
        plan.action_submit()
        plan.action_propose()
        self._answer(plan, "accepted")
        self._execute_and_resolve(plan)
        followup = self._followups(case)
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.user_id, self.agent)
        self.assertEqual((followup.date_deadline - case.aftersales_followup_date).days, 0)
        # seven working days of the case's calendar after the resolution
        calendar = case.aftersales_calendar_id
        due = self.env["resource.calendar"]._aftersales_plan(
            calendar, [(0, plan.result_sent_date, 7 * calendar.hours_per_day)]
        )[0]
        self.assertEqual(case.aftersales_followup_date, case._aftersales_local_date(due))
        # Reopened by a low rating and resolved again: still one follow-up.
        self._rate(case, 1)
        case._aftersales_resolve()
        self.assertEqual(len(self._followups(case)), 1)

        with self.assertRaises(UserError):
            case.with_user(self.agent).action_record_followup()  # no outcome yet
        case.with_user(self.agent).aftersales_followup_outcome = "Customer happy with the refund"
        case.with_user(self.agent).action_record_followup()
        self.assertTrue(case.aftersales_followup_done_date)
        self.assertFalse(self._followups(case))
        with self.assertRaises(UserError):
            case.with_user(self.agent).action_record_followup()

    def test_agent_cannot_approve(self):
        case = self._new_case()
        plan = self._new_plan(case, [{"remedy_type": "compensation", "amount": 900.0}])
        plan.action_submit()
        self.assertFalse(plan.can_approve)
        with self.assertRaises(AccessError):
            plan.action_approve()
        with self.assertRaises(AccessError):
            plan.action_open_refuse_wizard()
        self.assertEqual(plan.state, "to_approve")

    def test_manager_cannot_approve_own_plan(self):
        case = self._new_case()
        plan = self._new_plan(case, [{"remedy_type": "compensation", "amount": 900.0}])
        own = plan.with_user(self.manager)
        own.action_submit()
        self.assertEqual(plan.approver_id, self.lead_manager)
        self.assertFalse(own.can_approve)
        with self.assertRaises(UserError):
            own.action_approve()
        self.assertEqual(plan.state, "to_approve")
        plan.with_user(self.lead_manager).action_approve()
        self.assertEqual(plan.state, "approved")

    def test_bad_input_is_refused(self):
        case = self._new_case()
        empty = self.Plan.with_user(self.agent).create({"ticket_id": case.id})
        with self.assertRaises(UserError):
            empty.action_submit()
        self.assertEqual(empty.state, "draft")
        with self.assertRaises(UserError):
            empty.action_propose()
        with self.assertRaises(ValidationError):
            empty.write({"remedy_ids": [(0, 0, {"remedy_type": "refund", "amount": -5.0})]})
        empty.action_cancel()

        plan = self._new_plan(case, [{"remedy_type": "refund", "amount": 30.0}])
        with self.assertRaises(UserError):
            plan.action_execute()  # not approved
        plan.action_submit()
        with self.assertRaises(UserError):
            plan.action_execute()  # approved but not accepted
        with self.assertRaises(UserError):
            plan.remedy_ids.amount = 10.0  # frozen once submitted
        plan.action_propose()
        self._answer(plan, "accepted")
        with self.assertRaises(UserError):
            self._answer(plan, "accepted")
        self.assertEqual(len(plan.response_ids), 1)
        with self.assertRaises(UserError):
            plan.remedy_ids.action_mark_done()  # execution not started
        with self.assertRaises(UserError):
            plan.action_send_result()
        with self.assertRaises(UserError):
            case.with_user(self.agent).action_new_resolution_plan()  # one live plan at a time

    def test_settings(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.aftersales_followup_days, 7)
        settings.write(
            {
                "aftersales_approval_amount": 1000.0,
                "aftersales_followup_days": 3,
                "aftersales_low_rating_threshold": 1,
            }
        )
        settings.execute()
        self.assertEqual(self.company.aftersales_approval_amount, 1000.0)
        self.assertEqual(self.company.aftersales_followup_days, 3)
        plan = self._new_plan(self._new_case(), [{"remedy_type": "refund", "amount": 500.0}])
        self.assertFalse(plan.needs_approval)

    def test_agents_of_other_teams_cannot_see_plans(self):
        case = self._new_case()
        plan = self._new_plan(case, [{"remedy_type": "refund", "amount": 20.0}])
        outsider = new_test_user(
            self.env, login="as_res_outsider", groups="aftersales_flow.group_aftersales_user"
        )
        self.env["helpdesk.ticket.team"].create(
            {"name": "Other Desk", "user_ids": [Command.link(outsider.id)]}
        )
        with self.assertRaises(AccessError):
            plan.with_user(outsider).read(["name"])
        with self.assertRaises(AccessError):
            plan.remedy_ids.with_user(outsider).read(["amount"])
        self.assertFalse(self.Plan.with_user(outsider).search([("id", "=", plan.id)]))
        self.assertEqual(plan.with_user(self.agent).read(["name"])[0]["id"], plan.id)
        self.assertTrue(self.Plan.with_user(self.lead_manager).search([("id", "=", plan.id)]))
