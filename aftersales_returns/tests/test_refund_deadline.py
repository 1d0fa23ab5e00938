from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import AftersalesReturnCommon


@tagged("post_install", "-at_install")
class TestRefundDeadline(AftersalesReturnCommon):
    """The refund completed by accounting (credit note posted, refund paid) within the law's
    refund period from the receipt of the goods; a refund still owed past it is escalated to
    a manager once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # accounting posts and pays: a user of the Invoicing app, no after-sales role
        cls.accountant = new_test_user(
            cls.env,
            login="ra_accountant",
            company_id=cls.company.id,
            groups="account.group_account_invoice",
        )
        cls.rule_no_reason = cls.env.ref("aftersales_returns.return_rule_cn_no_reason")
        cls.company.aftersales_approver_id = cls.manager
        # the customer paid the order online: a refund is money paid back, not a debt
        # cancelled (an unpaid invoice is settled by the credit note itself)
        invoice = cls.order.invoice_ids
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({}).action_create_payments()

    def _disposed(self):
        """A no-reason return of a mug, received and disposed of by the agent: a draft
        credit note awaits accounting."""
        ra = self._new_return([(self.mug_line, 1, {})])
        ra.action_submit()
        self.assertEqual(ra.state, "approved")
        self._receive(ra)
        ra.with_user(self.agent).action_dispose()
        return ra

    def _escalate(self):
        # the cron commits each batch: not inside a test's transaction
        with patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=float("inf")):
            return self.env["aftersales.return"]._cron_escalate_refunds()

    def _manager_todos(self, ra):
        return ra.activity_ids.filtered(lambda a: a.user_id == self.manager)

    def test_accounting_posts_and_pays_the_refund_within_the_deadline(self):
        ra = self._disposed()
        self.assertEqual(ra.with_user(self.agent).refund_state, "draft")
        self.assertEqual(
            ra.refund_deadline,
            ra.date_received + timedelta(days=7),
            "seven calendar days from the receipt of the goods (art. 25)",
        )
        note = ra.sudo().credit_note_ids
        # the after-sales roles have no accounting rights: the return only shows the state
        for user in (self.agent, self.manager, self.inspector):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                note.with_user(user).action_post()
        with self.assertRaises(UserError):
            ra.with_user(self.manager).write({"refund_state": "paid"})
        note.with_user(self.accountant).action_post()
        self.assertEqual(ra.refund_state, "to_pay")
        payment_wizard = self.env["account.payment.register"].with_user(self.accountant)
        payment_wizard.with_context(active_model="account.move", active_ids=note.ids).create(
            {"payment_date": fields.Date.today()}
        ).action_create_payments()
        self.assertIn(note.payment_state, ("paid", "in_payment"))
        self.assertEqual(ra.with_user(self.agent).refund_state, "paid")
        with freeze_time(ra.refund_deadline + timedelta(days=1)):
            self._escalate()
        self.assertFalse(ra.date_refund_escalated, "refunded in time: nothing to escalate")
        self.assertFalse(self._manager_todos(ra))

    def test_refund_still_owed_past_the_deadline_escalates_once(self):
        ra = self._disposed()
        in_time = self._disposed()
        self.assertEqual(ra.refund_state, "draft")
        # the other one's goods arrived later
        in_time.sudo().date_received = ra.date_received + timedelta(days=3)
        with freeze_time(ra.date_received + timedelta(days=6)):
            self._escalate()
        self.assertFalse(ra.date_refund_escalated, "not due yet")
        later = ra.refund_deadline + timedelta(hours=1)
        with freeze_time(later):
            self._escalate()
        self.assertEqual(ra.date_refund_escalated, later)
        self.assertFalse(in_time.date_refund_escalated)
        todo = self._manager_todos(ra)
        self.assertEqual(len(todo), 1)
        self.assertIn(ra.name, todo.summary)
        notes = ra.message_ids.filtered(lambda m: "Refund overdue" in str(m.body))
        self.assertEqual(len(notes), 1)
        self.assertEqual(notes.subtype_id, self.env.ref("mail.mt_note"))
        # once: a second pass, later still, adds nothing
        with freeze_time(later + timedelta(days=2)):
            self._escalate()
        self.assertEqual(len(self._manager_todos(ra)), 1)
        self.assertEqual(len(ra.message_ids.filtered(lambda m: "Refund overdue" in str(m.body))), 1)
        self.assertEqual(ra.date_refund_escalated, later)
        # nobody sets or clears the escalation by hand
        with self.assertRaises(UserError):
            ra.with_user(self.manager).write({"date_refund_escalated": False})

    def test_refund_deadline_in_working_days(self):
        self.rule_no_reason.sudo().write({"refund_days": 5, "refund_day_type": "working"})
        ra = self._disposed()
        # received on a Friday afternoon in the company's working time (Mon-Fri)
        friday = datetime(2026, 12, 4, 7, 0)
        ra.sudo().date_received = friday
        deadline = ra.refund_deadline
        # five working days from Monday: the following Friday, at the end of its working day
        self.assertEqual(deadline.date(), datetime(2026, 12, 11).date())
        self.rule_no_reason.sudo().refund_day_type = "calendar"
        self.assertEqual(ra.refund_deadline, friday + timedelta(days=5))

    def test_a_credit_note_settling_an_unpaid_invoice_is_the_refund(self):
        order = self._sell_and_deliver(self.customer, {self.mug: 1}, invoice=True)
        ra = self._new_return([(order.order_line, 1, {})], sale_order_id=order.id)
        ra.action_submit()
        self._receive(ra)
        ra.with_user(self.agent).action_dispose()
        ra.sudo().credit_note_ids.with_user(self.accountant).action_post()
        # the credit note settles the invoice: nothing is paid back, the debt is cancelled
        invoice = order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertEqual(ra.refund_state, "paid")

    def test_refund_only_is_due_from_the_approval(self):
        ra = self._new_return([(self.mug_line, 1, {})], return_type="refund_only")
        ra.action_submit()
        self.assertEqual(ra.state, "approved", "a parcel never signed for: lost")
        self.assertEqual(ra.refund_state, "to_issue")
        self.assertEqual(ra.refund_deadline, ra.date_approved + timedelta(days=7))
        ra.with_user(self.agent).action_dispose()
        self.assertEqual(ra.refund_state, "draft")

    def test_nothing_refunded_no_deadline(self):
        ra = self._new_return([(self.mug_line, 1, {"to_refund": False})])
        ra.action_submit()
        self._receive(ra)
        self.assertEqual(ra.refund_state, "none")
        self.assertFalse(ra.refund_deadline)
