from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .aftersales_remedy import NON_MONETARY_TYPES

PLAN_STATES = [
    ("draft", "Draft"),
    ("to_approve", "Awaiting Approval"),
    ("approved", "Approved"),
    ("refused", "Refused"),
    ("proposed", "Proposed to Customer"),
    ("accepted", "Accepted"),
    ("countered", "Counter-Proposal"),
    ("rejected", "Rejected by Customer"),
    ("executing", "Executing"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]

# States in which the customer has been shown the plan: drafts and approvals stay internal.
CUSTOMER_STATES = ("proposed", "accepted", "countered", "rejected", "executing", "done")

# Fields a user edits only in some states (the form shows them read-only otherwise): what
# the approval is about is fixed once submitted, what the customer reads once they read it,
# and the result is written once there is one.
EDITABLE_IN_STATES = {
    "ticket_id": ("draft",),
    "approver_id": ("draft",),
    "note": ("draft", "to_approve", "approved"),
    "result_summary": ("executing", "done"),
}

# The longest reason or counter-proposal a customer's answer may carry.
MAX_ANSWER_LENGTH = 5000

# States in which the plan is still alive on its case.
OPEN_STATES = (
    "draft",
    "to_approve",
    "approved",
    "proposed",
    "accepted",
    "countered",
    "rejected",
    "executing",
)


class AftersalesResolutionPlan(models.Model):
    _name = "aftersales.resolution.plan"
    _description = "After-Sales Resolution Plan"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "aftersales.workflow.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    # moved by the buttons only (read-only stored fields are guarded by the mixin itself)
    _aftersales_workflow_fields = ("state",)

    # ------------------------------------------------------------ fields

    name = fields.Char(required=True, copy=False, readonly=True, default="/")
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Case",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
        tracking=True,
    )
    partner_id = fields.Many2one(related="ticket_id.partner_id", string="Customer")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        PLAN_STATES, default="draft", required=True, tracking=True, copy=False, index=True
    )
    remedy_ids = fields.One2many("aftersales.remedy", "plan_id", string="Remedies", copy=True)
    response_ids = fields.One2many(
        "aftersales.plan.response", "plan_id", string="Customer Responses", copy=False
    )
    amount_total = fields.Monetary(
        compute="_compute_amount_total", store=True, currency_field="currency_id", tracking=True
    )
    needs_approval = fields.Boolean(compute="_compute_needs_approval")
    approval_reason = fields.Char(compute="_compute_needs_approval")
    note = fields.Html(string="Notes for the Customer")
    submitted_by_id = fields.Many2one("res.users", copy=False, readonly=True, tracking=True)
    approver_id = fields.Many2one(
        "res.users",
        string="Approver",
        copy=False,
        tracking=True,
        domain=lambda self: [
            ("all_group_ids", "in", self.env.ref("aftersales_flow.group_aftersales_manager").ids)
        ],
        help="The after-sales manager asked to approve the plan (gets an activity). "
        "Left empty, the team leader or another manager is asked.",
    )
    approved_by_id = fields.Many2one("res.users", copy=False, readonly=True, tracking=True)
    approved_date = fields.Datetime(copy=False, readonly=True)
    refusal_reason = fields.Text(copy=False, readonly=True, tracking=True)
    proposed_date = fields.Datetime(copy=False, readonly=True)
    accepted_date = fields.Datetime(copy=False, readonly=True)
    result_summary = fields.Text(
        string="Result",
        copy=False,
        help="What was done for the customer: sent to them when the plan is completed.",
    )
    result_sent_date = fields.Datetime(copy=False, readonly=True)

    can_submit = fields.Boolean(compute="_compute_can")
    can_approve = fields.Boolean(compute="_compute_can")
    can_propose = fields.Boolean(compute="_compute_can")
    can_record_response = fields.Boolean(compute="_compute_can")
    can_revise = fields.Boolean(compute="_compute_can")
    can_execute = fields.Boolean(compute="_compute_can")
    can_send_result = fields.Boolean(compute="_compute_can")
    can_cancel = fields.Boolean(compute="_compute_can")

    # ------------------------------------------------------------ computes

    @api.depends("remedy_ids.amount")
    def _compute_amount_total(self):
        for plan in self:
            plan.amount_total = sum(plan.remedy_ids.mapped("amount"))

    @api.depends(
        "amount_total",
        "remedy_ids.outside_policy",
        "remedy_ids.remedy_type",
        "ticket_id.aftersales_responsibility",
        "company_id.aftersales_approval_amount",
    )
    def _compute_needs_approval(self):
        for plan in self:
            reasons = plan._approval_reasons()
            plan.needs_approval = bool(reasons)
            plan.approval_reason = "; ".join(reasons)

    @api.depends("state", "remedy_ids", "submitted_by_id", "result_sent_date")
    @api.depends_context("uid")
    def _compute_can(self):
        is_manager = self.env.user.has_group("aftersales_flow.group_aftersales_manager")
        for plan in self:
            state = plan.state
            plan.can_submit = state == "draft"
            plan.can_approve = (
                state == "to_approve" and is_manager and plan.submitted_by_id != self.env.user
            )
            plan.can_propose = state == "approved"
            plan.can_record_response = state == "proposed"
            plan.can_revise = state in ("countered", "rejected")
            plan.can_execute = state == "accepted"
            plan.can_send_result = state == "done" and not plan.result_sent_date
            plan.can_cancel = state in OPEN_STATES and state != "executing"

    def _compute_access_url(self):
        for plan in self:
            plan.access_url = f"/aftersales/plan/{plan.id}"

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        if not self._aftersales_workflow_open():
            for vals in vals_list:
                # a new plan is a draft
                self._aftersales_ensure_editable("draft", vals, self._aftersales_is_default)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("aftersales.resolution.plan") or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self._aftersales_workflow_open():
            for plan in self:
                plan._aftersales_ensure_editable(plan.state, vals, plan._aftersales_is_unchanged)
                if "result_summary" in vals and plan.result_sent_date:
                    plan._aftersales_ensure_editable("sent", vals, plan._aftersales_is_unchanged)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(plan.state != "draft" for plan in self):
            raise UserError(
                self.env._("Only draft plans can be deleted; cancel the others instead.")
            )

    # ------------------------------------------------------------ actions

    def action_submit(self):
        """Send the plan for approval, or approve it at once when it is within policy."""
        for plan in self:
            plan._ensure_can_submit()
        for plan in self:
            vals = {"submitted_by_id": self.env.uid}
            if plan.needs_approval:
                # the approver chosen on the draft, if they may approve it (a manager of the
                # company, not the submitter), else the first one to ask
                candidates = plan._default_approver()
                approver = (plan.approver_id & candidates) or candidates[:1]
                if not approver:
                    raise UserError(
                        self.env._(
                            "The plan %(plan)s needs approval (%(reason)s) but no other "
                            "after-sales manager can approve it.",
                            plan=plan.name,
                            reason=plan.approval_reason,
                        )
                    )
                plan._aftersales_workflow().write(
                    dict(vals, state="to_approve", approver_id=approver.id)
                )
                plan.activity_schedule(
                    "aftersales_flow.mail_activity_type_plan_approval",
                    user_id=approver.id,
                    note=self.env._("Approval needed: %(reason)s", reason=plan.approval_reason),
                )
            else:
                plan._aftersales_workflow().write(
                    dict(vals, state="approved", approved_date=fields.Datetime.now())
                )
                plan.message_post(
                    body=self.env._("Within policy: no approval needed."),
                )
        return True

    def action_approve(self):
        for plan in self:
            plan._ensure_can_approve()
        self._aftersales_workflow().write(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "approved_date": fields.Datetime.now(),
            }
        )
        self.activity_feedback(
            ["aftersales_flow.mail_activity_type_plan_approval"],
            feedback=self.env._("Approved."),
        )
        return True

    def action_open_refuse_wizard(self):
        self.ensure_one()
        self._ensure_can_approve()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse Plan"),
            "res_model": "aftersales.plan.refuse.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_id": self.id},
        }

    def action_propose(self):
        """Send the approved plan to the customer with accept / reject links."""
        for plan in self:
            plan._ensure_can_propose()
        template = self.env.ref("aftersales_flow.mail_template_plan_proposal")
        for plan in self:
            plan._aftersales_workflow().write(
                {"state": "proposed", "proposed_date": fields.Datetime.now()}
            )
            plan._portal_ensure_token()
            plan.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=plan.partner_id.ids,
            )
            plan.ticket_id.message_post(
                body=self.env._(
                    "Resolution plan %(plan)s proposed to the customer.", plan=plan.name
                ),
            )
        return True

    def action_open_response_wizard(self):
        self.ensure_one()
        self._ensure_can_record_response()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer Response"),
            "res_model": "aftersales.plan.response.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_id": self.id},
        }

    def action_revise(self):
        """Reopen negotiation after a counter-proposal or a rejection: back to draft."""
        for plan in self:
            plan._ensure_can_revise()
        self._aftersales_workflow().write(
            {
                "state": "draft",
                "submitted_by_id": False,
                "approved_by_id": False,
                "approved_date": False,
                "proposed_date": False,
            }
        )
        return True

    def action_execute(self):
        """Start execution: each remedy owner gets an activity with the remedy deadline."""
        for plan in self:
            plan._ensure_can_execute()
        self._aftersales_workflow().write({"state": "executing"})
        for plan in self:
            for remedy in plan.remedy_ids.filtered(lambda r: r.state == "todo"):
                activity = plan.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=remedy.deadline or fields.Date.context_today(plan),
                    summary=self.env._("Carry out: %(remedy)s", remedy=remedy.display_name),
                    user_id=(remedy.owner_id or self.env.user).id,
                )
                remedy._aftersales_workflow().activity_id = activity
            plan._check_execution_done()
        return True

    def action_send_result(self):
        """Tell the customer what was done and resolve the case."""
        for plan in self:
            plan._ensure_can_send_result()
        template = self.env.ref("aftersales_flow.mail_template_plan_result")
        for plan in self:
            plan._aftersales_workflow().result_sent_date = fields.Datetime.now()
            plan.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=plan.partner_id.ids,
            )
        self.ticket_id._aftersales_resolve()
        return True

    def action_cancel(self):
        for plan in self:
            if not plan.can_cancel:
                raise UserError(
                    self.env._(
                        "The plan %(plan)s can't be cancelled in its current state.",
                        plan=plan.name,
                    )
                )
        self._aftersales_workflow().write({"state": "cancelled"})
        self.activity_unlink(["aftersales_flow.mail_activity_type_plan_approval"])
        return True

    # ------------------------------------------------------------ business

    def _approval_reasons(self):
        """Why this plan needs a manager's approval (empty when it doesn't)."""
        self.ensure_one()
        reasons = []
        limit = self.company_id.aftersales_approval_amount
        if self.amount_total > limit:
            reasons.append(
                self.env._(
                    "total %(total)s above %(limit)s",
                    total=self.amount_total,
                    limit=limit,
                )
            )
        if any(self.remedy_ids.mapped("outside_policy")):
            reasons.append(self.env._("a remedy is outside policy"))
        if self.ticket_id.aftersales_responsibility == "customer" and any(
            r.remedy_type not in NON_MONETARY_TYPES for r in self.remedy_ids
        ):
            reasons.append(
                self.env._("the customer is responsible, yet the plan offers more than advice")
            )
        return reasons

    def _default_approver(self):
        """Who may approve the plan, the one to ask first first (never its submitter)."""
        self.ensure_one()
        return self.env["res.users"]._aftersales_approvers(
            self.company_id, team=self.ticket_id.team_id, exclude=self.env.user
        )

    @api.private
    def apply_customer_response(self, response, channel, reason=None, counter_proposal=None):
        """Record the customer's answer to the proposed plan and move the plan on."""
        self.ensure_one()
        self._ensure_can_record_response()
        if response not in ("accepted", "countered", "rejected"):
            raise UserError(self.env._("Unknown answer to a resolution plan."))
        reason = self._aftersales_answer_text(reason)
        counter_proposal = self._aftersales_answer_text(counter_proposal)
        if response == "rejected" and not reason:
            raise UserError(self.env._("Say why the customer rejects the plan."))
        if response == "countered" and not counter_proposal:
            raise UserError(self.env._("Describe what the customer proposes instead."))
        self.env["aftersales.plan.response"]._aftersales_workflow().create(
            {
                "plan_id": self.id,
                "response": response,
                "channel": channel,
                "reason": reason or False,
                "counter_proposal": counter_proposal or False,
            }
        )
        vals = {"state": response}
        if response == "accepted":
            vals["accepted_date"] = fields.Datetime.now()
        self._aftersales_workflow().write(vals)
        labels = dict(self._fields["state"]._description_selection(self.env))
        body = self.env._(
            "Customer answer to plan %(plan)s: %(answer)s.",
            plan=self.name,
            answer=labels[response],
        )
        if reason:
            body += " " + self.env._("Reason: %(reason)s", reason=reason)
        if counter_proposal:
            body += " " + self.env._("Proposes: %(proposal)s", proposal=counter_proposal)
        self.ticket_id.message_post(body=body)
        return True

    @api.model
    def _aftersales_answer_text(self, text):
        """A text of the customer's answer (a reason, a counter-proposal), stripped, or a
        clear refusal of what no answer is: not a text, a NUL character, too long."""
        if not text:
            return ""
        if not isinstance(text, str) or "\x00" in text:
            raise UserError(self.env._("The answer contains characters that can't be recorded."))
        text = text.strip()
        if len(text) > MAX_ANSWER_LENGTH:
            raise UserError(
                self.env._(
                    "Please keep the answer under %(count)s characters.",
                    count=MAX_ANSWER_LENGTH,
                )
            )
        return text

    def _refuse(self, reason):
        self.ensure_one()
        self._ensure_can_approve()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for refusing the plan."))
        self._aftersales_workflow().write({"state": "refused", "refusal_reason": reason})
        self.activity_feedback(
            ["aftersales_flow.mail_activity_type_plan_approval"],
            feedback=self.env._("Refused: %(reason)s", reason=reason),
        )
        return True

    def _check_execution_done(self):
        for plan in self:
            # sudo: every remedy counts, also those the user (a remedy's owner from another
            # team) may not read
            remedies = plan.sudo().remedy_ids
            if plan.state == "executing" and all(r.state == "done" for r in remedies):
                plan._aftersales_workflow().state = "done"

    def _portal_respond(self, response, reason=None, counter_proposal=None):
        """The customer's answer from the portal link.

        Called on the sudo record the portal controller got back from its
        token check: the customer has no access rights on plans, the access
        token is their proof of identity.
        """
        return self.apply_customer_response(
            response, "portal", reason=reason, counter_proposal=counter_proposal
        )

    # ------------------------------------------------------------ guards

    def _portal_visible_to(self, user):
        """Whether the logged-in ``user`` sees this plan on the portal: once it was proposed,
        whoever may read its case (its customer)."""
        self.ensure_one()
        # Customers have no rights on plans: they see them through their case, which is
        # checked with the customer's own rights below.
        plan_sudo = self.sudo().exists()
        if not plan_sudo or plan_sudo.state not in CUSTOMER_STATES:
            return False
        return plan_sudo.ticket_id.with_user(user).has_access("read")

    def _aftersales_ensure_editable(self, state, vals, unchanged):
        """Refuse the fields of ``vals`` not editable in ``state`` (unless ``unchanged``)."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        for name, states in EDITABLE_IN_STATES.items():
            if name in vals and state not in states and not unchanged(name, vals[name]):
                raise UserError(
                    self.env._(
                        "“%(field)s” of plan %(plan)s can't be changed while it is “%(state)s”.",
                        field=self._fields[name]._description_string(self.env),
                        plan=self.name or self.env._("(new)"),
                        state=labels.get(state, self.env._("Result Sent")),
                    )
                )

    def _ensure_can_edit_remedies(self):
        for plan in self:
            if plan.state != "draft":
                raise UserError(
                    self.env._(
                        "The remedies of plan %(plan)s can only be changed while it is a "
                        "draft. Revise it or create a new plan.",
                        plan=plan.name,
                    )
                )

    def _ensure_can_submit(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(
                self.env._("Only draft plans can be submitted (%(plan)s).", plan=self.name)
            )
        if not self.remedy_ids:
            raise UserError(
                self.env._("Add at least one remedy to the plan %(plan)s.", plan=self.name)
            )
        if not self.ticket_id.partner_id:
            raise UserError(
                self.env._("Set the customer of the case before planning its resolution.")
            )

    def _ensure_can_approve(self):
        self.ensure_one()
        if not self.env.user.has_group("aftersales_flow.group_aftersales_manager"):
            raise AccessError(
                self.env._("Only after-sales managers can approve or refuse resolution plans.")
            )
        if self.state != "to_approve":
            raise UserError(
                self.env._("The plan %(plan)s is not awaiting approval.", plan=self.name)
            )
        if self.submitted_by_id == self.env.user:
            raise UserError(
                self.env._("You can't approve or refuse a plan you submitted yourself.")
            )

    def _ensure_can_propose(self):
        self.ensure_one()
        if self.state != "approved":
            raise UserError(
                self.env._(
                    "Only approved plans can be proposed to the customer (%(plan)s).",
                    plan=self.name,
                )
            )
        if not self.remedy_ids:
            raise UserError(self.env._("A plan without remedies can't be proposed."))

    def _ensure_can_record_response(self):
        self.ensure_one()
        if self.state != "proposed":
            raise UserError(
                self.env._(
                    "The customer has already answered plan %(plan)s, or it was not "
                    "proposed to them.",
                    plan=self.name,
                )
            )

    def _ensure_can_revise(self):
        self.ensure_one()
        if self.state not in ("countered", "rejected"):
            raise UserError(
                self.env._("Only plans the customer rejected or countered can be revised.")
            )

    def _ensure_can_execute(self):
        self.ensure_one()
        if self.state != "accepted":
            raise UserError(
                self.env._(
                    "The plan %(plan)s can only be executed once approved and accepted by "
                    "the customer.",
                    plan=self.name,
                )
            )

    def _ensure_can_send_result(self):
        self.ensure_one()
        if self.state != "done":
            raise UserError(
                self.env._("Carry out every remedy of plan %(plan)s first.", plan=self.name)
            )
        if self.result_sent_date:
            raise UserError(
                self.env._("The result of plan %(plan)s was already sent.", plan=self.name)
            )
