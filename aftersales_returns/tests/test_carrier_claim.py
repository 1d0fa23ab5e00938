from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AftersalesReturnCommon


@tagged("post_install", "-at_install")
class TestCarrierClaim(AftersalesReturnCommon):
    def test_claim_for_a_damaged_return_parcel(self):
        carrier = self.env["res.partner"].create({"name": "SF Express"})
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Parcel crushed",
                "description": "Box crushed",
                "partner_id": self.customer.id,
            }
        )
        ra = self._new_return([(self.kettle_line, 1, {})], ticket_id=ticket.id)
        ra.action_submit()
        action = ra.with_user(self.agent).action_view_claims()
        claims = self.env["aftersales.carrier.claim"].with_user(self.agent)
        claim = claims.with_context(**action["context"]).create(
            {
                "claim_type": "damaged",
                "picking_id": ra.sudo().picking_ids.id,
                "carrier_id": carrier.id,
            }
        )
        self.assertEqual(claim.return_id, ra)
        self.assertEqual(claim.ticket_id, ticket)
        self.assertTrue(claim.name.startswith("CLAIM/"))
        with self.assertRaisesRegex(UserError, "amount claimed"):
            claim.action_submit()
        claim.amount_claimed = 100.0
        claim.action_submit()
        with self.assertRaisesRegex(UserError, "already submitted"):
            claim.action_submit()
        # what the carrier was sent is fixed, for the agent as for the manager
        for user in (self.agent, self.manager):
            for vals in ({"amount_claimed": 1000.0}, {"carrier_id": self.customer.id}):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(UserError):
                    claim.with_user(user).write(vals)
        claim.write({"amount_claimed": 100.0, "description": "Box crushed on one side"})
        claim.action_accept()
        with self.assertRaisesRegex(UserError, "settled amount"):
            claim.action_mark_paid()
        claim.amount_settled = 80.0
        claim.action_mark_paid()
        self.assertEqual(claim.state, "paid")
        with self.assertRaises(UserError):
            claim.with_user(self.manager).amount_settled = 800.0
        self.assertEqual(claim.amount_settled, 80.0)
        self.assertEqual(claim.amount_claimed, 100.0)
        self.assertEqual(ra.claim_count, 1)
