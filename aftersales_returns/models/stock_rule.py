from odoo import models


class StockRule(models.Model):
    _inherit = "stock.rule"

    # ------------------------------------------------------------ business

    def _get_custom_move_fields(self):
        # a return's delivery to the customer is procured with the return, kept on its moves
        return super()._get_custom_move_fields() + ["aftersales_return_id"]
