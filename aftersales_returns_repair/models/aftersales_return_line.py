from markupsafe import Markup

from odoo import fields, models

from odoo.addons.aftersales_returns.models.aftersales_return_line import NOT_CUSTOMER_FAULT


class AftersalesReturnLine(models.Model):
    _inherit = "aftersales.return.line"

    # ------------------------------------------------------------ fields

    repair_ids = fields.One2many(
        "repair.order", "aftersales_return_line_id", string="Repairs",
        groups="stock.group_stock_user",
    )

    # ------------------------------------------------------------ business

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
            self.inspection_note and self.env._(
                "Inspection: %(note)s", note=self.inspection_note
            ),
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
