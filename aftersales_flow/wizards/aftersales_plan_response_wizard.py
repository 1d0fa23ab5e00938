from odoo import api, fields, models

from ..models.aftersales_plan_response import CHANNELS, RESPONSES
from ..models.aftersales_workflow_mixin import check_values


class AftersalesPlanResponseWizard(models.TransientModel):
    _name = "aftersales.plan.response.wizard"
    _description = "Record the Customer's Answer to a Resolution Plan"

    # ------------------------------------------------------------ fields

    plan_id = fields.Many2one("aftersales.resolution.plan", required=True, ondelete="cascade")
    response = fields.Selection(RESPONSES, required=True, default="accepted")
    channel = fields.Selection(CHANNELS, required=True, default="phone")
    reason = fields.Text()
    counter_proposal = fields.Text()

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
        self.plan_id.apply_customer_response(
            self.response,
            self.channel,
            reason=self.reason,
            counter_proposal=self.counter_proposal,
        )
        return {"type": "ir.actions.act_window_close"}
