from odoo import fields, models


class AftersalesPlanRefuseWizard(models.TransientModel):
    _name = "aftersales.plan.refuse.wizard"
    _description = "Refuse a Resolution Plan"

    # ------------------------------------------------------------ fields

    plan_id = fields.Many2one("aftersales.resolution.plan", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    # ------------------------------------------------------------ actions

    def action_confirm(self):
        self.ensure_one()
        self.plan_id._refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
