from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestQualityAccess(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quality_manager = new_test_user(
            cls.env, login="as_quality", groups="aftersales_quality.group_quality_manager"
        )
        cls.employee = new_test_user(cls.env, login="as_staff", groups="base.group_user")
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Complaints"})
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {"name": "Parcel lost", "description": "Never arrived", "team_id": cls.team.id}
        )

    def test_quality_manager_reads_every_case(self):
        # Not a member of the team, yet the quality manager measures its cases.
        tickets = (
            self.env["helpdesk.ticket"]
            .with_user(self.quality_manager)
            .search([("team_id", "=", self.team.id)])
        )
        self.assertEqual(tickets, self.ticket)

    def test_plain_employee_reads_no_case(self):
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.employee).read(["name"])

    def _menu_ids(self, user):
        return set(self.env["ir.ui.menu"].with_user(user).load_menus(debug=False))

    def test_analysis_menu_for_quality_only(self):
        menu = self.env.ref("aftersales_quality.menu_case_analysis")
        self.assertIn(menu.id, self._menu_ids(self.quality_manager))
        self.assertNotIn(menu.id, self._menu_ids(self.employee))
