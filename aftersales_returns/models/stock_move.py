from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    # ------------------------------------------------------------ fields

    aftersales_return_line_id = fields.Many2one(
        "aftersales.return.line", string="Return Line", index="btree_not_null",
        readonly=True,
    )

    # ------------------------------------------------------------ business

    def _prepare_merge_moves_distinct_fields(self):
        # two serials of one order line return on moves of their own: each counts for its line
        return super()._prepare_merge_moves_distinct_fields() + ["aftersales_return_line_id"]
