from odoo import fields, models
from odoo.tools import SQL


class AftersalesQualityKpiReport(models.Model):
    """The supplier of each case: the first vendor of its product."""

    _inherit = "aftersales.quality.kpi.report"

    # ------------------------------------------------------------ fields: dimensions

    supplier_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        readonly=True,
        help="The first vendor (by sequence) of the case's product.",
    )

    # ------------------------------------------------------------ SQL view

    def _select(self):
        return SQL("%s, sup.partner_id AS supplier_id", super()._select())

    def _from(self):
        # one row per product: its first vendor, hash-joined to the cases
        return SQL(
            """%s
            LEFT JOIN (
                SELECT DISTINCT ON (pp.id) pp.id AS product_id, si.partner_id
                  FROM product_product pp
                  JOIN product_supplierinfo si ON si.product_tmpl_id = pp.product_tmpl_id
                 WHERE si.product_id IS NULL OR si.product_id = pp.id
                 ORDER BY pp.id, si.sequence, si.id
            ) sup ON sup.product_id = t.product_id
            """,
            super()._from(),
        )
