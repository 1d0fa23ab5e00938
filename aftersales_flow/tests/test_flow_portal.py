"""The customer's doors of the flow: closing a case, answering a plan, submitting a
request, replying by email and rating, with the input a browser, a forged page or a mail
client may send."""

from odoo.tests import JsonRpcException, tagged

from .common import AftersalesFlowHttpCommon

REPLY_EMAIL = """Return-Path: <{sender}>
To: support@example.com
Cc: {cc}
From: {sender}
Subject: Re: {subject}
Message-ID: <{message_id}@mail.example.com>
In-Reply-To: {parent}
References: {parent}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""

NEW_EMAIL = """Return-Path: <{sender}>
To: support@example.com
Cc: {cc}
From: {sender}
Subject: {subject}
Message-ID: <{message_id}@mail.example.com>
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""


class PortalCommon(AftersalesFlowHttpCommon):
    def assertAnsweredCleanly(self, response):
        """A clear answer: a page (200, a 400 with the message, a redirect), never a
        server error or a traceback."""
        self.assertIn(response.status_code, (200, 303, 302, 400, 404, 405), response.text[:500])
        self.assertNotIn("Traceback", response.text)


@tagged("post_install", "-at_install")
class TestTicketClose(PortalCommon):
    """Closing a case from the portal acts on a POST carrying the CSRF token only."""

    def setUp(self):
        super().setUp()
        self.case = self._case("Parcel never arrived")
        self.other_case = self._case("Someone else's parcel", partner_id=False)

    def _post(self, case, csrf=True):
        data = {"ticket_id": case.id, "stage_id": self.stage_done.id}
        if csrf:
            data["csrf_token"] = self._csrf_token()
        return self.url_open("/ticket/close", data=data, allow_redirects=False)

    def test_get_does_not_close(self):
        self.authenticate("as_http_customer", "as_http_customer")
        response = self.url_open(
            f"/ticket/close?ticket_id={self.case.id}&stage_id={self.stage_done.id}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 405)
        self.assertFalse(self.case.closed)

    def test_post_without_token_is_refused(self):
        self.authenticate("as_http_customer", "as_http_customer")
        response = self._post(self.case, csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.case.closed)

    def test_customer_closes_own_case_with_the_page_button(self):
        # the ticket page's close buttons are forms POSTing the CSRF token
        arch = self.env.ref("helpdesk_mgmt.portal_helpdesk_ticket_page")._get_combined_arch()
        forms = arch.xpath("//form[@t-attf-action='/ticket/close']")
        self.assertTrue(forms)
        for form in forms:
            self.assertEqual(form.get("method"), "POST")
            self.assertTrue(form.xpath("./input[@name='csrf_token']"))
        self.authenticate("as_http_customer", "as_http_customer")
        response = self._post(self.case)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response.headers["Location"].endswith(f"/my/ticket/{self.case.id}"))
        self.assertTrue(self.case.closed)

    def test_other_customer_cannot_close(self):
        self.authenticate("as_http_attacker", "as_http_attacker")
        self._post(self.case)
        self.assertFalse(self.case.closed)

    def test_malformed_ids(self):
        self.authenticate("as_http_customer", "as_http_customer")
        for ticket_id in ("abc", "nan", "inf", "1e308", "99999999999", "-3", "\x00"):
            with self.subTest(ticket_id=ticket_id):
                response = self.url_open(
                    "/ticket/close",
                    data={
                        "csrf_token": self._csrf_token(),
                        "ticket_id": ticket_id,
                        "stage_id": self.stage_done.id,
                    },
                    allow_redirects=False,
                )
                self.assertAnsweredCleanly(response)
        self.assertFalse(self.case.closed)


@tagged("post_install", "-at_install")
class TestPlanPortalInput(PortalCommon):
    """The plan's answer page takes whatever a browser or a script sends: a clear message,
    nothing half-written."""

    def setUp(self):
        super().setUp()
        self.plan = self._proposed_plan(self._case("Wrong colour delivered"))
        # the customer following the emailed link, not logged in
        self.authenticate(None, None)

    def _respond(self, token=None, plan_id=None, files=None, **data):
        data.setdefault("csrf_token", self._csrf_token())
        data.setdefault("access_token", self.plan.access_token if token is None else token)
        return self.url_open(
            f"/aftersales/plan/{plan_id or self.plan.id}/respond",
            data=data,
            files=files,
            allow_redirects=False,
        )

    def assertUnanswered(self):
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.state, "proposed")
        self.assertFalse(self.plan.response_ids)

    def test_bad_answers_get_a_message(self):
        cases = {
            "nul byte": {"response": "rejected", "reason": "too\x00late"},
            "overlong": {"response": "countered", "counter_proposal": "x" * 20000},
            "unknown answer": {"response": "maybe"},
            "no answer": {},
            "reject without reason": {"response": "rejected", "reason": "   "},
        }
        for label, data in cases.items():
            with self.subTest(label):
                response = self._respond(**data)
                self.assertAnsweredCleanly(response)
                self.assertEqual(response.status_code, 400)
                self.assertIn("alert-danger", response.text)
                self.assertUnanswered()

    def test_wrong_types_and_numbers(self):
        response = self._respond(
            response="rejected", files={"reason": ("reason.txt", b"a file", "text/plain")}
        )
        self.assertAnsweredCleanly(response)
        for plan_id in ("nan", "inf", "1e308", "99999999999"):
            with self.subTest(plan_id=plan_id):
                response = self.url_open(
                    f"/aftersales/plan/{plan_id}?access_token={self.plan.access_token}",
                    allow_redirects=False,
                )
                self.assertAnsweredCleanly(response)
                response = self._respond(plan_id=plan_id, response="accepted")
                self.assertAnsweredCleanly(response)
        self.assertUnanswered()

    def test_missing_or_forged_tokens(self):
        for token in ("", "forged", self.plan.access_token[:-1] + "x", "\x00"):
            with self.subTest(token=token):
                page = self.url_open(
                    f"/aftersales/plan/{self.plan.id}?access_token={token}", allow_redirects=False
                )
                self.assertAnsweredCleanly(page)
                self.assertNotIn("Wrong colour delivered", page.text)
                response = self._respond(token=token, response="accepted")
                self.assertAnsweredCleanly(response)
        # no CSRF token: refused before the route runs
        response = self.url_open(
            f"/aftersales/plan/{self.plan.id}/respond",
            data={"access_token": self.plan.access_token, "response": "accepted"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertUnanswered()

    def test_error_text_is_not_taken_from_the_url(self):
        page = self.url_open(
            f"/aftersales/plan/{self.plan.id}?access_token={self.plan.access_token}"
            "&error=Call+us+on+0900"
        )
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("Call us on 0900", page.text)

    def test_a_good_answer_still_goes_through(self):
        response = self._respond(response="countered", counter_proposal="A refund instead")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.plan.state, "countered")
        self.assertEqual(self.plan.response_ids.counter_proposal, "A refund instead")


@tagged("post_install", "-at_install")
class TestRequestPortalInput(PortalCommon):
    """The request form of the portal (helpdesk's /submitted/ticket)."""

    def _submit(self, **data):
        values = {
            "csrf_token": self._csrf_token(),
            "subject": "Blender jar cracked",
            "description": "The jar has a crack.",
        }
        values.update(data)
        return self.url_open("/submitted/ticket", data=values, allow_redirects=False)

    def _cases(self):
        return self.env["helpdesk.ticket"].search_count([("partner_id", "=", self.customer.id)])

    def test_malformed_requests_get_the_form_and_a_message(self):
        self.authenticate("as_http_customer", "as_http_customer")
        before = self._cases()
        category = self.env["helpdesk.ticket.category"].create(
            {"name": "Hidden category", "show_in_portal": False}
        )
        cases = {
            "nul subject": {"subject": "Jar\x00cracked"},
            "nul description": {"description": "cra\x00ck"},
            "overlong subject": {"subject": "x" * 1000},
            "overlong description": {"description": "x" * 100000},
            "no subject": {"subject": ""},
            "category nan": {"category": "nan"},
            "category inf": {"category": "inf"},
            "category huge": {"category": "1e308"},
            "category id out of range": {"category": "99999999999"},
            "category not offered": {"category": str(category.id)},
        }
        for label, data in cases.items():
            with self.subTest(label):
                response = self._submit(**data)
                self.assertAnsweredCleanly(response)
                self.assertEqual(response.status_code, 400)
                self.assertIn("o_aftersales_request_error", response.text)
        self.assertEqual(self._cases(), before)

    def test_good_request_is_recorded(self):
        self.authenticate("as_http_customer", "as_http_customer")
        before = self._cases()
        response = self._submit()
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(self._cases(), before + 1)


@tagged("post_install", "-at_install")
class TestMailGatewayFollowers(PortalCommon):
    """An email never makes an outsider a follower of a case (followers read it on the
    portal, with its plans)."""

    def setUp(self):
        super().setUp()
        self.case = self._case("Sofa delivered torn")
        self.plan = self._proposed_plan(self.case)
        self.colleague = self.env["res.partner"].create(
            {"name": "Sun Li's colleague", "email": "colleague@example.com"}
        )
        self.company_partner = self.env["res.partner"].create(
            {"name": "Sun Li's shop", "is_company": True}
        )
        (self.customer | self.colleague).parent_id = self.company_partner

    def _answer_email(self):
        return self.case.with_user(self.agent).message_post(
            body="We are looking into it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.customer.ids,
        )

    def test_reply_with_an_outsider_in_cc(self):
        parent = self._answer_email()
        raw = REPLY_EMAIL.format(
            sender=self.customer.email,
            cc=f"{self.attacker_user.email}, {self.colleague.email}, {self.agent2.email}",
            subject=self.case.name,
            message_id="reply-cc-attack",
            parent=parent.message_id,
            body="Any news?",
        )
        thread_id = self.env["mail.thread"].message_process("helpdesk.ticket", raw)
        self.assertEqual(thread_id, self.case.id)
        followers = self.case.message_partner_ids
        self.assertNotIn(self.attacker_user.partner_id, followers)
        # the customer's own company's contacts and the staff are still subscribed
        self.assertIn(self.colleague, followers)
        self.assertIn(self.agent2.partner_id, followers)

        # and the outsider sees neither the case nor its plan on the portal
        self.authenticate("as_http_attacker", "as_http_attacker")
        page = self.url_open(f"/my/ticket/{self.case.id}", allow_redirects=False)
        self.assertIn(page.status_code, (302, 303))
        self.assertNotIn("Sofa delivered torn", page.text)
        page = self.url_open(f"/aftersales/plan/{self.plan.id}", allow_redirects=False)
        self.assertIn(page.status_code, (302, 303))
        self.assertNotIn("Sofa delivered torn", page.text)
        self.assertNotIn("Sofa delivered torn", self.url_open("/my/tickets").text)

    def test_new_email_with_an_outsider_in_cc(self):
        raw = NEW_EMAIL.format(
            sender=self.customer.email,
            cc=self.attacker_user.email,
            subject="Second parcel damaged too",
            message_id="new-cc-attack",
            body="The second parcel is damaged too.",
        )
        thread_id = self.env["mail.thread"].message_process("helpdesk.ticket", raw)
        case = self.env["helpdesk.ticket"].browse(thread_id)
        self.assertEqual(case.partner_id, self.customer)
        self.assertNotIn(self.attacker_user.partner_id, case.message_partner_ids)
        self.assertFalse(case.with_user(self.attacker_user).has_access("read"))


@tagged("post_install", "-at_install")
class TestCaseRatings(PortalCommon):
    """A case's rating is the customer's, given through the survey link."""

    def setUp(self):
        super().setUp()
        self.case = self._case("Lamp flickers")
        self.case.with_user(self.manager).stage_id = self.stage_done
        self.token = self.case.sudo()._rating_get_access_token()
        self.rating = self.env["rating.rating"].search([("access_token", "=", self.token)])

    def test_agent_cannot_rate_over_rpc(self):
        self.authenticate("as_http_agent", "as_http_agent")
        attempts = [
            ("rating.rating", "write", self.rating.ids, {"rating": 5, "consumed": True}),
            ("rating.rating", "write", self.rating.ids, {"feedback": "Great"}),
            ("rating.rating", "reset", self.rating.ids),
            (
                "rating.rating",
                "create",
                {
                    "res_model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                    "res_id": self.case.id,
                    "partner_id": self.customer.id,
                    "rating": 5,
                    "consumed": True,
                },
            ),
            ("helpdesk.ticket", "rating_apply", [self.case.id], 5),
            ("helpdesk.ticket", "message_post", [self.case.id]),
        ]
        for model, method, *args in attempts:
            kwargs = {}
            if method == "rating_apply":
                kwargs = {"token": self.token}
            elif method == "message_post":
                kwargs = {"body": "5 stars", "rating_value": 5, "message_type": "comment"}
            with self.subTest(method=method), self.assertRaises(JsonRpcException):
                self._rpc(model, method, *args, **kwargs)
        self.assertFalse(self.case.rating_ids.filtered("consumed"))
        self.assertFalse(self.case.rating_last_value)

    def test_chatter_message_cannot_carry_a_rating(self):
        self.authenticate("as_http_customer", "as_http_customer")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": self.case.id,
                "post_data": {"body": "One star", "rating_value": 1, "message_type": "comment"},
            },
        )
        self.assertFalse(self.case.rating_ids.filtered("consumed"))
        self.assertFalse(self.case.aftersales_low_satisfaction)

    def test_customer_low_rating_through_the_link_reopens(self):
        # the customer following the survey email's link, not logged in
        self.authenticate(None, None)
        response = self.url_open(
            f"/rate/{self.token}/submit_feedback",
            data={"rate": 1, "feedback": "Still flickers", "csrf_token": self._csrf_token()},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.rating.rating, 1)
        self.assertTrue(self.rating.consumed)
        self.assertTrue(self.case.aftersales_low_satisfaction)
        self.assertFalse(self.case.closed, "a low rating reopens the case")
        activity = self.case.activity_ids.filtered(
            lambda a: (
                a.activity_type_id == self.env.ref("aftersales_flow.mail_activity_type_low_rating")
            )
        )
        self.assertEqual(activity.user_id, self.manager, "the team leader steps in")


@tagged("post_install", "-at_install")
class TestStaffFollowers(PortalCommon):
    def test_followers_added_by_staff_are_not_touched(self):
        """Staff may still add whoever they decide as follower (the gateway alone is
        restricted)."""
        case = self._case("Chair wobbles")
        case.with_user(self.agent).message_subscribe(partner_ids=self.attacker_user.partner_id.ids)
        self.assertIn(self.attacker_user.partner_id, case.message_partner_ids)
