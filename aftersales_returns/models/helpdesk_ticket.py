import re
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import html2plaintext

# What the customer expects of the case, as the outcome wanted on the return.
CUSTOMER_OUTCOMES = {"refund": "refund", "exchange": "exchange", "repair": "repair"}
# How many of the customer's latest orders a subject or a message is compared with.
ORDER_MATCH_LIMIT = 200
# How much of an email's text is read for an order number.
ORDER_MATCH_TEXT = 20000


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------ fields

    aftersales_return_ids = fields.One2many(
        "aftersales.return", "ticket_id", string="Return Authorizations"
    )
    aftersales_return_count = fields.Integer(compute="_compute_aftersales_return_count")
    # One fact, one field: the order the case is about is this link. The Order Reference
    # stays what the customer quoted (their reference, an order number in an email); it
    # fills the link when it names exactly one confirmed order of the case's customer, and
    # choosing the order writes its number into the reference.
    aftersales_sale_order_id = fields.Many2one(
        "sale.order",
        string="Sale Order",
        compute="_compute_aftersales_sale_order_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        copy=False,
        index="btree_not_null",
        domain="[('state', '=', 'sale'), ('company_id', '=', company_id), "
        "('partner_id', 'child_of', commercial_partner_id)]",
        help="The confirmed order of the customer the case is about: the order lookup reads "
        "its product, delivery date and tracking number, and Create Return its lines.",
    )
    aftersales_delivered_on = fields.Date(
        string="Delivered On",
        tracking=True,
        copy=False,
        help="When the goods reached the customer: the day they signed for the delivery when "
        "known, else the day it left the warehouse. Filled by the order lookup.",
    )
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

    @api.depends("aftersales_order_ref", "partner_id", "company_id")
    def _compute_aftersales_sale_order_id(self):
        found = self._aftersales_orders_of_references()
        for ticket in self:
            ticket.aftersales_sale_order_id = found.get(ticket, ticket.aftersales_sale_order_id)

    # ------------------------------------------------------------ constraints

    @api.constrains("aftersales_sale_order_id", "partner_id")
    def _check_aftersales_sale_order_id(self):
        # sudo: whoever records the case (a customer on the portal, the mail gateway) may not
        # read the order; only its customer, company and state are compared
        for ticket in self.sudo().filtered("aftersales_sale_order_id"):
            order = ticket.aftersales_sale_order_id
            customer = ticket.partner_id.commercial_partner_id
            if order.state != "sale" or order.partner_id.commercial_partner_id != customer:
                raise ValidationError(
                    self.env._(
                        "Case %(case)s: %(order)s is no confirmed order of the case's customer.",
                        case=ticket.display_name,
                        order=order.name,
                    )
                )

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._aftersales_order_ref_of_link(vals)
        tickets = super().create(vals_list)
        tickets.filtered(
            lambda ticket: not ticket.aftersales_sale_order_id and not ticket.aftersales_order_ref
        )._aftersales_match_order_in_text()
        return tickets

    def write(self, vals):
        vals = dict(vals)
        self._aftersales_order_ref_of_link(vals)
        return super().write(vals)

    # ------------------------------------------------------------ onchange

    @api.onchange("aftersales_sale_order_id")
    def _onchange_aftersales_sale_order_id(self):
        # the reference follows the order chosen, so that both name the same order
        if self.aftersales_sale_order_id:
            self.aftersales_order_ref = self.aftersales_sale_order_id.name

    # ------------------------------------------------------------ actions

    def action_create_aftersales_return(self):
        """Create a draft authorization prefilled from the case and open it."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(
                self.env._("Set the customer of the case before creating a return authorization.")
            )
        ra = self.env["aftersales.return"].create(self._prepare_aftersales_return_vals())
        return ra._action_view(ra, "aftersales_returns.action_aftersales_return")

    def action_aftersales_order_lookup(self):
        """Fill the product, the delivery date and the tracking number from the order."""
        for ticket in self:
            ticket._aftersales_ensure_can_lookup_order()
            vals = ticket._aftersales_order_lookup_vals()
            if vals:
                ticket.write(vals)
        return True

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

    def _aftersales_ensure_can_lookup_order(self):
        self.ensure_one()
        self.check_access("write")
        if not self.aftersales_sale_order_id:
            raise UserError(
                self.env._(
                    "Case %(case)s: choose the customer's order (or type its number in Order "
                    "Reference) before looking it up.",
                    case=self.display_name,
                )
            )

    @api.private
    def _aftersales_order_lookup_vals(self):
        """What the case's order says about the goods: its product when it sold just one,
        the day they were delivered and the carrier's tracking number."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        # sudo: agents have no sales or inventory rights; only the order of the case's own
        # customer is read (the constraint on the link holds it to that customer), and only
        # its products and its deliveries' dates and tracking numbers
        order = self.aftersales_sale_order_id.sudo()
        if not customer or order.partner_id.commercial_partner_id != customer:
            return {}
        vals = {}
        products = (
            order._aftersales_returnable_lines().product_id
            or order.order_line.filtered(
                lambda line: not line.display_type and line.product_id.type == "consu"
            ).product_id
        )
        if len(products) == 1:
            vals["aftersales_product_id"] = products.id
        deliveries = order.picking_ids.filtered(
            lambda picking: (
                picking.picking_type_code == "outgoing"
                and picking.state == "done"
                and picking.partner_id.commercial_partner_id == customer
            )
        ).sorted(lambda picking: picking.date_done or fields.Datetime.now())
        if deliveries:
            last = deliveries[-1]
            delivered = last.aftersales_date_signed or last.date_done
            if delivered:
                vals["aftersales_delivered_on"] = self._aftersales_local_date(
                    delivered, tz=self._aftersales_customer_tz()
                )
            if "carrier_tracking_ref" in last._fields:
                tracking = [ref for ref in deliveries.mapped("carrier_tracking_ref") if ref]
                if tracking:
                    vals["aftersales_tracking_ref"] = tracking[-1]
        return vals

    @api.model
    def _aftersales_order_ref_of_link(self, vals):
        """Creation or write values: an order chosen without a reference writes its number
        into the reference, so that the link and the reference name the same order."""
        order_id = vals.get("aftersales_sale_order_id")
        if isinstance(order_id, int) and order_id > 0 and "aftersales_order_ref" not in vals:
            # sudo: the number of an order is written by whoever may link it (the constraint
            # checks it is the case's customer's)
            vals["aftersales_order_ref"] = self.env["sale.order"].sudo().browse(order_id).name

    @api.private
    def _aftersales_customer_orders(self, customers, references=None):
        """Confirmed orders of ``customers`` (commercial partners), latest first; only those
        whose number or customer reference is in ``references`` (lower case) when given."""
        domain = Domain(
            [
                ("state", "=", "sale"),
                ("partner_id.commercial_partner_id", "in", customers.ids),
            ]
        )
        if references is not None:
            if not references:
                return self.env["sale.order"]
            # "%" and "_" are no wildcards in a reference
            patterns = [
                ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                for ref in references
            ]
            domain &= Domain.OR(
                Domain(field, "=ilike", pattern)
                for pattern in patterns
                for field in ("name", "client_order_ref")
            )
        # sudo: who records a case (a customer, the mail gateway, an agent) may not read
        # sales; the orders are the case's own customer's only
        return (
            self.env["sale.order"]
            .sudo()
            .search(
                domain,
                order="date_order desc, id desc",
                limit=None if references is not None else ORDER_MATCH_LIMIT,
            )
        )

    @api.private
    def _aftersales_orders_of_references(self):
        """{case: the order its reference names, or an empty order}, for the cases whose
        reference or customer make their link to an order stale; set-based."""
        result = {}
        pending = self.env["helpdesk.ticket"]
        for ticket in self:
            ref = (ticket.aftersales_order_ref or "").strip().lower()
            order = ticket.aftersales_sale_order_id
            customer = ticket.partner_id.commercial_partner_id
            # sudo: whoever records the case (a portal customer, the mail gateway, an agent
            # without sales rights) compares the order's number and customer, nothing more
            if order and ref and order.sudo().name.lower() == ref:
                # the link still names the reference: it stays unless the customer changed
                if order.sudo().partner_id.commercial_partner_id != customer:
                    result[ticket] = order.browse()
                continue
            if not ref or not customer:
                result[ticket] = order.browse()
                continue
            pending |= ticket
        if not pending:
            return result
        orders = self._aftersales_customer_orders(
            pending.partner_id.commercial_partner_id,
            {(ticket.aftersales_order_ref or "").strip().lower() for ticket in pending},
        )
        for ticket in pending:
            ref = ticket.aftersales_order_ref.strip().lower()
            mine = orders.filtered(
                lambda o, t=ticket: (
                    o.partner_id.commercial_partner_id == t.partner_id.commercial_partner_id
                    and o.company_id == t.company_id
                )
            )
            match = mine.browse()
            # the order's number first; an ambiguous customer reference is not guessed
            for field in ("name", "client_order_ref"):
                found = mine.filtered(lambda o, f=field, r=ref: (o[f] or "").lower() == r)
                if len(found) == 1:
                    match = found
                    break
            result[ticket] = match.with_env(self.env)
        return result

    @api.private
    def _aftersales_match_order_in_text(self):
        """Link the cases to the order of their customer whose number their subject or
        description quotes (an email, a case typed by an agent): only the customer's own
        orders are looked for, so another customer's number links nothing."""
        cases = self.filtered(lambda ticket: ticket.partner_id.commercial_partner_id)
        if not cases:
            return
        orders = self._aftersales_customer_orders(cases.partner_id.commercial_partner_id)
        # the orders by customer and company once, not one scan of all orders per case
        orders_of = defaultdict(list)
        for order in orders:
            orders_of[order.partner_id.commercial_partner_id.id, order.company_id.id].append(
                order.id
            )
        for ticket in cases:
            customer = ticket.partner_id.commercial_partner_id
            mine = orders.browse(orders_of.get((customer.id, ticket.company_id.id), []))
            if not mine:
                # most customers writing in have no order to quote: their text is not read
                continue
            text = "{}\n{}".format(ticket.name or "", html2plaintext(ticket.description or ""))[
                :ORDER_MATCH_TEXT
            ]
            # an order number stands between other characters than letters and digits (a
            # Chinese sentence has no spaces around it)
            pattern = re.compile(
                r"(?<![A-Za-z0-9])({})(?![A-Za-z0-9])".format(
                    "|".join(re.escape(name) for name in mine.mapped("name"))
                ),
                re.IGNORECASE,
            )
            quoted = {match.lower() for match in pattern.findall(text)}
            found = mine.filtered(lambda o, q=quoted: o.name.lower() in q)
            if len(found) == 1:
                ticket.write(
                    {
                        "aftersales_sale_order_id": found.id,
                        "aftersales_order_ref": found.name,
                    }
                )

    def _prepare_aftersales_return_vals(self):
        """What the case knows about the return: customer, order and the goods concerned.

        The order is the case's order link. The product of the case, when delivered on that
        order and still returnable, becomes a line of one unit; a case without a product
        brings every line of the order still returnable, with its returnable quantity. The
        lines take the reason of the case's category and the outcome the customer expects.
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
        outcome = CUSTOMER_OUTCOMES.get(self.aftersales_customer_expectation)
        if outcome:
            vals["outcome"] = outcome
        elif self.aftersales_customer_expectation == "redelivery":
            # goods missing from the parcel are sent again
            vals["return_type"] = "reship"
        commands = self._prepare_aftersales_return_line_commands(order, outcome)
        if commands:
            vals["line_ids"] = commands
        return vals

    @api.private
    def _prepare_aftersales_return_line_commands(self, order, outcome):
        """The lines of the case's order to return: the case's product only (one unit) when
        it has one, else every line still returnable with what is left of it."""
        self.ensure_one()
        sale_lines = order._aftersales_returnable_lines()
        if self.aftersales_product_id:
            sale_lines = sale_lines.filtered(
                lambda line: line.product_id == self.aftersales_product_id
            )[:1]
        if not sale_lines:
            return []
        quantities = sale_lines._aftersales_return_quantities()
        reason = self._aftersales_return_reason()
        commands = []
        for sale_line in sale_lines:
            returnable = quantities[sale_line]["returnable"]
            if returnable <= 0:
                continue
            line_vals = {
                "sale_line_id": sale_line.id,
                "quantity": min(1.0, returnable) if self.aftersales_product_id else returnable,
            }
            if reason:
                line_vals["reason_id"] = reason.id
            if outcome:
                line_vals["outcome"] = outcome
            commands.append(Command.create(line_vals))
        return commands

    @api.private
    def _aftersales_return_sale_order(self):
        """The confirmed order of the case's customer the case is about, or nothing."""
        self.ensure_one()
        orders = self.env["sale.order"]
        partner = self.partner_id.commercial_partner_id
        if not partner or not orders.has_access("read"):
            return orders
        return self.aftersales_sale_order_id.filtered_domain(
            [
                ("state", "=", "sale"),
                ("company_id", "=", self.company_id.id),
                ("partner_id.commercial_partner_id", "=", partner.id),
            ]
        )

    @api.private
    def _aftersales_return_reason(self):
        """The return reason mapped to the case's category or its closest parent."""
        self.ensure_one()
        category = self.category_id
        if not category:
            return self.env["aftersales.return.reason"]
        lineage = [int(part) for part in (category.parent_path or "").split("/") if part]
        reasons = self.env["aftersales.return.reason"].search(
            [
                ("ticket_category_ids", "in", lineage),
                ("company_id", "in", [False, self.company_id.id]),
            ]
        )
        for category_id in reversed(lineage):
            reason = reasons.filtered(lambda r, c=category_id: c in r.ticket_category_ids.ids)
            if reason:
                return reason[:1]
        return self.env["aftersales.return.reason"]
