from odoo import api, fields, models

from odoo.addons.aftersales_flow.models.aftersales_workflow_mixin import check_values


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    # ------------------------------------------------------------ fields

    aftersales_waiting = fields.Boolean(
        string="Waiting for Customer",
        help="Service level clocks stop while a case is in this stage; their "
        "deadlines move by the working time spent here.",
    )
    aftersales_max_hours = fields.Float(
        string="Maximum Time in Stage (working hours)",
        help="A case staying longer than this in the stage counts as a breach; 0 for no limit.",
    )

    # ------------------------------------------------------------ constraints

    _aftersales_max_hours_positive = models.Constraint(
        "CHECK (aftersales_max_hours >= 0)",
        "The maximum time in a stage cannot be negative.",
    )

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_values(self, {k: v for k, v in vals.items() if k.startswith("aftersales_")})
        return super().create(vals_list)

    def write(self, vals):
        check_values(self, {k: v for k, v in vals.items() if k.startswith("aftersales_")})
        return super().write(vals)
