from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # ------------------------------------------------------------ fields: intake

    aftersales_ack_hours = fields.Integer(
        related="company_id.aftersales_ack_hours", readonly=False
    )
    aftersales_repeat_days = fields.Integer(
        related="company_id.aftersales_repeat_days", readonly=False
    )

    # ------------------------------------------------------------ fields: service levels

    aftersales_sla_at_risk_percent = fields.Integer(
        related="company_id.aftersales_sla_at_risk_percent", readonly=False
    )

    # ------------------------------------------------ fields: investigation and resolution

    aftersales_approval_amount = fields.Monetary(
        related="company_id.aftersales_approval_amount",
        currency_field="aftersales_currency_id",
        readonly=False,
    )
    aftersales_currency_id = fields.Many2one(
        related="company_id.currency_id", string="After-Sales Currency"
    )
    aftersales_approver_id = fields.Many2one(
        related="company_id.aftersales_approver_id", readonly=False
    )
    aftersales_followup_days = fields.Integer(
        related="company_id.aftersales_followup_days", readonly=False
    )
    aftersales_low_rating_threshold = fields.Integer(
        related="company_id.aftersales_low_rating_threshold", readonly=False
    )
