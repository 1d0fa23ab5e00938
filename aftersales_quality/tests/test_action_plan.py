from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import QualityCommon


@tagged("post_install", "-at_install")
class TestActionPlan(QualityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.env["aftersales.quality.plan"].create(
            {
                "name": "Damaged parcels",
                "problem": "Parcels arrive crushed",
                "category_id": cls.cat_a.id,
                "company_id": cls.company.id,
            }
        )

    def _add_action(self, plan=None, **vals):
        return self.env["aftersales.quality.action"].create(
            {
                "plan_id": (plan or self.plan).id,
                "name": "Stronger boxes",
                "action_type": "corrective",
                "user_id": self.agent.id,
                "date_deadline": fields.Date.today() + timedelta(days=7),
                **vals,
            }
        )

    def test_state_machine_guards(self):
        with self.assertRaises(UserError):
            self.plan.action_plan()  # no action yet
        with self.assertRaises(UserError):
            self.plan.action_start()  # not planned
        action = self._add_action()
        self.plan.action_plan()
        self.assertEqual(self.plan.state, "planned")
        with self.assertRaises(UserError):
            self.plan.action_implement()  # not started
        self.plan.action_start()
        with self.assertRaises(UserError):
            self.plan.action_implement()  # action still open
        with self.assertRaises(UserError):
            self.plan.action_evaluate()
        action.action_done()
        self.assertEqual(action.done_date, fields.Date.context_today(action))
        with self.assertRaises(UserError):
            action.action_done()
        self.plan.action_implement()
        self.assertEqual(self.plan.state, "implemented")
        self.assertTrue(self.plan.implemented_date)
        with self.assertRaises(UserError):
            self.plan.action_close()  # not evaluated
        self.plan.action_cancel()
        with self.assertRaises(UserError):
            self.plan.action_cancel()
        self.plan.action_reset()
        self.assertEqual(self.plan.state, "draft")

    def _implemented(self, days_ago):
        self._add_action(state="done")
        self.plan.action_plan()
        self.plan.action_start()
        self.plan.action_implement()
        self.plan.implemented_date = fields.Datetime.now() - timedelta(days=days_ago)
        return self.plan.implemented_date

    def test_effective_plan(self):
        pivot = self._implemented(30)
        for n in range(9):  # 9 cases in the 30 days before
            self._ticket(pivot - timedelta(days=1 + 3 * n), category_id=self.cat_a.id)
        for n in range(3):  # 3 cases in the 30 days after
            self._ticket(pivot + timedelta(days=1 + 5 * n), category_id=self.cat_a.id)
        self._ticket(pivot + timedelta(days=2), category_id=self.cat_b.id)  # other scope
        self._ticket(pivot - timedelta(days=40), category_id=self.cat_a.id)  # outside window
        self.plan.action_evaluate()
        self.assertEqual(self.plan.state, "evaluated")
        self.assertEqual(self.plan.before_case_count, 9)
        self.assertEqual(self.plan.after_case_count, 3)
        self.assertAlmostEqual(self.plan.before_daily_rate, 0.3)
        self.assertAlmostEqual(self.plan.after_daily_rate, 0.1, places=3)
        self.assertAlmostEqual(self.plan.change_percent, -66.67, places=1)
        self.assertEqual(self.plan.evaluation_result, "effective")
        with self.assertRaises(UserError):
            self.plan.action_reopen()  # effective plans are closed, not reopened
        self.plan.action_close()
        self.assertEqual(self.plan.state, "closed")

    def test_not_effective_plan_is_reopened(self):
        pivot = self._implemented(30)
        for n in range(3):
            self._ticket(pivot - timedelta(days=1 + n), category_id=self.cat_a.id)
            self._ticket(pivot + timedelta(days=1 + n), category_id=self.cat_a.id)
        self.plan.action_evaluate()
        self.assertEqual(self.plan.evaluation_result, "not_effective")
        self.assertEqual(self.plan.change_percent, 0.0)
        self.plan.action_reopen()
        self.assertEqual(self.plan.state, "in_progress")
        self.assertFalse(self.plan.implemented_date)

    def test_evaluation_needs_a_scope(self):
        self._implemented(10)
        self.plan.category_id = False
        with self.assertRaises(UserError):
            self.plan.action_evaluate()

    def test_overdue_reminder_sent_once(self):
        late = self._add_action(date_deadline=fields.Date.today() - timedelta(days=2))
        self._add_action()  # not due yet
        self.plan.action_plan()
        self.plan.action_start()
        Action = self.env["aftersales.quality.action"]

        def reminders():
            return self.env["mail.activity"].search(
                [("res_model", "=", "aftersales.quality.plan"), ("res_id", "=", self.plan.id)]
            )

        with self._no_commit():
            self.assertEqual(Action._cron_remind_overdue(), 1)
            self.assertEqual(Action._cron_remind_overdue(), 0)
        self.assertEqual(len(reminders()), 1)
        self.assertEqual(reminders().user_id, self.agent)
        self.assertTrue(late.reminder_sent)
        self.assertEqual(self.plan.overdue_action_count, 1)
        # a new deadline, missed again, is reminded again
        late.date_deadline = fields.Date.today() - timedelta(days=1)
        with self._no_commit():
            self.assertEqual(Action._cron_remind_overdue(), 1)
        self.assertEqual(len(reminders()), 2)

    def test_agent_updates_own_actions_only(self):
        own = self._add_action()
        other = self._add_action(user_id=self.quality_manager.id)
        agent_env = self.env(user=self.agent, context={"allowed_company_ids": self.company.ids})
        own.with_env(agent_env).action_done()
        self.assertEqual(own.state, "done")
        with self.assertRaises(AccessError):
            other.with_env(agent_env).action_done()
        with self.assertRaises(AccessError):
            self.plan.with_env(agent_env).write({"name": "x"})
