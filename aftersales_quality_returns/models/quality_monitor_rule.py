from odoo import api, fields, models
from odoo.tools import SQL


class AftersalesQualityMonitorRule(models.Model):
    _inherit = "aftersales.quality.monitor.rule"

    # ------------------------------------------------------------ fields

    scope = fields.Selection(
        selection_add=[("carrier", "Carrier"), ("supplier", "Supplier")],
        ondelete={"carrier": "cascade", "supplier": "cascade"},
    )
    kpi = fields.Selection(
        selection_add=[
            ("return_rate", "Return Rate"),
            ("complaints_per_order", "Complaints per Order"),
            ("complaints_per_unit", "Complaints per Delivered Unit"),
        ],
        ondelete={
            "return_rate": "cascade",
            "complaints_per_order": "cascade",
            "complaints_per_unit": "cascade",
        },
        help="Return Rate: share of the cases with a granted return authorization "
        "(binomial test). Complaints per Order: cases per confirmed sales order of the "
        "period (of the product or supplier for those scopes, of the company otherwise). "
        "Complaints per Delivered Unit: cases per unit delivered to customers in the "
        "period, the same way. Both by the Poisson rate test with the orders or units as "
        "exposure.",
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
            "complaints_per_order": {
                "kind": "rate",
                "events": lambda col: SQL("1"),
                "worse": "higher",
                "exposure": "orders",
            },
            "complaints_per_unit": {
                "kind": "rate",
                "events": lambda col: SQL("1"),
                "worse": "higher",
                "exposure": "units",
            },
        }

    @api.model
    def _scope_columns(self):
        # a case counts for the carrier of its first carrier claim, for the main
        # supplier of its product
        return {**super()._scope_columns(), "carrier": "carrier_id", "supplier": "supplier_id"}
