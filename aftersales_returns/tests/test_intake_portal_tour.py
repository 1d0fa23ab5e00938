from odoo.tests import HttpCase, new_test_user, tagged

from .common import ReturnFlowMixin


@tagged("post_install", "-at_install")
class TestIntakePortalTour(ReturnFlowMixin, HttpCase):
    """The request form on a phone (390 px wide): order, product of that order, expectation."""

    browser_size = "390x844"

    def test_request_about_an_order_on_a_phone(self):
        portal = new_test_user(
            self.env,
            login="intake_tour_portal",
            groups="base.group_portal",
            email="intake.tour@example.com",
        )
        stock = (
            self.env["stock.warehouse"]
            .search([("company_id", "=", self.env.company.id)], limit=1)
            .lot_stock_id
        )
        fan, cooker = self.env["product.product"].create(
            [
                {"name": "Tour Desk Fan", "is_storable": True, "list_price": 20.0},
                {"name": "Tour Rice Cooker", "is_storable": True, "list_price": 60.0},
            ]
        )
        for product in (fan, cooker):
            self.env["stock.quant"]._update_available_quantity(product, stock, 5)
        fan_order = self._sell_and_deliver(portal.partner_id, {fan: 1})
        self._sell_and_deliver(portal.partner_id, {cooker: 1})
        self.start_tour("/new/ticket", "aftersales_intake_portal_tour", login=portal.login)
        case = self.env["helpdesk.ticket"].search([("partner_id", "=", portal.partner_id.id)])
        self.assertEqual(case.name, "Fan rattles")
        self.assertEqual(case.aftersales_sale_order_id, fan_order)
        self.assertEqual(case.aftersales_product_id, fan)
        self.assertEqual(case.aftersales_customer_expectation, "repair")
