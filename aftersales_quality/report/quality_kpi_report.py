from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.aftersales_flow.models.helpdesk_ticket import CASE_KINDS


class AftersalesQualityKpiReport(models.Model):
    """One row per active case with its quality measures.

    Counts are 0/1 columns summed by the pivot; rates are 0/100 columns averaged
    (NULL where the case does not take part, e.g. an unrated case in the
    satisfaction rate). Other addons add measures by extending ``_select`` (and
    ``_from`` for joins) and declaring the matching field.
    """

    _name = "aftersales.quality.kpi.report"
    _description = "After-Sales Quality Analysis"
    _auto = False
    _rec_name = "ticket_id"
    _order = "date desc"

    # ------------------------------------------------------------ fields: dimensions

    ticket_id = fields.Many2one("helpdesk.ticket", string="Case", readonly=True)
    date = fields.Datetime(string="Received", readonly=True)
    closed_date = fields.Datetime(string="Closed", readonly=True)
    case_kind = fields.Selection(CASE_KINDS, string="Kind", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", string="Category", readonly=True)
    channel_id = fields.Many2one("helpdesk.ticket.channel", string="Channel", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", string="Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    commercial_partner_id = fields.Many2one("res.partner", string="Customer Company", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    stage_id = fields.Many2one("helpdesk.ticket.stage", string="Stage", readonly=True)
    priority = fields.Selection(
        [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")],
        string="Priority",
        readonly=True,
    )
    is_closed = fields.Boolean(string="Closed Case", readonly=True)

    # ------------------------------------------------------------ fields: measures

    case_count = fields.Integer(string="Cases", readonly=True, aggregator="sum")
    closed_count = fields.Integer(string="Closed Cases", readonly=True, aggregator="sum")
    reopened_count = fields.Integer(string="Reopened Cases", readonly=True, aggregator="sum")
    rated_count = fields.Integer(string="Rated Cases", readonly=True, aggregator="sum")
    satisfied_count = fields.Integer(string="Satisfied Cases", readonly=True, aggregator="sum")
    resolution_hours = fields.Float(
        string="Resolution Time (working h)", readonly=True, aggregator="avg"
    )
    assign_hours = fields.Float(string="Time to Assign (h)", readonly=True, aggregator="avg")
    reopen_rate = fields.Float(string="Reopen Rate (%)", readonly=True, aggregator="avg")
    rating_value = fields.Float(string="Satisfaction (avg)", readonly=True, aggregator="avg")
    satisfied_rate = fields.Float(string="Satisfied (%)", readonly=True, aggregator="avg")

    # ------------------------------------------------------------ SQL view

    def _select(self):
        return SQL(
            """
            t.id AS id,
            t.id AS ticket_id,
            t.create_date AS date,
            t.closed_date AS closed_date,
            t.case_kind AS case_kind,
            t.category_id AS category_id,
            t.channel_id AS channel_id,
            t.team_id AS team_id,
            t.user_id AS user_id,
            t.partner_id AS partner_id,
            t.commercial_partner_id AS commercial_partner_id,
            t.company_id AS company_id,
            t.stage_id AS stage_id,
            t.priority AS priority,
            COALESCE(s.closed, FALSE) AS is_closed,
            1 AS case_count,
            CASE WHEN s.closed THEN 1 ELSE 0 END AS closed_count,
            CASE WHEN t.quality_reopen_count > 0 THEN 1 ELSE 0 END AS reopened_count,
            CASE WHEN t.rating_last_value > 0 THEN 1 ELSE 0 END AS rated_count,
            CASE WHEN t.rating_last_value >= COALESCE(c.quality_satisfied_rating, 4)
                 THEN 1 ELSE 0 END AS satisfied_count,
            CASE WHEN s.closed AND t.closed_date IS NOT NULL
                 THEN t.quality_resolution_hours END AS resolution_hours,
            CASE WHEN t.assigned_date IS NOT NULL
                 THEN EXTRACT(EPOCH FROM t.assigned_date - t.create_date) / 3600.0
                 END AS assign_hours,
            CASE WHEN s.closed THEN
                 CASE WHEN t.quality_reopen_count > 0 THEN 100.0 ELSE 0.0 END
                 END AS reopen_rate,
            CASE WHEN t.rating_last_value > 0 THEN t.rating_last_value END AS rating_value,
            CASE WHEN t.rating_last_value > 0 THEN
                 CASE WHEN t.rating_last_value >= COALESCE(c.quality_satisfied_rating, 4)
                      THEN 100.0 ELSE 0.0 END
                 END AS satisfied_rate
            """
        )

    def _from(self):
        return SQL(
            """
            helpdesk_ticket t
            LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
            LEFT JOIN res_company c ON c.id = t.company_id
            """
        )

    def _where(self):
        return SQL("t.active")

    @property
    def _table_query(self):
        return SQL("SELECT %s FROM %s WHERE %s", self._select(), self._from(), self._where())

    # ------------------------------------------------------------ business

    @api.model
    def _get_kpis(self, domain):
        """The headline figures over ``domain``, in one aggregate query.

        Returns a dict: cases, closed, reopened, rated, satisfied (counts),
        resolution_hours, assign_hours, rating (averages), reopen_rate,
        satisfied_rate (percentages, None when nothing to measure).
        """
        [row] = self._read_group(
            domain,
            aggregates=[
                "case_count:sum",
                "closed_count:sum",
                "reopened_count:sum",
                "rated_count:sum",
                "satisfied_count:sum",
                "resolution_hours:avg",
                "assign_hours:avg",
                "rating_value:avg",
                "reopen_rate:avg",
                "satisfied_rate:avg",
            ],
        )
        keys = [
            "cases",
            "closed",
            "reopened",
            "rated",
            "satisfied",
            "resolution_hours",
            "assign_hours",
            "rating",
            "reopen_rate",
            "satisfied_rate",
        ]
        kpis = dict(zip(keys, row, strict=True))
        for key in keys[:5]:
            kpis[key] = kpis[key] or 0
        return kpis
