from odoo import fields, models


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    # ------------------------------------------------------------ fields

    aftersales_article_ids = fields.Many2many(
        "document.page",
        "aftersales_knowledge_article_category_rel",
        "category_id",
        "page_id",
        string="Articles",
        domain=[("aftersales_article", "=", True)],
    )
    aftersales_article_count = fields.Integer(
        string="Number of Articles",
        compute="_compute_aftersales_knowledge_figures",
        groups="aftersales_quality.group_quality_manager",
    )
    aftersales_kb_case_count = fields.Integer(
        string="Cases",
        compute="_compute_aftersales_knowledge_figures",
        groups="aftersales_quality.group_quality_manager",
    )
    aftersales_kb_resolved_count = fields.Integer(
        string="Cases Resolved with an Article",
        compute="_compute_aftersales_knowledge_figures",
        groups="aftersales_quality.group_quality_manager",
    )
    aftersales_self_solved_count = fields.Integer(
        string="Self-Solved Requests",
        compute="_compute_aftersales_knowledge_figures",
        groups="aftersales_quality.group_quality_manager",
    )
    aftersales_self_service_rate = fields.Float(
        string="Self-Service Rate (%)",
        compute="_compute_aftersales_knowledge_figures",
        digits=(16, 1),
        groups="aftersales_quality.group_quality_manager",
        help="Self-solved requests out of all requests of the category: self-solved "
        "requests plus cases.",
    )

    # ------------------------------------------------------------ computes

    def _compute_aftersales_knowledge_figures(self):
        """Counted with the viewer's rights: the cases and uses they may read."""
        ids = self.ids
        articles = dict(
            self.env["document.page"]._read_group(
                [("aftersales_article", "=", True), ("aftersales_category_ids", "in", ids)],
                ["aftersales_category_ids"],
                ["__count"],
            )
        )
        cases = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("category_id", "in", ids)], ["category_id"], ["__count"]
            )
        )
        resolved = dict(
            self.env["aftersales.knowledge.usage"]._read_group(
                [("ticket_id.category_id", "in", ids), ("ticket_id.closed", "=", True)],
                ["category_id"],
                ["ticket_id:count_distinct"],
            )
        )
        solved = dict(
            self.env["aftersales.knowledge.self.solved"]._read_group(
                [("category_id", "in", ids)], ["category_id"], ["__count"]
            )
        )
        for category in self:
            case_count = cases.get(category, 0)
            solved_count = solved.get(category, 0)
            category.aftersales_article_count = articles.get(category, 0)
            category.aftersales_kb_case_count = case_count
            category.aftersales_kb_resolved_count = resolved.get(category, 0)
            category.aftersales_self_solved_count = solved_count
            total = case_count + solved_count
            category.aftersales_self_service_rate = 100.0 * solved_count / total if total else 0.0
