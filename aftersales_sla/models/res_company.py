from odoo import api, fields, models

from odoo.addons.aftersales_flow.models.aftersales_workflow_mixin import check_values


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------ fields

    aftersales_sla_at_risk_percent = fields.Integer(
        string="SLA At-Risk Threshold (%)",
        default=80,
        help="Default share of a service level target after which a case is at risk.",
    )

    # ------------------------------------------------------------ constraints

    _aftersales_sla_at_risk_percent_range = models.Constraint(
        "CHECK (aftersales_sla_at_risk_percent > 0 AND aftersales_sla_at_risk_percent <= 100)",
        "The at-risk threshold is a percentage between 1 and 100.",
    )

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_values(self, {k: v for k, v in vals.items() if k.startswith("aftersales_sla")})
        return super().create(vals_list)

    def write(self, vals):
        check_values(self, {k: v for k, v in vals.items() if k.startswith("aftersales_sla")})
        return super().write(vals)
