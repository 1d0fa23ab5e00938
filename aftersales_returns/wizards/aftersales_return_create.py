from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..models.aftersales_return import RETURN_TYPES
from ..models.aftersales_return_line import quantity_error


class AftersalesReturnCreateWizard(models.TransientModel):
    _name = "aftersales.return.create.wizard"
    _description = "Return Authorization from a Sale Order"

    # ------------------------------------------------------------ fields

    order_id = fields.Many2one(
        "sale.order",
        string="Sale Order",
        required=True,
        domain="[('state', '=', 'sale'), ('company_id', 'in', allowed_company_ids)]",
    )
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    return_type = fields.Selection(
        RETURN_TYPES,
        string="Type",
        default="return",
        required=True,
        help="Return Goods: the goods come back. Refund Only: refunded without the goods "
        "coming back. Reship Missing Goods: what was missing is sent. Price-Difference Refund: "
        "part of the price is refunded.",
    )
    outcome = fields.Selection(
        [("refund", "Refund"), ("exchange", "Exchange"), ("repair", "Repair")],
        string="Wanted Outcome",
        default="refund",
        required=True,
        help="What the customer expects; each line may ask for something else.",
    )
    description = fields.Text(help="The customer's own words.")
    line_ids = fields.One2many(
        "aftersales.return.create.wizard.line",
        "wizard_id",
        string="Delivered Lines",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    # ------------------------------------------------------------ computes

    @api.depends("order_id")
    def _compute_line_ids(self):
        """One row per delivered line (or lot/serial delivered) of the chosen order."""
        for wizard in self:
            rows = wizard.order_id._aftersales_returnable_lines()._aftersales_return_rows()
            wizard.line_ids = [Command.clear()] + [
                Command.create({"sale_line_id": sale_line.id, "lot_id": lot.id})
                for sale_line, lot in rows
            ]

    # ------------------------------------------------------------ actions

    def action_fill_returnable(self):
        """Return everything still returnable: fill each line's quantity."""
        self.ensure_one()
        for line in self.line_ids:
            line.quantity = max(line.qty_returnable, 0.0)
        return self._reopen()

    def action_clear_quantities(self):
        self.ensure_one()
        self.line_ids.quantity = 0.0
        return self._reopen()

    def action_create_return(self):
        """Create the draft authorization with the chosen lines only."""
        self.ensure_one()
        ra = self.env["aftersales.return"].create(self._prepare_return_vals())
        return ra._action_view(ra, "aftersales_returns.action_aftersales_return")

    # ------------------------------------------------------------ business

    @api.model
    @api.private
    def _new_for_order(self, order):
        """A wizard listing the delivered lines of ``order``, nothing chosen yet."""
        if order.state != "sale":
            raise UserError(
                self.env._(
                    "%(order)s is not a confirmed order: nothing to return.", order=order.name
                )
            )
        sale_lines = order._aftersales_returnable_lines()
        if not sale_lines:
            raise UserError(
                self.env._(
                    "Nothing has been delivered on %(order)s yet: there is nothing to return.",
                    order=order.name,
                )
            )
        return self.create(
            {
                "order_id": order.id,
                "line_ids": [
                    Command.create({"sale_line_id": sale_line.id, "lot_id": lot.id})
                    for sale_line, lot in sale_lines._aftersales_return_rows()
                ],
            }
        )

    def _prepare_return_vals(self):
        """Authorization values of the chosen lines, after checking every one of them."""
        self.ensure_one()
        if any(line.quantity < 0 for line in self.line_ids):
            raise UserError(self.env._("A quantity to return cannot be negative."))
        chosen = self.line_ids.filtered(lambda line: line.quantity > 0)
        for line in chosen:
            error = quantity_error(self.env, line.product_id, line.quantity)
            if error:
                raise UserError(error)
        if not chosen:
            raise UserError(self.env._("Enter the quantity to return on at least one line."))
        # checked against fresh figures: another return may have been requested meanwhile
        chosen.invalidate_recordset(["qty_returnable"])
        quantities = chosen.sale_line_id._aftersales_return_quantities()
        errors = []
        for sale_line in chosen.sale_line_id:
            rows = chosen.filtered(lambda line, sale_line=sale_line: line.sale_line_id == sale_line)
            returnable = quantities[sale_line]["returnable"]
            if (
                len(rows) > 1
                and float_compare(
                    sum(rows.mapped("quantity")),
                    returnable,
                    precision_rounding=sale_line.product_id.uom_id.rounding,
                )
                > 0
            ):
                errors.append(
                    self.env._(
                        "%(product)s: %(qty)s to return in all but only %(max)s can still be "
                        "returned (delivered minus returned minus already requested).",
                        product=sale_line.product_id.display_name,
                        qty=sum(rows.mapped("quantity")),
                        max=max(returnable, 0.0),
                    )
                )
        for line in chosen:
            product = line.product_id.display_name
            lot_name = line.lot_id.name
            label = (
                self.env._("%(product)s, lot/serial %(lot)s", product=product, lot=lot_name)
                if line.lot_id
                else product
            )
            returnable = line.qty_returnable
            if (
                float_compare(
                    line.quantity, returnable, precision_rounding=line.product_uom_id.rounding
                )
                > 0
            ):
                errors.append(
                    self.env._(
                        "%(product)s: %(qty)s to return but only %(max)s can still be returned "
                        "(delivered minus returned minus already requested).",
                        product=label,
                        qty=line.quantity,
                        max=max(returnable, 0.0),
                    )
                )
            if line.lot_id and line.lot_id not in line.delivered_lot_ids:
                errors.append(
                    self.env._(
                        "%(product)s: lot/serial %(lot)s was not delivered on this order.",
                        product=product,
                        lot=lot_name,
                    )
                )
            if (
                line.lot_id
                and line.tracking == "serial"
                and float_compare(
                    line.quantity, 1.0, precision_rounding=line.product_uom_id.rounding
                )
                != 0
            ):
                errors.append(
                    self.env._(
                        "%(product)s: a serial number identifies one unit; return one unit with "
                        "serial %(lot)s or leave the serial empty.",
                        product=product,
                        lot=lot_name,
                    )
                )
        if errors:
            raise UserError("\n".join(errors))
        vals = self.order_id._prepare_aftersales_return_vals(
            [
                (line.sale_line_id, line.quantity, line._prepare_return_line_vals())
                for line in chosen
            ]
        )
        vals.update(
            {
                "return_type": self.return_type,
                "outcome": self.outcome,
                "description": self.description,
            }
        )
        return vals

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return Authorization"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }
