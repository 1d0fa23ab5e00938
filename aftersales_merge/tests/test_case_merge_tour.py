from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCaseMergeTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env, login="as_tour_merge_agent", groups="aftersales_flow.group_aftersales_user"
        )
        team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Merge tour desk", "user_ids": [Command.set(cls.agent.ids)]}
        )
        customer = cls.env["res.partner"].create(
            {"name": "Wu Ming", "email": "wu.ming@example.com"}
        )
        other = cls.env["res.partner"].create({"name": "Zhou Hui", "email": "zhou.hui@example.com"})
        now = fields.Datetime.now()
        Ticket = cls.env["helpdesk.ticket"]
        common = {"team_id": team.id, "user_id": cls.agent.id}
        cls.first = Ticket.create(
            dict(
                common,
                name="Toaster sparks",
                description="<p>Sparks when the bread pops up.</p>",
                partner_id=customer.id,
                aftersales_received_at=now - timedelta(days=2),
            )
        )
        cls.second = Ticket.create(
            dict(
                common,
                name="Sparking toaster",
                description="<p>It sparked again, photo attached.</p>",
                partner_id=customer.id,
                aftersales_received_at=now - timedelta(days=1),
            )
        )
        cls.unrelated = Ticket.create(
            dict(
                common,
                name="Kettle lid loose",
                description="<p>The lid does not close.</p>",
                partner_id=other.id,
                aftersales_received_at=now,
            )
        )

    def test_agent_merges_two_cases_from_the_list(self):
        self.start_tour(
            "/odoo/aftersales-cases", "aftersales_case_merge_tour", login=self.agent.login
        )
        # the agent kept the later case: the first report is merged into it
        self.assertEqual(self.first.duplicate_id, self.second)
        self.assertTrue(self.first.stage_id.closed)
        self.assertFalse(self.second.duplicate_id)
        self.assertFalse(self.second.stage_id.closed)
        self.assertEqual(self.second.duplicate_ids, self.first)
        note = self.second.message_ids.filtered(
            lambda m: "Cases merged into this one" in str(m.body)
        )
        self.assertIn("Sparks when the bread pops up.", str(note.body))
        self.assertFalse(self.unrelated.duplicate_id)
        self.assertFalse(self.unrelated.stage_id.closed)
