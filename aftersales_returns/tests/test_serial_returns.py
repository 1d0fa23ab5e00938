from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AftersalesReturnCommon

SCAN = "aftersales.return.scan"


@tagged("post_install", "-at_install")
class TestSerialReturns(AftersalesReturnCommon):
    """Several serial numbers of one order line, each on a line of its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_return_auto_approve_amount = 5000.0
        cls.drone, cls.serials = cls._serial_product_in_stock(
            "Drone", ["DR-1", "DR-2", "DR-3"], barcode="DRONE-1", lst_price=300.0
        )
        cls.dr1, cls.dr2, cls.dr3 = cls.serials
        cls.order = cls._sell_and_deliver(cls.customer, {cls.drone: 3}, invoice=True)
        cls.drone_line = cls.order.order_line

    def _drone_return(self, serials, **vals):
        return self._new_return(
            [(self.drone_line, 1, {"lot_id": serial.id}) for serial in serials], **vals
        )

    def _line_of(self, ra, serial):
        return ra.line_ids.filtered(lambda line: line.lot_id == serial)

    # ------------------------------------------------------------ authorization

    def test_two_serials_of_one_order_line_return_on_their_own_moves(self):
        ra = self._drone_return(self.dr1 | self.dr3)
        self.assertEqual(ra.line_ids.lot_id, self.dr1 | self.dr3)
        ra.action_submit()
        self.assertTrue(ra.policy_passed)
        self.assertEqual(ra.state, "approved")
        receipt = ra.sudo().picking_ids
        self.assertEqual(len(receipt.move_ids), 2, "one return move per serial, not merged")
        for serial in self.dr1 | self.dr3:
            move = receipt.move_ids.filtered(
                lambda m, serial=serial: m.aftersales_return_line_id == self._line_of(ra, serial)
            )
            self.assertEqual(move.origin_returned_move_id.sale_line_id, self.drone_line)
            # the authorized serial is already on the operation: validating needs no typing
            self.assertEqual(move.move_line_ids.lot_id, serial)
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")
        self.assertEqual(ra.line_ids.mapped("qty_received"), [1.0, 1.0])
        self.assertEqual(ra.state, "received")
        self.assertEqual(self.drone_line.qty_delivered, 1.0)
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.drone, ra.return_location_id, lot_id=self.dr3, strict=True
            ),
            1.0,
        )

    def test_a_serial_appears_once_per_return(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self._drone_return([self.dr1, self.dr1])

    def test_a_serial_line_holds_one_unit(self):
        with self.assertRaisesRegex(ValidationError, "a serial number identifies one unit"):
            self._new_return([(self.drone_line, 2, {"lot_id": self.dr1.id})])

    def test_a_serial_already_requested_fails_the_quantity_rule(self):
        first = self._drone_return(self.dr2)
        first.action_submit()
        self.assertEqual(first.state, "approved")
        second = self._drone_return(self.dr2 | self.dr3)
        second.action_check_policy()
        failed = second.policy_result_ids.filtered(lambda r: not r.passed)
        self.assertEqual(failed.mapped("rule"), ["quantity"])
        self.assertEqual(failed.line_id.lot_id, self.dr2)
        self.assertIn("lot/serial DR-2", failed.message)
        self.assertIn("only 0.0 can still be returned", failed.message)

    def test_lines_of_one_order_line_share_its_delivered_quantity(self):
        # two serials plus two units without serial: four units of an order line of three
        ra = self._new_return(
            [
                (self.drone_line, 1, {"lot_id": self.dr1.id}),
                (self.drone_line, 1, {"lot_id": self.dr2.id}),
                (self.drone_line, 2, {}),
            ]
        )
        ra.action_check_policy()
        failed = ra.policy_result_ids.filtered(lambda r: not r.passed)
        # which unit is one too many is the agent's call: every line of the order line fails
        self.assertEqual(failed.mapped("rule"), ["quantity"] * 3)
        self.assertEqual(failed.line_id, ra.line_ids)
        without_serial = failed.filtered(lambda r: not r.line_id.lot_id)
        self.assertIn("2.0 requested but only 1.0 can still be returned", without_serial.message)
        ra.line_ids.filtered(lambda line: not line.lot_id).quantity = 1
        ra.action_check_policy()
        self.assertTrue(ra.policy_passed)

    def test_agent_picks_the_serial_among_the_delivered_ones(self):
        self.env["stock.lot"].create({"name": "DR-9", "product_id": self.drone.id})
        ra = self._new_return([(self.drone_line, 1, {})])
        line = ra.line_ids
        self.assertEqual(line.delivered_lot_ids, self.serials, "DR-9 was never delivered")
        # an agent without inventory rights still looks the serial numbers up, read only
        lots = self.env["stock.lot"].with_user(self.agent)
        found = {name for _id, name in lots.name_search("DR-")}
        self.assertTrue({"DR-1", "DR-2", "DR-3"} <= found)
        with self.assertRaises(AccessError):
            lots.create({"name": "DR-10", "product_id": self.drone.id})
        line.lot_id = self.dr2
        self.assertEqual(ra.line_ids.lot_id, self.dr2)

    # ------------------------------------------------------------ from the sale order

    def test_order_wizard_lists_each_delivered_serial(self):
        self._drone_return(self.dr2).action_submit()
        action = self.order.with_user(self.agent).action_create_aftersales_return()
        wizard = self.env[action["res_model"]].with_user(self.agent).browse(action["res_id"])
        rows = wizard.line_ids.filtered(lambda row: row.product_id == self.drone)
        self.assertEqual(rows.lot_id, self.serials, "one row per serial, no row without one")
        returnable = {row.lot_id.name: row.qty_returnable for row in rows}
        self.assertEqual(returnable, {"DR-1": 1.0, "DR-2": 0.0, "DR-3": 1.0})
        rows.filtered(lambda row: row.lot_id == self.dr2).quantity = 1
        with self.assertRaisesRegex(UserError, "lot/serial DR-2: 1.0 to return but only 0.0"):
            wizard.action_create_return()
        wizard.action_fill_returnable()
        ra = self.env["aftersales.return"].browse(wizard.action_create_return()["res_id"])
        self.assertEqual(ra.line_ids.lot_id, self.dr1 | self.dr3)
        self.assertEqual(ra.line_ids.mapped("quantity"), [1.0, 1.0])
        self.assertEqual(ra.line_ids.sale_line_id, self.drone_line)

    # ------------------------------------------------------------ receipt scanning

    def test_scanning_counts_each_serial_on_its_line(self):
        ra = self._drone_return(self.dr1 | self.dr3)
        ra.action_submit()
        scans = self.env[SCAN].with_user(self.inspector)
        result = scans.scan(ra.id, "DRONE-1")
        self.assertEqual(result["status"], "refused")
        self.assertIn("Several serial numbers of Drone", result["message"])
        result = scans.scan(ra.id, "DR-3")
        self.assertEqual(result["status"], "ok")
        self.assertEqual(self._line_of(ra, self.dr3).qty_scanned, 1.0)
        self.assertEqual(self._line_of(ra, self.dr1).qty_scanned, 0.0)
        self.assertEqual(scans.scan(ra.id, "DR-2")["status"], "refused")
        scans.scan(ra.id, "DR-1")
        scans.validate(ra.id)
        self.assertEqual(ra.state, "received")
        self.assertFalse(ra.receipt_discrepancy)
        done = ra.sudo().picking_ids.move_ids.filtered(lambda m: m.state == "done")
        for serial in self.dr1 | self.dr3:
            line = self._line_of(ra, serial)
            self.assertEqual(line.qty_received, 1.0)
            self.assertEqual(
                done.filtered(
                    lambda m, line=line: m.aftersales_return_line_id == line
                ).move_line_ids.lot_id,
                serial,
            )

    def test_a_scanned_serial_goes_to_its_own_line_before_one_without_serial(self):
        ra = self._new_return(
            [
                (self.drone_line, 1, {}),
                (self.drone_line, 1, {"lot_id": self.dr2.id}),
            ]
        )
        ra.action_submit()
        without_serial = ra.line_ids.filtered(lambda line: not line.lot_id)
        self.assertEqual(ra.line_ids[0], without_serial, "the line without serial comes first")
        scans = self.env[SCAN].with_user(self.inspector)
        self.assertEqual(scans.scan(ra.id, "DR-2")["status"], "ok")
        self.assertEqual(self._line_of(ra, self.dr2).qty_scanned, 1.0)
        self.assertEqual(without_serial.qty_scanned, 0.0)
        # another delivered serial is counted on the line without serial
        self.assertEqual(scans.scan(ra.id, "DR-1")["status"], "ok")
        self.assertEqual(without_serial.qty_scanned, 1.0)
        self.assertEqual(without_serial.scan_ids.lot_id, self.dr1)

    # ------------------------------------------------------------ disposition

    def test_restock_moves_the_returned_serial_not_another_one(self):
        ra = self._drone_return(self.dr3)
        ra.action_submit()
        # another customer's unit waits in the returns location for its own disposition
        stranger_serial = self.env["stock.lot"].create(
            {"name": "DR-0", "product_id": self.drone.id}
        )
        self.env["stock.quant"]._update_available_quantity(
            self.drone, ra.return_location_id, 1, lot_id=stranger_serial
        )
        ra.sudo().picking_ids.button_validate()
        ra.line_ids.disposition = "restock"
        ra.action_dispose()
        restock = ra.sudo().picking_ids.filtered(lambda p: p.picking_type_code == "internal")
        self.assertEqual(restock.state, "assigned")
        self.assertEqual(restock.move_line_ids.lot_id, self.dr3)
        self.assertEqual(restock.move_line_ids.quantity, 1.0)
