from odoo import api, fields, models
from odoo.tools import html2plaintext


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------ fields

    aftersales_suggested_article_ids = fields.Many2many(
        "document.page",
        string="Suggested Articles",
        compute="_compute_aftersales_suggested_article_ids",
        help="Published articles matching the case's category, product and text.",
    )
    aftersales_article_usage_ids = fields.One2many(
        "aftersales.knowledge.usage", "ticket_id", string="Articles Used", readonly=True
    )
    aftersales_article_used_count = fields.Integer(
        string="Number of Articles Used", compute="_compute_aftersales_article_used_count"
    )

    # ------------------------------------------------------------ computes

    @api.depends("name", "description", "category_id", "aftersales_product_id", "partner_id.lang")
    def _compute_aftersales_suggested_article_ids(self):
        requests = [
            (
                f"{ticket.name or ''} {html2plaintext(ticket.description or '')}",
                ticket.category_id,
                ticket.aftersales_product_id.product_tmpl_id,
                ticket.partner_id.lang,
            )
            for ticket in self
        ]
        # one search for every case shown
        found = self.env["document.page"]._aftersales_suggest_many(requests)
        for ticket, articles in zip(self, found, strict=True):
            ticket.aftersales_suggested_article_ids = articles

    @api.depends("aftersales_article_usage_ids")
    def _compute_aftersales_article_used_count(self):
        counts = dict(
            self.env["aftersales.knowledge.usage"]._read_group(
                [("ticket_id", "in", self._origin.ids)],
                ["ticket_id"],
                ["article_id:count_distinct"],
            )
        )
        for ticket in self:
            ticket.aftersales_article_used_count = counts.get(ticket._origin, 0)
