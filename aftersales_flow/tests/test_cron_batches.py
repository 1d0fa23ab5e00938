from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.fields import Domain
from odoo.tests import TransactionCase, tagged, test_cursor
from odoo.tools import SQL

from odoo.addons.aftersales_flow.cron_batch import aftersales_cron_batches

from .common import AftersalesIntakeCommon

PROBE = "Cron batch probe"


@tagged("post_install", "-at_install")
class TestCronBatchesFailure(AftersalesIntakeCommon):
    """A record that fails costs its batch nothing: the others are processed, it waits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["aftersales.sla.policy"].search([]).active = False

    def test_one_failing_case_does_not_lose_its_batch(self):
        cases = self.Ticket.create(
            [
                {"name": f"Batch {i}", "description": "x", "partner_email": f"b{i}@example.com"}
                for i in range(4)
            ]
        )
        self.assertEqual(set(cases.mapped("aftersales_intake_ack_state")), {"pending"})
        busy = cases[1]
        original = type(self.Ticket)._aftersales_acknowledge

        def acknowledge(tickets):
            if busy in tickets:
                raise RuntimeError("the mail server refused this one")
            return original(tickets)

        with (
            patch.object(type(self.Ticket), "_aftersales_acknowledge", acknowledge),
            patch.object(
                type(self.env["ir.cron"]), "_commit_progress", autospec=True, return_value=60.0
            ) as progress,
            self.assertLogs("odoo.addons.aftersales_flow.cron_batch", "WARNING") as logs,
        ):
            self.env["helpdesk.ticket"]._cron_aftersales_acknowledge(batch_size=10)
        self.assertEqual(set((cases - busy).mapped("aftersales_intake_ack_state")), {"sent"})
        # left as it was, for the next run; not taken again in this run
        self.assertEqual(busy.aftersales_intake_ack_state, "pending")
        self.assertFalse(busy.aftersales_ack_date)
        self.assertTrue(any("left for the next run" in line for line in logs.output))
        # the three processed cases counted, nothing left that this run could do
        processed = [call.args[1] for call in progress.call_args_list if len(call.args) > 1]
        self.assertEqual(sum(processed), 3)
        self.assertEqual(progress.call_args_list[-1].kwargs.get("remaining"), 0)
        # next run, the case goes through
        with patch.object(
            type(self.env["ir.cron"]), "_commit_progress", autospec=True, return_value=60.0
        ):
            self.env["helpdesk.ticket"]._cron_aftersales_acknowledge(batch_size=10)
        self.assertEqual(busy.aftersales_intake_ack_state, "sent")


@tagged("post_install", "-at_install")
class TestCronBatchesConcurrency(TransactionCase):
    """Real, separate transactions: a row held by another transaction is skipped at
    once (the batch neither waits nor fails) and taken by the next run.

    The test transaction is invisible to other cursors: the probe rows are committed
    here and deleted again at the end."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            self.assertNotIsInstance(
                cr, test_cursor.TestCursor, "the cron needs real, separate transactions"
            )
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.ids = env["res.partner"].create([{"name": f"{PROBE} {i}"} for i in range(5)]).ids
        self.addCleanup(self._delete_committed)

    def _delete_committed(self):
        with self.registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["res.partner"].browse(self.ids).unlink()

    def _cursor(self):
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        return cr

    def _run(self, cr, condition):
        # a wait for the busy row would fail here instead of hanging
        cr.execute(SQL("SET LOCAL lock_timeout = '3s'"))
        env = api.Environment(cr, SUPERUSER_ID, {})
        return aftersales_cron_batches(
            env["res.partner"],
            condition,
            lambda partners, now: partners.write({"comment": "processed"}),
            batch_size=2,
        )

    def _processed(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partners = env["res.partner"].browse(self.ids)
            return partners.filtered(lambda partner: partner.comment).ids

    def _check_busy_row_skipped(self, condition):
        busy_cr = self._cursor()
        busy_cr.execute(SQL("SELECT id FROM res_partner WHERE id = %s FOR UPDATE", self.ids[2]))
        self.assertEqual(self._run(self._cursor(), condition), 4)
        self.assertEqual(self._processed(), self.ids[:2] + self.ids[3:])
        busy_cr.rollback()
        self.assertEqual(self._run(self._cursor(), condition), 1)
        self.assertEqual(self._processed(), self.ids)

    def test_busy_row_skipped_domain(self):
        self._check_busy_row_skipped(
            lambda now: Domain("id", "in", self.ids) & Domain("comment", "=", False)
        )

    def test_busy_row_skipped_sql(self):
        self._check_busy_row_skipped(lambda now: SQL("id = ANY(%s) AND comment IS NULL", self.ids))

    def _change_after_snapshot(self, cr, partner_id):
        """Take ``cr``'s snapshot, then commit a change of ``partner_id`` from another
        transaction: under REPEATABLE READ, ``cr`` may no longer lock or write that row."""
        cr.execute(SQL("SELECT COUNT(*) FROM res_partner"))
        with self.registry.cursor() as other:
            other.execute(
                SQL("UPDATE res_partner SET function = 'moved' WHERE id = %s", partner_id)
            )

    def test_claim_meeting_a_concurrent_update_claims_again(self):
        """A row committed after the cron's snapshot fails the claim (it cannot be locked
        in that snapshot); the cron does not fail whole: it claims again afresh."""
        cr = self._cursor()
        self._change_after_snapshot(cr, self.ids[0])
        self.assertEqual(
            self._run(cr, lambda now: Domain("id", "in", self.ids) & Domain("comment", "=", False)),
            5,
        )
        self.assertEqual(self._processed(), self.ids)

    def test_batch_meeting_a_concurrent_update_is_not_lost(self):
        """The batch's work writes a row another transaction committed after the cron's
        snapshot: retried one by one in that snapshot, every row would fail again; the
        batch is claimed again in a fresh snapshot and processed."""
        cr = self._cursor()
        shared = self.ids[4]
        self._change_after_snapshot(cr, shared)
        env = api.Environment(cr, SUPERUSER_ID, {})

        def process(partners, now):
            partners.write({"comment": "processed"})
            env["res.partner"].browse(shared).write({"ref": "touched"})

        done = aftersales_cron_batches(
            env["res.partner"],
            lambda now: SQL("id = ANY(%s) AND comment IS NULL", self.ids[:4]),
            process,
            batch_size=2,
        )
        self.assertEqual(done, 4)
        self.assertEqual(self._processed(), self.ids[:4])
