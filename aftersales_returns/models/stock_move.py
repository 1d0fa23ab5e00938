from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    # ------------------------------------------------------------ fields

    aftersales_return_line_id = fields.Many2one(
        "aftersales.return.line",
        string="Return Line",
        index="btree_not_null",
        readonly=True,
    )
    # the next steps of a route (pack, ship) are copies of the move: they keep it
    aftersales_return_id = fields.Many2one(
        "aftersales.return",
        string="Return Authorization",
        index="btree_not_null",
        readonly=True,
        help="The return whose delivery to the customer this move is.",
    )

    # ------------------------------------------------------------ business

    def _prepare_merge_moves_distinct_fields(self):
        # two serials of one order line return on moves of their own: each counts for its line
        return super()._prepare_merge_moves_distinct_fields() + [
            "aftersales_return_line_id",
            "aftersales_return_id",
        ]

    def _get_new_picking_values(self):
        # every step of a return's delivery belongs to the return
        vals = super()._get_new_picking_values()
        if self.aftersales_return_id:
            vals["aftersales_return_id"] = self.aftersales_return_id[:1].id
        return vals
