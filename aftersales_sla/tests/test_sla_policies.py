from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AftersalesSlaCase


@tagged("post_install", "-at_install")
class TestSlaPolicies(AftersalesSlaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Policy = cls.env["aftersales.sla.policy"]
        cls.policy_urgent = Policy.create(
            {"name": "Urgent", "sequence": 5, "priority": "3", "resolution_hours": 7}
        )
        cls.policy_damage = Policy.create(
            {
                "name": "Damage",
                "sequence": 10,
                "category_ids": [(6, 0, cls.category_damage.ids)],
                "resolution_hours": 28,
            }
        )
        cls.policy_key = Policy.create(
            {"name": "Key accounts", "sequence": 20, "customer_tier": "key", "resolution_hours": 3}
        )
        cls.policy_complaint_team = Policy.create(
            {
                "name": "Complaint team complaints",
                "sequence": 30,
                "team_ids": [(6, 0, cls.complaint_team.ids)],
                "case_kind": "complaint",
                "resolution_hours": 21,
            }
        )

    def test_first_matching_policy_in_sequence_wins(self):
        urgent_damage = self._ticket(priority="3", category_id=self.category_damage.id)
        self.assertEqual(urgent_damage.aftersales_sla_policy_id, self.policy_urgent)
        damage = self._ticket(priority="1", category_id=self.category_damage.id)
        self.assertEqual(damage.aftersales_sla_policy_id, self.policy_damage)
        self.assertEqual(self._ticket().aftersales_sla_policy_id, self.policy)

    def test_customer_tier_read_from_the_company(self):
        self.partner.aftersales_tier = "key"
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.partner.id})
        self.assertEqual(
            self._ticket(partner_id=contact.id).aftersales_sla_policy_id, self.policy_key
        )

    def test_team_and_kind_must_both_match(self):
        ticket = self._ticket(team_id=self.complaint_team.id, user_id=False)
        self.assertEqual(ticket.aftersales_sla_policy_id, self.policy)
        ticket2 = self._ticket(
            team_id=self.complaint_team.id, user_id=False, aftersales_case_kind="complaint"
        )
        self.assertEqual(ticket2.aftersales_sla_policy_id, self.policy_complaint_team)

    def test_extra_condition_domain(self):
        self.policy_key.write({"customer_tier": False, "domain": "[('name', 'ilike', 'refund')]"})
        self.assertEqual(
            self._ticket(name="Refund please").aftersales_sla_policy_id, self.policy_key
        )
        self.assertEqual(self._ticket(name="Where is it").aftersales_sla_policy_id, self.policy)

    def test_invalid_policies_are_refused(self):
        with self.assertRaises(ValidationError):
            self.env["aftersales.sla.policy"].create({"name": "Empty"})
        with self.assertRaises(ValidationError):
            self.policy.domain = "[('no_such_field', '=', 1)]"

    def test_no_policy_no_timers(self):
        (self.env["aftersales.sla.policy"].search([])).active = False
        ticket = self._ticket()
        self.assertFalse(ticket.aftersales_sla_policy_id)
        self.assertFalse(ticket.aftersales_sla_timer_ids)
        self.assertFalse(ticket.aftersales_sla_status)

    def test_reclassification_keeps_consumed_time(self):
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket()
        resolution = self._timer(ticket, "resolution")
        with freeze_time(datetime(2026, 3, 2, 11, 0)):
            ticket.stage_id = self.stage_waiting
        with freeze_time(datetime(2026, 3, 2, 14, 0)):
            ticket.stage_id = self.stage_progress
            # 14 h target, 2 h paused; now damaged goods: 28 h from the same start
            ticket.category_id = self.category_damage
        self.assertEqual(ticket.aftersales_sla_policy_id, self.policy_damage)
        self.assertEqual(resolution.policy_id, self.policy_damage)
        self.assertEqual(resolution.start_date, self.MONDAY_10)
        self.assertAlmostEqual(resolution.paused_hours, 2.0)
        # 30 working hours from Monday 10:00: Mon 6, Tue-Thu 21, Fri 9-12
        self.assertEqual(resolution.deadline, datetime(2026, 3, 6, 12, 0))
        # the damage policy has no acknowledgement target: that timer goes
        self.assertFalse(self._timer(ticket, "ack"))

    def test_reclassification_adds_missing_targets_from_the_start(self):
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket(category_id=self.category_damage.id)
        self.assertEqual(ticket.aftersales_sla_timer_ids.mapped("kind"), ["resolution"])
        with freeze_time(datetime(2026, 3, 2, 11, 0)):
            ticket.message_post(
                body="hello",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                author_id=self.agent.partner_id.id,
            )
        with freeze_time(datetime(2026, 3, 3, 10, 0)):
            ticket.category_id = False
        ack = self._timer(ticket, "ack")
        self.assertEqual(ack.start_date, self.MONDAY_10)
        self.assertEqual(ack.reached_date, datetime(2026, 3, 2, 11, 0))
        self.assertEqual(ack.status, "met")

    def test_policy_change_applies_to_running_timers(self):
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket()
            self.policy.resolution_hours = 7
        self.assertEqual(self._timer(ticket, "resolution").deadline, datetime(2026, 3, 3, 10, 0))

    def test_recompute_does_not_reset_history(self):
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket()
        with freeze_time(datetime(2026, 3, 2, 11, 0)):
            ticket.stage_id = self.stage_waiting
        with freeze_time(datetime(2026, 3, 2, 14, 0)):
            ticket.stage_id = self.stage_progress
        resolution = self._timer(ticket, "resolution")
        deadline = resolution.deadline
        self.env.add_to_compute(ticket._fields["aftersales_sla_status"], ticket)
        self.env.add_to_compute(ticket._fields["aftersales_sla_deadline"], ticket)
        ticket._recompute_recordset()
        self.assertAlmostEqual(resolution.paused_hours, 2.0)
        self.assertEqual(resolution.deadline, deadline)
        self.assertEqual(ticket.aftersales_sla_deadline, self._timer(ticket, "ack").deadline)
