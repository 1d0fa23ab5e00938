from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------ fields: intake

    aftersales_ack_hours = fields.Integer(
        string="Acknowledgement Deadline (hours)",
        default=24,
        help="The customer is acknowledged within this many hours of the case being received.",
    )

    # ------------------------------------------------------------ constraints

    _aftersales_ack_hours_positive = models.Constraint(
        "CHECK (aftersales_ack_hours > 0)",
        "The acknowledgement deadline must be a positive number of hours.",
    )
