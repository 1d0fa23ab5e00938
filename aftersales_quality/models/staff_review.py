from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AftersalesQualityStaffReview(models.Model):
    """Per-agent KPIs over a period, with the reviewer's notes and training need."""

    _name = "aftersales.quality.staff.review"
    _description = "Staff Performance Review"
    _inherit = ["mail.thread", "aftersales.quality.period.mixin"]
    _order = "date_to desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------ fields

    user_id = fields.Many2one("res.users", string="Agent", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    reviewer_id = fields.Many2one(
        "res.users", string="Reviewer", default=lambda self: self.env.user, tracking=True
    )
    notes = fields.Html(string="Review Notes")
    training_needed = fields.Boolean(string="Training Needed", tracking=True)
    training_topic = fields.Char(tracking=True)
    case_count = fields.Integer(string="Cases", compute="_compute_kpis")
    closed_count = fields.Integer(string="Closed", compute="_compute_kpis")
    resolution_hours = fields.Float(string="Resolution (working h)", compute="_compute_kpis")
    reopen_rate = fields.Float(string="Reopen Rate (%)", compute="_compute_kpis")
    rating_avg = fields.Float(string="Satisfaction (avg)", compute="_compute_kpis")
    satisfied_rate = fields.Float(string="Satisfied (%)", compute="_compute_kpis")
    team_resolution_hours = fields.Float(
        string="Company Resolution (working h)",
        compute="_compute_kpis",
        help="The same measure over every agent of the company, to compare.",
    )

    # ------------------------------------------------------------ constraints

    @api.constrains("training_needed", "training_topic")
    def _check_training_topic(self):
        for review in self:
            if review.training_needed and not review.training_topic:
                raise ValidationError(self.env._("Say which training the agent needs."))

    # ------------------------------------------------------------ computes

    @api.depends("user_id", "date_from", "date_to", "company_id")
    def _compute_kpis(self):
        report = self.env["aftersales.quality.kpi.report"]
        for review in self:
            if not (review.user_id and review.date_from and review.date_to):
                review.update(
                    dict.fromkeys(
                        [
                            "case_count",
                            "closed_count",
                            "resolution_hours",
                            "reopen_rate",
                            "rating_avg",
                            "satisfied_rate",
                            "team_resolution_hours",
                        ],
                        0,
                    )
                )
                continue
            domain = review._period_domain()
            kpis = report._get_kpis([*domain, ("user_id", "=", review.user_id.id)])
            company = report._get_kpis(domain)
            review.case_count = kpis["cases"]
            review.closed_count = kpis["closed"]
            review.resolution_hours = kpis["resolution_hours"] or 0.0
            review.reopen_rate = kpis["reopen_rate"] or 0.0
            review.rating_avg = kpis["rating"] or 0.0
            review.satisfied_rate = kpis["satisfied_rate"] or 0.0
            review.team_resolution_hours = company["resolution_hours"] or 0.0

    # ------------------------------------------------------------ actions

    def action_open_cases(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cases of %(agent)s", agent=self.user_id.name),
            "res_model": "aftersales.quality.kpi.report",
            "view_mode": "list,pivot,graph",
            "domain": [*self._period_domain(), ("user_id", "=", self.user_id.id)],
        }

    # ------------------------------------------------------------ business

    def _period_domain(self):
        self.ensure_one()
        start, end = self._period_bounds(self.date_from, self.date_to)
        return [("company_id", "=", self.company_id.id), ("date", ">=", start), ("date", "<", end)]
