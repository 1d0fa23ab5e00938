from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import AftersalesReturnCommon


@tagged("post_install", "-at_install")
class TestStatutoryRules(AftersalesReturnCommon):
    """The consumer law's verdict on each line, with its legal basis: returns without a
    reason (art. 25) and quality returns (art. 24, the three guarantees)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the shop's own window is one day: what passes is what the law grants
        cls.company.aftersales_return_window_days = 1
        cls.fresh = cls.env["product.category"].create(
            {
                "name": "Fresh Food",
                "aftersales_no_reason_exclusion": "perishable",
            }
        )
        cls.durian = cls._create_product(
            name="Durian",
            is_storable=True,
            lst_price=60.0,
            taxes_id=False,
            categ_id=cls.fresh.id,
        )
        cls.album = cls._create_product(
            name="Music Album",
            is_storable=True,
            lst_price=30.0,
            taxes_id=False,
            aftersales_no_reason_exclusion="digital",
        )
        stock = cls.warehouse.lot_stock_id
        cls.env["stock.quant"]._update_available_quantity(cls.durian, stock, 10)
        cls.env["stock.quant"]._update_available_quantity(cls.album, stock, 10)
        cls.fresh_order = cls._sell_and_deliver(
            cls.customer, {cls.durian: 2, cls.album: 2, cls.kettle: 2}, invoice=True
        )
        lines = cls.fresh_order.order_line
        cls.durian_line = lines.filtered(lambda line: line.product_id == cls.durian)
        cls.album_line = lines.filtered(lambda line: line.product_id == cls.album)
        cls.fresh_kettle_line = lines.filtered(lambda line: line.product_id == cls.kettle)
        cls.rule_no_reason = cls.env.ref("aftersales_returns.return_rule_cn_no_reason")
        cls.rule_quality = cls.env.ref("aftersales_returns.return_rule_cn_quality")

    def _fresh_return(self, lines, **vals):
        return self._new_return(lines, sale_order_id=self.fresh_order.id, **vals)

    def _law(self, ra, product=None):
        results = ra.policy_result_ids.filtered(
            lambda r: r.rule == "statutory" and (product is None or r.line_id.product_id == product)
        )
        self.assertEqual(len(results), 1)
        return results

    # ------------------------------------------------------------ returns without a reason

    def test_excluded_category_fails_without_a_reason_but_not_with_a_fault(self):
        self._sign(self.fresh_order, 2)
        ra = self._fresh_return([(self.durian_line, 1, {})])
        self.assertEqual(ra.line_ids.statutory_ground, "no_reason")
        ra.action_submit()
        law = self._law(ra)
        self.assertFalse(law.passed)
        self.assertEqual(law.verdict, "no_reason_excluded")
        self.assertIn("fresh or perishable", law.message)
        self.assertIn("art. 25", law.legal_basis)
        self.assertTrue(law.blocking)
        self.assertFalse(ra.policy_passed)
        self.assertEqual(ra.state, "to_approve")
        # the same durian, rotten on arrival: a quality return the law grants
        ra2 = self._fresh_return(
            [
                (
                    self.durian_line,
                    1,
                    {
                        "reason_id": self.reason_defective.id,
                        "reported_condition": "defective",
                    },
                )
            ]
        )
        self.assertEqual(ra2.line_ids.statutory_ground, "quality")
        ra2.action_submit()
        law = self._law(ra2)
        self.assertTrue(law.passed)
        self.assertEqual(law.verdict, "quality_return")
        self.assertIn("art. 24", law.legal_basis)
        self.assertEqual(law.statutory_rule_id, self.rule_quality)
        self.assertTrue(ra2.policy_passed)
        self.assertEqual(ra2.state, "approved")

    def test_no_reason_period_counts_from_the_signed_receipt(self):
        # dispatched three weeks ago, signed for exactly seven days ago: the last day
        self._sign(self.fresh_order, 7, dispatched_days=21)
        ra = self._fresh_return([(self.fresh_kettle_line, 1, {})])
        ra.action_check_policy()
        law = self._law(ra)
        self.assertTrue(law.passed, law.message)
        self.assertEqual(law.verdict, "no_reason")
        self.assertEqual(law.statutory_rule_id, self.rule_no_reason)
        self.assertEqual(ra.line_ids.date_signed_source, "carrier")
        self.assertTrue(ra.policy_passed)
        # eight days ago: over
        self._sign(self.fresh_order, 8, dispatched_days=21)
        ra.action_check_policy()
        law = self._law(ra)
        self.assertFalse(law.passed)
        self.assertEqual(law.verdict, "no_reason_late")
        self.assertIn("7-day period", law.message)
        self.assertFalse(ra.policy_passed)

    def test_without_a_signed_receipt_the_dispatch_date_counts(self):
        deliveries = self.fresh_order.picking_ids
        deliveries.write({"date_done": fields.Datetime.now() - timedelta(days=10)})
        ra = self._fresh_return([(self.fresh_kettle_line, 1, {})])
        ra.action_check_policy()
        self.assertEqual(ra.line_ids.date_signed_source, "dispatch")
        self.assertEqual(self._law(ra).verdict, "no_reason_late")

    def test_no_reason_takes_back_intact_goods_and_sealed_digital_goods(self):
        self._sign(self.fresh_order, 1)
        ra = self._fresh_return(
            [
                (self.album_line, 1, {"reported_condition": "unopened"}),
                (self.fresh_kettle_line, 1, {"reported_condition": "opened"}),
            ]
        )
        ra.action_check_policy()
        self.assertTrue(self._law(ra, self.album).passed)
        self.assertTrue(self._law(ra, self.kettle).passed, "opened to look at it is fine")
        ra.line_ids.filtered(
            lambda line: line.product_id == self.album
        ).reported_condition = "opened"
        ra.line_ids.filtered(
            lambda line: line.product_id == self.kettle
        ).reported_condition = "used"
        ra.action_check_policy()
        album = self._law(ra, self.album)
        self.assertEqual(album.verdict, "no_reason_excluded")
        self.assertIn("once opened", album.message)
        self.assertEqual(self._law(ra, self.kettle).verdict, "no_reason_not_intact")

    def test_goods_confirmed_not_returnable_at_purchase(self):
        self._sign(self.fresh_order, 1)
        self.fresh_kettle_line.aftersales_no_reason_waived = True
        ra = self._fresh_return([(self.fresh_kettle_line, 1, {})])
        ra.action_check_policy()
        law = self._law(ra)
        self.assertEqual(law.verdict, "no_reason_excluded")
        self.assertIn("confirmed as not returnable at purchase", law.message)

    def test_a_company_under_another_law_follows_only_its_shop_policy(self):
        self._sign(self.fresh_order, 20)
        self.company.aftersales_return_law_country_id = self.env.ref("base.fr")
        self.company.aftersales_return_window_days = 30
        ra = self._fresh_return([(self.fresh_kettle_line, 1, {})])
        ra.action_check_policy()
        self.assertFalse(ra.policy_result_ids.filtered(lambda r: r.rule == "statutory"))
        self.assertTrue(ra.policy_passed)

    # ------------------------------------------------------------ quality returns

    def test_quality_return_seven_and_fifteen_days_then_warranty(self):
        ra = self._fresh_return(
            [
                (
                    self.fresh_kettle_line,
                    1,
                    {
                        "reason_id": self.reason_defective.id,
                        "outcome": "refund",
                    },
                )
            ]
        )
        line = ra.line_ids
        steps = [
            # (signed days ago, wanted outcome, granted, verdict)
            (7, "refund", True, "quality_return"),
            (8, "refund", False, "quality_exchange"),
            (8, "exchange", True, "quality_exchange"),
            (15, "exchange", True, "quality_exchange"),
            (16, "exchange", False, "quality_repair"),
            (16, "repair", True, "quality_repair"),
        ]
        for days, outcome, granted, verdict in steps:
            with self.subTest(days=days, outcome=outcome):
                self._sign(self.fresh_order, days)
                line.outcome = outcome
                ra.action_check_policy()
                law = self._law(ra)
                self.assertEqual((law.passed, law.verdict), (granted, verdict), law.message)
                self.assertEqual(ra.policy_passed, granted)
        # a product with a one-month warranty, signed for forty days ago
        self.kettle.aftersales_warranty_months = 1
        self._sign(self.fresh_order, 40)
        ra.action_check_policy()
        law = self._law(ra)
        self.assertEqual((law.passed, law.verdict), (False, "quality_expired"))
        self.assertIn("1-month warranty", law.message)

    # ------------------------------------------------------------ return shipping

    def test_who_pays_the_return_shipping(self):
        self._sign(self.fresh_order, 1)
        ra = self._fresh_return([(self.fresh_kettle_line, 1, {})])
        ra.action_check_policy()
        self.assertEqual(ra.shipping_payer, "buyer")
        shipping = ra.policy_result_ids.filtered(lambda r: r.rule == "shipping")
        self.assertIn("the customer pays", shipping.message)
        self.assertIn("art. 25", shipping.legal_basis)
        self.fresh_order.aftersales_shipping_insurance = True
        ra.action_check_policy()
        self.assertEqual(ra.shipping_payer, "insurance")
        self.fresh_order.aftersales_shipping_insurance = False
        self.company.aftersales_return_shop_pays_shipping = True
        ra.action_check_policy()
        self.assertEqual(ra.shipping_payer, "seller")
        self.company.aftersales_return_shop_pays_shipping = False
        # a quality return is shipped at the shop's cost, the whole parcel
        ra.line_ids.reason_id = self.reason_defective
        ra.action_check_policy()
        self.assertEqual(ra.shipping_payer, "seller")
        self.assertIn(
            "quality return", ra.policy_result_ids.filtered(lambda r: r.rule == "shipping").message
        )

    def test_statutory_ground_is_fixed_once_submitted(self):
        self._sign(self.fresh_order, 1)
        ra = self._fresh_return([(self.fresh_kettle_line, 1, {})])
        ra.action_submit()
        with self.assertRaisesRegex(UserError, "Statutory Ground"):
            ra.line_ids.with_user(self.agent).statutory_ground = "quality"

    # ------------------------------------------------------------ signed receipts

    def test_agent_records_the_signed_receipt_and_the_policy_is_checked_again(self):
        self.fresh_order.picking_ids.write(
            {"date_done": fields.Datetime.now() - timedelta(days=12)}
        )
        ra = self._fresh_return([(self.fresh_kettle_line, 1, {})])
        ra.action_check_policy()
        self.assertEqual(self._law(ra).verdict, "no_reason_late")
        with self.assertRaises(AccessError):
            self.fresh_order.picking_ids.with_user(self.agent).check_access("write")
        action = ra.with_user(self.agent).action_record_signed_receipt()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.agent).with_context(**action["context"])
        )
        self.assertEqual(wizard.delivery_names, self.fresh_order.picking_ids.name)
        wizard.date_signed = fields.Datetime.now() - timedelta(days=3)
        wizard.save().action_record()
        delivery = self.fresh_order.picking_ids
        self.assertEqual(delivery.aftersales_signed_source, "entered")
        self.assertEqual(self._law(ra).verdict, "no_reason", "checked again")
        self.assertTrue(ra.message_ids.filtered(lambda m: "Signed for on" in str(m.body)))

    def test_a_signed_receipt_in_the_future_or_before_dispatch_is_refused(self):
        ra = self._fresh_return([(self.fresh_kettle_line, 1, {})])
        delivery = self.fresh_order.picking_ids
        for when in (
            fields.Datetime.now() + timedelta(days=2),
            delivery.date_done - timedelta(days=5),
        ):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                ra.with_user(self.agent)._record_signed_receipt(when, "entered")
        self.assertFalse(delivery.aftersales_date_signed)
        ra.action_submit()
        ra.action_cancel()
        with self.assertRaisesRegex(UserError, "open return"):
            ra.with_user(self.agent).action_record_signed_receipt()

    def test_carrier_import_of_signed_receipts(self):
        delivery = self.fresh_order.picking_ids
        signed = fields.Datetime.now() - timedelta(days=1)
        pickings = self.env["stock.picking"].with_user(self.inspector)
        result = pickings.aftersales_import_signed_receipts(
            [
                {"reference": delivery.name, "signed_at": fields.Datetime.to_string(signed)},
                {"reference": "NO-SUCH-PARCEL", "signed_at": fields.Datetime.to_string(signed)},
            ]
        )
        self.assertEqual(result, {"updated": [delivery.name], "unknown": ["NO-SUCH-PARCEL"]})
        self.assertEqual(delivery.aftersales_signed_source, "carrier")
        self.assertEqual(delivery.aftersales_date_signed, signed.replace(microsecond=0))
        for rows in (
            [{"reference": delivery.name, "signed_at": "yesterday"}],
            [{"reference": "", "signed_at": "2026-01-01 10:00:00"}],
            "rows",
        ):
            with self.assertRaises(UserError), self.cr.savepoint():
                pickings.aftersales_import_signed_receipts(rows)
        with self.assertRaises(AccessError):
            self.env["stock.picking"].with_user(self.agent).aftersales_import_signed_receipts([])

    # ------------------------------------------------------------ in both Chinese variants

    def test_verdict_and_legal_basis_read_in_both_chinese_variants(self):
        for lang in ("zh_CN", "zh_TW"):
            self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"]._load_module_terms(
            ["aftersales_returns"], ["zh_CN", "zh_TW"], overwrite=True
        )
        self._sign(self.fresh_order, 2)
        ra = self._fresh_return(
            [
                (self.durian_line, 1, {}),
                (self.fresh_kettle_line, 1, {"reason_id": self.reason_defective.id}),
            ]
        )
        ra.action_submit()
        expected = {
            "zh_CN": (
                "不适用无理由退货",
                "第二十五条",
                "可选择退货、换货或维修",
                "第二十四条",
            ),
            "zh_TW": (
                "不適用無理由退貨",
                "第二十五條",
                "可選擇退貨、換貨或維修",
                "第二十四條",
            ),
        }
        report = self.env.ref("aftersales_returns.action_report_aftersales_return")
        for lang, (excluded, art25, choice, art24) in expected.items():
            with self.subTest(lang=lang):
                self.customer.lang = lang
                durian, kettle = (
                    self._law(ra, product).with_user(self.agent).with_context(lang=lang)
                    for product in (self.durian, self.kettle)
                )
                labels = dict(durian._fields["verdict"]._description_selection(durian.env))
                self.assertEqual(labels[durian.verdict], excluded)
                self.assertIn(art25, durian.legal_basis)
                self.assertEqual(labels[kettle.verdict], choice)
                self.assertIn(art24, kettle.legal_basis)
                # the printed authorization speaks the customer's language
                html = report._render_qweb_html(report.report_name, ra.ids)[0].decode()
                self.assertIn(art25, html)
                self.assertIn(choice, html)
