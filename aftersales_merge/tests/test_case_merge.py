from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from odoo.addons.aftersales_sla.models.aftersales_sla_timer import RUNNING

from .common import MergeCommon


@tagged("post_install", "-at_install")
class TestCaseMerge(MergeCommon):
    def test_merge_copies_history_and_closes_duplicate(self):
        kept = self._case("Blender jar cracked", days_ago=2)
        duplicate = self._case("Blender jar cracked again", days_ago=1)
        duplicate.message_post(
            body="The jar has a crack along the handle.",
            author_id=self.customer.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        photo = self.env["ir.attachment"].create(
            {
                "name": "crack.jpg",
                "raw": b"jpeg bytes of the crack",
                "res_model": "helpdesk.ticket",
                "res_id": duplicate.id,
            }
        )
        duplicate.message_post(
            body="Photo from the customer.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachment_ids=[photo.id],
        )
        duplicate.message_subscribe(partner_ids=self.follower.ids)
        duplicate.tag_ids = self.tag
        duplicate_messages = duplicate.message_ids
        kept_description = kept.description
        # changes of cases created in this transaction are not tracked: commit them first
        self.env.flush_all()
        self.env.cr.precommit.run()

        form = Form(
            self.Wizard.with_user(self.agent).with_context(
                active_model="helpdesk.ticket", active_ids=(duplicate | kept).ids
            )
        )
        # the oldest received case is kept by default
        self.assertEqual(form.keep_id, kept)
        self.assertEqual(form.duplicate_ids[:], duplicate)
        action = form.save().action_merge()
        self.assertEqual(action["res_id"], kept.id)

        self.assertEqual(duplicate.duplicate_id, kept)
        self.assertEqual(duplicate.stage_id, self.stage_cancelled)
        self.assertTrue(duplicate.exists())
        self.assertEqual(kept.duplicate_count, 1)
        self.assertFalse(kept.stage_id.closed)
        # the conversation and the photo are on the kept case, with their origin
        bodies = " ".join(str(m.body) for m in kept.message_ids)
        self.assertIn("The jar has a crack along the handle.", bodies)
        self.assertIn(f"From merged case {duplicate.number}", bodies)
        copied_email = kept.message_ids.filtered(lambda m: "along the handle" in str(m.body))
        self.assertEqual(copied_email.author_id, self.customer)
        self.assertEqual(copied_email.message_type, "email")
        kept_photo = self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", kept.id)]
        )
        self.assertEqual(kept_photo.name, "crack.jpg")
        self.assertEqual(kept_photo.raw, b"jpeg bytes of the crack")
        copied_note = kept.message_ids.filtered(lambda m: "Photo from the customer" in str(m.body))
        self.assertEqual(copied_note.attachment_ids, kept_photo)
        # nothing lost on the duplicate: its history and photo stay readable there
        self.assertLessEqual(duplicate_messages, duplicate.message_ids)
        self.assertEqual(photo.res_id, duplicate.id)
        self.assertIn(photo, duplicate_messages.attachment_ids)
        # followers and tags add up; the kept description is untouched
        self.assertIn(self.follower, kept.message_partner_ids)
        self.assertIn(self.tag, kept.tag_ids)
        self.assertEqual(kept.description, kept_description)
        # one note lists the merged case with a link and carries its description
        note = kept.message_ids.filtered(lambda m: "Cases merged into this one" in str(m.body))
        self.assertEqual(len(note), 1)
        self.assertIn(f'data-oe-id="{duplicate.id}"', str(note.body))
        self.assertIn("Blender jar cracked again: details from the customer.", str(note.body))
        self.assertIn(
            f'data-oe-id="{kept.id}"',
            str(duplicate.message_ids.filtered(lambda m: "was merged into" in str(m.body)).body),
        )
        # the merge itself is tracked on the duplicate (tracking is written at commit)
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = duplicate.message_ids.sudo().tracking_value_ids
        tracked = tracked.filtered(lambda v: v.field_id.name == "duplicate_id")
        self.assertEqual(tracked.new_value_integer, kept.id)

    def test_merge_sets_helpdesks_duplicate_link(self):
        """One link per fact: the merge marks the duplicate with helpdesk's own
        "Duplicate of", which nobody sets by hand, and helpdesk's Mark as duplicate
        merges."""
        kept = self._case("Order 77 missing a lid", days_ago=2)
        duplicate = self._case("Order 77: lid still missing", days_ago=1)
        with self.assertRaises(UserError):
            duplicate.with_user(self.agent).write({"duplicate_id": kept.id})
        self.assertFalse(duplicate.duplicate_id)
        # helpdesk's wizard (its All tickets users: the manager here) merges the case
        action = duplicate.with_user(self.manager).action_open_duplicate_wizard()
        with Form.from_action(self.env(user=self.manager), action) as wizard:
            wizard.duplicate_of_id = kept
        self.assertIs(wizard.record.action_confirm(), True)
        self.assertEqual(duplicate.duplicate_id, kept)
        self.assertEqual(kept.duplicate_ids, duplicate)
        self.assertTrue(duplicate.stage_id.closed)
        self.assertEqual(duplicate.aftersales_sla_status, "cancelled")
        self.assertTrue(
            kept.message_ids.filtered(lambda m: "Cases merged into this one" in str(m.body))
        )

    def test_merge_into_from_case_form(self):
        kept = self._case("Order 1001 missing a part", days_ago=3)
        duplicate = self._case("Missing part", days_ago=1)
        action = duplicate.with_user(self.agent).action_aftersales_merge_into()
        self.assertEqual(action["res_model"], "aftersales.ticket.merge.wizard")
        wizard_model = self.Wizard.with_user(self.agent).with_context(**action["context"])
        with Form(wizard_model) as form:
            self.assertFalse(form.keep_id)
            form.keep_id = kept
        form.record.action_merge()
        self.assertEqual(duplicate.duplicate_id, kept)
        self.assertTrue(duplicate.stage_id.closed)

    def test_merge_cancels_the_duplicate_sla_clocks(self):
        kept = self._case(days_ago=1)
        duplicate = self._case()
        self.assertTrue(duplicate.aftersales_sla_timer_ids.filtered(lambda t: t.status in RUNNING))
        self._wizard(kept | duplicate).action_merge()

        timers = duplicate.aftersales_sla_timer_ids
        self.assertTrue(timers)
        self.assertFalse(timers.filtered(lambda t: t.status in RUNNING))
        self.assertEqual(set(timers.mapped("status")), {"cancelled"})
        # closing did not start a follow-up clock either: the kept case is followed up
        self.assertFalse(timers.filtered(lambda t: t.kind == "followup"))
        self.assertFalse(duplicate.aftersales_followup_date)
        self.assertEqual(duplicate.aftersales_sla_status, "cancelled")
        self.assertFalse(duplicate.aftersales_sla_deadline)

        # long after every deadline, the escalation pass leaves the duplicate alone
        later = fields.Datetime.now() + timedelta(days=60)
        with (
            freeze_time(later),
            patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=1),
        ):
            self.env["aftersales.sla.timer"]._cron_escalate()
        self.assertEqual(set(duplicate.aftersales_sla_timer_ids.mapped("status")), {"cancelled"})
        self.assertFalse(duplicate.message_ids.filtered(lambda m: "Service level" in str(m.body)))
        self.assertIn("breached", kept.aftersales_sla_timer_ids.mapped("status"))

    def test_pending_acknowledgement_is_dropped_on_the_duplicate(self):
        kept = self._case(days_ago=1)
        duplicate = self._case()
        self.assertEqual(duplicate.aftersales_intake_ack_state, "pending")
        self._wizard(kept | duplicate).action_merge()
        self.assertFalse(duplicate.aftersales_intake_ack_state)

    def test_repeat_links_follow_the_kept_case(self):
        kept = self._case(days_ago=5)
        duplicate = self._case(days_ago=4)
        later = self._case("Another problem", days_ago=1)
        later.with_context(aftersales_classifying=True).aftersales_repeat_of_id = duplicate
        activity = duplicate.activity_schedule(
            "mail.mail_activity_data_todo", summary="Call the courier", user_id=self.agent.id
        )
        self._wizard(kept | duplicate).action_merge()
        self.assertEqual(later.aftersales_repeat_of_id, kept)
        self.assertEqual(activity.res_id, kept.id)

    def test_several_duplicates_in_one_merge(self):
        kept = self._case(days_ago=3)
        first = self._case(days_ago=2)
        second = self._case(days_ago=1)
        self._wizard(second | kept | first).action_merge()
        self.assertEqual((first | second).duplicate_id, kept)
        note = kept.message_ids.filtered(lambda m: "Cases merged into this one" in str(m.body))
        self.assertIn(first.number, str(note.body))
        self.assertIn(second.number, str(note.body))

    def test_nothing_is_deleted(self):
        kept = self._case(days_ago=1)
        duplicate = self._case()
        duplicate.message_post(body="Still there?", message_type="comment")
        timers = duplicate.aftersales_sla_timer_ids
        attachments = self.env["ir.attachment"].search_count([])
        messages = duplicate.message_ids
        with patch.object(type(self.Ticket), "unlink", side_effect=AssertionError("unlink called")):
            self._wizard(kept | duplicate).action_merge()
        self.assertTrue(duplicate.exists())
        self.assertTrue(duplicate.active)
        self.assertTrue(messages.exists())
        self.assertLessEqual(messages, duplicate.message_ids)
        self.assertEqual(timers.exists(), timers)
        self.assertGreaterEqual(self.env["ir.attachment"].search_count([]), attachments)


@tagged("post_install", "-at_install")
class TestCaseMergeGuards(MergeCommon):
    def _assert_refused(self, wizard, message):
        with self.assertRaisesRegex(UserError, message):
            wizard.action_merge()

    def test_needs_two_cases(self):
        case = self._case()
        self._assert_refused(self._wizard(case), "Select at least two cases")
        self._assert_refused(self._wizard(self.Ticket), "Select at least two cases")
        self._assert_untouched(case)

    def test_case_into_itself(self):
        case = self._case()
        self._assert_refused(self._wizard(case, keep=case), "cannot be merged into itself")
        self._assert_untouched(case)

    def test_different_companies_always_refused(self):
        other_company = self.env["res.company"].create({"name": "Other Shop"})
        self.manager.company_ids |= other_company
        kept = self._case(days_ago=1)
        foreign = self._case(company_id=other_company.id, team_id=False, user_id=False)
        wizard = self._wizard(kept | foreign, user=self.manager, keep=kept)
        self._assert_refused(wizard, "different companies are never merged")
        self._assert_untouched(kept, foreign)

    def test_closed_or_merged_source_refused(self):
        kept = self._case(days_ago=2)
        closed = self._case(days_ago=1)
        closed.stage_id = self.stage_done
        self._assert_refused(self._wizard(kept | closed, keep=kept), "only open cases are merged")
        first = self._case()
        self._wizard(kept | first, keep=kept).action_merge()
        other = self._case("Blender jar cracked", days_ago=0)
        # the merged case is refused as merged (it cannot be reopened either)
        self._assert_refused(self._wizard(other | first, keep=other), "already merged into")

    def test_closed_or_merged_kept_case_refused(self):
        kept = self._case(days_ago=2)
        duplicate = self._case(days_ago=1)
        kept.stage_id = self.stage_done
        self._assert_refused(self._wizard(kept | duplicate, keep=kept), "reopen it before")
        kept.stage_id = self.stage_new
        merged = self._case()
        self._wizard(kept | merged, keep=kept).action_merge()
        self._assert_refused(
            self._wizard(merged | duplicate, user=self.manager, keep=merged),
            "keep that one instead",
        )
        self._assert_untouched(duplicate)

    def test_different_customers(self):
        kept = self._case(days_ago=1)
        other = self._case(partner_id=self.other_customer.id)
        other.message_post(
            body="Private details of the other customer.",
            author_id=self.other_customer.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        self._assert_refused(
            self._wizard(kept | other, keep=kept), "only an after-sales manager can merge them"
        )
        self._assert_refused(self._wizard(kept | other, user=self.manager, keep=kept), "to confirm")
        self._assert_untouched(kept, other)
        self._wizard(
            kept | other, user=self.manager, keep=kept, confirm_different_customers=True
        ).action_merge()
        self.assertEqual(other.duplicate_id, kept)
        copied = kept.message_ids.filtered(lambda m: "Private details" in str(m.body))
        # the kept case's customer must not read the other customer's conversation
        self.assertTrue(copied.is_internal)
        self.assertEqual(copied.subtype_id, self.env.ref("mail.mt_note"))

    def test_different_customers_share_no_files_or_followers(self):
        kept = self._case(days_ago=1)
        other = self._case(partner_id=self.other_customer.id)
        other.message_subscribe(partner_ids=(self.other_customer | self.agent.partner_id).ids)
        kept.message_unsubscribe(partner_ids=self.agent.partner_id.ids)
        photo = self.env["ir.attachment"].create(
            {
                "name": "other-customer-invoice.pdf",
                "raw": b"%PDF private",
                "res_model": "helpdesk.ticket",
                "res_id": other.id,
            }
        )
        other.message_post(
            body="See the invoice.",
            attachment_ids=photo.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self._wizard(
            kept | other, user=self.manager, keep=kept, confirm_different_customers=True
        ).action_merge()
        # a follower reads the case on the portal: the other customer does not follow it
        self.assertNotIn(self.other_customer, kept.message_partner_ids)
        self.assertIn(self.agent.partner_id, kept.message_partner_ids, "staff still follow")
        # the portal lists a case's files: the other customer's file is not one of them
        kept_files = self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", kept.id)]
        )
        self.assertNotIn("other-customer-invoice.pdf", kept_files.mapped("name"))
        # the internal note on the kept case still links the original for the agents
        note = kept.message_ids.filtered(lambda m: "See the invoice" in str(m.body))
        self.assertEqual(note.attachment_ids, photo)
        self.assertEqual(photo.res_id, other.id)

    def test_the_merge_does_not_mail_the_closing_to_the_customer(self):
        kept = self._case(days_ago=1)
        duplicate = self._case()
        closing = self.env.ref("helpdesk_mgmt.closed_ticket_template")
        self.assertEqual(self.stage_cancelled.mail_template_id, closing)
        self._wizard(kept | duplicate, keep=kept).action_merge()
        # stage tracking (and its mail template) runs when the transaction commits
        self.env.cr.precommit.run()
        self.assertEqual(duplicate.stage_id, self.stage_cancelled)
        closed_mails = duplicate.message_ids.filtered(
            lambda m: closing.subject and "closed" in (m.subject or "").lower()
        )
        self.assertFalse(closed_mails, "the request goes on in the kept case")
        # closing a case the ordinary way still tells the customer
        other = self._case(name="Another request")
        other.stage_id = self.stage_cancelled
        self.env.cr.precommit.run()
        self.assertTrue(other.message_ids.filtered(lambda m: "closed" in (m.subject or "").lower()))

    def test_a_merged_case_is_not_reopened(self):
        kept = self._case(days_ago=1)
        duplicate = self._case()
        self._wizard(kept | duplicate, keep=kept).action_merge()
        with self.assertRaisesRegex(UserError, "reopen that case instead"):
            duplicate.with_user(self.manager).stage_id = self.stage_new
        self.assertEqual(duplicate.stage_id, self.stage_cancelled)
        # its cancelled clocks stay cancelled when the engine reopens them
        duplicate.aftersales_sla_timer_ids._reopen()
        self.assertEqual(set(duplicate.aftersales_sla_timer_ids.mapped("status")), {"cancelled"})

    def test_blank_order_reference_is_no_match(self):
        first = self._case(name="Kettle leaks", aftersales_order_ref=" ")
        second = self._case(name="Lamp flickers")
        self.assertFalse(first._aftersales_looks_like(second, "kettle leaks"))
        second.aftersales_order_ref = "SO-42"
        first.aftersales_order_ref = " so-42 "
        self.assertTrue(first._aftersales_looks_like(second, "kettle leaks"))

    def test_confidential_case_without_access(self):
        kept = self._case(days_ago=1)
        secret = self._case(aftersales_confidential=True, user_id=self.manager.id)
        with self.assertRaisesRegex(UserError, "is confidential"):
            self._wizard(kept | secret, keep=kept)
        self._assert_untouched(kept, secret)
        # the manager sees every confidential case
        self._wizard(kept | secret, user=self.manager, keep=kept).action_merge()
        self.assertEqual(secret.duplicate_id, kept)

    def test_agent_merges_only_cases_they_can_change(self):
        kept = self._case(days_ago=1)
        foreign = self._case(team_id=self.other_team.id, user_id=self.other_agent.id)
        with self.assertRaisesRegex(UserError, "You cannot change case"):
            self._wizard(kept | foreign, keep=kept)
        # a wizard made without the case (e.g. "Merge into..." then choosing it) is refused too
        wizard = self._wizard(kept)
        wizard.keep_id = foreign
        self._assert_refused(wizard, "You cannot change case")
        self._assert_untouched(kept, foreign)
        self._wizard(kept | foreign, user=self.manager, keep=kept).action_merge()
        self.assertEqual(foreign.duplicate_id, kept)

    def test_live_plan_on_duplicate_refused(self):
        kept = self._case(days_ago=1)
        duplicate = self._case()
        plan = self.env["aftersales.resolution.plan"].create(
            {"ticket_id": duplicate.id, "remedy_ids": [Command.create({"remedy_type": "exchange"})]}
        )
        plan.with_user(self.agent).action_submit()
        self.assertIn(plan.state, ("approved", "to_approve"))
        self._assert_refused(self._wizard(kept | duplicate, keep=kept), "in progress")
        self._assert_untouched(duplicate)

    def test_refusal_writes_nothing(self):
        kept = self._case(days_ago=3)
        duplicate = self._case(days_ago=2)
        closed = self._case(days_ago=1)
        closed.stage_id = self.stage_done
        duplicate.message_post(body="First report.", message_type="comment")
        before = len(kept.message_ids)
        self._assert_refused(self._wizard(kept | duplicate | closed, keep=kept), "only open cases")
        self.assertEqual(len(kept.message_ids), before)
        self._assert_untouched(duplicate)

    def test_no_closing_stage_writes_nothing(self):
        kept = self._case(days_ago=1)
        duplicate = self._case()
        duplicate.message_post(body="Please call me back.", message_type="comment")
        # every closing stage reserved to another team: the duplicate cannot be closed
        closing = self.env["helpdesk.ticket.stage"].search([("closed", "=", True)])
        closing.write({"team_ids": [Command.set(self.other_team.ids)]})
        before = kept.message_ids
        self._assert_refused(self._wizard(kept | duplicate, keep=kept), "No closing stage")
        self.assertEqual(kept.message_ids, before)
        self._assert_untouched(duplicate)

    def test_merge_wizard_not_for_other_roles(self):
        helpdesk_only = new_test_user(
            self.env, login="merge_helpdesk_own", groups="helpdesk_mgmt.group_helpdesk_user_own"
        )
        with self.assertRaises(AccessError):
            self.Wizard.with_user(helpdesk_only).create({})


@tagged("post_install", "-at_install")
class TestPossibleDuplicates(MergeCommon):
    def test_possible_duplicates(self):
        case = self._case("Kettle lid cracked", aftersales_order_ref="SO-778", days_ago=1)
        similar = self._case("Kettle lid is cracked!")
        same_order = self._case("Where is my refund", aftersales_order_ref="so-778")
        product = self.env["product.product"].create({"name": "Rice cooker"})
        case.aftersales_product_id = product
        same_product = self._case("Does not cook", aftersales_product_id=product.id)
        unrelated = self._case("Invoice address wrong")
        other_customer = self._case("Kettle lid cracked", partner_id=self.other_customer.id)
        closed = self._case("Kettle lid cracked")
        closed.stage_id = self.stage_done
        too_old = self._case("Kettle lid cracked", days_ago=400)

        case_as_agent = case.with_user(self.agent)
        self.assertEqual(case_as_agent.aftersales_duplicate_count, 3)
        action = case_as_agent.action_view_aftersales_duplicates()
        found = self.Ticket.search(action["domain"])
        self.assertEqual(found, case | similar | same_order | same_product)
        for ticket in (unrelated, other_customer, closed, too_old):
            self.assertNotIn(ticket, found)
        # the similar case sees the first one too, but not the order or product matches
        self.assertEqual(similar.aftersales_duplicate_count, 1)
        # once merged, a case is no longer proposed
        self._wizard(case | similar, keep=case).action_merge()
        case.invalidate_recordset(["aftersales_duplicate_count"])
        self.assertEqual(case.aftersales_duplicate_count, 2)
        self.assertEqual(similar.aftersales_duplicate_count, 0)

    def test_merge_is_offered_in_the_case_views(self):
        action = self.env.ref("aftersales_merge.action_aftersales_ticket_merge_wizard")
        for user, offered in ((self.agent, True), (self.manager, True)):
            views = self.Ticket.with_user(user).get_views([(False, "list")], {"toolbar": True})
            toolbar = views["views"]["list"].get("toolbar", {}).get("action", [])
            self.assertEqual(action.id in [a["id"] for a in toolbar], offered, user.login)
        helpdesk_only = new_test_user(
            self.env, login="merge_views_own", groups="helpdesk_mgmt.group_helpdesk_user_own"
        )
        views = self.Ticket.with_user(helpdesk_only).get_views([(False, "list")], {"toolbar": True})
        toolbar = views["views"]["list"].get("toolbar", {}).get("action", [])
        self.assertNotIn(action.id, [a["id"] for a in toolbar])
        arch = self.Ticket.with_user(self.agent).get_views([(False, "form")])["views"]["form"]
        for name in (
            "action_aftersales_merge_into",
            "action_view_aftersales_duplicates",
            "action_view_duplicates",
        ):
            self.assertIn(name, arch["arch"])

    def test_chinese_subjects(self):
        case = self._case("快递包裹破损，水壶摔坏了", days_ago=1)
        similar = self._case("回复: 快递包裹破损 水壶摔坏")
        self._case("发票抬头错误")
        self.assertEqual(case._aftersales_possible_duplicates()[case.id], similar)


@tagged("post_install", "-at_install")
class TestMergePortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, login="merge_portal", password="merge_portal_pw", groups="base.group_portal"
        )
        customer = cls.portal_user.partner_id
        other = cls.env["res.partner"].create({"name": "Someone Else"})
        Ticket = cls.env["helpdesk.ticket"]
        cls.kept = Ticket.create(
            {"name": "Vacuum does not charge", "description": "<p>a</p>", "partner_id": customer.id}
        )
        cls.duplicate = Ticket.create(
            {"name": "Vacuum not charging", "description": "<p>b</p>", "partner_id": customer.id}
        )
        cls.foreign_kept = Ticket.create(
            {"name": "Foreign case", "description": "<p>c</p>", "partner_id": other.id}
        )
        cls.duplicate_elsewhere = Ticket.create(
            {"name": "Wrong colour", "description": "<p>d</p>", "partner_id": customer.id}
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

    def test_customer_sees_the_case_it_was_merged_into(self):
        self.authenticate("merge_portal", "merge_portal_pw")
        page = self.url_open(f"/my/ticket/{self.duplicate.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("This request was merged into", page.text)
        self.assertIn(f'href="/my/ticket/{self.kept.id}"', page.text)
        self.assertIn(self.kept.number, page.text)
        # the kept case itself carries no such notice
        self.assertNotIn("o_aftersales_merged", self.url_open(f"/my/ticket/{self.kept.id}").text)

    def test_a_chain_of_merges_leads_to_the_last_case(self):
        customer = self.portal_user.partner_id
        latest = self.env["helpdesk.ticket"].create(
            {
                "name": "Vacuum still not charging",
                "description": "<p>e</p>",
                "partner_id": customer.id,
            }
        )
        self.env["aftersales.ticket.merge.wizard"].create(
            {"ticket_ids": [Command.set((latest | self.kept).ids)], "keep_id": latest.id}
        ).action_merge()
        self.assertEqual(self.kept.duplicate_id, latest)
        self.authenticate("merge_portal", "merge_portal_pw")
        page = self.url_open(f"/my/ticket/{self.duplicate.id}")
        self.assertIn(f'href="/my/ticket/{latest.id}"', page.text)
        self.assertNotIn(f'href="/my/ticket/{self.kept.id}"', page.text)

    def test_kept_case_of_another_customer_is_not_shown(self):
        self.authenticate("merge_portal", "merge_portal_pw")
        page = self.url_open(f"/my/ticket/{self.duplicate_elsewhere.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("merged into another case", page.text)
        self.assertNotIn(self.foreign_kept.number, page.text)
        self.assertNotIn(f"/my/ticket/{self.foreign_kept.id}", page.text)
