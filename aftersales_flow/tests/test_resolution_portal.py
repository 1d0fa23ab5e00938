import re

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestResolutionPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        agent = new_test_user(
            cls.env, login="as_portal_res_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Zhao Min", "email": "zhao.min@example.com"}
        )
        case = cls.env["helpdesk.ticket"].create(
            {
                "name": "Wrong colour",
                "description": "<p>Ordered blue, got red.</p>",
                "partner_id": cls.customer.id,
                "user_id": agent.id,
            }
        )
        cls.plan = cls.env["aftersales.resolution.plan"].create(
            {
                "ticket_id": case.id,
                "remedy_ids": [Command.create({"remedy_type": "exchange"})],
            }
        )
        cls.plan.with_user(agent).action_submit()
        cls.plan.with_user(agent).action_propose()

    def _page(self, token):
        return self.url_open(f"/aftersales/plan/{self.plan.id}?access_token={token}")

    def _csrf(self):
        page = self._page(self.plan.access_token)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _respond(self, token, csrf=None, **data):
        return self.url_open(
            f"/aftersales/plan/{self.plan.id}/respond",
            data=dict(data, csrf_token=csrf or self._csrf(), access_token=token),
        )

    def test_wrong_token_sees_nothing(self):
        response = self._page("not-the-token")
        self.assertNotIn("Wrong colour", response.text)
        self._respond("not-the-token", response="accepted")
        self.assertEqual(self.plan.state, "proposed")
        self.assertFalse(self.plan.response_ids)

    def test_customer_rejects_then_cannot_answer_again(self):
        page = self._page(self.plan.access_token)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Wrong colour", page.text)
        self.assertIn("Exchange", page.text)

        self._respond(self.plan.access_token, response="rejected")  # no reason
        self.assertEqual(self.plan.state, "proposed")

        answered = self._respond(
            self.plan.access_token, response="rejected", reason="I want a refund"
        )
        self.assertIn("your answer has been recorded", answered.text)
        self.assertEqual(self.plan.state, "rejected")
        self.assertEqual(self.plan.response_ids.channel, "portal")
        self.assertEqual(self.plan.response_ids.reason, "I want a refund")

        # The answer form is gone once answered.
        self.assertNotIn("o_aftersales_plan_answer", self._page(self.plan.access_token).text)

    def test_customer_accepts_once(self):
        csrf = self._csrf()
        self._respond(self.plan.access_token, csrf=csrf, response="accepted")
        self.assertEqual(self.plan.state, "accepted")
        self.assertTrue(self.plan.accepted_date)
        replay = self._respond(self.plan.access_token, csrf=csrf, response="accepted")
        self.assertIn("already answered", replay.text)
        self.assertEqual(len(self.plan.response_ids), 1)
