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
    aftersales_return_id = fields.Many2one(
        "aftersales.return", string="Return Authorization", index="btree_not_null",
        check_company=True, readonly=True,
    )

    # ------------------------------------------------------------ computes

    @api.depends("picking_type_code", "return_id", "location_id.usage", "aftersales_return_id")
    def _compute_is_customer_return(self):
        for picking in self:
            picking.is_customer_return = (
                picking.picking_type_code == "incoming"
                and bool(picking.return_id or picking.aftersales_return_id)
                and picking.location_id.usage == "customer"
            )

    # ------------------------------------------------------------ business

    def _action_done(self):
        res = super()._action_done()
        self.aftersales_return_id._update_receipt_state()
        return res

    # ------------------------------------------------------------ actions

    def action_view_aftersales_return(self):
        self.ensure_one()
        return self.aftersales_return_id._action_view(
            self.aftersales_return_id, "aftersales_returns.action_aftersales_return"
        )
