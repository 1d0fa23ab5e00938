from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # ------------------------------------------------------------ fields

    aftersales_return_line_id = fields.Many2one(
        "aftersales.return.line",
        string="Return Line",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
