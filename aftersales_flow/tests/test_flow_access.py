"""Who reads the flow's records besides the cases, and what each state lets a user edit."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import AftersalesResolutionCommon


@tagged("post_install", "-at_install")
class TestTimerVisibility(AftersalesResolutionCommon):
    """A timer names its case (number and title): it is read by whoever reads the case."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.teammate = new_test_user(
            cls.env, login="as_timer_teammate", groups="aftersales_flow.group_aftersales_user"
        )
        cls.outsider = new_test_user(
            cls.env, login="as_timer_outsider", groups="aftersales_flow.group_aftersales_user"
        )
        cls.team.user_ids = [Command.link(cls.teammate.id)]
        cls.quality = None
        if cls.env.ref("aftersales_quality.group_quality_manager", raise_if_not_found=False):
            cls.quality = new_test_user(
                cls.env, login="as_timer_quality", groups="aftersales_quality.group_quality_manager"
            )
        cls.company_b = cls.env["res.company"].create({"name": "Shop B"})
        cls.manager_b = new_test_user(
            cls.env,
            login="as_timer_manager_b",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
            groups="aftersales_flow.group_aftersales_manager",
        )

    def _timers(self, case):
        timers = case.sudo().aftersales_sla_timer_ids
        self.assertTrue(timers, "the default policies start the case's clocks")
        return timers

    def _readers(self, timers):
        Timer = self.env["aftersales.sla.timer"]
        users = [self.agent, self.teammate, self.outsider, self.manager, self.lead_manager]
        users += [self.quality] if self.quality else []
        users += [self.manager_b]
        return {
            user.login: bool(Timer.with_user(user).search([("id", "in", timers.ids)]))
            for user in users
        }

    def test_timers_follow_the_case(self):
        timers = self._timers(self._new_case("Ordinary case"))
        readers = self._readers(timers)
        for login in ("as_res_agent", "as_timer_teammate", "as_res_manager", "as_res_lead"):
            self.assertTrue(readers[login], login)
        self.assertFalse(readers["as_timer_outsider"], "another team's agent")
        self.assertFalse(readers["as_timer_manager_b"], "another company's manager")
        if self.quality:
            self.assertTrue(readers["as_timer_quality"])
        with self.assertRaises(AccessError):
            timers.with_user(self.outsider).read(["ticket_id"])

    def test_timers_of_a_confidential_case(self):
        case = self._new_case("Confidential case")
        case.aftersales_confidential = True
        timers = self._timers(case)
        readers = self._readers(timers)
        # the assignee, the team leader and the managers
        for login in ("as_res_agent", "as_res_lead", "as_res_manager"):
            self.assertTrue(readers[login], login)
        # not the teammates nor the quality manager, who see the team's ordinary cases
        self.assertFalse(readers["as_timer_teammate"])
        if self.quality:
            self.assertFalse(readers["as_timer_quality"])
        with self.assertRaises(AccessError):
            timers.with_user(self.teammate).read(["ticket_id", "deadline"])

    def test_nobody_but_the_engine_writes_timers(self):
        timers = self._timers(self._new_case("Timers"))
        for user in (self.agent, self.manager):
            with self.assertRaises(AccessError):
                timers.with_user(user).write({"target_hours": 1000})
            with self.assertRaises(AccessError):
                timers.with_user(user).unlink()
        self.assertNotEqual(timers[0].target_hours, 1000)

    def test_escalation_rules_stay_in_their_company(self):
        rule_b = (
            self.env["aftersales.sla.escalation.rule"]
            .with_user(self.manager_b)
            .create({"name": "Shop B: notify me", "trigger": "at_risk", "notify_user_ids": []})
        )
        self.assertEqual(rule_b.company_id, self.company_b)
        Rule = self.env["aftersales.sla.escalation.rule"]
        self.assertNotIn(rule_b, Rule.with_user(self.manager).search([]))
        self.assertIn(rule_b, Rule.with_user(self.manager_b).search([]))
        case = self._new_case("Company A case")
        self.assertFalse(
            Rule.browse(rule_b.id)._matching(False, "ack", 1, case.company_id.id),
            "a rule of Shop B never fires on Shop A's cases",
        )


@tagged("post_install", "-at_install")
class TestPlanEditableFields(AftersalesResolutionCommon):
    """What a plan's state lets users edit, whatever the door."""

    def _submitted(self):
        case = self._new_case("Sofa delivered torn")
        plan = self._new_plan(case, [{"remedy_type": "compensation", "amount": 900.0}])
        plan.with_user(self.agent).action_submit()
        self.assertEqual(plan.state, "to_approve")
        self.assertEqual(plan.approver_id, self.lead_manager)
        return plan

    def test_approver_is_chosen_before_submission_only(self):
        plan = self._submitted()
        accomplice = new_test_user(
            self.env, login="as_res_accomplice", groups="aftersales_flow.group_aftersales_manager"
        )
        for user in (self.agent, self.manager):
            with self.assertRaises(UserError):
                plan.with_user(user).write({"approver_id": accomplice.id})
        self.assertEqual(plan.approver_id, self.lead_manager)
        # resent unchanged by a form: accepted
        plan.with_user(self.agent).write({"approver_id": self.lead_manager.id})
        # in draft the agent chooses
        case = self._new_case("Table scratched")
        draft = self._new_plan(case, [{"remedy_type": "compensation", "amount": 900.0}])
        draft.with_user(self.agent).write({"approver_id": self.manager.id})
        draft.with_user(self.agent).action_submit()
        self.assertEqual(draft.approver_id, self.manager)
        # an approver who may not approve (an agent, the submitter) is not asked
        colleague = new_test_user(
            self.env, login="as_res_approver_agent", groups="aftersales_flow.group_aftersales_user"
        )
        for chosen, submitter in ((colleague, self.agent), (self.manager, self.manager)):
            draft = self._new_plan(
                self._new_case(f"Chair wobbles ({chosen.login})"),
                [{"remedy_type": "compensation", "amount": 900.0}],
            )
            draft.with_user(self.agent).write({"approver_id": chosen.id})
            draft.with_user(submitter).action_submit()
            self.assertEqual(draft.approver_id, self.lead_manager)

    def test_case_of_a_plan_is_fixed_once_submitted(self):
        plan = self._submitted()
        other_case = self._new_case("Another case")
        with self.assertRaises(UserError):
            plan.with_user(self.agent).write({"ticket_id": other_case.id})
        self.assertNotEqual(plan.ticket_id, other_case)

    def test_note_until_proposed_result_once_executing(self):
        plan = self._submitted()
        plan.with_user(self.agent).write({"note": "<p>We will call you first.</p>"})
        with self.assertRaises(UserError):
            plan.with_user(self.agent).write({"result_summary": "All done (not yet)"})
        plan.with_user(self.lead_manager).action_approve()
        plan.with_user(self.agent).action_propose()
        with self.assertRaises(UserError):
            plan.with_user(self.agent).write({"note": "<p>Changed after the customer read it</p>"})
        self._answer(plan, "accepted")
        plan.with_user(self.agent).action_execute()
        plan.with_user(self.agent).write({"result_summary": "Compensation paid."})
        for remedy in plan.remedy_ids:
            remedy.with_user(remedy.owner_id).action_mark_done()
        plan.with_user(self.agent).action_send_result()
        with self.assertRaises(UserError):
            plan.with_user(self.manager).write({"result_summary": "Rewritten after sending"})
        self.assertEqual(plan.result_summary, "Compensation paid.")
        # a new plan cannot arrive with a result
        with self.assertRaises(UserError):
            self.Plan.with_user(self.agent).create(
                {"ticket_id": self._new_case("New").id, "result_summary": "Done already"}
            )


@tagged("post_install", "-at_install")
class TestRemedyGuards(AftersalesResolutionCommon):
    def _executing(self, owner=None):
        case = self._new_case("Kettle lid cracked")
        remedies = [{"remedy_type": "parts", "owner_id": (owner or self.agent).id}]
        if owner:
            remedies.append({"remedy_type": "explanation", "owner_id": self.agent.id})
        plan = self._new_plan(case, remedies)
        plan.with_user(self.agent).action_submit()
        plan.with_user(self.agent).action_propose()
        self._answer(plan, "accepted")
        plan.with_user(self.agent).action_execute()
        return plan

    def test_only_owner_assignee_or_manager_carry_it_out(self):
        colleague = new_test_user(
            self.env, login="as_res_colleague", groups="aftersales_flow.group_aftersales_user"
        )
        self.team.user_ids = [Command.link(colleague.id)]
        owner = new_test_user(
            self.env, login="as_res_owner", groups="aftersales_flow.group_aftersales_user"
        )
        plan = self._executing(owner=owner)
        remedy, explanation = plan.remedy_ids
        self.assertFalse(remedy.with_user(colleague).can_mark_done)
        with self.assertRaises(UserError):
            remedy.with_user(colleague).action_mark_done()
        with self.assertRaises(UserError):
            remedy.with_user(colleague).write({"state": "done"})
        self.assertEqual(remedy.state, "todo")
        # the owner in their own request: nothing read by others is in the cache
        self.env.invalidate_all()
        self.assertTrue(remedy.with_user(owner).can_mark_done)
        remedy.with_user(owner).action_mark_done()
        self.assertEqual(remedy.state, "done")
        self.assertTrue(remedy.done_date)
        # the owner (of another team) does not end the plan while the agent's remedy waits
        self.assertEqual(plan.state, "executing")
        # done stays done, with its date
        for vals in ({"state": "todo"}, {"done_date": False}):
            with self.assertRaises(UserError):
                remedy.with_user(self.agent).write(vals)
        explanation.with_user(self.agent).action_mark_done()
        self.assertEqual(plan.state, "done")

    def test_amounts_and_kind_frozen_outside_drafts(self):
        plan = self._executing()
        for vals in ({"amount": 999.0}, {"remedy_type": "refund"}, {"outside_policy": True}):
            with self.assertRaises(UserError):
                plan.remedy_ids.with_user(self.agent).write(vals)
        with self.assertRaises(UserError):
            self.env["aftersales.remedy"].with_user(self.agent).create(
                {"plan_id": plan.id, "remedy_type": "refund", "amount": 10.0}
            )

    def test_amounts_must_be_real_numbers(self):
        case = self._new_case("Lamp flickers")
        plan = self._new_plan(case, [{"remedy_type": "refund", "amount": 10.0}])
        remedy = plan.remedy_ids.with_user(self.agent)
        for amount in (-1.0, float("nan"), float("inf"), -float("inf"), 1e308, "abc"):
            with self.subTest(amount=amount), self.assertRaises(ValidationError):
                remedy.write({"amount": amount})
            with self.subTest(amount=amount), self.assertRaises(ValidationError):
                self.env["aftersales.remedy"].with_user(self.agent).create(
                    {"plan_id": plan.id, "remedy_type": "refund", "amount": amount}
                )
        self.assertEqual(remedy.amount, 10.0)
        self.assertEqual(len(plan.remedy_ids), 1)

    def test_settings_and_targets_must_be_real_numbers(self):
        policy = self.env["aftersales.sla.policy"].search([], limit=1)
        stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        for value in (float("nan"), float("inf"), 1e308):
            with self.subTest(value=value):
                with self.assertRaises(ValidationError):
                    policy.with_user(self.manager).write({"resolution_hours": value})
                with self.assertRaises(ValidationError):
                    stage.with_user(self.manager).write({"aftersales_max_hours": value})
                with self.assertRaises(ValidationError):
                    self.company.write({"aftersales_approval_amount": value})
                with self.assertRaises(ValidationError):
                    self.company.write({"aftersales_ack_hours": value})
        with self.assertRaises(ValidationError):
            self._new_case("Nul\x00title")
