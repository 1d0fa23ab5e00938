from odoo import api, fields, models

from ..models.aftersales_return_line import CONDITIONS


class AftersalesReturnCreateWizardLine(models.TransientModel):
    _name = "aftersales.return.create.wizard.line"
    _description = "Delivered Line to Return"
    _order = "id"

    # ------------------------------------------------------------ fields

    wizard_id = fields.Many2one(
        "aftersales.return.create.wizard", required=True, ondelete="cascade"
    )
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Order Line", required=True, readonly=True
    )
    product_id = fields.Many2one(related="sale_line_id.product_id")
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    tracking = fields.Selection(related="product_id.tracking")
    # computed as superuser: the agent choosing what to return may have no inventory rights
    delivered_lot_ids = fields.Many2many(
        "stock.lot",
        string="Delivered Lots/Serials",
        compute="_compute_quantities",
        compute_sudo=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        domain="[('id', 'in', delivered_lot_ids)]",
        readonly=True,
        help="The lot or serial number the customer sends back, among the ones delivered.",
    )
    qty_delivered = fields.Float(
        string="Delivered",
        compute="_compute_quantities",
        compute_sudo=True,
        digits="Product Unit",
    )
    qty_returned = fields.Float(
        string="Returned",
        compute="_compute_quantities",
        compute_sudo=True,
        digits="Product Unit",
        help="Already received back on validated returns.",
    )
    qty_requested = fields.Float(
        string="Requested",
        compute="_compute_quantities",
        compute_sudo=True,
        digits="Product Unit",
        help="Still expected back by open return authorizations.",
    )
    qty_returnable = fields.Float(
        string="Returnable",
        compute="_compute_quantities",
        compute_sudo=True,
        digits="Product Unit",
    )
    quantity = fields.Float(string="To Return", digits="Product Unit", default=0.0)
    reason_id = fields.Many2one("aftersales.return.reason", string="Reason")
    reported_condition = fields.Selection(CONDITIONS, default="unopened", required=True)
    outcome = fields.Selection(
        [("refund", "Refund"), ("exchange", "Exchange"), ("repair", "Repair")],
        string="Wanted Outcome",
        compute="_compute_outcome",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )

    # ------------------------------------------------------------ computes

    @api.depends("sale_line_id", "lot_id")
    def _compute_quantities(self):
        sale_lines = self.sale_line_id
        quantities = sale_lines._aftersales_return_quantities()
        lot_quantities = sale_lines._aftersales_lot_return_quantities()
        for line in self:
            figures = quantities.get(line.sale_line_id, {})
            returnable = figures.get("returnable", 0.0)
            if line.lot_id:
                figures = lot_quantities.get((line.sale_line_id, line.lot_id), {})
                returnable = min(returnable, figures.get("returnable", 0.0))
            elif line.tracking != "none":
                # units delivered without a lot: what the lots do not account for
                returnable -= sum(
                    max(lot_figures["returnable"], 0.0)
                    for (sale_line, _lot), lot_figures in lot_quantities.items()
                    if sale_line == line.sale_line_id
                )
            line.qty_delivered = figures.get("delivered", 0.0)
            line.qty_returned = figures.get("returned", 0.0)
            line.qty_requested = figures.get("requested", 0.0)
            line.qty_returnable = max(returnable, 0.0)
            line.delivered_lot_ids = (
                line.sale_line_id._aftersales_delivered_moves().move_line_ids.lot_id
            )

    @api.depends("wizard_id.outcome")
    def _compute_outcome(self):
        for line in self:
            line.outcome = line.wizard_id.outcome or "refund"

    # ------------------------------------------------------------ business

    def _prepare_return_line_vals(self):
        self.ensure_one()
        return {
            "lot_id": self.lot_id.id,
            "reason_id": self.reason_id.id,
            "reported_condition": self.reported_condition,
            "outcome": self.outcome,
        }
