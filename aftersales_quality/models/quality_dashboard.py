from odoo import api, fields, models


class AftersalesQualityDashboard(models.TransientModel):
    """The quality manager's first screen: headline KPIs of a period, and the
    open work (proposed issues, plans, overdue actions, feedback to review)."""

    _name = "aftersales.quality.dashboard"
    _inherit = ["aftersales.quality.period.mixin"]
    _description = "Quality Dashboard"

    # ------------------------------------------------------------ fields

    team_ids = fields.Many2many("helpdesk.ticket.team", string="Teams")
    case_count = fields.Integer(string="Cases", compute="_compute_kpis")
    closed_count = fields.Integer(string="Closed", compute="_compute_kpis")
    resolution_hours = fields.Float(string="Resolution (working h)", compute="_compute_kpis")
    assign_hours = fields.Float(string="Time to Assign (h)", compute="_compute_kpis")
    reopen_rate = fields.Float(string="Reopen Rate (%)", compute="_compute_kpis")
    rating_avg = fields.Float(string="Satisfaction (avg)", compute="_compute_kpis")
    satisfied_rate = fields.Float(string="Satisfied (%)", compute="_compute_kpis")
    ack_hours = fields.Float(string="Acknowledgement (working h)", compute="_compute_kpis")
    response_hours = fields.Float(string="First Response (working h)", compute="_compute_kpis")
    sla_compliance = fields.Float(string="SLA Compliance (%)", compute="_compute_kpis")
    sla_breached_count = fields.Integer(string="SLA Breached", compute="_compute_kpis")
    repeat_count = fields.Integer(string="Repeat Complaints", compute="_compute_kpis")
    repeat_rate = fields.Float(string="Repeat Rate (%)", compute="_compute_kpis")
    proposed_issue_count = fields.Integer(compute="_compute_open_work")
    open_plan_count = fields.Integer(compute="_compute_open_work")
    overdue_action_count = fields.Integer(compute="_compute_open_work")
    feedback_count = fields.Integer(compute="_compute_open_work")

    # ------------------------------------------------------------ computes

    @api.depends("date_from", "date_to", "team_ids")
    def _compute_kpis(self):
        report = self.env["aftersales.quality.kpi.report"]
        for board in self:
            board.update(board._kpi_values(report._get_kpis(board._case_domain())))

    def _compute_open_work(self):
        env = self.env
        counts = {
            "proposed_issue_count": env["aftersales.quality.issue"].search_count(
                [("state", "=", "proposed")]
            ),
            "open_plan_count": env["aftersales.quality.plan"].search_count(
                [("state", "not in", ("closed", "cancelled"))]
            ),
            "overdue_action_count": env["aftersales.quality.action"].search_count(
                [
                    ("state", "in", ("todo", "in_progress")),
                    ("date_deadline", "<", fields.Date.context_today(self)),
                ]
            ),
            "feedback_count": env["helpdesk.ticket"].search_count(
                [("quality_feedback_state", "=", "to_review")]
            ),
        }
        self.update(counts)

    # ------------------------------------------------------------ actions

    def action_open_analysis(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_quality.action_case_analysis"
        )
        action["domain"] = self._case_domain()
        return action

    def action_open_issues(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_quality.action_quality_issue"
        )

    def action_open_plans(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_quality.action_quality_plan"
        )

    def action_open_overdue_actions(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_quality.action_quality_action_overdue"
        )

    def action_open_feedback(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_quality.action_quality_feedback"
        )

    # ------------------------------------------------------------ business

    def _kpi_values(self, kpis):
        """Field values of the dashboard from ``_get_kpis``; other addons add
        theirs (fields computed by ``_compute_kpis``)."""
        return {
            "case_count": kpis["cases"],
            "closed_count": kpis["closed"],
            "resolution_hours": kpis["resolution_hours"] or 0.0,
            "assign_hours": kpis["assign_hours"] or 0.0,
            "reopen_rate": kpis["reopen_rate"] or 0.0,
            "rating_avg": kpis["rating"] or 0.0,
            "satisfied_rate": kpis["satisfied_rate"] or 0.0,
            "ack_hours": kpis["ack_hours"] or 0.0,
            "response_hours": kpis["response_hours"] or 0.0,
            "sla_compliance": kpis["sla_compliance"] or 0.0,
            "sla_breached_count": kpis["sla_breached"],
            "repeat_count": kpis["repeats"],
            "repeat_rate": kpis["repeat_rate"] or 0.0,
        }

    def _case_domain(self):
        self.ensure_one()
        start, end = self._period_bounds(self.date_from, self.date_to)
        domain = [("date", ">=", start), ("date", "<", end)]
        if self.team_ids:
            domain.append(("team_id", "in", self.team_ids.ids))
        return domain
