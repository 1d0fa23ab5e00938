from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import AftersalesReturnCommon


@tagged("post_install", "-at_install")
class TestReturnFromOrderWizard(AftersalesReturnCommon):
    def _open_wizard(self, order=None):
        action = (order or self.order).with_user(self.agent).action_create_aftersales_return()
        self.assertEqual(action["target"], "new")
        return self.env[action["res_model"]].with_user(self.agent).browse(action["res_id"])

    def _wizard_line(self, wizard, product):
        return wizard.line_ids.filtered(lambda line: line.product_id == product)

    def test_wizard_lists_delivered_lines_with_their_quantities(self):
        wizard = self._open_wizard()
        self.assertEqual(wizard.partner_id, self.customer)
        self.assertEqual(wizard.line_ids.sale_line_id, self.kettle_line | self.mug_line)
        kettle = self._wizard_line(wizard, self.kettle)
        self.assertEqual(
            (
                kettle.qty_delivered,
                kettle.qty_returned,
                kettle.qty_requested,
                kettle.qty_returnable,
                kettle.quantity,
            ),
            (3.0, 0.0, 0.0, 3.0, 0.0),
        )
        # one kettle requested on an open return, then received back
        ra = self._new_return([(self.kettle_line, 1, {})])
        ra.action_submit()
        kettle = self._wizard_line(self._open_wizard(), self.kettle)
        self.assertEqual(
            (
                kettle.qty_delivered,
                kettle.qty_returned,
                kettle.qty_requested,
                kettle.qty_returnable,
            ),
            (3.0, 0.0, 1.0, 2.0),
        )
        self._receive(ra)
        kettle = self._wizard_line(self._open_wizard(), self.kettle)
        self.assertEqual(
            (
                kettle.qty_delivered,
                kettle.qty_returned,
                kettle.qty_requested,
                kettle.qty_returnable,
            ),
            (3.0, 1.0, 0.0, 2.0),
        )

    def test_wizard_creates_the_return_with_the_chosen_lines_only(self):
        wizard = self._open_wizard()
        kettle_index = wizard.line_ids.ids.index(self._wizard_line(wizard, self.kettle).id)
        with Form(wizard) as form:
            form.outcome = "exchange"
            form.description = "Two kettles too many."
            with form.line_ids.edit(kettle_index) as line:
                line.quantity = 2
                line.reason_id = self.reason_changed_mind
                line.reported_condition = "opened"
        action = wizard.action_create_return()
        ra = self.env["aftersales.return"].browse(action["res_id"])
        self.assertEqual(ra.state, "draft")
        self.assertEqual(ra.sale_order_id, self.order)
        self.assertEqual(ra.partner_id, self.customer)
        self.assertEqual(ra.outcome, "exchange")
        self.assertEqual(ra.description, "Two kettles too many.")
        self.assertEqual(ra.line_ids.sale_line_id, self.kettle_line, "the mug was not chosen")
        self.assertEqual(ra.line_ids.quantity, 2.0)
        self.assertEqual(ra.line_ids.reason_id, self.reason_changed_mind)
        self.assertEqual(ra.line_ids.reported_condition, "opened")
        self.assertEqual(ra.line_ids.outcome, "exchange")
        self.assertEqual(self.order.aftersales_return_count, 1)

    def test_quantity_above_returnable_is_refused_and_nothing_created(self):
        first = self._new_return([(self.mug_line, 4, {})])
        first.action_submit()
        returns_before = self.env["aftersales.return"].search_count([])
        wizard = self._open_wizard()
        self._wizard_line(wizard, self.kettle).quantity = 1
        self._wizard_line(wizard, self.mug).quantity = 2
        with self.assertRaisesRegex(
            UserError, r"Mug: 2\.0 to return but only 1\.0 can still be returned"
        ):
            wizard.action_create_return()
        self.assertEqual(self.env["aftersales.return"].search_count([]), returns_before)

    def test_nothing_chosen_or_negative_is_refused(self):
        wizard = self._open_wizard()
        with self.assertRaisesRegex(UserError, "at least one line"):
            wizard.action_create_return()
        self._wizard_line(wizard, self.mug).quantity = -1
        with self.assertRaisesRegex(UserError, "cannot be negative"):
            wizard.action_create_return()
        self.assertFalse(self.order.aftersales_return_ids)

    def test_return_all_returnable_fills_and_clears_the_quantities(self):
        first = self._new_return([(self.mug_line, 4, {})])
        first.action_submit()
        wizard = self._open_wizard()
        wizard.action_fill_returnable()
        self.assertEqual(
            {(line.product_id, line.quantity) for line in wizard.line_ids},
            {(self.kettle, 3.0), (self.mug, 1.0)},
        )
        wizard.action_clear_quantities()
        self.assertEqual(set(wizard.line_ids.mapped("quantity")), {0.0})

    def test_unconfirmed_or_undelivered_order_is_refused(self):
        quotation = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.mug.id, "product_uom_qty": 1})],
            }
        )
        with self.assertRaisesRegex(UserError, "not a confirmed order"):
            quotation.with_user(self.agent).action_create_aftersales_return()
        quotation.action_confirm()
        with self.assertRaisesRegex(UserError, "Nothing has been delivered"):
            quotation.with_user(self.agent).action_create_aftersales_return()

    def test_serial_numbers_must_be_delivered_ones(self):
        drone = self._create_product(
            name="Drone", is_storable=True, tracking="serial", lst_price=300.0, taxes_id=False
        )
        lots = self.env["stock.lot"].create(
            [{"name": name, "product_id": drone.id} for name in ("DR-1", "DR-2", "DR-3")]
        )
        stock = self.warehouse.lot_stock_id
        for lot in lots[:2]:
            self.env["stock.quant"]._update_available_quantity(drone, stock, 1, lot_id=lot)
        order = self._sell_and_deliver(self.customer, {drone: 2})
        wizard = self._open_wizard(order)
        self.assertEqual(wizard.line_ids.lot_id, lots[:2], "one row per delivered serial")
        line = wizard.line_ids[0]
        self.assertEqual(line.delivered_lot_ids, lots[:2])
        line.write({"quantity": 1, "lot_id": lots[2].id})
        with self.assertRaisesRegex(UserError, "DR-3 was not delivered on this order"):
            wizard.action_create_return()
        line.write({"quantity": 2, "lot_id": lots[0].id})
        with self.assertRaisesRegex(UserError, "a serial number identifies one unit"):
            wizard.action_create_return()
        line.quantity = 1
        ra = self.env["aftersales.return"].browse(wizard.action_create_return()["res_id"])
        self.assertEqual(ra.line_ids.lot_id, lots[0])


@tagged("post_install", "-at_install")
class TestReturnFromCase(AftersalesReturnCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.function_failure = cls.env.ref("aftersales_flow.category_function_failure")

    def _case(self, **vals):
        return self.env["helpdesk.ticket"].create(
            dict(
                {
                    "name": "Kettle stopped heating",
                    "description": "It does not heat any more.",
                    "partner_id": self.customer.id,
                },
                **vals,
            )
        )

    def _create_from(self, ticket):
        action = ticket.with_user(self.agent).action_create_aftersales_return()
        return self.env["aftersales.return"].browse(action["res_id"])

    def test_order_reference_and_product_prefill_the_order_and_a_line(self):
        ticket = self._case(
            aftersales_order_ref=f"  {self.order.name.lower()} ",
            aftersales_product_id=self.kettle.id,
            category_id=self.function_failure.id,
            aftersales_customer_expectation="exchange",
        )
        ra = self._create_from(ticket)
        self.assertEqual(ra.state, "draft")
        self.assertEqual(ra.ticket_id, ticket)
        self.assertEqual(ra.partner_id, self.customer)
        self.assertEqual(ra.sale_order_id, self.order)
        self.assertEqual(ra.outcome, "exchange")
        self.assertEqual(ra.line_ids.sale_line_id, self.kettle_line)
        self.assertEqual(ra.line_ids.quantity, 1.0)
        self.assertEqual(ra.line_ids.reason_id, self.reason_defective, "from the category")
        self.assertEqual(ra.line_ids.outcome, "exchange")
        self.assertEqual(ticket.aftersales_return_count, 1)
        self.assertEqual(ticket.action_view_aftersales_returns()["res_id"], ra.id)

    def test_customer_reference_matches_and_unmapped_fields_are_left_alone(self):
        order = self._sell_and_deliver(self.customer, {self.mug: 2})
        order.client_order_ref = "PO-2026_17"
        other = self._sell_and_deliver(self.customer, {self.mug: 1})
        other.client_order_ref = "PO-2026-17"  # "_" is no wildcard: this one differs
        ticket = self._case(
            aftersales_order_ref="po-2026_17",
            aftersales_product_id=self.mug.id,
            aftersales_customer_expectation="explanation",
        )
        ra = self._create_from(ticket)
        self.assertEqual(ra.sale_order_id, order)
        self.assertEqual(ra.outcome, "refund", "an explanation is no return outcome")
        self.assertEqual(ra.line_ids.sale_line_id, order.order_line)
        self.assertFalse(ra.line_ids.reason_id)

    def test_no_matching_order_prefills_the_customer_only(self):
        ra = self._create_from(
            self._case(aftersales_order_ref="S99999", aftersales_product_id=self.kettle.id)
        )
        self.assertEqual(ra.partner_id, self.customer)
        self.assertFalse(ra.sale_order_id)
        self.assertFalse(ra.line_ids)

    def test_order_of_another_customer_is_not_used(self):
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        ticket = self._case(
            partner_id=stranger.id,
            aftersales_order_ref=self.order.name,
            aftersales_product_id=self.kettle.id,
        )
        ra = self._create_from(ticket)
        self.assertEqual(ra.partner_id, stranger)
        self.assertFalse(ra.sale_order_id)
        self.assertFalse(ra.line_ids)

    def test_product_not_delivered_on_the_order_gives_no_line(self):
        toaster = self._create_product(name="Toaster", is_storable=True)
        ra = self._create_from(
            self._case(aftersales_order_ref=self.order.name, aftersales_product_id=toaster.id)
        )
        self.assertEqual(ra.sale_order_id, self.order)
        self.assertFalse(ra.line_ids)

    def test_nothing_left_to_return_gives_no_line(self):
        ra = self._new_return([(self.kettle_line, 3, {})])
        ra.action_submit()
        ticket = self._case(
            aftersales_order_ref=self.order.name, aftersales_product_id=self.kettle.id
        )
        self.assertFalse(self._create_from(ticket).line_ids)

    def test_case_without_customer_is_refused(self):
        ticket = self._case(partner_id=False)
        with self.assertRaisesRegex(UserError, "Set the customer of the case"):
            ticket.with_user(self.agent).action_create_aftersales_return()
        self.assertFalse(ticket.aftersales_return_ids)
