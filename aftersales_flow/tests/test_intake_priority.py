from odoo.tests import Form, tagged

from .common import AftersalesIntakeCommon


@tagged("post_install", "-at_install")
class TestIntakePriority(AftersalesIntakeCommon):
    def test_matrix_gives_priority(self):
        self.assertEqual(self._case(aftersales_urgency="2", aftersales_impact="2").priority, "3")
        self.assertEqual(self._case(aftersales_urgency="1", aftersales_impact="2").priority, "2")
        self.assertEqual(self._case(aftersales_urgency="0", aftersales_impact="0").priority, "0")
        self.assertEqual(self._case().priority, "1")  # no urgency/impact: the default

    def test_matrix_is_configurable(self):
        cell = self.env.ref("aftersales_flow.priority_matrix_low_low")
        cell.priority = "2"
        self.assertEqual(self._case(aftersales_urgency="0", aftersales_impact="0").priority, "2")

    def test_company_cell_wins_over_shared_cell(self):
        self.env["aftersales.priority.matrix"].create(
            {"company_id": self.env.company.id, "urgency": "1", "impact": "1", "priority": "3"}
        )
        self.assertEqual(self._case(aftersales_urgency="1", aftersales_impact="1").priority, "3")

    def test_vip_gets_one_level_up(self):
        self.customer.aftersales_vip = True
        self.assertEqual(
            self._case(
                partner_id=self.customer.id, aftersales_urgency="1", aftersales_impact="1"
            ).priority,
            "2",
        )
        # already at the top: stays there
        self.assertEqual(
            self._case(
                partner_id=self.customer.id, aftersales_urgency="2", aftersales_impact="2"
            ).priority,
            "3",
        )

    def test_vip_flag_is_shared_with_contacts(self):
        self.company_customer.aftersales_vip = True
        self.assertTrue(self.contact.aftersales_vip)
        case = self._case(partner_id=self.contact.id, aftersales_urgency="0", aftersales_impact="1")
        self.assertTrue(case.aftersales_is_vip)
        # matrix gives low; VIP makes it medium, the key-account rule raises it to high
        self.assertEqual(case.priority, "2")

    def test_manual_override_is_kept_and_tracked(self):
        with Form(self.Ticket.with_env(self._tracking_env()).with_user(self.agent)) as form:
            form.name = "Question"
            form.description = "<p>?</p>"
            form.team_id = self.team
            form.aftersales_urgency = "2"
            form.aftersales_impact = "2"
            self.assertEqual(form.priority, "3")
            form.priority = "1"
        case = form.record
        self.assertEqual(case.priority, "1")
        self.env.cr.precommit.run()
        case.with_env(self._tracking_env()).with_user(self.agent).priority = "0"
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = case.sudo().message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "priority"
        )
        self.assertTrue(tracked)
        self.assertIn("priority", case.aftersales_intake_manual_fields)

    def test_matrix_change_recomputes_open_case(self):
        case = self._case(aftersales_urgency="0", aftersales_impact="0")
        case.aftersales_urgency = "2"
        self.assertEqual(case.priority, "1")
