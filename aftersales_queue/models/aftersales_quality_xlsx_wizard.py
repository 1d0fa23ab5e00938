from odoo import models

from .jobs import aftersales_queue_delay


class AftersalesQualityXlsxWizard(models.TransientModel):
    _inherit = "aftersales.quality.xlsx.wizard"

    # ------------------------------------------------------------ hooks

    def _aftersales_run_export(self):
        """Queue the export as a job run as this user; tell them it is on its way."""
        if not aftersales_queue_delay(self.env):
            return super()._aftersales_run_export()
        Xlsx = self.env["aftersales.quality.xlsx"]
        Xlsx.with_delay(
            description=self.env._("Quality workbook for %(user)s", user=self.env.user.name)
        )._aftersales_job_export(self.date_from, self.date_to, self.team_ids, self.category_ids)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": self.env._("Workbook being prepared"),
                "message": self.env._(
                    "The workbook is being prepared in the background: you will be "
                    "notified in your inbox when it is ready to download."
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
