import base64
import io
from datetime import date, datetime

import openpyxl

from odoo import Command
from odoo.tests import Form, tagged
from odoo.tools import SQL

from .common import QualityCommon


@tagged("post_install", "-at_install")
class TestQualityXlsx(QualityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        dt = cls.dt
        first = cls._ticket(
            dt(2026, 3, 2, 9), dt(2026, 3, 2, 10), name="=SUM(A1)", category_id=cls.cat_a.id
        )
        second = cls._ticket(dt(2026, 3, 3, 9), dt(2026, 3, 3, 12), category_id=cls.cat_a.id)
        # Tue 09:00 -> 09:30 acknowledged (0.5 h), -> 11:00 first answer (2 h)
        second.write(
            {
                "aftersales_received_at": dt(2026, 3, 3, 9),
                "aftersales_ack_date": dt(2026, 3, 3, 9, 30),
                "aftersales_first_response_date": dt(2026, 3, 3, 11),
                "aftersales_responsibility": "carrier",
                "aftersales_repeat_of_id": first.id,
            }
        )
        cls.env.flush_all()
        # the SLA summary as the timers would leave it
        cls.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET aftersales_sla_status = 'breached' WHERE id = %s",
                second.id,
            )
        )
        cls._ticket(dt(2026, 3, 4, 9), category_id=cls.cat_b.id, aftersales_case_kind="complaint")
        cls._ticket(dt(2026, 5, 4, 9), category_id=cls.cat_b.id)  # outside the period
        cls.plan = cls.env["aftersales.quality.plan"].create(
            {"name": "Packaging", "problem": "Crushed", "company_id": cls.company.id}
        )
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id]))

    def _workbook(self, data):
        return openpyxl.load_workbook(io.BytesIO(data))

    def test_export_wizard(self):
        with Form(self.env["aftersales.quality.xlsx.wizard"]) as form:
            form.date_from = date(2026, 3, 1)
            form.date_to = date(2026, 3, 31)
            form.team_ids.add(self.team)
        wizard = form.record
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertTrue(wizard.file_name.endswith(".xlsx"))
        book = self._workbook(base64.b64decode(wizard.file_data))
        # the quality sheets first; other addons add theirs after (_write_sheets)
        self.assertEqual(book.sheetnames[:3], ["Summary", "Cases", "Action Plans"])

        cases = book["Cases"]
        header = [c.value for c in cases[1]]
        self.assertEqual(header[:4], ["Number", "Title", "Received", "Closed"])
        self.assertEqual(cases.freeze_panes, "A2")
        rows = list(cases.iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(rows), 3)
        self.assertEqual(rows[0][1], "=SUM(A1)")  # text stays text, never a formula
        # dates are written as Excel serial numbers with a date format
        self.assertEqual(rows[0][2], datetime(2026, 3, 2, 9))
        self.assertEqual(rows[0][3], datetime(2026, 3, 2, 10))
        self.assertIsNone(rows[2][3])  # still open
        self.assertEqual(
            sorted(r[5] for r in rows), ["Damaged goods", "Damaged goods", "Late delivery"]
        )
        self.assertEqual(rows[1][11], 3.0)  # working hours
        self.assertEqual(rows[2][4], "Complaint")
        # the service measures of each case, after the rating column
        self.assertEqual(
            header[14:],
            [
                "Acknowledgement (working h)",
                "First Response (working h)",
                "SLA Status",
                "Responsibility",
                "Repeat Complaint",
            ],
        )
        self.assertEqual(rows[1][14:], (0.5, 2.0, "Breached", "Carrier", "Yes"))
        # not acknowledged nor answered: blank cells, not 0; no responsibility, no repeat
        self.assertEqual(rows[0][14:16], (None, None))
        self.assertEqual(rows[0][17:], (None, None))

        summary = book["Summary"]
        values = {
            row[0]: row[1] for row in summary.iter_rows(min_row=6, max_col=2, values_only=True)
        }
        self.assertEqual(values["Cases"], 3)
        self.assertEqual(values["Closed cases"], 2)
        self.assertEqual(values["Resolution time (working hours, avg)"], 2.0)
        # the service measures of the KPI report are all on the summary
        for label in (
            "Acknowledgement time (working hours, avg)",
            "First response time (working hours, avg)",
            "SLA met cases",
            "SLA breached cases",
            "SLA compliance (%)",
            "Repeat complaints",
            "Repeat complaint rate (%)",
        ):
            self.assertIn(label, values)
        self.assertEqual(values["Repeat complaints"], 1)  # the second case
        self.assertEqual(values["Damaged goods"], 2)
        self.assertEqual(values["Late delivery"], 1)
        self.assertEqual(values["Total"], 3)
        self.assertEqual(len(summary._charts), 1)

        plans = book["Action Plans"]
        self.assertEqual([c.value for c in plans[1]][:2], ["Plan", "State"])
        self.assertEqual(plans["A2"].value, "Packaging")
        self.assertEqual(plans["B2"].value, "Draft")

    def test_category_filter(self):
        data = self.env["aftersales.quality.xlsx"]._build(
            date(2026, 3, 1), date(2026, 3, 31), categories=self.cat_b
        )
        self.assertEqual(self._workbook(data)["Cases"].max_row, 2)

    def test_scheduled_report_sends_one_mail(self):
        recipient = self.env["res.partner"].create({"name": "Board", "email": "board@example.com"})
        self.company.write(
            {
                "aftersales_quality_report_frequency": "monthly",
                "aftersales_quality_report_partner_ids": [Command.set(recipient.ids)],
                "email": "quality@example.com",
            }
        )
        Xlsx = self.env["aftersales.quality.xlsx"]

        def mails():
            return self.env["mail.mail"].search([("recipient_ids", "in", recipient.ids)])

        with self._no_commit():
            Xlsx._cron_send_management_report(today=date(2026, 4, 3))
            Xlsx._cron_send_management_report(today=date(2026, 4, 20))  # March already sent
        self.assertEqual(len(mails()), 1)
        self.assertEqual(self.company.aftersales_quality_report_last_date, date(2026, 3, 31))
        attachment = mails().attachment_ids
        self.assertEqual(len(attachment), 1)
        self.assertEqual(attachment.name, "quality-report-2026-03-01-2026-03-31.xlsx")
        book = self._workbook(base64.b64decode(attachment.datas))
        self.assertEqual(book["Cases"].max_row, 4)  # header + 3 March cases
        self.assertIn("2026-03-01", mails().subject)
        with self._no_commit():
            Xlsx._cron_send_management_report(today=date(2026, 5, 2))  # April is due
        self.assertEqual(len(mails()), 2)

    def test_weekly_period(self):
        Xlsx = self.env["aftersales.quality.xlsx"]
        self.company.aftersales_quality_report_frequency = "weekly"
        self.assertEqual(
            Xlsx._report_period(self.company, date(2026, 3, 9)),
            (date(2026, 3, 2), date(2026, 3, 8)),
        )
        self.company.aftersales_quality_report_last_date = date(2026, 3, 8)
        self.assertIsNone(Xlsx._report_period(self.company, date(2026, 3, 12)))
        self.assertEqual(
            Xlsx._report_period(self.company, date(2026, 3, 16)),
            (date(2026, 3, 9), date(2026, 3, 15)),
        )

    def test_user_text_is_never_a_formula(self):
        """A name starting with "=" (a formula injection) is written as text in
        every sheet: case title, category, team, agent, customer, plan, responsible."""
        payload = "=cmd|' /C calc'!A0"
        self.cat_a.name = payload
        self.team.name = f"{payload} team"
        self.agent.name = f"{payload} agent"
        customer = self.env["res.partner"].create({"name": f"{payload} customer"})
        # an hour's handling: the case is in the Cost of Quality sheet too
        self.company.aftersales_handling_hourly_cost = 30.0
        self._ticket(
            self.dt(2026, 3, 5, 9),
            name=payload,
            category_id=self.cat_a.id,
            user_id=self.agent.id,
            partner_id=customer.id,
            aftersales_time_spent=1.0,
        )
        self.plan.write(
            {"name": f"{payload} plan", "category_id": self.cat_a.id, "user_id": self.agent.id}
        )
        with Form(self.env["aftersales.quality.xlsx.wizard"]) as form:
            form.date_from = date(2026, 3, 1)
            form.date_to = date(2026, 3, 31)
        form.record.action_export()
        book = self._workbook(base64.b64decode(form.record.file_data))
        for sheet in book.worksheets:
            injected = [
                cell
                for row in sheet.iter_rows()
                for cell in row
                if isinstance(cell.value, str) and cell.value.startswith("=")
            ]
            with self.subTest(sheet=sheet.title):
                self.assertTrue(injected, "the names are in every sheet")
                for cell in injected:
                    self.assertEqual(cell.data_type, "s", f"{cell.coordinate} is a formula")
        texts = {
            cell.value
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if isinstance(cell.value, str)
        }
        for text in (
            payload,
            f"{payload} team",
            f"{payload} agent",
            f"{payload} customer",
            f"{payload} plan",
        ):
            self.assertIn(text, texts)
