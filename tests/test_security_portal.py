"""Portal and RPC security over HTTP: own record shown, another customer's refused, emailed
token links work and wrong tokens don't, private methods refused over JSON-RPC."""

from security_common import SecurityCommon

from odoo import http
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException


@tagged("post_install", "-at_install")
class TestPortalSecurity(SecurityCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ra = cls._return_cls(cls.case)
        cls.plan = cls.env["aftersales.resolution.plan"].create(
            {"ticket_id": cls.case.id, "remedy_ids": [(0, 0, {"remedy_type": "exchange"})]}
        )
        cls.plan.state = "proposed"
        for record in (cls.case, cls.ra, cls.plan):
            record._portal_ensure_token()

    @classmethod
    def _return_cls(cls, case):
        return cls.env["aftersales.return"].create(
            {
                "partner_id": cls.customer.id,
                "ticket_id": case.id,
                "line_ids": [(0, 0, {"product_id": cls.product.id, "quantity": 1})],
            }
        )

    def _check_pages(self, url, marker, token):
        # the customer, logged in
        self.authenticate("sec_portal", "sec_portal")
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn(marker, page.text)
        # another customer: sent away, nothing shown
        self.authenticate("sec_portal2", "sec_portal2")
        page = self.url_open(url)
        self.assertNotIn(marker, page.text)
        self.assertTrue(page.url.endswith("/my") or "/web/login" in page.url, page.url)
        # anyone with the emailed link
        self.authenticate(None, None)
        page = self.url_open(f"{url}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(marker, page.text)
        # a wrong token shows nothing
        page = self.url_open(f"{url}?access_token={token[:-4]}abcd")
        self.assertNotIn(marker, page.text)

    def test_case_page(self):
        self._check_pages(f"/my/ticket/{self.case.id}", "Kettle leaks", self.case.access_token)

    def test_return_page(self):
        self._check_pages(f"/my/returns/{self.ra.id}", self.ra.name, self.ra.access_token)

    def test_plan_page(self):
        # the page shows the case the plan resolves
        self._check_pages(
            f"/aftersales/plan/{self.plan.id}", "Kettle leaks", self.plan.access_token
        )

    def test_draft_plan_stays_internal(self):
        self.plan.state = "draft"
        self.authenticate("sec_portal", "sec_portal")
        page = self.url_open(f"/aftersales/plan/{self.plan.id}")
        self.assertNotIn("Kettle leaks", page.text)

    def test_another_customer_cannot_answer_a_plan(self):
        self.authenticate("sec_portal2", "sec_portal2")
        self.url_open(
            f"/aftersales/plan/{self.plan.id}/respond",
            data={"response": "accepted", "csrf_token": self.csrf_token()},
        )
        self.assertEqual(self.plan.state, "proposed")

    def csrf_token(self):
        return http.Request.csrf_token(self)

    def test_ticket_close_only_for_own_ticket(self):
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        done.close_from_portal = True
        initial = self.case.stage_id
        self.authenticate("sec_portal2", "sec_portal2")
        self._close(self.case, done.id)
        self.assertEqual(self.case.stage_id, initial, "another customer cannot close it")
        self.authenticate("sec_portal", "sec_portal")
        self._close(self.other_team_case, 999999)
        self.assertNotEqual(self.other_team_case.stage_id.id, 999999)
        # a GET (a link or an image on another site) never closes it
        self.url_open(f"/ticket/close?ticket_id={self.case.id}&stage_id={done.id}")
        self.assertEqual(self.case.stage_id, initial, "a GET does not close it")
        self._close(self.case, done.id)
        self.assertEqual(self.case.stage_id, done, "the customer closes their own case")

    def _close(self, case, stage_id):
        """The portal's close button: a POST carrying the session's CSRF token."""
        return self.url_open(
            "/ticket/close",
            data={"ticket_id": case.id, "stage_id": stage_id, "csrf_token": self.csrf_token()},
            allow_redirects=False,
        )


@tagged("post_install", "-at_install")
class TestPrivateMethodsOverRpc(SecurityCommon, HttpCase):
    # (model, method) that only the server may call
    PRIVATE = [
        ("aftersales.resolution.plan", "apply_customer_response"),
        ("aftersales.resolution.plan", "_portal_respond"),
        ("aftersales.resolution.plan", "_portal_visible_to"),
        ("aftersales.return", "_run_policy_check"),
        ("aftersales.return", "_approve"),
        ("aftersales.return", "_reject"),
        ("aftersales.return", "_portal_create_return"),
        ("aftersales.return.line", "_policy_results"),
        ("helpdesk.ticket", "_aftersales_close_from_portal"),
        ("helpdesk.ticket", "_aftersales_handle_low_rating"),
    ]

    def _call(self, model, method, args):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": {}},
        )

    def test_private_methods_refused(self):
        self.authenticate("sec_manager", "sec_manager")
        ra = self._return(self.case)
        records = {
            "aftersales.resolution.plan": self._plan(self.case),
            "aftersales.return": ra,
            "aftersales.return.line": ra.line_ids,
            "helpdesk.ticket": self.case,
        }
        # the harness works: a public method answers
        self.assertEqual(self._call("aftersales.return", "search_count", [[("id", "=", ra.id)]]), 1)
        for model, method in self.PRIVATE:
            with self.subTest(method=f"{model}.{method}"):
                with self.assertRaises(JsonRpcException) as caught:
                    self._call(model, method, [records[model].ids, "accepted"])
                self.assertIn("AccessError", str(caught.exception))
        self.assertEqual(ra.state, "draft")
