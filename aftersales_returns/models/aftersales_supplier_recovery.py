from odoo import api, fields, models
from odoo.exceptions import UserError

RECOVERY_STATES = [
    ("draft", "Draft"),
    ("claimed", "Claimed"),
    ("accepted", "Accepted"),
    ("refused", "Refused"),
    ("received", "Paid Back"),
]


class AftersalesSupplierRecovery(models.Model):
    """A claim against the vendor of a product when the manufacturer or supplier is
    responsible for the case: what is requested, the evidence sent, and what the vendor
    paid back (which lowers the case's cost of quality)."""

    _name = "aftersales.supplier.recovery"
    _description = "Supplier Recovery"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # the state moves only through the buttons (the claim date is read-only: guarded too)
    _aftersales_workflow_fields = ("state",)

    # ------------------------------------------------------------ fields

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        RECOVERY_STATES, default="draft", required=True, tracking=True, copy=False, index=True
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Case",
        required=True,
        check_company=True,
        index=True,
        tracking=True,
    )
    return_id = fields.Many2one(
        "aftersales.return",
        string="Return Authorization",
        check_company=True,
        index="btree_not_null",
        domain="[('ticket_id', '=', ticket_id)]",
    )
    return_line_id = fields.Many2one(
        "aftersales.return.line",
        string="Return Line",
        check_company=True,
        index="btree_not_null",
        domain="[('return_id', '=', return_id)]",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Product",
        check_company=True,
        tracking=True,
        compute="_compute_product_id",
        store=True,
        readonly=False,
    )
    supplier_id = fields.Many2one(
        "res.partner",
        string="Vendor",
        tracking=True,
        check_company=True,
        compute="_compute_supplier_id",
        store=True,
        readonly=False,
        help="The product's vendor (its first vendor price line of the company).",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_requested = fields.Monetary(string="Amount Requested", tracking=True)
    amount_received = fields.Monetary(
        string="Amount Received",
        tracking=True,
        help="What the vendor paid back or credited: lowers the case's cost of quality once "
        "the recovery is received.",
    )
    evidence_ids = fields.Many2many(
        "ir.attachment",
        "aftersales_supplier_recovery_attachment_rel",
        "recovery_id",
        "attachment_id",
        string="Evidence",
        help="Photos, test reports and documents sent to the vendor.",
    )
    date_claimed = fields.Date(string="Claimed On", readonly=True, copy=False)
    description = fields.Text()
    can_claim = fields.Boolean(compute="_compute_can")
    can_decide = fields.Boolean(compute="_compute_can")

    # ------------------------------------------------------------ constraints

    _amounts_positive = models.Constraint(
        "CHECK (amount_requested >= 0 AND amount_received >= 0)",
        "Requested and received amounts cannot be negative.",
    )

    # ------------------------------------------------------------ computes

    @api.depends("return_line_id", "ticket_id")
    def _compute_product_id(self):
        for recovery in self:
            product = recovery.return_line_id.product_id or recovery.ticket_id.aftersales_product_id
            if product:
                recovery.product_id = product

    @api.depends("product_id", "company_id")
    def _compute_supplier_id(self):
        for recovery in self:
            sellers = recovery.product_id.seller_ids.filtered(
                lambda s, company=recovery.company_id: s.company_id in (company, s.browse())
            )
            if sellers:
                recovery.supplier_id = sellers[:1].partner_id

    @api.depends("state")
    def _compute_can(self):
        for recovery in self:
            recovery.can_claim = recovery.state == "draft"
            recovery.can_decide = recovery.state == "claimed"

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("aftersales.supplier.recovery") or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        self._ensure_can_change(vals)
        return super().write(vals)

    # ------------------------------------------------------------ actions

    def action_claim(self):
        for recovery in self:
            recovery._ensure_can_claim()
        self._aftersales_workflow().write(
            {"state": "claimed", "date_claimed": fields.Date.context_today(self)}
        )
        return True

    def action_accept(self):
        for recovery in self:
            recovery._ensure_can_decide()
        self._aftersales_workflow().state = "accepted"
        return True

    def action_refuse(self):
        for recovery in self:
            recovery._ensure_can_decide()
        self._aftersales_workflow().state = "refused"
        return True

    def action_mark_received(self):
        for recovery in self:
            if recovery.state != "accepted":
                raise UserError(
                    self.env._(
                        "%(recovery)s: only a recovery the vendor accepted can be received.",
                        recovery=recovery.name,
                    )
                )
            if recovery.amount_received <= 0:
                raise UserError(
                    self.env._(
                        "%(recovery)s: enter the amount received from the vendor first.",
                        recovery=recovery.name,
                    )
                )
        self._aftersales_workflow().state = "received"
        return True

    # ------------------------------------------------------------ guards

    def _ensure_can_claim(self):
        if not self.can_claim:
            raise UserError(
                self.env._("%(recovery)s was already sent to the vendor.", recovery=self.name)
            )
        if self.ticket_id.aftersales_responsibility != "supplier":
            raise UserError(
                self.env._(
                    "%(recovery)s: the case %(case)s does not hold the manufacturer or supplier "
                    "responsible; set its responsibility first.",
                    recovery=self.name,
                    case=self.ticket_id.display_name,
                )
            )
        if not self.supplier_id:
            raise UserError(
                self.env._("%(recovery)s: choose the vendor to claim from.", recovery=self.name)
            )
        if self.amount_requested <= 0:
            raise UserError(
                self.env._(
                    "%(recovery)s: enter the amount requested from the vendor.", recovery=self.name
                )
            )

    def _ensure_can_decide(self):
        if not self.can_decide:
            raise UserError(
                self.env._(
                    "%(recovery)s: only a claimed recovery can be accepted or refused.",
                    recovery=self.name,
                )
            )

    def _ensure_can_change(self, vals):
        """What was claimed is fixed once the vendor has it; what was received once the
        recovery is closed (received or refused)."""
        if self._aftersales_workflow_open():
            return
        for recovery in self:
            if recovery.state == "draft":
                continue
            frozen = [
                "ticket_id",
                "return_id",
                "return_line_id",
                "product_id",
                "supplier_id",
                "amount_requested",
                "company_id",
            ]
            if recovery.state in ("received", "refused"):
                frozen.append("amount_received")
            changed = [
                name
                for name in frozen
                if name in vals and not recovery._aftersales_is_unchanged(name, vals[name])
            ]
            if changed:
                raise UserError(
                    self.env._(
                        "%(recovery)s is %(state)s: %(fields)s can no longer change.",
                        recovery=recovery.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            recovery.state
                        ],
                        fields=", ".join(
                            f"“{self._fields[name]._description_string(self.env)}”"
                            for name in changed
                        ),
                    )
                )
