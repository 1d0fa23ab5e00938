from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.aftersales_sla.models.aftersales_sla_timer import AftersalesSlaTimer

from .common import AftersalesSlaCase


class SimulatedCrash(BaseException):
    """The worker dies mid-batch (killed, out of memory): not an error a batch
    could catch and retry row by row."""


@tagged("post_install", "-at_install")
class TestSlaEscalation(AftersalesSlaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.env["res.users"].create(
            {"name": "Complaint Manager", "login": "sla_manager"}
        )
        cls.rule = cls.env["aftersales.sla.escalation.rule"].create(
            {
                "name": "Breached resolution goes to the complaint team",
                "policy_id": cls.policy.id,
                "trigger": "breached",
                "timer_kind": "resolution",
                "raise_priority": True,
                "team_id": cls.complaint_team.id,
                "notify_user_ids": [(6, 0, cls.manager.ids)],
            }
        )

    def _notes(self, ticket, text):
        return ticket.message_ids.filtered(lambda m: text in (m.body or ""))

    def test_at_risk_then_breached_each_notified_once(self):
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket()
        ack = self._timer(ticket, "ack")
        # ack: 4 h target, at risk at 50 % (Monday 12:00), due Monday 15:00
        self._run_cron(datetime(2026, 3, 2, 11, 0))
        self.assertEqual(ack.status, "on_track")
        self._run_cron(datetime(2026, 3, 2, 13, 30))
        self.assertEqual(ack.status, "at_risk")
        self.assertEqual(ticket.aftersales_sla_status, "at_risk")
        self.assertEqual(len(self._notes(ticket, "at risk")), 1)
        activities = ticket.activity_ids
        self.assertEqual(activities.user_id, self.agent | self.leader)
        self._run_cron(datetime(2026, 3, 2, 13, 45))
        self.assertEqual(len(self._notes(ticket, "at risk")), 1)
        self.assertEqual(ticket.activity_ids, activities)
        self._run_cron(datetime(2026, 3, 2, 16, 0))
        self.assertEqual(ack.status, "breached")
        self.assertEqual(ack.escalation_level, 2)
        self._run_cron(datetime(2026, 3, 2, 16, 30))
        self.assertEqual(len(self._notes(ticket, "breached")), 1)
        self.assertEqual(ticket.aftersales_sla_status, "breached")
        self.assertIn(
            ticket, self.env["helpdesk.ticket"].search([("aftersales_sla_status", "=", "breached")])
        )

    def test_late_detection_sends_only_the_breach_notice(self):
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket()
        self._run_cron(datetime(2026, 3, 2, 16, 0))
        ack = self._timer(ticket, "ack")
        self.assertEqual(ack.status, "breached")
        self.assertFalse(self._notes(ticket, "Acknowledgement is due"))
        self.assertEqual(len(self._notes(ticket, "Acknowledgement was due")), 1)

    def test_paused_timers_do_not_escalate(self):
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket()
            ticket.stage_id = self.stage_waiting
        self._run_cron(datetime(2026, 3, 20, 10, 0))
        self.assertEqual(set(ticket.aftersales_sla_timer_ids.mapped("status")), {"paused"})
        self.assertFalse(self._notes(ticket, "Service level"))

    def test_rules_raise_priority_move_team_and_notify_manager(self):
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket(priority="1")
        self._run_cron(datetime(2026, 3, 4, 11, 0))  # resolution was due Wednesday 10:00
        self.assertEqual(ticket.priority, "2")
        self.assertEqual(ticket.team_id, self.complaint_team)
        self.assertIn(self.manager, ticket.activity_ids.user_id)
        # the rule fires once: a rerun does not raise the priority again
        self._run_cron(datetime(2026, 3, 4, 12, 0))
        self.assertEqual(ticket.priority, "2")
        self.assertEqual(len(ticket.activity_ids.filtered(lambda a: a.user_id == self.manager)), 1)

    def test_batches_commit_progress_with_remaining(self):
        with freeze_time(self.MONDAY_10):
            tickets = self.env["helpdesk.ticket"].browse(
                [self._ticket(name=f"case {i}").id for i in range(5)]
            )
        calls = []

        def commit_progress(_cron, processed=0, remaining=None, deactivate=False):
            calls.append((processed, remaining))
            return 60.0

        total = self._run_cron(
            datetime(2026, 3, 2, 16, 0), batch_size=4, commit_progress=commit_progress
        )
        # 5 tickets x 2 due timers (ack breached, response at risk)
        self.assertEqual(total, 10)
        self.assertEqual(calls[0], (4, 6))
        self.assertEqual(calls[-1][1], 0)
        self.assertEqual(set(tickets.mapped("aftersales_sla_status")), {"breached"})

    def test_crash_mid_batch_then_rerun_escalates_each_once(self):
        with freeze_time(self.MONDAY_10):
            tickets = self.env["helpdesk.ticket"].browse(
                [self._ticket(name=f"case {i}").id for i in range(6)]
            )
        cr = self.env.cr

        def commit_progress(_self, processed=0, remaining=None, deactivate=False):
            # a committed batch survives the crash: keep it behind a savepoint
            self.env.flush_all()
            cr.execute("SAVEPOINT sla_batch_committed")
            return 60.0

        original = AftersalesSlaTimer._escalation_notify
        batches = []

        def crashing_notify(timer_model, notices):
            batches.append(len(notices))
            original(timer_model, notices)
            if len(batches) == 2:
                raise SimulatedCrash()

        cr.execute("SAVEPOINT sla_batch_committed")
        # not assertRaises: it would roll back the committed first batch too
        crashed = False
        with patch.object(AftersalesSlaTimer, "_escalation_notify", crashing_notify):
            try:
                self._run_cron(
                    datetime(2026, 3, 2, 16, 0), batch_size=4, commit_progress=commit_progress
                )
            except SimulatedCrash:
                crashed = True
        self.assertTrue(crashed)
        # the crashed batch is rolled back, the first one stays
        self.env.transaction.clear()
        cr.execute("ROLLBACK TO SAVEPOINT sla_batch_committed")
        escalated = tickets.aftersales_sla_timer_ids.filtered(lambda t: t.escalation_level)
        self.assertEqual(len(escalated), 4)
        self._run_cron(datetime(2026, 3, 2, 16, 5), batch_size=4, commit_progress=commit_progress)
        for ticket in tickets:
            self.assertEqual(len(self._notes(ticket, "Acknowledgement was due")), 1)
            self.assertEqual(len(self._notes(ticket, "First Response is due")), 1)
        self.assertEqual(
            set(
                tickets.aftersales_sla_timer_ids.filtered(lambda t: t.kind == "ack").mapped(
                    "status"
                )
            ),
            {"breached"},
        )

    def test_batch_is_locked_with_skip_locked(self):
        with freeze_time(self.MONDAY_10):
            tickets = self._ticket() | self._ticket() | self._ticket()
        seen = []
        original_execute = type(self.env.cr).execute

        def spy(cr_self, query, params=None, log_exceptions=True):
            seen.append(" ".join(str(getattr(query, "code", query)).split()))
            return original_execute(cr_self, query, params, log_exceptions)

        with patch.object(type(self.env.cr), "execute", spy):
            self._run_cron(datetime(2026, 3, 2, 16, 0), batch_size=2)
        # six timers due (acknowledgement breached, first response at risk), three batches
        self.assertEqual(len(tickets.aftersales_sla_timer_ids.filtered("escalation_level")), 6)
        locking = [q for q in seen if 'FROM "aftersales_sla_timer"' in q and " FOR " in q]
        self.assertEqual(len(locking), 3)
        self.assertTrue(all(q.endswith("FOR NO KEY UPDATE SKIP LOCKED") for q in locking))
        # each batch locks its own ids; every due timer is looked at once for the whole
        # run (and counted once at its end), not again at each batch
        self.assertTrue(all("id = ANY(%s) AND" in q for q in locking))
        over_all_due = [q for q in seen if "at_risk_date <=" in q and "id = ANY(%s)" not in q]
        self.assertEqual(len(over_all_due), 2)
