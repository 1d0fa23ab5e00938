from odoo import fields, models
from odoo.tools import SQL


class AftersalesQualityKpiReport(models.Model):
    """Cases worked with a knowledge-base article, in the case analysis."""

    _inherit = "aftersales.quality.kpi.report"

    # ------------------------------------------------------------ fields: measures

    kb_used_count = fields.Integer(
        string="Cases with an Article",
        readonly=True,
        aggregator="sum",
        help="Cases an article of the knowledge base was inserted into a reply of.",
    )
    kb_resolved_count = fields.Integer(
        string="Resolved with an Article",
        readonly=True,
        aggregator="sum",
        help="Closed cases an article of the knowledge base was used on.",
    )
    kb_used_rate = fields.Float(
        string="Article Use Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the cases an article was used on.",
    )

    # ------------------------------------------------------------ SQL view

    def _select(self):
        # an index scan of the uses of each case (indexed on ticket_id): few per case
        used = SQL("EXISTS (SELECT 1 FROM aftersales_knowledge_usage u WHERE u.ticket_id = t.id)")
        return SQL(
            """%s,
            CASE WHEN %s THEN 1 ELSE 0 END AS kb_used_count,
            CASE WHEN s.closed AND %s THEN 1 ELSE 0 END AS kb_resolved_count,
            CASE WHEN %s THEN 100.0 ELSE 0.0 END AS kb_used_rate
            """,
            super()._select(),
            used,
            used,
            used,
        )
