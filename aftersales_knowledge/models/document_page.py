from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import html2plaintext, html_sanitize, plaintext2html

from odoo.addons.aftersales_flow.cron_batch import aftersales_cron_batches

from . import knowledge_text

LANGUAGES = [
    ("en_US", "English"),
    ("zh_CN", "Chinese (Simplified)"),
    ("zh_TW", "Chinese (Traditional)"),
]
VISIBILITY = [("internal", "Internal"), ("public", "Public")]
# An owner is reminded this many days before an article's review date.
REVIEW_LEAD_DAYS = 7
REVIEW_BATCH_SIZE = 500
# Suggestions shown on a case and in the help centre.
SUGGESTION_LIMIT = 5
# Candidates scored per suggestion request, and query terms used to find them.
CANDIDATE_LIMIT = 300
QUERY_TERM_LIMIT = 30


class DocumentPage(models.Model):
    """An after-sales article is a document page flagged *After-Sales Article*.

    One page per language: a translation is its own page, linked to the article it
    translates, with its own history (document_page keeps the content in its history, one
    version after the other, which a translated field would mix up), its own owner and review
    date, and its own words for the suggestions (Chinese and English are segmented apart).
    """

    _name = "document.page"
    _inherit = ["document.page", "aftersales.workflow.mixin"]

    # ------------------------------------------------------------ fields

    aftersales_article = fields.Boolean(
        string="After-Sales Article",
        index=True,
        help="Listed in the after-sales knowledge base, suggested on cases and, when public "
        "and published, in the help centre.",
    )
    aftersales_category_ids = fields.Many2many(
        "helpdesk.ticket.category",
        "aftersales_knowledge_article_category_rel",
        "page_id",
        "category_id",
        string="Case Categories",
        help="The article is suggested on the cases of these categories (and their "
        "sub-categories) and listed under them in the help centre.",
    )
    aftersales_product_tmpl_ids = fields.Many2many(
        "product.template",
        "aftersales_knowledge_article_product_rel",
        "page_id",
        "product_tmpl_id",
        string="Products",
        help="The article is suggested on the cases about these products.",
    )
    aftersales_lang = fields.Selection(
        LANGUAGES, string="Language", default="en_US", required=True, tracking=True
    )
    aftersales_source_id = fields.Many2one(
        "document.page",
        string="Translation Of",
        index="btree_not_null",
        domain="[('aftersales_article', '=', True), ('aftersales_source_id', '=', False)]",
        help="The article this one translates: the language versions of an article share it.",
    )
    aftersales_translation_ids = fields.One2many(
        "document.page", "aftersales_source_id", string="Translations"
    )
    aftersales_visibility = fields.Selection(
        VISIBILITY,
        string="Audience",
        default="internal",
        required=True,
        tracking=True,
        help="Internal: for the after-sales staff only. Public: also for customers and "
        "visitors in the help centre once published.",
    )
    aftersales_published = fields.Boolean(
        string="Published",
        tracking=True,
        help="Only published articles are suggested on cases and, when public, shown in the "
        "help centre.",
    )
    aftersales_owner_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Keeps the article right; reminded before its review date.",
    )
    aftersales_review_date = fields.Date(
        string="Review Date",
        tracking=True,
        help="When the article must be checked again; its owner gets a to-do a week before.",
    )
    aftersales_review_reminded_date = fields.Date(
        string="Reminded For",
        readonly=True,
        copy=False,
        help="The review date the owner was last reminded of.",
    )
    aftersales_answer = fields.Html(
        string="Short Answer",
        help="What an agent inserts into a reply: the answer in a few sentences.",
    )
    aftersales_keywords = fields.Char(
        string="Keywords",
        help="Other words customers use for this question (in any language), to find it.",
    )
    aftersales_terms = fields.Text(
        string="Index Terms",
        compute="_compute_aftersales_terms",
        store=True,
        help="The words the suggestions match, segmented (Chinese) and stemmed (English).",
    )
    aftersales_usage_count = fields.Integer(
        string="Uses",
        compute="_compute_aftersales_figures",
        groups="aftersales_quality.group_quality_manager",
        help="Times the article was inserted into a reply.",
    )
    aftersales_resolved_count = fields.Integer(
        string="Cases Resolved",
        compute="_compute_aftersales_figures",
        groups="aftersales_quality.group_quality_manager",
        help="Closed cases the article was used on.",
    )
    aftersales_self_solved_count = fields.Integer(
        string="Self-Solved Requests",
        compute="_compute_aftersales_figures",
        groups="aftersales_quality.group_quality_manager",
        help="Requests the article answered in the help centre before they became a case.",
    )

    # ------------------------------------------------------------ computes

    @api.depends(
        "name",
        "aftersales_keywords",
        "aftersales_answer",
        "history_head",
        "aftersales_article",
    )
    def _compute_aftersales_terms(self):
        for page in self:
            if not page.aftersales_article:
                page.aftersales_terms = False
                continue
            found = knowledge_text.terms(
                " ".join(
                    filter(
                        None,
                        (
                            page.name,
                            page.aftersales_keywords,
                            html2plaintext(page.aftersales_answer or ""),
                            html2plaintext(page.history_head.content or ""),
                        ),
                    )
                )
            )
            # spaces around every term, so a search finds whole terms (" term ")
            page.aftersales_terms = f" {' '.join(sorted(found))} " if found else False

    @api.depends("history_ids")
    def _compute_history_head(self):
        # document_page takes the first of history_ids (ordered newest first in the
        # database), but a version created in this transaction is appended last in the
        # cache: the page would keep showing the previous version. The newest is the
        # highest id.
        for page in self:
            versions = page.history_ids.filtered("id")
            page.history_head = max(versions, key=lambda version: version.id, default=False)

    def _compute_aftersales_figures(self):
        usages = self.env["aftersales.knowledge.usage"]._read_group(
            [("article_id", "in", self.ids)], ["article_id"], ["__count"]
        )
        uses = {article.id: count for article, count in usages}
        resolved = self.env["aftersales.knowledge.usage"]._read_group(
            [("article_id", "in", self.ids), ("ticket_id.closed", "=", True)],
            ["article_id"],
            ["ticket_id:count_distinct"],
        )
        resolved = {article.id: count for article, count in resolved}
        solved = self.env["aftersales.knowledge.self.solved"]._read_group(
            [("article_id", "in", self.ids)], ["article_id"], ["__count"]
        )
        solved = {article.id: count for article, count in solved}
        for page in self:
            page.aftersales_usage_count = uses.get(page.id, 0)
            page.aftersales_resolved_count = resolved.get(page.id, 0)
            page.aftersales_self_solved_count = solved.get(page.id, 0)

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("aftersales_source_id") and "aftersales_article" not in vals:
                vals["aftersales_article"] = True
        return super().create(vals_list)

    def write(self, vals):
        moved = self.browse()
        if "aftersales_review_date" in vals:
            new_date = fields.Date.to_date(vals["aftersales_review_date"])
            moved = self.filtered(lambda page: page.aftersales_review_date != new_date)
        result = super().write(vals)
        if moved:
            # a new review date asks for a new reminder
            moved._aftersales_workflow().write({"aftersales_review_reminded_date": False})
        return result

    # ------------------------------------------------------------ actions

    def action_aftersales_insert_answer(self):
        """Open the reply composer of the case in the context, the answer prefilled."""
        return self._aftersales_insert("answer")

    def action_aftersales_insert_link(self):
        """Open the reply composer of the case in the context, the help-centre link
        prefilled (public articles only)."""
        return self._aftersales_insert("link")

    def action_aftersales_open_help_page(self):
        self.ensure_one()
        self._aftersales_ensure_public()
        return {
            "type": "ir.actions.act_url",
            "url": self._aftersales_help_url(),
            "target": "new",
        }

    # ------------------------------------------------------------ business

    @api.private
    def _aftersales_help_url(self, absolute=False):
        self.ensure_one()
        path = f"/aftersales/help/article/{self.id}"
        return f"{self.get_base_url()}{path}" if absolute else path

    def _aftersales_ensure_public(self):
        for page in self:
            if not (
                page.aftersales_article
                and page.aftersales_visibility == "public"
                and page.aftersales_published
            ):
                raise UserError(
                    self.env._(
                        "“%(article)s” is not a published public article: customers cannot "
                        "open it, so it has no link to send.",
                        article=page.display_name,
                    )
                )

    def _aftersales_ensure_usable(self):
        for page in self:
            if not (page.aftersales_article and page.aftersales_published and page.active):
                raise UserError(
                    self.env._(
                        "“%(article)s” is not a published after-sales article.",
                        article=page.display_name,
                    )
                )

    def _aftersales_insert(self, usage_type):
        self.ensure_one()
        ticket_id = self.env.context.get("aftersales_ticket_id")
        if not isinstance(ticket_id, int) or isinstance(ticket_id, bool) or ticket_id <= 0:
            raise UserError(self.env._("Open the article from a case to insert it into a reply."))
        ticket = self.env["helpdesk.ticket"].browse(ticket_id).exists()
        if not ticket:
            raise UserError(self.env._("The case to reply to no longer exists."))
        try:
            # replying writes on the case (its chatter): the same right as posting
            ticket.check_access("write")
        except AccessError as error:
            # no name in the message: the user may not even read the case
            raise UserError(self.env._("You may not reply on this case.")) from error
        self._aftersales_ensure_usable()
        if usage_type == "link":
            self._aftersales_ensure_public()
        body = self._aftersales_reply_body(usage_type)
        self.env["aftersales.knowledge.usage"]._aftersales_record(ticket, self, usage_type)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reply"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "helpdesk.ticket",
                "default_res_ids": ticket.ids,
                "default_composition_mode": "comment",
                "default_subtype_xmlid": "mail.mt_comment",
                "default_body": body,
                # the reply goes to the customer of the case
                "default_partner_ids": ticket.partner_id.ids,
            },
        }

    @api.private
    def _aftersales_reply_body(self, usage_type):
        """The HTML an agent starts the reply with."""
        self.ensure_one()
        if usage_type == "link":
            url = self._aftersales_help_url(absolute=True)
            return plaintext2html(f"{self.name}: {url}")
        answer = self.aftersales_answer
        if not answer or not html2plaintext(answer).strip():
            answer = self._aftersales_content()
        return html_sanitize(answer)

    @api.private
    def _aftersales_content(self):
        """The article's body, cleaned for showing to a customer."""
        self.ensure_one()
        # sudo: the body lives in document_page's history, which customers (and the help
        # centre's public visitors) cannot read; callers checked the visitor reads the page
        return html_sanitize(self.sudo().content or "")

    @api.private
    def _aftersales_published_domain(self, public=False):
        domain = Domain("aftersales_article", "=", True) & Domain("aftersales_published", "=", True)
        if public:
            domain &= Domain("aftersales_visibility", "=", "public")
        return domain

    @api.private
    def _aftersales_suggest(
        self, text, categories=None, products=None, lang=None, public=False, limit=SUGGESTION_LIMIT
    ):
        """The published articles (of the user's rights) that best answer ``text`` about
        ``categories`` and ``products`` (product.template), best first; ``lang`` wins a tie."""
        return self._aftersales_suggest_many(
            [(text, categories, products, lang)], public=public, limit=limit
        )[0]

    @api.private
    def _aftersales_suggest_many(self, requests, public=False, limit=SUGGESTION_LIMIT):
        """:meth:`_aftersales_suggest` for a list of ``(text, categories, products, lang)``,
        with one search for all of them."""
        Category = self.env["helpdesk.ticket.category"]
        Product = self.env["product.template"]
        prepared = []
        all_terms, all_categories, all_products = set(), Category, Product
        for text, categories, products, lang in requests:
            categories = categories or Category
            products = products or Product
            found = knowledge_text.terms(text)
            prepared.append((found, categories, products, lang))
            all_terms |= found
            all_categories |= categories
            all_products |= products
        signals = []
        if all_categories:
            signals.append(
                Domain(
                    "aftersales_category_ids",
                    "in",
                    (all_categories | all_categories.parent_id).ids,
                )
            )
        if all_products:
            signals.append(Domain("aftersales_product_tmpl_ids", "in", all_products.ids))
        for term in sorted(all_terms, key=len, reverse=True)[:QUERY_TERM_LIMIT]:
            signals.append(Domain("aftersales_terms", "ilike", f" {term} "))
        if not signals:
            return [self.browse() for _request in requests]
        candidates = self.search(
            self._aftersales_published_domain(public) & Domain.OR(signals),
            limit=CANDIDATE_LIMIT,
            order="id",
        )
        # sudo: the candidates were searched with the user's rights (customers and visitors
        # find published public articles only); their categories and products are read for
        # the score, which a visitor has no right to read on their own models
        candidates = candidates.sudo()
        index = {page.id: set((page.aftersales_terms or "").split()) for page in candidates}
        weights = knowledge_text.idf(list(index.values()))
        results = []
        for found, categories, products, lang in prepared:
            scored = []
            for page in candidates:
                score = knowledge_text.text_score(found, index[page.id], weights)
                if categories & page.aftersales_category_ids:
                    score += knowledge_text.CATEGORY_WEIGHT
                elif categories.parent_id & page.aftersales_category_ids:
                    score += knowledge_text.PARENT_CATEGORY_WEIGHT
                if products & page.aftersales_product_tmpl_ids:
                    score += knowledge_text.PRODUCT_WEIGHT
                if score <= 0:
                    continue
                if lang and page.aftersales_lang == lang:
                    score += knowledge_text.LANGUAGE_WEIGHT
                scored.append((-score, page.id, page))
            scored.sort(key=lambda item: item[:2])
            results.append(self.browse([page_id for _score, page_id, _page in scored[:limit]]))
        return results

    @api.model
    def _cron_aftersales_review_reminder(self, batch_size=REVIEW_BATCH_SIZE):
        """A to-do for the owner of each article due for review within a week, once per
        review date (a rerun, or a crash after a batch, reminds nobody twice)."""
        today = fields.Date.context_today(self)
        domain = (
            Domain("aftersales_article", "=", True)
            & Domain("aftersales_review_date", "!=", False)
            & Domain("aftersales_review_date", "<=", today + timedelta(days=REVIEW_LEAD_DAYS))
            & Domain("aftersales_owner_id", "!=", False)
            # a new review date clears the date reminded of (see write)
            & Domain("aftersales_review_reminded_date", "=", False)
        )
        aftersales_cron_batches(
            self,
            lambda now: domain,
            lambda pages, now: pages._aftersales_remind_review(),
            batch_size=batch_size,
            order="aftersales_review_date, id",
        )
        return True

    def _aftersales_remind_review(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model,
                    "res_id": page.id,
                    "activity_type_id": todo.id,
                    "user_id": page.aftersales_owner_id.id,
                    "date_deadline": page.aftersales_review_date,
                    "summary": self.env._("Review this after-sales article"),
                }
                for page in self
            ]
        )
        for review_date, pages in self.grouped("aftersales_review_date").items():
            pages._aftersales_workflow().write({"aftersales_review_reminded_date": review_date})

    # ------------------------------------------------------------ help centre

    @api.private
    def _aftersales_portal_values(self):
        """What the help centre shows of these articles (the caller checked the visitor
        reads them)."""
        return [
            {
                "id": page.id,
                "name": page.name,
                "url": page._aftersales_help_url(),
                "answer": html2plaintext(page.aftersales_answer or "")[:300],
            }
            for page in self
        ]

    @api.model
    @api.private
    def _aftersales_help_facets(self):
        """``(categories, products)`` of the published public articles the visitor reads,
        for the help centre's filters."""
        articles = self.search(self._aftersales_published_domain(public=True), limit=1000)
        # sudo: only the names of the categories and products of articles the visitor
        # reads (searched above with their rights) are shown; visitors cannot read
        # helpdesk categories or products themselves
        articles = articles.sudo()
        return articles.aftersales_category_ids.sorted("complete_name"), (
            articles.aftersales_product_tmpl_ids.sorted("name")
        )

    @api.model
    @api.private
    def _aftersales_help_featured(self, lang, limit=20):
        """The published public articles the help centre opens with: the visitor's
        language first."""
        domain = self._aftersales_published_domain(public=True)
        articles = self.search(domain & Domain("aftersales_lang", "=", lang), limit=limit)
        return articles or self.search(domain, limit=limit)
