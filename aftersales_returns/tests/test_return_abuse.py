from odoo import Command, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import AftersalesReturnCommon, ReturnFlowMixin

SCAN = "aftersales.return.scan"


@tagged("post_install", "-at_install")
class TestReturnAbuse(AftersalesReturnCommon):
    """Per customer the return rate, the refund-only requests and the serials sent back that
    were not sold, shown on the return; a high-risk request goes to a manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "aftersales_abuse_return_rate": 60.0,
                "aftersales_abuse_min_orders": 3,
                "aftersales_abuse_refund_only_count": 3,
                "aftersales_abuse_serial_mismatch_count": 1,
                "aftersales_refund_only_max_value": 50.0,
                "aftersales_approver_id": cls.manager.id,
            }
        )
        cls.shopper = cls.env["res.partner"].create(
            {"name": "Zhang Min", "email": "zm@example.com"}
        )
        cls.camera, cls.serials = cls._serial_product_in_stock(
            "Camera", ["CAM-001", "CAM-002", "CAM-009"], lst_price=40.0
        )
        cls.orders = cls.env["sale.order"]
        for _i in range(4):
            cls.orders |= cls._sell_and_deliver(cls.shopper, {cls.mug: 1}, invoice=True)

    def _request(self, order, return_type="return", user=None, **line_vals):
        return (
            self.env["aftersales.return"]
            .with_user(user or self.agent)
            .create(
                {
                    "partner_id": self.shopper.id,
                    "sale_order_id": order.id,
                    "return_type": return_type,
                    "line_ids": [
                        Command.create(
                            dict(
                                {"sale_line_id": order.order_line[:1].id, "quantity": 1},
                                **line_vals,
                            )
                        )
                    ],
                }
            )
        )

    def test_an_ordinary_customer_is_approved_by_the_policy(self):
        ra = self._request(self.orders[0])
        ra.action_submit()
        self.assertEqual(ra.state, "approved")
        signal = ra.with_user(self.agent)
        self.assertEqual(signal.customer_order_count, 4)
        self.assertEqual(signal.customer_return_rate, 25.0)
        self.assertFalse(signal.abuse_risk)
        self.assertFalse(ra.policy_result_ids.filtered(lambda r: r.rule == "abuse_risk"))

    def test_a_high_return_rate_sends_the_request_to_a_manager(self):
        for order in self.orders[:2]:
            self._request(order).action_submit()
        ra = self._request(self.orders[2])
        self.assertEqual(ra.with_user(self.manager).customer_return_rate, 75.0)
        self.assertTrue(ra.with_user(self.agent).abuse_risk)
        ra.with_user(self.agent).action_submit()
        self.assertEqual(ra.state, "to_approve", "inside the policy, but a high-risk customer")
        risk = ra.policy_result_ids.filtered(lambda r: r.rule == "abuse_risk")
        self.assertFalse(risk.passed)
        self.assertEqual(risk.scope, "approval")
        self.assertIn("returns on 75.0% of 4 orders", risk.message)
        self.assertTrue(ra.activity_ids.filtered(lambda a: a.user_id == self.manager))
        # a manager approves without an override reason: the request is inside the policy
        ra.with_user(self.manager).action_approve()
        self.assertEqual(ra.state, "approved")

    def test_refunds_only_count(self):
        for order in self.orders[:2]:
            ra = self._request(order, "refund_only")
            ra.action_submit()
            self.assertEqual(ra.state, "approved")
        self.company.aftersales_abuse_return_rate = 0.0
        ra = self._request(self.orders[2], "refund_only")
        ra.action_submit()
        self.assertEqual(ra.state, "to_approve")
        self.assertEqual(ra.with_user(self.agent).customer_refund_only_count, 3)
        self.assertIn(
            "3 refund-only requests",
            ra.policy_result_ids.filtered(lambda r: r.rule == "abuse_risk").message,
        )

    def test_a_serial_not_sold_counts_against_the_customer(self):
        order = self._sell_and_deliver(self.shopper, {self.camera: 1}, invoice=True)
        sold = order.picking_ids.move_line_ids.lot_id
        other = self.serials - sold
        ra = self._request(order, lot_id=sold.id)
        ra.action_submit()
        scans = self.env[SCAN].with_user(self.inspector)
        result = scans.scan(ra.id, other[0].name)
        self.assertEqual(result["status"], "refused")
        scans.scan(ra.id, other[0].name)
        self.assertEqual(ra.serial_mismatch_lots, other[0].name, "recorded once")
        self.assertEqual(ra.with_user(self.agent).customer_serial_mismatch_count, 1)
        # the next request of the customer goes to a manager
        self.company.aftersales_abuse_return_rate = 0.0
        following = self._request(self.orders[3])
        following.action_submit()
        self.assertEqual(following.state, "to_approve")
        self.assertIn(
            "1 units sent back with a serial not sold",
            following.policy_result_ids.filtered(lambda r: r.rule == "abuse_risk").message,
        )
        # nobody clears the record by hand, the inspector reads no signal
        with self.assertRaises(UserError):
            ra.with_user(self.manager).write({"serial_mismatch_lots": False})
        with self.assertRaises(AccessError):
            ra.with_user(self.inspector).read(["customer_return_rate"])

    def test_the_signal_disabled(self):
        self.company.write(
            {
                "aftersales_abuse_return_rate": 0.0,
                "aftersales_abuse_refund_only_count": 0,
                "aftersales_abuse_serial_mismatch_count": 0,
            }
        )
        for order in self.orders[:3]:
            ra = self._request(order)
            ra.action_submit()
            self.assertEqual(ra.state, "approved")


@tagged("post_install", "-at_install")
class TestReturnAbusePortal(ReturnFlowMixin, HttpCase):
    """A request the customer makes on the portal is weighed like any other."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {
                "aftersales_return_auto_approve_amount": 1000.0,
                "aftersales_return_window_days": 30,
                "aftersales_abuse_return_rate": 60.0,
                "aftersales_abuse_min_orders": 3,
            }
        )
        cls.portal_user = new_test_user(cls.env, login="abuse_portal", groups="base.group_portal")
        cls.customer = cls.portal_user.partner_id
        cls.product = cls.env["product.product"].create(
            {"name": "Tea Cup", "is_storable": True, "list_price": 8.0, "taxes_id": False}
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(cls.product, warehouse.lot_stock_id, 9)
        cls.orders = cls.env["sale.order"]
        for _i in range(3):
            cls.orders |= cls._sell_and_deliver(cls.customer, {cls.product: 1})
        for order in cls.orders[:2]:
            ra = cls.env["aftersales.return"].create(
                {
                    "partner_id": cls.customer.id,
                    "sale_order_id": order.id,
                    "line_ids": [
                        Command.create({"sale_line_id": order.order_line.id, "quantity": 1})
                    ],
                }
            )
            ra.action_submit()

    def test_portal_request_of_a_high_risk_customer_waits_for_a_manager(self):
        order = self.orders[2]
        line = order.order_line
        self.authenticate("abuse_portal", "abuse_portal")
        response = self.url_open(
            f"/my/returns/new?order_id={order.id}",
            data={
                "csrf_token": http.Request.csrf_token(self),
                f"qty_{line.id}": "1",
                "description": "Changed my mind.",
            },
        )
        self.assertEqual(response.status_code, 200)
        ra = self.env["aftersales.return"].search([("sale_order_id", "=", order.id)])
        self.assertEqual(ra.state, "to_approve")
        risk = ra.policy_result_ids.filtered(lambda r: r.rule == "abuse_risk")
        self.assertIn("returns on 100.0% of 3 orders", risk.message)
        # the customer is not told they are suspected
        self.assertNotIn("High return risk", response.text)
