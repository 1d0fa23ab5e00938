from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AftersalesReturnCommon


@tagged("post_install", "-at_install")
class TestWarehouseRoutes(AftersalesReturnCommon):
    """Deliveries to the customer go through the warehouse's delivery route: in a two-step
    warehouse, a pick to the output then the delivery, all of the return."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse.delivery_steps = "pick_ship"
        cls.teapot = cls._create_product(
            name="Teapot", is_storable=True, lst_price=100.0, taxes_id=False
        )
        cls.env["stock.quant"]._update_available_quantity(cls.teapot, cls.warehouse.lot_stock_id, 5)

    def _received(self, lines, **vals):
        ra = self._new_return(lines, **vals)
        ra.action_submit()
        self._receive(ra)
        return ra

    def _ship(self, pickings):
        """The warehouse validates the step, the next step follows."""
        pickings = pickings.sudo()
        pickings.move_ids.picked = True
        pickings.button_validate()

    def test_exchange_is_picked_then_shipped(self):
        ra = self._received([(self.kettle_line, 1, {"outcome": "exchange"})])
        ra.line_ids.exchange_product_id = self.teapot
        ra.with_user(self.agent).action_dispose()
        pick = ra.sudo().picking_ids.filtered(
            lambda p: p.picking_type_id == self.warehouse.pick_type_id
        )
        self.assertEqual(len(pick), 1)
        self.assertEqual(pick.location_id, self.warehouse.lot_stock_id)
        self.assertEqual(pick.move_ids.product_id, self.teapot)
        self.assertEqual(pick.state, "assigned")
        self.assertFalse(
            ra.sudo().picking_ids.filtered(
                lambda p: p.picking_type_id == self.warehouse.out_type_id
            ),
            "the delivery follows the pick",
        )
        self._ship(pick)
        out = ra.sudo().picking_ids.filtered(
            lambda p: p.picking_type_id == self.warehouse.out_type_id
        )
        self.assertEqual(len(out), 1, "the shipping step belongs to the return too")
        self.assertEqual(out.location_id, pick.location_dest_id)
        self.assertEqual(out.partner_id, self.order.partner_shipping_id)
        self._ship(out)
        self.assertEqual(out.state, "done")
        self.assertFalse(out.move_ids.sale_line_id, "a replacement is not invoiced")
        customers = self.customer.property_stock_customer
        self.assertEqual(out.location_dest_id, customers)

    def test_returned_goods_leave_from_the_returns_location_through_the_route(self):
        ra = self._received([(self.mug_line, 2, {})])
        ra.line_ids.write({"disposition": "return_customer", "to_refund": False})
        ra.with_user(self.agent).action_dispose()
        pick = ra.sudo().picking_ids.filtered(
            lambda p: p.picking_type_id == self.warehouse.pick_type_id
        )
        self.assertEqual(pick.location_id, ra.return_location_id)
        self.assertEqual(pick.move_ids.location_id, ra.return_location_id)
        self.assertEqual(pick.move_line_ids.location_id, ra.return_location_id)
        self.assertEqual(pick.state, "assigned")
        self._ship(pick)
        out = ra.sudo().picking_ids.filtered(
            lambda p: p.picking_type_id == self.warehouse.out_type_id
        )
        self._ship(out)
        quants = self.env["stock.quant"]
        self.assertEqual(quants._get_available_quantity(self.mug, ra.return_location_id), 0.0)
        self.assertEqual(out.state, "done")

    def test_reship_goes_through_the_route(self):
        self._sign(self.order, 1)
        ra = self._new_return([(self.mug_line, 1, {})], return_type="reship")
        ra.action_submit()
        ra.with_user(self.agent).action_dispose()
        pick = ra.sudo().picking_ids
        self.assertEqual(pick.picking_type_id, self.warehouse.pick_type_id)
        self._ship(pick)
        self.assertEqual(
            ra.sudo()
            .picking_ids.filtered(lambda p: p.picking_type_id == self.warehouse.out_type_id)
            .move_ids.product_uom_qty,
            1.0,
        )

    def test_a_warehouse_without_delivery_route_says_so(self):
        ra = self._received([(self.kettle_line, 1, {"outcome": "exchange"})])
        ra.line_ids.exchange_product_id = self.teapot
        self.warehouse.delivery_route_id.rule_ids.sudo().action_archive()
        with self.assertRaisesRegex(UserError, "cannot deliver to the customer"):
            ra.with_user(self.agent).action_dispose()
        self.assertFalse(
            ra.sudo().picking_ids.filtered(lambda p: p.picking_type_id.code == "outgoing")
        )
        self.assertEqual(ra.line_ids.qty_disposed, 0.0)
