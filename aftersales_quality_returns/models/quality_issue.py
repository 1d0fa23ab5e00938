from odoo import api, fields, models


class AftersalesQualityIssue(models.Model):
    _inherit = "aftersales.quality.issue"

    # ------------------------------------------------------------ fields

    scope = fields.Selection(
        selection_add=[("carrier", "Carrier")], ondelete={"carrier": "cascade"}
    )
    kpi = fields.Selection(
        selection_add=[("return_rate", "Return Rate")], ondelete={"return_rate": "cascade"}
    )
    carrier_id = fields.Many2one(
        "res.partner", string="Carrier", index="btree_not_null", readonly=True
    )

    # ------------------------------------------------------------ business

    @api.model
    def _prepare_issue_vals(self, company, rule, row, now):
        vals = super()._prepare_issue_vals(company, rule, row, now)
        if rule.scope == "carrier":
            vals["carrier_id"] = row["scope_id"]
        return vals
