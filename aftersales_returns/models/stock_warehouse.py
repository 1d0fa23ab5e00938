from odoo import api, fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    # ------------------------------------------------------------ fields

    aftersales_return_location_id = fields.Many2one(
        "stock.location",
        string="Returns Location",
        check_company=True,
        domain="[('usage', '=', 'internal'), ('warehouse_id', '=', id)]",
        help="Returned goods are received here, apart from sellable stock, until their "
        "disposition.",
    )

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        warehouses = super().create(vals_list)
        warehouses._aftersales_ensure_return_location()
        return warehouses

    # ------------------------------------------------------------ business

    @api.model
    def _aftersales_install_return_locations(self):
        """Give every existing warehouse its returns location (run on install)."""
        self.with_context(active_test=False).search(
            [("aftersales_return_location_id", "=", False)]
        )._aftersales_ensure_return_location()

    def _aftersales_ensure_return_location(self):
        for warehouse in self.filtered(lambda w: not w.aftersales_return_location_id):
            location = self.env["stock.location"].create(
                {
                    "name": self.env._("Returns"),
                    "usage": "internal",
                    "location_id": warehouse.view_location_id.id,
                    "company_id": warehouse.company_id.id,
                }
            )
            warehouse.aftersales_return_location_id = location
