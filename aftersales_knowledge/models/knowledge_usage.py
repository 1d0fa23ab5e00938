from odoo import api, fields, models

USAGE_TYPES = [("answer", "Answer inserted"), ("link", "Link inserted")]


class AftersalesKnowledgeUsage(models.Model):
    """An article used on a case: written by the *Insert* buttons of the case only."""

    _name = "aftersales.knowledge.usage"
    _inherit = ["aftersales.workflow.mixin"]
    _description = "After-Sales Article Use"
    _order = "id desc"
    _check_company_auto = True

    # ------------------------------------------------------------ fields

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Case",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    article_id = fields.Many2one(
        "document.page",
        string="Article",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    usage_type = fields.Selection(USAGE_TYPES, string="Use", required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Used By", readonly=True, default=lambda self: self.env.user
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, string="Company"
    )
    category_id = fields.Many2one(
        related="ticket_id.category_id", store=True, index=True, string="Case Category"
    )

    # ------------------------------------------------------------ business

    @api.model
    def _aftersales_record(self, ticket, articles, usage_type):
        """Record that ``articles`` were used on ``ticket`` (the caller checked the user
        may reply on it and read them)."""
        return self._aftersales_workflow().create(
            [
                {
                    "ticket_id": ticket.id,
                    "article_id": article.id,
                    "usage_type": usage_type,
                    "user_id": self.env.user.id,
                }
                for article in articles
            ]
        )
