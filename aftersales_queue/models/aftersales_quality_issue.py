from odoo import api, models
from odoo.tools import SQL

from odoo.addons.queue_job.job import identity_exact

from .jobs import IN_JOB, aftersales_queue_delay, aftersales_retry_on_concurrency


class AftersalesQualityIssue(models.Model):
    _inherit = "aftersales.quality.issue"

    # ------------------------------------------------------------ jobs

    @api.model
    @api.private
    def _aftersales_job_identify(self, company, now):
        """Background job: the problem identification of one company.

        The company is locked first (NOWAIT): a second job of the same company
        running at the same time is retried later, and then finds the open issues
        of the first one (the analysis skips a scope with an open issue)."""
        with aftersales_retry_on_concurrency():
            self.env.cr.execute(
                SQL("SELECT id FROM res_company WHERE id = %s FOR NO KEY UPDATE NOWAIT", company.id)
            )
            return self.with_context(**{IN_JOB: True})._aftersales_identify_company(company, now)

    # ------------------------------------------------------------ hooks

    @api.model
    def _aftersales_identify_company(self, company, now):
        """Queue the company's analysis as a job (once while one is pending)."""
        if not aftersales_queue_delay(self.env):
            return super()._aftersales_identify_company(company, now)
        self.with_delay(
            identity_key=identity_exact,
            description=self.env._("Problem identification of %(company)s", company=company.name),
        )._aftersales_job_identify(company, now)
        return 0
