"""Shared data of the suite's security tests: one user per role, two teams, an ordinary, an
other-team and a confidential case, and a second company."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class SecurityCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Shop B"})
        cls.agent = new_test_user(
            cls.env, login="sec_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.agent2 = new_test_user(
            cls.env, login="sec_agent2", groups="aftersales_flow.group_aftersales_user"
        )
        cls.leader = new_test_user(
            cls.env, login="sec_leader", groups="aftersales_flow.group_aftersales_user"
        )
        cls.manager = new_test_user(
            cls.env, login="sec_manager", groups="aftersales_flow.group_aftersales_manager"
        )
        cls.inspector = new_test_user(
            cls.env, login="sec_inspector", groups="aftersales_returns.group_return_inspector"
        )
        cls.quality = new_test_user(
            cls.env, login="sec_quality", groups="aftersales_quality.group_quality_manager"
        )
        cls.helpdesk_all = new_test_user(
            cls.env, login="sec_helpdesk_all", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        cls.portal = new_test_user(cls.env, login="sec_portal", groups="base.group_portal")
        cls.portal2 = new_test_user(cls.env, login="sec_portal2", groups="base.group_portal")
        cls.public = cls.env.ref("base.public_user")
        cls.agent_b = new_test_user(
            cls.env,
            login="sec_agent_b",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
            groups="aftersales_flow.group_aftersales_manager",
        )
        cls.users = {
            "user": cls.agent,
            "manager": cls.manager,
            "inspector": cls.inspector,
            "quality": cls.quality,
            "portal": cls.portal,
            "public": cls.public,
        }
        cls.customer = cls.portal.partner_id
        cls.customer.write({"email": "sec.portal@example.com", "phone": "+86 21 5555 0101"})
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Complaints A",
                "user_id": cls.leader.id,
                "user_ids": [Command.set((cls.agent | cls.agent2 | cls.leader).ids)],
            }
        )
        cls.other_team = cls.env["helpdesk.ticket.team"].create({"name": "VIP Desk"})
        Ticket = cls.env["helpdesk.ticket"]
        cls.case = Ticket.create(
            {
                "name": "Kettle leaks",
                "description": "<p>Water everywhere.</p>",
                "partner_id": cls.customer.id,
                "partner_email": cls.customer.email,
                "team_id": cls.team.id,
                "user_id": cls.agent2.id,
            }
        )
        cls.other_team_case = Ticket.create(
            {
                "name": "VIP parcel late",
                "description": "<p>Late.</p>",
                "partner_id": cls.customer.id,
                "team_id": cls.other_team.id,
            }
        )
        cls.secret_case = Ticket.create(
            {
                "name": "Injury from a faulty heater",
                "description": "<p>Lawyer involved.</p>",
                "partner_id": cls.customer.id,
                "team_id": cls.team.id,
                "user_id": cls.agent2.id,
                "aftersales_confidential": True,
            }
        )
        cls.product = cls.env["product.product"].create({"name": "Heater", "list_price": 80.0})

    def _plan(self, case):
        return self.env["aftersales.resolution.plan"].create(
            {"ticket_id": case.id, "remedy_ids": [Command.create({"remedy_type": "refund"})]}
        )

    def _return(self, case=None, **vals):
        return self.env["aftersales.return"].create(
            {
                "partner_id": self.customer.id,
                "ticket_id": case.id if case else False,
                "user_id": self.manager.id,
                "line_ids": [Command.create({"product_id": self.product.id, "quantity": 1})],
                **vals,
            }
        )

    def assertCanRead(self, record, user):
        record.with_user(user).read(["display_name"])

    def assertCannotRead(self, record, user):
        with self.assertRaises(AccessError, msg=f"{user.login} read {record}"):
            record.with_user(user).read(["display_name"])
