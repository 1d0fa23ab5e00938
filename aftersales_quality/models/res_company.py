from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------ fields: analysis

    aftersales_quality_period_days = fields.Integer(
        string="Quality Analysis Period (days)",
        default=7,
        help="Length of the period the problem identification compares.",
    )
    aftersales_quality_history_periods = fields.Integer(
        string="Quality Reference Periods",
        default=4,
        help="How many previous periods make the reference (monitoring rules left at 0).",
    )
    aftersales_quality_threshold_percent = fields.Float(
        string="Quality Alert Threshold (%)",
        default=50.0,
        help="The smallest deterioration of a KPI against its reference that proposes a "
        "quality issue, once the statistical test finds it significant (monitoring rules "
        "left at 0).",
    )
    aftersales_quality_min_cases = fields.Integer(
        string="Quality Alert Minimum Cases",
        default=5,
        help="Scopes with fewer cases measured in the period are never proposed "
        "(monitoring rules left at 0).",
    )
    aftersales_quality_satisfied_rating = fields.Float(
        string="Satisfied From Rating",
        default=4.0,
        help="Ratings at or above this value count as satisfied.",
    )

    # ------------------------------------------------------------ fields: cost of quality

    aftersales_handling_hourly_cost = fields.Monetary(
        string="Handling Cost per Hour",
        currency_field="currency_id",
        help="What an hour of after-sales work costs the company: the time spent on a case "
        "is priced at it in the case's cost of quality.",
    )

    # ------------------------------------------------------------ fields: reports

    aftersales_quality_report_frequency = fields.Selection(
        [("none", "Never"), ("weekly", "Weekly"), ("monthly", "Monthly")],
        string="Management Report Frequency",
        default="weekly",
        required=True,
    )
    aftersales_quality_report_partner_ids = fields.Many2many(
        "res.partner",
        "res_company_quality_report_partner_rel",
        "company_id",
        "partner_id",
        string="Management Report Recipients",
    )
    aftersales_quality_report_last_date = fields.Date(
        string="Last Management Report",
        copy=False,
        help="End of the period covered by the last management report sent.",
    )

    # ------------------------------------------------------------ constraints

    _quality_period_days_positive = models.Constraint(
        "CHECK (aftersales_quality_period_days > 0 AND aftersales_quality_period_days <= 366)",
        "The quality analysis period must be between 1 and 366 days.",
    )
    _quality_history_periods_positive = models.Constraint(
        "CHECK (aftersales_quality_history_periods > 0 AND aftersales_quality_history_periods <= "
        "52)",
        "Compare the quality figures with 1 to 52 reference periods.",
    )
    _quality_min_cases_positive = models.Constraint(
        "CHECK (aftersales_quality_min_cases >= 0)",
        "The minimum number of cases of a quality alert cannot be negative.",
    )
    _quality_satisfied_rating_range = models.Constraint(
        "CHECK (aftersales_quality_satisfied_rating >= 1 AND aftersales_quality_satisfied_rating "
        "<= 5)",
        "Ratings go from 1 to 5: the satisfied-from rating must lie in that range.",
    )
    _aftersales_handling_hourly_cost_positive = models.Constraint(
        "CHECK (aftersales_handling_hourly_cost IS NULL OR aftersales_handling_hourly_cost >= 0)",
        "The handling cost per hour cannot be negative.",
    )
    _quality_threshold_percent_positive = models.Constraint(
        "CHECK (aftersales_quality_threshold_percent >= 0)",
        "The quality alert threshold cannot be negative.",
    )
