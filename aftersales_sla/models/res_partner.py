from odoo import fields, models

AFTERSALES_TIERS = [
    ("standard", "Standard"),
    ("silver", "Silver"),
    ("gold", "Gold"),
    ("key", "Key Account"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------ fields

    aftersales_tier = fields.Selection(
        AFTERSALES_TIERS,
        string="Customer Tier",
        default="standard",
        tracking=True,
        help="Service tier of the customer: service level policies can depend on it. "
        "Cases read it from the customer's company.",
    )
