from odoo.tests import HttpCase, new_test_user, tagged

from .common import ReturnFlowMixin


@tagged("post_install", "-at_install")
class TestReturnSerialsTour(ReturnFlowMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an agent of sales and after-sales, without inventory rights
        cls.agent = new_test_user(
            cls.env, login="ra_tour_agent",
            groups="aftersales_flow.group_aftersales_user,"
            "sales_team.group_sale_salesman_all_leads",
        )
        cls.env.company.aftersales_return_auto_approve_amount = 1000.0
        cls.camera = cls.env["product.product"].create({
            "name": "Tour Camera", "is_storable": True, "tracking": "serial",
            "lst_price": 80.0,
        })
        cls.serials = cls.env["stock.lot"].create([
            {"name": f"TOUR-SN-{number}", "product_id": cls.camera.id} for number in (1, 2, 3)
        ])
        stock = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        ).lot_stock_id
        for serial in cls.serials:
            cls.env["stock.quant"]._update_available_quantity(
                cls.camera, stock, 1, lot_id=serial
            )
        customer = cls.env["res.partner"].create({"name": "Tour Photographer"})
        cls.order = cls._sell_and_deliver(customer, {cls.camera: 3})

    def test_agent_returns_two_serials_of_one_order_line(self):
        self.start_tour(
            f"/odoo/action-sale.action_orders/{self.order.id}",
            "aftersales_return_serials_tour", login=self.agent.login,
        )
        ra = self.env["aftersales.return"].search([("sale_order_id", "=", self.order.id)])
        self.assertEqual(len(ra), 1)
        self.assertEqual(ra.state, "approved")
        self.assertEqual(ra.line_ids.lot_id, self.serials[0] | self.serials[2])
        self.assertEqual(ra.line_ids.sale_line_id, self.order.order_line)
        receipt = ra.picking_ids
        self.assertEqual(len(receipt.move_ids), 2)
        self.assertEqual(receipt.move_line_ids.lot_id, self.serials[0] | self.serials[2])
