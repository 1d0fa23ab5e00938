from odoo import fields, models


class AftersalesQualityPlan(models.Model):
    _inherit = "aftersales.quality.plan"

    # ------------------------------------------------------------ fields

    kpi = fields.Selection(
        selection_add=[("return_rate", "Return Rate")], ondelete={"return_rate": "set default"}
    )
