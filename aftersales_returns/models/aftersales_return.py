import logging
from collections import defaultdict
from datetime import timedelta

from pytz import timezone, utc

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, float_is_zero, format_amount, format_datetime

from odoo.addons.aftersales_flow.cron_batch import aftersales_cron_batches
from odoo.addons.stock.models.stock_rule import ProcurementException

from .aftersales_return_rule import SHIPPING_PAYERS
from .stock_picking import SIGNED_SOURCES

_logger = logging.getLogger(__name__)

RETURN_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("received", "Received"),
    ("done", "Done"),
    ("rejected", "Rejected"),
    ("cancel", "Cancelled"),
]
# States in which an authorization still reserves quantities of the order.
OPEN_STATES = ("to_approve", "approved", "received")
RETURN_TYPES = [
    ("return", "Return Goods"),
    ("refund_only", "Refund Only"),
    ("reship", "Reship Missing Goods"),
    ("price_difference", "Price-Difference Refund"),
]
# Where the refund to the customer stands: the credit notes are posted and paid by accounting.
REFUND_STATES = [
    ("none", "No Refund"),
    ("to_issue", "To Issue"),
    ("draft", "Credit Note to Post"),
    ("to_pay", "To Pay"),
    ("paid", "Refunded"),
]
# A refund still owed to the customer: what the refund deadline watches.
REFUND_OWED = ("to_issue", "draft", "to_pay")


class AftersalesReturn(models.Model):
    _name = "aftersales.return"
    _description = "Return Authorization"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin", "aftersales.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # the state moves only through the buttons; approval, policy, rejection and inspection
    # fields are read-only, hence guarded by the mixin as well
    _aftersales_workflow_fields = ("state",)

    # ------------------------------------------------------------ fields

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        RETURN_STATES, default="draft", required=True, tracking=True, copy=False, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sale Order",
        tracking=True,
        index="btree_not_null",
        check_company=True,
        domain="[('state', '=', 'sale'), "
        "('partner_id.commercial_partner_id', '=', commercial_partner_id)]",
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Case",
        tracking=True,
        index="btree_not_null",
        check_company=True,
    )
    confidential = fields.Boolean(
        compute="_compute_confidential",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        help="Only the responsible, the case's assignee and team leader and the managers see "
        "a confidential return; it follows the confidential flag of its case.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    date_request = fields.Datetime(
        string="Requested On", default=fields.Datetime.now, required=True, copy=False
    )
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    return_type = fields.Selection(
        RETURN_TYPES,
        string="Type",
        default="return",
        tracking=True,
        help="Return Goods: the goods come back for a refund, an exchange or a repair. "
        "Refund Only: refunded without the goods coming back (a lost parcel, a cheap item). "
        "Reship Missing Goods: what was missing from the parcel is sent. Price-Difference "
        "Refund: part of the price is refunded, the goods stay with the customer.",
    )
    outcome = fields.Selection(
        [("refund", "Refund"), ("exchange", "Exchange"), ("repair", "Repair")],
        string="Wanted Outcome",
        default="refund",
        required=True,
        tracking=True,
        help="What the customer expects; each line may ask for something else.",
    )
    description = fields.Text(help="The customer's own words.")
    line_ids = fields.One2many("aftersales.return.line", "return_id", string="Lines", copy=True)
    policy_result_ids = fields.One2many(
        "aftersales.return.policy.result", "return_id", string="Policy Check", copy=False
    )
    policy_checked = fields.Boolean(copy=False, readonly=True)
    policy_passed = fields.Boolean(compute="_compute_policy_passed", store=True)
    shipping_payer = fields.Selection(
        SHIPPING_PAYERS,
        string="Return Shipping Paid By",
        readonly=True,
        copy=False,
        tracking=True,
        help="Set by the policy check: the shop for a quality return, the order's "
        "return-shipping insurance, or the customer for a return without a reason (unless "
        "the shop takes it on).",
    )
    override_reason = fields.Text(
        tracking=True,
        copy=False,
        help="Why a manager approved a return outside the policy.",
    )
    reject_reason = fields.Text(tracking=True, copy=False, readonly=True)
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id", store=True)
    amount_total = fields.Monetary(
        string="Value",
        compute="_compute_amount_total",
        store=True,
        help="Value of the returned goods at their sale price.",
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        compute="_compute_warehouse_id",
        store=True,
        readonly=False,
        check_company=True,
    )
    return_location_id = fields.Many2one(
        "stock.location",
        string="Returns Location",
        compute="_compute_return_location_id",
        store=True,
        readonly=False,
        check_company=True,
        domain="[('usage', '=', 'internal')]",
        help="Where the returned goods are received before their disposition.",
    )
    instructions = fields.Text(
        string="Return Instructions",
        compute="_compute_instructions",
        store=True,
        readonly=False,
    )
    # pickup
    pickup_requested = fields.Boolean(string="Pickup", tracking=True)
    pickup_carrier_id = fields.Many2one(
        "res.partner", string="Carrier", tracking=True, check_company=True
    )
    pickup_date = fields.Datetime(string="Pickup Date", tracking=True)
    pickup_address_id = fields.Many2one(
        "res.partner",
        string="Pickup Address",
        check_company=True,
        compute="_compute_pickup_address_id",
        store=True,
        readonly=False,
    )
    tracking_ref = fields.Char(string="Tracking Reference", tracking=True)
    # what the carriers charged the company, in its currency (counted in the cost of quality)
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    return_shipping_cost = fields.Monetary(
        string="Return Shipping Cost",
        currency_field="company_currency_id",
        copy=False,
        tracking=True,
        groups="aftersales_flow.group_aftersales_user",
        help="What the company paid to carry the goods back (pickup, prepaid label), in the "
        "company's currency; nothing when the customer paid it.",
    )
    redelivery_shipping_cost = fields.Monetary(
        string="Re-delivery Shipping Cost",
        currency_field="company_currency_id",
        copy=False,
        tracking=True,
        groups="aftersales_flow.group_aftersales_user",
        help="What the company paid to send the replacement or repaired goods to the "
        "customer, in the company's currency.",
    )
    delivery_carrier_id = fields.Many2one(
        "res.partner",
        string="Delivery Carrier",
        tracking=True,
        check_company=True,
        help="The carrier that delivered the order to the customer: a parcel it lost or "
        "damaged is claimed from it.",
    )
    # links
    picking_ids = fields.One2many(
        "stock.picking",
        "aftersales_return_id",
        string="Transfers",
        groups="stock.group_stock_user",
    )
    # counted as superuser: an agent without inventory or invoicing rights still sees that
    # the return has transfers and credit notes (the buttons then open what they may read)
    picking_count = fields.Integer(compute="_compute_counts", compute_sudo=True)
    credit_note_ids = fields.One2many(
        "account.move",
        "aftersales_return_id",
        string="Credit Notes",
        groups="account.group_account_invoice,account.group_account_readonly",
    )
    credit_note_count = fields.Integer(compute="_compute_counts", compute_sudo=True)
    scrap_ids = fields.One2many(
        "stock.scrap", "aftersales_return_id", string="Scraps", groups="stock.group_stock_user"
    )
    claim_ids = fields.One2many("aftersales.carrier.claim", "return_id", string="Carrier Claims")
    claim_count = fields.Integer(compute="_compute_counts", compute_sudo=True)
    qty_to_dispose = fields.Float(
        string="Awaiting Disposition",
        compute="_compute_qty_to_dispose",
        store=True,
        digits="Product Unit",
    )
    # the return-abuse signal: the customer's history over every return and order of the
    # company, computed as superuser (an agent sees only their teams' returns, the inspector
    # no order); only the figures are shown, to the after-sales users
    customer_return_rate = fields.Float(
        string="Customer Return Rate (%)",
        compute="_compute_abuse_signal",
        compute_sudo=True,
        digits=(16, 1),
        groups="aftersales_flow.group_aftersales_user",
        help="The share of the customer's confirmed orders with a return (submitted, not "
        "rejected or cancelled; this one included).",
    )
    customer_order_count = fields.Integer(
        string="Customer Orders",
        compute="_compute_abuse_signal",
        compute_sudo=True,
        groups="aftersales_flow.group_aftersales_user",
    )
    customer_refund_only_count = fields.Integer(
        string="Customer Refunds Only",
        compute="_compute_abuse_signal",
        compute_sudo=True,
        groups="aftersales_flow.group_aftersales_user",
        help="The customer's refund-only requests, this one included.",
    )
    customer_serial_mismatch_count = fields.Integer(
        string="Customer Serial Mismatches",
        compute="_compute_abuse_signal",
        compute_sudo=True,
        groups="aftersales_flow.group_aftersales_user",
        help="Units the customer sent back whose serial or lot was not the one sold, scanned "
        "at the receipt of their returns.",
    )
    abuse_risk = fields.Boolean(
        string="High Return Risk",
        compute="_compute_abuse_signal",
        compute_sudo=True,
        groups="aftersales_flow.group_aftersales_user",
        help="The customer reaches a threshold of the return-abuse signal (Settings): the "
        "request goes to a manager.",
    )
    serial_mismatch_lots = fields.Text(
        string="Serials Not Sold",
        readonly=True,
        copy=False,
        help="Serial or lot numbers scanned at the receipt that were not the ones sold and "
        "authorized, one per line.",
    )
    # the shop's own deadlines (Settings): handle a request, confirm the receipt
    date_submitted = fields.Datetime(string="Submitted On", readonly=True, copy=False)
    handle_deadline = fields.Datetime(
        string="Handle By",
        compute="_compute_merchant_deadlines",
        store=True,
        help="The request waits for a manager: the shop handles it by then (Settings: "
        "Handle Requests Within), else it is approved automatically or escalated.",
    )
    receipt_deadline = fields.Datetime(
        string="Confirm Receipt By",
        compute="_compute_merchant_deadlines",
        store=True,
        help="The goods are on their way back: the shop confirms their receipt by then "
        "(Settings: Confirm Receipt Within), else it is escalated.",
    )
    date_handle_missed = fields.Datetime(
        string="Handling Deadline Missed On",
        readonly=True,
        copy=False,
    )
    date_receipt_missed = fields.Datetime(
        string="Receipt Deadline Missed On",
        readonly=True,
        copy=False,
    )
    # the refund: its credit notes are posted and paid by accounting; the return shows where
    # it stands (computed as superuser: agents and managers have no accounting rights)
    refund_state = fields.Selection(
        REFUND_STATES,
        string="Refund",
        compute="_compute_refund_state",
        store=True,
        compute_sudo=True,
        index=True,
        help="Where the refund to the customer stands: to issue (not disposed of yet), a "
        "credit note for accounting to post, posted and to pay, or refunded (paid, or marked "
        "paid to the original payment method).",
    )
    refund_deadline = fields.Datetime(
        string="Refund Due By",
        compute="_compute_refund_deadline",
        store=True,
        compute_sudo=True,
        help="The law's refund period (the statutory rule's Refund Within, in calendar or "
        "working days) from the receipt of the returned goods, or from the approval when no "
        "goods come back. Past it, the refund still owed is escalated to a manager once.",
    )
    date_refund_escalated = fields.Datetime(
        string="Refund Escalated On",
        readonly=True,
        copy=False,
        help="When the refund, still owed past its deadline, was escalated to a manager.",
    )
    date_received = fields.Datetime(
        string="Goods Received On",
        readonly=True,
        copy=False,
        help="When the goods authorized came back (the last parcel), or the receipt was "
        "closed with the rest missing: the refund period counts from it.",
    )
    # receipt by scanning
    date_inspected = fields.Datetime(string="Inspected On", readonly=True, copy=False)
    inspected_by_id = fields.Many2one("res.users", string="Inspected By", readonly=True, copy=False)
    receipt_discrepancy = fields.Boolean(
        string="Receipt Discrepancy",
        readonly=True,
        copy=False,
        tracking=True,
        help="The goods received differ from the authorization: missing, extra or damaged.",
    )
    receipt_discrepancy_note = fields.Text(readonly=True, copy=False)
    # buttons
    can_check_policy = fields.Boolean(compute="_compute_can")
    can_submit = fields.Boolean(compute="_compute_can")
    can_approve = fields.Boolean(compute="_compute_can")
    can_reject = fields.Boolean(compute="_compute_can")
    can_dispose = fields.Boolean(compute="_compute_can")
    can_cancel = fields.Boolean(compute="_compute_can")
    can_reset = fields.Boolean(compute="_compute_can")
    can_close_receipt = fields.Boolean(compute="_compute_can")

    # ------------------------------------------------------------ constraints

    _shipping_costs_positive = models.Constraint(
        "CHECK (COALESCE(return_shipping_cost, 0) >= 0"
        " AND COALESCE(redelivery_shipping_cost, 0) >= 0)",
        "Shipping costs cannot be negative.",
    )
    _name_company_unique = models.Constraint(
        "UNIQUE (name, company_id)", "The reference of a return authorization must be unique."
    )

    # ------------------------------------------------------------ constrains

    @api.constrains("sale_order_id", "partner_id")
    def _check_sale_order(self):
        for ra in self.filtered("sale_order_id"):
            order_partner = ra.sale_order_id.partner_id.commercial_partner_id
            if order_partner != ra.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "%(order)s was sold to %(buyer)s, not to %(customer)s.",
                        order=ra.sale_order_id.name,
                        buyer=order_partner.display_name,
                        customer=ra.partner_id.display_name,
                    )
                )
            ra.line_ids._check_order()

    # ------------------------------------------------------------ computes

    @api.depends("policy_result_ids.passed", "policy_result_ids.scope", "policy_checked")
    def _compute_policy_passed(self):
        for ra in self:
            # the auto-approval amount only says who approves: it is no rule of the policy
            results = ra.policy_result_ids
            granted = ra._policy_granted_lines()
            ra.policy_passed = (
                ra.policy_checked
                and all(result.passed for result in results if result.scope == "check")
                and all(line.id in granted for line in results.line_id)
            )

    @api.depends("ticket_id.aftersales_confidential")
    def _compute_confidential(self):
        for ra in self:
            ra.confidential = ra.ticket_id.aftersales_confidential

    @api.depends("sale_order_id.currency_id", "company_id.currency_id")
    def _compute_currency_id(self):
        for ra in self:
            ra.currency_id = ra.sale_order_id.currency_id or ra.company_id.currency_id

    @api.depends("line_ids.price_subtotal")
    def _compute_amount_total(self):
        for ra in self:
            ra.amount_total = sum(ra.line_ids.mapped("price_subtotal"))

    @api.depends("sale_order_id.warehouse_id", "company_id")
    def _compute_warehouse_id(self):
        for ra in self:
            ra.warehouse_id = ra.sale_order_id.warehouse_id or self.env["stock.warehouse"].search(
                [("company_id", "=", ra.company_id.id)], limit=1
            )

    @api.depends("warehouse_id")
    def _compute_return_location_id(self):
        for ra in self:
            ra.return_location_id = ra.warehouse_id.aftersales_return_location_id

    @api.depends("company_id")
    def _compute_instructions(self):
        for ra in self:
            ra.instructions = ra.company_id.aftersales_return_instructions

    @api.depends("partner_id", "sale_order_id.partner_shipping_id", "pickup_requested")
    def _compute_pickup_address_id(self):
        for ra in self:
            if ra.pickup_requested:
                ra.pickup_address_id = ra.sale_order_id.partner_shipping_id or ra.partner_id
            else:
                ra.pickup_address_id = False

    @api.depends("picking_ids", "credit_note_ids", "claim_ids")
    def _compute_counts(self):
        # compute_sudo: see the fields
        for ra in self:
            ra.picking_count = len(ra.picking_ids)
            ra.credit_note_count = len(ra.credit_note_ids)
            ra.claim_count = len(ra.claim_ids)

    @api.depends("line_ids.qty_to_dispose")
    def _compute_qty_to_dispose(self):
        for ra in self:
            ra.qty_to_dispose = sum(ra.line_ids.mapped("qty_to_dispose"))

    @api.depends(
        "state",
        "return_type",
        "date_submitted",
        "date_approved",
        "company_id.aftersales_return_handle_hours",
        "company_id.aftersales_return_receipt_days",
    )
    def _compute_merchant_deadlines(self):
        for ra in self:
            company = ra.company_id
            hours = company.aftersales_return_handle_hours
            ra.handle_deadline = (
                ra.date_submitted + timedelta(hours=hours)
                if (ra.state == "to_approve" and ra.date_submitted and hours)
                else False
            )
            days = company.aftersales_return_receipt_days
            ra.receipt_deadline = (
                ra.date_approved + timedelta(days=days)
                if (
                    ra.state == "approved"
                    and (ra.return_type or "return") == "return"
                    and ra.date_approved
                    and days
                )
                else False
            )

    @api.depends(
        "commercial_partner_id", "state", "return_type", "sale_order_id", "serial_mismatch_lots"
    )
    def _compute_abuse_signal(self):
        # compute_sudo: see the fields
        signals = self._abuse_signals()
        for ra in self:
            signal = signals[ra.id]
            ra.customer_order_count = signal["orders"]
            ra.customer_return_rate = signal["rate"]
            ra.customer_refund_only_count = signal["refund_only"]
            ra.customer_serial_mismatch_count = signal["mismatches"]
            ra.abuse_risk = bool(signal["reasons"])

    @api.private
    def _abuse_signals(self):
        """{return id: {orders, rate, refund_only, mismatches, reasons}} of the customers of
        these returns over all their orders and returns of the company (this return included
        even as a draft: the figures are what submitting it would make them)."""
        partners = self.commercial_partner_id
        if not partners:
            return {
                ra.id: {"orders": 0, "rate": 0.0, "refund_only": 0, "mismatches": 0, "reasons": []}
                for ra in self
            }
        # read as superuser: the history spans teams and documents the viewer may not read
        orders = (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [("partner_id", "child_of", partners.ids), ("state", "=", "sale")],
                ["partner_id", "company_id"],
                ["__count"],
            )
        )
        order_count = defaultdict(int)
        for partner, company, count in orders:
            order_count[partner.commercial_partner_id, company] += count
        others = self.sudo().search_fetch(
            [
                ("commercial_partner_id", "in", partners.ids),
                ("state", "not in", ("draft", "cancel", "rejected")),
                ("id", "not in", self.ids),
            ],
            [
                "commercial_partner_id",
                "company_id",
                "sale_order_id",
                "return_type",
                "serial_mismatch_lots",
            ],
        )
        result = {}
        for ra in self:
            key = (ra.commercial_partner_id, ra.company_id)
            history = others.filtered(
                lambda other, key=key: (other.commercial_partner_id, other.company_id) == key
            )
            if ra.state not in ("cancel", "rejected"):
                history |= ra
            returned_orders = history.sale_order_id
            orders_count = order_count[key]
            rate = 100.0 * len(returned_orders) / orders_count if orders_count else 0.0
            refund_only = len(history.filtered(lambda r: r.return_type == "refund_only"))
            mismatches = sum(len((r.serial_mismatch_lots or "").split()) for r in history)
            company = ra.company_id
            reasons = []
            if (
                company.aftersales_abuse_return_rate
                and orders_count >= max(company.aftersales_abuse_min_orders, 1)
                and rate >= company.aftersales_abuse_return_rate
            ):
                reasons.append(
                    self.env._(
                        "returns on %(rate)s%% of %(orders)s orders",
                        rate=round(rate, 1),
                        orders=orders_count,
                    )
                )
            if company.aftersales_abuse_refund_only_count and (
                refund_only >= company.aftersales_abuse_refund_only_count
            ):
                reasons.append(self.env._("%(count)s refund-only requests", count=refund_only))
            if company.aftersales_abuse_serial_mismatch_count and (
                mismatches >= company.aftersales_abuse_serial_mismatch_count
            ):
                reasons.append(
                    self.env._("%(count)s units sent back with a serial not sold", count=mismatches)
                )
            result[ra.id] = {
                "orders": orders_count,
                "rate": rate,
                "refund_only": refund_only,
                "mismatches": mismatches,
                "reasons": reasons,
            }
        return result

    @api.private
    def _record_serial_mismatch(self, lot_name):
        """The inspector scanned a unit whose serial/lot was not sold and authorized: kept
        on the return (once per serial) for the customer's return-abuse signal."""
        self.ensure_one()
        known = (self.serial_mismatch_lots or "").split()
        if not lot_name or lot_name in known or len(known) >= 100:
            return
        # as superuser: the inspector scanning the parcel records a fact of the receipt on a
        # return whose other fields they may not write
        ra_sudo = self.sudo()
        ra_sudo._aftersales_workflow().serial_mismatch_lots = "\n".join([*known, lot_name])
        ra_sudo.message_post(
            body=self.env._(
                "Serial/lot %(lot)s scanned at the receipt was not sold on this return.",
                lot=lot_name,
            ),
            subtype_xmlid="mail.mt_note",
        )

    @api.depends(
        "line_ids.to_refund",
        "line_ids.qty_to_refund",
        "credit_note_ids.state",
        "credit_note_ids.payment_state",
    )
    def _compute_refund_state(self):
        # compute_sudo: see the field
        paid = ("paid", "in_payment", "reversed")
        for ra in self:
            notes = ra.credit_note_ids.filtered(lambda move: move.state != "cancel")
            if any(move.state == "draft" for move in notes):
                ra.refund_state = "draft"
            elif any(move.payment_state not in paid for move in notes):
                ra.refund_state = "to_pay"
            elif any(line.to_refund and line.qty_to_refund > 0 for line in ra.line_ids):
                ra.refund_state = "to_issue"
            else:
                ra.refund_state = "paid" if notes else "none"

    @api.depends(
        "refund_state",
        "return_type",
        "date_received",
        "date_approved",
        "policy_result_ids.statutory_rule_id.refund_days",
        "policy_result_ids.statutory_rule_id.refund_day_type",
        "policy_result_ids.passed",
        "company_id.resource_calendar_id",
    )
    def _compute_refund_deadline(self):
        # compute_sudo: see the field; the rules and the calendar are configuration
        for ra in self:
            ra.refund_deadline = ra._refund_deadline()

    def _refund_deadline(self):
        """The earliest refund deadline of the statutory rules granting the lines, counted
        from the receipt of the goods (the approval when none come back); none when nothing
        is refunded or no rule grants the return."""
        self.ensure_one()
        if self.refund_state == "none":
            return False
        goods_back = (self.return_type or "return") == "return"
        start = self.date_received if goods_back else self.date_approved
        rules = self.policy_result_ids.filtered(
            lambda result: result.passed and result.statutory_rule_id
        ).statutory_rule_id
        if not rules and not goods_back:
            # a refund without goods back (lost parcel, price difference) is paid as
            # promptly as a no-reason return's
            rules = (
                self.env["aftersales.return.rule"]
                ._for_company(self.company_id)
                .get("no_reason", rules)
            )
        if not start or not rules:
            return False
        calendar = self.company_id.resource_calendar_id
        deadlines = []
        for rule in rules:
            if rule.refund_day_type == "working" and calendar and rule.refund_days:
                # the working days from the day after the receipt, in the calendar's time
                # zone, public holidays excluded; the deadline is the end of the last one
                local = utc.localize(start).astimezone(timezone(calendar.tz or "UTC"))
                next_day = (local + timedelta(days=1)).replace(
                    hour=0, minute=0, second=0, microsecond=0
                )
                end = calendar.plan_days(rule.refund_days, next_day, compute_leaves=True)
                if end:
                    deadlines.append(end.astimezone(utc).replace(tzinfo=None))
            else:
                deadlines.append(start + timedelta(days=rule.refund_days))
        return min(deadlines) if deadlines else False

    @api.depends(
        "state",
        "line_ids",
        "line_ids.qty_to_dispose",
        "line_ids.disposition",
        "line_ids.qty_to_refund",
        "line_ids.qty_received",
        "credit_note_ids.state",
    )
    @api.depends_context("uid")
    def _compute_can(self):
        is_manager = self.env.user.has_group("aftersales_flow.group_aftersales_manager")
        issued = self._issued_credit_note_return_ids()
        for ra in self:
            ra.can_check_policy = ra.state in ("draft", "to_approve") and bool(ra.line_ids)
            ra.can_submit = ra.state == "draft" and bool(ra.line_ids)
            ra.can_approve = ra.state == "to_approve" and is_manager
            ra.can_reject = ra.state == "to_approve" and is_manager
            ra.can_dispose = ra.state in ("approved", "received") and any(
                (line.disposition and line.qty_to_dispose > 0) or line.qty_to_refund > 0
                for line in ra.line_ids
            )
            ra.can_cancel = ra.state in ("draft", "to_approve", "approved") and (
                ra.id not in issued
            )
            ra.can_reset = ra.state in ("rejected", "cancel")
            ra.can_close_receipt = (
                ra.state == "approved"
                and any(line.qty_received for line in ra.line_ids)
                and not all(line._fully_received() for line in ra.line_ids)
            )

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for ra in self:
            ra.access_url = f"/my/returns/{ra.id}"
        return res

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("aftersales.return")
                    or "/"
                )
        if not self._aftersales_workflow_open() and any(
            vals.get("override_reason") for vals in vals_list
        ):
            self._ensure_can_override()
        records = super().create(vals_list)
        for ra in records:
            ra.message_subscribe(partner_ids=ra.partner_id.ids)
        return records

    def write(self, vals):
        if not self._aftersales_workflow_open():
            if "override_reason" in vals and not self._aftersales_is_unchanged(
                "override_reason", vals["override_reason"]
            ):
                self._ensure_can_override()
            locked = [
                name
                for name in ("partner_id", "sale_order_id", "company_id", "return_type")
                if name in vals and not self._aftersales_is_unchanged(name, vals[name])
            ]
            if locked and any(ra.state != "draft" for ra in self):
                raise UserError(
                    self.env._(
                        "%(fields)s of a return authorization change only while it is a draft: "
                        "its approval is about them.",
                        fields=", ".join(
                            f"“{self._fields[name]._description_string(self.env)}”"
                            for name in locked
                        ),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(ra.state not in ("draft", "cancel") for ra in self):
            raise UserError(
                self.env._(
                    "Only draft or cancelled return authorizations can "
                    "be deleted; cancel it instead."
                )
            )

    # ------------------------------------------------------------ actions

    def action_check_policy(self):
        for ra in self:
            ra._ensure_can_check_policy()
            ra._run_policy_check()
        return True

    def action_submit(self):
        """Check the policy; approve inside it and under the amount, else ask a manager."""
        for ra in self:
            ra._ensure_can_submit()
            ra._run_policy_check()
            blocking = ra.policy_result_ids.filtered(
                lambda r: r.rule == "quantity" and not r.passed
            )
            if blocking:
                raise UserError("\n".join(blocking.mapped("message")))
            ra._aftersales_workflow().date_submitted = fields.Datetime.now()
            under_amount = all(
                result.passed for result in ra.policy_result_ids if result.scope == "approval"
            )
            if ra.policy_passed and under_amount:
                ra._approve(by_policy=True)
            else:
                ra._aftersales_workflow().state = "to_approve"
                ra._notify_managers()
        return True

    def action_approve(self):
        for ra in self:
            ra._ensure_can_approve()
            ra._approve()
        return True

    def action_reject(self):
        """Open the wizard asking the reason of the rejection."""
        self.ensure_one()
        self._ensure_can_reject()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject Return"),
            "res_model": "aftersales.return.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_return_id": self.id},
        }

    def action_dispose(self):
        for ra in self:
            ra._ensure_can_dispose()
            ra._dispose()
        return True

    def action_cancel(self):
        for ra in self:
            ra._ensure_can_cancel()
        # the waiting receipts are cancelled on behalf of an agent without inventory rights,
        # as the approval created them on their behalf
        pickings = self.sudo().picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        pickings.action_cancel()
        self._aftersales_workflow().write({"state": "cancel"})
        return True

    def action_close_receipt(self):
        """Close the receipt: nothing more will come, what is missing is recorded."""
        for ra in self:
            ra._close_receipt()
        return True

    def action_reset_to_draft(self):
        for ra in self:
            if not ra.can_reset:
                raise UserError(
                    self.env._("Only rejected or cancelled return authorizations go back to draft.")
                )
        self._aftersales_workflow().write(
            {
                "state": "draft",
                "policy_checked": False,
                "reject_reason": False,
                "date_submitted": False,
                "date_handle_missed": False,
                "date_receipt_missed": False,
                "shipping_payer": False,
            }
        )
        self._clear_policy_results()
        return True

    def action_create_from_order(self):
        """Open the wizard choosing a confirmed order and what to return of it.

        The way an agent without the Sales app returns goods of an order (a button of the
        list of returns, called on no record).
        """
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return from a Sale Order"),
            "res_model": "aftersales.return.create.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_record_signed_receipt(self):
        """Open the wizard recording when the customer signed for the goods."""
        self.ensure_one()
        self._ensure_can_record_signed_receipt()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record a Signed Receipt"),
            "res_model": "aftersales.signed.receipt",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_return_id": self.id},
        }

    def action_print(self):
        return self.env.ref("aftersales_returns.action_report_aftersales_return").report_action(
            self
        )

    def action_view_pickings(self):
        self.ensure_one()
        return self._action_view(
            self._linked_documents("stock.picking"), "stock.action_picking_tree_all"
        )

    def action_view_credit_notes(self):
        self.ensure_one()
        return self._action_view(
            self._linked_documents("account.move"), "account.action_move_out_refund_type"
        )

    def action_view_claims(self):
        self.ensure_one()
        action = self._action_view(
            self.claim_ids, "aftersales_returns.action_aftersales_carrier_claim"
        )
        action["context"] = {
            "default_return_id": self.id,
            "default_ticket_id": self.ticket_id.id,
            "default_carrier_id": self.pickup_carrier_id.id,
        }
        return action

    def action_view_sale_order(self):
        self.ensure_one()
        return self._action_view(self.sale_order_id, "sale.action_orders")

    def action_view_ticket(self):
        self.ensure_one()
        return self._action_view(self.ticket_id, "helpdesk_mgmt.helpdesk_ticket_action")

    # ------------------------------------------------------------ guards

    def _ensure_can_check_policy(self):
        if not self.can_check_policy:
            raise UserError(
                self.env._(
                    "%(ra)s: the policy is checked on a draft or pending authorization with lines.",
                    ra=self.name,
                )
            )

    def _ensure_can_submit(self):
        if not self.can_submit:
            raise UserError(
                self.env._(
                    "%(ra)s: only a draft authorization with at least one line can be submitted.",
                    ra=self.name,
                )
            )

    def _ensure_can_approve(self):
        if self.state != "to_approve":
            raise UserError(
                self.env._(
                    "%(ra)s is %(state)s: only an authorization "
                    "waiting for approval can be approved.",
                    ra=self.name,
                    state=self._state_label(),
                )
            )
        if not self.can_approve:
            raise UserError(self.env._("Only an after-sales manager approves returns."))
        if not self.policy_passed and not self.override_reason:
            raise UserError(
                self.env._(
                    "%(ra)s is outside the return policy: write the override reason before "
                    "approving it.",
                    ra=self.name,
                )
            )

    def _ensure_can_reject(self):
        if self.state != "to_approve":
            raise UserError(
                self.env._(
                    "%(ra)s is %(state)s: only an authorization "
                    "waiting for approval can be rejected.",
                    ra=self.name,
                    state=self._state_label(),
                )
            )
        if not self.can_reject:
            raise UserError(self.env._("Only an after-sales manager rejects returns."))

    def _ensure_can_override(self):
        if not self.env.user.has_group("aftersales_flow.group_aftersales_manager"):
            raise UserError(
                self.env._(
                    "Only an after-sales manager writes the reason to approve a return outside "
                    "the policy."
                )
            )

    def _ensure_can_record_signed_receipt(self):
        self.check_access("write")
        if self.state not in ("draft", "to_approve", "approved") or not self.sale_order_id:
            raise UserError(
                self.env._(
                    "%(ra)s: the signed receipt is recorded on an open return of a sale order.",
                    ra=self.name,
                )
            )
        if not self._aftersales_deliveries():
            raise UserError(self.env._("%(ra)s: nothing of it was delivered yet.", ra=self.name))

    def _ensure_can_dispose(self):
        self.line_ids._ensure_coherent_refund()
        if not self.can_dispose:
            raise UserError(
                self.env._(
                    "%(ra)s: nothing received is waiting for a disposition. Receive the goods and "
                    "choose a disposition on each line first.",
                    ra=self.name,
                )
            )

    def _ensure_can_cancel(self):
        if self.id in self._issued_credit_note_return_ids():
            raise UserError(
                self.env._(
                    "%(ra)s cannot be cancelled: a credit note was "
                    "issued for it. Cancel the credit "
                    "note first.",
                    ra=self.name,
                )
            )
        if not self.can_cancel:
            raise UserError(
                self.env._(
                    "%(ra)s is %(state)s and can no longer be cancelled.",
                    ra=self.name,
                    state=self._state_label(),
                )
            )

    # ------------------------------------------------------------ business: policy

    def _issued_credit_note_return_ids(self):
        """Ids of these returns that have a credit note not cancelled.

        Read as superuser: an agent without invoicing rights may not read credit notes, yet
        a return refunded by one can no longer be cancelled.
        """
        moves = (
            self.env["account.move"]
            .sudo()
            .search_fetch(
                [
                    ("aftersales_return_id", "in", self.ids),
                    ("state", "!=", "cancel"),
                ],
                ["aftersales_return_id"],
            )
        )
        return set(moves.aftersales_return_id.ids)

    @api.private
    def _policy_granted_lines(self):
        """Ids of the lines of these returns that the law grants (its results all pass), or
        else the shop's own policy (all of its results pass)."""
        granted = set()
        for ra in self:
            by_line = defaultdict(list)
            for result in ra.policy_result_ids:
                if result.line_id:
                    by_line[result.line_id.id].append(result)
            for line_id, results in by_line.items():
                law = [result.passed for result in results if result.scope == "law"]
                shop = [result.passed for result in results if result.scope == "shop"]
                if (law and all(law)) or all(shop):
                    granted.add(line_id)
        return granted

    def _aftersales_tz(self):
        """The time zone the customer counts days in: theirs, else the company's."""
        self.ensure_one()
        return self.partner_id.tz or self.company_id.partner_id.tz or self.env.user.tz or "UTC"

    @api.private
    def _aftersales_local_date(self, moment):
        """The day of the naive UTC datetime ``moment`` in the customer's time zone."""
        self.ensure_one()
        return fields.Datetime.context_timestamp(
            self.with_context(tz=self._aftersales_tz()), moment
        ).date()

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    @api.private
    def _run_policy_check(self):
        """Evaluate every rule of the return policy and store one result per rule and line."""
        self.ensure_one()
        self._clear_policy_results()
        results = []
        for line in self.line_ids:
            results += line._policy_results()
        passed_lines = all(r["passed"] for r in results)
        limit = self.company_id.aftersales_return_auto_approve_amount
        under = (
            float_compare(self.amount_total, limit, precision_rounding=self.currency_id.rounding)
            <= 0
        )
        amount = self.currency_id.format(self.amount_total)
        limit_text = self.currency_id.format(limit)
        results.append(
            {
                "rule": "approval_amount",
                "passed": under,
                "message": self.env._(
                    "Value %(amount)s within the auto-approval amount of %(limit)s.",
                    amount=amount,
                    limit=limit_text,
                )
                if under
                else self.env._(
                    "Value %(amount)s above the auto-approval amount of %(limit)s: a manager "
                    "approves it.",
                    amount=amount,
                    limit=limit_text,
                ),
            }
        )
        signal = self._abuse_signals()[self.id]
        if signal["reasons"]:
            results.append(
                {
                    "rule": "abuse_risk",
                    "passed": False,
                    "message": self.env._(
                        "High return risk: %(reasons)s. A manager approves it.",
                        reasons=", ".join(signal["reasons"]),
                    ),
                }
            )
        # The results are the evidence a manager approves on: users only read them, the
        # check alone writes them.
        payers = {vals.pop("payer") for vals in results if "payer" in vals}
        self.env["aftersales.return.policy.result"].sudo().create(
            [dict(vals, return_id=self.id) for vals in results]
        )
        self._aftersales_workflow().write(
            {
                "policy_checked": True,
                "shipping_payer": self._shipping_payer_of(payers),
            }
        )
        return passed_lines and under and not signal["reasons"]

    @api.model
    def _shipping_payer_of(self, payers):
        """Who pays the return shipping of the parcel: the shop when it pays for one line
        (a quality return), else the insurance, else the customer."""
        for payer in ("seller", "insurance", "buyer"):
            if payer in payers:
                return payer
        return False

    @api.private
    def _clear_policy_results(self):
        # Users only read policy results (see _run_policy_check): clearing them is the
        # check's own business.
        self.policy_result_ids.sudo().unlink()

    # ------------------------------------------------------------ business: signed receipt

    @api.private
    def _aftersales_deliveries(self):
        """The done deliveries that sent the goods of this return (as superuser, see
        ``sale.order.line._aftersales_delivered_moves``)."""
        return self.line_ids.sale_line_id._aftersales_delivered_moves().picking_id

    @api.private
    def _record_signed_receipt(self, signed_at, source):
        """Record when the customer signed for the deliveries of this return."""
        self.ensure_one()
        self._ensure_can_record_signed_receipt()
        if source not in dict(SIGNED_SOURCES):
            raise UserError(self.env._("Unknown origin of a signed receipt."))
        deliveries = self._aftersales_deliveries()
        # sudo: the agent records a fact the customer or the carrier gives them, on the
        # warehouse's deliveries they may not write: only the signed receipt, only of the
        # deliveries of this return (the deliveries' own constraints check the date)
        deliveries.sudo().write(
            {"aftersales_date_signed": signed_at, "aftersales_signed_source": source}
        )
        self.message_post(
            body=self.env._(
                "Signed for on %(date)s (%(origin)s): %(deliveries)s.",
                date=format_datetime(self.env, signed_at, tz=self.env.user.tz),
                origin=dict(
                    self.env["stock.picking"]
                    ._fields["aftersales_signed_source"]
                    ._description_selection(self.env)
                )[source],
                deliveries=", ".join(deliveries.mapped("name")),
            )
        )
        if self.policy_checked and self.state in ("draft", "to_approve"):
            # the periods of the law count from it: the evidence is checked again
            self._run_policy_check()
        return True

    # ------------------------------------------------------------ business: approval

    def _approve(self, by_policy=False, note=None):
        """Approve the return: by the manager deciding, or by the policy itself (then nobody
        is recorded as its approver: whoever submitted it did not decide)."""
        self.ensure_one()
        self._aftersales_workflow().write(
            {
                "state": "approved",
                "date_approved": fields.Datetime.now(),
                "approved_by_id": False if by_policy else self.env.user.id,
            }
        )
        if note:
            self.message_post(body=note)
        elif by_policy:
            self.message_post(
                body=self.env._(
                    "Within the return policy and the auto-approval amount: approved without a "
                    "manager."
                )
            )
        if (self.return_type or "return") == "return":
            # The agent authorizes the return; the receipt is a warehouse document they may
            # have no right to create: the return process creates it on their behalf.
            self.sudo().with_company(self.company_id)._create_return_pickings()
        self._notify_customer("aftersales_returns.mail_template_return_approved")

    @api.private
    def _reject(self, reason):
        self.ensure_one()
        self._ensure_can_reject()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the rejection: the customer is told."))
        self._aftersales_workflow().write({"state": "rejected", "reject_reason": reason})
        self._notify_customer("aftersales_returns.mail_template_return_rejected")

    def _notify_customer(self, template_xmlid):
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if template:
            # rendered as superuser (still in the user's name): the mail speaks of credit
            # notes and transfers an agent without invoicing or inventory rights cannot read
            self.sudo().message_post_with_source(template, subtype_xmlid="mail.mt_comment")

    def _notify_managers(self):
        """Ask the after-sales manager who approves this return to decide, with a to-do.

        The team leader of the case first, then the company's approver, then another
        manager (see ``res.users._aftersales_approvers``); never whoever asked.
        """
        self.ensure_one()
        manager = self.env["res.users"]._aftersales_approvers(
            # the case may be of a team the asking user does not see: only its team is read
            self.company_id,
            team=self.sudo().ticket_id.team_id,
            exclude=self.env.user,
        )[:1]
        if manager:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                summary=self.env._("Approve or reject return %(ra)s", ra=self.name),
            )

    # ------------------------------------------------------------ business: logistics

    def _create_return_pickings(self):
        """Return the delivered goods with stock's own return wizard, into the returns location.

        Each line's quantity is taken from the delivery moves of its order line (oldest first,
        minus what they already sent back), so the return moves point at their origin move and
        the order's delivered quantity goes down when the receipt is validated.
        """
        self.ensure_one()
        if not self.return_location_id:
            raise UserError(
                self.env._(
                    "Set the returns location of %(ra)s (or of its warehouse) before approving it.",
                    ra=self.name,
                )
            )
        # {delivery move: [(authorization line, quantity)]}
        allocations = defaultdict(list)
        taken = defaultdict(float)
        # lines of a lot or serial first, from the deliveries that sent it; the others take
        # what is left
        lines = self.line_ids.filtered("sale_line_id").sorted(lambda line: not line.lot_id)
        for line in lines:
            remaining = line.quantity
            moves = line._delivered_moves().sorted("date")
            if line.lot_id:
                moves = moves.filtered(lambda m, lot=line.lot_id: lot in m.move_line_ids.lot_id)
            uom = line.product_uom_id
            for move in moves:
                if float_is_zero(remaining, precision_rounding=uom.rounding):
                    break
                # in the product's unit, like the line: the order may have sold dozens
                free = (
                    move.product_uom._compute_quantity(move.quantity, uom)
                    - sum(
                        move.returned_move_ids.filtered(lambda m: m.state != "cancel").mapped(
                            "product_qty"
                        )
                    )
                    - taken[move]
                )
                take = min(free, remaining)
                if take > 0:
                    allocations[move].append((line, take))
                    taken[move] += take
                    remaining -= take
            if float_compare(remaining, 0, precision_rounding=line.product_uom_id.rounding) > 0:
                raise UserError(
                    self.env._(
                        "%(product)s: only %(qty)s can still be returned from the deliveries "
                        "of %(order)s.",
                        product=line.product_id.display_name,
                        qty=line.quantity - remaining,
                        order=self.sale_order_id.name,
                    )
                )
        deliveries = self.env["stock.picking"].browse()
        for move in allocations:
            deliveries |= move.picking_id
        for delivery in deliveries:
            wizard = self.env["stock.return.picking"].create({"picking_id": delivery.id})
            # one wizard line per authorization line, so that each comes back on its own move
            wizard.product_return_moves = [Command.clear()] + [
                Command.create(
                    {
                        "product_id": move.product_id.id,
                        "move_id": move.id,
                        # the wizard counts in the unit of the delivered move
                        "quantity": line.product_uom_id._compute_quantity(qty, move.product_uom),
                        "aftersales_return_line_id": line.id,
                    }
                )
                for move in delivery.move_ids
                for line, qty in allocations.get(move, [])
            ]
            picking = wizard._create_return()
            picking.write(
                {
                    "aftersales_return_id": self.id,
                    "location_dest_id": self.return_location_id.id,
                    "origin": self.env._(
                        "%(ra)s (return of %(delivery)s)", ra=self.name, delivery=delivery.name
                    ),
                }
            )
            self._prefill_return_lots(picking)
        # Lines not sold through an order (a return by hand) come back on a plain receipt.
        loose = self.line_ids.filtered(lambda line: not line.sale_line_id)
        if loose:
            self._create_loose_receipt(loose)

    def _prefill_return_lots(self, picking):
        """Give the receipt's operations the authorized lot/serial, ready to be validated."""
        for move in picking.move_ids:
            lot = move.aftersales_return_line_id.lot_id
            if lot and move.move_line_ids:
                move.move_line_ids.lot_id = lot

    def _create_loose_receipt(self, lines):
        picking_type = self.warehouse_id.in_type_id
        customer_location = self.env.ref("stock.stock_location_customers")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": self.partner_id.id,
                "location_id": customer_location.id,
                "location_dest_id": self.return_location_id.id,
                "origin": self.name,
                "aftersales_return_id": self.id,
                "company_id": self.company_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "product_uom_qty": line.quantity,
                            "product_uom": line.product_uom_id.id,
                            "location_id": customer_location.id,
                            "location_dest_id": self.return_location_id.id,
                            "aftersales_return_line_id": line.id,
                            "company_id": self.company_id.id,
                        }
                    )
                    for line in lines
                ],
            }
        )
        picking.action_confirm()
        return picking

    @api.private
    def _update_receipt_state(self):
        """Received once every line came back in full (by the return receipts)."""
        for ra in self.filtered(lambda r: r.state == "approved"):
            if all(
                float_compare(
                    line.qty_received,
                    line.quantity,
                    precision_rounding=line.product_uom_id.rounding,
                )
                >= 0
                for line in ra.line_ids
            ):
                ra._aftersales_workflow().write(
                    {
                        "state": "received",
                        "date_received": fields.Datetime.now(),
                    }
                )

    # ------------------------------------------------------------ business: receipt scanning

    def _cannot_receive_message(self):
        self.ensure_one()
        if self.state in ("received", "done"):
            return self.env._(
                "%(ra)s was already received and validated: scanning is closed.", ra=self.name
            )
        return self.env._(
            "%(ra)s is %(state)s: only an approved return authorization can be received.",
            ra=self.name,
            state=self._state_label(),
        )

    def _ensure_can_receive(self):
        self.ensure_one()
        if self.state != "approved":
            raise UserError(self._cannot_receive_message())

    @api.private
    def _receipt_screen_data(self):
        """What the receipt screen shows of this return."""
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name,
            "partner": self.partner_id.display_name,
            "tracking_ref": self.tracking_ref or "",
            "state": self.state,
            "state_label": self._state_label(),
            "can_receive": self.state == "approved",
            "can_close": self.state == "approved"
            and any(line.qty_received for line in self.line_ids)
            and not all(line._fully_received() for line in self.line_ids),
            "discrepancy": self.receipt_discrepancy,
            "discrepancy_note": self.receipt_discrepancy_note or "",
            "lines": [line._receipt_screen_line() for line in self.line_ids],
        }

    @api.private
    def _validate_scanned_receipt(self):
        """Receive the parcel scanned since the last one, with exactly its quantities.

        What was not scanned stays expected on a backorder: the goods may come in several
        parcels. Once everything authorized arrived, the return is received (discrepancies
        flagged for the case's agent); before, it stays open until the rest arrives or
        someone closes the receipt (``_close_receipt``).
        """
        self.ensure_one()
        self._ensure_can_receive()
        scans = self.env["aftersales.return.scan"]
        scans._lock_lines(self.line_ids)
        self.invalidate_recordset(["state"])
        self._ensure_can_receive()
        totals = scans._totals_by_lot(self.line_ids)
        if not totals:
            raise UserError(
                self.env._(
                    "%(ra)s: nothing was scanned since the last parcel. Scan the goods received "
                    "before validating.",
                    ra=self.name,
                )
            )
        move_line_vals = []
        for line in self.line_ids:
            moves = line._open_return_moves()
            todo = [
                [lot_id, qty] for (line_id, lot_id), qty in totals.items() if line_id == line.id
            ]
            if not moves or not todo:
                continue
            moves.move_line_ids.unlink()
            move_line_vals += self._scanned_move_lines(line, moves, todo)
            moves.picked = True
        self.env["stock.move.line"].create(move_line_vals)
        pickings = self.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming" and p.state not in ("done", "cancel")
        )
        received = pickings.filtered(lambda p: any(p.move_ids.mapped("quantity")))
        if received:
            # what was not scanned stays on a backorder: the rest may come in another parcel
            result = received.with_context(skip_backorder=True).button_validate()
            if isinstance(result, dict) and result.get("res_model"):
                raise UserError(
                    self.env._(
                        "%(ra)s: the receipt needs more information to be validated; open it from "
                        "the return authorization.",
                        ra=self.name,
                    )
                )
        # sudo: inspectors create scans and never change them; the validation alone marks
        # the scans of this parcel as received
        self.env["aftersales.return.scan"].sudo().search(
            [("line_id", "in", self.line_ids.ids), ("validated", "=", False)]
        ).write({"validated": True})
        if all(line._fully_received() for line in self.line_ids):
            self._flag_receipt_discrepancies()
        else:
            self.message_post(
                body=self.env._(
                    "Parcel received; still expected: %(rest)s.", rest=self._expected_text()
                )
            )

    def _scanned_move_lines(self, line, moves, todo):
        """Move lines receiving the scanned [lot id, quantity] ``todo`` of ``line`` on its
        open return ``moves``, the last move taking any extra."""
        move_line_vals = []
        for index, move in enumerate(moves):
            last = index == len(moves) - 1
            room = move.product_uom._compute_quantity(move.product_uom_qty, line.product_uom_id)
            while todo and (last or room > 0):
                lot_id, qty = todo[0]
                take = qty if last else min(qty, room)
                move_line_vals.append(
                    {
                        "move_id": move.id,
                        "picking_id": move.picking_id.id,
                        "product_id": line.product_id.id,
                        "product_uom_id": line.product_uom_id.id,
                        "location_id": move.location_id.id,
                        "location_dest_id": move.location_dest_id.id,
                        "lot_id": lot_id or False,
                        "quantity": take,
                        "picked": True,
                    }
                )
                room -= take
                if take >= qty:
                    todo.pop(0)
                else:
                    todo[0][1] = qty - take
        return move_line_vals

    def _expected_text(self):
        """What is still expected of this return, e.g. "Kettle: 1.0"."""
        return ", ".join(
            self.env._(
                "%(product)s: %(qty)s",
                product=line.product_id.display_name,
                qty=line.quantity - line.qty_received,
            )
            for line in self.line_ids
            if not line._fully_received()
        )

    @api.private
    def _close_receipt(self):
        """Close the receipt before everything arrived: what never came is recorded as
        missing on its line, the backorders are cancelled and the return is received."""
        self.ensure_one()
        self._ensure_can_close_receipt()
        scans = self.env["aftersales.return.scan"]
        scans._lock_lines(self.line_ids)
        if scans._totals_by_lot(self.line_ids):
            raise UserError(
                self.env._(
                    "%(ra)s: goods were scanned since the last parcel: validate them before "
                    "closing the receipt.",
                    ra=self.name,
                )
            )
        # the waiting receipts are the warehouse's: cancelled on behalf of an agent without
        # inventory rights, as the approval created them on their behalf
        self.sudo().picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming" and p.state not in ("done", "cancel")
        ).action_cancel()
        for line in self.line_ids:
            missing = line.quantity - line.qty_received
            if float_compare(missing, 0.0, precision_rounding=line.product_uom_id.rounding) > 0:
                line._aftersales_workflow().qty_missing = missing
        self.message_post(
            body=self.env._(
                "Receipt closed by %(user)s before everything arrived.", user=self.env.user.name
            )
        )
        self._flag_receipt_discrepancies()
        return True

    def _ensure_can_close_receipt(self):
        self.check_access("write")
        self._ensure_can_receive()
        if not any(line.qty_received for line in self.line_ids):
            raise UserError(
                self.env._(
                    "%(ra)s: nothing was received yet. If nothing will come, cancel the return.",
                    ra=self.name,
                )
            )
        if all(line._fully_received() for line in self.line_ids):
            raise UserError(
                self.env._("%(ra)s: everything authorized was received already.", ra=self.name)
            )

    def _flag_receipt_discrepancies(self):
        """Record what differs from the authorization and tell the case's agent."""
        grades = dict(
            self.env["aftersales.return.line"]
            ._fields["condition_grade"]
            ._description_selection(self.env)
        )
        notes = []
        for line in self.line_ids:
            rounding = line.product_uom_id.rounding or 0.01
            product = line.product_id.display_name
            if float_compare(line.qty_missing, 0.0, precision_rounding=rounding) > 0:
                line._aftersales_workflow().receipt_discrepancy = "missing"
                notes.append(
                    self.env._(
                        "%(product)s: %(missing)s missing (%(received)s of %(expected)s received).",
                        product=product,
                        missing=line.qty_missing,
                        received=line.qty_received,
                        expected=line.quantity,
                    )
                )
            elif (
                line.over_received
                or float_compare(line.qty_received, line.quantity, precision_rounding=rounding) > 0
            ):
                line._aftersales_workflow().receipt_discrepancy = "extra"
                notes.append(
                    self.env._(
                        "%(product)s: %(extra)s more than authorized received.",
                        product=product,
                        extra=line.qty_received - line.quantity,
                    )
                )
            elif line.condition_grade and line.condition_grade != "resellable":
                line._aftersales_workflow().receipt_discrepancy = "damaged"
                notes.append(
                    self.env._(
                        "%(product)s: received %(grade)s.",
                        product=product,
                        grade=grades[line.condition_grade],
                    )
                )
        note = "\n".join(notes)
        self._aftersales_workflow().write(
            {
                "state": "received",
                "date_received": self.date_received or fields.Datetime.now(),
                "date_inspected": fields.Datetime.now(),
                "inspected_by_id": self.env.user.id,
                "receipt_discrepancy": bool(notes),
                "receipt_discrepancy_note": note,
            }
        )
        if not notes:
            self.message_post(body=self.env._("Received and inspected without discrepancy."))
            return
        # the inspector may not read the case: only its agent is looked up, to notify them
        agent = self.sudo().ticket_id.user_id or self.user_id
        self.message_post(
            body=self.env._("Receipt discrepancies:\n%(note)s", note=note),
            partner_ids=agent.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )
        if agent:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=agent.id,
                summary=self.env._("Receipt discrepancy on %(ra)s", ra=self.name),
                note=note,
            )

    # ------------------------------------------------------------ business: refund deadline

    @api.model
    def _refund_overdue_sql(self, now):
        return SQL(
            "refund_deadline <= %(now)s AND refund_state IN %(owed)s"
            " AND date_refund_escalated IS NULL AND state NOT IN ('rejected', 'cancel')",
            now=now,
            owed=REFUND_OWED,
        )

    @api.model
    def _cron_escalate_refunds(self, batch_size=200):
        """Scheduled action: escalate, once, the refunds still owed past their deadline."""
        total = self._cron_in_batches(
            self._refund_overdue_sql, lambda ras, now: ras._escalate_refunds(now), batch_size
        )
        _logger.info("Refund escalation: %s returns escalated", total)
        return True

    @api.model
    def _cron_in_batches(self, due_sql, process, batch_size):
        """Run ``process(returns, now)`` on the returns matching ``due_sql(now)``, batch by
        batch; the number of returns processed.

        Batches are locked with SKIP LOCKED (a second worker takes other returns) and the
        condition is evaluated on the locked rows (another worker may have processed them
        meanwhile); each batch commits its marks with its notes and activities, so a rerun
        after a crash neither repeats nor loses one.
        """
        return aftersales_cron_batches(self, due_sql, process, batch_size=batch_size)

    def _escalate_refunds(self, now):
        """Mark these refunds escalated and tell the manager and the responsible."""
        self._aftersales_workflow().write({"date_refund_escalated": now})
        states = dict(self._fields["refund_state"]._description_selection(self.env))
        notices = {}
        for ra in self:
            notices[ra.id] = (
                self.env._("Refund of %(ra)s overdue", ra=ra.name),
                self.env._(
                    "Refund overdue: due by %(deadline)s, still %(state)s (%(amount)s).",
                    deadline=ra._format_deadline(ra.refund_deadline),
                    state=states[ra.refund_state],
                    amount=format_amount(self.env, ra.amount_total, ra.currency_id),
                ),
            )
        self._escalate(notices)

    def _format_deadline(self, moment):
        self.ensure_one()
        return format_datetime(
            self.env, moment, tz=self.company_id.partner_id.tz or self.env.user.tz
        )

    def _escalate(self, notices):
        """A note on each return and a to-do for the manager who approves its returns (the
        team leader of its case first) and for its responsible, like the service levels.

        :param notices: {return id: (summary, body)}
        """
        approvers = {}  # (company, team) -> the manager to ask
        activity_vals = []
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        for ra in self.browse(list(notices)):
            summary, body = notices[ra.id]
            key = (ra.company_id, ra.ticket_id.team_id)
            if key not in approvers:
                approvers[key] = self.env["res.users"]._aftersales_approvers(
                    ra.company_id, team=ra.ticket_id.team_id
                )[:1]
            for user in approvers[key] | ra.user_id:
                activity_vals.append(
                    {
                        "res_model_id": model_id,
                        "res_id": ra.id,
                        "user_id": user.id,
                        "activity_type_id": activity_type.id if activity_type else False,
                        "summary": summary,
                        "note": body,
                        "date_deadline": today,
                    }
                )
        self._message_log_batch({ra_id: body for ra_id, (_summary, body) in notices.items()})
        if activity_vals:
            # the activity is the notification: no e-mail per activity
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                activity_vals
            )

    # ------------------------------------------------------------ business: merchant deadlines

    @api.model
    def _handle_missed_sql(self, now):
        return SQL(
            "state = 'to_approve' AND handle_deadline <= %(now)s AND date_handle_missed IS NULL",
            now=now,
        )

    @api.model
    def _receipt_missed_sql(self, now):
        return SQL(
            "state = 'approved' AND receipt_deadline <= %(now)s AND date_receipt_missed IS NULL",
            now=now,
        )

    @api.model
    def _cron_merchant_deadlines(self, batch_size=200):
        """Scheduled action: the shop's own clocks, like the platforms' — a request not
        handled in time is approved automatically (when the company says so) or escalated;
        a parcel whose receipt is not confirmed in time is escalated. Each once."""
        handled = self._cron_in_batches(
            self._handle_missed_sql, lambda ras, now: ras._handle_missed(now), batch_size
        )
        received = self._cron_in_batches(
            self._receipt_missed_sql, lambda ras, now: ras._receipt_missed(now), batch_size
        )
        _logger.info(
            "Return deadlines: %s requests and %s receipts past their deadline",
            handled,
            received,
        )
        return True

    def _handle_missed(self, now):
        self._aftersales_workflow().write({"date_handle_missed": now})
        auto = self.filtered(lambda ra: ra.company_id.aftersales_return_handle_auto_approve)
        for ra in auto:
            # the shop let the customer wait past its own promise: the request stands, as on
            # the platforms; the policy check stays on the return as evidence
            ra._approve(
                by_policy=True,
                note=self.env._(
                    "Not handled within %(hours)s hours of the request (due by %(deadline)s): "
                    "approved automatically.",
                    hours=ra.company_id.aftersales_return_handle_hours,
                    deadline=ra._format_deadline(ra.handle_deadline),
                ),
            )
        notices = {}
        for ra in self - auto:
            notices[ra.id] = (
                self.env._("Request %(ra)s waits past its deadline", ra=ra.name),
                self.env._(
                    "Request not handled in time: due by %(deadline)s. Approve or reject it.",
                    deadline=ra._format_deadline(ra.handle_deadline),
                ),
            )
        self._escalate(notices)

    def _receipt_missed(self, now):
        self._aftersales_workflow().write({"date_receipt_missed": now})
        self._escalate(
            {
                ra.id: (
                    self.env._("Receipt of %(ra)s not confirmed in time", ra=ra.name),
                    self.env._(
                        "Receipt not confirmed in time: due by %(deadline)s. Receive the parcel, "
                        "close the receipt or tell the customer.",
                        deadline=ra._format_deadline(ra.receipt_deadline),
                    ),
                )
                for ra in self
            }
        )

    # ------------------------------------------------------------ business: disposition

    def _dispose(self):
        """Refund what is due and carry out the chosen disposition of the goods received
        (or, for a reshipment, authorized) and not disposed of yet: the two are independent,
        a damaged parcel is refunded and scrapped."""
        self.ensure_one()
        todo = defaultdict(lambda: self.env["aftersales.return.line"])
        quantities = {}
        refunds = {}
        for line in self.line_ids:
            if line.to_refund and line.qty_to_refund > 0:
                refunds[line] = line.qty_to_refund
            if line.disposition and line.qty_to_dispose > 0:
                todo[line.disposition] |= line
                quantities[line] = line.qty_to_dispose
        # Credit notes, deliveries and scraps are accounting and warehouse documents the agent
        # may have no right to create: the disposition creates them on their behalf, as drafts
        # or waiting transfers that accounting and the warehouse still validate.
        ra_sudo = self.sudo().with_company(self.company_id)
        if refunds:
            lines = self.env["aftersales.return.line"].concat(*refunds)
            ra_sudo._create_credit_note(lines.sudo(), refunds)
        if "exchange" in todo:
            ra_sudo._create_delivery(todo["exchange"].sudo(), quantities, exchange=True)
        if "return_customer" in todo:
            ra_sudo._create_delivery(todo["return_customer"].sudo(), quantities, exchange=False)
        if "restock" in todo:
            ra_sudo._create_restock(todo["restock"].sudo(), quantities)
        if "scrap" in todo:
            ra_sudo._create_scraps(todo["scrap"].sudo(), quantities)
        if "repair" in todo:
            self._route_repairs(todo["repair"], quantities)
        for line, qty in quantities.items():
            line._aftersales_workflow().qty_disposed += qty
        if all(line._is_settled() for line in self.line_ids):
            self._aftersales_workflow().state = "done"
        self._notify_customer("aftersales_returns.mail_template_return_outcome")

    def _create_credit_note(self, lines, quantities):
        """A draft credit note of ``quantities`` {line: quantity} against the order's
        invoice; each line records what it refunds."""
        order = self.sale_order_id
        invoice = order.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )[:1]
        if not invoice or any(not line.sale_line_id for line in lines):
            raise UserError(
                self.env._(
                    "%(ra)s: a refund is issued against the posted invoice of the sale order; "
                    "invoice the order first (or choose another disposition).",
                    ra=self.name,
                )
            )
        vals = order._prepare_invoice()
        vals.update(
            {
                "move_type": "out_refund",
                "reversed_entry_id": invoice.id,
                "journal_id": invoice.journal_id.id,
                "aftersales_return_id": self.id,
                "ref": self.env._(
                    "%(ra)s (refund of %(invoice)s)", ra=self.name, invoice=invoice.name
                ),
                "invoice_line_ids": [],
            }
        )
        for line in lines:
            vals["invoice_line_ids"].append(
                Command.create(line._prepare_credit_note_line_vals(quantities[line]))
            )
        move = self.env["account.move"].with_context(default_move_type="out_refund").create(vals)
        move.message_post_with_source(
            "mail.message_origin_link",
            render_values={"self": move, "origin": self},
            subtype_xmlid="mail.mt_note",
        )
        for move_line in move.invoice_line_ids:
            line = move_line.aftersales_return_line_id
            line._aftersales_workflow().write(
                {
                    "qty_refunded": line.qty_refunded + quantities[line],
                    "amount_refunded": line.amount_refunded
                    + move.currency_id._convert(
                        move_line.price_total, line.currency_id, self.company_id, move.date
                    ),
                }
            )
        return move

    def _create_delivery(self, lines, quantities, exchange):
        """Deliver to the customer replacement goods (from stock), or the returned goods
        themselves (from the returns location), through the warehouse's delivery route.

        A procurement at the customer's location runs the warehouse's rules: one step, or
        pick then ship, or pick, pack and ship, as for a sale; the next steps follow as the
        goods move. Nothing is linked to the order line: the order is not invoiced again.
        """
        partner = self.sale_order_id.partner_shipping_id or self.partner_id
        reference = self.env["stock.reference"].create({"name": self.name})
        origin = (
            self.env._("%(ra)s (exchange)", ra=self.name)
            if exchange
            else self.env._("%(ra)s (back to customer)", ra=self.name)
        )
        Procurement = self.env["stock.rule"].Procurement
        procurements = [
            Procurement(
                line.exchange_product_id
                if exchange and line.exchange_product_id
                else line.product_id,
                quantities[line],
                line.product_uom_id,
                partner.property_stock_customer,
                line.product_id.display_name,
                origin,
                self.company_id,
                {
                    "warehouse_id": self.warehouse_id,
                    "reference_ids": reference,
                    "partner_id": partner.id,
                    "date_planned": fields.Datetime.now(),
                    "aftersales_return_id": self.id,
                },
            )
            for line in lines
        ]
        try:
            self.env["stock.rule"].run(procurements)
        except (ProcurementException, UserError) as error:
            problem = (
                "\n".join(message for _proc, message in error.procurement_exceptions)
                if isinstance(error, ProcurementException)
                else error.args[0]
            )
            raise UserError(
                self.env._(
                    "%(ra)s: the warehouse %(warehouse)s cannot deliver to the customer: "
                    "%(problem)s",
                    ra=self.name,
                    warehouse=self.warehouse_id.name,
                    problem=problem,
                )
            ) from error
        first_moves = reference.move_ids.filtered(lambda m: not m.move_orig_ids)
        pickings = first_moves.picking_id
        if not exchange:
            # the returned goods leave from the returns location, not from stock: the route's
            # first step (the delivery itself, or the pick) takes them there
            pickings.do_unreserve()
            pickings.write({"location_id": self.return_location_id.id})
            first_moves.write({"location_id": self.return_location_id.id})
            for picking in pickings:
                self._reserve_returned_lots(picking, lines, quantities)
        else:
            pickings.action_assign()
        return pickings

    def _create_restock(self, lines, quantities):
        int_type = self.warehouse_id.int_type_id
        stock_location = self.warehouse_id.lot_stock_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": int_type.id,
                "location_id": self.return_location_id.id,
                "location_dest_id": stock_location.id,
                "origin": self.env._("%(ra)s (restock)", ra=self.name),
                "aftersales_return_id": self.id,
                "company_id": self.company_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "product_uom_qty": quantities[line],
                            "product_uom": line.product_uom_id.id,
                            "location_id": self.return_location_id.id,
                            "location_dest_id": stock_location.id,
                            "company_id": self.company_id.id,
                        }
                    )
                    for line in lines
                ],
            }
        )
        picking.action_confirm()
        self._reserve_returned_lots(picking, lines, quantities)
        return picking

    def _reserve_returned_lots(self, picking, lines, quantities):
        """Reserve the very lots and serials that came back, then anything for the rest.

        Left to itself the reservation takes any lot of the product in the returns location,
        which may be another customer's unit waiting for its own disposition.
        """
        with_lot = lines.filtered("lot_id")
        if with_lot:
            # the confirmation may already have reserved other units
            picking.do_unreserve()
        move_line_vals = []
        for line in with_lot:
            moves = picking.move_ids.filtered(
                lambda m, product=line.product_id: m.product_id == product
            )
            if not moves:
                continue
            move = moves[0]
            available = self.env["stock.quant"]._get_available_quantity(
                line.product_id, move.location_id, lot_id=line.lot_id, strict=True
            )
            if (
                float_compare(
                    available, quantities[line], precision_rounding=line.product_uom_id.rounding
                )
                < 0
            ):
                # received under another lot: the warehouse picks it by hand
                continue
            move_line_vals.append(
                {
                    "move_id": move.id,
                    "picking_id": picking.id,
                    "product_id": line.product_id.id,
                    "product_uom_id": line.product_uom_id.id,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                    "lot_id": line.lot_id.id,
                    "quantity": quantities[line],
                }
            )
        self.env["stock.move.line"].create(move_line_vals)
        picking.action_assign()

    def _create_scraps(self, lines, quantities):
        scraps = self.env["stock.scrap"].create(
            [
                {
                    "product_id": line.product_id.id,
                    "product_uom_id": line.product_uom_id.id,
                    "scrap_qty": quantities[line],
                    "lot_id": line.lot_id.id,
                    "location_id": self.return_location_id.id,
                    "origin": self.name,
                    "aftersales_return_id": self.id,
                    "company_id": self.company_id.id,
                }
                for line in lines
            ]
        )
        scraps.do_scrap()
        return scraps

    def _route_repairs(self, lines, quantities):
        for line in lines:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=(self.user_id or self.env.user).id,
                summary=self.env._(
                    "Repair %(qty)s x %(product)s",
                    qty=quantities[line],
                    product=line.product_id.display_name,
                ),
            )

    # ------------------------------------------------------------ helpers

    def _linked_documents(self, model):
        """The transfers or credit notes of this return, which the user must be able to read.

        The counts on the buttons are read as superuser for everyone; the documents open only
        for those with the rights of their app: the others are told who to ask.
        """
        self.ensure_one()
        documents = self.env[model].sudo().search([("aftersales_return_id", "=", self.id)])
        if not self.env[model].has_access("read"):
            raise UserError(
                self.env._(
                    "%(ra)s has %(documents)s: %(names)s. Opening them needs the rights of "
                    "the %(app)s app; ask a colleague who has them.",
                    ra=self.name,
                    documents=self.env["ir.model"]._get(model).name,
                    names=", ".join(documents.mapped("display_name")),
                    app=self.env._("Inventory")
                    if model == "stock.picking"
                    else self.env._("Invoicing"),
                )
            )
        return documents.sudo(False)

    def _action_view(self, records, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        if len(records) == 1:
            action.update({"view_mode": "form", "views": [(False, "form")], "res_id": records.id})
        else:
            action["domain"] = [("id", "in", records.ids)]
        action["context"] = {}
        return action

    def _report_shows_contact(self):
        """Whether the printed return shows the customer's address and phone.

        Not to a return inspector (see ``res.partner._aftersales_contact_hidden``): the
        report renders contacts as superuser, so the partner's field access does not apply.
        """
        return not self.env["res.partner"]._aftersales_contact_hidden()

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Return %(ra)s", ra=self.name)

    # ------------------------------------------------------------ business: portal

    @api.model
    @api.private
    def _portal_create_return(self, order_sudo, requested, description, photos, outcome="refund"):
        """Create and submit the authorization a portal customer asked for.

        The caller checked that the current user may read ``order_sudo``. Portal users have
        no create right on authorizations, so they are created as superuser: only the lines
        of that order, within what the policy allows, with the customer as requester.
        """
        if not requested:
            raise UserError(self.env._("Choose at least one product and its quantity to return."))
        if outcome not in ("refund", "exchange", "repair"):
            raise UserError(self.env._("Choose a refund, an exchange or a repair."))
        for sale_line, _vals in requested:
            if sale_line.order_id != order_sudo:
                raise UserError(self.env._("You can only return products of this order."))
        lines = []
        for sale_line, vals in requested:
            if vals["reported_condition"] not in dict(
                self.env["aftersales.return.line"]._fields["reported_condition"].selection
            ):
                raise UserError(self.env._("Unknown condition."))
            lines.append(Command.create(dict(vals, sale_line_id=sale_line.id)))
        ra = self.sudo().create(
            {
                "partner_id": self.env.user.partner_id.id,
                "sale_order_id": order_sudo.id,
                "company_id": order_sudo.company_id.id,
                "description": description,
                "outcome": outcome,
                "user_id": order_sudo.user_id.id,
                "line_ids": lines,
            }
        )
        if photos:
            attachments = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    [dict(photo, res_model="aftersales.return", res_id=ra.id) for photo in photos]
                )
            )
            ra.line_ids.attachment_ids = attachments
        ra.action_submit()
        return ra.sudo(False)
