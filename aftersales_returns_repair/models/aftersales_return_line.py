from markupsafe import Markup

from odoo import api, fields, models

from odoo.addons.aftersales_returns.models.aftersales_return_line import NOT_CUSTOMER_FAULT


class AftersalesReturnLine(models.Model):
    _inherit = "aftersales.return.line"

    # ------------------------------------------------------------ fields

    repair_ids = fields.One2many(
        "repair.order",
        "aftersales_return_line_id",
        string="Repairs",
        groups="stock.group_stock_user",
    )

    # ------------------------------------------------------------ business

    @api.private
    def _aftersales_repair_count(self):
        """Repairs of this unit: the repair orders done for its lot/serial (the workshop's
        history, whatever brought the unit in), else the returns disposed of to repair."""
        count = super()._aftersales_repair_count()
        if not self.lot_id:
            return count
        # sudo: repair orders are the workshop's documents; only their count is read, it
        # decides what the law grants the customer
        repairs = (
            self.env["repair.order"]
            .sudo()
            .search_count([("lot_id", "=", self.lot_id.id), ("state", "=", "done")])
        )
        return max(count, repairs)

    def _prepare_repair_vals(self, quantity, repair_type):
        """The repair of ``quantity`` units of this line, done where the return left them.

        The repaired goods stay in the returns location, from where they are delivered
        back to the customer once the repair is done.
        """
        self.ensure_one()
        ra = self.return_id
        receipt = self.move_ids.filtered(lambda m: m.state == "done").picking_id[:1]
        notes = [
            self.env._("Return %(ra)s", ra=ra.name),
            self.reason_id and self.env._("Reason: %(reason)s", reason=self.reason_id.name),
            self.inspection_note and self.env._("Inspection: %(note)s", note=self.inspection_note),
        ]
        return {
            "picking_type_id": repair_type.id,
            "company_id": ra.company_id.id,
            "partner_id": ra.partner_id.id,
            "user_id": ra.user_id.id,
            "product_id": self.product_id.id,
            "product_qty": quantity,
            "product_uom": self.product_uom_id.id,
            "lot_id": self.lot_id.id,
            "picking_id": receipt.id,
            "product_location_src_id": ra.return_location_id.id,
            "product_location_dest_id": ra.return_location_id.id,
            # the customer pays no parts when the fault is not theirs
            "under_warranty": self.reason_id.responsibility in NOT_CUSTOMER_FAULT,
            "internal_notes": Markup("<br/>").join(note for note in notes if note),
            "aftersales_return_id": ra.id,
            "aftersales_return_line_id": self.id,
        }
