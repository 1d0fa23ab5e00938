from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import float_compare

from .aftersales_return import OPEN_STATES


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # ------------------------------------------------------------ fields

    aftersales_no_reason_waived = fields.Boolean(
        string="Confirmed Not Returnable",
        help="At purchase the customer confirmed that these goods, unsuitable by nature for "
        "it, cannot be returned without a reason. A fault is still a quality return.",
    )

    # ------------------------------------------------------------ business: returns

    @api.private
    def _aftersales_delivered_moves(self):
        """Done moves that delivered the goods of these lines to the customer.

        Read as superuser: after-sales agents have no inventory rights, yet what a customer
        may return depends on what was delivered (quantities, dates, lots). The moves come
        back as superuser records: callers only read those figures from them.
        """
        return self.sudo().move_ids.filtered(
            lambda m: (
                m.state == "done"
                and m.location_dest_usage == "customer"
                and not m.origin_returned_move_id
            )
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
        # confidential ones the user may not see; a price difference holds back nothing (the
        # goods stay with the customer, returnable), a refund without the goods coming back
        # holds them back for good.
        others = (
            self.env["aftersales.return.line"]
            .sudo()
            .search(
                [
                    ("sale_line_id", "in", self.ids),
                    ("id", "not in", (exclude_lines or self.env["aftersales.return.line"]).ids),
                    ("return_id.return_type", "!=", "price_difference"),
                    "|",
                    ("return_id.state", "in", OPEN_STATES),
                    "&",
                    ("return_id.state", "=", "done"),
                    ("return_id.return_type", "=", "refund_only"),
                ]
            )
        )
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

    @api.private
    def _aftersales_lot_return_quantities(self, exclude_lines=None):
        """What each lot/serial delivered on these lines may still have returned.

        :param exclude_lines: authorization lines not to count as requested.
        :return: {(sale line, lot): {"delivered", "returned", "requested", "returnable"}},
            in the product's unit, for every lot delivered on the lines.
        """
        result = defaultdict(lambda: {"delivered": 0.0, "returned": 0.0, "requested": 0.0})
        for line in self:
            delivered_moves = line._aftersales_delivered_moves()
            for move_line in delivered_moves.move_line_ids.filtered("lot_id"):
                result[line, move_line.lot_id]["delivered"] += move_line.quantity_product_uom
            returns = delivered_moves.returned_move_ids.filtered(lambda m: m.state == "done")
            for move_line in returns.move_line_ids.filtered("lot_id"):
                result[line, move_line.lot_id]["returned"] += move_line.quantity_product_uom
        # as for the order line, the open authorizations of a lot hold it back, seen or not
        others = (
            self.env["aftersales.return.line"]
            .sudo()
            .search(
                [
                    ("sale_line_id", "in", self.ids),
                    ("lot_id", "!=", False),
                    ("id", "not in", (exclude_lines or self.env["aftersales.return.line"]).ids),
                    ("return_id.return_type", "!=", "price_difference"),
                    "|",
                    ("return_id.state", "in", OPEN_STATES),
                    "&",
                    ("return_id.state", "=", "done"),
                    ("return_id.return_type", "=", "refund_only"),
                ]
            )
        )
        for other in others:
            figures = result[other.sale_line_id, other.lot_id]
            figures["requested"] += max(other.quantity - other.qty_received, 0.0)
        for figures in result.values():
            figures["returnable"] = (
                figures["delivered"] - figures["returned"] - figures["requested"]
            )
        return dict(result)

    @api.private
    def _aftersales_return_rows(self):
        """What a customer may choose to return: [(sale line, lot)].

        One row per line, or per lot/serial number delivered on a tracked line, so that
        several serial numbers of one line can be returned; the lot is empty on a row of
        untracked goods (or of units delivered before the product was tracked).
        """
        lot_quantities = self._aftersales_lot_return_quantities()
        quantities = self._aftersales_return_quantities()
        rows = []
        for sale_line in self:
            lots = (
                self.env["stock.lot"]
                .concat(*(lot for (line, lot) in lot_quantities if line == sale_line))
                .sorted("name")
            )
            with_lot = sum(lot_quantities[sale_line, lot]["delivered"] for lot in lots)
            if (
                not lots
                or float_compare(
                    with_lot,
                    quantities[sale_line]["delivered"],
                    precision_rounding=sale_line.product_id.uom_id.rounding,
                )
                < 0
            ):
                rows.append((sale_line, self.env["stock.lot"]))
            rows.extend((sale_line, lot) for lot in lots)
        return rows
