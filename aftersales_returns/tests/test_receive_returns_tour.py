from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ReturnFlowMixin


@tagged("post_install", "-at_install")
class TestReceiveReturnsTour(ReturnFlowMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inspector = new_test_user(
            cls.env, login="ra_tour_inspector", groups="aftersales_returns.group_return_inspector"
        )
        products = cls.env["product.product"].create(
            [
                {
                    "name": "Tour Kettle",
                    "barcode": "TOURKETTLE",
                    "is_storable": True,
                    "lst_price": 20.0,
                },
                {"name": "Tour Mug", "barcode": "TOURMUG", "is_storable": True, "lst_price": 5.0},
            ]
        )
        cls.kettle, cls.mug = products
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        for product in products:
            cls.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 10)
        cls.lamp, cls.lamp_serials = cls._serial_product_in_stock(
            "Tour Lamp", ["TOUR-LAMP-SN1"], barcode="TOURLAMP", lst_price=30.0
        )
        cls.env.company.aftersales_return_auto_approve_amount = 1000.0
        now = fields.Datetime.now()
        customer = cls.env["res.partner"].create(
            {
                "name": "Tour Customer",
                "email": "tour.customer@example.com",
                "phone": "+86 139 1234 5678",
            }
        )
        order = cls._sell_and_deliver(customer, {cls.kettle: 2, cls.mug: 1, cls.lamp: 1})
        cls.ra = cls._approved_return(
            order, tracking_ref="TOUR-TRACK-1", pickup_date=now + timedelta(days=1)
        )
        # another parcel on its way, picked up later: the one the phone opens from the list
        phone_customer = cls.env["res.partner"].create({"name": "Phone Customer"})
        cls.ra_phone = cls._approved_return(
            cls._sell_and_deliver(phone_customer, {cls.kettle: 1, cls.mug: 1}),
            tracking_ref="TOUR-TRACK-2",
            pickup_date=now + timedelta(days=2),
        )

    @classmethod
    def _approved_return(cls, order, **vals):
        ra = cls.env["aftersales.return"].create(
            {
                "partner_id": order.partner_id.id,
                "sale_order_id": order.id,
                "line_ids": [
                    Command.create({"sale_line_id": line.id, "quantity": line.product_uom_qty})
                    for line in order.order_line
                ],
                **vals,
            }
        )
        ra.action_submit()
        return ra

    def test_inspector_receives_a_return_by_scanning(self):
        self.assertEqual(self.ra.state, "approved")
        self.browser_size = "1440x900"
        self.start_tour(
            "/odoo/receive-returns", "aftersales_receive_returns_tour", login=self.inspector.login
        )
        ra = self.ra
        pickings = ra.sudo().picking_ids
        receipt = pickings.filtered(lambda p: p.state == "done")
        self.assertEqual(len(receipt), 1)
        # the second kettle waited on a backorder, cancelled when the receipt was closed
        self.assertEqual((pickings - receipt).mapped("state"), ["cancel"])
        self.assertEqual((pickings - receipt).move_ids.product_id, self.kettle)
        done = {move.product_id: move.quantity for move in receipt.move_ids if move.state == "done"}
        self.assertEqual(done, {self.kettle: 1.0, self.mug: 1.0, self.lamp: 1.0})
        self.assertEqual(
            receipt.move_line_ids.filtered(lambda ml: ml.product_id == self.lamp).lot_id,
            self.lamp_serials,
        )
        self.assertEqual(ra.state, "received")
        self.assertTrue(ra.receipt_discrepancy)
        lines = {line.product_id: line for line in ra.line_ids}
        self.assertEqual(lines[self.kettle].receipt_discrepancy, "missing")
        self.assertEqual(lines[self.kettle].qty_missing, 1.0)
        self.assertEqual(lines[self.mug].receipt_discrepancy, "damaged")
        self.assertEqual(lines[self.mug].condition_grade, "damaged")
        self.assertEqual(lines[self.mug].inspection_note, "Handle chipped")
        photo = lines[self.mug].attachment_ids
        self.assertEqual(photo.name, "mug-handle.png")
        self.assertEqual(photo.mimetype, "image/png")
        self.assertTrue(photo.raw.startswith(b"\x89PNG"))
        self.assertFalse(lines[self.kettle].inspection_note)
        quants = self.env["stock.quant"]
        self.assertEqual(quants._get_available_quantity(self.kettle, ra.return_location_id), 1.0)
        self.assertEqual(quants._get_available_quantity(self.mug, ra.return_location_id), 1.0)
        self.assertEqual(ra.inspected_by_id, self.inspector)

    def test_inspector_on_a_phone_picks_the_return_from_the_expected_list(self):
        self.browser_size = "390x844"
        self.start_tour(
            "/odoo/receive-returns",
            "aftersales_receive_returns_phone_tour",
            login=self.inspector.login,
        )
        mug = self.ra_phone.line_ids.filtered(lambda line: line.product_id == self.mug)
        self.assertEqual(mug.qty_scanned, 1.0)
        self.assertEqual(mug.condition_grade, "resellable")
        self.assertEqual(self.ra_phone.state, "approved")
        # the desktop's return was not touched
        self.assertFalse(self.ra.line_ids.filtered("qty_scanned"))
