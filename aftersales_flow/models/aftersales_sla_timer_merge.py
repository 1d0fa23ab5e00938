from odoo import fields, models


class AftersalesSlaTimer(models.Model):
    _inherit = "aftersales.sla.timer"

    # ------------------------------------------------------------ fields

    # The clocks of a case merged into another one stop without being met or
    # missed: the kept case's clocks measure the request from then on.
    status = fields.Selection(
        selection_add=[("cancelled", "Cancelled")], ondelete={"cancelled": "set default"}
    )
