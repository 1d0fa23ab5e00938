from odoo import api, fields, models


class AftersalesQualityIssue(models.Model):
    _inherit = "aftersales.quality.issue"

    # ------------------------------------------------------------ fields

    scope = fields.Selection(
        selection_add=[("carrier", "Carrier")], ondelete={"carrier": "cascade"}
    )
    carrier_id = fields.Many2one(
        "res.partner", string="Carrier", index="btree_not_null", readonly=True
    )

    # ------------------------------------------------------------ business

    @api.model
    def _problem_scopes(self):
        # a case counts for the carrier of its first carrier claim
        carrier_label = self.env._("Carrier")
        return [*super()._problem_scopes(), ("carrier", "quality_carrier_id", carrier_label)]

    def _kpi_scope_domain(self):
        if self.scope == "carrier":
            return [("carrier_id", "=", self.scope_res_id)]
        return super()._kpi_scope_domain()

    @api.model
    def _prepare_issue_vals(self, company, scope, label, row, now):
        vals = super()._prepare_issue_vals(company, scope, label, row, now)
        if scope == "carrier":
            vals["carrier_id"] = row[0]
        return vals
