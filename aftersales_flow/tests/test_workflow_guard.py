from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import AftersalesResolutionCommon


@tagged("post_install", "-at_install")
class TestWorkflowGuard(AftersalesResolutionCommon):
    """A plan's state and approval change only through its buttons, whatever the door."""

    def _plan_awaiting_approval(self):
        case = self._new_case("Sofa delivered torn")
        plan = self._new_plan(case, [{"remedy_type": "compensation", "amount": 900.0}])
        plan.with_user(self.agent).action_submit()
        self.assertEqual(plan.state, "to_approve")
        return plan

    def test_agent_cannot_approve_by_writing(self):
        plan = self._plan_awaiting_approval()
        for vals in (
            {"state": "approved"},
            {"state": "approved", "approved_by_id": self.manager.id},
            {"approved_by_id": self.manager.id},
            {"approved_date": "2026-12-01 10:00:00"},
            {"state": "accepted"},
            {"state": "done"},
            {"amount_total": 1.0},
            {"submitted_by_id": self.manager.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                plan.with_user(self.agent).write(vals)
        plan.invalidate_recordset()
        self.assertEqual(plan.state, "to_approve")
        self.assertFalse(plan.approved_by_id)
        self.assertEqual(plan.amount_total, 900.0)

    def test_manager_cannot_skip_the_approval_button(self):
        """Even a manager, who may approve, goes through the button that checks the rules
        (here: not approving what they submitted themselves)."""
        case = self._new_case("Sofa delivered torn")
        plan = self._new_plan(case, [{"remedy_type": "compensation", "amount": 900.0}])
        plan.with_user(self.manager).action_submit()
        with self.assertRaises(UserError):
            plan.with_user(self.manager).write({"state": "approved"})
        with self.assertRaises(UserError):
            plan.with_user(self.manager).action_approve()
        self.assertEqual(plan.state, "to_approve")

    def test_forged_context_key_does_not_open_the_guard(self):
        plan = self._plan_awaiting_approval()
        forged = plan.with_user(self.agent).with_context(aftersales_workflow="aftersales_workflow")
        with self.assertRaises(UserError):
            forged.write({"state": "approved"})
        self.assertEqual(plan.state, "to_approve")

    def test_create_cannot_start_in_a_later_state(self):
        case = self._new_case("Lamp flickers")
        Plan = self.Plan.with_user(self.agent)
        with self.assertRaises(UserError):
            Plan.create({"ticket_id": case.id, "state": "approved"})
        with self.assertRaises(UserError):
            Plan.create({"ticket_id": case.id, "approved_by_id": self.manager.id})
        # a context default is no back door either
        with self.assertRaises(UserError):
            Plan.with_context(default_state="done").create({"ticket_id": case.id})
        plan = Plan.with_context(default_state="draft").create({"ticket_id": case.id})
        self.assertEqual(plan.state, "draft")
        # what a form sends for a new record (the defaults) is accepted
        plan = Plan.create({"ticket_id": case.id, "state": "draft", "approved_by_id": False})
        self.assertEqual(plan.state, "draft")

    def test_unchanged_values_and_buttons_go_through(self):
        plan = self._plan_awaiting_approval()
        plan.with_user(self.agent).write({"state": "to_approve", "note": "<p>Call first</p>"})
        plan.with_user(self.lead_manager).action_approve()
        self.assertEqual(plan.state, "approved")
        self.assertEqual(plan.approved_by_id, self.lead_manager)

    def test_approval_goes_to_the_team_leader_then_the_company_approver(self):
        case = self._new_case("Sofa delivered torn")
        plan = self._new_plan(case, [{"remedy_type": "compensation", "amount": 900.0}])
        plan.with_user(self.agent).action_submit()
        self.assertEqual(plan.approver_id, self.lead_manager, "the team leader is asked first")

        # a team whose leader is no manager: the company's designated approver
        approver = new_test_user(
            self.env, login="as_guard_approver", groups="aftersales_flow.group_aftersales_manager"
        )
        self.company.aftersales_approver_id = approver
        self.team.user_id = self.agent
        case = self._new_case("Chair wobbles")
        plan = self._new_plan(case, [{"remedy_type": "compensation", "amount": 900.0}])
        plan.with_user(self.agent).action_submit()
        self.assertEqual(plan.approver_id, approver)
        self.assertEqual(plan.activity_ids.user_id, approver)

        # no designated approver: a manager of the team before the administrator
        self.company.aftersales_approver_id = False
        case = self._new_case("Table scratched")
        plan = self._new_plan(case, [{"remedy_type": "compensation", "amount": 900.0}])
        plan.with_user(self.agent).action_submit()
        self.assertIn(plan.approver_id, self.manager | self.lead_manager)

    def test_administrators_are_asked_last(self):
        team = self.env["helpdesk.ticket.team"].create(
            {"name": "Night desk", "user_ids": [Command.set(self.agent.ids)]}
        )
        users = self.env["res.users"]._aftersales_approvers(self.company, team=team)
        admin = self.env.ref("base.user_admin")
        self.assertIn(admin, users)
        self.assertEqual(users[-1:], admin)
        self.assertNotIn(self.agent, users)
