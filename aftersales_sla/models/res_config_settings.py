from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # ------------------------------------------------------------ fields

    aftersales_sla_at_risk_percent = fields.Integer(
        related="company_id.aftersales_sla_at_risk_percent", readonly=False
    )
