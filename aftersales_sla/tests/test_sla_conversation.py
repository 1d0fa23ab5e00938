"""The conversation and the service levels: the customer's reply that brings a case back
from waiting resumes its clocks, counting the paused working time."""

from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AftersalesSlaCase

REPLY_EMAIL = """Return-Path: <{sender}>
To: support@example.com
From: {sender}
Subject: Re: {subject}
Message-ID: <sla-conv-reply@mail.example.com>
In-Reply-To: {parent}
References: {parent}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Here is the photo of the box.
"""


@tagged("post_install", "-at_install")
class TestSlaConversation(AftersalesSlaCase):
    def test_customer_email_resumes_the_clocks(self):
        self.partner.email = "orders@customer-co.example.com"
        with freeze_time(self.MONDAY_10):
            ticket = self._ticket(aftersales_received_at=self.MONDAY_10)
        resolution = self._timer(ticket, "resolution")
        self.assertEqual(resolution.deadline, datetime(2026, 3, 4, 10, 0))
        with freeze_time(datetime(2026, 3, 2, 11, 0)):
            parent = ticket.with_user(self.agent).message_post(
                body="Could you send us a photo of the box?",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            ticket.with_user(self.agent).stage_id = self.stage_waiting
        self.assertEqual(resolution.status, "paused")
        with freeze_time(datetime(2026, 3, 3, 11, 0)):
            raw = REPLY_EMAIL.format(
                sender=self.partner.email, subject=ticket.name, parent=parent.message_id
            )
            self.assertEqual(
                self.env["mail.thread"].message_process("helpdesk.ticket", raw), ticket.id
            )
        self.assertEqual(ticket.stage_id, self.stage_progress)
        self.assertEqual(resolution.status, "on_track")
        # Monday 11-12 and 13-17, Tuesday 9-11: seven working hours paused
        self.assertAlmostEqual(resolution.paused_hours, 7.0)
        self.assertEqual(resolution.deadline, datetime(2026, 3, 5, 10, 0))
