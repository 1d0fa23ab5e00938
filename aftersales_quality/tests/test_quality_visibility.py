import base64
import io
from datetime import date, timedelta

import openpyxl

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import QualityCommon


@tagged("post_install", "-at_install")
class TestQualityVisibility(QualityCommon):
    """Every figure and list of the quality addon counts the cases the viewer may
    read under the case's own record rules: the quality manager ("All tickets")
    not the confidential cases of others, the After-Sales manager all of them,
    nobody the cases of another company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        dt = cls.dt
        # March 2026: the agent's open case (3 working hours) and a confidential one (1 h)
        cls.public = cls._ticket(
            dt(2026, 3, 2, 9),
            dt(2026, 3, 2, 13),
            name="Kettle lid cracked",
            category_id=cls.cat_a.id,
            user_id=cls.agent.id,
        )
        cls.secret = cls._ticket(
            dt(2026, 3, 3, 9),
            dt(2026, 3, 3, 10),
            name="Lawyer letter about the heater",
            category_id=cls.cat_a.id,
            user_id=cls.agent.id,
            aftersales_confidential=True,
        )
        # another company's case of the same category and month
        cls.other_company_case = cls.env["helpdesk.ticket"].create(
            {
                "name": "Other shop's case",
                "description": "generated",
                "category_id": cls.cat_a.id,
                "company_id": cls.env.ref("base.main_company").id,
                "aftersales_received_at": dt(2026, 3, 4, 9),
            }
        )
        cls.march = [("date", ">=", "2026-03-01"), ("date", "<", "2026-04-01")]

    def _kpis(self, user):
        return self.Report.with_env(self._as(user))._get_kpis(self.march)

    # ------------------------------------------------------------ case analysis

    def test_kpi_report_rows_follow_the_case_rules(self):
        Report = self.Report.with_env(self._as(self.quality_manager))
        self.assertEqual(Report.search(self.march).ticket_id, self.public)
        self.assertEqual(self._kpis(self.quality_manager)["cases"], 1)
        self.assertAlmostEqual(self._kpis(self.quality_manager)["resolution_hours"], 3.0)
        # the pivot (read_group) of the Case Analysis
        groups = Report.formatted_read_group(self.march, ["category_id"], ["case_count:sum"])
        self.assertEqual([g["case_count:sum"] for g in groups], [1])
        # the confidential row cannot be read by its id either: it does not exist for them
        self.assertEqual(Report.browse(self.secret.id).read(["case_count", "ticket_id"]), [])

        # the After-Sales manager reads every case of the company
        manager_report = self.Report.with_env(self._as(self.manager))
        self.assertEqual(manager_report.search(self.march).ticket_id, self.public | self.secret)
        self.assertEqual(self._kpis(self.manager)["cases"], 2)
        self.assertAlmostEqual(self._kpis(self.manager)["resolution_hours"], 2.0)

    def test_assignee_of_a_confidential_case_counts_it(self):
        self.secret.user_id = self.quality_manager
        self.env.flush_all()
        self.assertEqual(self._kpis(self.quality_manager)["cases"], 2)

    def test_agent_has_no_case_analysis(self):
        with self.assertRaises(AccessError):
            self.Report.with_env(self._as(self.agent)).search([])

    # ------------------------------------------------------------ dashboard

    def test_dashboard_counts_readable_cases(self):
        praise = self._ticket(
            self.dt(2026, 3, 5, 9), aftersales_case_kind="praise", name="Thank you"
        )
        self._ticket(
            self.dt(2026, 3, 5, 9),
            aftersales_case_kind="praise",
            name="Secret praise",
            aftersales_confidential=True,
        )

        def board(user):
            with Form(self.env["aftersales.quality.dashboard"].with_env(self._as(user))) as form:
                form.date_from = date(2026, 3, 1)
                form.date_to = date(2026, 3, 31)
            return form.record

        self.assertEqual(board(self.quality_manager).case_count, 2)  # the case and the praise
        self.assertEqual(board(self.quality_manager).feedback_count, 1)
        self.assertEqual(board(self.manager).case_count, 4)
        self.assertEqual(board(self.manager).feedback_count, 2)
        # the feedback list behind the count
        Ticket = self.env["helpdesk.ticket"].with_env(self._as(self.quality_manager))
        self.assertEqual(
            Ticket.search([("aftersales_quality_feedback_state", "=", "to_review")]), praise
        )

    # ------------------------------------------------------------ workbook

    def _export(self, user):
        wizard = (
            self.env["aftersales.quality.xlsx.wizard"]
            .with_env(self._as(user))
            .create({"date_from": "2026-03-01", "date_to": "2026-03-31"})
        )
        wizard.action_export()
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))

    def test_workbook_lists_and_counts_readable_cases(self):
        book = self._export(self.quality_manager)
        titles = [row[1] for row in book["Cases"].iter_rows(min_row=2, values_only=True)]
        self.assertEqual(titles, ["Kettle lid cracked"])
        summary = {
            row[0]: row[1]
            for row in book["Summary"].iter_rows(min_row=6, max_col=2, values_only=True)
        }
        self.assertEqual(summary["Cases"], 1)
        self.assertEqual(summary["Damaged goods"], 1)

        book = self._export(self.manager)
        titles = [row[1] for row in book["Cases"].iter_rows(min_row=2, values_only=True)]
        self.assertEqual(titles, ["Kettle lid cracked", "Lawyer letter about the heater"])

    def test_mailed_workbook_leaves_confidential_cases_out(self):
        """The scheduled report goes to partners who may not read confidential
        cases: built by the cron (superuser), it leaves them out all the same."""
        recipient = self.env["res.partner"].create({"name": "Board", "email": "board@example.com"})
        self.company.write(
            {
                "aftersales_quality_report_frequency": "monthly",
                "aftersales_quality_report_partner_ids": [Command.set(recipient.ids)],
                "email": "quality@example.com",
            }
        )
        with self._no_commit():
            self.env["aftersales.quality.xlsx"]._cron_send_management_report(today=date(2026, 4, 3))
        mail = self.env["mail.mail"].search([("recipient_ids", "in", recipient.ids)])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(mail.attachment_ids.datas)))
        titles = [row[1] for row in book["Cases"].iter_rows(min_row=2, values_only=True)]
        self.assertEqual(titles, ["Kettle lid cracked"])
        summary = {
            row[0]: row[1]
            for row in book["Summary"].iter_rows(min_row=6, max_col=2, values_only=True)
        }
        self.assertEqual(summary["Cases"], 1)

    # ------------------------------------------------------------ staff review, plans

    def test_staff_review_counts_readable_cases(self):
        def review(user):
            return (
                self.env["aftersales.quality.staff.review"]
                .with_env(self._as(user))
                .create(
                    {
                        "user_id": self.agent.id,
                        "company_id": self.company.id,
                        "date_from": "2026-03-01",
                        "date_to": "2026-03-31",
                    }
                )
            )

        by_quality = review(self.quality_manager)
        self.assertEqual(by_quality.case_count, 1)
        self.assertAlmostEqual(by_quality.resolution_hours, 3.0)
        self.assertEqual(
            by_quality.action_open_cases()["res_model"], "aftersales.quality.kpi.report"
        )
        by_manager = review(self.manager)
        self.assertEqual(by_manager.case_count, 2)
        self.assertAlmostEqual(by_manager.resolution_hours, 2.0)

    def _implemented_plan(self, user):
        env = self._as(user)
        plan = (
            self.env["aftersales.quality.plan"]
            .with_env(env)
            .create(
                {
                    "name": "Stronger lids",
                    "problem": "Lids crack",
                    "category_id": self.cat_a.id,
                    "company_id": self.company.id,
                    "action_ids": [
                        Command.create(
                            {
                                "name": "Change supplier",
                                "user_id": self.agent.id,
                                "date_deadline": fields.Date.today(),
                            }
                        )
                    ],
                }
            )
        )
        plan.action_plan()
        plan.action_start()
        plan.action_ids.action_done()
        plan.action_implement()
        return plan

    def test_plan_evaluation_never_counts_confidential_cases(self):
        """The figures are stored on the plan, read by the quality manager and
        agents: whoever evaluates, confidential cases stay out."""
        for user in (self.quality_manager, self.manager):
            with self.subTest(user=user.login):
                plan = self._implemented_plan(user)
                # implemented on 1 April: the March cases are in the 30 days before
                plan.sudo().implemented_date = self.dt(2026, 4, 1)
                plan.action_evaluate()
                self.assertEqual(plan.before_case_count, 1)
                self.assertAlmostEqual(plan.before_resolution_hours, 3.0)

    def test_plan_and_issue_cases_follow_the_case_rules(self):
        plan = self.env["aftersales.quality.plan"].create(
            {
                "name": "Heaters",
                "problem": "Heaters leak",
                "company_id": self.company.id,
                "ticket_ids": [Command.set((self.public | self.secret).ids)],
            }
        )
        # read in a new request, as the web client does (no value cached as superuser)
        self.env.invalidate_all()
        self.assertEqual(plan.with_env(self._as(self.quality_manager)).ticket_ids, self.public)
        self.env.invalidate_all()
        self.assertEqual(
            plan.with_env(self._as(self.manager)).ticket_ids, self.public | self.secret
        )
        # an agent reads the plan and only their own cases (not a member of the team)
        other = self._ticket(self.dt(2026, 3, 6, 9), name="Another agent's case")
        plan.ticket_ids |= other
        self.env.invalidate_all()
        self.assertEqual(plan.with_env(self._as(self.agent)).ticket_ids, self.public | self.secret)
        self.env.invalidate_all()
        self.assertEqual(
            plan.with_env(self._as(self.quality_manager)).ticket_ids, self.public | other
        )

    # ------------------------------------------------------------ problem identification

    def test_problem_identification_leaves_confidential_cases_out(self):
        now = fields.Datetime.now()
        self.company.write(
            {"aftersales_quality_min_cases": 5, "aftersales_quality_threshold_percent": 50}
        )
        visible = self.env["helpdesk.ticket"]
        for n in range(5):
            visible |= self._ticket(now - timedelta(days=1, hours=n), category_id=self.cat_b.id)
        for n in range(3):
            self._ticket(
                now - timedelta(days=2, hours=n),
                category_id=self.cat_b.id,
                aftersales_confidential=True,
            )
        Issue = self.env["aftersales.quality.issue"]
        with self._no_commit():
            Issue._cron_identify_problems(now=now)
        issue = Issue.search(
            [("company_id", "=", self.company.id), ("category_id", "=", self.cat_b.id)]
        )
        self.assertEqual(issue.case_count, 5)
        self.assertEqual(issue.ticket_ids, visible)
        self.assertIn(": 5 cases", issue.name)

    def test_problem_identification_ignores_a_confidential_spike(self):
        now = fields.Datetime.now()
        self.company.write(
            {"aftersales_quality_min_cases": 5, "aftersales_quality_threshold_percent": 50}
        )
        for n in range(3):
            self._ticket(now - timedelta(days=1, hours=n), category_id=self.cat_b.id)
        for n in range(4):
            self._ticket(
                now - timedelta(days=2, hours=n),
                category_id=self.cat_b.id,
                aftersales_confidential=True,
            )
        Issue = self.env["aftersales.quality.issue"]
        with self._no_commit():
            Issue._cron_identify_problems(now=now)
        self.assertFalse(
            Issue.search(
                [("company_id", "=", self.company.id), ("category_id", "=", self.cat_b.id)]
            )
        )
