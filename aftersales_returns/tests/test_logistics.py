from odoo import Command
from odoo.tests import tagged

from .common import AftersalesReturnCommon


@tagged("post_install", "-at_install")
class TestReturnLogistics(AftersalesReturnCommon):
    def test_return_picking_uses_stock_return_into_returns_location(self):
        ra = self._new_return([(self.kettle_line, 2, {}), (self.mug_line, 1, {})])
        ra.write(
            {
                "pickup_requested": True,
                "pickup_carrier_id": self.env["res.partner"].create({"name": "SF Express"}).id,
                "tracking_ref": "SF123",
            }
        )
        self.assertEqual(ra.pickup_address_id, self.order.partner_shipping_id)
        ra.action_submit()
        receipt = ra.sudo().picking_ids
        self.assertEqual(len(receipt), 1)
        self.assertEqual(
            receipt.return_id,
            self.order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing"),
        )
        self.assertEqual(receipt.location_dest_id, self.warehouse.aftersales_return_location_id)
        self.assertEqual(receipt.move_ids.location_dest_id, receipt.location_dest_id)
        delivery_moves = self.order.order_line.move_ids.filtered(
            lambda m: m.picking_code == "outgoing"
        )
        self.assertEqual(receipt.move_ids.origin_returned_move_id, delivery_moves)
        for line in ra.line_ids:
            self.assertEqual(line.move_ids.product_id, line.product_id)
            self.assertEqual(line.move_ids.product_uom_qty, line.quantity)
        self.assertEqual(receipt.aftersales_return_id, ra)
        self.assertEqual(receipt.action_view_aftersales_return()["res_id"], ra.id)

        self._receive(ra)
        self.assertEqual(self.kettle_line.qty_delivered, 1.0)
        self.assertEqual(self.mug_line.qty_delivered, 4.0)
        self.assertEqual(ra.line_ids.mapped("qty_received"), [2.0, 1.0])
        self.assertEqual(ra.state, "received")
        quant = self.env["stock.quant"]._get_available_quantity(self.kettle, ra.return_location_id)
        self.assertEqual(quant, 2.0)

    def test_units_returned_from_an_order_sold_in_dozens(self):
        dozen = self.env.ref("uom.product_uom_dozen")
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.mug.id,
                            "product_uom_qty": 1,
                            "product_uom_id": dozen.id,
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        delivery = order.picking_ids
        delivery.move_ids.quantity = delivery.move_ids.product_uom_qty
        delivery.button_validate()
        self.company.aftersales_return_auto_approve_amount = 10000.0
        ra = (
            self.env["aftersales.return"]
            .with_user(self.agent)
            .create(
                {
                    "partner_id": self.customer.id,
                    "sale_order_id": order.id,
                    "line_ids": [
                        Command.create({"sale_line_id": order.order_line.id, "quantity": 6})
                    ],
                }
            )
        )
        ra.action_submit()
        self.assertEqual(ra.state, "approved")
        move = ra.sudo().picking_ids.move_ids
        # six units of a dozen sold: half a dozen comes back, not six dozens
        self.assertEqual(
            move.product_uom._compute_quantity(move.product_uom_qty, self.mug.uom_id), 6.0
        )
        self._receive(ra)
        self.assertEqual(ra.line_ids.qty_received, 6.0)
        self.assertAlmostEqual(order.order_line.qty_delivered, 0.5)

    def test_partial_receipt_keeps_a_backorder_and_the_authorization_open(self):
        ra = self._new_return([(self.mug_line, 4, {})])
        ra.action_submit()
        self._receive(ra, {self.mug: 1})
        self.assertEqual(ra.line_ids.qty_received, 1.0)
        self.assertEqual(ra.state, "approved")
        backorder = ra.sudo().picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        self.assertEqual(backorder.move_ids.product_uom_qty, 3.0)
        self.assertEqual(backorder.move_ids.aftersales_return_line_id, ra.line_ids)
        self._receive(ra)
        self.assertEqual(ra.line_ids.qty_received, 4.0)
        self.assertEqual(ra.state, "received")
        self.assertEqual(self.mug_line.qty_delivered, 1.0)

    def test_inspector_receives_and_grades(self):
        ra = self._new_return([(self.mug_line, 1, {})])
        ra.action_submit()
        receipt = ra.sudo().picking_ids.with_user(self.inspector)
        receipt.move_ids.quantity = 1
        receipt.move_ids.picked = True
        receipt.button_validate()
        ra.line_ids.with_user(self.inspector).condition_grade = "damaged"
        self.assertEqual(ra.state, "received")
        self.assertEqual(ra.line_ids.disposition, "scrap")

    def test_cancel_cancels_the_open_receipt(self):
        ra = self._new_return([(self.mug_line, 1, {})])
        ra.action_submit()
        ra.action_cancel()
        self.assertEqual(ra.sudo().picking_ids.state, "cancel")
