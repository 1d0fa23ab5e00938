from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AftersalesSlaCase


@tagged("post_install", "-at_install")
class TestSlaQueryBudget(AftersalesSlaCase):
    """The SLA engine costs a number of queries that does not grow with the
    number of cases in a batch. Batches stay under the ORM's 100-row INSERT and
    UPDATE chunks, the only (per hundred rows, not per case) growth left."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Policy = cls.env["aftersales.sla.policy"]
        # six active policies, as in the benchmark
        for index, priority in enumerate(["0", "1", "2", "3"]):
            Policy.create(
                {
                    "name": f"P{priority}",
                    "sequence": 10 + index,
                    "priority": priority,
                    "case_kind": "complaint",
                    "resolution_hours": 8 + index,
                    "ack_hours": 4,
                }
            )
        Policy.create(
            {
                "name": "Damage",
                "sequence": 20,
                "category_ids": [(6, 0, cls.category_damage.ids)],
                "resolution_hours": 30,
            }
        )
        cls.stage_progress.aftersales_max_hours = 16

    def _vals(self, count):
        return [
            {
                "name": f"Case {i}",
                "description": "<p>x</p>",
                "team_id": self.team.id,
                "stage_id": self.stage_new.id,
                "priority": str(i % 4),
                "aftersales_case_kind": "complaint" if i % 2 else "inquiry",
                "category_id": self.category_damage.id if i % 3 == 0 else False,
                "partner_id": self.partner.id,
            }
            for i in range(count)
        ]

    def _queries(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_engine_on_create_is_flat(self):
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time(self.MONDAY_10):
            small = Ticket.create(self._vals(4))
            large = Ticket.create(self._vals(30))
            (small | large).aftersales_sla_timer_ids.unlink()
            counts = [
                self._queries(small._aftersales_sla_start),
                self._queries(large._aftersales_sla_start),
            ]
        self.assertEqual(counts[0], counts[1])
        self.assertEqual(
            len(large.aftersales_sla_timer_ids.filtered(lambda t: t.kind == "resolution")), 30
        )
        self.env.flush_all()
        large.aftersales_sla_timer_ids.unlink()
        self.env.flush_all()
        # one query per batch for the tracked classification fields (category, team,
        # customer, channel), whatever the number of cases; the policy is written once
        # per policy, and the cases' working hours read again once for the batch
        with freeze_time(self.MONDAY_10), self.assertQueryCount(__system__=17):
            large._aftersales_sla_start()
            self.env.flush_all()

    def test_create_batch_adds_no_query_per_case(self):
        Ticket = self.env["helpdesk.ticket"]
        TicketClass = type(Ticket)

        def slope():
            Ticket.create(self._vals(2))  # warm the caches
            cost_10 = self._queries(lambda: Ticket.create(self._vals(10)))
            cost_30 = self._queries(lambda: Ticket.create(self._vals(30)))
            return cost_30 - cost_10

        with freeze_time(self.MONDAY_10):
            with_sla = slope()
            with patch.object(TicketClass, "_aftersales_sla_start", lambda tickets: None):
                without_sla = slope()
        # what grows with N is the base helpdesk's own per-ticket work (its
        # ticket number sequence): the SLA engine adds nothing per ticket
        self.assertEqual(with_sla, without_sla)

    def test_stage_change_is_flat(self):
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time(self.MONDAY_10):
            warm = Ticket.create(self._vals(2))
            small = Ticket.create(self._vals(5))
            large = Ticket.create(self._vals(30))
            for stage in (self.stage_progress, self.stage_waiting):
                warm.with_context(tracking_disable=True).write({"stage_id": stage.id})
            counts = []
            for tickets in (small, large):
                counts.append(
                    self._queries(
                        lambda tickets=tickets: tickets.with_context(tracking_disable=True).write(
                            {"stage_id": self.stage_progress.id}
                        )
                    )
                )
            for tickets in (small, large):
                counts.append(
                    self._queries(
                        lambda tickets=tickets: tickets.with_context(tracking_disable=True).write(
                            {"stage_id": self.stage_waiting.id}
                        )
                    )
                )
        self.assertEqual(counts[0], counts[1])
        self.assertEqual(counts[2], counts[3])
        self.assertEqual(
            set(
                large.aftersales_sla_timer_ids.filtered(lambda t: t.kind != "stage").mapped(
                    "status"
                )
            ),
            {"paused"},
        )
        # resuming 30 cases: one calendar computation, batched updates
        with freeze_time(self.MONDAY_10), self.assertQueryCount(__system__=13):
            large.with_context(tracking_disable=True).write({"stage_id": self.stage_progress.id})
            self.env.flush_all()
        self.assertEqual(self._timer(large[0], "resolution").status, "on_track")
