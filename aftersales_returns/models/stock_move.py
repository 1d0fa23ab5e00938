from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    # ------------------------------------------------------------ fields

    aftersales_return_line_id = fields.Many2one(
        "aftersales.return.line", string="Return Line", index="btree_not_null",
        readonly=True,
    )
