from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import AftersalesReturnCommon


@tagged("post_install", "-at_install")
class TestReturnApproval(AftersalesReturnCommon):
    def setUp(self):
        super().setUp()
        self._age_delivery(self.order, 45)  # outside the window: a manager decides
        self.ra = self._new_return([(self.kettle_line, 1, {})])
        self.ra.action_submit()
        self.assertEqual(self.ra.state, "to_approve")

    def test_agent_cannot_approve_or_reject(self):
        ra = self.ra.with_user(self.agent)
        self.assertFalse(ra.can_approve)
        with self.assertRaisesRegex(UserError, "Only an after-sales manager"):
            ra.action_approve()
        with self.assertRaisesRegex(UserError, "Only an after-sales manager"):
            ra.action_reject()

    def test_manager_approval_outside_policy_needs_an_override_reason(self):
        ra = self.ra.with_user(self.manager)
        with self.assertRaisesRegex(UserError, "override reason"):
            ra.action_approve()
        ra.override_reason = "Loyal customer, goodwill."
        ra.action_approve()
        self.assertEqual(ra.state, "approved")
        self.assertEqual(ra.approved_by_id, self.manager)
        self.assertTrue(ra.sudo().picking_ids)
        with self.assertRaisesRegex(UserError, "only an authorization waiting for approval"):
            ra.action_approve()
        self.assertEqual(len(ra.sudo().picking_ids), 1, "a second approval creates nothing")

    def test_inside_policy_above_the_amount_needs_no_override_reason(self):
        self.company.aftersales_return_auto_approve_amount = 150.0
        order = self._sell_and_deliver(self.customer, {self.kettle: 2})
        ra = (
            self.env["aftersales.return"]
            .with_user(self.agent)
            .create(
                {
                    "partner_id": self.customer.id,
                    "sale_order_id": order.id,
                    "line_ids": [(0, 0, {"sale_line_id": order.order_line.id, "quantity": 2})],
                }
            )
        )
        ra.action_submit()
        self.assertEqual(ra.state, "to_approve", "above the amount: a manager approves")
        self.assertTrue(ra.policy_passed, "but the return is inside the policy")
        ra.with_user(self.manager).action_approve()
        self.assertEqual(ra.state, "approved")
        self.assertFalse(ra.override_reason)

    def test_rejection_with_reason_tells_the_customer(self):
        action = self.ra.with_user(self.manager).action_reject()
        wizards = self.env[action["res_model"]].with_user(self.manager)
        wizard = Form(wizards.with_context(**action["context"]))
        wizard.reason = "Bought 45 days ago, our window is 30 days."
        wizard.save().action_reject()
        self.assertEqual(self.ra.state, "rejected")
        self.assertEqual(self.ra.reject_reason, "Bought 45 days ago, our window is 30 days.")
        told = self.ra.message_ids.filtered(lambda m: "window is 30 days" in str(m.body))
        self.assertTrue(told)
        self.assertFalse(self.ra.sudo().picking_ids)

    def test_rejection_without_reason_is_refused(self):
        with self.assertRaisesRegex(UserError, "reason of the rejection"):
            self.ra.with_user(self.manager)._reject("  ")
        self.assertEqual(self.ra.state, "to_approve")

    def test_cancel_and_reset(self):
        self.ra.action_cancel()
        self.assertEqual(self.ra.state, "cancel")
        self.ra.action_reset_to_draft()
        self.assertEqual(self.ra.state, "draft")
        self.assertFalse(self.ra.policy_result_ids)
