from odoo.tests import tagged

from .common import AftersalesIntakeCommon

IMPORT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}
# What the bare helpdesk itself costs per case: its case number (the sequence looked up,
# then its next value) and, in the default context, the chatter's creation log (subtype,
# the case's messages, alias domain and alias, the message, its followers to notify, the
# customers' notification lookups): 9 per case here, 10 when the suite still computed
# helpdesk_mgmt_rating's share of great ratings case by case. setup/bench_compare
# measures the bare helpdesk beside the suite in separate databases (+0.10 per case).
BASE_NUMBER = 2
BASE_CREATION_LOG = 7
# What may grow with the batch beyond that: the ORM's INSERTs and UPDATEs go by 100 rows
# (the SLA timers, about three per case), a query per hundred timers, not per case.
MARGIN = 0.3


@tagged("post_install", "-at_install")
class TestCreateQueryBudget(AftersalesIntakeCommon):
    """A batch of cases costs the suite a number of queries that does not grow with the
    batch: per case, the suite adds nothing to what the bare helpdesk does."""

    def _vals(self, count):
        partners = self.customer | self.contact
        return [
            {
                "name": f"Budget case {i}",
                "description": "<p>The kettle arrived broken.</p>",
                "partner_id": partners[i % 2].id,
            }
            for i in range(count)
        ]

    def _queries(self, model, count):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        model.create(self._vals(count))
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def _check_budget(self, model, base):
        """Per case, a batch of 100 costs what a batch of 10 costs, at most ``base`` (the
        bare helpdesk's own work) and the margin; the batch's fixed cost is shared."""
        self._queries(model, 2)  # warm the caches
        small = self._queries(model, 10)
        large = self._queries(model, 100)
        per_case = (large - small) / 90
        self.assertLessEqual(per_case, base + MARGIN, f"{small} queries for 10, {large} for 100")
        self.assertLessEqual(large / 100, small / 10)

    def test_import_context_adds_no_query_per_case(self):
        self._check_budget(self.Ticket.with_context(**IMPORT), BASE_NUMBER)

    def test_default_context_adds_no_query_per_case(self):
        # the default context of a user, not BaseCommon's (which turns the chatter off)
        default = {key: False for key in IMPORT}
        self._check_budget(self.Ticket.with_context(**default), BASE_NUMBER + BASE_CREATION_LOG)

    def test_positive_rate_percentage_as_helpdesk_computes_it(self):
        """The batched share of great ratings gives helpdesk_mgmt_rating's figures."""
        rated, mixed, unrated = self.Ticket.create(self._vals(3))
        model_id = self.env["ir.model"]._get_id("helpdesk.ticket")
        self.env["rating.rating"].create(
            [
                {"res_model_id": model_id, "res_id": ticket.id, "rating": rating, "consumed": True}
                for ticket, rating in ((rated, 5), (mixed, 5), (mixed, 4), (mixed, 1), (mixed, 3))
            ]
            # not consumed yet (the customer did not answer): not counted
            + [{"res_model_id": model_id, "res_id": unrated.id, "rating": 5, "consumed": False}]
        )
        tickets = rated | mixed | unrated
        tickets.invalidate_recordset(["positive_rate_percentage"])
        self.env.add_to_compute(self.Ticket._fields["positive_rate_percentage"], tickets)
        self.assertEqual(rated.positive_rate_percentage, 100)
        self.assertEqual(mixed.positive_rate_percentage, 50)
        self.assertEqual(unrated.positive_rate_percentage, -1)
        for ticket in tickets:
            grades = ticket.rating_get_grades()
            total = sum(grades.values())
            expected = grades["great"] * 100 / total if total else -1
            self.assertEqual(ticket.positive_rate_percentage, int(expected))
