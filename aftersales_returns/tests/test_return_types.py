from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import AftersalesReturnCommon


@tagged("post_install", "-at_install")
class TestReturnTypes(AftersalesReturnCommon):
    """Refund only, reship missing goods and price-difference refunds, each with its own
    approval rule and accounting, run by an agent and a manager holding only their role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "aftersales_refund_only_max_value": 50.0,
                "aftersales_reship_days": 7,
                "aftersales_price_protection_days": 30,
            }
        )
        cls.reason_lost = cls.env.ref("aftersales_returns.return_reason_lost")
        cls.reason_missing = cls.env.ref("aftersales_returns.return_reason_missing")

    def _typed(self, return_type, lines, user=None):
        ra = self._new_return(lines, user=user, return_type=return_type)
        self.assertEqual(ra.return_type, return_type)
        return ra

    def _rule(self, ra, rule):
        return ra.policy_result_ids.filtered(lambda r: r.rule == rule)

    def _credit_note(self, ra):
        return ra.sudo().credit_note_ids

    # ------------------------------------------------------------ refund only

    def test_refund_only_of_a_lost_parcel(self):
        ra = self._typed("refund_only", [(self.kettle_line, 1, {"reason_id": self.reason_lost.id})])
        ra.action_submit()
        rule = self._rule(ra, "refund_only")
        self.assertTrue(rule.passed)
        self.assertIn("never reached the customer", rule.message)
        self.assertFalse(ra.policy_result_ids.filtered(lambda r: r.rule == "statutory"))
        self.assertFalse(ra.shipping_payer, "nothing is shipped back")
        self.assertEqual(ra.state, "approved")
        self.assertFalse(ra.sudo().picking_ids, "no goods come back: no receipt")
        self.assertTrue(ra.with_user(self.agent).can_dispose)
        ra.with_user(self.agent).action_dispose()
        credit_note = self._credit_note(ra)
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertAlmostEqual(credit_note.amount_total, 100.0, msg="no restocking fee")
        self.assertFalse(credit_note.invoice_line_ids.sale_line_ids, "the order is not re-invoiced")
        self.assertEqual(self.kettle_line.qty_invoiced, 3.0)
        self.assertEqual(self.kettle_line.qty_delivered, 3.0)
        line = ra.line_ids
        self.assertEqual((line.qty_refunded, line.amount_refunded), (1.0, 100.0))
        self.assertEqual(ra.state, "done")
        outcome = ra.message_ids.filtered(lambda m: "what happens next" in (m.subject or ""))
        self.assertIn("1.0 refunded", str(outcome.body))
        # refunded without coming back: not returnable again
        figures = self.kettle_line._aftersales_return_quantities()[self.kettle_line]
        self.assertEqual(figures["returnable"], 2.0)

    def test_refund_only_of_goods_signed_for_needs_a_manager_above_the_limit(self):
        self._sign(self.order, 1)
        ra = self._typed("refund_only", [(self.kettle_line, 1, {})])
        ra.action_submit()
        rule = self._rule(ra, "refund_only")
        self.assertFalse(rule.passed)
        self.assertTrue(rule.blocking)
        self.assertEqual(ra.state, "to_approve")
        with self.assertRaisesRegex(UserError, "override reason"):
            ra.with_user(self.manager).action_approve()
        ra.with_user(self.manager).override_reason = "Customer keeps the kettle: goodwill."
        ra.with_user(self.manager).action_approve()
        ra.with_user(self.agent).action_dispose()
        self.assertEqual(ra.state, "done")
        # a cheap mug signed for is refunded without coming back inside the policy
        mug = self._typed("refund_only", [(self.mug_line, 1, {})])
        mug.action_submit()
        self.assertTrue(self._rule(mug, "refund_only").passed)
        self.assertEqual(mug.state, "approved")

    # ------------------------------------------------------------ reship

    def test_reship_missing_goods(self):
        self._sign(self.order, 2)
        ra = self._typed("reship", [(self.mug_line, 1, {"reason_id": self.reason_missing.id})])
        ra.action_submit()
        self.assertTrue(self._rule(ra, "reship").passed)
        self.assertEqual(ra.state, "approved")
        self.assertFalse(ra.sudo().picking_ids, "nothing comes back")
        self.assertEqual(ra.line_ids.disposition, "exchange")
        self.assertFalse(ra.line_ids.to_refund)
        ra.with_user(self.agent).action_dispose()
        delivery = ra.sudo().picking_ids
        self.assertEqual(delivery.picking_type_code, "outgoing")
        self.assertEqual(delivery.move_ids.product_id, self.mug)
        self.assertEqual(delivery.move_ids.product_uom_qty, 1.0)
        self.assertFalse(delivery.move_ids.sale_line_id, "sent again free: not invoiced")
        self.assertFalse(self._credit_note(ra))
        self.assertEqual(ra.state, "done")
        outcome = ra.message_ids.filtered(lambda m: "what happens next" in (m.subject or ""))
        self.assertIn("1.0 sent again", str(outcome.body))

    def test_reship_reported_late_needs_a_manager(self):
        self._sign(self.order, 10)
        ra = self._typed("reship", [(self.mug_line, 1, {})])
        ra.action_submit()
        rule = self._rule(ra, "reship")
        self.assertFalse(rule.passed)
        self.assertIn("later than 7 days", rule.message)
        self.assertEqual(ra.state, "to_approve")

    # ------------------------------------------------------------ price difference

    def test_price_difference_refund(self):
        self._sign(self.order, 3)
        ra = self._typed("price_difference", [(self.kettle_line, 2, {"price_difference": 30.0})])
        self.assertEqual(ra.amount_total, 60.0)
        ra.action_submit()
        self.assertTrue(self._rule(ra, "price_difference").passed)
        self.assertEqual(ra.state, "approved")
        ra.with_user(self.agent).action_dispose()
        credit_note = self._credit_note(ra)
        self.assertAlmostEqual(credit_note.amount_total, 60.0)
        self.assertIn("Price difference", credit_note.invoice_line_ids.name)
        self.assertFalse(credit_note.invoice_line_ids.sale_line_ids)
        self.assertEqual(self.kettle_line.qty_invoiced, 3.0, "the goods stay sold")
        self.assertEqual(ra.line_ids.amount_refunded, 60.0)
        self.assertEqual(ra.state, "done")
        # the customer keeps the goods: still returnable
        figures = self.kettle_line._aftersales_return_quantities()[self.kettle_line]
        self.assertEqual(figures["returnable"], 3.0)

    def test_price_difference_is_bounded_and_its_own_rule(self):
        with self.assertRaisesRegex(ValidationError, "between zero and the unit price"):
            self._typed("price_difference", [(self.kettle_line, 1, {"price_difference": 150.0})])
        self._sign(self.order, 40)
        ra = self._typed("price_difference", [(self.kettle_line, 1, {"price_difference": 10.0})])
        ra.action_submit()
        self.assertFalse(self._rule(ra, "price_difference").passed)
        self.assertEqual(ra.state, "to_approve")
        with self.assertRaisesRegex(UserError, "Difference per Unit"):
            ra.line_ids.with_user(self.agent).price_difference = 20.0

    # ------------------------------------------------------------ common

    def test_the_type_is_fixed_once_submitted(self):
        ra = self._typed("refund_only", [(self.kettle_line, 1, {})])
        ra.action_submit()
        with self.assertRaisesRegex(UserError, "Type"):
            ra.with_user(self.agent).return_type = "return"

    def test_a_case_asking_for_redelivery_makes_a_reship(self):
        case = self.env["helpdesk.ticket"].create(
            {
                "name": "One mug missing",
                "description": "Only four mugs in the box.",
                "partner_id": self.customer.id,
                "aftersales_order_ref": self.order.name,
                "aftersales_product_id": self.mug.id,
                "aftersales_customer_expectation": "redelivery",
            }
        )
        action = case.with_user(self.agent).action_create_aftersales_return()
        ra = self.env["aftersales.return"].browse(action["res_id"])
        self.assertEqual(ra.return_type, "reship")

    def test_agent_chooses_the_type_in_the_order_wizard(self):
        action = self.env["aftersales.return"].with_user(self.agent).action_create_from_order()
        wizard_form = Form(self.env[action["res_model"]].with_user(self.agent))
        wizard_form.order_id = self.order
        wizard_form.return_type = "refund_only"
        with wizard_form.line_ids.edit(0) as row:
            row.quantity = 1
        ra = self.env["aftersales.return"].browse(
            wizard_form.save().action_create_return()["res_id"]
        )
        self.assertEqual(ra.return_type, "refund_only")
