import base64
import io
from datetime import date

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.aftersales_quality.tests.common import QualityCommon

from .common import trap_jobs, with_jobs


@tagged("post_install", "-at_install")
class TestQueueExport(QualityCommon):
    """The quality workbook is built by a job run as the user who asked for it,
    with that user's rights, and handed to that user alone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        dt = cls.dt
        cls.public = cls._ticket(
            dt(2026, 3, 2, 9),
            dt(2026, 3, 2, 13),
            name="Kettle lid cracked",
            category_id=cls.cat_a.id,
            user_id=cls.agent.id,
        )
        # confidential: the quality manager role does not read it
        cls.secret = cls._ticket(
            dt(2026, 3, 3, 9),
            dt(2026, 3, 3, 10),
            name="Lawyer letter about the heater",
            category_id=cls.cat_a.id,
            user_id=cls.agent.id,
            aftersales_confidential=True,
        )
        cls.other_quality_manager = new_test_user(
            cls.env,
            login="qm_quality_other",
            groups="aftersales_quality.group_quality_manager",
            company_id=cls.company.id,
            company_ids=[Command.set([cls.company.id])],
        )

    def _wizard(self, user):
        return with_jobs(self._as(user))["aftersales.quality.xlsx.wizard"].create(
            {"date_from": "2026-03-01", "date_to": "2026-03-31"}
        )

    def _titles(self, workbook):
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(workbook.file_data)))
        return [row[1] for row in book["Cases"].iter_rows(min_row=2, values_only=True)]

    def test_export_is_a_job_run_as_the_user(self):
        Workbook = self.env["aftersales.prepared.workbook"]
        mine = [("user_id", "=", self.quality_manager.id)]
        with trap_jobs() as trap:
            action = self._wizard(self.quality_manager).action_export()
            self.assertEqual(action["tag"], "display_notification")
            trap.assert_jobs_count(1)
            job = trap.enqueued_jobs[0]
            self.assertEqual(job.channel, "root.aftersales.export")
            # the user's job, with the user's rights (not the superuser's)
            self.assertEqual(job.user_id, self.quality_manager.id)
            self.assertFalse(job.recordset.env.su)
            # nothing built while the user waits
            self.assertFalse(Workbook.search(mine))
            trap.perform_enqueued_jobs()
        workbook = Workbook.search(mine)
        self.assertEqual(len(workbook), 1)
        self.assertEqual(workbook.user_id, self.quality_manager)
        # built with the role's rights: the confidential case is not in it
        self.assertEqual(self._titles(workbook), ["Kettle lid cracked"])
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", workbook._name),
                    ("res_id", "=", workbook.id),
                    ("res_field", "=", "file_data"),
                ]
            )
        )
        self.assertEqual(len(attachment), 1)
        # readable by the user who asked for it
        own = workbook.with_env(self._as(self.quality_manager))
        self.assertEqual(self._titles(own), ["Kettle lid cracked"])
        self.assertTrue(attachment.with_env(self._as(self.quality_manager)).datas)
        # not by an agent, nor by another user of the same role
        for user in (self.agent, self.other_quality_manager):
            with self.assertRaises(AccessError):
                workbook.with_env(self._as(user)).read(["file_data"])
            with self.assertRaises(AccessError):
                attachment.with_env(self._as(user)).read(["datas"])
        # the inbox notification with the download link
        message = self.env["mail.message"].search(
            [
                ("model", "=", workbook._name),
                ("res_id", "=", workbook.id),
                ("partner_ids", "in", self.quality_manager.partner_id.ids),
            ]
        )
        self.assertEqual(message.partner_ids, self.quality_manager.partner_id)
        self.assertIn(workbook._aftersales_download_url(), message.body)

    def test_manager_job_reads_what_the_manager_reads(self):
        with trap_jobs() as trap:
            self._wizard(self.manager).action_export()
            self.assertEqual(trap.enqueued_jobs[0].user_id, self.manager.id)
            trap.perform_enqueued_jobs()
        workbook = self.env["aftersales.prepared.workbook"].search(
            [("user_id", "=", self.manager.id)]
        )
        self.assertEqual(
            sorted(self._titles(workbook)),
            ["Kettle lid cracked", "Lawyer letter about the heater"],
        )

    def test_no_role_writes_a_workbook(self):
        Workbook = self.env["aftersales.prepared.workbook"].with_env(self._as(self.quality_manager))
        with self.assertRaises(AccessError):
            Workbook.create({"name": "forged.xlsx", "user_id": self.quality_manager.id})
        with trap_jobs() as trap:
            self._wizard(self.quality_manager).action_export()
            trap.perform_enqueued_jobs()
        workbook = Workbook.search([])
        with self.assertRaises(AccessError):
            workbook.write({"name": "renamed.xlsx"})
        # the user clears their own
        workbook.unlink()
        self.assertFalse(Workbook.search([]))

    def test_without_jobs_the_export_downloads_at_once(self):
        wizard = self._as(self.quality_manager)["aftersales.quality.xlsx.wizard"].create(
            {"date_from": "2026-03-01", "date_to": "2026-03-31"}
        )
        with trap_jobs() as trap:
            action = wizard.action_export()
            trap.assert_jobs_count(0)
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertTrue(wizard.file_data)

    def test_management_report_is_a_job(self):
        recipient = self.env["res.partner"].create({"name": "Board", "email": "board@example.com"})
        self.company.write(
            {
                "aftersales_quality_report_frequency": "monthly",
                "aftersales_quality_report_partner_ids": [Command.set(recipient.ids)],
                "email": "quality@example.com",
            }
        )
        Xlsx = with_jobs(self.env)["aftersales.quality.xlsx"]

        def mails():
            return self.env["mail.mail"].search([("recipient_ids", "in", recipient.ids)])

        with trap_jobs() as trap, self._no_commit():
            Xlsx._cron_send_management_report(today=date(2026, 4, 3))
            trap.assert_jobs_count(1)
            job = trap.enqueued_jobs[0]
            self.assertEqual(job.channel, "root.aftersales.export")
            self.assertEqual(job.args[0], self.company)
            # the period is the job's: the next run does not queue it again
            self.assertEqual(self.company.aftersales_quality_report_last_date, date(2026, 3, 31))
            Xlsx._cron_send_management_report(today=date(2026, 4, 20))
            trap.assert_jobs_count(1)
            self.assertFalse(mails())
            trap.perform_enqueued_jobs()
        self.assertEqual(len(mails()), 1)
        self.assertEqual(mails().attachment_ids.name, "quality-report-2026-03-01-2026-03-31.xlsx")
