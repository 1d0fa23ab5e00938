import io
from datetime import timedelta

import openpyxl

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import KnowledgeCommon


@tagged("post_install", "-at_install")
class TestCaseSuggestions(KnowledgeCommon):
    def _suggested(self, case, user=None):
        return case.with_user(user or self.agent).aftersales_suggested_article_ids

    def test_category_suggests_its_published_articles(self):
        case = self._case("Hello", "<p>Please call me back.</p>", category_id=self.cat_damage.id)
        suggested = self._suggested(case)
        self.assertIn(self.article_damage, suggested)
        self.assertIn(self.article_internal, suggested, "agents see internal articles")
        self.assertNotIn(self.article_draft, suggested, "drafts are not suggested")
        self.assertNotIn(self.article_warranty, suggested)

    def test_product_suggests_its_articles_first(self):
        case = self._case("Question", "<p>Please help.</p>", aftersales_product_id=self.product.id)
        self.assertEqual(self._suggested(case)[:1], self.article_warranty)

    def test_english_text_suggests_matching_article(self):
        case = self._case("My order", "<p>The box arrived crushed and the kettle is broken.</p>")
        self.assertIn(self._suggested(case)[:1], self.article_damage | self.article_internal)
        self.assertNotIn(self.article_warranty_tw, self._suggested(case))

    def test_chinese_text_suggests_matching_article(self):
        case = self._case("包裹", "<p>快递到了，外箱压坏了，商品破损。</p>")
        self.assertEqual(self._suggested(case)[:1], self.article_damage_zh)
        case = self._case("水壺", "<p>水壺故障，不能加熱，可以保固維修嗎？</p>")
        self.assertEqual(self._suggested(case)[:1], self.article_warranty_tw)

    def test_customer_language_wins_a_tie(self):
        self.portal.partner_id.lang = "en_US"
        case = self._case(
            "Damaged",
            "<p>Hello</p>",
            category_id=self.cat_damage.id,
            partner_id=self.portal.partner_id.id,
        )
        suggested = self._suggested(case)
        self.assertLess(
            list(suggested).index(self.article_damage),
            list(suggested).index(self.article_damage_zh),
        )

    def test_nothing_matches_nothing_suggested(self):
        case = self._case("Zzz", "<p>qqq</p>")
        self.assertFalse(self._suggested(case))

    def test_insert_answer_prefills_the_reply_and_records_the_use(self):
        case = self._case(
            "Crushed",
            "<p>Box crushed</p>",
            category_id=self.cat_damage.id,
            partner_id=self.portal.partner_id.id,
        )
        article = self.article_damage.with_user(self.agent).with_context(
            aftersales_ticket_id=case.id
        )
        action = article.action_aftersales_insert_answer()
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertIn("photos of the box", action["context"]["default_body"])
        self.assertEqual(action["context"]["default_partner_ids"], self.portal.partner_id.ids)
        usage = case.aftersales_article_usage_ids
        self.assertEqual(usage.article_id, self.article_damage)
        self.assertEqual(usage.user_id, self.agent)
        self.assertEqual(usage.usage_type, "answer")
        self.assertEqual(case.with_user(self.agent).aftersales_article_used_count, 1)
        # the agent sends the prefilled reply from the composer
        composer = Form(
            self.env["mail.compose.message"].with_user(self.agent).with_context(**action["context"])
        ).save()
        composer._action_send_mail()
        self.assertIn("photos of the box", case.message_ids[0].body)

    def test_insert_link_of_a_public_article_only(self):
        case = self._case("Crushed", category_id=self.cat_damage.id)
        action = (
            self.article_damage.with_user(self.agent)
            .with_context(aftersales_ticket_id=case.id)
            .action_aftersales_insert_link()
        )
        self.assertIn(
            f"/aftersales/help/article/{self.article_damage.id}",
            action["context"]["default_body"],
        )
        self.assertEqual(case.aftersales_article_usage_ids.usage_type, "link")
        with self.assertRaises(UserError):
            self.article_internal.with_user(self.agent).with_context(
                aftersales_ticket_id=case.id
            ).action_aftersales_insert_link()
        with self.assertRaises(UserError):
            self.article_draft.with_user(self.agent).with_context(
                aftersales_ticket_id=case.id
            ).action_aftersales_insert_answer()
        self.assertEqual(len(case.aftersales_article_usage_ids), 1, "refusals record nothing")

    def test_insert_refused_on_a_case_the_agent_cannot_reply_to(self):
        other_team = self.env["helpdesk.ticket.team"].create({"name": "KB Other"})
        case = self._case("Other", team_id=other_team.id)
        for context, message in (
            ({"aftersales_ticket_id": case.id}, "You may not reply on this case"),
            ({"aftersales_ticket_id": "1"}, "Open the article from a case"),
            ({"aftersales_ticket_id": 2**40}, "no longer exists"),
            ({}, "Open the article from a case"),
        ):
            with self.subTest(context=context), self.assertRaises(UserError) as caught:
                self.article_damage.with_user(self.agent).with_context(
                    **context
                ).action_aftersales_insert_answer()
            self.assertIn(message, str(caught.exception))
        self.assertFalse(case.aftersales_article_usage_ids)
        # the inspector reads cases but does not reply
        with self.assertRaises(UserError) as caught:
            self.article_damage.with_user(self.inspector).with_context(
                aftersales_ticket_id=self._case("Mine").id
            ).action_aftersales_insert_answer()
        self.assertIn("You may not reply on this case", str(caught.exception))

    def test_uses_are_written_by_the_insert_buttons_only(self):
        case = self._case("Crushed")
        Usage = self.env["aftersales.knowledge.usage"].with_user(self.agent)
        with self.assertRaises(UserError):
            Usage.create(
                {"ticket_id": case.id, "article_id": self.article_damage.id, "usage_type": "answer"}
            )
        self.article_damage.with_user(self.agent).with_context(
            aftersales_ticket_id=case.id
        ).action_aftersales_insert_answer()
        usage = case.aftersales_article_usage_ids
        with self.assertRaises(AccessError):
            usage.with_user(self.agent).write({"user_id": self.manager.id})
        with self.assertRaises(UserError):
            usage.with_user(self.manager).write({"usage_type": "link"})

    def test_uses_follow_the_case_visibility(self):
        other_team = self.env["helpdesk.ticket.team"].create({"name": "KB Other"})
        case = self._case("Other", team_id=other_team.id)
        self.article_damage.with_user(self.manager).with_context(
            aftersales_ticket_id=case.id
        ).action_aftersales_insert_answer()
        usage = case.aftersales_article_usage_ids
        self.assertTrue(usage)
        with self.assertRaises(AccessError):
            usage.with_user(self.agent).check_access("read")
        usage.with_user(self.quality).check_access("read")


@tagged("post_install", "-at_install")
class TestKnowledgeFigures(KnowledgeCommon):
    def test_article_and_category_figures(self):
        closed_stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        solved_case = self._case("Crushed", category_id=self.cat_damage.id)
        open_case = self._case("Crushed again", category_id=self.cat_damage.id)
        self._case("Third", category_id=self.cat_damage.id)
        for case in (solved_case, open_case):
            self.article_damage.with_user(self.agent).with_context(
                aftersales_ticket_id=case.id
            ).action_aftersales_insert_answer()
        solved_case.stage_id = closed_stage
        SelfSolved = self.env["aftersales.knowledge.self.solved"].with_user(self.public)
        SelfSolved._aftersales_record(self.article_damage.with_user(self.public), "box")
        article = self.article_damage.with_user(self.quality)
        self.assertEqual(article.aftersales_usage_count, 2)
        self.assertEqual(article.aftersales_resolved_count, 1)
        self.assertEqual(article.aftersales_self_solved_count, 1)
        category = self.cat_damage.with_user(self.quality)
        self.assertEqual(category.aftersales_kb_case_count, 3)
        self.assertEqual(category.aftersales_kb_resolved_count, 1)
        self.assertEqual(category.aftersales_self_solved_count, 1)
        self.assertAlmostEqual(category.aftersales_self_service_rate, 25.0)
        # the case analysis counts the case resolved with an article
        Report = self.env["aftersales.quality.kpi.report"].with_user(self.quality)
        rows = Report.search([("ticket_id", "in", (solved_case | open_case).ids)])
        self.assertEqual(sum(rows.mapped("kb_resolved_count")), 1)
        self.assertEqual(sum(rows.mapped("kb_used_count")), 2)

    def test_self_service_sheet_of_the_workbook(self):
        closed_stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        solved_case = self._case("Crushed", category_id=self.cat_damage.id)
        self._case("Crushed again", category_id=self.cat_damage.id)
        self._case("Broken after a year", category_id=self.cat_warranty.id)
        self.article_damage.with_user(self.agent).with_context(
            aftersales_ticket_id=solved_case.id
        ).action_aftersales_insert_answer()
        solved_case.stage_id = closed_stage
        SelfSolved = self.env["aftersales.knowledge.self.solved"].with_user(self.public)
        SelfSolved._aftersales_record(self.article_damage.with_user(self.public), "box")
        today = fields.Date.context_today(self.quality)
        data = (
            self.env["aftersales.quality.xlsx"]
            .with_user(self.quality)
            ._build(today - timedelta(days=1), today + timedelta(days=1))
        )
        sheet = openpyxl.load_workbook(io.BytesIO(data))["Self-Service"]
        rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
        # cases, resolved with an article, self-solved, self-service rate
        damage = rows[self.cat_damage.display_name]
        self.assertEqual(damage[:3], (2, 1, 1))
        self.assertAlmostEqual(damage[3], 100.0 / 3)
        self.assertEqual(rows[self.cat_warranty.display_name], (1, 0, 0, 0.0))
        self.assertEqual(rows["Total"], (3, 1, 1, 25.0))
