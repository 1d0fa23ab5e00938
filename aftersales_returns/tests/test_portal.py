import re

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ReturnFlowMixin


@tagged("post_install", "-at_install")
class TestReturnPortal(ReturnFlowMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(cls.env, login="ra_portal", groups="base.group_portal")
        cls.other_user = new_test_user(cls.env, login="ra_portal2", groups="base.group_portal")
        cls.customer = cls.portal_user.partner_id
        cls.product = cls.env["product.product"].create(
            {"name": "Rice Cooker", "is_storable": True, "list_price": 60.0}
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(cls.product, warehouse.lot_stock_id, 5)
        cls.order = cls._sell_and_deliver(cls.customer, {cls.product: 2})
        cls.env.company.aftersales_return_auto_approve_amount = 1000.0

    def test_portal_customer_requests_a_return(self):
        self.authenticate("ra_portal", "ra_portal")
        page = self.url_open(f"/my/returns/new?order_id={self.order.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Rice Cooker", page.text)
        line = self.order.order_line
        reason = self.env.ref("aftersales_returns.return_reason_defective")
        response = self.url_open(
            f"/my/returns/new?order_id={self.order.id}",
            data={
                "csrf_token": http.Request.csrf_token(self),
                f"qty_{line.id}": "1",
                f"reason_{line.id}": str(reason.id),
                f"condition_{line.id}": "defective",
                "description": "It does not heat.",
            },
            files={"photos": ("photo.png", b"\x89PNG fake", "image/png")},
        )
        self.assertEqual(response.status_code, 200)
        ra = self.env["aftersales.return"].search([("sale_order_id", "=", self.order.id)])
        self.assertEqual(len(ra), 1)
        self.assertEqual(ra.partner_id, self.customer)
        self.assertEqual(ra.line_ids.quantity, 1.0)
        self.assertEqual(ra.line_ids.reason_id, reason)
        self.assertEqual(ra.line_ids.attachment_ids.name, "photo.png")
        self.assertEqual(ra.state, "approved", "inside the policy: approved at once")
        self.assertFalse(ra.approved_by_id, "the customer approves nothing: the policy did")
        self.assertTrue(ra.sudo().picking_ids)
        self.assertIn(ra.name, response.text)
        # the customer reads what the law grants and on what basis, and who pays the shipping
        rights = response.text.split('class="o_aftersales_return_rights')[1].split("</table>")[0]
        self.assertIn("Choice of return, exchange or repair", rights)
        self.assertIn("Consumer Rights Protection Law of the PRC, art. 24", rights)
        self.assertIn("Return shipping paid by", response.text)
        listing = self.url_open("/my/returns")
        self.assertIn(ra.name, listing.text)

    def test_portal_refuses_too_much_with_a_message(self):
        self.authenticate("ra_portal", "ra_portal")
        line = self.order.order_line
        response = self.url_open(
            f"/my/returns/new?order_id={self.order.id}",
            data={"csrf_token": http.Request.csrf_token(self), f"qty_{line.id}": "3"},
        )
        self.assertIn("only 2.0 can still be returned", response.text)
        self.assertFalse(
            self.env["aftersales.return"].search([("sale_order_id", "=", self.order.id)])
        )

    def test_portal_customer_cannot_see_another_customers_return(self):
        ra = self.env["aftersales.return"].create(
            {
                "partner_id": self.customer.id,
                "sale_order_id": self.order.id,
                "line_ids": [(0, 0, {"sale_line_id": self.order.order_line.id, "quantity": 1})],
            }
        )
        self.assertEqual(ra.with_user(self.portal_user).read(["name"])[0]["name"], ra.name)
        with self.assertRaises(AccessError):
            ra.with_user(self.other_user).read(["name"])
        self.assertFalse(self.env["aftersales.return"].with_user(self.other_user).search([]))
        with self.assertRaises(AccessError):
            ra.line_ids.with_user(self.other_user).read(["quantity"])
        self.authenticate("ra_portal2", "ra_portal2")
        response = self.url_open(f"/my/returns/{ra.id}")
        self.assertNotIn(ra.name, response.text)
        # nor request a return on someone else's order
        self.url_open(
            f"/my/returns/new?order_id={self.order.id}",
            data={
                "csrf_token": http.Request.csrf_token(self),
                f"qty_{self.order.order_line.id}": "1",
            },
        )
        self.assertEqual(
            self.env["aftersales.return"].search_count([("sale_order_id", "=", self.order.id)]), 1
        )

    def test_portal_customer_returns_two_serials_of_one_line(self):
        camera, serials = self._serial_product_in_stock(
            "Camera", ["CAM-1", "CAM-2", "CAM-3"], list_price=90.0
        )
        order = self._sell_and_deliver(self.customer, {camera: 3})
        line = order.order_line
        self.authenticate("ra_portal", "ra_portal")
        page = self.url_open(f"/my/returns/new?order_id={order.id}")
        for serial in serials:
            self.assertIn(serial.name, page.text)
            self.assertIn(f'name="qty_{line.id}_{serial.id}"', page.text)
        self.assertNotIn(f'name="qty_{line.id}"', page.text, "no row without a serial")
        cam1, cam2, cam3 = serials
        self.url_open(
            f"/my/returns/new?order_id={order.id}",
            data={
                "csrf_token": http.Request.csrf_token(self),
                f"qty_{line.id}_{cam1.id}": "1",
                f"qty_{line.id}_{cam3.id}": "1",
                f"condition_{line.id}_{cam3.id}": "defective",
            },
        )
        ra = self.env["aftersales.return"].search([("sale_order_id", "=", order.id)])
        self.assertEqual(ra.line_ids.lot_id, cam1 | cam3)
        self.assertEqual(
            ra.line_ids.filtered(lambda line: line.lot_id == cam3).reported_condition,
            "defective",
        )
        self.assertEqual(ra.state, "approved")
        self.assertEqual(len(ra.sudo().picking_ids.move_ids), 2)
        self.assertEqual(ra.sudo().picking_ids.move_line_ids.lot_id, cam1 | cam3)
        # the customer's return page names the serial numbers
        page = self.url_open(f"/my/returns/{ra.id}")
        self.assertIn("CAM-1", page.text)
        self.assertIn("CAM-3", page.text)
        self.assertNotIn("CAM-2", page.text)

    # ------------------------------------------------------------ the form, as the customer

    def _post_return(self, order, **data):
        return self.url_open(
            f"/my/returns/new?order_id={order.id}",
            data=dict(data, csrf_token=http.Request.csrf_token(self)),
        )

    @staticmethod
    def _tag(html, name):
        """The opening tag of the field named ``name`` on the page."""
        start = html.index(f'name="{name}"')
        return html[html.rindex("<", 0, start) : html.index(">", start) + 1]

    @staticmethod
    def _selected(html, name):
        """The value of the option selected in the <select> named ``name``."""
        start = html.index(f'name="{name}"')
        select = html[start : html.index("</select>", start)]
        chosen = [
            re.search(r'value="([^"]*)"', option).group(1)
            for option in re.findall(r"<option[^>]*>", select)
            if re.search(r"\sselected(=|\s|>|/)", option)
        ]
        return chosen[0] if len(chosen) == 1 else chosen

    def test_refused_request_keeps_what_the_customer_typed(self):
        line = self.order.order_line
        reason = self.env.ref("aftersales_returns.return_reason_changed_mind")
        self.authenticate("ra_portal", "ra_portal")
        response = self._post_return(
            self.order,
            **{
                f"qty_{line.id}": "3",
                f"reason_{line.id}": str(reason.id),
                f"condition_{line.id}": "defective",
                "outcome": "exchange",
                "description": "The lid <b>cracked</b> on day two.",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("only 2.0 can still be returned", response.text)
        html = response.text
        self.assertIn('value="3"', self._tag(html, f"qty_{line.id}"))
        self.assertEqual(self._selected(html, f"reason_{line.id}"), str(reason.id))
        self.assertEqual(self._selected(html, f"condition_{line.id}"), "defective")
        self.assertEqual(self._selected(html, "outcome"), "exchange")
        self.assertIn("The lid &lt;b&gt;cracked&lt;/b&gt; on day two.", html)
        self.assertFalse(
            self.env["aftersales.return"].search([("sale_order_id", "=", self.order.id)])
        )

    def test_returned_lines_are_closed(self):
        line = self.order.order_line
        self.authenticate("ra_portal", "ra_portal")
        self._post_return(self.order, **{f"qty_{line.id}": "2"})
        ra = self.env["aftersales.return"].search([("sale_order_id", "=", self.order.id)])
        self.assertEqual(ra.line_ids.quantity, 2.0)
        page = self.url_open(f"/my/returns/new?order_id={self.order.id}").text
        self.assertIn('disabled="disabled"', self._tag(page, f"qty_{line.id}"))
        self.assertIn("Return already requested", page)
        self.assertNotIn(f'name="reason_{line.id}"', page)
        self._receive(ra)
        page = self.url_open(f"/my/returns/new?order_id={self.order.id}").text
        self.assertIn('disabled="disabled"', self._tag(page, f"qty_{line.id}"))
        self.assertIn("o_aftersales_returned", page)
        self.assertIn(">Returned<", "".join(page.split()))
        # a forged form posting a quantity anyway is refused, and nothing is written
        forged = self._post_return(self.order, **{f"qty_{line.id}": "1"})
        self.assertEqual(forged.status_code, 400)
        self.assertIn("nothing is left to return", forged.text)
        self.assertEqual(
            self.env["aftersales.return"].search_count([("sale_order_id", "=", self.order.id)]), 1
        )

    def test_the_customer_chooses_the_outcome(self):
        line = self.order.order_line
        self.authenticate("ra_portal", "ra_portal")
        page = self.url_open(f"/my/returns/new?order_id={self.order.id}").text
        for outcome in ("refund", "exchange", "repair"):
            self.assertIn(f'value="{outcome}"', page.split('name="outcome"')[1])
        forged = self._post_return(self.order, **{f"qty_{line.id}": "1", "outcome": "cash"})
        self.assertEqual(forged.status_code, 400)
        self.assertIn("Choose a refund, an exchange or a repair.", forged.text)
        self.assertFalse(
            self.env["aftersales.return"].search([("sale_order_id", "=", self.order.id)])
        )
        self._post_return(self.order, **{f"qty_{line.id}": "1", "outcome": "repair"})
        ra = self.env["aftersales.return"].search([("sale_order_id", "=", self.order.id)])
        self.assertEqual(ra.outcome, "repair")
        self.assertEqual(ra.line_ids.outcome, "repair")
        page = self.url_open(f"/my/returns/{ra.id}").text
        asked = page.split("o_aftersales_return_outcome")[1].split("</p>")[0]
        self.assertIn("Repair", asked)

    def test_returns_card_has_its_own_icon(self):
        self.authenticate("ra_portal", "ra_portal")
        home = self.url_open("/my").text
        start = home.index('href="/my/returns"')
        card = home[start : home.index("</a>", start)]
        self.assertIn("/aftersales_returns/static/img/portal-returns.svg", card)
        self.assertNotIn("portal-addresses.svg", card)
        icon = self.url_open("/aftersales_returns/static/img/portal-returns.svg")
        self.assertEqual(icon.status_code, 200)
