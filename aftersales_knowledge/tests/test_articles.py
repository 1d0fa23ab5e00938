from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KnowledgeCommon


@tagged("post_install", "-at_install")
class TestArticleAccess(KnowledgeCommon):
    def test_every_after_sales_role_reads_articles(self):
        articles = self.article_damage | self.article_internal | self.article_draft
        for user in (self.agent, self.inspector, self.quality, self.manager):
            with self.subTest(user=user.login):
                found = (
                    self.env["document.page"].with_user(user).search([("id", "in", articles.ids)])
                )
                self.assertEqual(found, articles)
                # the body lives in document_page's history: readable too
                self.assertIn("INTERNAL-SECRET", self.article_internal.with_user(user).content)

    def test_after_sales_roles_read_no_other_page(self):
        for user in (self.agent, self.inspector, self.quality):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.other_page.with_user(user).check_access("read")

    def test_only_the_quality_manager_maintains_articles(self):
        for user in (self.agent, self.inspector, self.portal):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.article_damage.with_user(user).write({"name": "Changed"})
                with self.assertRaises(AccessError):
                    self.env["document.page"].with_user(user).create(
                        {"name": "Mine", "aftersales_article": True}
                    )
        for user in (self.quality, self.manager):
            with self.subTest(user=user.login):
                article = (
                    self.env["document.page"]
                    .with_user(user)
                    .create(
                        {
                            "name": f"New by {user.login}",
                            "aftersales_article": True,
                            "content": "<p>First version</p>",
                        }
                    )
                )
                article.write({"content": "<p>Second version</p>", "name": "Renamed"})
                self.assertEqual(len(article.history_ids), 2)
                self.env.invalidate_all()
                self.assertIn("Second version", article.content, "the last version shows")
                self.assertEqual(article.aftersales_owner_id, user)
        # a document page of another use is not theirs to change
        with self.assertRaises(AccessError):
            self.other_page.with_user(self.quality).write({"name": "Changed"})

    def test_portal_and_public_read_published_public_articles_only(self):
        public_articles = (
            self.article_damage
            | self.article_damage_zh
            | self.article_warranty
            | self.article_warranty_tw
        )
        everything = public_articles | self.article_internal | self.article_draft
        for user in (self.portal, self.public):
            with self.subTest(user=user.login):
                Page = self.env["document.page"].with_user(user)
                self.assertEqual(Page.search([("id", "in", everything.ids)]), public_articles)
                for hidden in (self.article_internal, self.article_draft, self.other_page):
                    with self.assertRaises(AccessError):
                        hidden.with_user(user).check_access("read")

    def test_server_figures_cannot_be_forged(self):
        for vals in (
            {"aftersales_review_reminded_date": "2030-01-01"},
            {"aftersales_terms": " forged "},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                self.article_damage.with_user(self.quality).write(vals)


@tagged("post_install", "-at_install")
class TestReviewReminder(KnowledgeCommon):
    def _reminders(self, article):
        return self.env["mail.activity"].search(
            [("res_model", "=", "document.page"), ("res_id", "=", article.id)]
        )

    def _run_cron(self):
        with patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=0):
            self.env["document.page"]._cron_aftersales_review_reminder()

    def test_review_reminders_in_committed_batches(self):
        today = fields.Date.context_today(self.article_damage)
        articles = self.article_damage | self.article_warranty | self.article_internal
        articles.with_user(self.quality).write({"aftersales_review_date": today})
        Cron = type(self.env["ir.cron"])
        with patch.object(Cron, "_commit_progress", return_value=60.0) as progress:
            self.env["document.page"]._cron_aftersales_review_reminder(batch_size=1)
            self.env["document.page"]._cron_aftersales_review_reminder(batch_size=1)
        self.assertEqual(progress.call_count, 3, "one commit per batch, nothing on the rerun")
        for article in articles:
            self.assertEqual(len(self._reminders(article)), 1, article.name)

    def test_review_reminder_created_once(self):
        today = fields.Date.context_today(self.article_damage)
        self.article_damage.with_user(self.quality).aftersales_review_date = today + timedelta(
            days=3
        )
        self.article_warranty.with_user(self.quality).aftersales_review_date = today + timedelta(
            days=60
        )
        self._run_cron()
        self._run_cron()
        reminder = self._reminders(self.article_damage)
        self.assertEqual(len(reminder), 1, "one reminder, however often the cron runs")
        self.assertEqual(reminder.user_id, self.quality)
        self.assertEqual(reminder.date_deadline, today + timedelta(days=3))
        self.assertFalse(self._reminders(self.article_warranty), "not due yet")
        # the owner (quality manager) sees the to-do on the article
        self.assertTrue(reminder.with_user(self.quality).read(["summary"]))
        # the form resending the same date asks for nothing new
        self.article_damage.with_user(self.quality).write(
            {"aftersales_review_date": today + timedelta(days=3)}
        )
        self._run_cron()
        self.assertEqual(len(self._reminders(self.article_damage)), 1)
        # once reviewed, the next review date gets its own reminder when it comes
        reminder.action_feedback(feedback="Checked")
        self.article_damage.with_user(self.quality).aftersales_review_date = today + timedelta(
            days=5
        )
        self._run_cron()
        self._run_cron()
        self.assertEqual(len(self._reminders(self.article_damage)), 1)


@tagged("post_install", "-at_install")
class TestQualityLinks(KnowledgeCommon):
    def test_rising_problem_flags_the_articles_for_review(self):
        today = fields.Date.context_today(self.article_damage)
        self.article_internal.aftersales_review_date = today - timedelta(days=2)
        self.article_damage.aftersales_review_date = today + timedelta(days=90)
        now = fields.Datetime.now()
        # proposed by the problem identification (its cron runs as superuser)
        issue = self.env["aftersales.quality.issue"].create(
            {
                "name": "Damaged in transit: 12 cases",
                "scope": "category",
                "scope_res_id": self.cat_damage.id,
                "category_id": self.cat_damage.id,
                "period_start": now - timedelta(days=7),
                "period_end": now,
            }
        )
        self.assertEqual(self.article_damage.aftersales_review_date, today)
        self.assertEqual(self.article_damage_zh.aftersales_review_date, today)
        self.assertIn(issue.name, self.article_damage.message_ids[0].body)
        # an earlier review date stays; a draft and other categories are left alone
        self.assertEqual(self.article_internal.aftersales_review_date, today - timedelta(days=2))
        self.assertFalse(self.article_draft.aftersales_review_date)
        self.assertFalse(self.article_warranty.aftersales_review_date)
        # the owner is reminded by the review cron
        with patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=0):
            self.env["document.page"]._cron_aftersales_review_reminder()
        reminders = self.env["mail.activity"].search(
            [("res_model", "=", "document.page"), ("res_id", "=", self.article_damage.id)]
        )
        self.assertEqual(reminders.user_id, self.quality)

    def test_staff_review_points_to_articles_to_study(self):
        review = (
            self.env["aftersales.quality.staff.review"]
            .with_user(self.quality)
            .create(
                {
                    "user_id": self.agent.id,
                    "date_from": "2026-01-01",
                    "date_to": "2026-01-31",
                    "training_needed": True,
                    "training_topic": "Transit damage",
                    "aftersales_training_article_ids": [(6, 0, self.article_internal.ids)],
                }
            )
        )
        self.assertEqual(review.aftersales_training_article_ids, self.article_internal)
