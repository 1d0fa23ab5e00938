from ast import literal_eval

from odoo import Command
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import TransactionCase
from odoo.tools import SQL
from odoo.tools.sql import index_exists


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

    def test_customer_returns_list_reaches_its_index(self):
        receipt = self._return(2)
        domain = literal_eval(
            self.env.ref("aftersales_returns.action_customer_return_picking").domain
        )
        # the inspector's Customer Returns list shows the return
        inspector_pickings = self.env["stock.picking"].with_user(self.inspector)
        self.assertEqual(inspector_pickings.search(domain), receipt)
        # the list's condition reaches the partial index (the table scan priced out of
        # reach; without the record rules, whose company condition the planner may prefer
        # on a table this small)
        Picking = self.env["stock.picking"]
        query = Picking._search(domain, order=Picking._order)
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.env.cr.execute("SET LOCAL enable_seqscan = on")
        self.assertIn("stock_picking_aftersales_customer_return_idx", plan)
        # the other transfers stay out of it: only the returns are indexed
        self.assertFalse(
            index_exists(self.env.cr, "stock_picking__aftersales_is_customer_return_index")
        )
        self.env.cr.execute(
            "SELECT pg_get_expr(indpred, indrelid) FROM pg_index"
            " WHERE indexrelid = 'stock_picking_aftersales_customer_return_idx'::regclass"
        )
        self.assertIn("aftersales_is_customer_return IS TRUE", self.env.cr.fetchone()[0])
