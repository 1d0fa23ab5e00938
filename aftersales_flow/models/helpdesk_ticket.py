from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

CASE_KINDS = [
    ("inquiry", "Inquiry"),
    ("complaint", "Complaint"),
    ("return", "Return/Exchange Request"),
    ("repair", "Repair Request"),
    ("refund", "Refund Request"),
    ("logistics", "Logistics Inquiry"),
    ("suggestion", "Suggestion"),
    ("praise", "Praise"),
]

RESPONSIBILITIES = [
    ("company", "Company"),
    ("supplier", "Manufacturer / Supplier"),
    ("seller", "Seller"),
    ("carrier", "Carrier"),
    ("customer", "Customer"),
    ("undetermined", "Undetermined"),
]


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------ fields: intake

    case_kind = fields.Selection(
        CASE_KINDS,
        string="Kind",
        tracking=True,
        index=True,
        help="What the customer comes for: drives routing, SLA and reporting.",
    )

    # ------------------------------------------------ fields: investigation and resolution

    evidence_reference = fields.Char(
        string="Order / Delivery / Tracking References",
        help="References checked during the investigation (order, delivery note, tracking number).",
    )
    evidence_attachment_ids = fields.Many2many(
        "ir.attachment",
        "helpdesk_ticket_aftersales_evidence_rel",
        "ticket_id",
        "attachment_id",
        string="Evidence",
        help="Photos, videos, documents and messages kept as evidence of the case.",
    )
    investigation_findings = fields.Html(string="Findings")
    root_cause_id = fields.Many2one(
        "aftersales.root.cause", string="Root Cause", tracking=True, index=True
    )
    responsibility = fields.Selection(
        RESPONSIBILITIES,
        tracking=True,
        index=True,
        help="Who is responsible for the problem. When it is not the company's, the case is "
        "usually resolved with an explanation and advice.",
    )
    responsibility_basis = fields.Text(
        string="Policy / Legal Basis",
        help="The policy, warranty term or consumer-protection rule the responsibility rests on.",
    )
    responsibility_not_ours = fields.Boolean(compute="_compute_responsibility_not_ours")
    resolution_plan_ids = fields.One2many(
        "aftersales.resolution.plan", "ticket_id", string="Resolution Plans"
    )
    resolution_plan_count = fields.Integer(compute="_compute_resolution_plan_count")
    followup_date = fields.Date(
        string="Follow-up Due",
        copy=False,
        readonly=True,
        help="The follow-up call planned on resolution, within the days set in Settings.",
    )
    followup_activity_id = fields.Many2one(
        "mail.activity", copy=False, readonly=True, ondelete="set null"
    )
    followup_outcome = fields.Text(copy=False, tracking=True)
    followup_done_date = fields.Datetime(copy=False, readonly=True)
    low_satisfaction = fields.Boolean(
        copy=False,
        tracking=True,
        index=True,
        help="The customer's satisfaction rating was at or below the threshold set in Settings.",
    )

    # ------------------------------------------------------------ fields: confidentiality

    aftersales_confidential = fields.Boolean(
        string="Confidential",
        tracking=True,
        index=True,
        copy=False,
        help="Only the assigned user, the team leader and the managers see a confidential case "
        "and its return authorizations, whatever the team rules say.",
    )
    # The customer's contact data stays with the roles that talk to the customer: warehouse
    # and other internal staff who may read a case (as followers) do not see it.
    partner_name = fields.Char(
        groups="helpdesk_mgmt.group_helpdesk_user_own,base.group_portal,base.group_public"
    )
    partner_email = fields.Char(
        groups="helpdesk_mgmt.group_helpdesk_user_own,base.group_portal,base.group_public"
    )

    # ---------------------------------------------- computes: investigation and resolution

    @api.depends("responsibility")
    def _compute_responsibility_not_ours(self):
        for ticket in self:
            ticket.responsibility_not_ours = ticket.responsibility in (
                "customer",
                "carrier",
                "supplier",
                "seller",
            )

    @api.depends("resolution_plan_ids")
    def _compute_resolution_plan_count(self):
        counts = dict(
            self.env["aftersales.resolution.plan"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.resolution_plan_count = counts.get(ticket, 0)

    # ----------------------------------------------- actions: investigation and resolution

    def action_new_resolution_plan(self):
        """Start a draft plan; a case that is not ours starts with an explanation."""
        self.ensure_one()
        live = self.resolution_plan_ids.filtered(
            lambda p: p.state not in ("refused", "cancelled", "done")
        )
        if live:
            raise UserError(
                self.env._(
                    "The case already has the plan %(plan)s in progress: finish or cancel "
                    "it first.",
                    plan=live[0].name,
                )
            )
        plan = self.env["aftersales.resolution.plan"].create(self._prepare_resolution_plan_vals())
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.resolution.plan",
            "res_id": plan.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_view_resolution_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_flow.action_aftersales_resolution_plan"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    def action_record_followup(self):
        for ticket in self:
            if not ticket.followup_date or ticket.followup_done_date:
                raise UserError(
                    self.env._(
                        "No follow-up call is pending on case %(case)s.",
                        case=ticket.display_name,
                    )
                )
            if not (ticket.followup_outcome or "").strip():
                raise UserError(self.env._("Write the outcome of the follow-up call first."))
        for ticket in self:
            if ticket.followup_activity_id:
                ticket.followup_activity_id.action_feedback(feedback=ticket.followup_outcome)
            ticket.followup_done_date = fields.Datetime.now()
        return True

    # ---------------------------------------------- business: investigation and resolution

    def _prepare_resolution_plan_vals(self):
        self.ensure_one()
        vals = {"ticket_id": self.id, "remedy_ids": []}
        if self.responsibility_not_ours:
            vals["remedy_ids"].append(
                Command.create(
                    {
                        "remedy_type": "explanation",
                        "description": self.env._("Explain the cause and advise the customer"),
                    }
                )
            )
        return vals

    def _aftersales_resolved_stage(self):
        self.ensure_one()
        stages = self.team_id._get_applicable_stages().filtered("closed").sorted("sequence")
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done", raise_if_not_found=False)
        return done if done in stages else stages[:1]

    def _aftersales_reopen_stage(self):
        self.ensure_one()
        stages = (
            self.team_id._get_applicable_stages()
            .filtered(lambda s: not s.closed)
            .sorted("sequence")
        )
        in_progress = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress", raise_if_not_found=False
        )
        return in_progress if in_progress in stages else stages[:1]

    def _aftersales_resolve(self):
        """Move the cases to their resolved stage, ask for a rating, plan the follow-up."""
        for ticket in self:
            stage = ticket._aftersales_resolved_stage()
            if not stage:
                raise UserError(
                    self.env._(
                        "No closing stage is available for case %(case)s.", case=ticket.display_name
                    )
                )
            if ticket.stage_id != stage:
                ticket.stage_id = stage
            if (
                not stage.rating_mail_template_id
                and ticket.rating_status == "stage_change"
                and ticket.partner_id
            ):
                # The stage sends no survey of its own: ask for the rating here.
                ticket.rating_send_request(
                    self.env.ref("helpdesk_mgmt_rating.rating_ticket_email_template"),
                    lang=ticket.partner_id.lang,
                    force_send=False,
                )
        self._aftersales_plan_followup()

    def _aftersales_plan_followup(self):
        """Plan the follow-up call, once per case."""
        for ticket in self.filtered(lambda t: not t.followup_date):
            deadline = fields.Date.context_today(ticket) + timedelta(
                days=ticket.company_id.aftersales_followup_days
            )
            activity = ticket.activity_schedule(
                "aftersales_flow.mail_activity_type_followup",
                date_deadline=deadline,
                user_id=(ticket.user_id or self.env.user).id,
            )
            ticket.write({"followup_date": deadline, "followup_activity_id": activity.id})

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        rating = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        low = self.filtered(lambda t: 0 < rate <= t.company_id.aftersales_low_rating_threshold)
        low._aftersales_handle_low_rating(rate, feedback)
        return rating

    def _aftersales_portal_close(self, stage):
        """Move the ticket into a closing stage on the customer's request. The caller has
        checked the customer may read the ticket; portal users may not write tickets, so the
        stage change runs as superuser."""
        self.ensure_one()
        if not stage.close_from_portal:
            raise UserError(self.env._("This stage cannot be reached from the portal."))
        self.sudo().stage_id = stage

    def _aftersales_handle_low_rating(self, rate, feedback):
        """A dissatisfied customer: reopen the case and ask the team leader to step in."""
        for ticket in self:
            vals = {"low_satisfaction": True}
            stage = ticket._aftersales_reopen_stage()
            if stage and ticket.stage_id.closed:
                vals["stage_id"] = stage.id
            ticket.write(vals)
            leader = ticket.team_id.user_id or ticket.user_id or self.env.ref("base.user_admin")
            ticket.activity_schedule(
                "aftersales_flow.mail_activity_type_low_rating",
                user_id=leader.id,
                note=self.env._(
                    "The customer rated the case %(rate)s/5: %(feedback)s",
                    rate=rate,
                    feedback=feedback or "-",
                ),
            )
