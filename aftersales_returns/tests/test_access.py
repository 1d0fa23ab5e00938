from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import AftersalesReturnCommon


@tagged("post_install", "-at_install")
class TestReturnAccess(AftersalesReturnCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Shop"})
        cls.other_agent = new_test_user(
            cls.env,
            login="ra_other_agent",
            company_id=cls.other_company.id,
            groups="aftersales_flow.group_aftersales_user",
        )
        cls.ra = cls.env["aftersales.return"].create(
            {
                "partner_id": cls.customer.id,
                "sale_order_id": cls.order.id,
                "line_ids": [(0, 0, {"sale_line_id": cls.kettle_line.id, "quantity": 1})],
            }
        )
        cls.claim = cls.env["aftersales.carrier.claim"].create(
            {
                "carrier_id": cls.env["res.partner"].create({"name": "SF Express"}).id,
                "return_id": cls.ra.id,
            }
        )

    def test_agent_of_another_company_sees_nothing(self):
        self.assertEqual(self.ra.with_user(self.agent).read(["name"])[0]["name"], self.ra.name)
        for record in (self.ra, self.ra.line_ids, self.claim):
            with self.assertRaises(AccessError):
                record.with_user(self.other_agent).read(["company_id"])
        self.assertFalse(self.env["aftersales.return"].with_user(self.other_agent).search([]))

    def test_inspector_cannot_create_or_delete_authorizations(self):
        returns = self.env["aftersales.return"].with_user(self.inspector)
        self.assertEqual(returns.browse(self.ra.id).name, self.ra.name)
        with self.assertRaises(AccessError):
            returns.create({"partner_id": self.customer.id})
        with self.assertRaises(AccessError):
            returns.browse(self.ra.id).unlink()

    def test_agent_cannot_edit_policies_or_reasons(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.return.policy"].with_user(self.agent).create(
                {
                    "categ_id": self.kettle.categ_id.id,
                    "returnable": False,
                }
            )
        with self.assertRaises(AccessError):
            self.reason_changed_mind.with_user(self.agent).restocking_fee_percent = 0
        with self.assertRaises(AccessError):
            self.ra.with_user(self.agent).unlink()

    def test_portal_user_cannot_write(self):
        portal = new_test_user(self.env, login="ra_portal_w", groups="base.group_portal")
        self.ra.write({"partner_id": portal.partner_id.id, "sale_order_id": False})
        self.assertEqual(self.ra.with_user(portal).read(["name"])[0]["name"], self.ra.name)
        with self.assertRaises(AccessError):
            self.ra.with_user(portal).write({"description": "hacked"})

    def test_agent_without_other_apps_opens_the_return_form(self):
        # an after-sales user with no sales, inventory or invoicing rights of their own
        agent = new_test_user(
            self.env, login="ra_pure_form_agent", groups="aftersales_flow.group_aftersales_user"
        )
        self.ra.action_submit()
        self.assertEqual(self.ra.state, "approved")
        returns = self.env["aftersales.return"].with_user(agent)
        models = returns.get_views([(False, "form")])["models"]
        # every field the form shows, with its lines' fields
        spec = {name: {} for name in models["aftersales.return"]["fields"]}
        spec["line_ids"] = {
            "fields": {name: {} for name in models["aftersales.return.line"]["fields"]}
        }
        [values] = self.ra.with_user(agent).web_read(spec)
        self.assertEqual(values["name"], self.ra.name)
        self.assertEqual(values["picking_count"], 1)
        self.assertEqual(len(values["line_ids"]), 1)
