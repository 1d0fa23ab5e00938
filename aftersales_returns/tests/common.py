from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class ReturnFlowMixin:
    """Sells, delivers and invoices orders for the return tests."""

    @classmethod
    def _sell_and_deliver(cls, partner, quantities, invoice=False):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in quantities.items()
                ],
            }
        )
        order.action_confirm()
        delivery = order.picking_ids
        for move in delivery.move_ids:
            move.quantity = move.product_uom_qty
        delivery.button_validate()
        if invoice:
            order._create_invoices().action_post()
        return order

    @classmethod
    def _serial_product_in_stock(cls, name, serial_names, **vals):
        """A serial-tracked product with one unit of each serial number in stock."""
        product = cls.env["product.product"].create(
            dict(
                {"name": name, "is_storable": True, "tracking": "serial", "taxes_id": False}, **vals
            )
        )
        serials = cls.env["stock.lot"].create(
            [{"name": serial_name, "product_id": product.id} for serial_name in serial_names]
        )
        stock = (
            cls.env["stock.warehouse"]
            .search([("company_id", "=", cls.env.company.id)], limit=1)
            .lot_stock_id
        )
        for serial in serials:
            cls.env["stock.quant"]._update_available_quantity(product, stock, 1, lot_id=serial)
        return product, serials

    @classmethod
    def _age_delivery(cls, order, days):
        """Pretend the order was delivered ``days`` ago."""
        order.picking_ids.move_ids.write({"date": fields.Datetime.now() - timedelta(days=days)})

    @classmethod
    def _sign(cls, order, days, dispatched_days=None):
        """The customer signed for the order's delivery ``days`` ago, dispatched
        ``dispatched_days`` ago (by default the day before)."""
        now = fields.Datetime.now()
        dispatched = now - timedelta(days=days + 1 if dispatched_days is None else dispatched_days)
        deliveries = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        deliveries.write(
            {
                "date_done": dispatched,
                "aftersales_date_signed": now - timedelta(days=days),
                "aftersales_signed_source": "carrier",
            }
        )

    @staticmethod
    def _receive(ra, quantities=None):
        """Validate the return receipts, receiving ``quantities`` {product: qty} or everything."""
        receipt = ra.sudo().picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming" and p.state not in ("done", "cancel")
        )
        for move in receipt.move_ids:
            qty = move.product_uom_qty
            if quantities is not None:
                qty = quantities.get(move.product_id, 0.0)
            move.quantity = qty
            move.picked = True
        # a partial receipt keeps the rest in a backorder, as the backorder wizard would
        receipt.with_context(skip_backorder=True).button_validate()
        return receipt


class AftersalesReturnCommon(ReturnFlowMixin, AccountTestInvoicingCommon):
    @classmethod
    def get_default_groups(cls):
        return (
            super().get_default_groups()
            | cls.env.ref("sales_team.group_sale_manager")
            | cls.env.ref("aftersales_flow.group_aftersales_manager")
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "aftersales_return_window_days": 30,
                "aftersales_return_auto_approve_amount": 500.0,
                "aftersales_restocking_fee_percent": 0.0,
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Li Wei", "email": "li.wei@example.com", "tz": "Asia/Shanghai"}
        )
        cls.kettle = cls._create_product(
            name="Kettle", is_storable=True, lst_price=100.0, taxes_id=False
        )
        cls.mug = cls._create_product(name="Mug", is_storable=True, lst_price=10.0, taxes_id=False)
        stock = cls.warehouse.lot_stock_id
        cls.env["stock.quant"]._update_available_quantity(cls.kettle, stock, 50)
        cls.env["stock.quant"]._update_available_quantity(cls.mug, stock, 50)
        cls.order = cls._sell_and_deliver(cls.customer, {cls.kettle: 3, cls.mug: 5}, invoice=True)
        cls.kettle_line = cls.order.order_line.filtered(lambda line: line.product_id == cls.kettle)
        cls.mug_line = cls.order.order_line.filtered(lambda line: line.product_id == cls.mug)
        cls.agent = new_test_user(
            cls.env,
            login="ra_agent",
            company_id=cls.company.id,
            groups="aftersales_flow.group_aftersales_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="ra_manager",
            company_id=cls.company.id,
            groups="aftersales_flow.group_aftersales_manager",
        )
        cls.inspector = new_test_user(
            cls.env,
            login="ra_inspector",
            company_id=cls.company.id,
            groups="aftersales_returns.group_return_inspector",
        )
        cls.reason_defective = cls.env.ref("aftersales_returns.return_reason_defective")
        cls.reason_changed_mind = cls.env.ref("aftersales_returns.return_reason_changed_mind")

    def _new_return(self, lines, user=None, **vals):
        """A draft authorization on the order, created by the agent.

        :param lines: list of (sale line, quantity, extra line values)
        """
        return (
            self.env["aftersales.return"]
            .with_user(user or self.agent)
            .create(
                {
                    "partner_id": self.customer.id,
                    "sale_order_id": self.order.id,
                    "line_ids": [
                        Command.create(
                            dict({"sale_line_id": sale_line.id, "quantity": qty}, **extra)
                        )
                        for sale_line, qty, extra in lines
                    ],
                    **vals,
                }
            )
        )
