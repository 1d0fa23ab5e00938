from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import AftersalesSlaCase


@tagged("post_install", "-at_install")
class TestSlaAccess(AftersalesSlaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="sla_access_manager", groups="aftersales_flow.group_aftersales_manager"
        )

    def test_agent_reads_but_cannot_edit_policies_and_rules(self):
        policy = self.policy.with_user(self.agent)
        self.assertEqual(policy.name, "Test standard")
        with self.assertRaises(AccessError):
            policy.write({"resolution_hours": 1})
        with self.assertRaises(AccessError):
            self.env["aftersales.sla.escalation.rule"].with_user(self.agent).create(
                {"name": "x", "trigger": "breached"}
            )

    def test_manager_configures_policies(self):
        policy = (
            self.env["aftersales.sla.policy"]
            .with_user(self.manager)
            .create({"name": "Gold customers", "customer_tier": "gold", "resolution_hours": 8})
        )
        policy.escalation_rule_ids = [(0, 0, {"name": "Notify", "trigger": "at_risk"})]
        self.assertEqual(policy.at_risk_percent, 80)

    def test_agent_moves_cases_without_timer_rights(self):
        ticket = self._ticket().with_user(self.agent)
        with self.assertRaises(AccessError):
            ticket.aftersales_sla_timer_ids.write({"target_hours": 100})
        ticket.stage_id = self.stage_waiting
        self.assertEqual(ticket.aftersales_sla_status, "paused")
        ticket.action_aftersales_acknowledge()
        self.assertTrue(ticket.aftersales_ack_date)

    def test_at_risk_threshold_setting(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.aftersales_sla_at_risk_percent, 80)
        settings.aftersales_sla_at_risk_percent = 60
        settings.execute()
        self.assertEqual(self.env.company.aftersales_sla_at_risk_percent, 60)
        policy = self.env["aftersales.sla.policy"].create({"name": "New", "ack_hours": 1})
        self.assertEqual(policy.at_risk_percent, 60)
