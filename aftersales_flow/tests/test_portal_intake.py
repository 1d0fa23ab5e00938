from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalIntake(HttpCase):
    """The portal: classification of submitted cases and closing one's own case only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a = new_test_user(
            cls.env, login="intake_portal_a", groups="base.group_portal", email="a@example.com"
        )
        cls.portal_b = new_test_user(
            cls.env, login="intake_portal_b", groups="base.group_portal", email="b@example.com"
        )
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.cat_damaged = cls.env.ref("aftersales_flow.category_damaged_goods")
        cls.env["aftersales.classification.rule"].create(
            {
                "name": "Damaged",
                "keywords": "破损",
                "set_case_kind": "complaint",
                "set_category_id": cls.cat_damaged.id,
            }
        )
        cls.ticket_b = cls.env["helpdesk.ticket"].create(
            {
                "name": "B's parcel",
                "description": "<p>Where is it?</p>",
                "partner_id": cls.portal_b.partner_id.id,
            }
        )

    def _close(self, ticket, stage):
        return self.url_open(
            "/ticket/close",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "ticket_id": ticket.id,
                "stage_id": stage.id,
            },
            allow_redirects=False,
        )

    def test_portal_user_cannot_close_another_customers_case(self):
        self.authenticate("intake_portal_a", "intake_portal_a")
        response = self._close(self.ticket_b, self.done)
        self.assertIn(response.status_code, (302, 303))
        self.assertFalse(response.headers["Location"].endswith(f"/my/ticket/{self.ticket_b.id}"))
        self.assertFalse(self.ticket_b.closed)
        # the GET form of the attack is refused too
        response = self.url_open(
            f"/ticket/close?ticket_id={self.ticket_b.id}&stage_id={self.done.id}",
            allow_redirects=False,
        )
        self.assertFalse(self.ticket_b.closed)

    def test_owner_still_closes_own_case(self):
        self.authenticate("intake_portal_b", "intake_portal_b")
        response = self._close(self.ticket_b, self.done)
        self.assertTrue(response.headers["Location"].endswith(f"/my/ticket/{self.ticket_b.id}"))
        self.assertTrue(self.ticket_b.closed)
        self.assertEqual(self.ticket_b.stage_id, self.done)

    def test_unknown_case_or_stage(self):
        self.authenticate("intake_portal_b", "intake_portal_b")
        missing = self.env["helpdesk.ticket"].browse(self.ticket_b.id + 100000)
        self._close(missing, self.done)
        awaiting = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        self._close(self.ticket_b, awaiting)
        self.assertEqual(self.ticket_b.stage_id.closed, False)

    def test_portal_submission_is_classified(self):
        self.authenticate("intake_portal_a", "intake_portal_a")
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "收到的商品包装破损",
                "description": "盒子压坏了",
            },
        )
        self.assertEqual(response.status_code, 200)
        case = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.portal_a.partner_id.id)]
        )
        self.assertEqual(len(case), 1)
        self.assertEqual(case.category_id, self.cat_damaged)
        self.assertEqual(case.aftersales_case_kind, "complaint")
        self.assertEqual(case.aftersales_intake_ack_state, "pending")
