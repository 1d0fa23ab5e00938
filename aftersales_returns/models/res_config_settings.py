from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # ------------------------------------------------------------ fields: returns

    aftersales_return_window_days = fields.Integer(
        related="company_id.aftersales_return_window_days", readonly=False
    )
    aftersales_return_auto_approve_amount = fields.Float(
        related="company_id.aftersales_return_auto_approve_amount", readonly=False
    )
    aftersales_restocking_fee_percent = fields.Float(
        related="company_id.aftersales_restocking_fee_percent", readonly=False
    )
    aftersales_condition_fee_resellable = fields.Float(
        related="company_id.aftersales_condition_fee_resellable", readonly=False
    )
    aftersales_condition_fee_damaged = fields.Float(
        related="company_id.aftersales_condition_fee_damaged", readonly=False
    )
    aftersales_condition_fee_defective = fields.Float(
        related="company_id.aftersales_condition_fee_defective", readonly=False
    )
    aftersales_condition_fee_missing_parts = fields.Float(
        related="company_id.aftersales_condition_fee_missing_parts", readonly=False
    )
    aftersales_return_accept_used = fields.Boolean(
        related="company_id.aftersales_return_accept_used", readonly=False
    )
    aftersales_return_instructions = fields.Text(
        related="company_id.aftersales_return_instructions", readonly=False
    )
