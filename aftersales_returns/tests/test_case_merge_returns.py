from odoo import Command
from odoo.tests import tagged

from .common import AftersalesReturnCommon


@tagged("post_install", "-at_install")
class TestCaseMergeReturns(AftersalesReturnCommon):
    def test_merge_moves_the_return_authorizations_to_the_kept_case(self):
        Ticket = self.env["helpdesk.ticket"]
        kept = Ticket.create(
            {"name": "Kettle leaks", "description": "<p>a</p>", "partner_id": self.customer.id}
        )
        duplicate = Ticket.create(
            {"name": "Kettle leaking", "description": "<p>b</p>", "partner_id": self.customer.id}
        )
        ra = self._new_return([(self.kettle_line, 1, {})], ticket_id=duplicate.id)
        other_ra = self._new_return([(self.mug_line, 1, {})], ticket_id=kept.id)
        self.assertEqual(duplicate.aftersales_return_count, 1)

        self.env["aftersales.ticket.merge.wizard"].with_user(self.agent).create(
            {"ticket_ids": [Command.set((kept | duplicate).ids)], "keep_id": kept.id}
        ).action_merge()

        self.assertEqual(duplicate.duplicate_id, kept)
        self.assertEqual(ra.ticket_id, kept)
        self.assertEqual(other_ra.ticket_id, kept)
        self.assertEqual(kept.aftersales_return_count, 2)
        self.assertEqual(duplicate.aftersales_return_count, 0)
        self.assertTrue(ra.exists())
