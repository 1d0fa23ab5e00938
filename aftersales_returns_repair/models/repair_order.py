from collections import defaultdict

from odoo import fields, models


class RepairOrder(models.Model):
    _inherit = "repair.order"

    # ------------------------------------------------------------ fields

    aftersales_return_id = fields.Many2one(
        "aftersales.return",
        string="Return Authorization",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    aftersales_return_line_id = fields.Many2one(
        "aftersales.return.line",
        string="Return Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    # ------------------------------------------------------------ actions

    def action_repair_done(self):
        result = super().action_repair_done()
        self.filtered("aftersales_return_line_id")._aftersales_send_back()
        return result

    def action_view_aftersales_return(self):
        self.ensure_one()
        return self.aftersales_return_id._action_view(
            self.aftersales_return_id, "aftersales_returns.action_aftersales_return"
        )

    # ------------------------------------------------------------ business

    def _aftersales_send_back(self):
        """Deliver the repaired goods of a return back to its customer, from the returns."""
        # sudo: the workshop may have no right on returns or deliveries; the return sends
        # the delivery on its behalf, for the warehouse to validate
        for ra, repairs in self.sudo().grouped("aftersales_return_id").items():
            quantities = defaultdict(float)
            for repair in repairs:
                line = repair.aftersales_return_line_id
                quantities[line] += repair.product_uom._compute_quantity(
                    repair.product_qty, line.product_uom_id
                )
            lines = self.env["aftersales.return.line"].sudo().concat(*quantities)
            delivery = ra.with_company(ra.company_id)._create_delivery(
                lines, quantities, exchange=False
            )
            ra.message_post(
                body=self.env._(
                    "Repaired (%(repairs)s): the goods go back to the customer with %(delivery)s.",
                    repairs=", ".join(repairs.mapped("name")),
                    delivery=", ".join(delivery.mapped("name")),
                )
            )
