from odoo import api, fields, models
from odoo.tools import SQL

# Return authorizations that were granted: requests still to approve, rejected
# or cancelled ones are not returns.
AUTHORIZED_STATES = ("approved", "received", "done")


class AftersalesQualityKpiReport(models.Model):
    """Return rate, carrier and inspection outcomes of each case."""

    _inherit = "aftersales.quality.kpi.report"

    # ------------------------------------------------------------ fields: dimensions

    carrier_id = fields.Many2one(
        "res.partner",
        string="Carrier",
        readonly=True,
        help="The carrier of the case's (first) carrier claim.",
    )
    supplier_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        readonly=True,
        help="The first vendor (by sequence) of the case's product.",
    )

    # ------------------------------------------------------------ fields: measures

    return_count = fields.Integer(string="Return Authorizations", readonly=True, aggregator="sum")
    returned_count = fields.Integer(string="Cases with a Return", readonly=True, aggregator="sum")
    return_rate = fields.Float(
        string="Return Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the cases with at least one granted return authorization "
        "(approved, received or done).",
    )
    resellable_qty = fields.Float(string="Inspected Resellable", readonly=True, aggregator="sum")
    damaged_qty = fields.Float(string="Inspected Damaged", readonly=True, aggregator="sum")
    defective_qty = fields.Float(string="Inspected Defective", readonly=True, aggregator="sum")
    missing_parts_qty = fields.Float(
        string="Inspected Missing Parts", readonly=True, aggregator="sum"
    )

    # ------------------------------------------------------------ SQL view

    def _select(self):
        return SQL(
            """%s,
            t.aftersales_quality_carrier_id AS carrier_id,
            sup.partner_id AS supplier_id,
            COALESCE(ret.return_count, 0) AS return_count,
            CASE WHEN ret.return_count > 0 THEN 1 ELSE 0 END AS returned_count,
            CASE WHEN ret.return_count > 0 THEN 100.0 ELSE 0.0 END AS return_rate,
            COALESCE(ret.resellable_qty, 0.0) AS resellable_qty,
            COALESCE(ret.damaged_qty, 0.0) AS damaged_qty,
            COALESCE(ret.defective_qty, 0.0) AS defective_qty,
            COALESCE(ret.missing_parts_qty, 0.0) AS missing_parts_qty
            """,
            super()._select(),
        )

    def _from(self):
        # The returns of each case, looked up by their indexed ticket_id: a case has
        # none or a few, and the planner drops this join from the queries that read no
        # return column (the volume, the charts). Aggregating every return of the
        # company first and hash-joining would read them all, with the tables their
        # record rules join (the cases), for a month of cases as for ten years.
        # The carrier is the case's stored aftersales_quality_carrier_id, the same column problem
        # identification counts. A confidential return of a case the user reads is not
        # counted either. The supplier is the first vendor of the case's product: one
        # row per product, hash-joined.
        returns, readable = self._readable_table("aftersales.return", "r")
        return SQL(
            """%s
            LEFT JOIN LATERAL (
                SELECT COUNT(DISTINCT r.id) AS return_count,
                       SUM(l.qty_received) FILTER (WHERE l.condition_grade = 'resellable')
                           AS resellable_qty,
                       SUM(l.qty_received) FILTER (WHERE l.condition_grade = 'damaged')
                           AS damaged_qty,
                       SUM(l.qty_received) FILTER (WHERE l.condition_grade = 'defective')
                           AS defective_qty,
                       SUM(l.qty_received) FILTER (WHERE l.condition_grade = 'missing_parts')
                           AS missing_parts_qty
                  FROM %s
                  LEFT JOIN aftersales_return_line l ON l.return_id = r.id
                 WHERE r.ticket_id = t.id AND r.state IN %s AND %s
            ) ret ON TRUE
            LEFT JOIN (
                SELECT DISTINCT ON (pp.id) pp.id AS product_id, si.partner_id
                  FROM product_product pp
                  JOIN product_supplierinfo si ON si.product_tmpl_id = pp.product_tmpl_id
                 WHERE si.product_id IS NULL OR si.product_id = pp.id
                 ORDER BY pp.id, si.sequence, si.id
            ) sup ON sup.product_id = t.aftersales_product_id
            """,
            super()._from(),
            returns,
            AUTHORIZED_STATES,
            readable,
        )

    # ------------------------------------------------------------ access

    @api.model
    def _confidential_domains(self):
        return {
            **super()._confidential_domains(),
            "aftersales.return": [("confidential", "=", False)],
        }

    # ------------------------------------------------------------ business

    @api.model
    def _kpi_aggregates(self):
        return [
            *super()._kpi_aggregates(),
            ("returns", "return_count:sum", True),
            ("returned_cases", "returned_count:sum", True),
            ("return_rate", "return_rate:avg", False),
            ("resellable_qty", "resellable_qty:sum", True),
            ("damaged_qty", "damaged_qty:sum", True),
            ("defective_qty", "defective_qty:sum", True),
            ("missing_parts_qty", "missing_parts_qty:sum", True),
        ]
