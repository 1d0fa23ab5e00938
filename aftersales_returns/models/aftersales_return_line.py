from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_round, format_date

from .aftersales_return_rule import QUALITY_CHOICES, RULE_KINDS

CONDITIONS = [
    ("unopened", "Unopened"),
    ("opened", "Opened, unused"),
    ("used", "Used"),
    ("damaged", "Damaged"),
    ("defective", "Defective"),
]
GRADES = [
    ("resellable", "Resellable"),
    ("damaged", "Damaged"),
    ("defective", "Defective"),
    ("missing_parts", "Missing Parts"),
]
# Before the inspection grades the goods, the customer's reported condition stands for the
# grade the condition fee is estimated with.
REPORTED_GRADES = {
    "unopened": "resellable",
    "opened": "resellable",
    "used": "damaged",
    "damaged": "damaged",
    "defective": "defective",
}
# Reasons that put the fault elsewhere waive the condition fee: the customer does not pay
# for goods that a carrier crushed or a manufacturer got wrong.
NOT_CUSTOMER_FAULT = ("company", "manufacturer", "seller", "carrier")
FEE_SOURCES = [
    ("reason", "Return reason"),
    ("category", "Category policy"),
    ("company", "Company default"),
    ("condition_category", "Condition, category policy"),
    ("condition_company", "Condition, company setting"),
    ("manual", "Set by hand"),
]
DISPOSITIONS = [
    ("refund", "Refund"),
    ("exchange", "Exchange"),
    ("repair", "Repair"),
    ("return_customer", "Return to Customer"),
    ("scrap", "Scrap"),
    ("restock", "Restock"),
]


# Return types where no goods come back: the refund is all there is.
NO_GOODS_BACK = ("refund_only", "price_difference")
# Dispositions that give the customer goods (a replacement, a repaired unit): no refund too.
NOT_REFUNDED_DISPOSITIONS = ("exchange", "repair")

# What a line authorizes: fixed once the return leaves the draft (its approval is about them).
LOCKED_AFTER_DRAFT = (
    "sale_line_id",
    "product_id",
    "lot_id",
    "quantity",
    "price_unit",
    "statutory_ground",
    "price_difference",
)
SIGNED_SOURCES = [
    ("entered", "Signed receipt, entered"),
    ("carrier", "Signed receipt, from the carrier"),
    ("dispatch", "Dispatch date (no signed receipt)"),
]


def quantity_error(env, product, quantity):
    """Why ``quantity`` of ``product`` (in its unit) cannot be returned, else None.

    A quantity is a finite positive number, a multiple of the unit's precision, and whole
    for goods counted in units (and for serial numbers).
    """
    if (
        not isinstance(quantity, (int, float))
        or quantity != quantity
        or quantity in (float("inf"), float("-inf"))
        or quantity <= 0
        or quantity > 1e9
    ):
        return env._("A quantity to return is a positive number.")
    uom = product.uom_id
    rounding = uom.rounding or 0.01
    if float_compare(
        float_round(quantity, precision_rounding=rounding), quantity, precision_digits=6
    ):
        return env._(
            "%(product)s: %(qty)s is not a quantity of %(uom)s (precision %(rounding)s).",
            product=product.display_name,
            qty=quantity,
            uom=uom.name,
            rounding=rounding,
        )
    whole = product.tracking == "serial" or uom == env.ref(
        "uom.product_uom_unit", raise_if_not_found=False
    )
    if whole and float_compare(quantity, round(quantity), precision_digits=6):
        return env._(
            "%(product)s is counted in whole units: %(qty)s cannot be returned.",
            product=product.display_name,
            qty=quantity,
        )
    return None


class AftersalesReturnLine(models.Model):
    _name = "aftersales.return.line"
    _description = "Return Authorization Line"
    _inherit = ["aftersales.workflow.mixin"]
    _order = "return_id, sequence, id"
    _check_company_auto = True

    # ------------------------------------------------------------ fields

    return_id = fields.Many2one(
        "aftersales.return", string="Return", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="return_id.company_id", store=True, index=True)
    state = fields.Selection(related="return_id.state", store=True)
    partner_id = fields.Many2one(related="return_id.partner_id")
    sequence = fields.Integer(default=10)
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Order Line",
        index="btree_not_null",
        check_company=True,
        domain="[('order_id', '=', parent.sale_order_id), ('display_type', '=', False)]",
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        check_company=True,
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('type', '=', 'consu')]",
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    tracking = fields.Selection(related="product_id.tracking")
    # computed as superuser: the agent preparing the return may have no inventory rights
    delivered_lot_ids = fields.Many2many(
        "stock.lot",
        string="Delivered Lots/Serials",
        compute="_compute_delivered_lot_ids",
        compute_sudo=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        check_company=True,
        domain="[('id', 'in', delivered_lot_ids)] if sale_line_id "
        "else [('product_id', '=', product_id)]",
    )
    quantity = fields.Float(default=1.0, required=True, digits="Product Unit")
    reason_id = fields.Many2one("aftersales.return.reason", string="Reason")
    reported_condition = fields.Selection(CONDITIONS, default="unopened", required=True)
    outcome = fields.Selection(
        [("refund", "Refund"), ("exchange", "Exchange"), ("repair", "Repair")],
        string="Wanted Outcome",
        compute="_compute_outcome",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    statutory_ground = fields.Selection(
        RULE_KINDS,
        string="Statutory Ground",
        compute="_compute_statutory_ground",
        store=True,
        readonly=False,
        precompute=True,
        help="The right of the consumer law the line rests on: a return without a reason, or "
        "a quality return for a fault (from the reason, or a defective condition reported).",
    )
    date_signed = fields.Datetime(
        string="Signed for On",
        compute="_compute_date_signed",
        compute_sudo=True,
        help="When the customer signed for the goods: the return periods count from it.",
    )
    date_signed_source = fields.Selection(
        SIGNED_SOURCES,
        string="Received Per",
        compute="_compute_date_signed",
        compute_sudo=True,
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Photos")
    currency_id = fields.Many2one(related="return_id.currency_id")
    price_unit = fields.Monetary(
        compute="_compute_price_unit", store=True, readonly=False, precompute=True
    )
    price_difference = fields.Monetary(
        string="Difference per Unit",
        help="Price-difference refund: what is refunded per unit (the price dropped, a "
        "promised discount was not applied); at most the unit price.",
    )
    price_subtotal = fields.Monetary(compute="_compute_price_subtotal", store=True)
    restocking_fee_percent = fields.Float(
        string="Restocking Fee (%)",
        compute="_compute_restocking_fee_percent",
        store=True,
        readonly=False,
        precompute=True,
        help="Deducted from the refund: the highest of the reason's (or category policy's, "
        "or company's) fee and the fee of the goods' condition.",
    )
    restocking_fee_source = fields.Selection(
        FEE_SOURCES,
        string="Fee Origin",
        compute="_compute_restocking_fee_percent",
        store=True,
        readonly=False,
        precompute=True,
    )
    restocking_fee_origin = fields.Char(
        string="Restocking Fee Origin",
        compute="_compute_restocking_fee_origin",
        help="Where the restocking fee of the line comes from.",
    )
    move_ids = fields.One2many(
        "stock.move", "aftersales_return_line_id", string="Return Moves", readonly=True
    )
    qty_received = fields.Float(
        compute="_compute_qty_received",
        store=True,
        digits="Product Unit",
        help="Quantity validated on the return receipts.",
    )
    condition_grade = fields.Selection(GRADES, help="Condition found at inspection.")
    inspection_note = fields.Char()
    disposition = fields.Selection(
        DISPOSITIONS,
        compute="_compute_disposition",
        store=True,
        readonly=False,
        help="What happens to the received goods.",
    )
    exchange_product_id = fields.Many2one(
        "product.product",
        string="Replacement",
        check_company=True,
        domain="[('type', '=', 'consu')]",
        help="Sent instead of the returned product on an exchange; empty sends the same one.",
    )
    to_refund = fields.Boolean(
        string="Refund",
        compute="_compute_to_refund",
        store=True,
        readonly=False,
        help="The line's value is refunded (credit note, restocking fee deducted), whatever "
        "happens to the goods: a damaged parcel is refunded and scrapped.",
    )
    qty_disposed = fields.Float(readonly=True, copy=False, digits="Product Unit")
    qty_refunded = fields.Float(
        string="Refunded",
        readonly=True,
        copy=False,
        digits="Product Unit",
        help="Quantity credited to the customer.",
    )
    amount_refunded = fields.Monetary(
        string="Amount Refunded",
        readonly=True,
        copy=False,
        help="What the credit notes give back for the line, taxes included.",
    )
    qty_missing = fields.Float(
        string="Missing",
        readonly=True,
        copy=False,
        digits="Product Unit",
        help="Never arrived: recorded when the receipt was closed before the rest came.",
    )
    qty_to_refund = fields.Float(
        string="Awaiting Refund",
        compute="_compute_qty_to_refund",
        store=True,
        digits="Product Unit",
    )
    claim_ids = fields.One2many(
        "aftersales.carrier.claim", "return_line_id", string="Carrier Claims", readonly=True
    )
    scan_ids = fields.One2many("aftersales.return.scan", "line_id", string="Scans", readonly=True)
    qty_scanned = fields.Float(
        string="Scanned",
        readonly=True,
        copy=False,
        digits="Product Unit",
        help="Counted at the receipt by scanning; the receipt is validated with it.",
    )
    over_received = fields.Boolean(
        readonly=True, copy=False, help="More than authorized was received (confirmed)."
    )
    receipt_discrepancy = fields.Selection(
        [("missing", "Missing"), ("extra", "Extra"), ("damaged", "Not Resellable")],
        readonly=True,
        copy=False,
        help="Found at the validation of the scanned receipt.",
    )
    qty_to_dispose = fields.Float(
        string="Awaiting Disposition",
        compute="_compute_qty_to_dispose",
        store=True,
        digits="Product Unit",
    )

    # ------------------------------------------------------------ constraints

    _quantity_positive = models.Constraint(
        "CHECK (quantity > 0)", "The quantity to return must be positive."
    )
    _restocking_fee_percent_range = models.Constraint(
        "CHECK (restocking_fee_percent >= 0 AND restocking_fee_percent <= 100)",
        "The restocking fee is a percentage between 0 and 100.",
    )
    # Several serial numbers (or lots) of one order line come back on lines of their own.
    _order_line_lot_unique = models.UniqueIndex(
        "(return_id, sale_line_id, COALESCE(lot_id, 0))",
        "An order line appears once per lot/serial number on a return authorization: raise "
        "its quantity instead.",
    )

    # ------------------------------------------------------------ computes

    @api.depends("sale_line_id")
    def _compute_product_id(self):
        for line in self:
            if line.sale_line_id:
                line.product_id = line.sale_line_id.product_id

    @api.depends("sale_line_id")
    def _compute_delivered_lot_ids(self):
        for line in self:
            line.delivered_lot_ids = line._delivered_moves().move_line_ids.lot_id

    @api.depends("reason_id", "reported_condition")
    def _compute_statutory_ground(self):
        for line in self:
            if line.reason_id:
                line.statutory_ground = line.reason_id.statutory_ground
            else:
                line.statutory_ground = (
                    "quality" if line.reported_condition == "defective" else "no_reason"
                )

    @api.depends("sale_line_id", "lot_id")
    def _compute_date_signed(self):
        # compute_sudo: the deliveries are the warehouse's, read for every role
        for line in self:
            if line.sale_line_id:
                line.date_signed, line.date_signed_source = line._signed_receipt()
            else:
                line.date_signed, line.date_signed_source = False, False

    @api.depends("return_id.outcome")
    def _compute_outcome(self):
        for line in self:
            line.outcome = line.return_id.outcome or "refund"

    @api.depends("sale_line_id", "product_id")
    def _compute_price_unit(self):
        for line in self:
            sale_line = line.sale_line_id
            if sale_line:
                line.price_unit = sale_line.price_unit * (1 - (sale_line.discount or 0.0) / 100)
            else:
                line.price_unit = line.product_id.lst_price

    @api.depends("price_unit", "quantity", "price_difference", "return_id.return_type")
    def _compute_price_subtotal(self):
        for line in self:
            if line.return_id.return_type == "price_difference":
                line.price_subtotal = line.price_difference * line.quantity
            else:
                line.price_subtotal = line.price_unit * line.quantity

    @api.depends(
        "reason_id",
        "product_id",
        "return_id.company_id",
        "condition_grade",
        "reported_condition",
    )
    def _compute_restocking_fee_percent(self):
        for line in self:
            line.restocking_fee_percent, line.restocking_fee_source = line._restocking_fee()

    @api.depends(
        "restocking_fee_source",
        "restocking_fee_percent",
        "reason_id",
        "condition_grade",
        "reported_condition",
        "product_id",
    )
    def _compute_restocking_fee_origin(self):
        sources = dict(self._fields["restocking_fee_source"]._description_selection(self.env))
        grades = dict(self._fields["condition_grade"]._description_selection(self.env))
        for line in self:
            source = line.restocking_fee_source
            if not source:
                line.restocking_fee_origin = False
            elif source == "reason":
                line.restocking_fee_origin = self.env._(
                    "Reason %(reason)s", reason=line.reason_id.display_name
                )
            elif source.startswith("condition_"):
                grade = grades[line._fee_grade()]
                line.restocking_fee_origin = (
                    self.env._(
                        "%(origin)s: %(grade)s",
                        origin=sources[source],
                        grade=grade,
                    )
                    if line.condition_grade
                    else self.env._(
                        "%(origin)s: %(grade)s (as reported)",
                        origin=sources[source],
                        grade=grade,
                    )
                )
            else:
                line.restocking_fee_origin = sources[source]

    @api.depends("move_ids.state", "move_ids.quantity")
    def _compute_qty_received(self):
        for line in self:
            line.qty_received = sum(
                move.product_uom._compute_quantity(move.quantity, line.product_uom_id)
                for move in line.move_ids
                if move.state == "done"
            )

    @api.depends("outcome", "condition_grade", "return_id.return_type")
    def _compute_disposition(self):
        for line in self:
            return_type = line.return_id.return_type or "return"
            if return_type in NO_GOODS_BACK:
                line.disposition = "refund"
            elif return_type == "reship":
                # the missing goods are sent as a replacement is
                line.disposition = "exchange"
            elif line.condition_grade in ("damaged", "defective") and line.outcome == "refund":
                line.disposition = "scrap" if line.condition_grade == "damaged" else "refund"
            else:
                line.disposition = line.outcome

    @api.depends("outcome", "disposition", "return_id.return_type")
    def _compute_to_refund(self):
        for line in self:
            return_type = line.return_id.return_type or "return"
            if return_type in NO_GOODS_BACK:
                line.to_refund = True
            elif return_type == "reship" or line.disposition in NOT_REFUNDED_DISPOSITIONS:
                line.to_refund = False
            else:
                line.to_refund = line.disposition == "refund" or line.outcome == "refund"

    @api.depends(
        "qty_received", "qty_disposed", "qty_missing", "quantity", "state", "return_id.return_type"
    )
    def _compute_qty_to_dispose(self):
        for line in self:
            return_type = line.return_id.return_type or "return"
            if return_type in NO_GOODS_BACK:
                line.qty_to_dispose = 0.0
            elif return_type == "reship":
                line.qty_to_dispose = (
                    max(line.quantity - line.qty_disposed, 0.0)
                    if (line.state in ("approved", "received"))
                    else 0.0
                )
            else:
                line.qty_to_dispose = max(line.qty_received - line.qty_disposed, 0.0)

    @api.depends(
        "to_refund", "qty_received", "qty_refunded", "quantity", "state", "return_id.return_type"
    )
    def _compute_qty_to_refund(self):
        for line in self:
            if not line.to_refund or line.state not in ("approved", "received"):
                line.qty_to_refund = 0.0
            elif (line.return_id.return_type or "return") in NO_GOODS_BACK:
                line.qty_to_refund = max(line.quantity - line.qty_refunded, 0.0)
            else:
                line.qty_to_refund = max(line.qty_received - line.qty_refunded, 0.0)

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        trusted = self._aftersales_workflow_open()
        may_price = self._may_set_price()
        for vals in vals_list:
            self._mark_manual_fee(vals)
            # the value of the goods is the order's price (else the list price): it decides
            # whether a manager approves, so a client does not set it (managers may on a line
            # sold outside an order)
            if not trusted and (vals.get("sale_line_id") or not may_price):
                vals.pop("price_unit", None)
        if not trusted:
            returns = self.env["aftersales.return"].browse(
                {vals["return_id"] for vals in vals_list if vals.get("return_id")}
            )
            if any(ra.state != "draft" for ra in returns):
                raise UserError(
                    self.env._(
                        "Lines are added to a draft return authorization only: what is "
                        "authorized does not change after it was submitted."
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        self._mark_manual_fee(vals)
        if self._aftersales_workflow_open():
            return super().write(vals)
        if "price_unit" in vals and (
            not self._may_set_price()
            or vals.get("sale_line_id")
            or any(line.sale_line_id for line in self)
        ):
            vals = dict(vals)
            vals.pop("price_unit")
        locked = [
            name
            for name in LOCKED_AFTER_DRAFT
            if name in vals and not self._aftersales_is_unchanged(name, vals[name])
        ]
        if locked and any(line.return_id.state != "draft" for line in self):
            raise UserError(
                self.env._(
                    "%(fields)s of a return line change only while the return authorization is a "
                    "draft: its approval is about them.",
                    fields=", ".join(
                        f"“{self._fields[name]._description_string(self.env)}”" for name in locked
                    ),
                )
            )
        return super().write(vals)

    @api.model
    def _may_set_price(self):
        """Whether the user may set the value of a line sold outside an order."""
        return self.env.user.has_group("aftersales_flow.group_aftersales_manager")

    @api.model
    def _mark_manual_fee(self, vals):
        # A fee written without its origin was typed by hand: say so rather than keep the
        # origin of the fee it replaced.
        if "restocking_fee_percent" in vals and "restocking_fee_source" not in vals:
            vals["restocking_fee_source"] = "manual"

    # ------------------------------------------------------------ constrains

    @api.constrains("sale_line_id", "product_id", "return_id")
    def _check_order(self):
        for line in self:
            order = line.return_id.sale_order_id
            if not order:
                continue
            if not line.sale_line_id or line.sale_line_id.order_id != order:
                raise ValidationError(
                    self.env._(
                        "%(product)s is not on the sale order %(order)s of return %(ra)s.",
                        product=line.product_id.display_name,
                        order=order.name,
                        ra=line.return_id.name,
                    )
                )
            if line.sale_line_id.product_id != line.product_id:
                raise ValidationError(
                    self.env._(
                        "The line returns %(product)s but its order line sold %(sold)s.",
                        product=line.product_id.display_name,
                        sold=line.sale_line_id.product_id.display_name,
                    )
                )

    @api.constrains("lot_id", "sale_line_id")
    def _check_lot_delivered(self):
        for line in self.filtered("lot_id"):
            delivered_lots = line._delivered_moves().move_line_ids.lot_id
            if line.lot_id not in delivered_lots:
                raise ValidationError(
                    self.env._(
                        "Lot/serial %(lot)s was not delivered to %(customer)s on this order.",
                        lot=line.lot_id.name,
                        customer=line.return_id.partner_id.display_name,
                    )
                )

    @api.constrains("quantity", "product_id")
    def _check_quantity(self):
        for line in self:
            error = quantity_error(self.env, line.product_id, line.quantity)
            if error:
                raise ValidationError(error)

    @api.constrains("lot_id", "quantity", "product_id")
    def _check_serial_quantity(self):
        for line in self:
            if (
                line.lot_id
                and line.product_id.tracking == "serial"
                and float_compare(
                    line.quantity, 1.0, precision_rounding=line.product_uom_id.rounding or 0.01
                )
                != 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(product)s: a serial number identifies one unit; return one unit with "
                        "serial %(lot)s or leave the serial empty.",
                        product=line.product_id.display_name,
                        lot=line.lot_id.name,
                    )
                )

    @api.constrains("price_difference", "price_unit")
    def _check_price_difference(self):
        for line in self:
            if (
                line.price_difference < 0
                or float_compare(
                    line.price_difference,
                    line.price_unit,
                    precision_rounding=line.currency_id.rounding or 0.01,
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(product)s: a price difference is between zero and the unit price "
                        "(%(price)s).",
                        product=line.product_id.display_name,
                        price=line.currency_id.format(line.price_unit),
                    )
                )

    @api.constrains("qty_disposed", "qty_received")
    def _check_qty_disposed(self):
        for line in self:
            limit = line.quantity if line.return_id.return_type == "reship" else (line.qty_received)
            if (
                float_compare(
                    line.qty_disposed,
                    limit,
                    precision_rounding=line.product_uom_id.rounding or 0.01,
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(product)s: %(disposed)s disposed of but only %(received)s received.",
                        product=line.product_id.display_name,
                        disposed=line.qty_disposed,
                        received=limit,
                    )
                )

    # ------------------------------------------------------------ business

    def _fee_grade(self):
        """The inspected grade, or before the inspection the grade the customer reported."""
        self.ensure_one()
        return self.condition_grade or REPORTED_GRADES.get(self.reported_condition, "resellable")

    def _restocking_fee(self):
        """(percent, origin) of the restocking fee of the line.

        The base fee is the reason's when the line has a reason, else the category policy's,
        else the company default. The condition fee is the one of the goods' grade, from the
        category policy when it has its own condition fees, else from the company; a reason
        that blames the company, the manufacturer, the seller or the carrier waives it. The
        highest of the two applies (they do not add up); on a tie the base fee is named.
        """
        self.ensure_one()
        company = self.return_id.company_id or self.env.company
        policy = self.env["aftersales.return.policy"]._for_product(self.product_id, company)
        if self.reason_id:
            base = (self.reason_id.restocking_fee_percent, "reason")
        elif policy.restocking_fee_percent:
            base = (policy.restocking_fee_percent, "category")
        else:
            base = (company.aftersales_restocking_fee_percent, "company")
        if self.reason_id.responsibility in NOT_CUSTOMER_FAULT:
            return base
        grade = self._fee_grade()
        if policy.own_condition_fees:
            condition = (policy[f"condition_fee_{grade}"], "condition_category")
        else:
            condition = (company[f"aftersales_condition_fee_{grade}"], "condition_company")
        return condition if condition[0] > base[0] else base

    def _delivered_moves(self):
        """Done moves of the order line that delivered goods to the customer."""
        self.ensure_one()
        return self.sale_line_id._aftersales_delivered_moves()

    @api.private
    def _open_return_moves(self):
        """Return moves of this line still to be received (where a scan adds quantity)."""
        return self.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))

    @api.private
    def _qty_returnable(self):
        """Delivered, minus returned, minus what other open authorizations still expect."""
        self.ensure_one()
        if not self.sale_line_id:
            return self.quantity
        # The other lines of this authorization hold back their quantity too, even while it
        # is a draft that holds nothing back for the other authorizations.
        siblings = (
            self.return_id.line_ids.filtered(lambda line: line.sale_line_id == self.sale_line_id)
            - self
        )
        mine = self._origin | siblings._origin
        quantities = self.sale_line_id._aftersales_return_quantities(exclude_lines=mine)
        returnable = quantities[self.sale_line_id]["returnable"] - sum(
            max(sibling.quantity - sibling.qty_received, 0.0) for sibling in siblings
        )
        if self.lot_id:
            lots = self.sale_line_id._aftersales_lot_return_quantities(exclude_lines=mine)
            figures = lots.get((self.sale_line_id, self.lot_id))
            returnable = min(returnable, figures["returnable"] if figures else 0.0)
        return returnable

    def _signed_receipt(self):
        """(datetime, source) of the customer's signed receipt of the goods of this line.

        The delivery's signed receipt (entered, or imported from the carrier), else the date
        the delivery was done: the return periods of the law count from it. A lot or serial
        counts from the delivery that sent it. Read as superuser (see ``_delivered_moves``).
        """
        self.ensure_one()
        moves = self._delivered_moves()
        if self.lot_id:
            moves = moves.filtered(lambda m: self.lot_id in m.move_line_ids.lot_id) or moves
        signed = moves.picking_id.filtered("aftersales_date_signed")
        if signed:
            latest = max(signed, key=lambda p: p.aftersales_date_signed)
            return latest.aftersales_date_signed, latest.aftersales_signed_source or "entered"
        dates = moves.mapped("date")
        return (max(dates), "dispatch") if dates else (False, False)

    def _delivery_date(self):
        """The day (in the customer's time zone) the customer received the goods."""
        self.ensure_one()
        signed_at = self._signed_receipt()[0]
        return self.return_id._aftersales_local_date(signed_at) if signed_at else False

    def _no_reason_exclusion(self):
        """Why the law excludes the line from returns without a reason (a key of
        ``EXCLUSION_LABELS``), else False."""
        self.ensure_one()
        if self.sale_line_id.aftersales_no_reason_waived:
            return "confirmed"
        kind = self.product_id.product_tmpl_id._aftersales_no_reason_exclusion()
        if kind == "digital" and self._is_unopened():
            # digital and audio-visual goods are excluded once unsealed only
            return False
        return kind

    def _is_unopened(self):
        self.ensure_one()
        return self.reported_condition == "unopened" and self.condition_grade in (
            False,
            "resellable",
        )

    def _is_intact(self):
        """Complete and unused: what a return without a reason takes back (opening the
        package to look at the goods is allowed)."""
        self.ensure_one()
        return self.reported_condition in ("unopened", "opened") and self.condition_grade in (
            False,
            "resellable",
        )

    @api.private
    def _aftersales_repair_count(self):
        """How many times this unit (lot/serial) was repaired before: returns of the same
        lot disposed of to repair. The Repairs bridge counts the repair orders."""
        self.ensure_one()
        if not self.lot_id:
            return 0
        # sudo: earlier returns of the unit may be of another team's case
        return self.sudo().search_count(
            [
                ("lot_id", "=", self.lot_id.id),
                ("id", "!=", self._origin.id),
                ("disposition", "=", "repair"),
                ("qty_disposed", ">", 0),
            ]
        )

    def _shipping_payer(self, rule):
        """Who pays the return shipping of this line (a key of ``SHIPPING_PAYERS``)."""
        self.ensure_one()
        if (self.statutory_ground or "no_reason") == "quality" or (
            self.return_id.company_id.aftersales_return_shop_pays_shipping
        ):
            return "seller"
        if self.return_id.sale_order_id.aftersales_shipping_insurance:
            return "insurance"
        if rule and not rule.buyer_pays_shipping:
            return "seller"
        return "buyer"

    @api.private
    def _policy_results(self):
        """One dict per rule: the rule, whether it passed, and why."""
        self.ensure_one()
        company = self.return_id.company_id
        product = (
            self.env._(
                "%(product)s, lot/serial %(lot)s",
                product=self.product_id.display_name,
                lot=self.lot_id.name,
            )
            if self.lot_id
            else self.product_id.display_name
        )
        signed_on = self._delivery_date()
        today = self.return_id._aftersales_local_date(fields.Datetime.now())
        return_type = self.return_id.return_type or "return"
        if return_type == "return":
            rules = self.env["aftersales.return.rule"]._for_company(company)
            results = self._statutory_results(product, rules, signed_on, today)
            results += self._shop_policy_results(product, signed_on, today)
            results += self._shipping_results(product, rules)
        else:
            results = self._type_results(product, signed_on, today)
            results.append(self._quantity_result(product))
        for result in results:
            result["line_id"] = self.id
        return results

    def _statutory_results(self, product, rules, signed_on, today):
        """What the consumer law grants the line: a return without a reason or a quality
        return, with the verdict and the rule (its legal basis)."""
        ground = self.statutory_ground or "no_reason"
        rule = rules.get(ground)
        if not rule or not self.sale_line_id:
            return []
        result = {"rule": "statutory", "statutory_rule_id": rule.id}
        if not signed_on:
            return [
                dict(
                    result,
                    passed=False,
                    verdict="not_signed",
                    message=self.env._(
                        "%(product)s has not reached the customer yet.", product=product
                    ),
                )
            ]
        if ground == "no_reason":
            result.update(self._no_reason_result(product, rule, signed_on, today))
        else:
            result.update(self._quality_result(product, rule, signed_on, today))
        return [result]

    def _no_reason_result(self, product, rule, signed_on, today):
        exclusion = self._no_reason_exclusion()
        verdict, passed = rule._no_reason_verdict(
            (today - signed_on).days, exclusion, self._is_intact()
        )
        values = {
            "product": product,
            "date": format_date(self.env, signed_on),
            "last": format_date(self.env, rule._last_day(signed_on, rule.days)),
            "days": rule.days,
        }
        if verdict == "no_reason_excluded":
            message = self.env._(
                "%(product)s is %(kind)s: the law excludes it from returns without a reason "
                "(a fault is still a quality return).",
                product=product,
                kind=dict(self._exclusion_labels())[exclusion].lower(),
            )
        elif verdict == "no_reason_late":
            message = self.env._(
                "%(product)s signed for on %(date)s: the %(days)s-day period for a return "
                "without a reason ended on %(last)s.",
                **values,
            )
        elif verdict == "no_reason_not_intact":
            message = self.env._(
                "%(product)s is reported %(condition)s: a return without a reason takes the "
                "goods back complete and unused.",
                product=product,
                condition=dict(self._fields["reported_condition"]._description_selection(self.env))[
                    self.reported_condition
                ].lower(),
            )
        else:
            message = self.env._(
                "%(product)s signed for on %(date)s: returnable without a reason until "
                "%(last)s (%(days)s days).",
                **values,
            )
        return {"passed": passed, "verdict": verdict, "message": message}

    def _quality_result(self, product, rule, signed_on, today):
        months = self.product_id.aftersales_warranty_months or rule.warranty_months
        repairs = self._aftersales_repair_count()
        verdict = rule._quality_verdict(signed_on, today, months, repairs)
        choices = QUALITY_CHOICES[verdict]
        passed = self.outcome in choices
        outcomes = dict(self._fields["outcome"]._description_selection(self.env))
        days = (today - signed_on).days
        date = format_date(self.env, signed_on)
        if verdict == "quality_expired":
            message = self.env._(
                "%(product)s: the %(months)s-month warranty from the signed receipt of "
                "%(date)s is over.",
                product=product,
                months=months,
                date=date,
            )
        elif verdict == "quality_after_repairs":
            message = self.env._(
                "%(product)s: a fault %(days)s days after the signed receipt of %(date)s, "
                "after %(repairs)s repairs of this unit: choice of %(choices)s.",
                product=product,
                days=days,
                date=date,
                repairs=repairs,
                choices=", ".join(outcomes[choice] for choice in choices).lower(),
            )
        else:
            message = self.env._(
                "%(product)s: a fault %(days)s days after the signed receipt of %(date)s: "
                "choice of %(choices)s.",
                product=product,
                days=days,
                date=date,
                choices=", ".join(outcomes[choice] for choice in choices).lower(),
            )
        if not passed:
            message = self.env._(
                "%(message)s Not %(wanted)s.",
                message=message,
                wanted=outcomes[self.outcome].lower(),
            )
        return {"passed": passed, "verdict": verdict, "message": message}

    def _shop_policy_results(self, product, signed_on, today):
        """The shop's own policy: its return window, returnable categories, the condition
        of the goods; the quantity still returnable; the restocking fee."""
        return [
            self._window_result(product, signed_on, today),
            self._returnable_result(product),
            self._quantity_result(product),
            self._condition_result(product),
            # told, never blocking
            {
                "rule": "restocking_fee",
                "passed": True,
                "message": self.env._(
                    "%(product)s: restocking fee %(fee)s%% (%(origin)s).",
                    product=product,
                    fee=self.restocking_fee_percent,
                    origin=self.restocking_fee_origin,
                ),
            },
        ]

    def _window_result(self, product, signed_on, today):
        company = self.return_id.company_id
        policy = self.env["aftersales.return.policy"]._for_product(self.product_id, company)
        window = policy.return_window_days or company.aftersales_return_window_days
        if not self.sale_line_id:
            return {
                "rule": "window",
                "passed": True,
                "message": self.env._(
                    "%(product)s: not sold on an order, no return window applies.", product=product
                ),
            }
        if not signed_on:
            return {
                "rule": "window",
                "passed": False,
                "message": self.env._("%(product)s has not been delivered yet.", product=product),
            }
        last_day = signed_on + timedelta(days=window)
        inside = today <= last_day
        values = {
            "product": product,
            "date": format_date(self.env, signed_on),
            "last": format_date(self.env, last_day),
            "days": window,
        }
        return {
            "rule": "window",
            "passed": inside,
            "message": self.env._(
                "%(product)s received on %(date)s: returnable until %(last)s (%(days)s days).",
                **values,
            )
            if inside
            else self.env._(
                "%(product)s received on %(date)s: the %(days)s-day return window closed "
                "on %(last)s.",
                **values,
            ),
        }

    def _returnable_result(self, product):
        company = self.return_id.company_id
        policy = self.env["aftersales.return.policy"]._for_product(self.product_id, company)
        exclusion = (self.statutory_ground or "no_reason") == "no_reason" and (
            self._no_reason_exclusion()
        )
        if policy and not policy.returnable:
            return {
                "rule": "returnable",
                "passed": False,
                "message": self.env._(
                    "%(product)s (%(categ)s) cannot be returned. %(note)s",
                    product=product,
                    categ=policy.categ_id.display_name,
                    note=policy.note or "",
                ),
            }
        if exclusion:
            # what the law excludes, the shop does not take back without a reason either
            return {
                "rule": "returnable",
                "passed": False,
                "message": self.env._(
                    "%(product)s is %(kind)s: not taken back without a reason.",
                    product=product,
                    kind=dict(self._exclusion_labels())[exclusion].lower(),
                ),
            }
        return {
            "rule": "returnable",
            "passed": True,
            "message": self.env._("%(product)s may be returned.", product=product),
        }

    def _quantity_result(self, product):
        returnable = self._qty_returnable()
        enough = (
            float_compare(
                self.quantity, returnable, precision_rounding=self.product_uom_id.rounding
            )
            <= 0
        )
        return {
            "rule": "quantity",
            "passed": enough,
            "message": self.env._(
                "%(product)s: %(qty)s of %(max)s returnable.",
                product=product,
                qty=self.quantity,
                max=returnable,
            )
            if enough
            else self.env._(
                "%(product)s: %(qty)s requested but only %(max)s can still be returned "
                "(delivered minus returned minus already requested).",
                product=product,
                qty=self.quantity,
                max=max(returnable, 0.0),
            ),
        }

    def _condition_result(self, product):
        customer_fault = (self.reason_id.responsibility or "customer") == "customer"
        used = self.reported_condition in ("used", "damaged")
        if used and customer_fault and not self.return_id.company_id.aftersales_return_accept_used:
            return {
                "rule": "condition",
                "passed": False,
                "message": self.env._(
                    "%(product)s is reported %(condition)s: used or damaged goods are only taken "
                    "back when the customer is not responsible.",
                    product=product,
                    condition=dict(CONDITIONS)[self.reported_condition],
                ),
            }
        return {
            "rule": "condition",
            "passed": True,
            "message": self.env._("%(product)s: condition accepted.", product=product),
        }

    def _type_results(self, product, signed_on, today):
        """The approval rule of a return type where no goods come back (refund only,
        price difference) or missing goods are sent (reship)."""
        return_type = self.return_id.return_type
        days = (today - signed_on).days if signed_on else None
        method = {
            "refund_only": self._refund_only_result,
            "reship": self._reship_result,
            "price_difference": self._price_difference_result,
        }[return_type]
        passed, message = method(product, days)
        return [{"rule": return_type, "passed": passed, "message": message}]

    def _refund_only_result(self, product, days):
        """A lost parcel (never signed for), or goods cheap enough to leave with the
        customer, are refunded without coming back."""
        limit = self.return_id.company_id.aftersales_refund_only_max_value
        money = self.currency_id.format
        if days is None or self.date_signed_source == "dispatch":
            return True, self.env._(
                "%(product)s never reached the customer: refunded without goods back.",
                product=product,
            )
        if (
            float_compare(self.price_subtotal, limit, precision_rounding=self.currency_id.rounding)
            <= 0
        ):
            return True, self.env._(
                "%(product)s: %(value)s, within the %(limit)s of goods refunded without "
                "coming back.",
                product=product,
                value=money(self.price_subtotal),
                limit=money(limit),
            )
        return False, self.env._(
            "%(product)s was signed for and is worth %(value)s, above the %(limit)s refunded "
            "without goods back: a manager decides.",
            product=product,
            value=money(self.price_subtotal),
            limit=money(limit),
        )

    def _reship_result(self, product, days):
        """Goods missing from a parcel are reported soon after it was signed for."""
        limit = self.return_id.company_id.aftersales_reship_days
        if days is None:
            return False, self.env._(
                "%(product)s has not been delivered yet: nothing is missing from a parcel "
                "not received.",
                product=product,
            )
        if days <= limit:
            return True, self.env._(
                "%(product)s: reported missing %(days)s days after the signed receipt, "
                "within %(limit)s days.",
                product=product,
                days=days,
                limit=limit,
            )
        return False, self.env._(
            "%(product)s: reported missing %(days)s days after the signed receipt, later "
            "than %(limit)s days: a manager decides.",
            product=product,
            days=days,
            limit=limit,
        )

    def _price_difference_result(self, product, days):
        """A price difference is refunded within the price protection period."""
        limit = self.return_id.company_id.aftersales_price_protection_days
        if (
            float_compare(self.price_difference, 0.0, precision_rounding=self.currency_id.rounding)
            <= 0
        ):
            return False, self.env._(
                "%(product)s: enter the price difference per unit.", product=product
            )
        if days is not None and days <= limit:
            return True, self.env._(
                "%(product)s: %(difference)s per unit refunded %(days)s days after the "
                "signed receipt, within the %(limit)s-day price protection.",
                product=product,
                difference=self.currency_id.format(self.price_difference),
                days=days,
                limit=limit,
            )
        return False, self.env._(
            "%(product)s: outside the %(limit)s-day price protection after the signed "
            "receipt: a manager decides.",
            product=product,
            limit=limit,
        )

    def _shipping_results(self, product, rules):
        """Who pays the return shipping of the line, and on what basis."""
        ground = self.statutory_ground or "no_reason"
        rule = rules.get(ground)
        payer = self._shipping_payer(rule)
        if payer == "insurance":
            message = self.env._(
                "%(product)s: the return-shipping insurance of %(order)s pays the return shipping.",
                product=product,
                order=self.return_id.sale_order_id.name,
            )
        elif payer == "buyer":
            message = self.env._(
                "%(product)s: the customer pays the return shipping of a return without a reason.",
                product=product,
            )
        elif ground == "quality":
            message = self.env._(
                "%(product)s: the shop pays the return shipping of a quality return.",
                product=product,
            )
        else:
            message = self.env._("%(product)s: the shop pays the return shipping.", product=product)
        return [
            {
                "rule": "shipping",
                "passed": True,
                "message": message,
                "payer": payer,
                "statutory_rule_id": rule.id if rule else False,
            }
        ]

    def _exclusion_labels(self):
        """(key, label) of every reason the law excludes goods from no-reason returns."""
        return [
            *self.env["product.category"]
            ._fields["aftersales_no_reason_exclusion"]
            ._description_selection(self.env),
            ("confirmed", self.env._("confirmed as not returnable at purchase")),
        ]

    # ------------------------------------------------------------ actions

    def action_create_carrier_claim(self):
        """Claim the refunded value of the line from the carrier that lost or damaged it."""
        self.ensure_one()
        self._ensure_can_claim()
        claim = self.env["aftersales.carrier.claim"].create(self._prepare_carrier_claim_vals())
        self.return_id.message_post(
            body=self.env._(
                "Carrier claim %(claim)s for %(product)s: %(amount)s.",
                claim=claim.name,
                product=self.product_id.display_name,
                amount=claim.currency_id.format(claim.amount_claimed),
            )
        )
        return self.return_id._action_view(
            claim, "aftersales_returns.action_aftersales_carrier_claim"
        )

    # ------------------------------------------------------------ guards

    def _ensure_can_claim(self):
        ra = self.return_id
        if ra.state in ("draft", "rejected", "cancel"):
            raise UserError(
                self.env._(
                    "%(ra)s is %(state)s: a carrier claim is made for an authorized return.",
                    ra=ra.name,
                    state=ra._state_label(),
                )
            )
        open_claims = self.claim_ids.filtered(lambda c: c.state != "rejected")
        if open_claims:
            raise UserError(
                self.env._(
                    "%(product)s is already claimed from the carrier: %(claims)s.",
                    product=self.product_id.display_name,
                    claims=", ".join(open_claims.mapped("name")),
                )
            )
        if not (ra.delivery_carrier_id or ra.pickup_carrier_id):
            raise UserError(
                self.env._(
                    "%(ra)s: set the carrier that delivered the order (Logistics tab) before "
                    "claiming from it.",
                    ra=ra.name,
                )
            )

    # ------------------------------------------------------------ business: carrier claims

    def _prepare_carrier_claim_vals(self):
        """The claim of the line: its refunded value (else its value), the carrier and the
        delivery concerned, a lost parcel when it never reached the customer."""
        self.ensure_one()
        ra = self.return_id
        lost = ra.return_type == "refund_only" and self.date_signed_source in (False, "dispatch")
        amount = self.amount_refunded or self.price_subtotal
        return {
            "carrier_id": (ra.delivery_carrier_id or ra.pickup_carrier_id).id,
            "claim_type": "lost" if lost else "damaged",
            "return_id": ra.id,
            "return_line_id": self.id,
            "company_id": ra.company_id.id,
            # the delivery is the warehouse's: only its id is taken, as superuser
            "picking_id": self._delivered_moves().picking_id[:1].id,
            "amount_claimed": amount,
            "description": self.env._(
                "%(qty)s x %(product)s of %(ra)s: %(reason)s. Refunded to the customer: "
                "%(amount)s.",
                qty=self.quantity,
                product=self.product_id.display_name,
                ra=ra.name,
                reason=self.reason_id.name or "",
                amount=self.currency_id.format(amount),
            ),
        }

    # ------------------------------------------------------------ business: receipt scanning

    @api.private
    def _receive_scan(self, quantity, lot, barcode, confirm_over=False):
        """Count ``quantity`` more units of this line, scanned with ``barcode``."""
        self.ensure_one()
        scans = self.env["aftersales.return.scan"]
        if lot and not lot.id:
            return scans._refused(
                self.env._(
                    "Wrong lot/serial: %(lot)s is not a known lot of %(product)s.",
                    lot=lot.name,
                    product=self.product_id.display_name,
                )
            )
        qty_scanned, state = scans._lock_line(self)
        if state != "approved":
            return scans._refused(self.return_id._cannot_receive_message())
        over = scans._is_over(self, qty_scanned, quantity)
        if over and not confirm_over:
            return {
                "status": "confirm",
                "can_confirm": self._can_confirm_over_receipt(),
                "message": self.env._(
                    "%(product)s: %(qty)s more would make %(total)s received, but only "
                    "%(expected)s were authorized.",
                    product=self.product_id.display_name,
                    qty=quantity,
                    total=qty_scanned + quantity,
                    expected=self.quantity,
                ),
            }
        if over and not self._can_confirm_over_receipt():
            return scans._refused(
                self.env._(
                    "Only an inventory or after-sales manager can accept more than authorized."
                )
            )
        scans._aftersales_workflow().create(
            {
                "line_id": self.id,
                "lot_id": lot.id,
                "quantity": quantity,
                "barcode": barcode,
                "over_receipt": over,
            }
        )
        vals = {"qty_scanned": qty_scanned + quantity}
        if over:
            vals["over_received"] = True
        self._aftersales_workflow().write(vals)
        return {
            "status": "ok",
            "message": self.env._(
                "%(product)s: %(done)s / %(expected)s",
                product=self.product_id.display_name,
                done=self.qty_scanned,
                expected=self.quantity,
            ),
            "line": self._receipt_screen_line(),
        }

    def _can_confirm_over_receipt(self):
        user = self.env.user
        return user.has_group("stock.group_stock_manager") or user.has_group(
            "aftersales_flow.group_aftersales_manager"
        )

    @api.private
    def _set_condition_grade(self, grade):
        self.ensure_one()
        if grade not in dict(GRADES):
            raise UserError(self.env._("Unknown condition grade %(grade)s.", grade=grade))
        if self.state != "approved":
            raise UserError(self.return_id._cannot_receive_message())
        self.condition_grade = grade

    @api.private
    def _receipt_screen_line(self):
        self.ensure_one()
        return {
            "id": self.id,
            "product": self.product_id.display_name,
            "barcode": self.product_id.barcode or "",
            "lot": self.lot_id.name or "",
            "tracking": self.product_id.tracking,
            "quantity": self.quantity,
            "qty_scanned": self.qty_scanned,
            "qty_received": self.qty_received,
            "over_received": self.over_received,
            "condition_grade": self.condition_grade or "",
            "note": self.inspection_note or "",
            # counted as superuser: a number needs no access check of every attachment
            # (the attachment search checks the documents of all the attachments it sees)
            "photo_count": len(self.sudo().attachment_ids),
            "discrepancy": self.receipt_discrepancy
            and dict(self._fields["receipt_discrepancy"]._description_selection(self.env))[
                self.receipt_discrepancy
            ]
            or "",
        }

    def _ensure_coherent_refund(self):
        """Refuse a line refunded and replaced (or repaired), or the Refund disposition
        without the refund (checked when the disposition is processed: both are proposals
        the user adjusts until then)."""
        for line in self:
            if line.disposition == "refund" and not line.to_refund:
                raise UserError(
                    self.env._(
                        "%(product)s: the Refund disposition refunds the line: tick Refund or "
                        "choose what happens to the goods.",
                        product=line.product_id.display_name,
                    )
                )
            if line.to_refund and line.disposition in NOT_REFUNDED_DISPOSITIONS:
                raise UserError(
                    self.env._(
                        "%(product)s: a replacement or a repair and a refund for the same goods? "
                        "Choose one.",
                        product=line.product_id.display_name,
                    )
                )

    def _fully_received(self):
        """Whether everything authorized of the line arrived."""
        self.ensure_one()
        return (
            float_compare(
                self.qty_received,
                self.quantity,
                precision_rounding=self.product_uom_id.rounding or 0.01,
            )
            >= 0
        )

    def _is_settled(self):
        """Whether nothing is left to do on the line: its goods disposed of (those that
        came back, or were to be reshipped) and its refund credited."""
        self.ensure_one()
        rounding = self.product_uom_id.rounding or 0.01
        no_goods = (self.return_id.return_type or "return") in NO_GOODS_BACK
        expected = self.quantity - self.qty_missing
        goods_done = (
            no_goods or float_compare(self.qty_disposed, expected, precision_rounding=rounding) >= 0
        )
        refund_done = (
            not self.to_refund
            or float_compare(
                self.qty_refunded,
                self.quantity if no_goods else expected,
                precision_rounding=rounding,
            )
            >= 0
        )
        return goods_done and refund_done

    def _aftersales_outcome_text(self):
        """What became of the line, told to the customer: the goods, the refund."""
        self.ensure_one()
        parts = []
        dispositions = dict(self._fields["disposition"]._description_selection(self.env))
        if self.qty_disposed and self.disposition != "refund":
            if self.return_id.return_type == "reship":
                parts.append(self.env._("%(qty)s sent again", qty=self.qty_disposed))
            else:
                parts.append(
                    self.env._(
                        "%(qty)s x %(disposition)s",
                        qty=self.qty_disposed,
                        disposition=dispositions.get(self.disposition, ""),
                    )
                )
        if self.qty_refunded:
            parts.append(
                self.env._(
                    "%(qty)s refunded (%(amount)s)",
                    qty=self.qty_refunded,
                    amount=self.currency_id.format(self.amount_refunded),
                )
            )
        return "; ".join(parts)

    def _prepare_credit_note_line_vals(self, quantity):
        """Credit note line for ``quantity`` units, restocking fee deducted as a discount.

        Goods the customer keeps (a price difference) or never got (refund only) are credited
        apart from the order line: its delivered quantity did not change, so it is not
        invoiced again; a price difference credits the difference only, with no fee.
        """
        self.ensure_one()
        vals = self.sale_line_id._prepare_invoice_line(quantity=quantity)
        vals["aftersales_return_line_id"] = self.id
        return_type = self.return_id.return_type or "return"
        if return_type in NO_GOODS_BACK:
            vals.pop("sale_line_ids", None)
        if return_type == "price_difference":
            vals.update(
                {
                    "price_unit": self.price_difference,
                    "discount": 0.0,
                    "name": self.env._("Price difference: %(name)s", name=vals["name"]),
                }
            )
            return vals
        if return_type == "refund_only":
            vals["name"] = self.env._("Refund without return: %(name)s", name=vals["name"])
            return vals
        sale_discount = self.sale_line_id.discount or 0.0
        fee = self.restocking_fee_percent
        vals["discount"] = 100 - (100 - sale_discount) * (100 - fee) / 100
        if fee:
            vals["name"] = self.env._(
                "%(name)s (restocking fee %(fee)s%% deducted: %(origin)s)",
                name=vals["name"],
                fee=fee,
                origin=self.restocking_fee_origin,
            )
        return vals
