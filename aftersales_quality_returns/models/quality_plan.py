from odoo import fields, models


class AftersalesQualityPlan(models.Model):
    _inherit = "aftersales.quality.plan"

    # ------------------------------------------------------------ fields

    # the complaints per order or delivered unit are judged by the problem
    # identification only: a plan raised by them is judged on the volume
    kpi = fields.Selection(
        selection_add=[("return_rate", "Return Rate")], ondelete={"return_rate": "set default"}
    )
