from psycopg2 import IntegrityError

from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import AftersalesReturnCommon


@tagged("post_install", "-at_install")
class TestRestockingFeeByCondition(AftersalesReturnCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "aftersales_condition_fee_resellable": 0.0,
                "aftersales_condition_fee_damaged": 25.0,
                "aftersales_condition_fee_defective": 0.0,
                "aftersales_condition_fee_missing_parts": 15.0,
            }
        )
        cls.reason_transit = cls.env.ref("aftersales_returns.return_reason_damaged")

    def _received(self, lines):
        ra = self._new_return(lines)
        ra.action_submit()
        self.assertEqual(ra.state, "approved")
        self._receive(ra)
        return ra

    def test_credit_note_deducts_the_fee_of_the_inspected_grade(self):
        ra = self._received([(self.kettle_line, 2, {})])
        line = ra.line_ids
        self.assertEqual(line.restocking_fee_percent, 0.0)
        self.assertEqual(line.restocking_fee_source, "company", "a tie names the base fee")
        line.condition_grade = "damaged"
        line.disposition = "refund"
        self.assertEqual(line.restocking_fee_percent, 25.0)
        self.assertEqual(line.restocking_fee_source, "condition_company")
        self.assertEqual(line.restocking_fee_origin, "Condition, company setting: Damaged")
        ra.action_dispose()
        credit_note = ra.sudo().credit_note_ids
        # 2 x 100, less 25 % for goods that came back damaged
        self.assertAlmostEqual(credit_note.amount_untaxed, 150.0)
        self.assertIn("restocking fee 25.0% deducted", credit_note.invoice_line_ids.name)
        self.assertIn("Damaged", credit_note.invoice_line_ids.name)

    def test_highest_of_reason_and_condition_fee_applies(self):
        ra = self._new_return(
            [
                (
                    self.kettle_line,
                    1,
                    {
                        "reason_id": self.reason_changed_mind.id,
                        "reported_condition": "used",
                    },
                )
            ]
        )
        line = ra.line_ids
        # reported used: estimated as damaged (25 %) above the change of mind (15 %)
        self.assertEqual(line.restocking_fee_percent, 25.0)
        self.assertEqual(line.restocking_fee_source, "condition_company")
        self.assertIn("(as reported)", line.restocking_fee_origin)
        # the inspection finds it resellable: the reason's fee is the highest again
        line.condition_grade = "resellable"
        self.assertEqual(line.restocking_fee_percent, 15.0)
        self.assertEqual(line.restocking_fee_source, "reason")
        self.assertEqual(line.restocking_fee_origin, "Reason Changed mind")
        # missing parts (15 %) ties with the reason: the reason is named, nothing adds up
        line.condition_grade = "missing_parts"
        self.assertEqual(line.restocking_fee_percent, 15.0)
        self.assertEqual(line.restocking_fee_source, "reason")

    def test_reason_blaming_someone_else_waives_the_condition_fee(self):
        ra = self._received([(self.kettle_line, 1, {"reason_id": self.reason_transit.id})])
        line = ra.line_ids
        line.condition_grade = "damaged"
        self.assertEqual(line.restocking_fee_percent, 0.0)
        self.assertEqual(line.restocking_fee_source, "reason")
        line.disposition = "refund"
        ra.action_dispose()
        self.assertAlmostEqual(ra.sudo().credit_note_ids.amount_untaxed, 100.0)

    def test_category_policy_with_own_condition_fees_replaces_the_company_ones(self):
        self.kettle.categ_id = self.env["product.category"].create({"name": "Appliances"})
        policy = self.env["aftersales.return.policy"].create(
            {
                "categ_id": self.kettle.categ_id.id,
                "condition_fee_damaged": 40.0,
            }
        )
        ra = self._new_return([(self.kettle_line, 1, {"reported_condition": "damaged"})])
        self.assertEqual(ra.line_ids.restocking_fee_percent, 25.0, "not its own fees yet")
        policy.own_condition_fees = True
        ra2 = self._new_return([(self.kettle_line, 1, {"reported_condition": "damaged"})])
        self.assertEqual(ra2.line_ids.restocking_fee_percent, 40.0)
        self.assertEqual(ra2.line_ids.restocking_fee_source, "condition_category")
        # its resellable fee of 0 also replaces the company's
        self.company.aftersales_condition_fee_resellable = 5.0
        ra3 = self._new_return([(self.kettle_line, 1, {})])
        self.assertEqual(ra3.line_ids.restocking_fee_percent, 0.0)
        ra4 = self._new_return([(self.mug_line, 1, {})])
        self.assertEqual(ra4.line_ids.restocking_fee_percent, 5.0, "other categories")

    def test_policy_check_tells_the_fee_and_its_origin(self):
        ra = self._new_return(
            [
                (self.kettle_line, 1, {"reason_id": self.reason_changed_mind.id}),
                (self.mug_line, 1, {"reported_condition": "damaged"}),
            ]
        )
        ra.action_check_policy()
        fees = ra.policy_result_ids.filtered(lambda r: r.rule == "restocking_fee")
        self.assertEqual(len(fees), 2)
        self.assertTrue(all(fees.mapped("passed")), "a fee never blocks a return")
        kettle = fees.filtered(lambda r: r.line_id.product_id == self.kettle)
        self.assertEqual(kettle.message, "Kettle: restocking fee 15.0% (Reason Changed mind).")
        mug = fees.filtered(lambda r: r.line_id.product_id == self.mug)
        self.assertIn("25.0%", mug.message)
        self.assertIn("Damaged (as reported)", mug.message)

    def test_fee_typed_by_hand_is_marked_manual(self):
        ra = self._new_return([(self.kettle_line, 1, {})])
        ra.line_ids.restocking_fee_percent = 10.0
        self.assertEqual(ra.line_ids.restocking_fee_source, "manual")
        self.assertEqual(ra.line_ids.restocking_fee_origin, "Set by hand")
        self.assertEqual(ra.line_ids.restocking_fee_percent, 10.0)

    def test_settings_set_the_company_condition_fees_within_0_and_100(self):
        with Form(self.env["res.config.settings"]) as settings:
            self.assertEqual(settings.aftersales_condition_fee_damaged, 25.0)
            settings.aftersales_condition_fee_damaged = 30.0
            settings.aftersales_condition_fee_missing_parts = 12.5
        settings.record.execute()
        self.assertEqual(self.company.aftersales_condition_fee_damaged, 30.0)
        self.assertEqual(self.company.aftersales_condition_fee_missing_parts, 12.5)
        ra = self._new_return([(self.kettle_line, 1, {"reported_condition": "damaged"})])
        self.assertEqual(ra.line_ids.restocking_fee_percent, 30.0)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.company.aftersales_condition_fee_damaged = 120.0
            self.company.flush_recordset()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env["aftersales.return.policy"].create(
                {
                    "categ_id": self.kettle.categ_id.id,
                    "condition_fee_defective": -5.0,
                }
            )
