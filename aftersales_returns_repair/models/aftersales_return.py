from markupsafe import Markup

from odoo import api, fields, models


class AftersalesReturn(models.Model):
    _inherit = "aftersales.return"

    # ------------------------------------------------------------ fields

    # repairs are the workshop's (inventory) documents: agents see their count only
    repair_ids = fields.One2many(
        "repair.order", "aftersales_return_id", string="Repairs", groups="stock.group_stock_user"
    )
    repair_count = fields.Integer(compute="_compute_repair_count", compute_sudo=True)

    # ------------------------------------------------------------ computes

    @api.depends("repair_ids")
    def _compute_repair_count(self):
        for ra in self:
            ra.repair_count = len(ra.repair_ids)

    # ------------------------------------------------------------ actions

    def action_view_repairs(self):
        self.ensure_one()
        return self._action_view(self.repair_ids, "repair.action_repair_order_tree")

    # ------------------------------------------------------------ business

    def _route_repairs(self, lines, quantities):
        """A draft repair order per line for the warehouse's repair operation."""
        repair_type = self.warehouse_id.repair_type_id
        if not repair_type:
            return super()._route_repairs(lines, quantities)
        # Repair orders are the workshop's documents the agent may have no right to
        # create: the disposition creates them on their behalf, as drafts to confirm.
        repairs = (
            self.env["repair.order"]
            .sudo()
            .with_company(self.company_id)
            .create(
                [line.sudo()._prepare_repair_vals(quantities[line], repair_type) for line in lines]
            )
        )
        self.message_post(
            body=Markup("%s<ul>%s</ul>")
            % (
                self.env._("Sent to repair:"),
                Markup().join(
                    Markup("<li>%s</li>")
                    % self.env._(
                        "%(repair)s: %(qty)s x %(product)s",
                        repair=repair.name,
                        qty=repair.product_qty,
                        product=repair.product_id.display_name,
                    )
                    for repair in repairs
                ),
            )
        )
        return repairs
