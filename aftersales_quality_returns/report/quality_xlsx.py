from odoo import api, models


class AftersalesQualityXlsx(models.AbstractModel):
    _inherit = "aftersales.quality.xlsx"

    @api.model
    def _summary_measures(self, kpis):
        return [
            *super()._summary_measures(kpis),
            (self.env._("Return authorizations"), kpis["returns"], "integer"),
            (self.env._("Cases with a return"), kpis["returned_cases"], "integer"),
            (self.env._("Return rate (%)"), kpis["return_rate"], "number"),
            (self.env._("Inspected resellable (qty)"), kpis["resellable_qty"], "number"),
            (self.env._("Inspected damaged (qty)"), kpis["damaged_qty"], "number"),
            (self.env._("Inspected defective (qty)"), kpis["defective_qty"], "number"),
            (self.env._("Inspected missing parts (qty)"), kpis["missing_parts_qty"], "number"),
        ]
