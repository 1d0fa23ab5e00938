from odoo import fields, models


class StockScrap(models.Model):
    _inherit = "stock.scrap"

    # ------------------------------------------------------------ fields

    aftersales_return_id = fields.Many2one(
        "aftersales.return",
        string="Return Authorization",
        index="btree_not_null",
        copy=False,
        readonly=True,
        check_company=True,
    )
