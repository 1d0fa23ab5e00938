import io
from datetime import timedelta

import openpyxl

from odoo import Command, fields
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.aftersales_returns.tests.common import AftersalesReturnCommon


@tagged("post_install", "-at_install")
class TestQualityReturns(AftersalesReturnCommon):
    """Four cases and four return authorizations whose figures are worked out
    by hand: t1 has two received and inspected returns (2 kettles damaged,
    3 mugs resellable), t2 an approved return not yet received and a carrier
    claim, t3 only a draft return (not a return), t4 none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Returns Quality Team", "company_id": cls.company.id}
        )
        cls.t1, cls.t2, cls.t3, cls.t4 = cls.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Return case {index}",
                    "description": "generated",
                    "team_id": cls.team.id,
                    "partner_id": cls.customer.id,
                    "company_id": cls.company.id,
                }
                for index in range(1, 5)
            ]
        )
        cls.carrier = cls.env["res.partner"].create({"name": "Swift Parcels"})
        cls.env["aftersales.carrier.claim"].create(
            {"carrier_id": cls.carrier.id, "ticket_id": cls.t2.id, "claim_type": "damaged"}
        )
        cls.domain = [("team_id", "=", cls.team.id)]
        cls.Report = cls.env["aftersales.quality.kpi.report"]
        cls.Inspection = cls.env["aftersales.quality.inspection.report"]

    def _return(self, ticket, sale_line, qty, grade=None, state="approved"):
        ra = self._new_return([(sale_line, qty, {})], ticket_id=ticket.id)
        if state == "draft":
            return ra
        ra.action_submit()
        self.assertEqual(ra.state, "approved")
        if grade:
            self._receive(ra)
            ra.line_ids.condition_grade = grade
        return ra

    def _period(self):
        """Days around today: the cases are created now, in UTC."""
        today = fields.Date.today()
        return today - timedelta(days=1), today + timedelta(days=1)

    def _returns(self):
        self._return(self.t1, self.kettle_line, 2, grade="damaged")
        self._return(self.t1, self.mug_line, 3, grade="resellable")
        self._return(self.t2, self.mug_line, 1)
        self._return(self.t3, self.kettle_line, 1, state="draft")
        self.env.flush_all()

    def test_return_rate_and_inspection_outcomes(self):
        self._returns()
        kpis = self.Report._get_kpis(self.domain)
        self.assertEqual(kpis["cases"], 4)
        self.assertEqual(kpis["returns"], 3)  # the draft is not a return
        self.assertEqual(kpis["returned_cases"], 2)  # t1 and t2
        self.assertAlmostEqual(kpis["return_rate"], 50.0)  # 2 of 4 cases
        self.assertEqual(kpis["damaged_qty"], 2.0)
        self.assertEqual(kpis["resellable_qty"], 3.0)
        self.assertEqual(kpis["defective_qty"], 0.0)
        self.assertEqual(kpis["missing_parts_qty"], 0.0)
        # one row per case, whatever the number of returns and lines
        self.assertEqual(self.Report.search_count(self.domain), 4)
        per_case = {
            row.ticket_id: (row.return_count, row.returned_count)
            for row in self.Report.search(self.domain)
        }
        self.assertEqual(per_case[self.t1], (2, 1))
        self.assertEqual(per_case[self.t3], (0, 0))

    def test_cancelled_return_leaves_the_rate(self):
        ra = self._return(self.t4, self.mug_line, 1)
        self.env.flush_all()
        self.assertAlmostEqual(self.Report._get_kpis(self.domain)["return_rate"], 25.0)
        ra.action_cancel()
        self.env.flush_all()
        kpis = self.Report._get_kpis(self.domain)
        self.assertEqual(kpis["returns"], 0)
        self.assertAlmostEqual(kpis["return_rate"], 0.0)

    def test_carrier_dimension(self):
        by_carrier = dict(self.Report._read_group(self.domain, ["carrier_id"], ["case_count:sum"]))
        self.assertEqual(by_carrier, {self.carrier: 1, self.env["res.partner"]: 3})

    def test_inspection_analysis(self):
        self._returns()
        domain = [("ticket_id.team_id", "=", self.team.id)]
        by_grade = dict(self.Inspection._read_group(domain, ["condition_grade"], ["quantity:sum"]))
        # only inspected lines: the approved and the draft return have none
        self.assertEqual(by_grade, {"damaged": 2.0, "resellable": 3.0})
        [[lines, rate]] = self.Inspection._read_group(
            domain, aggregates=["line_count:sum", "resellable_rate:avg"]
        )
        self.assertEqual(lines, 2)
        self.assertAlmostEqual(rate, 50.0)
        by_product = dict(self.Inspection._read_group(domain, ["product_id"], ["quantity:sum"]))
        self.assertEqual(by_product, {self.kettle: 2.0, self.mug: 3.0})

    def test_dashboard(self):
        self._returns()
        first, last = self._period()
        with Form(self.env["aftersales.quality.dashboard"]) as form:
            form.date_from = first
            form.date_to = last
            form.team_ids.add(self.team)
        board = form.record
        self.assertEqual(board.case_count, 4)
        self.assertEqual(board.return_count, 3)
        self.assertAlmostEqual(board.return_rate, 50.0)
        self.assertEqual(board.damaged_qty, 2.0)
        self.assertEqual(board.resellable_qty, 3.0)
        self.assertEqual(board.defective_qty, 0.0)
        action = board.action_open_inspections()
        self.assertEqual(action["res_model"], "aftersales.quality.inspection.report")
        self.assertEqual(self.Inspection.search_count(action["domain"]), 2)
        # a period before the cases: nothing
        board.write({"date_from": first - timedelta(days=5), "date_to": first - timedelta(days=3)})
        self.assertEqual(board.return_count, 0)
        self.assertEqual(self.Inspection.search_count(board.action_open_inspections()["domain"]), 0)

    def test_xlsx_summary(self):
        self._returns()
        data = self.env["aftersales.quality.xlsx"]._build(*self._period(), teams=self.team)
        book = openpyxl.load_workbook(io.BytesIO(data))
        values = {
            row[0]: row[1]
            for row in book["Summary"].iter_rows(min_row=6, max_col=2, values_only=True)
        }
        self.assertEqual(values["Cases"], 4)
        self.assertEqual(values["Return authorizations"], 3)
        self.assertEqual(values["Cases with a return"], 2)
        self.assertEqual(values["Return rate (%)"], 50.0)
        self.assertEqual(values["Inspected damaged (qty)"], 2.0)
        self.assertEqual(values["Inspected resellable (qty)"], 3.0)
        self.assertEqual(values["Inspected missing parts (qty)"], 0.0)

    def test_quality_manager_reads_the_analyses(self):
        self._returns()
        user = self.env["res.users"].create(
            {
                "name": "Returns quality manager",
                "login": "qr_quality",
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
                "group_ids": [
                    Command.link(self.env.ref("aftersales_quality.group_quality_manager").id)
                ],
            }
        )
        domain = [("ticket_id.team_id", "=", self.team.id)]
        self.assertEqual(self.Inspection.with_user(user).search_count(domain), 2)
        self.assertEqual(self.Report.with_user(user)._get_kpis(self.domain)["returns"], 3)
        first, last = self._period()
        data = (
            self.env["aftersales.quality.xlsx"].with_user(user)._build(first, last, teams=self.team)
        )
        self.assertTrue(data.startswith(b"PK"))

    def test_confidential_cases_and_returns_stay_out(self):
        """The quality manager counts neither a confidential case nor a confidential
        return of an ordinary case; the After-Sales manager counts both."""
        self._returns()
        self.t1.aftersales_confidential = True  # its two inspected returns follow it
        t2_return = self.env["aftersales.return"].search([("ticket_id", "=", self.t2.id)])
        t2_return.confidential = True
        self.env.flush_all()
        quality = new_test_user(
            self.env,
            login="qr_quality_conf",
            groups="aftersales_quality.group_quality_manager",
            company_id=self.company.id,
        )
        manager = new_test_user(
            self.env,
            login="qr_manager_conf",
            groups="aftersales_flow.group_aftersales_manager",
            company_id=self.company.id,
        )
        inspected = [("ticket_id.team_id", "=", self.team.id)]

        kpis = self.Report.with_user(quality)._get_kpis(self.domain)
        self.assertEqual(kpis["cases"], 3)  # t2, t3, t4
        self.assertEqual(kpis["returns"], 0)
        self.assertEqual(kpis["returned_cases"], 0)
        self.assertEqual(kpis["damaged_qty"], 0.0)
        self.assertEqual(self.Inspection.with_user(quality).search_count(inspected), 0)
        self.assertEqual(self.Inspection.with_user(quality).search_count([]), 0)

        kpis = self.Report.with_user(manager)._get_kpis(self.domain)
        self.assertEqual(kpis["cases"], 4)
        self.assertEqual(kpis["returns"], 3)
        self.assertEqual(kpis["damaged_qty"], 2.0)
        self.assertEqual(self.Inspection.with_user(manager).search_count(inspected), 2)

        # the mailed workbook (built by the cron) leaves both out
        data = (
            self.env["aftersales.quality.xlsx"]
            .with_context(quality_exclude_confidential=True)
            ._build(*self._period(), teams=self.team)
        )
        values = {
            row[0]: row[1]
            for row in openpyxl.load_workbook(io.BytesIO(data))["Summary"].iter_rows(
                min_row=6, max_col=2, values_only=True
            )
        }
        self.assertEqual(values["Cases"], 3)
        self.assertEqual(values["Return authorizations"], 0)
