import logging

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.aftersales_flow.cron_batch import aftersales_cron_batches
from odoo.addons.queue_job.job import identity_exact

from .jobs import aftersales_queue_delay, aftersales_retry_on_concurrency

_logger = logging.getLogger(__name__)


class AftersalesSlaTimer(models.Model):
    _inherit = "aftersales.sla.timer"

    # ------------------------------------------------------------ jobs

    @api.model
    @api.private
    def _aftersales_job_escalate(self, timer_ids):
        """Background job: escalate those of ``timer_ids`` that are still due.

        The rows are claimed with SKIP LOCKED and the due condition is evaluated on
        the locked rows, as the scheduled action does: a timer another job or the
        scheduled action escalated meanwhile is not escalated again, one held by
        another transaction is left for the next run."""
        now = fields.Datetime.now()
        self.env.flush_all()
        with aftersales_retry_on_concurrency():
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM %(table)s WHERE id = ANY(%(ids)s) AND (%(due)s)"
                    " ORDER BY id FOR NO KEY UPDATE SKIP LOCKED",
                    table=SQL.identifier(self._table),
                    ids=list(timer_ids),
                    due=self._escalation_due_sql(now),
                )
            )
            timers = self.browse([row[0] for row in self.env.cr.fetchall()])
            timers._escalate(now)
            self.env.flush_all()
        return len(timers)

    # ------------------------------------------------------------ hooks

    @api.model
    def _cron_escalate(self, batch_size=500):
        """More than one batch due: the first batch is escalated here, each other
        batch becomes a job of the escalation channel (the jobs are committed with
        the first batch)."""
        if not aftersales_queue_delay(self.env):
            return super()._cron_escalate(batch_size=batch_size)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE %s ORDER BY id",
                SQL.identifier(self._table),
                self._escalation_due_sql(fields.Datetime.now()),
            )
        )
        due_ids = [row[0] for row in self.env.cr.fetchall()]
        if len(due_ids) <= batch_size:
            return super()._cron_escalate(batch_size=batch_size)
        first = due_ids[:batch_size]
        for start in range(batch_size, len(due_ids), batch_size):
            chunk = due_ids[start : start + batch_size]
            self.with_delay(
                # the same batch is not queued twice while it waits
                identity_key=identity_exact,
                description=self.env._("SLA escalation of %(count)s timers", count=len(chunk)),
            )._aftersales_job_escalate(chunk)
        total = aftersales_cron_batches(
            self,
            lambda now: SQL("(%s) AND id = ANY(%s)", self._escalation_due_sql(now), first),
            lambda timers, now: timers._escalate(now),
            batch_size=batch_size,
        )
        _logger.info(
            "SLA escalation: %s timers processed, %s queued as jobs",
            total,
            len(due_ids) - len(first),
        )
        return total
