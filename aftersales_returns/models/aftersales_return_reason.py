from odoo import api, fields, models

from .aftersales_return_rule import RULE_KINDS

RESPONSIBILITIES = [
    ("company", "Company"),
    ("manufacturer", "Manufacturer/Supplier"),
    ("seller", "Seller"),
    ("carrier", "Carrier"),
    ("customer", "Customer"),
    ("undetermined", "Undetermined"),
]


class AftersalesReturnReason(models.Model):
    _name = "aftersales.return.reason"
    _description = "Return Reason"
    _order = "sequence, id"

    # ------------------------------------------------------------ fields

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the reason with every company."
    )
    responsibility = fields.Selection(
        RESPONSIBILITIES,
        default="undetermined",
        required=True,
        help="Who is usually responsible when goods come back for this reason.",
    )
    statutory_ground = fields.Selection(
        RULE_KINDS,
        string="Statutory Ground",
        compute="_compute_statutory_ground",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        help="Which right of the consumer law a return for this reason rests on: a return "
        "without a reason (change of mind, size), or a quality return (a fault, goods not as "
        "described, damaged or wrong goods), shipped back at the shop's cost.",
    )
    ticket_category_ids = fields.Many2many(
        "helpdesk.ticket.category",
        string="Case Categories",
        groups="aftersales_flow.group_aftersales_user",
        help="A return created from a case of these categories (or of their subcategories) "
        "gets this reason.",
    )
    restocking_fee_percent = fields.Float(
        string="Restocking Fee (%)",
        help="Deducted from the refund of goods returned for this reason.",
    )

    # ------------------------------------------------------------ constraints

    _restocking_fee_percent_range = models.Constraint(
        "CHECK (restocking_fee_percent >= 0 AND restocking_fee_percent <= 100)",
        "The restocking fee is a percentage between 0 and 100.",
    )

    # ------------------------------------------------------------ computes

    @api.depends("responsibility")
    def _compute_statutory_ground(self):
        for reason in self:
            reason.statutory_ground = (
                "no_reason" if reason.responsibility in ("customer", "undetermined") else "quality"
            )
