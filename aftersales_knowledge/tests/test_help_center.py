import json
import re

from odoo.tests import HttpCase, tagged

from .common import knowledge_data, knowledge_users


@tagged("post_install", "-at_install")
class TestHelpCenter(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        knowledge_users(cls)
        knowledge_data(cls)
        cls.SelfSolved = cls.env["aftersales.knowledge.self.solved"]

    def _csrf(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200, page.text[:500])
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _suggest(self, **params):
        return self.url_open(
            "/aftersales/help/suggest", params=params, headers={"Accept": "application/json"}
        )

    def _solved(self, csrf, accept_json=True, **data):
        headers = {"Accept": "application/json"} if accept_json else {}
        return self.url_open(
            "/aftersales/help/solved",
            data=dict(data, csrf_token=csrf),
            headers=headers,
            allow_redirects=False,
        )

    def _visitors(self):
        """(label, login) of a public visitor and a portal customer."""
        return (("public", None), ("portal", "kb_portal"))

    # ------------------------------------------------------------ help centre pages

    def test_help_centre_lists_and_searches_public_articles_only(self):
        for label, login in self._visitors():
            with self.subTest(visitor=label):
                self.authenticate(login, login)
                page = self.url_open("/aftersales/help")
                self.assertEqual(page.status_code, 200)
                self.assertIn("Parcel damaged in transit", page.text)
                self.assertNotIn("staff only", page.text)
                self.assertNotIn("INTERNAL", page.text)
                self.assertNotIn("Draft: crushed", page.text)
                # English and Chinese questions find their articles, never the internal one
                page = self.url_open("/aftersales/help", params={"q": "crushed parcel"})
                self.assertIn("Parcel damaged in transit", page.text)
                self.assertNotIn("staff only", page.text)
                page = self.url_open("/aftersales/help", params={"q": "外箱压坏了"})
                self.assertIn("运输途中损坏如何反馈", page.text)
                page = self.url_open("/aftersales/help", params={"q": "水壺故障要保固"})
                self.assertIn("保固與維修", page.text)
                # by category and by product
                page = self.url_open(
                    "/aftersales/help", params={"category": str(self.cat_warranty.id)}
                )
                self.assertIn("Warranty repairs for the kettle", page.text)
                self.assertNotIn("Parcel damaged in transit", page.text)
                page = self.url_open(
                    "/aftersales/help",
                    params={"product": str(self.product.product_tmpl_id.id)},
                )
                self.assertIn("Warranty repairs for the kettle", page.text)

    def test_help_centre_bad_parameters_are_400(self):
        self.authenticate(None, None)
        for params in (
            {"category": "abc"},
            {"category": str(2**40)},
            {"product": "-1"},
            {"q": "x" * 201},
            # a category of internal articles only is not one of the help centre
            {"category": str(self.env["helpdesk.ticket.category"].create({"name": "X"}).id)},
        ):
            with self.subTest(params=params):
                page = self.url_open("/aftersales/help", params=params)
                self.assertEqual(page.status_code, 400)
                self.assertIn("alert-danger", page.text)

    def test_article_page_public_and_internal(self):
        for label, login in self._visitors():
            with self.subTest(visitor=label):
                self.authenticate(login, login)
                page = self.url_open(f"/aftersales/help/article/{self.article_damage.id}")
                self.assertEqual(page.status_code, 200)
                self.assertIn("keep the packaging", page.text)
                for hidden in (self.article_internal, self.article_draft, self.other_page):
                    page = self.url_open(f"/aftersales/help/article/{hidden.id}")
                    self.assertEqual(page.status_code, 404)
                    self.assertNotIn("INTERNAL-SECRET", page.text)
                page = self.url_open(f"/aftersales/help/article/{2**40}")
                self.assertEqual(page.status_code, 404)

    def test_article_body_is_sanitized(self):
        self.article_damage.content = '<p>Safe</p><script>alert("x")</script>'
        self.env.flush_all()
        self.assertIn("Safe", self.article_damage.content)
        self.assertIn("Safe", self.article_damage.sudo()._aftersales_content())
        self.authenticate(None, None)
        page = self.url_open(f"/aftersales/help/article/{self.article_damage.id}")
        self.assertIn("Safe", page.text)
        self.assertNotIn('alert("x")', page.text)

    # ------------------------------------------------------------ suggestions (JSON)

    def test_suggestions_as_the_customer_types(self):
        for label, login in self._visitors():
            with self.subTest(visitor=label):
                self.authenticate(login, login)
                response = self._suggest(q="my parcel box was crushed")
                self.assertEqual(response.status_code, 200)
                ids = [a["id"] for a in response.json()["articles"]]
                self.assertIn(self.article_damage.id, ids)
                self.assertNotIn(self.article_internal.id, ids)
                self.assertNotIn(self.article_draft.id, ids)
                response = self._suggest(q="包裹破损了", category=str(self.cat_damage.id))
                self.assertEqual(response.json()["articles"][0]["id"], self.article_damage_zh.id)
                self.assertEqual(self._suggest(q="").json(), {"articles": []})

    def test_suggestions_bad_input_is_400_with_a_message(self):
        self.authenticate(None, None)
        for params in (
            {"category": "1 OR 1=1"},
            {"q": "y" * 500},
            {"product": "99999999999"},
            {"q": "a\x00b"},
        ):
            with self.subTest(params=params):
                response = self._suggest(**params)
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response.json()["error"])

    # ------------------------------------------------------------ self-solved requests

    def test_this_answered_my_question_records_a_self_solved_request(self):
        for label, login in self._visitors():
            with self.subTest(visitor=label):
                self.authenticate(login, login)
                csrf = self._csrf(f"/aftersales/help/article/{self.article_damage.id}")
                before = self.SelfSolved.search_count([])
                response = self._solved(
                    csrf,
                    article_id=str(self.article_damage.id),
                    q="box crushed",
                    category=str(self.cat_damage.id),
                )
                self.assertEqual(response.status_code, 200, response.text)
                self.assertIn("message", response.json())
                solved = self.SelfSolved.search([], limit=1)
                self.assertEqual(self.SelfSolved.search_count([]), before + 1)
                self.assertEqual(solved.article_id, self.article_damage)
                self.assertEqual(solved.category_id, self.cat_damage)
                self.assertEqual(solved.query, "box crushed")
                expected = self.portal.partner_id if login else self.env["res.partner"]
                self.assertEqual(solved.partner_id, expected)
                # pressed again in the same session: counted once
                self._solved(csrf, article_id=str(self.article_damage.id))
                self.assertEqual(self.SelfSolved.search_count([]), before + 1)
                # without JavaScript: back to the article with a thank-you
                response = self._solved(
                    csrf, accept_json=False, article_id=str(self.article_warranty.id)
                )
                self.assertEqual(response.status_code, 303)
                self.assertEqual(self.SelfSolved.search_count([]), before + 2)

    def test_self_solved_refused_for_hidden_articles_and_bad_input(self):
        self.authenticate("kb_portal", "kb_portal")
        csrf = self._csrf(f"/aftersales/help/article/{self.article_damage.id}")
        for article in (self.article_internal, self.article_draft, self.other_page):
            response = self._solved(csrf, article_id=str(article.id))
            self.assertEqual(response.status_code, 404)
        for data in (
            {},
            {"article_id": "x"},
            {"article_id": str(self.article_damage.id), "q": "z" * 300},
            {"article_id": str(self.article_damage.id), "category": "abc"},
        ):
            with self.subTest(data=data):
                response = self._solved(csrf, **data)
                self.assertEqual(response.status_code, 400)
                self.assertTrue(json.loads(response.text)["error"])
                response = self._solved(csrf, accept_json=False, **data)
                self.assertEqual(response.status_code, 400)
                self.assertIn("alert-danger", response.text)
        self.assertFalse(self.SelfSolved.search([]))

    def test_new_case_form_offers_the_suggestions(self):
        self.authenticate("kb_portal", "kb_portal")
        page = self.url_open("/new/ticket")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_aftersales_help_suggestions", page.text)
        self.assertIn("/aftersales/help/suggest", page.text)
