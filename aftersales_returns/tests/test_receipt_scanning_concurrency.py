from psycopg2 import errors

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, tagged, test_cursor
from odoo.tools import SQL

SCAN = "aftersales.return.scan"
BARCODE = "CONCURRENT-KETTLE"


@tagged("post_install", "-at_install")
class TestReceiptScanningConcurrency(TransactionCase):
    """Two inspectors scan the same line at once, each request in its own real transaction.

    The test transaction is invisible to other cursors, so the return is committed here and
    deleted again at the end.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            self.assertNotIsInstance(
                cr, test_cursor.TestCursor, "the scans need real, separate transactions"
            )
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Concurrent Scan Customer"})
            product = env["product.product"].create(
                {"name": "Concurrent Kettle", "barcode": BARCODE, "is_storable": True}
            )
            ra = env["aftersales.return"].create(
                {
                    "partner_id": partner.id,
                    "line_ids": [Command.create({"product_id": product.id, "quantity": 5})],
                }
            )
            # receiving needs no receipt picking: the scans only count
            ra.state = "approved"
            self.ra_id, self.line_id = ra.id, ra.line_ids.id
            self.product_id, self.partner_id = product.id, partner.id
        self.addCleanup(self._delete_committed)

    def _delete_committed(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            ra = env["aftersales.return"].browse(self.ra_id)
            ra.state = "cancel"
            ra.unlink()
            env["product.product"].browse(self.product_id).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def _inspector_cursor(self):
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        return cr

    def _scan(self, cr):
        """One scan request of the inspector working on ``cr``."""
        # a lock wait bounded: a handler that waited for the other inspector would fail here
        cr.execute(SQL("SET LOCAL lock_timeout = '3s'"))
        return api.Environment(cr, SUPERUSER_ID, {})[SCAN].scan(self.ra_id, BARCODE)

    def _committed_counts(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            line = env["aftersales.return.line"].browse(self.line_id)
            return line.qty_scanned, sum(line.scan_ids.mapped("quantity"))

    def test_two_inspectors_on_one_line_lose_no_count(self):
        cr_a, cr_b = self._inspector_cursor(), self._inspector_cursor()
        # B's request starts (and reads the line) before A's scan is committed
        line_b = api.Environment(cr_b, SUPERUSER_ID, {})["aftersales.return.line"].browse(
            self.line_id
        )
        self.assertEqual(line_b.qty_scanned, 0.0)
        result_a = self._scan(cr_a)
        self.assertEqual(result_a["status"], "ok")
        self.assertEqual(result_a["line"]["qty_scanned"], 1.0)
        # A's request still runs: B is told at once, nothing of B is written
        result_b = self._scan(cr_b)
        self.assertEqual(result_b["status"], "refused")
        self.assertIn("Another inspector is counting Concurrent Kettle", result_b["message"])
        self.assertIn("Scan it again", result_b["message"])
        self.assertFalse(line_b.scan_ids)
        cr_a.commit()
        # A is done, but B's transaction still sees the count from before A's scan: it
        # fails instead of writing 1 again, and Odoo retries such a request
        with self.assertRaises(errors.SerializationFailure):
            self._scan(cr_b)
        cr_b.rollback()
        self.assertEqual(self._committed_counts(), (1.0, 1.0))
        # the retry (or B's next scan) counts on top of A's
        result_b = self._scan(cr_b)
        self.assertEqual(result_b["status"], "ok")
        self.assertEqual(result_b["line"]["qty_scanned"], 2.0)
        cr_b.commit()
        self.assertEqual(self._committed_counts(), (2.0, 2.0))

    def test_scans_one_after_the_other_all_count(self):
        cr_a, cr_b = self._inspector_cursor(), self._inspector_cursor()
        for _round in range(2):
            for cr in (cr_a, cr_b):
                self.assertEqual(self._scan(cr)["status"], "ok")
                # each request commits: the next inspector's transaction must see it
                cr.commit()  # pylint: disable=invalid-commit
        self.assertEqual(self._committed_counts(), (4.0, 4.0))
