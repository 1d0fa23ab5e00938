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
