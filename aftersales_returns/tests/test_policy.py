from odoo.tests import tagged

from .common import AftersalesReturnCommon


@tagged("post_install", "-at_install")
class TestReturnPolicy(AftersalesReturnCommon):
    def _result(self, ra, rule):
        results = ra.policy_result_ids.filtered(lambda r: r.rule == rule)
        self.assertTrue(results, f"no result stored for {rule}")
        return results

    def test_all_rules_pass_and_are_stored(self):
        ra = self._new_return([(self.kettle_line, 1, {"reason_id": self.reason_defective.id})])
        ra.action_check_policy()
        self.assertEqual(
            set(ra.policy_result_ids.mapped("rule")),
            {
                "statutory",
                "window",
                "returnable",
                "quantity",
                "condition",
                "shipping",
                "approval_amount",
                "restocking_fee",
            },
        )
        self.assertTrue(all(ra.policy_result_ids.mapped("passed")))
        self.assertTrue(ra.policy_passed)
        self.assertIn("returnable until", self._result(ra, "window").message)

    def test_window_fails_after_the_return_window(self):
        self._age_delivery(self.order, 45)
        ra = self._new_return([(self.kettle_line, 1, {})])
        ra.action_submit()
        window = self._result(ra, "window")
        self.assertFalse(window.passed)
        self.assertIn("30-day return window closed", window.message)
        self.assertEqual(ra.state, "to_approve")

    def test_category_policy_window_replaces_the_company_window(self):
        self._age_delivery(self.order, 45)
        self.env["aftersales.return.policy"].create(
            {
                "categ_id": self.kettle.categ_id.id,
                "return_window_days": 60,
            }
        )
        ra = self._new_return([(self.kettle_line, 1, {})])
        ra.action_check_policy()
        self.assertTrue(self._result(ra, "window").passed)

    def test_non_returnable_category_fails_beyond_the_law(self):
        """The shop's non-returnable category holds back what the law does not grant; within
        the law's seven days the customer returns it anyway (art. 25 allows no other
        exclusion than the statutory ones, see test_statutory_rules)."""
        categ = self.env["product.category"].create({"name": "Hygiene"})
        self.kettle.categ_id = categ
        self.env["aftersales.return.policy"].create(
            {
                "categ_id": categ.id,
                "returnable": False,
                "note": "Hygiene products.",
            }
        )
        self._sign(self.order, 10)
        ra = self._new_return([(self.kettle_line, 1, {}), (self.mug_line, 1, {})])
        ra.action_check_policy()
        returnable = self._result(ra, "returnable")
        failed = returnable.filtered(lambda r: not r.passed)
        self.assertEqual(failed.line_id.product_id, self.kettle)
        self.assertIn("cannot be returned", failed.message)
        self.assertFalse(ra.policy_passed)
        # signed for three days ago: the law grants the return the shop's policy refuses
        self._sign(self.order, 3)
        ra.action_check_policy()
        self.assertFalse(
            self._result(ra, "returnable")
            .filtered(lambda r: r.line_id.product_id == self.kettle)
            .passed
        )
        self.assertTrue(ra.policy_passed)

    def test_quantity_rule_fails_above_delivered(self):
        ra = self._new_return([(self.mug_line, 6, {})])
        ra.action_check_policy()
        quantity = self._result(ra, "quantity")
        self.assertFalse(quantity.passed)
        self.assertIn("only 5.0 can still be returned", quantity.message)

    def test_used_goods_fail_when_the_customer_is_responsible(self):
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
        ra.action_check_policy()
        self.assertFalse(self._result(ra, "condition").passed)
        # the same goods, defective: the customer is not responsible
        ra.line_ids.reason_id = self.reason_defective
        ra.action_check_policy()
        self.assertTrue(self._result(ra, "condition").passed)
        # or the company accepts used goods back
        ra.line_ids.reason_id = self.reason_changed_mind
        self.company.aftersales_return_accept_used = True
        ra.action_check_policy()
        self.assertTrue(self._result(ra, "condition").passed)

    def test_value_above_the_auto_approval_amount_waits_for_a_manager(self):
        self.company.aftersales_return_auto_approve_amount = 150.0
        ra = self._new_return([(self.kettle_line, 2, {})])
        ra.action_submit()
        self.assertFalse(self._result(ra, "approval_amount").passed)
        self.assertEqual(ra.state, "to_approve")
        self.assertFalse(ra.sudo().picking_ids)
        self.assertTrue(ra.activity_ids, "the managers are asked to decide")

    def test_inside_policy_and_under_the_amount_is_auto_approved(self):
        ra = self._new_return([(self.kettle_line, 1, {})])
        ra.action_submit()
        self.assertEqual(ra.state, "approved")
        # approved by the policy: the agent who submitted it is no approver
        self.assertFalse(ra.approved_by_id)
        self.assertTrue(ra.date_approved)
        self.assertTrue(ra.message_ids.filtered(lambda m: "without a manager" in str(m.body)))
        self.assertTrue(ra.sudo().picking_ids)
        approved = ra.message_ids.filtered(lambda m: "is approved" in (m.subject or ""))
        self.assertTrue(approved, "the customer is told with the return instructions")
        self.assertIn(self.customer, approved.notified_partner_ids | approved.partner_ids)
        self.assertIn(f"/my/returns/{ra.id}", str(approved.body), "link to print the RA")
        self.assertIn("Pack the goods", str(approved.body))

    def test_restocking_fee_comes_from_reason_then_category_then_company(self):
        self.company.aftersales_restocking_fee_percent = 3.0
        ra = self._new_return([(self.kettle_line, 1, {})])
        self.assertEqual(ra.line_ids.restocking_fee_percent, 3.0)
        policy = self.env["aftersales.return.policy"].create(
            {
                "categ_id": self.kettle.categ_id.id,
                "restocking_fee_percent": 8.0,
            }
        )
        self.assertEqual(policy._for_product(self.kettle, self.company), policy)
        ra2 = self._new_return([(self.kettle_line, 1, {})])
        self.assertEqual(ra2.line_ids.restocking_fee_percent, 8.0)
        ra2.line_ids.reason_id = self.reason_changed_mind
        self.assertEqual(ra2.line_ids.restocking_fee_percent, 15.0)
