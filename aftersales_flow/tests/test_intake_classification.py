from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import AftersalesIntakeCommon

RAW_EMAIL = """Return-Path: <{sender}>
To: support@example.com
From: {sender}
Subject: {subject}
Message-ID: <{message_id}@example.com>
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""


@tagged("post_install", "-at_install")
class TestIntakeClassification(AftersalesIntakeCommon):
    def test_keywords_in_chinese_classify_on_create(self):
        case = self._case(name="快递盒子破损了", partner_id=self.customer.id)
        self.assertEqual(case.aftersales_case_kind, "complaint")
        self.assertEqual(case.category_id, self.cat_damaged)
        self.assertEqual(case.team_id, self.claims_team)
        self.assertFalse(case.aftersales_intake_manual_fields)

    def test_keywords_ignore_case_and_look_in_body(self):
        case = self._case(name="Order 1234", description="<p>The parcel is LATE again</p>")
        self.assertEqual(case.aftersales_case_kind, "logistics")
        self.assertEqual(case.category_id, self.cat_delay)

    def test_first_matching_rule_wins_per_field(self):
        case = self._case(name="Broken item and late too")
        # both rules match: the first (damaged) sets kind and category
        self.assertEqual(case.aftersales_case_kind, "complaint")
        self.assertEqual(case.category_id, self.cat_damaged)

    def test_no_match_leaves_case_alone(self):
        case = self._case(name="Where is your shop?")
        self.assertFalse(case.aftersales_case_kind)
        self.assertFalse(case.category_id)

    def test_customer_tag_rule_raises_priority_and_adds_tag(self):
        case = self._case(name="Question", partner_id=self.contact.id)
        self.assertEqual(case.priority, "2")
        self.assertIn(self.tag_urgent, case.tag_ids)

    def test_channel_condition(self):
        self.Rule.create(
            {
                "name": "Phone calls are inquiries",
                "sequence": 1,
                "channel_ids": [(4, self.channel_phone.id)],
                "set_case_kind": "inquiry",
            }
        )
        by_phone = self._case(channel_id=self.channel_phone.id)
        by_mail = self._case(channel_id=self.channel_email.id)
        self.assertEqual(by_phone.aftersales_case_kind, "inquiry")
        self.assertFalse(by_mail.aftersales_case_kind)

    def test_agent_value_wins_at_create_and_on_reclassify(self):
        case = self._case(name="Broken lid", aftersales_case_kind="inquiry", team_id=self.team.id)
        self.assertEqual(case.aftersales_case_kind, "inquiry")
        self.assertEqual(case.team_id, self.team)
        self.assertEqual(case.category_id, self.cat_damaged)  # not set by hand: filled
        case.with_user(self.agent).category_id = self.cat_quality
        case.action_aftersales_reclassify()
        self.assertEqual(case.aftersales_case_kind, "inquiry")
        self.assertEqual(case.category_id, self.cat_quality)
        self.assertEqual(case.team_id, self.team)

    def test_reclassify_applies_new_rules(self):
        case = self._case(name="The screen flickers")
        self.assertFalse(case.category_id)
        self.Rule.create(
            {
                "name": "Function failure",
                "keywords": "flicker",
                "set_category_id": self.cat_quality.id,
                "set_case_kind": "repair",
            }
        )
        case.action_aftersales_reclassify()
        self.assertEqual(case.category_id, self.cat_quality)
        self.assertEqual(case.aftersales_case_kind, "repair")

    def test_form_entry_point(self):
        with Form(self.Ticket.with_user(self.agent)) as form:
            form.name = "Kettle arrived broken"
            form.description = "<p>See photo</p>"
            form.partner_id = self.customer
        case = form.record
        self.assertEqual(case.category_id, self.cat_damaged)
        self.assertEqual(case.aftersales_case_kind, "complaint")

    def test_email_entry_point(self):
        raw = RAW_EMAIL.format(
            sender="li.wei@example.com",
            subject="订单 88 的包裹",
            message_id="intake-1",
            body="你好，收到的包裹破损了，请处理。",
        )
        case_id = self.env["mail.thread"].message_process("helpdesk.ticket", raw)
        case = self.Ticket.browse(case_id)
        self.assertEqual(case.category_id, self.cat_damaged)
        self.assertEqual(case.channel_id, self.channel_email)
        self.assertEqual(case.partner_id, self.customer)
        self.assertEqual(case.aftersales_intake_ack_state, "pending")

    def test_email_without_subject_or_body_still_makes_a_case(self):
        raw = RAW_EMAIL.format(
            sender="nobody@example.com", subject="", message_id="intake-empty", body=""
        )
        case = self.Ticket.browse(self.env["mail.thread"].message_process("helpdesk.ticket", raw))
        self.assertTrue(case.exists())
        self.assertTrue(case.name)
        self.assertIn("no text", case.description)

    def test_invalid_rules_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "no condition"):
            self.Rule.create({"name": "Everything", "set_case_kind": "complaint"})
        with self.assertRaisesRegex(ValidationError, "does nothing"):
            self.Rule.create({"name": "Nothing", "keywords": "refund"})
        with self.assertRaisesRegex(ValidationError, "only separators"):
            self.Rule.create({"name": "Commas", "keywords": " ,，\n", "set_case_kind": "inquiry"})
        with self.assertRaisesRegex(ValidationError, "longer than"):
            self.Rule.create({"name": "Long", "keywords": "x" * 101, "set_case_kind": "inquiry"})
        with self.assertRaisesRegex(ValidationError, "no condition"):
            self.rule_late.keywords = False
