from odoo import api, fields, models
from odoo.exceptions import UserError

CLAIM_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("paid", "Paid"),
]


class AftersalesCarrierClaim(models.Model):
    _name = "aftersales.carrier.claim"
    _description = "Carrier Claim"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # the state moves only through the buttons
    _aftersales_workflow_fields = ("state",)

    # ------------------------------------------------------------ fields

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        CLAIM_STATES, default="draft", required=True, tracking=True, copy=False, index=True
    )
    carrier_id = fields.Many2one(
        "res.partner", string="Carrier", required=True, tracking=True, check_company=True
    )
    claim_type = fields.Selection(
        [
            ("lost", "Lost Parcel"),
            ("damaged", "Damaged Parcel"),
            ("wrong", "Wrong Parcel"),
            ("late", "Late Delivery"),
        ],
        string="Type",
        required=True,
        default="damaged",
        tracking=True,
    )
    return_id = fields.Many2one(
        "aftersales.return",
        string="Return Authorization",
        check_company=True,
        index="btree_not_null",
    )
    return_line_id = fields.Many2one(
        "aftersales.return.line",
        string="Return Line",
        check_company=True,
        index="btree_not_null",
        domain="[('return_id', '=', return_id)]",
        help="The returned goods the claim is about: their refunded value is claimed.",
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Case",
        check_company=True,
        index="btree_not_null",
        compute="_compute_ticket_id",
        store=True,
        readonly=False,
    )
    picking_id = fields.Many2one(
        "stock.picking", string="Transfer", check_company=True, index="btree_not_null"
    )
    tracking_ref = fields.Char(string="Tracking Reference")
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_claimed = fields.Monetary(tracking=True)
    amount_settled = fields.Monetary(tracking=True)
    date_incident = fields.Date(default=fields.Date.context_today)
    description = fields.Text()
    can_submit = fields.Boolean(compute="_compute_can")
    can_settle = fields.Boolean(compute="_compute_can")

    # ------------------------------------------------------------ constraints

    _amount_claimed_positive = models.Constraint(
        "CHECK (amount_claimed >= 0 AND amount_settled >= 0)",
        "Claimed and settled amounts cannot be negative.",
    )

    # ------------------------------------------------------------ computes

    @api.depends("return_id")
    def _compute_ticket_id(self):
        for claim in self:
            if claim.return_id.ticket_id:
                claim.ticket_id = claim.return_id.ticket_id

    @api.depends("state")
    def _compute_can(self):
        for claim in self:
            claim.can_submit = claim.state == "draft"
            claim.can_settle = claim.state == "submitted"

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("aftersales.carrier.claim") or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        self._ensure_can_change(vals)
        return super().write(vals)

    # ------------------------------------------------------------ actions

    def action_submit(self):
        for claim in self:
            claim._ensure_can_submit()
        self._aftersales_workflow().state = "submitted"
        return True

    def action_accept(self):
        for claim in self:
            claim._ensure_can_settle()
        self._aftersales_workflow().state = "accepted"
        return True

    def action_refuse(self):
        for claim in self:
            claim._ensure_can_settle()
        self._aftersales_workflow().state = "rejected"
        return True

    def action_mark_paid(self):
        for claim in self:
            if claim.state != "accepted":
                raise UserError(
                    self.env._("%(claim)s: only an accepted claim can be paid.", claim=claim.name)
                )
            if claim.amount_settled <= 0:
                raise UserError(
                    self.env._(
                        "%(claim)s: enter the settled amount before marking it paid.",
                        claim=claim.name,
                    )
                )
        self._aftersales_workflow().state = "paid"
        return True

    # ------------------------------------------------------------ guards

    def _ensure_can_submit(self):
        if not self.can_submit:
            raise UserError(
                self.env._("%(claim)s was already submitted to the carrier.", claim=self.name)
            )
        if self.amount_claimed <= 0:
            raise UserError(
                self.env._("%(claim)s: enter the amount claimed from the carrier.", claim=self.name)
            )

    def _ensure_can_change(self, vals):
        """What was claimed is fixed once the carrier has it; what was settled once the
        claim is closed (paid or refused)."""
        if self._aftersales_workflow_open():
            return
        for claim in self:
            if claim.state == "draft":
                continue
            frozen = [
                "carrier_id",
                "claim_type",
                "amount_claimed",
                "return_id",
                "return_line_id",
                "ticket_id",
            ]
            if claim.state in ("paid", "rejected"):
                frozen.append("amount_settled")
            changed = [
                name
                for name in frozen
                if name in vals and not claim._aftersales_is_unchanged(name, vals[name])
            ]
            if changed:
                raise UserError(
                    self.env._(
                        "%(claim)s is %(state)s: %(fields)s can no longer change.",
                        claim=claim.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            claim.state
                        ],
                        fields=", ".join(
                            f"“{self._fields[name]._description_string(self.env)}”"
                            for name in changed
                        ),
                    )
                )

    def _ensure_can_settle(self):
        if not self.can_settle:
            raise UserError(
                self.env._(
                    "%(claim)s: only a submitted claim can be accepted or refused.", claim=self.name
                )
            )
