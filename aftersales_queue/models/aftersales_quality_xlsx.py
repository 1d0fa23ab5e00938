from odoo import api, models

from .jobs import IN_JOB, aftersales_queue_delay, aftersales_retry_on_concurrency


class AftersalesQualityXlsx(models.AbstractModel):
    _inherit = "aftersales.quality.xlsx"

    # ------------------------------------------------------------ jobs

    @api.model
    @api.private
    def _aftersales_job_export(self, date_from, date_to, teams, categories):
        """Background job of the workbook export: built as the user who asked for
        it (the job runs with their rights), then handed to them."""
        with aftersales_retry_on_concurrency():
            workbook = self._build(date_from, date_to, teams, categories)
            return self.env["aftersales.prepared.workbook"]._aftersales_deliver(
                self._file_name(date_from, date_to), workbook, date_from, date_to
            )

    @api.model
    @api.private
    def _aftersales_job_management_report(self, company, date_from, date_to):
        """Background job of a company's management report."""
        template = self.env.ref("aftersales_quality.mail_template_management_report")
        with aftersales_retry_on_concurrency():
            self.with_context(**{IN_JOB: True})._send_management_report(
                company, template, date_from, date_to
            )
        return True

    # ------------------------------------------------------------ hooks

    @api.model
    def _send_management_report(self, company, template, date_from, date_to):
        if not aftersales_queue_delay(self.env):
            return super()._send_management_report(company, template, date_from, date_to)
        # the period is the job's from now on: the next run of the scheduled action does
        # not queue it again (committed with the job by the scheduled action)
        company.aftersales_quality_report_last_date = date_to
        self.with_delay(
            description=self.env._(
                "Management report of %(company)s (%(start)s to %(end)s)",
                company=company.name,
                start=date_from.isoformat(),
                end=date_to.isoformat(),
            )
        )._aftersales_job_management_report(company, date_from, date_to)
        return None
