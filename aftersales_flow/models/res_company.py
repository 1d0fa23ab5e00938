from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------ fields: intake

    aftersales_ack_hours = fields.Integer(
        string="Acknowledgement Deadline (hours)",
        default=24,
        help="The customer is acknowledged within this many hours of the case being received.",
    )
    aftersales_repeat_days = fields.Integer(
        string="Repeat Complaint Window (days)",
        default=30,
        help="A new case of the same customer in the same category within this many "
        "days of an earlier one is flagged as a repeat complaint.",
    )

    # ------------------------------------------------------------ constraints

    _aftersales_ack_hours_positive = models.Constraint(
        "CHECK (aftersales_ack_hours > 0)",
        "The acknowledgement deadline must be a positive number of hours.",
    )
    _aftersales_repeat_days_positive = models.Constraint(
        "CHECK (aftersales_repeat_days > 0)",
        "The repeat complaint window must be a positive number of days.",
    )
