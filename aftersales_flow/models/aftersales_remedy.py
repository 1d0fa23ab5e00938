from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

REMEDY_TYPES = [
    ("refund", "Refund"),
    ("exchange", "Exchange"),
    ("repair", "Repair"),
    ("redelivery", "Re-delivery"),
    ("parts", "Replacement Parts"),
    ("compensation", "Compensation / Coupon"),
    ("price_adjustment", "Price Adjustment"),
    ("guidance", "Technical Guidance"),
    ("explanation", "Explanation / Apology"),
]

# Remedies that cost the company nothing but time: they carry no amount and
# stay within policy whoever is responsible.
NON_MONETARY_TYPES = ("guidance", "explanation")


class AftersalesRemedy(models.Model):
    _name = "aftersales.remedy"
    _description = "After-Sales Remedy"
    _inherit = ["aftersales.workflow.mixin"]
    _order = "plan_id, sequence, id"
    # carried out through its button only (done date and activity: read-only, guarded too)
    _aftersales_workflow_fields = ("state",)

    # ------------------------------------------------------------ fields

    plan_id = fields.Many2one(
        "aftersales.resolution.plan", required=True, ondelete="cascade", index=True
    )
    ticket_id = fields.Many2one(related="plan_id.ticket_id", store=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    sequence = fields.Integer(default=10)
    remedy_type = fields.Selection(REMEDY_TYPES, string="Remedy", required=True)
    description = fields.Char()
    amount = fields.Monetary(
        currency_field="currency_id",
        help="What the remedy costs the company (refund, compensation, price adjustment…).",
    )
    outside_policy = fields.Boolean(
        help="A goodwill gesture beyond the written after-sales policy: needs a manager's "
        "approval.",
    )
    owner_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        help="Who carries the remedy out once the customer has accepted the plan.",
    )
    deadline = fields.Date()
    state = fields.Selection(
        [("todo", "To Do"), ("done", "Done")], default="todo", required=True, copy=False
    )
    done_date = fields.Datetime(copy=False, readonly=True)
    activity_id = fields.Many2one("mail.activity", copy=False, readonly=True, ondelete="set null")
    can_mark_done = fields.Boolean(compute="_compute_can_mark_done")

    # ------------------------------------------------------------ computes

    @api.depends("state", "plan_id.state", "owner_id", "ticket_id.user_id")
    @api.depends_context("uid")
    def _compute_can_mark_done(self):
        for remedy in self:
            remedy.can_mark_done = (
                remedy.state == "todo"
                and remedy.plan_id.state == "executing"
                and remedy._aftersales_may_carry_out()
            )

    # ------------------------------------------------------------ constraints

    @api.constrains("amount")
    def _check_amount(self):
        for remedy in self:
            if remedy.amount < 0:
                raise ValidationError(
                    self.env._(
                        "The amount of the remedy “%(remedy)s” can't be negative.",
                        remedy=remedy.display_name,
                    )
                )

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        plans = self.env["aftersales.resolution.plan"].browse(
            [vals["plan_id"] for vals in vals_list if vals.get("plan_id")]
        )
        plans._ensure_can_edit_remedies()
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) & self._plan_locked_fields():
            self.plan_id._ensure_can_edit_remedies()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft_plans(self):
        self.plan_id._ensure_can_edit_remedies()

    # ------------------------------------------------------------ actions

    def action_mark_done(self):
        for remedy in self:
            remedy._ensure_can_mark_done()
        now = fields.Datetime.now()
        for remedy in self:
            if remedy.activity_id:
                remedy.activity_id.action_feedback(feedback=self.env._("Remedy carried out."))
        self._aftersales_workflow().write({"state": "done", "done_date": now})
        self.plan_id._check_execution_done()
        return True

    # ------------------------------------------------------------ business

    @api.model
    def _plan_locked_fields(self):
        """Fields that define what was approved and proposed: frozen outside drafts."""
        return {"plan_id", "remedy_type", "amount", "outside_policy", "description"}

    def _aftersales_may_carry_out(self):
        """Whether the current user carries this remedy out: its owner, the case's
        assignee, or an after-sales manager."""
        self.ensure_one()
        user = self.env.user
        # sudo: an owner outside the case's team sees the remedy, not the case; only the
        # assignee's id is read, to compare
        assignee = self.sudo().ticket_id.user_id
        return (
            self.env.su
            or user.id in (self.owner_id.id, assignee.id)
            or user.has_group("aftersales_flow.group_aftersales_manager")
        )

    def _ensure_can_mark_done(self):
        self.ensure_one()
        if not self._aftersales_may_carry_out():
            raise UserError(
                self.env._(
                    "Only the owner of the remedy “%(remedy)s”, the case's assignee or an "
                    "after-sales manager can mark it done.",
                    remedy=self.display_name,
                )
            )
        if self.plan_id.state != "executing":
            raise UserError(
                self.env._(
                    "The remedy “%(remedy)s” can only be carried out once the customer has "
                    "accepted the plan and its execution has started.",
                    remedy=self.display_name,
                )
            )
        if self.state == "done":
            raise UserError(
                self.env._("The remedy “%(remedy)s” is already done.", remedy=self.display_name)
            )

    @api.depends("remedy_type", "description")
    def _compute_display_name(self):
        labels = dict(self._fields["remedy_type"]._description_selection(self.env))
        for remedy in self:
            label = labels.get(remedy.remedy_type, "")
            remedy.display_name = f"{label}: {remedy.description}" if remedy.description else label
