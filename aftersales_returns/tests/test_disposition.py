from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import AftersalesReturnCommon


@tagged("post_install", "-at_install")
class TestReturnDisposition(AftersalesReturnCommon):
    def _received(self, lines):
        ra = self._new_return(lines)
        ra.action_submit()
        self.assertEqual(ra.state, "approved")
        self._receive(ra)
        return ra

    def test_refund_credit_note_deducts_the_restocking_fee(self):
        ra = self._received([(self.kettle_line, 2, {"reason_id": self.reason_changed_mind.id})])
        self.assertEqual(ra.line_ids.disposition, "refund")
        ra.action_dispose()
        credit_note = ra.sudo().credit_note_ids
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "draft")
        invoice = self.order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        self.assertEqual(credit_note.reversed_entry_id, invoice)
        # 2 x 100, less 15 % restocking fee for a change of mind
        self.assertAlmostEqual(credit_note.amount_untaxed, 170.0)
        self.assertIn("restocking fee", credit_note.invoice_line_ids.name)
        self.assertEqual(credit_note.invoice_line_ids.sale_line_ids, self.kettle_line)
        self.assertIn(credit_note, self.order.invoice_ids)
        self.assertEqual(ra.line_ids.qty_disposed, 2.0)
        self.assertEqual(ra.state, "done")
        self.assertEqual(credit_note.action_view_aftersales_return()["res_id"], ra.id)
        self.assertTrue(ra.message_ids.filtered(lambda m: "what happens next" in (m.subject or "")))
        with self.assertRaisesRegex(UserError, "a credit note was issued"):
            ra.action_cancel()

    def test_agent_without_sales_inventory_or_invoicing_rights_disposes(self):
        agent = new_test_user(
            self.env, login="ra_pure_agent", groups="aftersales_flow.group_aftersales_user"
        )
        ra = self._received([(self.kettle_line, 1, {})])
        ra = ra.with_user(agent)
        counts = ra.read(["picking_count", "credit_note_count", "claim_count"])[0]
        self.assertEqual((counts["picking_count"], counts["credit_note_count"]), (1, 0))
        ra.action_dispose()
        self.assertEqual(ra.state, "done")
        self.assertEqual(ra.credit_note_count, 1)
        outcome = ra.sudo().message_ids.filtered(lambda m: "what happens next" in (m.subject or ""))
        self.assertIn("A credit note is on its way", str(outcome[:1].body))
        self.assertEqual(outcome[:1].author_id, agent.partner_id, "sent in the agent's name")

    def test_refund_needs_an_invoiced_order(self):
        order = self._sell_and_deliver(self.customer, {self.mug: 2})
        ra = (
            self.env["aftersales.return"]
            .with_user(self.agent)
            .create(
                {
                    "partner_id": self.customer.id,
                    "sale_order_id": order.id,
                    "line_ids": [(0, 0, {"sale_line_id": order.order_line.id, "quantity": 1})],
                }
            )
        )
        ra.action_submit()
        self._receive(ra)
        with self.assertRaisesRegex(UserError, "invoice the order first"):
            ra.action_dispose()
        self.assertEqual(ra.line_ids.qty_disposed, 0.0)
        self.assertFalse(ra.sudo().credit_note_ids)

    def test_exchange_creates_the_replacement_delivery(self):
        teapot = self._create_product(name="Teapot", is_storable=True, lst_price=100.0)
        self.env["stock.quant"]._update_available_quantity(teapot, self.warehouse.lot_stock_id, 5)
        ra = self._received([(self.kettle_line, 1, {"outcome": "exchange"})])
        ra.line_ids.exchange_product_id = teapot
        ra.action_dispose()
        delivery = ra.sudo().picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual(delivery.partner_id, self.order.partner_shipping_id)
        self.assertEqual(delivery.move_ids.product_id, teapot)
        self.assertEqual(delivery.move_ids.product_uom_qty, 1.0)
        self.assertEqual(delivery.state, "assigned")
        self.assertFalse(ra.sudo().credit_note_ids)

    def test_scrap_restock_and_back_to_customer(self):
        ra = self._received([(self.kettle_line, 2, {}), (self.mug_line, 3, {})])
        kettle, mug = ra.line_ids.sorted(lambda line: line.product_id != self.kettle)
        kettle.disposition = "scrap"
        mug.disposition = "restock"
        ra.action_dispose()
        self.assertEqual(ra.sudo().scrap_ids.state, "done")
        self.assertEqual(ra.sudo().scrap_ids.scrap_qty, 2.0)
        self.assertEqual(ra.sudo().scrap_ids.location_id, ra.return_location_id)
        restock = ra.sudo().picking_ids.filtered(lambda p: p.picking_type_code == "internal")
        self.assertEqual(restock.location_id, ra.return_location_id)
        self.assertEqual(restock.location_dest_id, self.warehouse.lot_stock_id)
        self.assertEqual(restock.move_ids.product_uom_qty, 3.0)
        self.assertEqual(ra.state, "done")
        with self.assertRaisesRegex(UserError, "nothing received is waiting"):
            ra.action_dispose()

    def test_partial_receipt_disposes_only_what_arrived(self):
        ra = self._new_return([(self.mug_line, 4, {})])
        ra.action_submit()
        self._receive(ra, {self.mug: 1})
        ra.line_ids.disposition = "return_customer"
        ra.action_dispose()
        self.assertEqual(ra.line_ids.qty_disposed, 1.0)
        self.assertEqual(ra.line_ids.qty_to_dispose, 0.0)
        self.assertEqual(ra.state, "approved")
        back = ra.sudo().picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual(back.location_id, ra.return_location_id)
        self.assertEqual(back.move_ids.product_uom_qty, 1.0)

    def test_disposing_more_than_received_is_refused(self):
        ra = self._new_return([(self.mug_line, 2, {})])
        ra.action_submit()
        self._receive(ra, {self.mug: 1})
        with self.assertRaisesRegex(ValidationError, "only 1.0 received"):
            ra.line_ids.sudo().qty_disposed = 2.0
        with self.assertRaisesRegex(UserError, "nothing received is waiting"):
            # neither a disposition nor a refund (which is independent of it)
            ra.line_ids.write({"disposition": False, "to_refund": False})
            ra.action_dispose()

    def test_repair_is_routed_to_the_responsible(self):
        ra = self._received([(self.kettle_line, 1, {"outcome": "repair"})])
        if "repair_type_id" in self.warehouse._fields:
            # with Odoo's Repairs app (and the repair bridge) a repair becomes a repair order;
            # a warehouse without repair operation keeps the activity tested here
            self.warehouse.repair_type_id = False
        ra.action_dispose()
        self.assertIn("Repair 1.0 x", ra.activity_ids.summary)
        self.assertEqual(ra.state, "done")
