import json
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import AftersalesReturnCommon

SCAN = "aftersales.return.scan"
# what a partner record tells of how to reach the person: never on the receipt screen
CONTACT_VALUES = ("li.wei@example.com", "+86 138 0000 1111", "88 Nanjing Road", "200001")


@tagged("post_install", "-at_install")
class TestReceiveExpectedReturns(AftersalesReturnCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write(
            {
                "phone": CONTACT_VALUES[1],
                "street": CONTACT_VALUES[2],
                "zip": CONTACT_VALUES[3],
            }
        )
        cls.carrier = cls.env["res.partner"].create({"name": "SF Express"})
        now = fields.Datetime.now()
        cls.ra_late, cls.ra_soon, cls.ra_nodate = (
            cls._approved_return(
                pickup_date=now + timedelta(days=3),
                tracking_ref="SF-LATE",
                pickup_carrier_id=cls.carrier.id,
                kettle=2,
            ),
            cls._approved_return(
                pickup_date=now + timedelta(days=1), tracking_ref="SF-SOON", kettle=1
            ),
            cls._approved_return(tracking_ref="SF-NODATE"),
        )
        # not expected by this inspector: a draft, a confidential return, another company's
        cls.ra_draft = cls.env["aftersales.return"].create(
            {
                "partner_id": cls.customer.id,
                "sale_order_id": cls.order.id,
                "line_ids": [(0, 0, {"sale_line_id": cls.mug_line.id, "quantity": 1})],
            }
        )
        cls.ra_confidential = cls._approved_return(tracking_ref="SF-SECRET")
        cls.ra_confidential.confidential = True
        cls.other_company = cls.env["res.company"].create({"name": "Other Shop"})
        cls.ra_other_company = cls.env["aftersales.return"].create(
            {
                "company_id": cls.other_company.id,
                "partner_id": cls.customer.id,
                "tracking_ref": "SF-OTHER",
            }
        )
        cls.ra_other_company._aftersales_workflow().write({"state": "approved"})

    @classmethod
    def _approved_return(cls, kettle=0, mug=1, **vals):
        lines = [(cls.kettle_line, kettle), (cls.mug_line, mug)]
        ra = cls.env["aftersales.return"].create(
            {
                "partner_id": cls.customer.id,
                "sale_order_id": cls.order.id,
                "line_ids": [
                    (0, 0, {"sale_line_id": line.id, "quantity": qty}) for line, qty in lines if qty
                ],
                **vals,
            }
        )
        ra.action_submit()
        assert ra.state == "approved", ra.state
        return ra

    def _expected(self, user=None, **kwargs):
        return self.env[SCAN].with_user(user or self.inspector).expected_returns(**kwargs)

    def test_inspector_lists_what_they_may_receive_soonest_first(self):
        result = self._expected()
        ids = [ra["id"] for ra in result["returns"]]
        # every approved return the inspector may see, by pickup date, undated ones last
        mine = [self.ra_soon.id, self.ra_late.id, self.ra_nodate.id]
        self.assertEqual([i for i in ids if i in mine], mine)
        self.assertLess(ids.index(self.ra_late.id), ids.index(self.ra_nodate.id))
        for hidden in (self.ra_draft, self.ra_confidential, self.ra_other_company):
            self.assertNotIn(hidden.id, ids)
        self.assertFalse(result["more"])
        late = next(ra for ra in result["returns"] if ra["id"] == self.ra_late.id)
        self.assertEqual(late["name"], self.ra_late.name)
        self.assertEqual(late["partner"], "Li Wei")
        self.assertEqual(late["carrier"], "SF Express")
        self.assertEqual(late["tracking_ref"], "SF-LATE")
        self.assertEqual(late["items"], 3.0)
        self.assertEqual(late["pickup_date"], fields.Datetime.to_string(self.ra_late.pickup_date))
        # the customer by name only: no contact data in what the screen gets
        self.assertEqual(
            set(late),
            {
                "id",
                "name",
                "partner",
                "carrier",
                "tracking_ref",
                "pickup_date",
                "receipt_deadline",
                "items",
            },
        )
        text = json.dumps(result)
        for value in CONTACT_VALUES:
            self.assertNotIn(value, text)
        # a manager of both companies, working in the other one, sees its return
        self.manager.company_ids |= self.other_company
        other = (
            self.env[SCAN]
            .with_user(self.manager)
            .with_context(allowed_company_ids=self.other_company.ids)
            .expected_returns()
        )
        self.assertEqual([ra["id"] for ra in other["returns"]], [self.ra_other_company.id])

    def test_received_goods_leave_the_list(self):
        self._receive(self.ra_soon)
        self.assertEqual(self.ra_soon.state, "received")
        self.assertNotIn(self.ra_soon.id, [ra["id"] for ra in self._expected()["returns"]])

    def test_search_and_limit(self):
        for text in ("SF-SOON", self.ra_soon.name, "sf-soon"):
            found = self._expected(search=text)["returns"]
            self.assertEqual([ra["id"] for ra in found], [self.ra_soon.id], text)
        self.assertEqual(
            [ra["id"] for ra in self._expected(search="SF Express")["returns"]], [self.ra_late.id]
        )
        self.assertFalse(self._expected(search="SF-SECRET")["returns"])
        self.assertFalse(self._expected(search="SF-OTHER")["returns"])
        one = self._expected(limit=1)
        self.assertEqual(len(one["returns"]), 1)
        self.assertTrue(one["more"])
        for limit in (0, -1, 201, "5", True, None):
            with self.assertRaises(UserError):
                self._expected(limit=limit)
        with self.assertRaises(UserError):
            self._expected(search=["SF"])

    def test_http_door(self):
        self.authenticate(self.inspector.login, self.inspector.login)
        result = self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{SCAN}/expected_returns",
            {"model": SCAN, "method": "expected_returns", "args": [], "kwargs": {"search": "SF-"}},
        )
        ids = {ra["id"] for ra in result["returns"]}
        self.assertEqual(ids, {self.ra_late.id, self.ra_soon.id, self.ra_nodate.id})
        for value in CONTACT_VALUES:
            self.assertNotIn(value, json.dumps(result))
        with self.assertRaises(JsonRpcException) as caught:
            self.make_jsonrpc_request(
                f"/web/dataset/call_kw/{SCAN}/expected_returns",
                {
                    "model": SCAN,
                    "method": "expected_returns",
                    "args": [],
                    "kwargs": {"limit": 10**9},
                },
            )
        self.assertIn("UserError", str(caught.exception))
