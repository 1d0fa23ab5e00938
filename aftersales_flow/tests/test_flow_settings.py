"""The after-sales manager configures the suite (README, Roles) without being an
administrator: the after-sales settings of their companies, nothing else."""

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, JsonRpcException, new_test_user, tagged

from .common import AftersalesFlowHttpCommon


@tagged("post_install", "-at_install")
class TestManagerSettings(AftersalesFlowHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.view = cls.env.ref("aftersales_flow.res_config_settings_view_form_aftersales_only")
        cls.company.aftersales_ack_hours = 24
        cls.params = cls.env["ir.config_parameter"].sudo()
        cls.params.set_param("base_setup.show_effect", "True")
        cls.company_b = cls.env["res.company"].create({"name": "Shop B"})

    def _menus(self, user):
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        ids = [key for key in menus if isinstance(key, int)]
        return set(self.env["ir.ui.menu"].browse(ids).get_external_id().values())

    def test_the_settings_menu_is_the_managers(self):
        self.assertIn("aftersales_flow.menu_aftersales_settings", self._menus(self.manager))
        self.assertNotIn("aftersales_flow.menu_aftersales_settings", self._menus(self.agent))
        action = self.env.ref("aftersales_flow.action_aftersales_config_settings")
        self.assertEqual(action.view_id, self.view)

    def test_manager_changes_the_after_sales_settings_in_the_form(self):
        settings = Form(self.env["res.config.settings"].with_user(self.manager), view=self.view)
        settings.aftersales_ack_hours = 8
        settings.aftersales_approver_id = self.manager
        settings.save().execute()
        self.assertEqual(self.company.aftersales_ack_hours, 8)
        self.assertEqual(self.company.aftersales_approver_id, self.manager)

    def test_the_form_shows_the_after_sales_app_only(self):
        arch = (
            self.env["res.config.settings"]
            .with_user(self.manager)
            .get_views([(self.view.id, "form")])["views"]["form"]["arch"]
        )
        self.assertIn('name="aftersales_flow"', arch)
        self.assertEqual(arch.count("<app "), 1)
        self.assertIn('name="aftersales_ack_hours"', arch)

    def test_manager_changes_nothing_else(self):
        Settings = self.env["res.config.settings"].with_user(self.manager)
        with self.assertRaises(AccessError):
            Settings.create({"show_effect": False})
        with self.assertRaises(AccessError):
            Settings.create({"aftersales_ack_hours": 8, "company_id": self.company_b.id})
        settings = Settings.create({"aftersales_ack_hours": 10})
        with self.assertRaises(AccessError):
            settings.write({"show_effect": False})
        # other apps' values are not shown to them either
        defaults = Settings.default_get(["show_effect", "aftersales_ack_hours"])
        self.assertNotIn("show_effect", defaults)
        with self.assertRaises(AccessError):
            settings.read(["show_effect"])
        settings.execute()
        self.assertEqual(self.params.get_param("base_setup.show_effect"), "True")
        self.assertEqual(self.company.aftersales_ack_hours, 10)
        self.assertEqual(self.company_b.aftersales_ack_hours, 24)
        # an agent has no access at all
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.agent).create(
                {"aftersales_ack_hours": 1}
            )

    def test_manager_of_another_company(self):
        manager_b = new_test_user(
            self.env,
            login="as_http_manager_b",
            company_id=self.company_b.id,
            company_ids=[Command.set(self.company_b.ids)],
            groups="aftersales_flow.group_aftersales_manager",
        )
        settings = (
            self.env["res.config.settings"].with_user(manager_b).create({"aftersales_ack_hours": 6})
        )
        settings.execute()
        self.assertEqual(self.company_b.aftersales_ack_hours, 6)
        self.assertEqual(self.company.aftersales_ack_hours, 24)

    def test_manager_saves_over_http(self):
        self.authenticate("as_http_manager", "as_http_manager")
        spec = {"aftersales_ack_hours": {}, "aftersales_followup_days": {}, "company_id": {}}
        defaults = self._rpc("res.config.settings", "onchange", [], {}, [], spec)
        self.assertEqual(defaults["value"]["aftersales_ack_hours"], 24)
        saved = self._rpc(
            "res.config.settings",
            "web_save",
            [],
            {"aftersales_ack_hours": 12, "aftersales_followup_days": 3},
            specification={"aftersales_ack_hours": {}},
        )
        result = self._rpc("res.config.settings", "execute", [saved[0]["id"]])
        self.assertEqual(result, {"type": "ir.actions.client", "tag": "reload"})
        self.assertEqual(self.company.aftersales_ack_hours, 12)
        self.assertEqual(self.company.aftersales_followup_days, 3)
        # the same door refuses other settings and bad numbers
        for vals in (
            {"show_effect": False},
            {"aftersales_ack_hours": 1e308},
            {"aftersales_ack_hours": "NaN"},
            {"aftersales_approval_amount": 1e300},
        ):
            with self.subTest(vals=vals), self.assertRaises(JsonRpcException):
                self._rpc("res.config.settings", "web_save", [], vals, specification={})
        self.assertEqual(self.params.get_param("base_setup.show_effect"), "True")
        self.assertEqual(self.company.aftersales_ack_hours, 12)


@tagged("post_install", "-at_install")
class TestSettingsUnits(AftersalesFlowHttpCommon):
    """Every number of the after-sales settings says what it counts (hours, days,
    %...), every amount its currency: a bare "24" or "0.00" means nothing."""

    # amounts stored as plain floats by some addons: shown with the company currency
    MONEY = {
        "aftersales_approval_amount",
        "aftersales_return_auto_approve_amount",
        "aftersales_refund_only_max_value",
    }

    def _form(self):
        view = self.env.ref("aftersales_flow.res_config_settings_view_form_aftersales_only")
        Settings = self.env["res.config.settings"].with_user(self.manager)
        result = Settings.get_views([(view.id, "form")])
        return etree.fromstring(result["views"]["form"]["arch"]), Settings.fields_get()

    def test_every_number_has_its_unit_and_every_amount_its_currency(self):
        arch, fields = self._form()
        numeric = [
            node
            for node in arch.iter("field")
            if node.get("name", "").startswith(("aftersales_", "quality_"))
            and fields.get(node.get("name"), {}).get("type") in ("integer", "float", "monetary")
        ]
        self.assertGreater(len(numeric), 20)
        names = {node.get("name") for node in arch.iter("field")}
        missing = []
        for node in numeric:
            name = node.get("name")
            if name in self.MONEY or fields[name]["type"] == "monetary":
                currency = (node.get("options") or "").split("currency_field")[-1]
                if node.get("widget") != "monetary" or "aftersales_currency_id" not in currency:
                    missing.append(f"{name}: no currency")
                continue
            unit = node.getnext()
            if (
                unit is None
                or "o_aftersales_unit" not in (unit.get("class") or "")
                or not (unit.text or "").strip()
            ):
                missing.append(f"{name}: no unit")
        self.assertFalse(missing)
        self.assertIn("aftersales_currency_id", names)

    def test_the_restocking_fee_says_it_is_a_percentage(self):
        arch, _fields = self._form()
        setting = arch.xpath("//setting[@id='aftersales_restocking_fee_percent']")
        if not setting:
            self.skipTest("aftersales_returns is not installed")
        self.assertIn("percentage", setting[0].get("help"))
        self.assertIn("%", setting[0].xpath(".//span[hasclass('o_aftersales_unit')]")[0].text)

    def test_quality_settings_explain_themselves(self):
        arch, _fields = self._form()
        block = arch.xpath("//block[@name='aftersales_quality']")
        if not block:
            self.skipTest("aftersales_quality is not installed")
        for node in block[0].iter("field"):
            if node.get("invisible"):
                continue
            row = node.getparent()
            while "row" not in (row.get("class") or "").split():
                row = row.getparent()
            helps = row.xpath("./div[hasclass('text-muted')]")
            self.assertTrue(helps and helps[0].text.strip(), node.get("name"))

    def test_grade_barcodes_take_the_full_width(self):
        arch, _fields = self._form()
        for node in arch.xpath("//field[starts-with(@name, 'aftersales_grade_barcode_')]"):
            self.assertIn("w-100", node.get("class"), node.get("name"))
            self.assertIn("col-12", node.get("class"), node.get("name"))
