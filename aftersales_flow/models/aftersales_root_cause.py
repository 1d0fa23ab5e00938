from odoo import fields, models


class AftersalesRootCause(models.Model):
    _name = "aftersales.root.cause"
    _description = "After-Sales Root Cause"
    _order = "sequence, name"

    # ------------------------------------------------------------ fields

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the root cause with every company."
    )

    # ------------------------------------------------------------ constraints

    _name_unique = models.Constraint(
        "UNIQUE (name)",
        "A root cause with this name already exists.",
    )
