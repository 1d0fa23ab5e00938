import base64
import json

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.aftersales_flow.tools import aftersales_local_date

from .common import AftersalesReturnCommon, ReturnFlowMixin

# a real 1x1 PNG: the portal takes photos only
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

EMAIL = """Return-Path: <{sender}>
From: {sender}
To: support@example.com
Subject: {subject}
Message-ID: <{message_id}@example.com>
Date: Sat, 05 Dec 2026 02:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""


@tagged("post_install", "-at_install")
class TestPortalRequestWithOrder(ReturnFlowMixin, HttpCase):
    """The portal's request form: the customer's own order, a product of it, what they
    expect and photos; the agent's order lookup over the web client's RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="intake_so_portal",
            groups="base.group_portal",
            email="intake.so@example.com",
        )
        cls.other_user = new_test_user(
            cls.env,
            login="intake_so_other",
            groups="base.group_portal",
            email="intake.other@example.com",
        )
        cls.agent = new_test_user(
            cls.env, login="intake_so_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.customer = cls.portal_user.partner_id
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.cooker, cls.kettle, cls.fan = cls.env["product.product"].create(
            [
                {"name": "Rice Cooker", "is_storable": True, "list_price": 60.0},
                {"name": "Glass Kettle", "is_storable": True, "list_price": 30.0},
                {"name": "Desk Fan", "is_storable": True, "list_price": 20.0},
            ]
        )
        for product in (cls.cooker, cls.kettle, cls.fan):
            cls.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 9)
        cls.order = cls._sell_and_deliver(cls.customer, {cls.cooker: 1, cls.kettle: 2})
        cls.fan_order = cls._sell_and_deliver(cls.customer, {cls.fan: 1})
        cls.foreign_order = cls._sell_and_deliver(cls.other_user.partner_id, {cls.fan: 1})

    def _form(self, **data):
        values = {
            "csrf_token": http.Request.csrf_token(self),
            "subject": "Rice cooker does not heat",
            "description": "It stopped heating after two days.",
        }
        values.update(data)
        return values

    def _submit(self, files=None, **data):
        return self.url_open(
            "/submitted/ticket", data=self._form(**data), files=files, allow_redirects=False
        )

    def _cases(self):
        return self.env["helpdesk.ticket"].search([("partner_id", "=", self.customer.id)])

    def test_form_offers_the_customers_orders_and_their_products_only(self):
        self.authenticate("intake_so_portal", "intake_so_portal")
        page = self.url_open("/new/ticket")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f'<option value="{self.order.id}"', page.text)
        self.assertIn(f'<option value="{self.fan_order.id}"', page.text)
        self.assertNotIn(f'data-order-id="{self.foreign_order.id}"', page.text)
        self.assertNotIn(self.foreign_order.name, page.text)
        self.assertIn(f'data-order-id="{self.order.id}"', page.text)
        self.assertIn("Rice Cooker", page.text)
        self.assertIn('name="aftersales_photos"', page.text)
        self.assertIn('name="aftersales_expectation"', page.text)

    def test_request_with_order_product_expectation_and_photo(self):
        self.authenticate("intake_so_portal", "intake_so_portal")
        response = self._submit(
            aftersales_order=str(self.order.id),
            aftersales_product=str(self.cooker.id),
            aftersales_expectation="exchange",
            files={"aftersales_photos": ("cooker.png", PNG, "image/png")},
        )
        self.assertIn(response.status_code, (302, 303), response.text[:500])
        case = self._cases()
        self.assertEqual(len(case), 1)
        self.assertEqual(case.aftersales_sale_order_id, self.order)
        self.assertEqual(case.aftersales_order_ref, self.order.name)
        self.assertEqual(case.aftersales_product_id, self.cooker)
        self.assertEqual(case.aftersales_customer_expectation, "exchange")
        photo = self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", case.id)]
        )
        self.assertEqual(photo.mapped("name"), ["cooker.png"])
        self.assertEqual(photo.raw, PNG)
        # the customer sees the case with its photo
        page = self.url_open(f"/my/ticket/{case.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Rice cooker does not heat", page.text)

    def test_forged_order_of_another_customer_is_refused_and_the_input_kept(self):
        self.authenticate("intake_so_portal", "intake_so_portal")
        response = self._submit(
            aftersales_order=str(self.foreign_order.id),
            aftersales_product=str(self.fan.id),
            aftersales_expectation="refund",
            subject="Fan rattles",
            description="A loud rattle at full speed.",
        )
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("Traceback", response.text)
        self.assertIn("Choose one of your orders.", response.text)
        self.assertIn('value="Fan rattles"', response.text)
        self.assertIn("A loud rattle at full speed.", response.text)
        self.assertIn('value="refund" selected', response.text)
        self.assertFalse(self._cases())
        self.assertFalse(
            self.env["helpdesk.ticket"].search(
                [("aftersales_sale_order_id", "=", self.foreign_order.id)]
            )
        )

    def test_bad_product_expectation_or_photo_is_refused_with_the_input_kept(self):
        self.authenticate("intake_so_portal", "intake_so_portal")
        cases = {
            "product of another order": (
                {"aftersales_order": str(self.order.id), "aftersales_product": str(self.fan.id)},
                None,
                "Choose the product among those of the order you chose.",
            ),
            "product without an order": (
                {"aftersales_product": str(self.cooker.id)},
                None,
                "Choose the product among those of the order you chose.",
            ),
            "order id not a number": (
                {"aftersales_order": "1e308"},
                None,
                "Choose one of your orders.",
            ),
            "order id out of range": (
                {"aftersales_order": "99999999999"},
                None,
                "Choose one of your orders.",
            ),
            "expectation not offered": (
                {"aftersales_expectation": "free money"},
                None,
                "Choose what you expect from us among the options offered.",
            ),
            "photo not an image": (
                {},
                {"aftersales_photos": ("cooker.png", b"<svg onload='x'/>", "image/png")},
                "cooker.png is not a photo.",
            ),
        }
        for label, (data, files, message) in cases.items():
            with self.subTest(label):
                response = self._submit(files=files, subject=f"Kept {label}", **data)
                self.assertEqual(response.status_code, 400)
                self.assertNotIn("Traceback", response.text)
                self.assertIn(message, response.text)
                self.assertIn(f'value="Kept {label}"', response.text)
        self.assertFalse(self._cases())

    def test_agent_looks_the_order_up_over_rpc(self):
        case = self.env["helpdesk.ticket"].create(
            {
                "name": "Fan broken",
                "description": "<p>It does not turn.</p>",
                "partner_id": self.customer.id,
                "aftersales_order_ref": self.fan_order.name,
            }
        )
        self.assertEqual(case.aftersales_sale_order_id, self.fan_order)
        self._sign(self.fan_order, 2)
        signed = self.fan_order.picking_ids.aftersales_date_signed
        self.authenticate("intake_so_agent", "intake_so_agent")
        result = self.make_jsonrpc_request(
            "/web/dataset/call_kw/helpdesk.ticket/action_aftersales_order_lookup",
            {
                "model": "helpdesk.ticket",
                "method": "action_aftersales_order_lookup",
                "args": [[case.id]],
                "kwargs": {},
            },
        )
        self.assertIs(result, True)
        self.assertEqual(case.aftersales_product_id, self.fan, "the order sold one product")
        self.assertEqual(
            case.aftersales_delivered_on,
            aftersales_local_date(signed, case._aftersales_customer_tz()),
        )
        # another customer's order is refused at the RPC door too, with its reason
        response = self.url_open(
            "/web/dataset/call_kw/helpdesk.ticket/write",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": "helpdesk.ticket",
                        "method": "write",
                        "args": [[case.id], {"aftersales_sale_order_id": self.foreign_order.id}],
                        "kwargs": {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        error = response.json()["error"]["data"]
        self.assertEqual(error["name"], "odoo.exceptions.ValidationError")
        self.assertIn("is no confirmed order of the case's customer", error["message"])
        self.assertEqual(case.aftersales_sale_order_id, self.fan_order)


@tagged("post_install", "-at_install")
class TestCaseOrderLink(AftersalesReturnCommon):
    """The case's order: typed, chosen, found in an email; looked up by an agent; its lines
    brought by Create Return."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stranger = cls.env["res.partner"].create(
            {"name": "Zhao Min", "email": "zhao.min@example.com"}
        )
        cls.stranger_order = cls._sell_and_deliver(cls.stranger, {cls.mug: 1})

    def _case(self, user=None, **vals):
        return (
            self.env["helpdesk.ticket"]
            .with_user(user or self.agent)
            .create(
                dict(
                    {
                        "name": "Kettle stopped heating",
                        "description": "It does not heat any more.",
                        "partner_id": self.customer.id,
                    },
                    **vals,
                )
            )
        )

    def test_choosing_the_order_writes_its_number_and_the_number_finds_the_order(self):
        case = self._case(aftersales_sale_order_id=self.order.id)
        self.assertEqual(case.aftersales_order_ref, self.order.name)
        typed = self._case(aftersales_order_ref=f" {self.order.name.lower()} ")
        self.assertEqual(typed.aftersales_sale_order_id, self.order)
        typed.aftersales_order_ref = "S-UNKNOWN"
        self.assertFalse(typed.aftersales_sale_order_id)
        # another customer's order number finds nothing
        self.assertFalse(
            self._case(aftersales_order_ref=self.stranger_order.name).aftersales_sale_order_id
        )

    def test_another_customers_order_is_refused_and_a_new_customer_drops_the_link(self):
        case = self._case(aftersales_sale_order_id=self.order.id)
        case.with_user(self.agent).partner_id = self.stranger
        self.assertFalse(case.aftersales_sale_order_id, "the order was the other customer's")
        case = self._case(aftersales_sale_order_id=self.order.id)
        with self.assertRaisesRegex(ValidationError, "is no confirmed order of the case's"):
            with self.env.cr.savepoint():
                case.with_user(self.agent).write(
                    {"aftersales_sale_order_id": self.stranger_order.id}
                )
        with self.assertRaisesRegex(ValidationError, "is no confirmed order of the case's"):
            self._case(aftersales_sale_order_id=self.stranger_order.id)

    def test_agent_order_lookup_fills_product_and_delivery_date(self):
        self.assertFalse(self.agent.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(self.agent.has_group("stock.group_stock_user"))
        order = self._sell_and_deliver(self.customer, {self.kettle: 1})
        self._sign(order, 3)
        signed = order.picking_ids.aftersales_date_signed
        case = self._case(aftersales_sale_order_id=order.id)
        self.assertIs(case.with_user(self.agent).action_aftersales_order_lookup(), True)
        self.assertEqual(case.aftersales_product_id, self.kettle)
        self.assertEqual(
            case.aftersales_delivered_on,
            aftersales_local_date(signed, "Asia/Shanghai"),
        )
        # an order of two products fills no product: the agent asks which one
        both = self._case(aftersales_sale_order_id=self.order.id)
        both.with_user(self.agent).action_aftersales_order_lookup()
        self.assertFalse(both.aftersales_product_id)
        done = self.order.picking_ids.date_done
        self.assertEqual(both.aftersales_delivered_on, aftersales_local_date(done, "Asia/Shanghai"))
        without = self._case()
        with self.assertRaisesRegex(UserError, "choose the customer's order"):
            without.with_user(self.agent).action_aftersales_order_lookup()

    def test_create_return_brings_the_order_lines(self):
        case = self._case(
            aftersales_sale_order_id=self.order.id, aftersales_customer_expectation="refund"
        )
        action = case.with_user(self.agent).action_create_aftersales_return()
        ra = self.env["aftersales.return"].browse(action["res_id"])
        self.assertEqual(ra.sale_order_id, self.order)
        self.assertEqual(
            {(line.sale_line_id, line.quantity) for line in ra.line_ids},
            {(self.kettle_line, 3.0), (self.mug_line, 5.0)},
        )
        self.assertEqual(set(ra.line_ids.mapped("outcome")), {"refund"})
        # with the case's product, that line only (the first request withdrawn)
        ra.action_cancel()
        case = self._case(aftersales_sale_order_id=self.order.id, aftersales_product_id=self.mug.id)
        action = case.with_user(self.agent).action_create_aftersales_return()
        ra = self.env["aftersales.return"].browse(action["res_id"])
        self.assertEqual(ra.line_ids.sale_line_id, self.mug_line)
        self.assertEqual(ra.line_ids.quantity, 1.0)

    def test_agent_case_quoting_the_order_number_is_linked(self):
        case = self._case(
            name="Kettle broken",
            description=f"<p>客户说订单{self.order.name}的水壶坏了</p>",
        )
        self.assertEqual(case.aftersales_sale_order_id, self.order)
        self.assertEqual(case.aftersales_order_ref, self.order.name)

    def test_mail_gateway_matches_the_senders_own_order_only(self):
        raw = EMAIL.format(
            sender=self.customer.email,
            subject=f"Kettle broken, order {self.order.name}",
            message_id="intake-order-own",
            body="The kettle of my order stopped heating.",
        )
        case_id = self.env["mail.thread"].message_process("helpdesk.ticket", raw)
        case = self.env["helpdesk.ticket"].browse(case_id)
        self.assertEqual(case.partner_id, self.customer)
        self.assertEqual(case.aftersales_sale_order_id, self.order)
        self.assertEqual(case.aftersales_order_ref, self.order.name)
        # quoting another customer's order links nothing
        raw = EMAIL.format(
            sender=self.customer.email,
            subject="Mug cracked",
            message_id="intake-order-foreign",
            body=f"My neighbour's order {self.stranger_order.name} came with a cracked mug.",
        )
        case = self.env["helpdesk.ticket"].browse(
            self.env["mail.thread"].message_process("helpdesk.ticket", raw)
        )
        self.assertEqual(case.partner_id, self.customer)
        self.assertFalse(case.aftersales_sale_order_id)
        self.assertFalse(case.aftersales_order_ref)
