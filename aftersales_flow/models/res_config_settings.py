from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # ------------------------------------------------------------ fields: intake

    aftersales_ack_hours = fields.Integer(
        related="company_id.aftersales_ack_hours", readonly=False
    )

    # ------------------------------------------------------------ fields: service levels

    aftersales_sla_at_risk_percent = fields.Integer(
        related="company_id.aftersales_sla_at_risk_percent", readonly=False
    )
