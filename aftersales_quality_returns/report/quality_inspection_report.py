from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.aftersales_flow.models.helpdesk_ticket import CASE_KINDS
from odoo.addons.aftersales_returns.models.aftersales_return_line import (
    CONDITIONS,
    DISPOSITIONS,
    GRADES,
)


class AftersalesQualityInspectionReport(models.Model):
    """One row per inspected return line: what the warehouse found, by
    product, reason and the case it came from.

    Like the case analysis, the view is built for each query with the user's
    record rules: lines of the returns the user may read (the confidential
    rule of returns), and of cases the user may read."""

    _name = "aftersales.quality.inspection.report"
    _description = "After-Sales Inspection Analysis"
    _auto = False
    _rec_name = "return_id"
    _order = "date desc"

    # ------------------------------------------------------------ fields: dimensions

    return_id = fields.Many2one("aftersales.return", string="Return Authorization", readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", string="Case", readonly=True)
    date = fields.Datetime(string="Inspected On", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    reason_id = fields.Many2one("aftersales.return.reason", string="Reason", readonly=True)
    condition_grade = fields.Selection(GRADES, string="Condition Found", readonly=True)
    reported_condition = fields.Selection(CONDITIONS, string="Condition Reported", readonly=True)
    disposition = fields.Selection(DISPOSITIONS, string="Disposition", readonly=True)
    case_date = fields.Datetime(string="Case Received", readonly=True)
    case_kind = fields.Selection(CASE_KINDS, string="Kind", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", string="Category", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", string="Team", readonly=True)
    carrier_id = fields.Many2one("res.partner", string="Pickup Carrier", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)

    # ------------------------------------------------------------ fields: measures

    line_count = fields.Integer(string="Inspected Lines", readonly=True, aggregator="sum")
    quantity = fields.Float(string="Quantity Received", readonly=True, aggregator="sum")
    resellable_rate = fields.Float(
        string="Resellable (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the inspected lines found resellable.",
    )

    # ------------------------------------------------------------ SQL view

    @property
    def _table_query(self):
        report = self.env["aftersales.quality.kpi.report"]
        returns, readable_return = report._readable_table("aftersales.return", "r")
        cases, readable_case = report._readable_table("helpdesk.ticket", "t")
        return SQL(
            """
            SELECT l.id AS id,
                   r.id AS return_id,
                   r.ticket_id AS ticket_id,
                   COALESCE(r.date_inspected, r.date_request) AS date,
                   l.product_id AS product_id,
                   l.reason_id AS reason_id,
                   l.condition_grade AS condition_grade,
                   l.reported_condition AS reported_condition,
                   l.disposition AS disposition,
                   t.aftersales_received_at AS case_date,
                   t.aftersales_case_kind AS case_kind,
                   t.category_id AS category_id,
                   t.team_id AS team_id,
                   r.pickup_carrier_id AS carrier_id,
                   r.company_id AS company_id,
                   1 AS line_count,
                   l.qty_received AS quantity,
                   CASE WHEN l.condition_grade = 'resellable' THEN 100.0 ELSE 0.0 END
                       AS resellable_rate
              FROM aftersales_return_line l
              JOIN %s ON r.id = l.return_id
              LEFT JOIN %s ON t.id = r.ticket_id
             WHERE l.condition_grade IS NOT NULL
               AND %s
               AND (r.ticket_id IS NULL OR %s)
            """,
            returns,
            cases,
            readable_return,
            readable_case,
        )
