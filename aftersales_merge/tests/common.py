from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class MergeCommon(TransactionCase):
    """Two agents of two teams, a manager, two customers and a service level policy that
    gives every case its clocks (the service levels are installed with the flow)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.env = env(context=dict(env.context, tracking_disable=False))
        cls.Ticket = cls.env["helpdesk.ticket"]
        cls.Wizard = cls.env["aftersales.ticket.merge.wizard"]
        cls.agent = new_test_user(
            cls.env, login="merge_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.other_agent = new_test_user(
            cls.env, login="merge_other_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.manager = new_test_user(
            cls.env, login="merge_manager", groups="aftersales_flow.group_aftersales_manager"
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Merge desk", "user_ids": [Command.set((cls.agent | cls.manager).ids)]}
        )
        cls.other_team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Other desk", "user_ids": [Command.set(cls.other_agent.ids)]}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Sun Li", "email": "sun.li@example.com"}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Qian Bo", "email": "qian.bo@example.com"}
        )
        cls.follower = cls.env["res.partner"].create(
            {"name": "Courier contact", "email": "courier@example.com"}
        )
        cls.tag = cls.env["helpdesk.ticket.tag"].create({"name": "Fragile"})
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_cancelled = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        cls.now = fields.Datetime.now()
        # only this test's policy: every case gets its clocks
        cls.env["aftersales.sla.policy"].search([]).active = False
        cls.policy = cls.env["aftersales.sla.policy"].create(
            {
                "name": "Merge test policy",
                "sequence": 1,
                "ack_hours": 4,
                "response_hours": 8,
                "resolution_hours": 40,
                "followup_hours": 16,
            }
        )

    def _case(self, name="Blender jar cracked", days_ago=0, **vals):
        values = {
            "name": name,
            "description": f"<p>{name}: details from the customer.</p>",
            "partner_id": self.customer.id,
            "team_id": self.team.id,
            "stage_id": self.stage_new.id,
            "user_id": self.agent.id,
            "aftersales_received_at": self.now - timedelta(days=days_ago),
        }
        values.update(vals)
        return self.Ticket.create(values)

    def _wizard(self, cases, user=None, keep=None, **vals):
        wizard = self.Wizard.with_user(user or self.agent).create(
            dict({"ticket_ids": [Command.set(cases.ids)]}, **vals)
        )
        if keep is not None:
            wizard.keep_id = keep
        return wizard

    def _assert_untouched(self, *cases):
        for case in cases:
            self.assertFalse(case.duplicate_id, case.number)
            self.assertFalse(case.stage_id.closed, case.number)
