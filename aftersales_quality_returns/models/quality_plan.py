from odoo import fields, models


class AftersalesQualityPlan(models.Model):
    _inherit = "aftersales.quality.plan"

    # ------------------------------------------------------------ fields

    kpi = fields.Selection(
        selection_add=[
            ("return_rate", "Return Rate"),
            ("complaints_per_order", "Complaints per Order"),
            ("complaints_per_unit", "Complaints per Delivered Unit"),
        ],
        ondelete={
            "return_rate": "set default",
            "complaints_per_order": "set default",
            "complaints_per_unit": "set default",
        },
    )

    # ------------------------------------------------------------ business

    def _evaluation_exposures(self, before_span, after_span, before_days, after_days):
        """Complaints per order or per delivered unit are counted against the orders or
        units of the same spans: of the issue's product or supplier, else of the
        company (as the problem identification counts them)."""
        self.ensure_one()
        Rule = self.env["aftersales.quality.monitor.rule"]
        kind = Rule._kpi_specs()[self.kpi].get("exposure")
        if not kind:
            return super()._evaluation_exposures(before_span, after_span, before_days, after_days)
        scope = self.issue_id.scope if self.issue_id else "category"
        Issue = self.env["aftersales.quality.issue"]
        return tuple(
            Issue._kpi_exposure_between(
                self.company_id, kind, scope, self.issue_id.scope_res_id, start, end
            )
            for start, end in (before_span, after_span)
        )
