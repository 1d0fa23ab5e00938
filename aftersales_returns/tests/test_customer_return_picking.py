from odoo import Command
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestCustomerReturnPicking(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Return Customer"})
        cls.product = cls.env["product.product"].create(
            {"name": "Kettle", "is_storable": True, "list_price": 40.0}
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 10
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 3})
                ],
            }
        )
        cls.order.action_confirm()
        cls.delivery = cls.order.picking_ids
        cls.delivery.move_ids.quantity = 3
        cls.delivery.button_validate()
        cls.inspector = new_test_user(
            cls.env, login="as_inspector", groups="aftersales_returns.group_return_inspector"
        )

    def _return(self, quantity):
        wizard = Form(
            self.env["stock.return.picking"].with_context(
                active_id=self.delivery.id, active_model="stock.picking"
            )
        ).save()
        wizard.product_return_moves.quantity = quantity
        return self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])

    def test_return_from_customer_is_flagged(self):
        self.assertFalse(self.delivery.aftersales_is_customer_return)
        receipt = self._return(2)
        self.assertTrue(receipt.aftersales_is_customer_return)
        self.assertEqual(receipt.move_ids.origin_returned_move_id, self.delivery.move_ids)
        receipt.button_validate()
        self.assertEqual(self.order.order_line.qty_delivered, 1)

    def test_inspector_sees_only_receiving_menus(self):
        menus = self.env["ir.ui.menu"].with_user(self.inspector).load_menus(debug=False)
        xmlids = set(
            self.env["ir.ui.menu"]
            .browse([key for key in menus if isinstance(key, int)])
            .get_external_id()
            .values()
        )
        self.assertIn("aftersales_returns.menu_stock_customer_return_picking", xmlids)
        self.assertNotIn("aftersales_flow.menu_aftersales_root", xmlids)
        returns = (
            self.env["stock.picking"]
            .with_user(self.inspector)
            .search([("aftersales_is_customer_return", "=", True)])
        )
        self.assertFalse(returns)
