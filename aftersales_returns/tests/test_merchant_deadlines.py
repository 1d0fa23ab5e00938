from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AftersalesReturnCommon


@tagged("post_install", "-at_install")
class TestMerchantDeadlines(AftersalesReturnCommon):
    """The shop's own clocks, like the platforms': a request handled within 48 hours (else
    escalated, or approved automatically), a receipt confirmed within 10 days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "aftersales_return_auto_approve_amount": 0.0,
                "aftersales_return_handle_hours": 48,
                "aftersales_return_receipt_days": 10,
                "aftersales_approver_id": cls.manager.id,
            }
        )

    def _run_cron(self):
        # the cron commits each batch: not inside a test's transaction
        with patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=float("inf")):
            return self.env["aftersales.return"]._cron_merchant_deadlines()

    def _waiting(self):
        ra = self._new_return([(self.kettle_line, 1, {})])
        ra.with_user(self.agent).action_submit()
        self.assertEqual(ra.state, "to_approve")
        return ra

    def test_a_request_not_handled_in_time_is_escalated_once(self):
        ra = self._waiting()
        self.assertEqual(ra.handle_deadline, ra.date_submitted + timedelta(hours=48))
        with freeze_time(ra.handle_deadline - timedelta(minutes=5)):
            self._run_cron()
        self.assertFalse(ra.date_handle_missed)
        late = ra.handle_deadline + timedelta(minutes=5)
        with freeze_time(late):
            self._run_cron()
        self.assertEqual(ra.date_handle_missed, late)
        self.assertEqual(ra.state, "to_approve", "escalated, not approved")
        todo = ra.activity_ids.filtered(
            lambda a: a.user_id == self.manager and "past its deadline" in a.summary
        )
        self.assertEqual(len(todo), 1)
        with freeze_time(late + timedelta(days=1)):
            self._run_cron()
        self.assertEqual(
            len(ra.message_ids.filtered(lambda m: "Request not handled in time" in str(m.body))), 1
        )
        with self.assertRaises(UserError):
            ra.with_user(self.manager).write({"date_handle_missed": False})
        with self.assertRaises(UserError):
            ra.with_user(self.manager).write({"handle_deadline": False})
        # handled: the clock stops
        ra.with_user(self.manager).action_approve()
        self.assertFalse(ra.handle_deadline)

    def test_a_request_not_handled_in_time_is_approved_automatically(self):
        self.company.aftersales_return_handle_auto_approve = True
        ra = self._waiting()
        with freeze_time(ra.handle_deadline + timedelta(hours=1)):
            self._run_cron()
        self.assertEqual(ra.state, "approved")
        self.assertFalse(ra.approved_by_id, "nobody decided: the deadline did")
        self.assertTrue(ra.sudo().picking_ids, "the receipt is created as on any approval")
        self.assertTrue(ra.message_ids.filtered(lambda m: "approved automatically" in str(m.body)))

    def test_a_receipt_not_confirmed_in_time_is_escalated_once(self):
        self.company.aftersales_return_auto_approve_amount = 500.0
        ra = self._new_return([(self.mug_line, 1, {})])
        ra.action_submit()
        self.assertEqual(ra.state, "approved")
        received = self._new_return([(self.mug_line, 1, {})])
        received.action_submit()
        self.assertEqual(ra.receipt_deadline, ra.date_approved + timedelta(days=10))
        self._receive(received)
        self.assertEqual(received.state, "received")
        self.assertFalse(received.receipt_deadline, "confirmed: the clock stopped")
        late = ra.receipt_deadline + timedelta(hours=2)
        with freeze_time(late):
            self._run_cron()
        with freeze_time(late + timedelta(days=3)):
            self._run_cron()
        self.assertEqual(ra.date_receipt_missed, late)
        notes = ra.message_ids.filtered(lambda m: "Receipt not confirmed in time" in str(m.body))
        self.assertEqual(len(notes), 1)
        self.assertEqual(
            len(
                ra.activity_ids.filtered(
                    lambda a: a.user_id == self.manager and "not confirmed in time" in a.summary
                )
            ),
            1,
        )
        self.assertFalse(received.date_receipt_missed)

    def test_no_deadline_when_set_to_zero(self):
        self.company.aftersales_return_handle_hours = 0
        ra = self._waiting()
        self.assertFalse(ra.handle_deadline)
        with freeze_time(ra.date_submitted + timedelta(days=30)):
            self._run_cron()
        self.assertFalse(ra.date_handle_missed)
