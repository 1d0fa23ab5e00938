from odoo import fields, models


class AftersalesQualityDashboard(models.TransientModel):
    _inherit = "aftersales.quality.dashboard"

    # ------------------------------------------------------------ fields

    return_count = fields.Integer(string="Return Authorizations", compute="_compute_kpis")
    return_rate = fields.Float(string="Return Rate (%)", compute="_compute_kpis")
    resellable_qty = fields.Float(string="Resellable", compute="_compute_kpis")
    damaged_qty = fields.Float(string="Damaged", compute="_compute_kpis")
    defective_qty = fields.Float(string="Defective", compute="_compute_kpis")
    missing_parts_qty = fields.Float(string="Missing Parts", compute="_compute_kpis")

    # ------------------------------------------------------------ actions

    def action_open_inspections(self):
        """The inspected lines of the returns of the period's cases."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_quality_returns.action_inspection_analysis"
        )
        # the case domain of the dashboard, on the inspected lines' cases
        action["domain"] = [
            ("case_date" if name == "date" else name, operator, value)
            for name, operator, value in self._case_domain()
        ]
        return action

    # ------------------------------------------------------------ business

    def _kpi_values(self, kpis):
        return {
            **super()._kpi_values(kpis),
            "return_count": kpis["returns"],
            "return_rate": kpis["return_rate"] or 0.0,
            "resellable_qty": kpis["resellable_qty"],
            "damaged_qty": kpis["damaged_qty"],
            "defective_qty": kpis["defective_qty"],
            "missing_parts_qty": kpis["missing_parts_qty"],
        }
