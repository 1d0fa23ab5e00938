from odoo import api, fields, models
from odoo.exceptions import ValidationError

# What a visitor may have typed before the article answered them.
MAX_QUERY_LENGTH = 200


class AftersalesKnowledgeSelfSolved(models.Model):
    """A request a published public article answered on the portal: the customer (or a
    visitor) said "this answered my question" instead of opening a case."""

    _name = "aftersales.knowledge.self.solved"
    _description = "After-Sales Self-Solved Request"
    _order = "id desc"
    _rec_name = "article_id"

    # ------------------------------------------------------------ fields

    article_id = fields.Many2one(
        "document.page",
        string="Article",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    category_id = fields.Many2one(
        "helpdesk.ticket.category",
        string="Category",
        readonly=True,
        index=True,
        ondelete="set null",
        help="The category the customer chose, else the article's first.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="Empty for a visitor who was not logged in.",
    )
    query = fields.Char(string="Question", readonly=True)
    lang = fields.Char(string="Language", readonly=True)
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )

    # ------------------------------------------------------------ business

    @api.model
    def _aftersales_record(self, article, query=None, category=None):
        """Record the request ``article`` answered, for the current visitor.

        ``article`` must be one the visitor reads (a published public article: the caller
        searched it with the visitor's rights)."""
        article.ensure_one()
        article._aftersales_ensure_public()
        query = (query or "").strip()
        if len(query) > MAX_QUERY_LENGTH:
            raise ValidationError(
                self.env._("A question has at most %(count)s characters.", count=MAX_QUERY_LENGTH)
            )
        # sudo: a visitor cannot read categories; only the article's own ones are kept
        article_categories = article.sudo().aftersales_category_ids
        if category and category not in article_categories:
            category = category.browse()
        user = self.env.user
        vals = {
            "article_id": article.id,
            "category_id": (category or article_categories[:1]).id,
            "partner_id": False if user._is_public() else user.partner_id.id,
            "query": query or False,
            "lang": self.env.lang,
            "company_id": (article.company_id or self.env.company).id,
        }
        # sudo: customers and visitors have no right on these records; the article was
        # checked readable by them and published public, the values come from the server
        return self.sudo().create(vals)
