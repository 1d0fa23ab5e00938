from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AftersalesReturnCommon

SCAN = "aftersales.return.scan"


@tagged("post_install", "-at_install")
class TestTransitDamageAndParcels(AftersalesReturnCommon):
    """A damaged parcel is refunded, scrapped and claimed from the carrier; goods coming in
    several parcels are received on one return."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.carrier = cls.env["res.partner"].create({"name": "SF Express"})
        cls.reason_transit = cls.env.ref("aftersales_returns.return_reason_damaged")
        cls.mug.barcode = "MUG-001"
        cls.kettle.barcode = "KETTLE-001"

    def test_damaged_in_transit_is_refunded_scrapped_and_claimed(self):
        self._sign(self.order, 1)
        ra = self._new_return(
            [
                (
                    self.kettle_line,
                    1,
                    {"reason_id": self.reason_transit.id, "reported_condition": "damaged"},
                )
            ],
            delivery_carrier_id=self.carrier.id,
        )
        ra.action_submit()
        self.assertEqual(ra.state, "approved", "a quality return the law grants")
        self.assertEqual(ra.shipping_payer, "seller")
        scans = self.env[SCAN].with_user(self.inspector)
        scans.scan(ra.id, "KETTLE-001")
        line = ra.line_ids
        scans.set_grade(line.id, "damaged")
        scans.validate(ra.id)
        self.assertEqual(ra.state, "received")
        # graded damaged: the goods are scrapped, the refund stays
        self.assertEqual(line.disposition, "scrap")
        self.assertTrue(line.to_refund)
        ra.with_user(self.agent).action_dispose()
        credit_note = ra.sudo().credit_note_ids
        self.assertAlmostEqual(credit_note.amount_total, 100.0, msg="no fee: the carrier's fault")
        self.assertEqual(ra.sudo().scrap_ids.state, "done")
        self.assertEqual(ra.sudo().scrap_ids.scrap_qty, 1.0)
        self.assertEqual((line.qty_refunded, line.amount_refunded), (1.0, 100.0))
        self.assertEqual(ra.state, "done")
        outcome = ra.message_ids.filtered(lambda m: "what happens next" in (m.subject or ""))
        self.assertIn("1.0 x Scrap; 1.0 refunded", str(outcome.body))
        # the refunded value is claimed from the carrier, linked both ways
        action = line.with_user(self.agent).action_create_carrier_claim()
        claim = self.env["aftersales.carrier.claim"].browse(action["res_id"])
        self.assertEqual(claim.carrier_id, self.carrier)
        self.assertEqual(claim.claim_type, "damaged")
        self.assertEqual(claim.amount_claimed, 100.0)
        self.assertEqual(claim.return_line_id, line)
        self.assertEqual(claim.return_id, ra)
        self.assertEqual(line.claim_ids, claim)
        self.assertEqual(ra.claim_count, 1)
        self.assertEqual(
            claim.picking_id,
            self.order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing"),
        )
        with self.assertRaisesRegex(UserError, "already claimed"):
            line.with_user(self.agent).action_create_carrier_claim()
        claim.with_user(self.agent).action_submit()
        with self.assertRaises(UserError):
            claim.with_user(self.agent).return_line_id = False

    def test_a_claim_needs_the_carrier_and_an_authorized_return(self):
        ra = self._new_return([(self.mug_line, 1, {})])
        with self.assertRaisesRegex(UserError, "authorized return"):
            ra.line_ids.with_user(self.agent).action_create_carrier_claim()
        ra.action_submit()
        with self.assertRaisesRegex(UserError, "set the carrier"):
            ra.line_ids.with_user(self.agent).action_create_carrier_claim()

    def test_a_lost_parcel_refunded_only_is_claimed_as_lost(self):
        ra = self._new_return(
            [
                (
                    self.mug_line,
                    2,
                    {"reason_id": self.env.ref("aftersales_returns.return_reason_lost").id},
                )
            ],
            return_type="refund_only",
            delivery_carrier_id=self.carrier.id,
        )
        ra.action_submit()
        ra.with_user(self.agent).action_dispose()
        action = ra.line_ids.with_user(self.inspector).action_create_carrier_claim()
        claim = self.env["aftersales.carrier.claim"].browse(action["res_id"])
        self.assertEqual(claim.claim_type, "lost")
        self.assertEqual(claim.amount_claimed, 20.0)

    # ------------------------------------------------------------ parcels

    def test_goods_in_two_parcels_are_received_on_one_return(self):
        ra = self._new_return([(self.kettle_line, 2, {}), (self.mug_line, 3, {})])
        ra.action_submit()
        scans = self.env[SCAN].with_user(self.inspector)
        kettle = ra.line_ids.filtered(lambda line: line.product_id == self.kettle)
        mug = ra.line_ids - kettle
        # first box: one kettle and the three mugs
        scans.scan(ra.id, "KETTLE-001")
        scans.scan(ra.id, "MUG-001", quantity=3)
        data = scans.validate(ra.id)
        self.assertEqual(ra.state, "approved", "open for the second box")
        self.assertTrue(data["can_receive"])
        self.assertEqual((kettle.qty_received, mug.qty_received), (1.0, 3.0))
        self.assertIn("still expected: Kettle: 1.0", ra.message_ids[0].body)
        # the first box is disposed of while the second is on its way
        self.assertTrue(ra.can_dispose)
        with self.assertRaisesRegex(UserError, "nothing was scanned since the last parcel"):
            scans.validate(ra.id)
        # second box: the other kettle
        result = scans.scan(ra.id, "KETTLE-001")
        self.assertEqual(result["status"], "ok")
        scans.validate(ra.id)
        self.assertEqual(kettle.qty_received, 2.0)
        self.assertEqual(ra.state, "received")
        self.assertFalse(ra.receipt_discrepancy)
        receipts = ra.sudo().picking_ids
        self.assertEqual(len(receipts), 2)
        self.assertEqual(set(receipts.mapped("state")), {"done"})
        self.assertEqual(self.kettle_line.qty_delivered, 1.0)

    def test_closing_the_receipt_records_the_missing_quantity(self):
        ra = self._new_return([(self.mug_line, 4, {})])
        ra.action_submit()
        self._receive(ra, {self.mug: 1})
        self.assertEqual(ra.state, "approved")
        self.assertTrue(ra.with_user(self.agent).can_close_receipt)
        # scanned but not validated: validate first
        self.env[SCAN].with_user(self.inspector).scan(ra.id, "MUG-001")
        with self.assertRaisesRegex(UserError, "validate them before closing"):
            ra.with_user(self.agent).action_close_receipt()
        self.env[SCAN].with_user(self.inspector).validate(ra.id)
        self.assertEqual(ra.line_ids.qty_received, 2.0)
        ra.with_user(self.agent).action_close_receipt()
        line = ra.line_ids
        self.assertEqual(line.qty_missing, 2.0)
        self.assertEqual(line.receipt_discrepancy, "missing")
        self.assertIn("2.0 missing (2.0 of 4.0 received)", ra.receipt_discrepancy_note)
        self.assertEqual(ra.state, "received")
        self.assertFalse(
            ra.sudo().picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        )
        ra.with_user(self.agent).action_dispose()
        self.assertEqual(line.qty_refunded, 2.0)
        self.assertEqual(ra.state, "done", "settled without the missing mugs")
        # guarded like every receipt figure
        with self.assertRaises(UserError):
            line.with_user(self.manager).qty_missing = 0

    def test_nothing_received_is_cancelled_not_closed(self):
        ra = self._new_return([(self.mug_line, 1, {})])
        ra.action_submit()
        with self.assertRaisesRegex(UserError, "nothing was received yet"):
            ra.with_user(self.agent).action_close_receipt()
        with self.assertRaises(UserError):
            self.env[SCAN].with_user(self.inspector).close_receipt(ra.id)
        self.assertEqual(ra.state, "approved")
        self.assertFalse(ra.line_ids.qty_missing)
