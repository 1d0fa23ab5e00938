from odoo import fields, models


class AftersalesReturnReject(models.TransientModel):
    _name = "aftersales.return.reject"
    _description = "Reject a Return Authorization"

    # ------------------------------------------------------------ fields

    return_id = fields.Many2one("aftersales.return", required=True, ondelete="cascade")
    reason = fields.Text(required=True, help="Told to the customer.")

    # ------------------------------------------------------------ actions

    def action_reject(self):
        self.ensure_one()
        self.return_id._reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
