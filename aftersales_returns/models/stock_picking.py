from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # ------------------------------------------------------------ fields

    is_customer_return = fields.Boolean(
        string="Customer Return",
        compute="_compute_is_customer_return",
        store=True,
        index=True,
        help="Incoming picking that brings goods back from a customer.",
    )

    # ------------------------------------------------------------ computes

    @api.depends("picking_type_code", "return_id", "location_id.usage")
    def _compute_is_customer_return(self):
        for picking in self:
            picking.is_customer_return = (
                picking.picking_type_code == "incoming"
                and bool(picking.return_id)
                and picking.location_id.usage == "customer"
            )
