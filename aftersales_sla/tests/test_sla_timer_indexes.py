from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from .common import AftersalesSlaCase


@tagged("post_install", "-at_install")
class TestSlaTimerIndexes(AftersalesSlaCase):
    """A stage change looks for the time-in-stage timers it stops through a partial
    index of the running ones, not through every timer of the moved cases."""

    def _plan(self, domain):
        # the table scan priced out of reach: a partial index whose condition the
        # search does not imply is never chosen
        query = self.env["aftersales.sla.timer"]._search(domain)
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.env.cr.execute("SET LOCAL enable_seqscan = on")
        return plan

    def test_stage_change_reads_the_running_stage_timers_only(self):
        self.stage_progress.aftersales_max_hours = 8
        with freeze_time(self.MONDAY_10):
            cases = self._ticket() | self._ticket() | self._ticket()
            cases.stage_id = self.stage_progress
            cases[0].stage_id = self.stage_waiting
        running = cases[1:].aftersales_sla_timer_ids.filtered(lambda t: t.kind == "stage")
        self.assertEqual(len(running), 2)
        self.assertTrue(self._timer(cases[0], "stage").reached_date)
        domain = cases._aftersales_sla_stage_timers_domain(self.stage_progress)
        # neither the other clocks of the cases nor the stopped stage timer
        self.assertEqual(self.env["aftersales.sla.timer"].search(domain), running)
        self.assertIn("aftersales_sla_timer_running_stage_idx", self._plan(domain))
        with freeze_time(self.MONDAY_10):
            cases[1:].stage_id = self.stage_done
        self.assertTrue(all(running.mapped("reached_date")))
        self.assertFalse(self.env["aftersales.sla.timer"].search(domain))
