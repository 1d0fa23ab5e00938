from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import AftersalesReturnCommon


@tagged("post_install", "-at_install")
class TestReturnAuthorization(AftersalesReturnCommon):
    def test_from_sale_order_with_every_returnable_line(self):
        action = self.order.with_user(self.agent).action_create_aftersales_return()
        wizard = self.env[action["res_model"]].with_user(self.agent).browse(action["res_id"])
        wizard.action_fill_returnable()
        ra = self.env["aftersales.return"].browse(wizard.action_create_return()["res_id"])
        self.assertEqual(ra.state, "draft")
        self.assertTrue(ra.name.startswith("RA/"))
        self.assertEqual(ra.partner_id, self.customer)
        self.assertEqual(ra.sale_order_id, self.order)
        self.assertEqual(
            {(line.product_id, line.quantity) for line in ra.line_ids},
            {(self.kettle, 3.0), (self.mug, 5.0)},
        )
        self.assertEqual(ra.amount_total, 350.0)
        self.assertEqual(ra.return_location_id, self.warehouse.aftersales_return_location_id)
        self.assertEqual(self.order.aftersales_return_count, 1)
        self.assertEqual(self.order.action_view_aftersales_returns()["res_id"], ra.id)

    def test_from_case_prefills_customer(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Kettle leaks",
                "description": "It leaks",
                "partner_id": self.customer.id,
            }
        )
        action = ticket.with_user(self.agent).action_create_aftersales_return()
        ra = self.env["aftersales.return"].with_user(self.agent).browse(action["res_id"])
        self.assertEqual(ra.partner_id, self.customer)
        self.assertEqual(ra.description, "Kettle leaks")
        with Form(ra) as form:
            form.sale_order_id = self.order
            with form.line_ids.new() as line:
                line.sale_line_id = self.kettle_line
                line.quantity = 1
        self.assertEqual(ra.ticket_id, ticket)
        self.assertEqual(ra.line_ids.product_id, self.kettle)
        self.assertEqual(ticket.aftersales_return_count, 1)
        self.assertEqual(ticket.action_view_aftersales_returns()["res_id"], ra.id)

    def test_by_hand_without_order_gets_a_plain_receipt(self):
        ra = (
            self.env["aftersales.return"]
            .with_user(self.agent)
            .create(
                {
                    "partner_id": self.customer.id,
                    "line_ids": [Command.create({"product_id": self.mug.id, "quantity": 2})],
                }
            )
        )
        ra.action_submit()
        self.assertEqual(ra.state, "approved")
        receipt = ra.sudo().picking_ids
        self.assertEqual(receipt.picking_type_code, "incoming")
        self.assertEqual(receipt.location_dest_id, ra.return_location_id)
        self.assertEqual(receipt.move_ids.aftersales_return_line_id, ra.line_ids)
        self.assertTrue(receipt.aftersales_is_customer_return)

    def test_product_not_on_the_order_is_refused(self):
        other = self._create_product(name="Toaster", is_storable=True)
        with self.assertRaisesRegex(ValidationError, "not on the sale order"):
            self.env["aftersales.return"].with_user(self.agent).create(
                {
                    "partner_id": self.customer.id,
                    "sale_order_id": self.order.id,
                    "line_ids": [Command.create({"product_id": other.id, "quantity": 1})],
                }
            )

    def test_quantity_above_returnable_is_refused_on_submit(self):
        ra = self._new_return([(self.kettle_line, 4, {})])
        with self.assertRaisesRegex(UserError, "only 3.0 can still be returned"):
            ra.action_submit()
        self.assertEqual(ra.state, "draft")
        self.assertFalse(ra.sudo().picking_ids)

    def test_requested_quantity_counts_against_other_open_returns(self):
        first = self._new_return([(self.kettle_line, 2, {})])
        first.action_submit()
        second = self._new_return([(self.kettle_line, 2, {})])
        with self.assertRaisesRegex(UserError, "only 1.0 can still be returned"):
            second.action_submit()

    def test_order_of_another_customer_is_refused(self):
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        with self.assertRaisesRegex(ValidationError, "was sold to Li Wei, not to Stranger"):
            self.env["aftersales.return"].with_user(self.agent).create(
                {
                    "partner_id": stranger.id,
                    "sale_order_id": self.order.id,
                }
            )
        ra = self._new_return([(self.kettle_line, 1, {})])
        other_order = self._sell_and_deliver(self.customer, {self.mug: 1})
        with self.assertRaisesRegex(ValidationError, "not on the sale order"):
            ra.sale_order_id = other_order

    def test_lot_not_delivered_is_refused(self):
        lot = self.env["stock.lot"].create({"name": "SN-404", "product_id": self.kettle.id})
        with self.assertRaisesRegex(ValidationError, "SN-404 was not delivered"):
            self._new_return([(self.kettle_line, 1, {"lot_id": lot.id})])

    def test_lot_delivered_to_another_customer_is_refused(self):
        toaster = self._create_product(
            name="Toaster", is_storable=True, tracking="serial", taxes_id=False
        )
        theirs, ours = self.env["stock.lot"].create(
            [
                {"name": "TS-THEIRS", "product_id": toaster.id},
                {"name": "TS-OURS", "product_id": toaster.id},
            ]
        )
        stock = self.warehouse.lot_stock_id
        self.env["stock.quant"]._update_available_quantity(toaster, stock, 1, lot_id=theirs)
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        self._sell_and_deliver(stranger, {toaster: 1})
        self.env["stock.quant"]._update_available_quantity(toaster, stock, 1, lot_id=ours)
        order = self._sell_and_deliver(self.customer, {toaster: 1})
        returns = self.env["aftersales.return"].with_user(self.agent)
        vals = {"partner_id": self.customer.id, "sale_order_id": order.id}
        with self.assertRaisesRegex(ValidationError, "TS-THEIRS was not delivered to Li Wei"):
            returns.create(
                dict(
                    vals,
                    line_ids=[
                        Command.create(
                            {
                                "sale_line_id": order.order_line.id,
                                "lot_id": theirs.id,
                                "quantity": 1,
                            }
                        )
                    ],
                )
            )
        ra = returns.create(
            dict(
                vals,
                line_ids=[
                    Command.create(
                        {
                            "sale_line_id": order.order_line.id,
                            "lot_id": ours.id,
                            "quantity": 1,
                        }
                    )
                ],
            )
        )
        self.assertEqual(ra.line_ids.lot_id, ours)

    def test_zero_quantity_is_refused(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self._new_return([(self.kettle_line, 0, {})])

    def test_only_draft_can_be_deleted(self):
        ra = self._new_return([(self.mug_line, 1, {})])
        ra.action_submit()
        with self.assertRaisesRegex(UserError, "Only draft or cancelled"):
            ra.with_user(self.manager).unlink()
