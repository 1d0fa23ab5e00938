from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command, Domain

# What the customer expects of the case, as the outcome wanted on the return.
CUSTOMER_OUTCOMES = {"refund": "refund", "exchange": "exchange", "repair": "repair"}


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------ fields

    aftersales_return_ids = fields.One2many(
        "aftersales.return", "ticket_id", string="Return Authorizations"
    )
    aftersales_return_count = fields.Integer(compute="_compute_aftersales_return_count")
    aftersales_supplier_recovery_ids = fields.One2many(
        "aftersales.supplier.recovery", "ticket_id", string="Supplier Recoveries"
    )
    aftersales_supplier_recovery_count = fields.Integer(
        compute="_compute_aftersales_supplier_recovery_count"
    )

    # ------------------------------------------------------------ computes

    @api.depends("aftersales_return_ids")
    def _compute_aftersales_return_count(self):
        for ticket in self:
            ticket.aftersales_return_count = len(ticket.aftersales_return_ids)

    @api.depends("aftersales_supplier_recovery_ids")
    def _compute_aftersales_supplier_recovery_count(self):
        counts = dict(
            self.env["aftersales.supplier.recovery"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.aftersales_supplier_recovery_count = counts.get(ticket._origin, 0)

    # ------------------------------------------------------------ actions

    def action_create_aftersales_return(self):
        """Create a draft authorization prefilled from the case and open it."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(self.env._(
                "Set the customer of the case before creating a return authorization."
            ))
        ra = self.env["aftersales.return"].create(self._prepare_aftersales_return_vals())
        return ra._action_view(ra, "aftersales_returns.action_aftersales_return")

    def action_view_aftersales_returns(self):
        self.ensure_one()
        action = self.env["aftersales.return"]._action_view(
            self.aftersales_return_ids, "aftersales_returns.action_aftersales_return"
        )
        # Lines are left out: defaults of a one2many would leak into every document created
        # from the form (credit notes have lines too).
        action["context"] = {
            f"default_{key}": value
            for key, value in self._prepare_aftersales_return_vals().items()
            if key != "line_ids"
        }
        return action

    def action_view_aftersales_supplier_recoveries(self):
        """The case's supplier recoveries; a new one is for this case."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_returns.action_aftersales_supplier_recovery"
        )
        recoveries = self.aftersales_supplier_recovery_ids
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        if len(recoveries) == 1:
            action.update(views=[(False, "form")], res_id=recoveries.id)
        elif not recoveries:
            action.update(views=[(False, "form")], view_mode="form")
        return action

    # ------------------------------------------------------------ business

    def _aftersales_merge_repoint(self, duplicates):
        """A merged duplicate's return authorizations belong to the kept case."""
        result = super()._aftersales_merge_repoint(duplicates)
        # sudo: a return of a duplicate may be confidential or another user's; the
        # merging user's right to change both cases was checked by the merge.
        returns = self.env["aftersales.return"].sudo().search([("ticket_id", "in", duplicates.ids)])
        if returns:
            returns.write({"ticket_id": self.id})
        return result

    def _prepare_aftersales_return_vals(self):
        """What the case knows about the return: customer, order and the product concerned.

        The order is the case's order link when it has one, else the confirmed order of the
        customer whose reference (or the customer's own reference) is the case's order
        reference. The product of the case, when delivered on that order and still returnable,
        becomes a line of one unit, with the reason of the case's category and the outcome the
        customer expects.
        """
        self.ensure_one()
        vals = {
            "ticket_id": self.id,
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "description": self.name,
        }
        order = self._aftersales_return_sale_order()
        if not order:
            return vals
        vals["sale_order_id"] = order.id
        outcome = CUSTOMER_OUTCOMES.get(self.customer_expectation)
        if outcome:
            vals["outcome"] = outcome
        elif self.customer_expectation == "redelivery":
            # goods missing from the parcel are sent again
            vals["return_type"] = "reship"
        sale_line = order._aftersales_returnable_lines().filtered(
            lambda line: line.product_id == self.product_id
        )[:1]
        returnable = sale_line and (
            sale_line._aftersales_return_quantities()[sale_line]["returnable"]
        )
        if sale_line and returnable > 0:
            line_vals = {"sale_line_id": sale_line.id, "quantity": min(1.0, returnable)}
            reason = self._aftersales_return_reason()
            if reason:
                line_vals["reason_id"] = reason.id
            if outcome:
                line_vals["outcome"] = outcome
            vals["line_ids"] = [Command.create(line_vals)]
        return vals

    @api.private
    def _aftersales_return_sale_order(self):
        """The confirmed order of the case's customer the case is about, or nothing."""
        self.ensure_one()
        orders = self.env["sale.order"]
        partner = self.partner_id.commercial_partner_id
        if not partner or not orders.has_access("read"):
            return orders
        domain = Domain([
            ("state", "=", "sale"),
            ("company_id", "=", self.company_id.id),
            ("partner_id.commercial_partner_id", "=", partner.id),
        ])
        # another addon may link the case to its order: that link wins over the reference
        linked = self["sale_order_id"] if "sale_order_id" in self._fields else orders
        if linked:
            return linked.filtered_domain(domain)
        ref = (self.order_ref or "").strip()
        if not ref:
            return orders
        pattern = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        for field in ("name", "client_order_ref"):
            found = orders.search(domain & Domain(field, "=ilike", pattern), limit=2)
            # an ambiguous customer reference is not guessed
            if len(found) == 1:
                return found
        return orders

    @api.private
    def _aftersales_return_reason(self):
        """The return reason mapped to the case's category or its closest parent."""
        self.ensure_one()
        category = self.category_id
        if not category:
            return self.env["aftersales.return.reason"]
        lineage = [int(part) for part in (category.parent_path or "").split("/") if part]
        reasons = self.env["aftersales.return.reason"].search([
            ("ticket_category_ids", "in", lineage),
            ("company_id", "in", [False, self.company_id.id]),
        ])
        for category_id in reversed(lineage):
            reason = reasons.filtered(lambda r, c=category_id: c in r.ticket_category_ids.ids)
            if reason:
                return reason[:1]
        return self.env["aftersales.return.reason"]
