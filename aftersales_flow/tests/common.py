from datetime import timedelta

from odoo import Command, fields, http
from odoo.tests import new_test_user
from odoo.tests.common import HttpCase, TransactionCase

from odoo.addons.base.tests.common import BaseCommon


class AftersalesResolutionCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.company.write(
            {
                "aftersales_approval_amount": 200.0,
                "aftersales_followup_days": 7,
                "aftersales_low_rating_threshold": 3,
            }
        )
        cls.agent = new_test_user(
            cls.env, login="as_res_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.manager = new_test_user(
            cls.env, login="as_res_manager", groups="aftersales_flow.group_aftersales_manager"
        )
        cls.lead_manager = new_test_user(
            cls.env, login="as_res_lead", groups="aftersales_flow.group_aftersales_manager"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Wang Fang", "email": "wang.fang@example.com"}
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Complaints Desk",
                "user_id": cls.lead_manager.id,
                "user_ids": [Command.set((cls.agent | cls.manager | cls.lead_manager).ids)],
            }
        )
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_in_progress = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.Plan = cls.env["aftersales.resolution.plan"]

    def _new_case(self, name="Kettle arrived broken", **vals):
        values = {
            "name": name,
            "description": "<p>The kettle does not heat.</p>",
            "partner_id": self.customer.id,
            "team_id": self.team.id,
            "user_id": self.agent.id,
            "aftersales_case_kind": "complaint",
        }
        values.update(vals)
        return self.env["helpdesk.ticket"].with_user(self.agent).create(values)

    def _new_plan(self, case, remedies):
        """A draft plan made by the agent from the case, with the given remedies."""
        action = case.with_user(self.agent).action_new_resolution_plan()
        plan = self.Plan.with_user(self.agent).browse(action["res_id"])
        plan.write({"remedy_ids": [Command.create(vals) for vals in remedies]})
        return plan

    def _answer(self, plan, response, **kwargs):
        wizard = (
            self.env["aftersales.plan.response.wizard"]
            .with_user(self.agent)
            .create({"plan_id": plan.id, "response": response, "channel": "phone", **kwargs})
        )
        wizard.action_confirm()

    def _execute_and_resolve(self, plan):
        plan.with_user(self.agent).action_execute()
        self.assertEqual(plan.state, "executing")
        for remedy in plan.remedy_ids:
            remedy.with_user(remedy.owner_id).action_mark_done()
        self.assertEqual(plan.state, "done")
        plan.with_user(self.agent).result_summary = "All done."
        plan.with_user(self.agent).action_send_result()

    def _rate(self, case, score, feedback=""):
        token = case.sudo()._rating_get_access_token()
        case.sudo().rating_apply(score, token=token, feedback=feedback)


class AftersalesIntakeCommon(BaseCommon):
    """Customers, rules and users shared by the intake tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Ticket = cls.env["helpdesk.ticket"]
        cls.Rule = cls.env["aftersales.classification.rule"]
        cls.agent = new_test_user(
            cls.env, login="intake_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.manager = new_test_user(
            cls.env, login="intake_manager", groups="aftersales_flow.group_aftersales_manager"
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Front desk", "user_ids": [(4, cls.agent.id), (4, cls.manager.id)]}
        )
        cls.claims_team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Complaint handling", "user_ids": [(4, cls.agent.id)]}
        )
        cls.tag_vip_shop = cls.env["res.partner.category"].create({"name": "Key account"})
        cls.customer = cls.env["res.partner"].create(
            {"name": "Li Wei", "email": "li.wei@example.com", "lang": "en_US"}
        )
        cls.company_customer = cls.env["res.partner"].create(
            {"name": "Shop Ltd", "is_company": True, "category_id": [(4, cls.tag_vip_shop.id)]}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Zhang Min", "parent_id": cls.company_customer.id, "email": "zm@example.com"}
        )
        cls.cat_damaged = cls.env.ref("aftersales_flow.category_damaged_goods")
        cls.cat_delay = cls.env.ref("aftersales_flow.category_delivery_delay")
        cls.cat_quality = cls.env.ref("aftersales_flow.category_product_quality")
        cls.channel_email = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")
        cls.channel_phone = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
        cls.tag_urgent = cls.env["helpdesk.ticket.tag"].create({"name": "Urgent"})
        cls.rule_damaged = cls.Rule.create(
            {
                "name": "Damaged goods",
                "sequence": 10,
                "keywords": "damaged, broken\n破损，损坏",
                "set_case_kind": "complaint",
                "set_category_id": cls.cat_damaged.id,
                "set_team_id": cls.claims_team.id,
            }
        )
        cls.rule_late = cls.Rule.create(
            {
                "name": "Late delivery",
                "sequence": 20,
                "keywords": "late, 延迟, 还没到",
                "set_case_kind": "logistics",
                "set_category_id": cls.cat_delay.id,
            }
        )
        cls.rule_key_account = cls.Rule.create(
            {
                "name": "Key accounts are urgent",
                "sequence": 30,
                "partner_category_ids": [(4, cls.tag_vip_shop.id)],
                "set_priority": "2",
                "set_tag_ids": [(4, cls.tag_urgent.id)],
            }
        )

    def _tracking_env(self):
        """BaseCommon disables tracking: turn it back on for tracking checks."""
        return self.env(context=dict(self.env.context, tracking_disable=False, mail_notrack=False))

    @classmethod
    def _case(cls, **values):
        vals = {"name": "A question", "description": "<p>Hello</p>"}
        vals.update(values)
        return cls.env["helpdesk.ticket"].create(vals)


class AftersalesFlowHttpCommon(HttpCase):
    """The roles of the flow, each holding exactly one README role, a team and customers
    with portal logins, for the tests that go through the real doors (RPC, portal, mail)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.company.write({"aftersales_approval_amount": 200.0, "aftersales_approver_id": False})
        cls.agent = new_test_user(
            cls.env,
            login="as_http_agent",
            groups="aftersales_flow.group_aftersales_user",
            email="li.na.agent@example.com",
        )
        cls.agent2 = new_test_user(
            cls.env,
            login="as_http_agent2",
            groups="aftersales_flow.group_aftersales_user",
            email="wang.fang.agent@example.com",
        )
        cls.manager = new_test_user(
            cls.env,
            login="as_http_manager",
            groups="aftersales_flow.group_aftersales_manager",
            email="zhao.min.manager@example.com",
        )
        cls.customer_user = new_test_user(
            cls.env,
            login="as_http_customer",
            groups="base.group_portal",
            name="Sun Li",
            email="sun.li@example.com",
        )
        cls.customer = cls.customer_user.partner_id
        cls.attacker_user = new_test_user(
            cls.env,
            login="as_http_attacker",
            groups="base.group_portal",
            name="Mallory",
            email="mallory@example.net",
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Returns Desk",
                "user_id": cls.manager.id,
                "user_ids": [Command.set((cls.agent | cls.agent2 | cls.manager).ids)],
            }
        )
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    def _case(self, name="Kettle arrived broken", user=None, **vals):
        values = {
            "name": name,
            "description": "<p>The kettle does not heat.</p>",
            "partner_id": self.customer.id,
            "team_id": self.team.id,
            "user_id": self.agent.id,
            "aftersales_case_kind": "complaint",
        }
        values.update(vals)
        return self.env["helpdesk.ticket"].with_user(user or self.agent).create(values)

    def _proposed_plan(self, case, remedies=None):
        """A plan within policy, proposed to the customer by the agent."""
        action = case.with_user(self.agent).action_new_resolution_plan()
        plan = self.env["aftersales.resolution.plan"].with_user(self.agent).browse(action["res_id"])
        plan.write(
            {
                "remedy_ids": [
                    Command.create(vals)
                    for vals in remedies or [{"remedy_type": "refund", "amount": 50.0}]
                ]
            }
        )
        plan.action_submit()
        plan.action_propose()
        return plan.with_env(self.env)

    def _rpc(self, model, method, *args, **kwargs):
        """``call_kw`` through the web client's JSON-RPC route, as the logged-in user."""
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _csrf_token(self):
        return http.Request.csrf_token(self)


class AftersalesAssignCommon(BaseCommon):
    """Agents, their working hours and a team for the automatic assignment and the
    classification that learns."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Ticket = cls.env["helpdesk.ticket"]
        cls.Rule = cls.env["aftersales.classification.rule"]
        # round the clock, every day: who is at work then depends on leaves only
        cls.calendar_always = cls.env["resource.calendar"].create(
            {
                "name": "Round the clock",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {"name": f"Day {day}", "dayofweek": str(day), "hour_from": 0, "hour_to": 24}
                    )
                    for day in range(7)
                ],
            }
        )
        # office hours, 9 to 18 every day, in the time zone of whoever works them
        cls.calendar_office = cls.env["resource.calendar"].create(
            {
                "name": "Office hours",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {"name": f"Day {day}", "dayofweek": str(day), "hour_from": 9, "hour_to": 18}
                    )
                    for day in range(7)
                ],
            }
        )
        cls.agents = cls.env["res.users"]
        for index in range(4):
            cls.agents |= new_test_user(
                cls.env,
                login=f"assign_agent_{index}",
                name=f"Agent {index}",
                groups="aftersales_flow.group_aftersales_user",
            )
        cls.manager = new_test_user(
            cls.env, login="assign_manager", groups="aftersales_flow.group_aftersales_manager"
        )
        cls.resources = cls.env["resource.resource"].create(
            [
                {
                    "name": agent.name,
                    "user_id": agent.id,
                    "calendar_id": cls.calendar_always.id,
                    "tz": "UTC",
                }
                for agent in cls.agents
            ]
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Returns desk",
                "aftersales_assign_method": "round_robin",
                "user_ids": [Command.set(cls.agents.ids)],
            }
        )
        cls.cat_damaged = cls.env.ref("aftersales_flow.category_damaged_goods")
        cls.cat_delay = cls.env.ref("aftersales_flow.category_delivery_delay")
        cls.cat_attitude = cls.env.ref("aftersales_flow.category_service_attitude")

    @classmethod
    def _put_on_leave(cls, agent):
        """A day off around now for ``agent``: how time off lands on their resource."""
        resource = cls.resources.filtered(lambda r: r.user_id == agent)
        now = fields.Datetime.now()
        return cls.env["resource.calendar.leaves"].create(
            {
                "name": "Annual leave",
                "resource_id": resource.id,
                "calendar_id": resource.calendar_id.id,
                "date_from": now - timedelta(days=1),
                "date_to": now + timedelta(days=1),
                "time_type": "leave",
            }
        )
