from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestKnowledgeTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="kb_tour_agent",
            email="kb.tour.agent@example.com",
            groups="aftersales_flow.group_aftersales_user",
        )
        customer = cls.env["res.partner"].create(
            {"name": "Tour customer", "email": "tour.customer@example.com"}
        )
        category = cls.env["helpdesk.ticket.category"].create({"name": "Tour damage"})
        cls.article = cls.env["document.page"].create(
            {
                "name": "Tour parcel damaged",
                "aftersales_article": True,
                "aftersales_published": True,
                "aftersales_visibility": "public",
                "aftersales_category_ids": [Command.set(category.ids)],
                "aftersales_answer": "<p>Tour photos within 48 hours, please.</p>",
            }
        )
        team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Tour team", "user_ids": [Command.set(cls.agent.ids)]}
        )
        cls.case = cls.env["helpdesk.ticket"].create(
            {
                "name": "Tour crushed box",
                "description": "<p>The box arrived crushed.</p>",
                "team_id": team.id,
                "category_id": category.id,
                "user_id": cls.agent.id,
                "partner_id": customer.id,
            }
        )

    def test_insert_an_article_into_a_reply(self):
        self.start_tour(
            f"/odoo/aftersales-cases/{self.case.id}",
            "aftersales_knowledge_reply_tour",
            login=self.agent.login,
        )
        self.assertEqual(self.case.aftersales_article_usage_ids.article_id, self.article)
        self.assertIn(
            "Tour photos within 48 hours",
            self.case.message_ids.filtered(lambda m: m.message_type == "comment")[:1].body,
        )

    def test_portal_article_answers_before_a_case(self):
        portal = new_test_user(self.env, login="kb_tour_portal", groups="base.group_portal")
        internal = self.article.copy(
            {"name": "Tour internal crushed box", "aftersales_visibility": "internal"}
        )
        cases_before = self.env["helpdesk.ticket"].search_count([])
        self.start_tour("/new/ticket", "aftersales_knowledge_portal_tour", login=portal.login)
        solved = self.env["aftersales.knowledge.self.solved"].search(
            [("partner_id", "=", portal.partner_id.id)]
        )
        self.assertEqual(solved.article_id, self.article)
        self.assertNotEqual(solved.article_id, internal)
        self.assertEqual(solved.query, "Crushed box The parcel arrived with the box crushed")
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), cases_before)
