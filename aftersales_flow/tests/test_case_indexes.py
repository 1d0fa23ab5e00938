from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL
from odoo.tools.sql import index_exists

from odoo.addons.aftersales_flow.upgrade import (
    drop_indexes,
    prefix_field_indexes,
    rename_column_index,
)


@tagged("post_install", "-at_install")
class TestCaseIndexes(TransactionCase):
    """The case table carries one index per searched column, partial where only the
    rare values are searched, and the searches of the product reach them."""

    def _plan(self, domain, order="id"):
        # what PostgreSQL would do for the search, the table scan priced out of reach:
        # a partial index whose condition the search does not imply is never chosen
        query = self.env["helpdesk.ticket"]._search(domain, order=order)
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.env.cr.execute("SET LOCAL enable_seqscan = on")
        return plan

    def _definition(self, name):
        self.env.cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        row = self.env.cr.fetchone()
        return row and row[0]

    def test_rare_values_have_partial_indexes(self):
        for column in ("aftersales_intake_ack_state", "aftersales_low_satisfaction"):
            self.assertFalse(
                index_exists(self.env.cr, f"helpdesk_ticket__{column}_index"),
                f"{column}: a full index of a column searched for its rare values",
            )
        self.assertFalse(
            index_exists(self.env.cr, "helpdesk_ticket__aftersales_confidential_index")
        )
        for column in ("aftersales_root_cause_id", "aftersales_responsibility"):
            self.assertIn("IS NOT NULL", self._definition(f"helpdesk_ticket__{column}_index"))
        self.assertIn("WHERE", self._definition("helpdesk_ticket_aftersales_ack_todo_idx"))

    def test_no_column_indexed_twice(self):
        # two indexes on the same columns with the same condition: every write pays twice
        self.env.cr.execute(
            """
            SELECT c.relname, array_agg(i.indexrelid::regclass::text ORDER BY 1)
              FROM pg_index i
              JOIN pg_class c ON c.oid = i.indrelid
             WHERE c.relname IN ('helpdesk_ticket', 'res_company', 'stock_picking',
                                 'aftersales_sla_timer', 'aftersales_return')
             GROUP BY c.relname, i.indkey::text, pg_get_expr(i.indpred, i.indrelid),
                      pg_get_expr(i.indexprs, i.indrelid), i.indclass::text
            HAVING count(*) > 1
            """
        )
        self.assertEqual(self.env.cr.fetchall(), [])

    def test_searches_reach_the_partial_indexes(self):
        # the searches' own conditions, without record rules: a rule's condition on an
        # indexed column (team, assignee) may be what the planner prefers on a small table
        # the acknowledgement cron's batches, in its order
        plan = self._plan(
            [("aftersales_intake_ack_state", "=", "pending"), ("aftersales_ack_date", "=", False)],
            order="aftersales_received_at, id",
        )
        self.assertIn("aftersales_ack_todo_idx", plan)
        # the agents' "To acknowledge" filter
        plan = self._plan(
            [
                ("aftersales_ack_date", "=", False),
                ("aftersales_intake_ack_state", "in", ("pending", "call")),
            ]
        )
        self.assertIn("aftersales_ack_todo_idx", plan)
        # the "Low satisfaction" filter
        plan = self._plan([("aftersales_low_satisfaction", "=", True)])
        self.assertIn("aftersales_low_satisfaction_idx", plan)
        plan = self._plan([("aftersales_confidential", "=", True)])
        self.assertIn("aftersales_confidential_idx", plan)


@tagged("post_install", "-at_install")
class TestUpgradeIndexes(TransactionCase):
    """The upgrade keeps one index per renamed column, under the name the ORM expects."""

    def setUp(self):
        super().setUp()
        self.cr = self.env.cr
        self.cr.execute(
            "CREATE TABLE aftersales_upgrade_probe (id serial PRIMARY KEY, size int, color int)"
        )
        self.cr.execute(
            "CREATE INDEX aftersales_upgrade_probe__size_index ON aftersales_upgrade_probe (size)"
        )

    def _rename(self, old, new):
        self.cr.execute(
            SQL(
                "ALTER TABLE aftersales_upgrade_probe RENAME COLUMN %s TO %s",
                SQL.identifier(old),
                SQL.identifier(new),
            )
        )

    def test_index_follows_the_renamed_column(self):
        self._rename("size", "aftersales_size")
        rename_column_index(self.cr, "aftersales_upgrade_probe", "size", "aftersales_size")
        self.assertFalse(index_exists(self.cr, "aftersales_upgrade_probe__size_index"))
        self.assertTrue(index_exists(self.cr, "aftersales_upgrade_probe__aftersales_size_index"))
        # run again: nothing left to do
        rename_column_index(self.cr, "aftersales_upgrade_probe", "size", "aftersales_size")
        self.assertTrue(index_exists(self.cr, "aftersales_upgrade_probe__aftersales_size_index"))

    def test_second_index_dropped(self):
        # the state a database upgraded before the fix is in: the ORM built its own index
        self._rename("size", "aftersales_size")
        self.cr.execute(
            "CREATE INDEX aftersales_upgrade_probe__aftersales_size_index"
            " ON aftersales_upgrade_probe (aftersales_size)"
        )
        prefix_field_indexes(self.cr, "aftersales_upgrade_probe")
        self.assertFalse(index_exists(self.cr, "aftersales_upgrade_probe__size_index"))
        self.assertTrue(index_exists(self.cr, "aftersales_upgrade_probe__aftersales_size_index"))

    def test_column_not_renamed_is_left_alone(self):
        prefix_field_indexes(self.cr, "aftersales_upgrade_probe")
        self.assertTrue(index_exists(self.cr, "aftersales_upgrade_probe__size_index"))

    def test_drop_indexes(self):
        drop_indexes(self.cr, "aftersales_upgrade_probe", ["size", "color"])
        self.assertFalse(index_exists(self.cr, "aftersales_upgrade_probe__size_index"))
