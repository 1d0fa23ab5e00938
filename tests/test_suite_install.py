"""Cross-addon checks: the addons install together and share one role model."""

from odoo.tests import tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestSuiteInstall(TransactionCase):
    def test_addons_installed(self):
        names = [
            "aftersales_flow",
            "aftersales_returns",
            "aftersales_quality",
            "aftersales_quality_returns",
            "aftersales_returns_repair",
        ]
        modules = self.env["ir.module.module"].search([("name", "in", names)])
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertEqual(len(modules), 5)
        # the bridges install themselves once the addons they bridge are both there
        bridges = modules.filtered(
            lambda m: m.name in ("aftersales_quality_returns", "aftersales_returns_repair")
        )
        self.assertEqual(bridges.mapped("auto_install"), [True, True])

    def test_roles_share_one_privilege(self):
        privilege = self.env.ref("aftersales_flow.privilege_aftersales")
        self.assertEqual(
            set(privilege.group_ids.get_external_id().values()),
            {
                "aftersales_flow.group_aftersales_user",
                "aftersales_flow.group_aftersales_manager",
                "aftersales_returns.group_return_inspector",
                "aftersales_quality.group_quality_manager",
            },
        )

    def test_manager_holds_every_role(self):
        admin = self.env.ref("base.user_admin")
        for xmlid in (
            "aftersales_returns.group_return_inspector",
            "aftersales_quality.group_quality_manager",
        ):
            self.assertTrue(admin.has_group(xmlid), xmlid)
