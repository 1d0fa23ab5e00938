from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # ------------------------------------------------------------ fields: quality

    aftersales_quality_period_days = fields.Integer(
        related="company_id.aftersales_quality_period_days", readonly=False
    )
    aftersales_quality_history_periods = fields.Integer(
        related="company_id.aftersales_quality_history_periods", readonly=False
    )
    aftersales_quality_threshold_percent = fields.Float(
        related="company_id.aftersales_quality_threshold_percent", readonly=False
    )
    aftersales_quality_min_cases = fields.Integer(
        related="company_id.aftersales_quality_min_cases", readonly=False
    )
    aftersales_quality_satisfied_rating = fields.Float(
        related="company_id.aftersales_quality_satisfied_rating", readonly=False
    )
    aftersales_quality_report_frequency = fields.Selection(
        related="company_id.aftersales_quality_report_frequency", readonly=False
    )
    aftersales_quality_report_partner_ids = fields.Many2many(
        related="company_id.aftersales_quality_report_partner_ids", readonly=False
    )
    aftersales_handling_hourly_cost = fields.Monetary(
        related="company_id.aftersales_handling_hourly_cost",
        currency_field="aftersales_currency_id",
        readonly=False,
    )
