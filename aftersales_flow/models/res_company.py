from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------ fields: intake

    aftersales_ack_hours = fields.Integer(
        string="Acknowledgement Deadline (hours)",
        default=24,
        help="The customer is acknowledged within this many hours of the case being received.",
    )

    # ------------------------------------------------------------ fields: service levels

    aftersales_sla_at_risk_percent = fields.Integer(
        string="SLA At-Risk Threshold (%)",
        default=80,
        help="Default share of a service level target after which a case is at risk.",
    )

    # ------------------------------------------------------------ constraints

    _aftersales_ack_hours_positive = models.Constraint(
        "CHECK (aftersales_ack_hours > 0)",
        "The acknowledgement deadline must be a positive number of hours.",
    )
    _aftersales_sla_at_risk_percent_range = models.Constraint(
        "CHECK (aftersales_sla_at_risk_percent > 0 AND aftersales_sla_at_risk_percent <= 100)",
        "The at-risk threshold is a percentage between 1 and 100.",
    )
