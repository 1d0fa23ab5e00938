from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------ fields

    aftersales_return_ids = fields.One2many(
        "aftersales.return", "sale_order_id", string="Return Authorizations"
    )
    aftersales_return_count = fields.Integer(compute="_compute_aftersales_return_count")
    aftersales_shipping_insurance = fields.Boolean(
        string="Return-Shipping Insurance",
        help="The order was sold with return-shipping insurance (运费险): the insurance, not "
        "the customer, pays the shipping of a return without a reason.",
    )

    # ------------------------------------------------------------ computes

    @api.depends("aftersales_return_ids")
    def _compute_aftersales_return_count(self):
        for order in self:
            order.aftersales_return_count = len(order.aftersales_return_ids)

    # ------------------------------------------------------------ actions

    def action_create_aftersales_return(self):
        """Open the wizard choosing the delivered lines and quantities to return."""
        self.ensure_one()
        wizard = self.env["aftersales.return.create.wizard"]._new_for_order(self)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return Authorization"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_view_aftersales_returns(self):
        self.ensure_one()
        action = self.env["aftersales.return"]._action_view(
            self.aftersales_return_ids, "aftersales_returns.action_aftersales_return"
        )
        action["context"] = {
            "default_sale_order_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    # ------------------------------------------------------------ business

    def _prepare_aftersales_return_vals(self, requested=None):
        """Values of an authorization for this order.

        :param requested: [(sale.order.line, quantity, dict)]: the lines to return, with more
            values of the authorization line (lot, reason, condition, wanted outcome); an
            order line may come more than once, for different lots or serial numbers. By
            default every delivered line at its delivered quantity.
        """
        self.ensure_one()
        if self.state != "sale":
            raise UserError(
                self.env._(
                    "%(order)s is not a confirmed order: nothing to return.", order=self.name
                )
            )
        if requested is None:
            requested = [
                (line, line.qty_delivered, {})
                for line in self._aftersales_returnable_lines()
                if line.qty_delivered > 0
            ]
        if not requested:
            raise UserError(
                self.env._(
                    "Nothing has been delivered on %(order)s yet: there is nothing to return.",
                    order=self.name,
                )
            )
        return {
            "partner_id": self.partner_id.id,
            "sale_order_id": self.id,
            "company_id": self.company_id.id,
            "line_ids": [
                Command.create(dict(vals, sale_line_id=line.id, quantity=qty))
                for line, qty, vals in requested
            ],
        }

    @api.private
    def _aftersales_returnable_lines(self):
        """Order lines of goods that were delivered (services and notes are not returned)."""
        return self.order_line.filtered(
            lambda line: (
                not line.display_type
                and line.product_id.type == "consu"
                and line._aftersales_delivered_moves()
            )
        )
