import base64
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import QualityCommon


@tagged("post_install", "-at_install")
class TestQualityRoles(QualityCommon):
    """The README's quality work, end to end, each step as the role that does it
    and with exactly that role's groups."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.company.write(
            {"aftersales_quality_min_cases": 5, "aftersales_quality_threshold_percent": 50}
        )
        # damaged goods triple this week
        for week in range(1, 5):
            cls._ticket(now - timedelta(days=7 * week + 1), category_id=cls.cat_a.id)
            cls._ticket(now - timedelta(days=7 * week + 2), category_id=cls.cat_a.id)
        cls.spike = cls.env["helpdesk.ticket"]
        for n in range(6):
            cls.spike |= cls._ticket(
                now - timedelta(days=1, hours=n), category_id=cls.cat_a.id, user_id=cls.agent.id
            )
        cls.praise = cls._ticket(
            now - timedelta(days=2), aftersales_case_kind="praise", name="Kind words"
        )
        cls.idea = cls._ticket(
            now - timedelta(days=2),
            aftersales_case_kind="suggestion",
            name="Gift wrap",
            category_id=cls.cat_b.id,
        )

    def _views(self, env, model, *types):
        return env[model].get_views([(False, view_type) for view_type in types])

    def _flow(self, user):
        """Dashboard, analysis, workbook, feedback triage and a proposed issue
        taken through plan, actions, implementation, evaluation and closing."""
        env = self._as(user)
        # the dashboard and what it opens
        self._views(env, "aftersales.quality.dashboard", "form")
        with Form(env["aftersales.quality.dashboard"]) as form:
            form.date_from = fields.Date.today() - timedelta(days=7)
            form.date_to = fields.Date.today()
        board = form.record
        self.assertEqual(board.case_count, 8)  # the spike and the two feedback cases
        self.assertEqual(board.feedback_count, 2)
        for method in (
            "action_open_analysis",
            "action_open_issues",
            "action_open_plans",
            "action_open_overdue_actions",
            "action_open_feedback",
        ):
            self.assertEqual(getattr(board, method)()["type"], "ir.actions.act_window", method)
        # the Case Analysis: views and the pivot's grouping
        analysis = board.action_open_analysis()
        self._views(env, "aftersales.quality.kpi.report", "pivot", "graph", "list", "search")
        groups = env["aftersales.quality.kpi.report"].formatted_read_group(
            analysis["domain"], ["category_id"], ["case_count:sum", "resolution_hours:avg"]
        )
        by_category = {
            g["category_id"][0] if g["category_id"] else False: g["case_count:sum"] for g in groups
        }
        self.assertEqual(by_category[self.cat_a.id], 6)
        # the workbook
        wizard = env["aftersales.quality.xlsx.wizard"].create(
            {"date_from": date.today() - timedelta(days=7), "date_to": date.today()}
        )
        self.assertEqual(wizard.action_export()["type"], "ir.actions.act_url")
        self.assertTrue(base64.b64decode(wizard.file_data).startswith(b"PK"))
        # feedback triage
        praise = self.praise.with_env(env)
        praise.aftersales_quality_dismiss_reason = "Thanked the customer"
        self.assertIs(praise.action_quality_dismiss(), True)
        plan_action = self.idea.with_env(env).action_quality_create_plan()
        self.assertEqual(self.idea.aftersales_quality_feedback_state, "planned")
        self.assertEqual(plan_action["res_model"], "aftersales.quality.plan")
        # the weekly analysis (the cron, as OdooBot) proposes the issue
        with self._no_commit():
            self.env["aftersales.quality.issue"]._cron_identify_problems()
        issue = env["aftersales.quality.issue"].search(
            [("state", "=", "proposed"), ("category_id", "=", self.cat_a.id)]
        )
        self.assertEqual(issue.case_count, 6)
        self._views(env, "aftersales.quality.issue", "list", "form", "search")
        self.assertEqual(issue.action_open_cases()["res_model"], "helpdesk.ticket")
        plan = env["aftersales.quality.plan"].browse(issue.action_accept()["res_id"])
        self.assertEqual(issue.state, "accepted")
        self._views(env, "aftersales.quality.plan", "list", "kanban", "form", "search")
        with Form(plan) as plan_form:
            plan_form.root_cause = "Thin cardboard"
            with plan_form.action_ids.new() as line:
                line.name = "Double-wall boxes"
                line.user_id = self.agent
                line.date_deadline = fields.Date.today() + timedelta(days=7)
        self.assertIs(plan.action_plan(), True)
        self.assertIs(plan.action_start(), True)
        # the owner does their action
        agent_action = plan.action_ids.with_env(self._as(self.agent))
        self.assertIs(agent_action.action_start(), True)
        self.assertIs(agent_action.action_done(), True)
        self.assertIs(plan.action_implement(), True)
        # measured once its 30-day window after the implementation has passed
        with freeze_time(plan.implemented_date + timedelta(days=30, minutes=1)):
            self.assertIs(plan.action_evaluate(), True)
        self.assertEqual(plan.state, "evaluated")
        self.assertFalse(plan.evaluation_provisional)
        # the category's cases of the 30 days before the implementation (now)
        before = self.env["helpdesk.ticket"].search_count(
            [
                ("category_id", "=", self.cat_a.id),
                ("aftersales_received_at", ">=", plan.implemented_date - timedelta(days=30)),
            ]
        )
        self.assertEqual(plan.before_case_count, before)
        self.assertGreaterEqual(before, 6)
        self.assertIs(plan.action_close(), True)
        self.assertEqual(plan.state, "closed")
        # staff performance
        review = env["aftersales.quality.staff.review"].create(
            {
                "user_id": self.agent.id,
                "company_id": self.company.id,
                "date_from": date.today() - timedelta(days=7),
                "date_to": date.today(),
            }
        )
        self.assertEqual(review.case_count, 6)
        return plan

    def test_quality_manager_does_the_quality_work(self):
        self._flow(self.quality_manager)

    def test_manager_does_it_all(self):
        self._flow(self.manager)

    def test_agent_updates_only_their_own_actions(self):
        env = self._as(self.agent)
        plan = self.env["aftersales.quality.plan"].create(
            {
                "name": "Boxes",
                "problem": "Crushed",
                "category_id": self.cat_a.id,
                "company_id": self.company.id,
                "action_ids": [
                    Command.create(
                        {"name": "Mine", "user_id": self.agent.id, "date_deadline": date.today()}
                    ),
                    Command.create(
                        {
                            "name": "Not mine",
                            "user_id": self.quality_manager.id,
                            "date_deadline": date.today(),
                        }
                    ),
                ],
            }
        )
        plan.action_plan()
        mine, other = plan.action_ids.sorted("id")
        # the agent reads the plan (its form loads) and its actions
        Form(plan.with_env(env))
        self.assertEqual(plan.with_env(env).action_ids, mine | other)
        self.assertIs(mine.with_env(env).action_start(), True)
        self.assertIs(mine.with_env(env).action_done(), True)
        with self.assertRaises(AccessError):
            other.with_env(env).action_done()
        with self.assertRaises(AccessError):
            plan.with_env(env).action_start()
        with self.assertRaises(AccessError):
            plan.with_env(env).write({"root_cause": "x"})
        # and nothing else of the quality work
        for model in (
            "aftersales.quality.dashboard",
            "aftersales.quality.xlsx.wizard",
            "aftersales.quality.kpi.report",
            "aftersales.quality.staff.review",
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                env[model].search([])
        with self.assertRaises(AccessError):
            self.praise.with_env(env).action_quality_dismiss()
        with self.assertRaises(AccessError):
            env["aftersales.quality.issue"].create({"name": "Mine"})
        self.assertEqual(other.state, "todo")
        self.assertEqual(self.praise.aftersales_quality_feedback_state, "to_review")
