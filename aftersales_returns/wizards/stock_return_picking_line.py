from odoo import fields, models


class StockReturnPickingLine(models.TransientModel):
    _inherit = "stock.return.picking.line"

    # ------------------------------------------------------------ fields

    aftersales_return_line_id = fields.Many2one("aftersales.return.line", string="Return Line")

    # ------------------------------------------------------------ business

    def _prepare_move_default_values(self, new_picking):
        vals = super()._prepare_move_default_values(new_picking)
        if self.aftersales_return_line_id:
            vals["aftersales_return_line_id"] = self.aftersales_return_line_id.id
        return vals
