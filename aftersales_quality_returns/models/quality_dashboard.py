from odoo import api, fields, models

# the inspected lines' fields for the cases' report fields the dashboard filters on
INSPECTION_NAMES = {"date": "case_date", "channel_id": "ticket_id.channel_id"}


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
        action["domain"] = self._case_domain(INSPECTION_NAMES)
        action["name"] = action["display_name"] = self._dashboard_label(action["name"])
        return action

    # ------------------------------------------------------------ extension points

    @api.model
    def _dashboard_sections(self):
        return [
            *super()._dashboard_sections(),
            {"key": "returns", "label": self.env._("Returns of the period's cases")},
        ]

    @api.model
    def _dashboard_kpi_specs(self):
        returned = [("return_count", ">", 0)]
        return [
            *super()._dashboard_kpi_specs(),
            self._kpi_spec(
                "returns", self.env._("Return Authorizations"), "count", False, returned, "returns"
            ),
            self._kpi_spec(
                "return_rate", self.env._("Return Rate"), "percent", "down", (), "returns"
            ),
            self._kpi_spec(
                "resellable_qty", self.env._("Resellable"), "quantity", "up", (), "returns"
            ),
            self._kpi_spec("damaged_qty", self.env._("Damaged"), "quantity", "down", (), "returns"),
            self._kpi_spec(
                "defective_qty", self.env._("Defective"), "quantity", "down", (), "returns"
            ),
            self._kpi_spec(
                "missing_parts_qty", self.env._("Missing Parts"), "quantity", "down", (), "returns"
            ),
        ]

    @api.model
    def _dashboard_cost_dimensions(self):
        # the carriers first: what the deliveries' damage and losses cost
        return [
            {"field": "carrier_id", "label": self.env._("Carriers by cost")},
            *super()._dashboard_cost_dimensions(),
        ]

    def _dashboard_kpi_action(self, spec):
        """The inspected quantities open the inspected lines of the period's cases."""
        if not spec["key"].endswith("_qty"):
            return super()._dashboard_kpi_action(spec)
        action = self.action_open_inspections()
        action["name"] = action["display_name"] = self._dashboard_label(spec["label"])
        action["context"] = self._dashboard_context()
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
