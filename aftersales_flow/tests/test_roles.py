from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestAfterSalesRoles(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env, login="as_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.manager = new_test_user(
            cls.env, login="as_manager", groups="aftersales_flow.group_aftersales_manager"
        )
        cls.employee = new_test_user(cls.env, login="as_employee", groups="base.group_user")

    def _menu_xmlids(self, user):
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        menu_ids = [key for key in menus if isinstance(key, int)]
        return set(self.env["ir.ui.menu"].browse(menu_ids).get_external_id().values())

    def test_agent_gets_helpdesk_team_level(self):
        self.assertTrue(self.agent.has_group("helpdesk_mgmt.group_helpdesk_user_team"))
        self.assertFalse(self.agent.has_group("helpdesk_mgmt.group_helpdesk_manager"))
        self.assertEqual(
            self.agent._aftersales_roles(),
            self.env.ref("aftersales_flow.group_aftersales_user"),
        )

    def test_manager_is_helpdesk_manager_too(self):
        self.assertTrue(self.manager.has_group("helpdesk_mgmt.group_helpdesk_manager"))
        self.assertTrue(self.manager.has_group("aftersales_flow.group_aftersales_user"))
        self.assertEqual(len(self.manager._aftersales_roles()), 2)

    def test_menus_follow_roles(self):
        agent_menus = self._menu_xmlids(self.agent)
        self.assertIn("aftersales_flow.menu_aftersales_case", agent_menus)
        self.assertNotIn("helpdesk_mgmt.helpdesk_ticket_config_main_menu", agent_menus)
        self.assertIn(
            "helpdesk_mgmt.helpdesk_ticket_config_main_menu", self._menu_xmlids(self.manager)
        )
        self.assertNotIn("aftersales_flow.menu_aftersales_root", self._menu_xmlids(self.employee))
        # The after-sales settings are the managers' (and the administrators'), not the agents'.
        admin = self.env.ref("base.user_admin")
        self.assertIn("aftersales_flow.menu_aftersales_settings", self._menu_xmlids(admin))
        self.assertIn("aftersales_flow.menu_aftersales_settings", self._menu_xmlids(self.manager))
        self.assertNotIn("aftersales_flow.menu_aftersales_settings", agent_menus)

    def test_acknowledgement_deadline_setting(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.aftersales_ack_hours, 24)
        settings.aftersales_ack_hours = 8
        settings.execute()
        self.assertEqual(self.env.company.aftersales_ack_hours, 8)
