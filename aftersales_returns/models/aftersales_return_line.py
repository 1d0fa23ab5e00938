from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_round

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


# What a line authorizes: fixed once the return leaves the draft (its approval is about them).
LOCKED_AFTER_DRAFT = ("sale_line_id", "product_id", "lot_id", "quantity", "price_unit")


def quantity_error(env, product, quantity):
    """Why ``quantity`` of ``product`` (in its unit) cannot be returned, else None.

    A quantity is a finite positive number, a multiple of the unit's precision, and whole
    for goods counted in units (and for serial numbers).
    """
    if not isinstance(quantity, (int, float)) or quantity != quantity or quantity in (
        float("inf"), float("-inf")
    ) or quantity <= 0 or quantity > 1e9:
        return env._("A quantity to return is a positive number.")
    uom = product.uom_id
    rounding = uom.rounding or 0.01
    if float_compare(
        float_round(quantity, precision_rounding=rounding), quantity, precision_digits=6
    ):
        return env._(
            "%(product)s: %(qty)s is not a quantity of %(uom)s (precision %(rounding)s).",
            product=product.display_name, qty=quantity, uom=uom.name, rounding=rounding,
        )
    whole = product.tracking == "serial" or uom == env.ref(
        "uom.product_uom_unit", raise_if_not_found=False
    )
    if whole and float_compare(quantity, round(quantity), precision_digits=6):
        return env._(
            "%(product)s is counted in whole units: %(qty)s cannot be returned.",
            product=product.display_name, qty=quantity,
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
        "sale.order.line", string="Order Line", index="btree_not_null", check_company=True,
        domain="[('order_id', '=', parent.sale_order_id), ('display_type', '=', False)]",
    )
    product_id = fields.Many2one(
        "product.product", required=True, check_company=True,
        compute="_compute_product_id", store=True, readonly=False, precompute=True,
        domain="[('type', '=', 'consu')]",
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    tracking = fields.Selection(related="product_id.tracking")
    # computed as superuser: the agent preparing the return may have no inventory rights
    delivered_lot_ids = fields.Many2many(
        "stock.lot", string="Delivered Lots/Serials", compute="_compute_delivered_lot_ids",
        compute_sudo=True,
    )
    lot_id = fields.Many2one(
        "stock.lot", string="Lot/Serial", check_company=True,
        domain="[('id', 'in', delivered_lot_ids)] if sale_line_id "
        "else [('product_id', '=', product_id)]",
    )
    quantity = fields.Float(default=1.0, required=True, digits="Product Unit")
    reason_id = fields.Many2one("aftersales.return.reason", string="Reason")
    reported_condition = fields.Selection(CONDITIONS, default="unopened", required=True)
    outcome = fields.Selection(
        [("refund", "Refund"), ("exchange", "Exchange"), ("repair", "Repair")],
        string="Wanted Outcome", compute="_compute_outcome", store=True, readonly=False,
        precompute=True, required=True,
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Photos")
    currency_id = fields.Many2one(related="return_id.currency_id")
    price_unit = fields.Monetary(
        compute="_compute_price_unit", store=True, readonly=False, precompute=True
    )
    price_subtotal = fields.Monetary(compute="_compute_price_subtotal", store=True)
    restocking_fee_percent = fields.Float(
        string="Restocking Fee (%)", compute="_compute_restocking_fee_percent", store=True,
        readonly=False, precompute=True,
        help="Deducted from the refund: the highest of the reason's (or category policy's, "
        "or company's) fee and the fee of the goods' condition.",
    )
    restocking_fee_source = fields.Selection(
        FEE_SOURCES, string="Fee Origin", compute="_compute_restocking_fee_percent",
        store=True, readonly=False, precompute=True,
    )
    restocking_fee_origin = fields.Char(
        string="Restocking Fee Origin", compute="_compute_restocking_fee_origin",
        help="Where the restocking fee of the line comes from.",
    )
    move_ids = fields.One2many(
        "stock.move", "aftersales_return_line_id", string="Return Moves", readonly=True
    )
    qty_received = fields.Float(
        compute="_compute_qty_received", store=True, digits="Product Unit",
        help="Quantity validated on the return receipts.",
    )
    condition_grade = fields.Selection(
        GRADES, help="Condition found at inspection."
    )
    inspection_note = fields.Char()
    disposition = fields.Selection(
        DISPOSITIONS, compute="_compute_disposition", store=True, readonly=False,
        help="What happens to the received goods.",
    )
    exchange_product_id = fields.Many2one(
        "product.product", string="Replacement", check_company=True,
        domain="[('type', '=', 'consu')]",
        help="Sent instead of the returned product on an exchange; empty sends the same one.",
    )
    qty_disposed = fields.Float(readonly=True, copy=False, digits="Product Unit")
    scan_ids = fields.One2many("aftersales.return.scan", "line_id", string="Scans", readonly=True)
    qty_scanned = fields.Float(
        string="Scanned", readonly=True, copy=False, digits="Product Unit",
        help="Counted at the receipt by scanning; the receipt is validated with it.",
    )
    over_received = fields.Boolean(
        readonly=True, copy=False, help="More than authorized was received (confirmed)."
    )
    receipt_discrepancy = fields.Selection(
        [("missing", "Missing"), ("extra", "Extra"), ("damaged", "Not Resellable")],
        readonly=True, copy=False, help="Found at the validation of the scanned receipt.",
    )
    qty_to_dispose = fields.Float(
        string="Awaiting Disposition", compute="_compute_qty_to_dispose", store=True,
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

    @api.depends("price_unit", "quantity")
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = line.price_unit * line.quantity

    @api.depends(
        "reason_id", "product_id", "return_id.company_id", "condition_grade",
        "reported_condition",
    )
    def _compute_restocking_fee_percent(self):
        for line in self:
            line.restocking_fee_percent, line.restocking_fee_source = line._restocking_fee()

    @api.depends(
        "restocking_fee_source", "restocking_fee_percent", "reason_id", "condition_grade",
        "reported_condition", "product_id",
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
                line.restocking_fee_origin = self.env._(
                    "%(origin)s: %(grade)s", origin=sources[source], grade=grade,
                ) if line.condition_grade else self.env._(
                    "%(origin)s: %(grade)s (as reported)", origin=sources[source], grade=grade,
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

    @api.depends("outcome", "condition_grade")
    def _compute_disposition(self):
        for line in self:
            if line.condition_grade in ("damaged", "defective") and line.outcome == "refund":
                line.disposition = "scrap" if line.condition_grade == "damaged" else "refund"
            else:
                line.disposition = line.outcome

    @api.depends("qty_received", "qty_disposed")
    def _compute_qty_to_dispose(self):
        for line in self:
            line.qty_to_dispose = max(line.qty_received - line.qty_disposed, 0.0)

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
                raise UserError(self.env._(
                    "Lines are added to a draft return authorization only: what is "
                    "authorized does not change after it was submitted."
                ))
        return super().create(vals_list)

    def write(self, vals):
        self._mark_manual_fee(vals)
        if self._aftersales_workflow_open():
            return super().write(vals)
        if "price_unit" in vals and (
            not self._may_set_price() or vals.get("sale_line_id")
            or any(line.sale_line_id for line in self)
        ):
            vals = dict(vals)
            vals.pop("price_unit")
        locked = [
            name for name in LOCKED_AFTER_DRAFT
            if name in vals and not self._aftersales_is_unchanged(name, vals[name])
        ]
        if locked and any(line.return_id.state != "draft" for line in self):
            raise UserError(self.env._(
                "%(fields)s of a return line change only while the return authorization is a "
                "draft: its approval is about them.",
                fields=", ".join(
                    f"“{self._fields[name]._description_string(self.env)}”" for name in locked
                ),
            ))
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
                raise ValidationError(self.env._(
                    "%(product)s is not on the sale order %(order)s of return %(ra)s.",
                    product=line.product_id.display_name, order=order.name,
                    ra=line.return_id.name,
                ))
            if line.sale_line_id.product_id != line.product_id:
                raise ValidationError(self.env._(
                    "The line returns %(product)s but its order line sold %(sold)s.",
                    product=line.product_id.display_name,
                    sold=line.sale_line_id.product_id.display_name,
                ))

    @api.constrains("lot_id", "sale_line_id")
    def _check_lot_delivered(self):
        for line in self.filtered("lot_id"):
            delivered_lots = line._delivered_moves().move_line_ids.lot_id
            if line.lot_id not in delivered_lots:
                raise ValidationError(self.env._(
                    "Lot/serial %(lot)s was not delivered to %(customer)s on this order.",
                    lot=line.lot_id.name, customer=line.return_id.partner_id.display_name,
                ))

    @api.constrains("quantity", "product_id")
    def _check_quantity(self):
        for line in self:
            error = quantity_error(self.env, line.product_id, line.quantity)
            if error:
                raise ValidationError(error)

    @api.constrains("lot_id", "quantity", "product_id")
    def _check_serial_quantity(self):
        for line in self:
            if line.lot_id and line.product_id.tracking == "serial" and float_compare(
                line.quantity, 1.0, precision_rounding=line.product_uom_id.rounding or 0.01
            ) != 0:
                raise ValidationError(self.env._(
                    "%(product)s: a serial number identifies one unit; return one unit with "
                    "serial %(lot)s or leave the serial empty.",
                    product=line.product_id.display_name, lot=line.lot_id.name,
                ))

    @api.constrains("qty_disposed", "qty_received")
    def _check_qty_disposed(self):
        for line in self:
            if float_compare(
                line.qty_disposed, line.qty_received,
                precision_rounding=line.product_uom_id.rounding or 0.01,
            ) > 0:
                raise ValidationError(self.env._(
                    "%(product)s: %(disposed)s disposed of but only %(received)s received.",
                    product=line.product_id.display_name, disposed=line.qty_disposed,
                    received=line.qty_received,
                ))

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
        siblings = self.return_id.line_ids.filtered(
            lambda line: line.sale_line_id == self.sale_line_id
        ) - self
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

    def _delivery_date(self):
        moves = self._delivered_moves()
        if self.lot_id:
            # the window of a lot/serial runs from the delivery that sent it
            moves = moves.filtered(lambda m: self.lot_id in m.move_line_ids.lot_id) or moves
        dates = moves.mapped("date")
        return max(dates).date() if dates else False

    @api.private
    def _policy_results(self):
        """One dict per rule: the rule, whether it passed, and why."""
        self.ensure_one()
        company = self.return_id.company_id
        product = self.env._(
            "%(product)s, lot/serial %(lot)s",
            product=self.product_id.display_name, lot=self.lot_id.name,
        ) if self.lot_id else self.product_id.display_name
        policy = self.env["aftersales.return.policy"]._for_product(self.product_id, company)
        results = []

        def add(rule, passed, message):
            results.append(
                {"line_id": self.id, "rule": rule, "passed": passed, "message": message}
            )

        # return window
        window = policy.return_window_days or company.aftersales_return_window_days
        delivered_on = self._delivery_date()
        if not self.sale_line_id:
            add("window", True, self.env._(
                "%(product)s: not sold on an order, no return window applies.", product=product
            ))
        elif not delivered_on:
            add("window", False, self.env._(
                "%(product)s has not been delivered yet.", product=product
            ))
        else:
            last_day = delivered_on + timedelta(days=window)
            inside = fields.Date.context_today(self) <= last_day
            add("window", inside, self.env._(
                "%(product)s delivered on %(date)s: returnable until %(last)s (%(days)s days).",
                product=product, date=delivered_on, last=last_day, days=window,
            ) if inside else self.env._(
                "%(product)s delivered on %(date)s: the %(days)s-day return window closed "
                "on %(last)s.", product=product, date=delivered_on, days=window, last=last_day,
            ))
        # returnable category
        if policy and not policy.returnable:
            add("returnable", False, self.env._(
                "%(product)s (%(categ)s) cannot be returned. %(note)s",
                product=product, categ=policy.categ_id.display_name, note=policy.note or "",
            ))
        else:
            add("returnable", True, self.env._(
                "%(product)s may be returned.", product=product
            ))
        # quantity
        returnable = self._qty_returnable()
        enough = float_compare(
            self.quantity, returnable, precision_rounding=self.product_uom_id.rounding
        ) <= 0
        add("quantity", enough, self.env._(
            "%(product)s: %(qty)s of %(max)s returnable.",
            product=product, qty=self.quantity, max=returnable,
        ) if enough else self.env._(
            "%(product)s: %(qty)s requested but only %(max)s can still be returned "
            "(delivered minus returned minus already requested).",
            product=product, qty=self.quantity, max=max(returnable, 0.0),
        ))
        # condition
        customer_fault = (self.reason_id.responsibility or "customer") == "customer"
        used = self.reported_condition in ("used", "damaged")
        if used and customer_fault and not company.aftersales_return_accept_used:
            add("condition", False, self.env._(
                "%(product)s is reported %(condition)s: used or damaged goods are only taken "
                "back when the customer is not responsible.",
                product=product, condition=dict(CONDITIONS)[self.reported_condition],
            ))
        else:
            add("condition", True, self.env._(
                "%(product)s: condition accepted.", product=product
            ))
        # restocking fee: told, never blocking
        add("restocking_fee", True, self.env._(
            "%(product)s: restocking fee %(fee)s%% (%(origin)s).",
            product=product, fee=self.restocking_fee_percent, origin=self.restocking_fee_origin,
        ))
        return results

    # ------------------------------------------------------------ business: receipt scanning

    @api.private
    def _receive_scan(self, quantity, lot, barcode, confirm_over=False):
        """Count ``quantity`` more units of this line, scanned with ``barcode``."""
        self.ensure_one()
        scans = self.env["aftersales.return.scan"]
        if lot and not lot.id:
            return scans._refused(self.env._(
                "Wrong lot/serial: %(lot)s is not a known lot of %(product)s.",
                lot=lot.name, product=self.product_id.display_name,
            ))
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
                    product=self.product_id.display_name, qty=quantity,
                    total=qty_scanned + quantity, expected=self.quantity,
                ),
            }
        if over and not self._can_confirm_over_receipt():
            return scans._refused(self.env._(
                "Only an inventory or after-sales manager can accept more than authorized."
            ))
        scans._aftersales_workflow().create({
            "line_id": self.id,
            "lot_id": lot.id,
            "quantity": quantity,
            "barcode": barcode,
            "over_receipt": over,
        })
        vals = {"qty_scanned": qty_scanned + quantity}
        if over:
            vals["over_received"] = True
        self._aftersales_workflow().write(vals)
        return {
            "status": "ok",
            "message": self.env._(
                "%(product)s: %(done)s / %(expected)s", product=self.product_id.display_name,
                done=self.qty_scanned, expected=self.quantity,
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
            "over_received": self.over_received,
            "condition_grade": self.condition_grade or "",
            "note": self.inspection_note or "",
            "photo_count": len(self.attachment_ids),
            "discrepancy": self.receipt_discrepancy and dict(
                self._fields["receipt_discrepancy"]._description_selection(self.env)
            )[self.receipt_discrepancy] or "",
        }

    def _prepare_credit_note_line_vals(self, quantity):
        """Credit note line for ``quantity`` units, restocking fee deducted as a discount."""
        self.ensure_one()
        vals = self.sale_line_id._prepare_invoice_line(quantity=quantity)
        sale_discount = self.sale_line_id.discount or 0.0
        fee = self.restocking_fee_percent
        vals["discount"] = 100 - (100 - sale_discount) * (100 - fee) / 100
        if fee:
            vals["name"] = self.env._(
                "%(name)s (restocking fee %(fee)s%% deducted: %(origin)s)",
                name=vals["name"], fee=fee, origin=self.restocking_fee_origin,
            )
        vals["aftersales_return_line_id"] = self.id
        return vals
