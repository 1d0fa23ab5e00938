from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------ fields

    aftersales_return_ids = fields.One2many(
        "aftersales.return", "sale_order_id", string="Return Authorizations"
    )
    aftersales_return_count = fields.Integer(compute="_compute_aftersales_return_count")

    # ------------------------------------------------------------ computes

    @api.depends("aftersales_return_ids")
    def _compute_aftersales_return_count(self):
        for order in self:
            order.aftersales_return_count = len(order.aftersales_return_ids)

    # ------------------------------------------------------------ actions

    def action_create_aftersales_return(self):
        """A draft authorization with every delivered line; the agent trims it."""
        self.ensure_one()
        ra = self.env["aftersales.return"].create(self._prepare_aftersales_return_vals())
        return ra._action_view(ra, "aftersales_returns.action_aftersales_return")

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

    def _prepare_aftersales_return_vals(self, quantities=None):
        """Values of an authorization for this order.

        :param quantities: {sale.order.line: qty}; by default every delivered line at its
            delivered quantity.
        """
        self.ensure_one()
        if self.state != "sale":
            raise UserError(self.env._(
                "%(order)s is not a confirmed order: nothing to return.", order=self.name
            ))
        if quantities is None:
            quantities = {
                line: line.qty_delivered
                for line in self.order_line
                if not line.display_type and line.qty_delivered > 0
                and line.product_id.type == "consu"
            }
        if not quantities:
            raise UserError(self.env._(
                "Nothing has been delivered on %(order)s yet: there is nothing to return.",
                order=self.name,
            ))
        return {
            "partner_id": self.partner_id.id,
            "sale_order_id": self.id,
            "company_id": self.company_id.id,
            "line_ids": [
                Command.create({"sale_line_id": line.id, "quantity": qty})
                for line, qty in quantities.items()
            ],
        }
