from odoo import api, fields, models

from ..models.aftersales_workflow_mixin import check_values


class AftersalesPlanRefuseWizard(models.TransientModel):
    _name = "aftersales.plan.refuse.wizard"
    _description = "Refuse a Resolution Plan"

    # ------------------------------------------------------------ fields

    plan_id = fields.Many2one("aftersales.resolution.plan", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_values(self, vals)
        return super().create(vals_list)

    def write(self, vals):
        check_values(self, vals)
        return super().write(vals)

    # ------------------------------------------------------------ actions

    def action_confirm(self):
        self.ensure_one()
        self.plan_id._refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
