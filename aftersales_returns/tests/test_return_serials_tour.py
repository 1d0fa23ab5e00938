from odoo.tests import HttpCase, new_test_user, tagged

from .common import ReturnFlowMixin


@tagged("post_install", "-at_install")
class TestReturnSerialsTour(ReturnFlowMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an after-sales agent: no Sales, Inventory or Invoicing rights
        cls.agent = new_test_user(
            cls.env, login="ra_tour_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.env.company.aftersales_return_auto_approve_amount = 1000.0
        cls.camera, cls.serials = cls._serial_product_in_stock(
            "Tour Camera", [f"TOUR-SN-{number}" for number in (1, 2, 3)], lst_price=80.0
        )
        customer = cls.env["res.partner"].create({"name": "Tour Photographer"})
        cls.order = cls._sell_and_deliver(customer, {cls.camera: 3})
        cls.order.name = "TOURORDER-1"

    def test_agent_returns_two_serials_of_one_order_line(self):
        self.start_tour(
            "/odoo/action-aftersales_returns.action_aftersales_return",
            "aftersales_return_serials_tour",
            login=self.agent.login,
        )
        ra = self.env["aftersales.return"].search([("sale_order_id", "=", self.order.id)])
        self.assertEqual(len(ra), 1)
        self.assertEqual(ra.state, "approved")
        self.assertEqual(ra.line_ids.lot_id, self.serials[0] | self.serials[2])
        self.assertEqual(ra.line_ids.sale_line_id, self.order.order_line)
        receipt = ra.sudo().picking_ids
        self.assertEqual(len(receipt.move_ids), 2)
        self.assertEqual(receipt.move_line_ids.lot_id, self.serials[0] | self.serials[2])
