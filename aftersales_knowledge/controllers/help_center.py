from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.http import request

# Record ids are PostgreSQL integers: a larger number in a URL finds nothing.
MAX_ID = 2**31 - 1
MAX_QUERY_LENGTH = 200
# Results listed by the help centre and suggested to the new-case form.
PAGE_LIMIT = 20
SUGGEST_LIMIT = 5
# Session key of the articles the visitor already said answered them.
SOLVED_SESSION_KEY = "aftersales_help_solved"


class BadHelpRequest(Exception):
    """A parameter of a help-centre request that cannot be right (shown with status 400)."""


class AftersalesHelpCenter(http.Controller):
    # ------------------------------------------------------------ input

    def _aftersales_help_id(self, value, label):
        """An optional record id from the URL or the form: None, or an int in range."""
        if value in (None, ""):
            return None
        if not isinstance(value, str) or not value.isdigit() or not 0 < int(value) <= MAX_ID:
            raise BadHelpRequest(
                request.env._(
                    "“%(value)s” is not a valid %(label)s.", value=str(value)[:20], label=label
                )
            )
        return int(value)

    def _aftersales_help_query(self, value):
        if value is None:
            return ""
        if not isinstance(value, str) or "\x00" in value:
            raise BadHelpRequest(request.env._("The question is not valid text."))
        value = value.strip()
        if len(value) > MAX_QUERY_LENGTH:
            raise BadHelpRequest(
                request.env._(
                    "A question has at most %(count)s characters.", count=MAX_QUERY_LENGTH
                )
            )
        return value

    def _aftersales_help_filters(self, q=None, category=None, product=None):
        """The validated ``(query, category, product)`` of a request: the category and
        product only when published public articles of them exist for this visitor."""
        query = self._aftersales_help_query(q)
        category_id = self._aftersales_help_id(category, request.env._("category"))
        product_id = self._aftersales_help_id(product, request.env._("product"))
        Page = request.env["document.page"]
        categories, products = Page._aftersales_help_facets()
        category = categories.filtered(lambda c: c.id == category_id)
        product = products.filtered(lambda p: p.id == product_id)
        if category_id and not category:
            raise BadHelpRequest(request.env._("This category has no help articles."))
        if product_id and not product:
            raise BadHelpRequest(request.env._("This product has no help articles."))
        return query, category, product, categories, products

    # ------------------------------------------------------------ pages

    @http.route("/aftersales/help", type="http", auth="public", methods=["GET"], website=True)
    def aftersales_help(self, q=None, category=None, product=None, **kwargs):
        Page = request.env["document.page"]
        try:
            query, category, product, categories, products = self._aftersales_help_filters(
                q, category, product
            )
        except BadHelpRequest as error:
            return request.render(
                "aftersales_knowledge.help_center",
                {
                    "error": error.args[0],
                    "articles": Page,
                    "categories": [],
                    "products": [],
                    "query": "",
                    "category": None,
                    "product": None,
                },
                status=400,
            )
        # searched with the visitor's rights: the record rules keep internal articles and
        # drafts out for customers and visitors
        if query or category or product:
            articles = Page._aftersales_suggest(
                query,
                categories=category,
                products=product,
                lang=request.env.lang,
                public=True,
                limit=PAGE_LIMIT,
            )
        else:
            articles = Page._aftersales_help_featured(request.env.lang, limit=PAGE_LIMIT)
        return request.render(
            "aftersales_knowledge.help_center",
            {
                "articles": articles,
                "categories": categories,
                "products": products,
                "query": query,
                "category": category,
                "product": product,
                "error": None,
            },
        )

    @http.route(
        "/aftersales/help/article/<int:article_id>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def aftersales_help_article(self, article_id, solved=None, **kwargs):
        article = self._aftersales_help_article(article_id)
        return request.render(
            "aftersales_knowledge.help_article",
            {
                "article": article,
                "content": article._aftersales_content(),
                "solved": solved == "1",
            },
        )

    def _aftersales_help_article(self, article_id):
        """The published public article, searched with the visitor's rights, or 404."""
        if not 0 < article_id <= MAX_ID:
            raise NotFound()
        Page = request.env["document.page"]
        article = Page.search(
            Page._aftersales_published_domain(public=True) & Domain("id", "=", article_id), limit=1
        )
        if not article:
            raise NotFound()
        return article

    # ------------------------------------------------------------ JSON

    @http.route(
        "/aftersales/help/suggest", type="http", auth="public", methods=["GET"], website=True
    )
    def aftersales_help_suggest(self, q=None, category=None, product=None, **kwargs):
        """Published public articles matching what the customer types (JSON)."""
        try:
            query, category, product, _categories, _products = self._aftersales_help_filters(
                q, category, product
            )
        except BadHelpRequest as error:
            return request.make_json_response({"error": error.args[0]}, status=400)
        Page = request.env["document.page"]
        articles = Page.browse()
        if query or category or product:
            articles = Page._aftersales_suggest(
                query,
                categories=category,
                products=product,
                lang=request.env.lang,
                public=True,
                limit=SUGGEST_LIMIT,
            )
        return request.make_json_response({"articles": articles._aftersales_portal_values()})

    @http.route(
        "/aftersales/help/solved", type="http", auth="public", methods=["POST"], website=True
    )
    def aftersales_help_solved(self, article_id=None, q=None, category=None, **kwargs):
        """ "This answered my question": a self-solved request instead of a case."""
        wants_json = "application/json" in (request.httprequest.headers.get("Accept") or "")
        try:
            article_id = self._aftersales_help_id(article_id, request.env._("article"))
            if not article_id:
                raise BadHelpRequest(request.env._("Which article answered your question?"))
            query = self._aftersales_help_query(q)
            category_id = self._aftersales_help_id(category, request.env._("category"))
        except BadHelpRequest as error:
            if wants_json:
                return request.make_json_response({"error": error.args[0]}, status=400)
            return request.render(
                "aftersales_knowledge.help_solved", {"error": error.args[0]}, status=400
            )
        article = self._aftersales_help_article(article_id)
        solved = request.session.get(SOLVED_SESSION_KEY) or []
        if article.id not in solved:
            category = request.env["helpdesk.ticket.category"].browse(category_id or [])
            try:
                with request.env.cr.savepoint():
                    request.env["aftersales.knowledge.self.solved"]._aftersales_record(
                        article, query=query, category=category
                    )
            except (UserError, ValidationError) as error:
                if wants_json:
                    return request.make_json_response({"error": error.args[0]}, status=400)
                return request.render(
                    "aftersales_knowledge.help_solved", {"error": error.args[0]}, status=400
                )
            # counted once per visitor session, however often the button is pressed
            request.session[SOLVED_SESSION_KEY] = [*solved, article.id][-50:]
        message = request.env._("Glad it helped: no case needed. Thank you for telling us.")
        if wants_json:
            return request.make_json_response({"message": message})
        return request.redirect(f"{article._aftersales_help_url()}?solved=1")
