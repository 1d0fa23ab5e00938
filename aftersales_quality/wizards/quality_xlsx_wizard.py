import base64

from odoo import api, fields, models


class AftersalesQualityXlsxWizard(models.TransientModel):
    _name = "aftersales.quality.xlsx.wizard"
    _inherit = ["aftersales.quality.period.mixin"]
    _description = "Export the Quality Workbook"

    # ------------------------------------------------------------ fields

    team_ids = fields.Many2many("helpdesk.ticket.team", string="Teams")
    category_ids = fields.Many2many("helpdesk.ticket.category", string="Categories")
    file_data = fields.Binary(string="Workbook", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    # ------------------------------------------------------------ actions

    def action_export(self):
        self.ensure_one()
        return self._aftersales_run_export()

    # ------------------------------------------------------------ business

    @api.private
    def _aftersales_run_export(self):
        """Build the workbook and download it (a hook: aftersales_queue builds it
        in a background job instead)."""
        workbook = self.env["aftersales.quality.xlsx"]._build(
            self.date_from, self.date_to, self.team_ids, self.category_ids
        )
        self.write(
            {
                "file_data": base64.b64encode(workbook),
                "file_name": self.env["aftersales.quality.xlsx"]._file_name(
                    self.date_from, self.date_to
                ),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content?model={self._name}&id={self.id}&field=file_data"
            f"&filename_field=file_name&download=true",
            "target": "self",
        }
