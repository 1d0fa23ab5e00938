from datetime import timedelta
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.sql_db import Cursor
from odoo.tests import tagged
from odoo.tools import SQL

from .common import QualityCommon


@tagged("post_install", "-at_install")
class TestProblemIdentification(QualityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._weekly_identification()
        # category A: 2 cases in each of the 4 previous weeks, 6 this week
        # (average 2, limit 3: crossing); category B: steady 3 a week
        for week in range(1, 5):
            for n in range(2):
                cls._ticket(cls._at(week, n), category_id=cls.cat_a.id)
            for n in range(3):
                cls._ticket(cls._at(week, n), category_id=cls.cat_b.id)
        cls.current = cls.env["helpdesk.ticket"]
        for n in range(6):
            cls.current |= cls._ticket(cls._at(0, n), category_id=cls.cat_a.id)
        for n in range(3):
            cls._ticket(cls._at(0, n), category_id=cls.cat_b.id)
        cls.Issue = cls.env["aftersales.quality.issue"]

    @classmethod
    def _at(cls, week, n):
        return cls.now - timedelta(days=7 * week + 1, hours=n)

    def _run(self):
        with self._no_commit():
            self.Issue._cron_identify_problems(now=self.now)
        return self.Issue.search([("company_id", "=", self.company.id)])

    def test_threshold_crossing_proposes_one_issue(self):
        issues = self._run()
        self.assertEqual(len(issues), 1)
        self.assertEqual(issues.category_id, self.cat_a)
        self.assertEqual(issues.state, "proposed")
        self.assertEqual(issues.case_count, 6)
        self.assertEqual(issues.reference_average, 2.0)
        self.assertEqual(issues.increase_percent, 200.0)
        self.assertEqual(issues.trend, "2 → 2 → 2 → 2 → 6")
        self.assertEqual(issues.ticket_ids, self.current)

    def test_one_query_per_scope_over_the_cases(self):
        """The KPIs of the rules of one scope (and period) are read from the cases in
        one query, whatever the number of rules: the same issue as rule by rule."""
        rules = self.env["aftersales.quality.monitor.rule"].search([])
        groups = {(rule.scope, *rule._settings(self.company)[:2]) for rule in rules}
        self.assertLess(len(groups), len(rules))
        queries = []
        execute = Cursor.execute

        def spy(cr, query, params=None, log_exceptions=True):
            text = query.code if isinstance(query, SQL) else str(query)
            if "aftersales_quality_kpi_report" in text and "GROUP BY 1, 2" in text:
                queries.append(text)
            return execute(cr, query, params, log_exceptions)

        with patch.object(Cursor, "execute", spy):
            vals_list = self.Issue._identify_problem_vals(self.now, companies=self.company)
        self.assertEqual(len(queries), len(groups))
        self.assertEqual(len(vals_list), 1)
        self.assertEqual(vals_list[0]["category_id"], self.cat_a.id)
        self.assertEqual(vals_list[0]["ticket_ids"], [Command.set(self.current.ids)])

    def test_product_rise_proposes_a_product_issue(self):
        kettle = self.env["product.product"].create({"name": "Problem kettle"})
        # never complained about before, 5 cases this week (the minimum): a new problem
        cases = self.env["helpdesk.ticket"]
        for n in range(5):
            cases |= self._ticket(self._at(0, n), aftersales_product_id=kettle.id)
        issues = self._run()
        self.assertEqual(sorted(issues.mapped("scope")), ["category", "product"])
        issue = issues.filtered(lambda i: i.scope == "product")
        self.assertEqual(issue.product_id, kettle)
        self.assertFalse(issue.category_id)
        self.assertEqual(issue.case_count, 5)
        self.assertEqual(issue.reference_average, 0.0)
        self.assertEqual(issue.trend, "0 → 0 → 0 → 0 → 5")
        self.assertEqual(issue.ticket_ids, cases)
        self.assertIn("Problem kettle", issue.name)
        # one open issue per product: the next run proposes nothing new
        self.assertEqual(self._run(), issues)

    def test_plan_of_a_product_issue_is_measured_on_the_product(self):
        kettle = self.env["product.product"].create({"name": "Problem kettle"})
        for n in range(5):
            self._ticket(self._at(0, n), aftersales_product_id=kettle.id)
        issue = self._run().filtered(lambda i: i.scope == "product")
        plan = self.env["aftersales.quality.plan"].browse(issue.action_accept()["res_id"])
        self.assertFalse(plan.category_id)
        plan.implemented_date = self.now - timedelta(days=3)
        figures = plan._compute_evaluation()
        # the five kettle cases, not the six of the rising category (cases of no product)
        self.assertEqual(figures["after_case_count"], 5)
        self.assertEqual(figures["before_case_count"], 0)

    def test_never_two_proposals_for_an_open_problem(self):
        first = self._run()
        self.assertEqual(self._run(), first)
        first.action_accept()
        self.assertEqual(self._run(), first)

    def test_dismissed_problem_may_be_proposed_again(self):
        issue = self._run()
        with self.assertRaises(UserError):
            issue.action_dismiss()  # no reason
        issue.dismiss_reason = "Known supplier batch, already handled"
        issue.action_dismiss()
        self.assertEqual(issue.state, "dismissed")
        self.assertEqual(len(self._run()), 2)

    def test_threshold_setting(self):
        self.company.aftersales_quality_threshold_percent = 250  # limit 7 > 6 cases
        self.assertFalse(self._run())
        self.company.write(
            {"aftersales_quality_threshold_percent": 50, "aftersales_quality_min_cases": 7}
        )
        self.assertFalse(self._run())

    def test_accept_creates_plan_with_evidence(self):
        issue = self._run()
        action = issue.action_accept()
        plan = self.env["aftersales.quality.plan"].browse(action["res_id"])
        self.assertEqual(issue.state, "accepted")
        self.assertEqual(issue.plan_id, plan)
        self.assertEqual(plan.category_id, self.cat_a)
        self.assertEqual(plan.ticket_ids, self.current)
        self.assertIn("6", plan.problem)
        with self.assertRaises(UserError):
            issue.action_accept()
