from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.aftersales_sla.tests.common import AftersalesSlaCase

from .common import trap_jobs, with_jobs


@tagged("post_install", "-at_install")
class TestQueueEscalation(AftersalesSlaCase):
    """More than one batch due: the scheduled action escalates the first batch
    and queues the others as jobs of the escalation channel; each timer is
    escalated once, however many jobs and runs meet it."""

    AT = datetime(2026, 3, 2, 16, 0)

    def setUp(self):
        super().setUp()
        self.env = with_jobs(self.env)
        with freeze_time(self.MONDAY_10):
            self.tickets = self.env["helpdesk.ticket"].browse(
                [self._ticket(name=f"case {i}").id for i in range(5)]
            )

    def _cron(self, batch_size=4):
        def no_commit(_cron, processed=0, remaining=None, deactivate=False):
            return 60.0

        with (
            freeze_time(self.AT),
            patch.object(type(self.env["ir.cron"]), "_commit_progress", no_commit),
        ):
            return self.env["aftersales.sla.timer"]._cron_escalate(batch_size=batch_size)

    def _escalated(self):
        return self.tickets.aftersales_sla_timer_ids.filtered("escalation_level")

    def _notes_per_ticket(self):
        return [
            len(ticket.message_ids.filtered(lambda m: "Acknowledgement was due" in (m.body or "")))
            for ticket in self.tickets
        ] + [
            len(ticket.message_ids.filtered(lambda m: "First Response is due" in (m.body or "")))
            for ticket in self.tickets
        ]

    def test_backlog_split_into_jobs_each_timer_once(self):
        with trap_jobs() as trap:
            # 5 cases x 2 due timers (acknowledgement breached, response at risk)
            self.assertEqual(self._cron(batch_size=4), 4)
            self.assertEqual(len(self._escalated()), 4)
            trap.assert_jobs_count(2)
            jobs = trap.enqueued_jobs
            self.assertEqual({job.channel for job in jobs}, {"root.aftersales.escalation"})
            self.assertEqual([len(job.args[0]) for job in jobs], [4, 2])
            # the batches are disjoint and cover the rest of the backlog
            queued = {timer_id for job in jobs for timer_id in job.args[0]}
            self.assertEqual(len(queued), 6)
            self.assertFalse(queued & set(self._escalated().ids))
            with freeze_time(self.AT):
                for job in jobs:
                    job.perform()
                results = [job.result for job in jobs]
                # the same batches run a second time (a duplicate job, a retry): nothing
                self.assertEqual([job.perform() for job in jobs], [0, 0])
        self.assertEqual(results, [4, 2])
        self.assertEqual(len(self._escalated()), 10)
        self.assertEqual(self._notes_per_ticket(), [1] * 10)
        # the next run finds nothing due
        with trap_jobs() as trap:
            self.assertEqual(self._cron(batch_size=4), 0)
            trap.assert_jobs_count(0)
        self.assertEqual(self._notes_per_ticket(), [1] * 10)

    def test_job_skips_timers_the_scheduled_action_took_meanwhile(self):
        with trap_jobs() as trap:
            self._cron(batch_size=4)
            jobs = trap.enqueued_jobs
            # the scheduled action runs again before the jobs (runner busy): it takes
            # the rest itself as one batch
            self.assertEqual(self._cron(batch_size=20), 6)
            with freeze_time(self.AT):
                self.assertEqual([job.perform() for job in jobs], [0, 0])
        self.assertEqual(self._notes_per_ticket(), [1] * 10)

    def test_one_batch_due_no_job(self):
        with trap_jobs() as trap:
            self.assertEqual(self._cron(batch_size=20), 10)
            trap.assert_jobs_count(0)
        self.assertEqual(self._notes_per_ticket(), [1] * 10)
