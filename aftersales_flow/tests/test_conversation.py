"""The conversation moves the case: a customer's reply (mail, portal) brings a case waiting
for them back to work, an agent's public reply makes it wait when the team says so, and
a case left waiting is reminded, then closed, once each, in working days."""

from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from .common import AftersalesFlowHttpCommon

REPLY_EMAIL = """Return-Path: <{sender}>
To: support@example.com
From: {sender}
Subject: Re: {subject}
Message-ID: <{message_id}@mail.example.com>
In-Reply-To: {parent}
References: {parent}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""

# Friday 6 March 2026, 10:00 UTC; the test calendar works 9-12 / 13-17 UTC, Monday to Friday
FRIDAY_10 = datetime(2026, 3, 6, 10, 0)


class ConversationCommon(AftersalesFlowHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Conversation test hours",
                "tz": "UTC",
                "hours_per_day": 7.0,
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"{day} {part}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": stop,
                            "day_period": part,
                        },
                    )
                    for day in range(5)
                    for start, stop, part in ((9, 12, "morning"), (13, 17, "afternoon"))
                ],
            }
        )
        cls.team.aftersales_calendar_id = cls.calendar
        cls.company.write(
            {"aftersales_waiting_reminder_days": 3, "aftersales_waiting_close_days": 4}
        )
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_waiting = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.customer.lang = "en_US"

    def _waiting_case(self, name="Kettle arrived broken", when=FRIDAY_10):
        with freeze_time(when):
            case = self._case(name, aftersales_received_at=when.replace(hour=9))
            case.with_user(self.agent).stage_id = self.stage_waiting
        return case

    def _run_cron(self, when):
        with (
            freeze_time(when),
            patch.object(
                type(self.env["ir.cron"]), "_commit_progress", autospec=True, return_value=60.0
            ),
        ):
            self.env["helpdesk.ticket"]._cron_aftersales_conversation()

    def _mails(self, case, subject):
        return (
            self.env["mail.mail"]
            .search([("model", "=", "helpdesk.ticket"), ("res_id", "=", case.id)])
            .filtered(lambda mail: subject in (mail.subject or ""))
        )


@tagged("post_install", "-at_install")
class TestConversationMovesTheCase(ConversationCommon):
    def _agent_reply(self, case, body="Could you send us a photo?"):
        return case.with_user(self.agent).message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.customer.ids,
        )

    def test_waiting_plans_the_reminder_in_working_days_with_holidays(self):
        # Monday 9 March is a public holiday of the case's calendar
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 9, 0, 0),
                "date_to": datetime(2026, 3, 9, 23, 59, 59),
            }
        )
        case = self._waiting_case()
        self.assertEqual(case.aftersales_waiting_since, FRIDAY_10)
        # three working days: Friday afternoon, Tuesday, Wednesday (the weekend and the
        # holiday do not count) -> Thursday 10:00
        self.assertEqual(case.aftersales_reminder_due, datetime(2026, 3, 12, 10, 0))
        self.assertFalse(case.aftersales_autoclose_due)

    def test_the_waiting_dates_are_the_workflow_s(self):
        case = self._waiting_case()
        for vals in (
            {"aftersales_reminder_due": False},
            {"aftersales_autoclose_due": "2026-03-07 10:00:00"},
            {"aftersales_autoclosed_date": "2026-03-07 10:00:00"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                case.with_user(self.manager).write(vals)
        self.authenticate("as_http_agent", "as_http_agent")
        with self.assertRaises(JsonRpcException):
            self._rpc(
                "helpdesk.ticket", "write", case.ids, {"aftersales_reminder_date": "2026-03-07"}
            )
        self.assertEqual(case.aftersales_reminder_due, datetime(2026, 3, 11, 10, 0))

    def test_agent_reply_waits_only_when_the_team_says_so(self):
        case = self._case()
        case.with_user(self.agent).stage_id = self.stage_progress
        self._agent_reply(case)
        self.assertEqual(case.stage_id, self.stage_progress)
        self.assertFalse(case.aftersales_waiting_since)

        self.team.with_user(self.manager).aftersales_reply_sets_waiting = True
        # an internal note asks the customer nothing
        case.with_user(self.agent).message_post(body="Checked stock.", message_type="comment")
        self.assertEqual(case.stage_id, self.stage_progress)
        self._agent_reply(case)
        self.assertEqual(case.stage_id, self.stage_waiting)
        self.assertTrue(case.aftersales_reminder_due)

    def test_customer_reply_by_email_moves_the_case_back(self):
        case = self._waiting_case()
        parent = self._agent_reply(case)
        raw = REPLY_EMAIL.format(
            sender=self.customer.email,
            subject=case.name,
            message_id="conv-reply-1",
            parent=parent.message_id,
            body="Here is the photo.",
        )
        self.assertEqual(self.env["mail.thread"].message_process("helpdesk.ticket", raw), case.id)
        self.assertEqual(case.stage_id, self.stage_progress)
        self.assertFalse(case.aftersales_waiting_since)
        self.assertFalse(case.aftersales_reminder_due)

    def test_an_outsider_s_email_does_not_move_the_case(self):
        case = self._waiting_case()
        parent = self._agent_reply(case)
        raw = REPLY_EMAIL.format(
            sender="someone.else@example.org",
            subject=case.name,
            message_id="conv-reply-outsider",
            parent=parent.message_id,
            body="Buy cheap watches.",
        )
        self.env["mail.thread"].message_process("helpdesk.ticket", raw)
        self.assertEqual(case.stage_id, self.stage_waiting)

    def test_customer_reply_on_the_portal_moves_the_case_back(self):
        case = self._waiting_case()
        self.authenticate("as_http_customer", "as_http_customer")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": case.id,
                "post_data": {
                    "body": "The order number is SO042.",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        self.assertEqual(case.stage_id, self.stage_progress)
        self.assertFalse(case.aftersales_waiting_since)
        # the customer moved nothing else, and cannot move the stage themselves
        with self.assertRaises(JsonRpcException):
            self._rpc("helpdesk.ticket", "write", case.ids, {"stage_id": self.stage_done.id})


@tagged("post_install", "-at_install")
class TestInactivityCron(ConversationCommon):
    def test_reminder_then_closing_once_each(self):
        case = self._waiting_case()
        due = case.aftersales_reminder_due
        self.assertEqual(due, datetime(2026, 3, 11, 10, 0))
        # not before its time
        self._run_cron(datetime(2026, 3, 11, 9, 59))
        self.assertFalse(case.aftersales_reminder_date)
        self.assertFalse(self._mails(case, "waiting for your answer"))

        reminder_time = datetime(2026, 3, 11, 10, 1)
        self._run_cron(reminder_time)
        self._run_cron(reminder_time)
        self.assertEqual(case.aftersales_reminder_date, reminder_time)
        mails = self._mails(case, "waiting for your answer")
        self.assertEqual(len(mails), 1)
        self.assertIn(case.number, mails.subject)
        self.assertEqual(mails.recipient_ids, self.customer)
        # reminded in this run, not closed in it: four working days later
        self.assertEqual(case.stage_id, self.stage_waiting)
        self.assertEqual(case.aftersales_autoclose_due, datetime(2026, 3, 17, 10, 1))

        self._run_cron(datetime(2026, 3, 17, 10, 0))
        self.assertEqual(case.stage_id, self.stage_waiting)
        closing_time = datetime(2026, 3, 17, 10, 2)
        self._run_cron(closing_time)
        self._run_cron(closing_time)
        self.assertEqual(case.stage_id, self.stage_done)
        self.assertEqual(case.aftersales_autoclosed_date, closing_time)
        closing = self._mails(case, "is closed")
        self.assertEqual(len(closing), 1)
        self.assertIn("have not heard from you", closing.body_html)
        self.assertEqual(len(self._mails(case, "waiting for your answer")), 1)
        self.assertTrue(
            case.message_ids.filtered(lambda m: "Closed for inactivity" in (m.body or ""))
        )
        # the inactivity closing email replaces the stage's own "has been closed" email
        self.env.cr.precommit.run()
        self.assertFalse(
            case.message_ids.filtered(lambda m: "has been closed" in (m.subject or ""))
        )

    def test_a_case_the_customer_answered_is_skipped(self):
        answered = self._waiting_case("Answered")
        silent = self._waiting_case("Silent")
        with freeze_time(datetime(2026, 3, 10, 11, 0)):
            answered.with_env(self.env).message_post(
                body="Here you are.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                author_id=self.customer.id,
            )
        self.assertEqual(answered.stage_id, self.stage_progress)
        self._run_cron(datetime(2026, 3, 20, 12, 0))
        self.assertFalse(answered.aftersales_reminder_date)
        self.assertFalse(self._mails(answered, "waiting for your answer"))
        self.assertEqual(answered.stage_id, self.stage_progress)
        self.assertTrue(silent.aftersales_reminder_date)

    def test_closing_without_reminder(self):
        self.company.aftersales_waiting_reminder_days = 0
        case = self._waiting_case()
        self.assertFalse(case.aftersales_reminder_due)
        self.assertEqual(case.aftersales_autoclose_due, datetime(2026, 3, 12, 10, 0))
        self._run_cron(datetime(2026, 3, 12, 10, 1))
        self.assertEqual(case.stage_id, self.stage_done)
        self.assertFalse(self._mails(case, "waiting for your answer"))
        self.assertEqual(len(self._mails(case, "is closed")), 1)

    def test_reopening_a_case_closed_for_inactivity_forgets_it(self):
        case = self._waiting_case()
        self._run_cron(datetime(2026, 3, 11, 10, 1))
        self._run_cron(datetime(2026, 3, 17, 10, 2))
        self.assertTrue(case.aftersales_autoclosed_date)
        case.with_user(self.manager).stage_id = self.stage_progress
        self.assertFalse(case.aftersales_autoclosed_date)
        self.assertFalse(case.aftersales_reminder_date)

    def test_a_batch_moved_out_of_waiting_forgets_only_its_waiting_cases(self):
        waiting = self._waiting_case("Kettle") | self._waiting_case("Toaster")
        # an archived case keeps its dates until someone moves it too
        waiting[1].active = False
        with freeze_time(FRIDAY_10):
            other = self._case("Lamp")
            other.with_user(self.agent).stage_id = self.stage_progress
        self.assertTrue(all(waiting.mapped("aftersales_reminder_due")))
        with freeze_time(datetime(2026, 3, 9, 10, 0)):
            (waiting | other).with_user(self.agent).stage_id = self.stage_new
        for case in waiting:
            self.assertFalse(case.aftersales_waiting_since)
            self.assertFalse(case.aftersales_reminder_due)
        self.assertEqual(other.stage_id, self.stage_new)
        # back in a waiting stage, the count starts again from the new date
        with freeze_time(datetime(2026, 3, 9, 11, 0)):
            waiting[0].with_user(self.agent).stage_id = self.stage_waiting
        self.assertEqual(waiting[0].aftersales_waiting_since, datetime(2026, 3, 9, 11, 0))


@tagged("post_install", "-at_install")
class TestConversationSettings(ConversationCommon):
    def test_negative_days_are_refused(self):
        view = self.env.ref("aftersales_flow.res_config_settings_view_form_aftersales_only")
        for field in ("aftersales_waiting_reminder_days", "aftersales_waiting_close_days"):
            with self.subTest(field=field):
                settings = Form(self.env["res.config.settings"].with_user(self.manager), view=view)
                setattr(settings, field, -1)
                with self.assertRaisesRegex(ValidationError, "cannot be negative"):
                    settings.save().execute()
        self.assertEqual(self.company.aftersales_waiting_reminder_days, 3)
        self.assertEqual(self.company.aftersales_waiting_close_days, 4)

    def test_manager_sets_the_days_and_the_team_choice(self):
        view = self.env.ref("aftersales_flow.res_config_settings_view_form_aftersales_only")
        settings = Form(self.env["res.config.settings"].with_user(self.manager), view=view)
        settings.aftersales_waiting_reminder_days = 2
        settings.aftersales_waiting_close_days = 0
        settings.save().execute()
        self.assertEqual(self.company.aftersales_waiting_reminder_days, 2)
        self.assertEqual(self.company.aftersales_waiting_close_days, 0)
        self.team.with_user(self.manager).aftersales_reply_sets_waiting = True
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.team.with_user(self.agent).aftersales_reply_sets_waiting = False
        self.assertTrue(self.team.aftersales_reply_sets_waiting)


@tagged("post_install", "-at_install")
class TestReplyTemplates(ConversationCommon):
    TEMPLATES = (
        "mail_template_aftersales_reply_ack",
        "mail_template_aftersales_reply_ask_info",
        "mail_template_aftersales_reply_refund",
        "mail_template_aftersales_reply_exchange",
        "mail_template_aftersales_reply_delay",
        "mail_template_aftersales_reply_return",
        "mail_template_aftersales_reply_closing",
    )

    def _compose(self, case, template):
        action = case.with_user(self.agent).action_aftersales_reply_with_template()
        composer = Form(
            self.env["mail.compose.message"].with_user(self.agent).with_context(**action["context"])
        )
        composer.template_id = template
        return composer

    def test_every_reply_is_filled_from_the_case(self):
        case = self._case()
        for xmlid in self.TEMPLATES:
            template = self.env.ref(f"aftersales_flow.{xmlid}")
            with self.subTest(template=xmlid):
                composer = self._compose(case, template)
                self.assertIn(case.number, composer.subject)
                self.assertIn(case.number, composer.body)
                self.assertIn(self.customer.name, composer.body)

    def test_reply_in_the_customer_s_language_with_the_deadline(self):
        template = self.env.ref("aftersales_flow.mail_template_aftersales_reply_ack")
        for lang, subject in (
            ("zh_CN", "您的工单 {{ object.number }}：我们正在处理"),
            ("zh_TW", "您的工單 {{ object.number }}：我們正在處理"),
        ):
            self.env["res.lang"]._activate_lang(lang)
            # what the .po files give the template once loaded
            template.with_context(lang=lang).subject = subject
        for lang, expected in (
            ("en_US", "we are on it"),
            ("zh_CN", "我们正在处理"),
            ("zh_TW", "我們正在處理"),
        ):
            with self.subTest(lang=lang):
                customer = self.env["res.partner"].create(
                    {
                        "name": f"Customer {lang}",
                        "email": f"{lang}@example.com",
                        "lang": lang,
                        "tz": "Asia/Shanghai",
                    }
                )
                case = self._case(partner_id=customer.id)
                self.assertTrue(case.aftersales_intake_expected_handling)
                composer = self._compose(case, template)
                self.assertIn(expected, composer.subject)
                self.assertIn(case.number, composer.subject)
                self.assertIn(customer.name, composer.body)
                # the deadline, in the customer's time zone
                self.assertIn(
                    self.env["mail.render.mixin"]
                    .with_context(lang=lang)
                    ._render_template(
                        "{{ format_datetime(object.aftersales_intake_expected_handling, "
                        "tz=object.aftersales_customer_tz, dt_format='medium') }}",
                        "helpdesk.ticket",
                        case.ids,
                        engine="inline_template",
                    )[case.id],
                    composer.body,
                )
                message = composer.save()._action_send_mail()[1]
                self.assertEqual(message.model, "helpdesk.ticket")
                self.assertIn(case.number, message.body)

    def test_canned_responses_for_the_agents_in_three_languages(self):
        canned = self.env["mail.canned.response"].with_user(self.agent).search([])
        sources = set(canned.mapped("source"))
        for key in ("ack", "photos", "refund", "exchange", "delay", "return", "closing"):
            self.assertLessEqual({key, f"{key}-cn", f"{key}-tw"}, sources)
        by_source = {c.source: c.substitution for c in canned}
        self.assertIn("感谢", by_source["ack-cn"])
        self.assertIn("感謝", by_source["ack-tw"])
        customer = new_test_user(self.env, login="conv_portal", groups="base.group_portal")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["mail.canned.response"].with_user(customer).search([])
