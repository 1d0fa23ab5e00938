from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------ fields: intake

    aftersales_vip = fields.Boolean(
        string="After-Sales VIP",
        tracking=True,
        help="Cases of this customer (and its contacts) get one priority level more "
        "than the priority matrix gives.",
    )

    # ------------------------------------------------------------ business

    def _commercial_fields(self):
        return super()._commercial_fields() + ["aftersales_vip"]
