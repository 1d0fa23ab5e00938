import json
import re

from odoo import Command, http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ReturnFlowMixin

SCAN = "aftersales.return.scan"
CONTACT = {
    "email": "wei.secret@example.com",
    "phone": "+86 10 5555 0101",
    "street": "88 Hidden Lane",
    "city": "Suzhou",
    "zip": "215000",
}


@tagged("post_install", "-at_install")
class TestReturnRolesOverHttp(ReturnFlowMixin, HttpCase):
    """The doors of the web client and the portal, knocked on by each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {
                "aftersales_return_auto_approve_amount": 1000.0,
                "aftersales_return_window_days": 30,
            }
        )
        cls.agent = new_test_user(
            cls.env, login="http_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.other_agent = new_test_user(
            cls.env, login="http_other_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.manager = new_test_user(
            cls.env, login="http_manager", groups="aftersales_flow.group_aftersales_manager"
        )
        cls.inspector = new_test_user(
            cls.env, login="http_inspector", groups="aftersales_returns.group_return_inspector"
        )
        cls.portal_user = new_test_user(cls.env, login="http_portal", groups="base.group_portal")
        cls.customer = cls.portal_user.partner_id
        cls.customer.write(CONTACT)
        cls.product = cls.env["product.product"].create(
            {
                "name": "Rice Cooker",
                "is_storable": True,
                "list_price": 60.0,
                "barcode": "6900000000017",
                "taxes_id": False,
            }
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(cls.product, warehouse.lot_stock_id, 9)
        cls.order = cls._sell_and_deliver(cls.customer, {cls.product: 3})
        cls.sale_line = cls.order.order_line
        # a case of a team the other agent is not in
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Kitchen appliances",
                "user_ids": [Command.set(cls.agent.ids)],
            }
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Cooker broken",
                "description": "Broken.",
                "partner_id": cls.customer.id,
            }
        )
        cls.ticket.write({"team_id": cls.team.id, "user_id": cls.agent.id})
        cls.ra = (
            cls.env["aftersales.return"]
            .with_user(cls.agent)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "sale_order_id": cls.order.id,
                    "ticket_id": cls.ticket.id,
                    "line_ids": [Command.create({"sale_line_id": cls.sale_line.id, "quantity": 1})],
                }
            )
        )
        cls.ra.action_submit()

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _call_error(self, model, method, args, kwargs=None):
        """The JSON-RPC error of a call that must fail: (exception name, message)."""
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        error = response.json().get("error")
        self.assertTrue(error, f"{method}{args} should have failed")
        return error["data"]["name"], error["data"]["message"]

    # ------------------------------------------------------------ record rules

    def test_agent_of_another_team_neither_reads_nor_writes_the_return(self):
        self.assertEqual(self.ra.state, "approved")
        returns = self.env["aftersales.return"].with_user(self.other_agent)
        self.assertFalse(returns.search([("id", "=", self.ra.id)]))
        with self.assertRaises(AccessError):
            returns.browse(self.ra.id).description  # noqa: B018
        lines = self.env["aftersales.return.line"].with_user(self.other_agent)
        with self.assertRaises(AccessError):
            lines.browse(self.ra.line_ids.id).inspection_note  # noqa: B018
        self.authenticate("http_other_agent", "http_other_agent")
        name, _message = self._call_error(
            "aftersales.return", "write", [[self.ra.id], {"description": "mine now"}]
        )
        self.assertEqual(name, "odoo.exceptions.AccessError")
        # a return without a case is the company's return desk: any agent takes it
        desk = self.env["aftersales.return"].create({"partner_id": self.customer.id})
        self.assertEqual(returns.search([("id", "in", (desk | self.ra).ids)]), desk)
        # the agent of the team, the manager and the inspector see it
        for user in (self.agent, self.manager, self.inspector):
            self.assertEqual(self.ra.with_user(user).name, self.ra.name)

    def test_state_write_over_rpc_is_refused(self):
        self.authenticate("http_agent", "http_agent")
        name, message = self._call_error(
            "aftersales.return", "write", [[self.ra.id], {"state": "done"}]
        )
        self.assertEqual(name, "odoo.exceptions.UserError")
        self.assertIn("can't be set directly", message)
        self.assertEqual(self.ra.state, "approved")
        # the buttons answer something XML-RPC can marshal
        draft = (
            self.env["aftersales.return"]
            .with_user(self.agent)
            .create(
                {
                    "partner_id": self.customer.id,
                    "sale_order_id": self.order.id,
                    "line_ids": [
                        Command.create({"sale_line_id": self.sale_line.id, "quantity": 1})
                    ],
                }
            )
        )
        self.assertIs(self._call("aftersales.return", "action_check_policy", [[draft.id]]), True)
        self.assertIs(self._call("aftersales.return", "action_submit", [[draft.id]]), True)
        action = self._call("aftersales.return", "action_create_from_order", [[]])
        self.assertEqual(action["res_model"], "aftersales.return.create.wizard")

    # ------------------------------------------------------------ customer contact data

    def test_pure_inspector_reads_no_contact_data(self):
        partners = self.env["res.partner"].with_user(self.inspector)
        customer = partners.browse(self.customer.id)
        self.assertEqual(customer.name, self.customer.name)
        for field in ("email", "phone", "street", "city", "zip"):
            with self.assertRaises(AccessError):
                customer.read([field])
        with self.assertRaises(AccessError):
            self.assertFalse(customer.email)
        for context in ({"show_address": True}, {"show_email": True}):
            name = customer.with_context(**context).display_name
            self.assertNotIn("Hidden Lane", name)
            self.assertNotIn("wei.secret", name)
        # the receipt screen
        data = self.env[SCAN].with_user(self.inspector).open_return(self.ra.name)
        self.assertNotIn("Hidden Lane", json.dumps(data))
        self.assertNotIn("wei.secret", json.dumps(data))
        # a manager (who holds the inspector role too) and an agent still read them
        for user in (self.manager, self.agent):
            self.assertEqual(self.customer.with_user(user).email, CONTACT["email"])

    def test_inspector_contact_data_over_http(self):
        self.authenticate("http_inspector", "http_inspector")
        name, _message = self._call_error(
            "res.partner", "read", [[self.customer.id], ["email", "phone", "street"]]
        )
        self.assertEqual(name, "odoo.exceptions.AccessError")
        fields = self._call("res.partner", "fields_get", [], {"attributes": ["type"]})
        self.assertNotIn("email", fields)
        self.assertNotIn("street", fields)
        result = self._call(
            "res.partner",
            "web_read",
            [[self.customer.id]],
            {"specification": {"display_name": {}}, "context": {"show_address": True}},
        )
        self.assertNotIn("Hidden Lane", result[0]["display_name"])
        report = self.url_open(
            f"/report/html/aftersales_returns.report_aftersales_return/{self.ra.id}"
        )
        self.assertEqual(report.status_code, 200)
        self.assertIn(self.ra.name, report.text)
        self.assertIn(self.customer.name, report.text)
        for secret in ("Hidden Lane", "5555 0101", "Suzhou"):
            self.assertNotIn(secret, report.text)
        # the manager still gets the address on the report and through read
        self.authenticate("http_manager", "http_manager")
        report = self.url_open(
            f"/report/html/aftersales_returns.report_aftersales_return/{self.ra.id}"
        )
        self.assertIn("Hidden Lane", report.text)
        read = self._call("res.partner", "read", [[self.customer.id], ["email"]])
        self.assertEqual(read[0]["email"], CONTACT["email"])

    def test_inspector_opens_a_customer_without_contact_data(self):
        """What the web client does when the inspector clicks the customer of a receipt:
        load the contact views, then read what they show. It opens, without contact data;
        an agent still gets Odoo's contact form."""
        contact_fields = {"email", "phone", "street", "street2", "city", "zip", "state_id"}
        self.authenticate("http_inspector", "http_inspector")
        views = self._call(
            "res.partner",
            "get_views",
            [[[False, "form"], [False, "list"], [False, "kanban"], [False, "search"]]],
            {},
        )
        for view_type, view in views["views"].items():
            with self.subTest(view=view_type):
                for name in contact_fields:
                    self.assertNotIn(f'name="{name}"', view["arch"])
        self.assertFalse(contact_fields & set(views["models"]["res.partner"]["fields"]))
        # the form reads the fields it shows
        shown = set(re.findall(r'<field name="(\w+)"', views["views"]["form"]["arch"]))
        record = self._call(
            "res.partner",
            "web_read",
            [[self.customer.id]],
            {"specification": {name: {} for name in shown}},
        )
        self.assertEqual(record[0]["name"], self.customer.name)
        self.assertNotIn("wei.secret", json.dumps(record))
        self.authenticate("http_agent", "http_agent")
        form = self._call("res.partner", "get_views", [[[False, "form"]]], {})
        self.assertIn('name="email"', form["views"]["form"]["arch"])

    # ------------------------------------------------------------ malformed scans

    def test_malformed_scans_get_a_message(self):
        self.authenticate("http_inspector", "http_inspector")
        ra_id = self.ra.id
        bad_quantities = [float("nan"), float("inf"), float("-inf"), 1e308, -1, "2", True]
        for quantity in bad_quantities:
            with self.subTest(quantity=quantity):
                name, message = self._call_error(
                    SCAN, "scan", [ra_id, "6900000000017"], {"quantity": quantity}
                )
                self.assertEqual(name, "odoo.exceptions.UserError")
                self.assertIn("quantity", message.lower())
        for barcode in ("69000\x0000017", "X" * 300, 42):
            with self.subTest(barcode=barcode):
                name, _message = self._call_error(SCAN, "scan", [ra_id, barcode])
                self.assertEqual(name, "odoo.exceptions.UserError")
        for args in ([float("nan"), "x"], ["1", "x"], [10**20, "x"], [None, "x"]):
            with self.subTest(args=args):
                name, _message = self._call_error(SCAN, "scan", args)
                self.assertEqual(name, "odoo.exceptions.UserError")
        line_id = self.ra.line_ids.id
        for method, args in (
            ("set_note", [line_id, "bad\x00note"]),
            ("set_note", [line_id, "n" * 5000]),
            ("set_grade", [line_id, "x\x00"]),
            ("set_grade", [1e308, "damaged"]),
            ("add_photo", [line_id, "a\x00.png", "AAAA"]),
            ("add_photo", [line_id, "a.png", 12]),
            ("load_return", [float("inf")]),
            ("validate", ["1; DROP TABLE"]),
            ("open_return", ["RA\x00"]),
            ("expected_returns", ["RA\x00"]),
            ("expected_returns", ["", "10"]),
            ("expected_returns", ["", 10**6]),
        ):
            with self.subTest(method=method, args=args):
                name, _message = self._call_error(SCAN, method, args)
                self.assertEqual(name, "odoo.exceptions.UserError")
        # GS1 with a quantity in letters, half a unit: refused, nothing counted
        gs1 = "0106900000000017" + "30" + "1O"
        result = self._call(SCAN, "scan", [ra_id, gs1])
        self.assertEqual(result["status"], "refused")
        self.assertIn("not a count of units", result["message"])
        result = self._call(SCAN, "scan", [ra_id, "6900000000017"], {"quantity": 0.5})
        self.assertEqual(result["status"], "refused")
        self.assertIn("whole units", result["message"])
        self.assertEqual(self.ra.line_ids.qty_scanned, 0)
        self.assertFalse(self.ra.line_ids.scan_ids)
        # a good scan still counts, and answers a dict
        result = self._call(SCAN, "scan", [ra_id, "6900000000017"])
        self.assertEqual(result["status"], "ok")
        self.assertEqual(self.ra.line_ids.qty_scanned, 1)

    # ------------------------------------------------------------ malformed portal requests

    def test_malformed_portal_requests_get_a_message(self):
        self.authenticate("http_portal", "http_portal")
        url = f"/my/returns/new?order_id={self.order.id}"
        key = str(self.sale_line.id)
        before = self.env["aftersales.return"].search_count([])
        for quantity in ("nan", "inf", "-inf", "1e308", "-1", "0.5", "1\x00", "9" * 40, "abc"):
            with self.subTest(quantity=quantity):
                response = self.url_open(
                    url,
                    data={
                        "csrf_token": http.Request.csrf_token(self),
                        f"qty_{key}": quantity,
                        f"condition_{key}": "unopened",
                    },
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn("alert", response.text)
                self.assertNotIn("Traceback", response.text)
        for extra in (
            {"description": "bad\x00text"},
            {"description": "d" * 20000},
            {f"condition_{key}": "x\x00"},
            {f"condition_{key}": "brand-new"},
        ):
            with self.subTest(extra=extra):
                response = self.url_open(
                    url,
                    data=dict(
                        {
                            "csrf_token": http.Request.csrf_token(self),
                            f"qty_{key}": "1",
                            f"condition_{key}": "unopened",
                        },
                        **extra,
                    ),
                )
                self.assertEqual(response.status_code, 400)
                self.assertNotIn("Traceback", response.text)
        self.assertEqual(self.env["aftersales.return"].search_count([]), before)
        # an unknown reason is left out, the rest of the request stands
        response = self.url_open(
            url,
            data={
                "csrf_token": http.Request.csrf_token(self),
                f"qty_{key}": "1",
                f"condition_{key}": "unopened",
                f"reason_{key}": "99999999999999999999",
            },
        )
        self.assertEqual(response.status_code, 200)
        ra = self.env["aftersales.return"].search([], order="id desc", limit=1)
        self.assertEqual(ra.partner_id, self.customer)
        self.assertFalse(ra.line_ids.reason_id)
        for order_id in ("1e308", "99999999999999", "-1", "\x00"):
            with self.subTest(order_id=order_id):
                response = self.url_open(f"/my/returns/new?order_id={order_id}")
                self.assertEqual(response.status_code, 200)
