from odoo import fields, models

AFTERSALES_TIERS = [
    ("standard", "Standard"),
    ("silver", "Silver"),
    ("gold", "Gold"),
    ("key", "Key Account"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------ fields: intake

    aftersales_vip = fields.Boolean(
        string="After-Sales VIP",
        tracking=True,
        help="Cases of this customer (and its contacts) get one priority level more "
        "than the priority matrix gives.",
    )

    # ------------------------------------------------------------ fields: service levels

    aftersales_tier = fields.Selection(
        AFTERSALES_TIERS,
        string="Customer Tier",
        default="standard",
        tracking=True,
        help="Service tier of the customer: service level policies can depend on it. "
        "Cases read it from the customer's company.",
    )

    # ------------------------------------------------------------ business

    def _commercial_fields(self):
        return super()._commercial_fields() + ["aftersales_vip"]
