from odoo import api, fields, models

from ..models.stock_picking import SIGNED_SOURCES


class AftersalesSignedReceipt(models.TransientModel):
    _name = "aftersales.signed.receipt"
    _description = "Record a Signed Receipt"

    # ------------------------------------------------------------ fields

    return_id = fields.Many2one("aftersales.return", required=True, ondelete="cascade")
    # named as superuser: the agent recording it may have no inventory rights
    delivery_names = fields.Char(
        string="Deliveries",
        compute="_compute_delivery_names",
        compute_sudo=True,
        help="The deliveries that sent the goods of the return to the customer.",
    )
    date_signed = fields.Datetime(
        string="Signed for On",
        required=True,
        default=fields.Datetime.now,
        help="When the customer signed for the delivery, from the customer's or the "
        "carrier's proof.",
    )
    source = fields.Selection(SIGNED_SOURCES, string="From", required=True, default="entered")

    # ------------------------------------------------------------ computes

    @api.depends("return_id")
    def _compute_delivery_names(self):
        for wizard in self:
            wizard.delivery_names = ", ".join(
                wizard.return_id._aftersales_deliveries().mapped("name")
            )

    # ------------------------------------------------------------ actions

    def action_record(self):
        self.ensure_one()
        self.return_id._record_signed_receipt(self.date_signed, self.source)
        return {"type": "ir.actions.act_window_close"}
