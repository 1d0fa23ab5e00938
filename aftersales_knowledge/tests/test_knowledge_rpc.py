from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import knowledge_data, knowledge_users


@tagged("post_install", "-at_install")
class TestKnowledgeRpc(HttpCase):
    """The web client's door (call_kw over JSON-RPC), as the exact roles."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        knowledge_users(cls)
        knowledge_data(cls)
        cls.case = cls.env["helpdesk.ticket"].create(
            {
                "name": "Crushed box",
                "description": "<p>The box was crushed</p>",
                "team_id": cls.team.id,
                "category_id": cls.cat_damage.id,
            }
        )

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _refused(self, error_name, model, method, *args, **kwargs):
        with self.assertRaises(JsonRpcException) as caught:
            self._call(model, method, *args, **kwargs)
        self.assertEqual(caught.exception.args[0], error_name)

    def test_agent_reads_suggestions_and_inserts_an_answer(self):
        self.authenticate("kb_agent", "kb_agent")
        [values] = self._call(
            "helpdesk.ticket", "read", self.case.ids, ["aftersales_suggested_article_ids"]
        )
        self.assertIn(self.article_damage.id, values["aftersales_suggested_article_ids"])
        action = self._call(
            "document.page",
            "action_aftersales_insert_answer",
            self.article_damage.ids,
            context={"aftersales_ticket_id": self.case.id},
        )
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(self.case.aftersales_article_usage_ids.user_id, self.agent)
        # a forged id in the context is refused with a message, not a server error
        self._refused(
            "odoo.exceptions.UserError",
            "document.page",
            "action_aftersales_insert_answer",
            self.article_damage.ids,
            context={"aftersales_ticket_id": "x"},
        )
        # a use written directly is refused: only the buttons record them
        self._refused(
            "odoo.exceptions.UserError",
            "aftersales.knowledge.usage",
            "create",
            [
                {
                    "ticket_id": self.case.id,
                    "article_id": self.article_warranty.id,
                    "usage_type": "answer",
                }
            ],
        )
        # agents do not maintain articles
        self._refused(
            "odoo.exceptions.AccessError",
            "document.page",
            "write",
            self.article_damage.ids,
            {"aftersales_published": False},
        )
        self.assertEqual(len(self.case.aftersales_article_usage_ids), 1)

    def test_quality_manager_maintains_articles(self):
        self.authenticate("kb_quality", "kb_quality")
        self.assertIs(
            self._call(
                "document.page",
                "write",
                self.article_damage.ids,
                {"aftersales_visibility": "internal", "content": "<p>Updated</p>"},
            ),
            True,
        )
        self.assertEqual(self.article_damage.aftersales_visibility, "internal")
        self._refused(
            "odoo.exceptions.UserError",
            "document.page",
            "write",
            self.article_damage.ids,
            {"aftersales_review_reminded_date": "2030-01-01"},
        )
        self._refused(
            "odoo.exceptions.ValidationError",
            "document.page",
            "write",
            self.article_damage.ids,
            {"aftersales_keywords": "a\x00b"},
        )
        action = self._call(
            "document.page", "action_aftersales_open_help_page", self.article_warranty.ids
        )
        self.assertEqual(action["url"], f"/aftersales/help/article/{self.article_warranty.id}")

    def test_inspector_reads_articles_only(self):
        self.authenticate("kb_inspector", "kb_inspector")
        records = self._call(
            "document.page", "search_read", [("aftersales_article", "=", True)], ["name"]
        )
        self.assertIn(self.article_internal.id, [record["id"] for record in records])
        self._refused(
            "odoo.exceptions.AccessError",
            "document.page",
            "write",
            self.article_damage.ids,
            {"name": "Mine"},
        )
