from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import MergeCommon

REPLY_EMAIL = """Return-Path: <{sender}>
To: support@example.com
Cc: {cc}
From: {sender}
Subject: {subject}
Message-ID: <{message_id}@mail.example.com>
In-Reply-To: {parent}
References: {parent}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""

REPLY_WITH_PHOTO = """Return-Path: <sun.li@example.com>
To: support@example.com
From: sun.li@example.com
Subject: Re: photo
Message-ID: <reply-photo@mail.example.com>
In-Reply-To: {parent}
References: {parent}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="SEP"

--SEP
Content-Type: text/plain; charset="utf-8"

Here is the photo of the crack.
--SEP
Content-Type: image/jpeg; name="crack.jpg"
Content-Disposition: attachment; filename="crack.jpg"
Content-Transfer-Encoding: base64

anBlZyBieXRlcyBvZiB0aGUgY3JhY2s=
--SEP--
"""

NEW_EMAIL = """Return-Path: <{sender}>
To: support@example.com
From: {sender}
Subject: {subject}
Message-ID: <{message_id}@mail.example.com>
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""


@tagged("post_install", "-at_install")
class TestMergedCaseReplies(MergeCommon):
    """Emails to a merged case go to the case it was merged into."""

    def _notify(self, case, body="We are looking into it."):
        """An agent's answer emailed to the customer: what they reply to."""
        return case.with_user(self.agent).message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=case.partner_id.ids,
        )

    def _reply(self, parent, body, message_id, sender="sun.li@example.com", cc=""):
        raw = REPLY_EMAIL.format(
            sender=sender,
            cc=cc or sender,
            subject=f"Re: {parent.record_name}",
            message_id=message_id,
            parent=parent.message_id,
            body=body,
        )
        return self.env["mail.thread"].message_process("helpdesk.ticket", raw)

    def _messages_with(self, case, text):
        return case.message_ids.filtered(lambda m: text in str(m.body))

    def test_reply_to_merged_case_lands_on_kept_case(self):
        kept = self._case("Blender jar cracked", days_ago=2)
        duplicate = self._case("Blender jar cracked again", days_ago=1)
        answer = self._notify(duplicate)
        # before the merge, a reply to that email threads into the duplicate
        self.assertEqual(self._reply(answer, "Photo attached.", "reply-before"), duplicate.id)
        self._wizard(kept | duplicate, keep=kept).action_merge()
        duplicate_messages = duplicate.message_ids
        duplicate_stage = duplicate.stage_id
        cases = self.Ticket.search_count([])

        thread_id = self._reply(
            answer, "Any news about the jar?", "reply-after", cc="courier@example.com"
        )

        self.assertEqual(thread_id, kept.id)
        reply = self._messages_with(kept, "Any news about the jar?")
        self.assertEqual(len(reply), 1)
        self.assertEqual(reply.message_type, "email")
        self.assertEqual(reply.author_id, self.customer)
        self.assertEqual(reply.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertFalse(reply.is_internal)
        self.assertIn(f"Reply to merged case {duplicate.number}", str(reply.body))
        # handled like a reply to the kept case: its agent is notified; an outsider the
        # email was copied to does not become a follower (followers read the case on the
        # portal), whatever case the reply was written to
        self.assertIn(self.agent.partner_id, reply.notification_ids.res_partner_id)
        self.assertNotIn(self.follower, kept.message_partner_ids)
        # the duplicate keeps its history and its state; one note says where it went
        self.assertFalse(self._messages_with(duplicate, "Any news about the jar?"))
        self.assertFalse(reply.parent_id and reply.parent_id.res_id == duplicate.id)
        new_on_duplicate = duplicate.message_ids - duplicate_messages
        self.assertEqual(len(new_on_duplicate), 1)
        self.assertEqual(new_on_duplicate.subtype_id, self.env.ref("mail.mt_note"))
        self.assertIn("was posted on", str(new_on_duplicate.body))
        self.assertIn(f'data-oe-id="{kept.id}"', str(new_on_duplicate.body))
        self.assertNotIn(self.follower, duplicate.message_partner_ids)
        self.assertEqual(duplicate.stage_id, duplicate_stage)
        self.assertEqual(duplicate.duplicate_id, kept)
        # no new case was opened for it
        self.assertEqual(self.Ticket.search_count([]), cases)

    def test_reply_attachments_go_to_the_kept_case(self):
        kept = self._case("Mixer bowl cracked", days_ago=1)
        duplicate = self._case("Mixer bowl crack")
        answer = self._notify(duplicate, "Could you send a photo?")
        self._wizard(kept | duplicate, keep=kept).action_merge()
        raw = REPLY_WITH_PHOTO.format(parent=answer.message_id)
        self.assertEqual(self.env["mail.thread"].message_process("helpdesk.ticket", raw), kept.id)
        reply = self._messages_with(kept, "Here is the photo of the crack.")
        self.assertEqual(reply.attachment_ids.mapped("name"), ["crack.jpg"])
        self.assertEqual(reply.attachment_ids.raw, b"jpeg bytes of the crack")
        self.assertEqual(
            (reply.attachment_ids.res_model, reply.attachment_ids.res_id),
            ("helpdesk.ticket", kept.id),
        )
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", duplicate.id)]
            )
        )

    def test_reply_follows_the_merge_chain(self):
        first = self._case("Rice cooker lid", days_ago=3)
        second = self._case("Rice cooker lid broken", days_ago=2)
        last = self._case("Rice cooker lid broken!", days_ago=4)
        answer = self._notify(first)
        self._wizard(first | second, keep=second).action_merge()
        self._wizard(second | last, keep=last).action_merge()
        self.assertEqual(first.duplicate_id, second)

        self.assertEqual(self._reply(answer, "Still waiting.", "chain"), last.id)
        self.assertTrue(self._messages_with(last, "Still waiting."))
        self.assertFalse(self._messages_with(second, "Still waiting."))
        self.assertFalse(self._messages_with(first, "Still waiting."))

    def test_merge_loop_does_not_hang(self):
        first = self._case("Lamp flickers", days_ago=2)
        second = self._case("Lamp flickering", days_ago=1)
        answer = self._notify(first)
        self._wizard(first | second, keep=second).action_merge()
        # a chain edited by hand into a loop: the reply still lands on one case
        second.sudo().duplicate_id = first
        self.assertEqual(self._reply(answer, "Hello again.", "loop"), second.id)
        self.assertEqual(len(self._messages_with(second, "Hello again.")), 1)
        self.assertFalse(self._messages_with(first, "Hello again."))

    def test_email_routed_to_merged_case_by_thread(self):
        kept = self._case("Headphones crackle", days_ago=1)
        duplicate = self._case("Headphones crackling")
        self._wizard(kept | duplicate, keep=kept).action_merge()
        raw = NEW_EMAIL.format(
            sender="sun.li@example.com",
            subject="Headphones",
            message_id="by-thread",
            body="The left side is dead now.",
        )
        thread_id = self.env["mail.thread"].message_process(
            "helpdesk.ticket", raw, thread_id=duplicate.id
        )
        self.assertEqual(thread_id, kept.id)
        self.assertTrue(self._messages_with(kept, "The left side is dead now."))
        self.assertFalse(self._messages_with(duplicate, "The left side is dead now."))

    def test_reply_of_another_customer_stays_internal(self):
        kept = self._case("Parcel crushed", days_ago=1)
        other = self._case("Parcel crushed too", partner_id=self.other_customer.id)
        answer = self._notify(other)
        self._wizard(
            kept | other, user=self.manager, keep=kept, confirm_different_customers=True
        ).action_merge()
        neighbour = self.env["res.partner"].create(
            {"name": "Neighbour", "email": "neighbour@example.com"}
        )

        thread_id = self._reply(
            answer,
            "My address is 12 Long Road.",
            "other-customer",
            sender="qian.bo@example.com",
            cc="neighbour@example.com",
        )

        self.assertEqual(thread_id, kept.id)
        reply = self._messages_with(kept, "My address is 12 Long Road.")
        self.assertEqual(len(reply), 1)
        # the kept case's customer must not read another customer's email
        self.assertTrue(reply.is_internal)
        self.assertEqual(reply.subtype_id, self.env.ref("mail.mt_note"))
        self.assertNotIn(neighbour, kept.message_partner_ids)
        self.assertNotIn(self.other_customer, kept.message_partner_ids)
        self.assertFalse(self._messages_with(other, "My address is 12 Long Road."))

    def test_files_of_another_customer_stay_on_their_case(self):
        kept = self._case("Mixer bowl cracked", days_ago=1)
        other = self._case("Mixer bowl crack", partner_id=self.other_customer.id)
        answer = self._notify(other, "Could you send a photo?")
        self._wizard(
            kept | other, user=self.manager, keep=kept, confirm_different_customers=True
        ).action_merge()
        raw = REPLY_WITH_PHOTO.format(parent=answer.message_id).replace(
            "sun.li@example.com", "qian.bo@example.com"
        )
        self.assertEqual(self.env["mail.thread"].message_process("helpdesk.ticket", raw), kept.id)
        reply = self._messages_with(kept, "Here is the photo of the crack.")
        self.assertTrue(reply.is_internal)
        self.assertEqual(reply.attachment_ids.mapped("name"), ["crack.jpg"])
        # the kept case's portal page lists its files: this one stays on the merged case
        self.assertEqual(
            (reply.attachment_ids.res_model, reply.attachment_ids.res_id),
            ("helpdesk.ticket", other.id),
        )

    def test_reply_to_open_case_is_unchanged(self):
        case = self._case("Mug colour", days_ago=1)
        answer = self._notify(case)
        self.assertEqual(self._reply(answer, "Blue, please.", "plain-reply"), case.id)
        reply = self._messages_with(case, "Blue, please.")
        self.assertEqual(len(reply), 1)
        self.assertNotIn("Reply to merged case", str(reply.body))

    def test_customer_cannot_post_on_merged_case(self):
        portal = new_test_user(self.env, login="merge_mail_portal", groups="base.group_portal")
        kept = self._case("Kettle leaks", days_ago=1, partner_id=portal.partner_id.id)
        duplicate = self._case("Kettle leaking", partner_id=portal.partner_id.id)
        self._wizard(kept | duplicate, keep=kept).action_merge()
        before = duplicate.message_ids
        with self.assertRaisesRegex(UserError, f"merged into {kept.number}: please write"):
            duplicate.with_user(portal).sudo().message_post(
                body="Hello?", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(duplicate.message_ids, before)
        # the kept case takes the customer's messages
        kept.with_user(portal).sudo().message_post(
            body="Hello?", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(self._messages_with(kept, "Hello?"))
        # what the system posts in the customer's name (a rating) and the agents'
        # notes are still accepted on the merged case
        duplicate.with_user(portal).sudo().message_post(
            body="Rated 4/5", message_type="notification"
        )
        duplicate.with_user(self.agent).message_post(
            body="Customer called about it.", message_type="comment"
        )
        self.assertTrue(self._messages_with(duplicate, "Rated 4/5"))
        self.assertTrue(self._messages_with(duplicate, "Customer called about it."))


@tagged("post_install", "-at_install")
class TestMergedCasePortalChatter(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="merge_chat_portal",
            password="merge_chat_portal_pw",
            groups="base.group_portal",
        )
        customer = cls.portal_user.partner_id
        Ticket = cls.env["helpdesk.ticket"]
        cls.kept = Ticket.create(
            {"name": "Fan is noisy", "description": "<p>a</p>", "partner_id": customer.id}
        )
        cls.duplicate = Ticket.create(
            {"name": "Noisy fan", "description": "<p>b</p>", "partner_id": customer.id}
        )
        cls.foreign_kept = Ticket.create(
            {
                "name": "Someone else's fan",
                "description": "<p>c</p>",
                "partner_id": cls.env["res.partner"].create({"name": "Other Buyer"}).id,
            }
        )
        cls.duplicate_elsewhere = Ticket.create(
            {"name": "Fan again", "description": "<p>d</p>", "partner_id": customer.id}
        )
        Wizard = cls.env["aftersales.ticket.merge.wizard"]
        Wizard.create(
            {"ticket_ids": [Command.set((cls.kept | cls.duplicate).ids)], "keep_id": cls.kept.id}
        ).action_merge()
        Wizard.create(
            {
                "ticket_ids": [Command.set((cls.foreign_kept | cls.duplicate_elsewhere).ids)],
                "keep_id": cls.foreign_kept.id,
                "confirm_different_customers": True,
            }
        ).action_merge()

    def _post(self, case, body):
        """Post as the portal chatter does; the error's message when refused."""
        response = self.url_open(
            "/mail/message/post",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 0,
                "params": {
                    "thread_model": "helpdesk.ticket",
                    "thread_id": case.id,
                    "post_data": {"body": body, "message_type": "comment"},
                },
            },
        )
        response.raise_for_status()
        error = response.json().get("error")
        return error and error["data"]["message"]

    def test_merged_case_page_has_no_composer(self):
        self.authenticate("merge_chat_portal", "merge_chat_portal_pw")
        page = self.url_open(f"/my/ticket/{self.duplicate.id}").text
        self.assertIn('data-allow_composer="0"', page)
        self.assertIn("To write to us about this request, open", page)
        self.assertIn(f'href="/my/ticket/{self.kept.id}"', page)
        kept_page = self.url_open(f"/my/ticket/{self.kept.id}").text
        self.assertIn('data-allow_composer="1"', kept_page)
        self.assertNotIn("o_aftersales_merged_chat", kept_page)

    def test_posting_on_merged_case_is_refused(self):
        self.authenticate("merge_chat_portal", "merge_chat_portal_pw")
        # the harness works: the customer writes on the kept case
        self.assertFalse(self._post(self.kept, "Any news?"))
        self.assertTrue(self.kept.message_ids.filtered(lambda m: "Any news?" in str(m.body)))

        refused = self._post(self.duplicate, "Hello, anyone?")
        self.assertIn(f"merged into {self.kept.number}: please write to us", refused or "")
        refused = self._post(self.duplicate_elsewhere, "Hello, anyone?")
        self.assertIn("merged into another case", refused or "")
        self.assertNotIn(self.foreign_kept.number, refused)
        posted = self.env["mail.message"].search(
            [("model", "=", "helpdesk.ticket"), ("body", "ilike", "Hello, anyone?")]
        )
        self.assertFalse(posted)
