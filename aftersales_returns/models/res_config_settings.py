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
    aftersales_return_law_country_id = fields.Many2one(
        related="company_id.aftersales_return_law_country_id", readonly=False
    )
    aftersales_return_shop_pays_shipping = fields.Boolean(
        related="company_id.aftersales_return_shop_pays_shipping", readonly=False
    )
    aftersales_refund_only_max_value = fields.Float(
        related="company_id.aftersales_refund_only_max_value", readonly=False
    )
    aftersales_reship_days = fields.Integer(
        related="company_id.aftersales_reship_days", readonly=False
    )
    aftersales_return_handle_hours = fields.Integer(
        related="company_id.aftersales_return_handle_hours", readonly=False
    )
    aftersales_return_handle_auto_approve = fields.Boolean(
        related="company_id.aftersales_return_handle_auto_approve", readonly=False
    )
    aftersales_return_receipt_days = fields.Integer(
        related="company_id.aftersales_return_receipt_days", readonly=False
    )
    aftersales_abuse_return_rate = fields.Float(
        related="company_id.aftersales_abuse_return_rate", readonly=False
    )
    aftersales_abuse_min_orders = fields.Integer(
        related="company_id.aftersales_abuse_min_orders", readonly=False
    )
    aftersales_abuse_refund_only_count = fields.Integer(
        related="company_id.aftersales_abuse_refund_only_count", readonly=False
    )
    aftersales_abuse_serial_mismatch_count = fields.Integer(
        related="company_id.aftersales_abuse_serial_mismatch_count", readonly=False
    )
    aftersales_price_protection_days = fields.Integer(
        related="company_id.aftersales_price_protection_days", readonly=False
    )
    aftersales_grade_barcode_resellable = fields.Char(
        related="company_id.aftersales_grade_barcode_resellable", readonly=False
    )
    aftersales_grade_barcode_damaged = fields.Char(
        related="company_id.aftersales_grade_barcode_damaged", readonly=False
    )
    aftersales_grade_barcode_defective = fields.Char(
        related="company_id.aftersales_grade_barcode_defective", readonly=False
    )
    aftersales_grade_barcode_missing_parts = fields.Char(
        related="company_id.aftersales_grade_barcode_missing_parts", readonly=False
    )

    # ------------------------------------------------------------ actions

    def action_print_aftersales_grade_barcodes(self):
        """The sheet of the company's grade barcodes, to stick at the inspection bench."""
        self.ensure_one()
        return self.company_id._aftersales_grade_barcode_sheet_action()
