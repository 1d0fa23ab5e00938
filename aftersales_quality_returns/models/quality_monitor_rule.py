from odoo import api, fields, models
from odoo.tools import SQL


class AftersalesQualityMonitorRule(models.Model):
    _inherit = "aftersales.quality.monitor.rule"

    # ------------------------------------------------------------ fields

    scope = fields.Selection(
        selection_add=[("carrier", "Carrier")], ondelete={"carrier": "cascade"}
    )
    kpi = fields.Selection(
        selection_add=[("return_rate", "Return Rate")],
        ondelete={"return_rate": "cascade"},
        help="Return Rate: share of the cases with a granted return authorization (binomial test).",
    )

    # ------------------------------------------------------------ business

    @api.model
    def _kpi_specs(self):
        return {
            **super()._kpi_specs(),
            "return_rate": {
                "kind": "share",
                "events": lambda col: col("returned_count"),
                "trials": lambda col: SQL("1"),
                "worse": "higher",
            },
        }

    @api.model
    def _scope_columns(self):
        # a case counts for the carrier of its first carrier claim
        return {**super()._scope_columns(), "carrier": "carrier_id"}
