from collections import defaultdict

from odoo import api, models

from .aftersales_return import OPEN_STATES


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # ------------------------------------------------------------ business: returns

    @api.private
    def _aftersales_delivered_moves(self):
        """Done moves that delivered the goods of these lines to the customer."""
        return self.move_ids.filtered(
            lambda m: m.state == "done"
            and m.location_dest_usage == "customer"
            and not m.origin_returned_move_id
        )

    @api.private
    def _aftersales_return_quantities(self, exclude_lines=None):
        """What each line may still have returned, in the product's unit.

        :param exclude_lines: authorization lines not to count as requested (the ones being
            edited).
        :return: {sale line: {"delivered", "returned", "requested", "returnable"}}: delivered
            in all, already returned, still expected by open authorizations, and returnable
            (delivered minus returned minus requested).
        """
        pending = defaultdict(float)
        # Every open authorization of the order line holds back its quantity, also the
        # confidential ones the user may not see.
        others = self.env["aftersales.return.line"].sudo().search([
            ("sale_line_id", "in", self.ids),
            ("id", "not in", (exclude_lines or self.env["aftersales.return.line"]).ids),
            ("return_id.state", "in", OPEN_STATES),
        ])
        for other in others:
            pending[other.sale_line_id] += max(other.quantity - other.qty_received, 0.0)
        result = {}
        for line in self:
            uom = line.product_id.uom_id
            delivered = sum(
                move.product_uom._compute_quantity(move.quantity, uom)
                for move in line._aftersales_delivered_moves()
            )
            # qty_delivered is net of the validated returns
            net = line.product_uom_id._compute_quantity(line.qty_delivered, uom)
            result[line] = {
                "delivered": delivered,
                "returned": max(delivered - net, 0.0),
                "requested": pending[line],
                "returnable": net - pending[line],
            }
        return result
