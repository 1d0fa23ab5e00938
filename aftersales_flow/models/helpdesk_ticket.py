import uuid
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL, email_normalize, format_datetime, html2plaintext

from ..cron_batch import aftersales_cron_batches
from ..tools import aftersales_local_date

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

CUSTOMER_EXPECTATIONS = [
    ("refund", "Refund"),
    ("exchange", "Exchange"),
    ("repair", "Repair"),
    ("redelivery", "Re-delivery"),
    ("compensation", "Compensation"),
    ("explanation", "Explanation"),
    ("other", "Other"),
]

LEVELS = [
    ("0", "Low"),
    ("1", "Medium"),
    ("2", "High"),
]

# Fields the classification rules fill in; an agent's value always wins.
CLASSIFIED_FIELDS = ("aftersales_case_kind", "category_id", "priority", "team_id", "tag_ids")
# Fields an agent's own value is recorded for at creation (the priority and the
# tags have defaults or add up, so they are only recorded when edited later).
MANUAL_AT_CREATE = ("aftersales_case_kind", "category_id", "team_id")
# What a closed case still takes from whoever may write it: what the mail and rating
# machinery writes, and what comes after the closing (the follow-up call, the satisfaction
# survey, the customer's late replies). Other addons add theirs through
# ``_aftersales_closed_writable_fields()``.
CLOSED_WRITABLE_FIELDS = frozenset(
    {
        "message_main_attachment_id",
        "aftersales_intake_ack_state",
        "aftersales_ack_date",
        "aftersales_first_response_date",
        "rating_last_value",
        "aftersales_followup_date",
        "aftersales_followup_activity_id",
        "aftersales_followup_outcome",
        "aftersales_followup_done_date",
        "aftersales_low_satisfaction",
    }
)
# The events of a case, each recorded once (``_aftersales_reach_events``): (kind, field).
CASE_EVENTS = (
    ("ack", "aftersales_ack_date"),
    ("response", "aftersales_first_response_date"),
    ("followup", "aftersales_followup_done_date"),
)
# How early a Received At may be in the future: the clocks of the machines a request
# comes through (email servers, phones) drift a little, never by more.
RECEIVED_AT_TOLERANCE = timedelta(minutes=5)
# The crons that write cases agents are working on (acknowledgement, assignment, waiting
# reminders) hold each batch's rows until it commits: an agent saving one of them waits
# that long. In the load test, a batch of 200 acknowledgements (their emails rendered)
# held its cases for up to 20 s on the loaded server, one of 50 for about 4 s. On two
# servers, the agents' stage changes took 1.6 s at p95 with batches of 20, 0.3-0.4 s
# with 5, the other operations unchanged.
ACK_BATCH_SIZE = 5
# Context key of the mail gateway's processing of an email into a case: who it may subscribe.
GATEWAY_FOLLOWERS_KEY = "aftersales_gateway_followers"


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "aftersales.workflow.mixin"]
    # Set by the suite's engine and buttons only, like the read-only stored fields of the
    # suite the mixin guards by itself (acknowledgement and follow-up dates, SLA dates and
    # summary, merged-into, the classification's memory of manual fields…). Only the
    # suite's fields: helpdesk's own fields (stage, team, assignee…) keep their rules.
    _aftersales_workflow_fields = ("aftersales_intake_ack_state", "aftersales_low_satisfaction")

    # ------------------------------------------------------------ fields: intake

    aftersales_case_kind = fields.Selection(
        CASE_KINDS,
        string="Kind",
        tracking=True,
        index=True,
        help="What the customer comes for: drives routing, SLA and reporting.",
    )
    aftersales_received_at = fields.Datetime(
        string="Received At",
        compute="_compute_received_at",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
        index=True,
        help="When the customer's request reached us, on whatever channel: every clock "
        "(service levels, acknowledgement, response and resolution times), every period "
        "of the reports and the repeat window count from it. When it was typed in is "
        "Recorded At.",
    )
    # An explicit empty default on the fields the precomputed priority and order link
    # read: without one, a new case looks each of them up through default_get alone.
    aftersales_order_ref = fields.Char(
        string="Order Reference", tracking=True, index="trigram", copy=False, default=False
    )
    aftersales_tracking_ref = fields.Char(
        string="Tracking Number",
        tracking=True,
        index="trigram",
        copy=False,
        help="The carrier's tracking number of the parcel concerned.",
    )
    aftersales_product_id = fields.Many2one(
        "product.product", string="Product", tracking=True, index="btree_not_null"
    )
    aftersales_customer_expectation = fields.Selection(
        CUSTOMER_EXPECTATIONS,
        string="Customer Expects",
        tracking=True,
        help="What the customer asks us to do.",
    )
    aftersales_urgency = fields.Selection(LEVELS, string="Urgency", tracking=True, default=False)
    aftersales_impact = fields.Selection(
        LEVELS,
        string="Impact",
        tracking=True,
        default=False,
        help="How badly the problem affects the customer.",
    )
    # The priority matrix (urgency x impact, VIP boost) proposes the priority;
    # agents may still set it by hand afterwards, and the change is tracked.
    priority = fields.Selection(
        compute="_compute_priority",
        store=True,
        readonly=False,
        precompute=True,
        default=None,
        tracking=True,
    )
    aftersales_is_vip = fields.Boolean(
        string="VIP Customer",
        related="commercial_partner_id.aftersales_vip",
    )
    aftersales_repeat_of_id = fields.Many2one(
        "helpdesk.ticket",
        string="Repeat Of",
        copy=False,
        index="btree_not_null",
        help="The earlier case of the same customer in the same category.",
    )
    aftersales_is_repeat = fields.Boolean(
        string="Repeat Complaint",
        compute="_compute_is_repeat",
        store=True,
        help="The customer complained in the same category within the repeat window.",
    )
    aftersales_intake_ack_state = fields.Selection(
        [
            ("pending", "To Send"),
            ("sent", "Sent"),
            ("call", "Call Scheduled"),
            ("done", "Acknowledged by an Agent"),
        ],
        string="Acknowledgement",
        copy=False,
        tracking=True,
    )
    # The one date of the acknowledgement, however it was made: the email, the agent's
    # button (a phone call) or the first public answer of an agent.
    aftersales_ack_date = fields.Datetime(
        string="Acknowledged On", readonly=True, copy=False, index="btree_not_null"
    )
    aftersales_first_response_date = fields.Datetime(
        string="First Response On",
        readonly=True,
        copy=False,
        help="The first public answer of an agent to the customer.",
    )
    aftersales_intake_ack_due = fields.Datetime(
        string="Acknowledgement Due",
        compute="_compute_intake_ack_due",
        help="When the customer must be acknowledged: the acknowledgement target of the "
        "case's service level, else the company's acknowledgement deadline after Received At, "
        "in working hours of the case's calendar.",
    )
    aftersales_customer_tz = fields.Char(
        string="Customer Time Zone",
        compute="_compute_aftersales_customer_tz",
        help="The time zone of the times the customer reads (mails, portal): their own, "
        "else the company's.",
    )
    aftersales_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        compute="_compute_aftersales_calendar_id",
        store=True,
        help="The working-time calendar every working-hour figure of the case counts in "
        "(deadlines, service levels, response and resolution times): its team's, else its "
        "company's.",
    )
    aftersales_intake_manual_fields = fields.Char(
        string="Intake Manual Fields",
        copy=False,
        readonly=True,
        help="Technical: the classified fields an agent set by hand, which the "
        "classification rules leave alone.",
    )
    aftersales_intake_locked = fields.Boolean(
        string="Intake Locked",
        compute="_compute_intake_locked",
        help="Closed case that the current user may no longer edit.",
    )

    aftersales_intake_expected_handling = fields.Datetime(
        string="Expected Handling By",
        compute="_compute_intake_expected_handling",
        help="What the customer is told: when the case should be handled.",
    )

    # ------------------------------------------------ fields: investigation and resolution

    aftersales_evidence_reference = fields.Char(
        string="Order / Delivery / Tracking References",
        help="References checked during the investigation (order, delivery note, tracking number).",
    )
    aftersales_evidence_attachment_ids = fields.Many2many(
        "ir.attachment",
        "helpdesk_ticket_aftersales_evidence_rel",
        "ticket_id",
        "attachment_id",
        string="Evidence",
        help="Photos, videos, documents and messages kept as evidence of the case.",
    )
    aftersales_investigation_findings = fields.Html(string="Findings")
    aftersales_root_cause_id = fields.Many2one(
        "aftersales.root.cause", string="Root Cause", tracking=True, index="btree_not_null"
    )
    aftersales_responsibility = fields.Selection(
        RESPONSIBILITIES,
        string="Responsibility",
        tracking=True,
        index="btree_not_null",
        help="Who is responsible for the problem. When it is not the company's, the case is "
        "usually resolved with an explanation and advice.",
    )
    aftersales_responsibility_basis = fields.Text(
        string="Policy / Legal Basis",
        help="The policy, warranty term or consumer-protection rule the responsibility rests on.",
    )
    aftersales_responsibility_not_ours = fields.Boolean(
        string="Responsibility Not Ours", compute="_compute_responsibility_not_ours"
    )
    aftersales_resolution_plan_ids = fields.One2many(
        "aftersales.resolution.plan", "ticket_id", string="Resolution Plans"
    )
    aftersales_resolution_plan_count = fields.Integer(
        string="Resolution Plan Count", compute="_compute_resolution_plan_count"
    )
    aftersales_followup_date = fields.Date(
        string="Follow-up Due",
        copy=False,
        readonly=True,
        help="The follow-up call planned on resolution, within the days set in Settings.",
    )
    # indexed: deleting any activity (marked done, or cancelled) looks up the
    # cases pointing at it, a scan of every case without the index
    aftersales_followup_activity_id = fields.Many2one(
        "mail.activity",
        string="Followup Activity",
        copy=False,
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
    )
    aftersales_followup_outcome = fields.Text(string="Followup Outcome", copy=False, tracking=True)
    aftersales_followup_done_date = fields.Datetime(
        string="Followup Done Date", copy=False, readonly=True
    )
    aftersales_low_satisfaction = fields.Boolean(
        string="Low Satisfaction",
        copy=False,
        tracking=True,
        help="The customer's satisfaction rating was at or below the threshold set in Settings.",
    )

    aftersales_time_spent = fields.Float(
        string="Time Spent (hours)",
        copy=False,
        tracking=True,
        help="The working time the after-sales staff spent on the case, as they log it. "
        "With the quality addon, priced at the company's hourly handling cost in the case's "
        "cost of quality.",
    )

    # ------------------------------------------------------------ fields: confidentiality

    aftersales_confidential = fields.Boolean(
        string="Confidential",
        tracking=True,
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

    # ------------------------------------------------------------ fields: history
    # The classification of a case is tracked like its kind, priority, assignee and stage:
    # who moved it to another category, team, customer or channel, and when.

    category_id = fields.Many2one(tracking=True)
    team_id = fields.Many2one(tracking=True)
    partner_id = fields.Many2one(string="Customer", tracking=True)
    channel_id = fields.Many2one(tracking=True)

    # ------------------------------------------------------------ indexes
    # Every new case and every stage change writes a row version into each index of the
    # case table. The flags and states below are searched for their rare values only (the
    # cases to acknowledge, low ratings, confidential cases): partial indexes hold just
    # those rows, and the other cases skip them.

    _aftersales_ack_todo_idx = models.Index(
        "(aftersales_received_at, id)"
        " WHERE aftersales_intake_ack_state IN ('pending', 'call') AND aftersales_ack_date IS NULL"
    )
    _aftersales_low_satisfaction_idx = models.Index(
        "(id) WHERE aftersales_low_satisfaction IS TRUE"
    )
    _aftersales_confidential_idx = models.Index("(id) WHERE aftersales_confidential IS TRUE")

    # ------------------------------------------------------------ computes: intake

    @api.depends()
    def _compute_received_at(self):
        # by default when the case is recorded: now for a new case, its creation for the
        # cases existing at install
        now = fields.Datetime.now()
        for ticket in self:
            if not ticket.aftersales_received_at:
                ticket.aftersales_received_at = (ticket.id and ticket.create_date) or now

    @api.depends("aftersales_urgency", "aftersales_impact", "partner_id")
    def _compute_priority(self):
        matrix = self.env["aftersales.priority.matrix"]._aftersales_lookup()
        for ticket in self:
            urgency, impact = ticket.aftersales_urgency, ticket.aftersales_impact
            # the customer is looked at only when the matrix applies (both levels given)
            priority = (
                urgency
                and impact
                and self._aftersales_matrix_priority(
                    matrix,
                    ticket.company_id.id,
                    urgency,
                    impact,
                    ticket.partner_id.commercial_partner_id.aftersales_vip,
                )
            )
            if priority:
                ticket.priority = priority
            elif not ticket.priority:
                ticket.priority = "1"

    @api.depends("aftersales_repeat_of_id")
    def _compute_is_repeat(self):
        for ticket in self:
            ticket.aftersales_is_repeat = bool(ticket.aftersales_repeat_of_id)

    @api.depends(
        "aftersales_received_at", "company_id.aftersales_ack_hours", "aftersales_calendar_id"
    )
    def _compute_intake_ack_due(self):
        deadlines = self._aftersales_ack_deadline()
        for ticket in self:
            ticket.aftersales_intake_ack_due = deadlines.get(ticket.id, False)

    @api.depends("partner_id.tz", "company_id")
    def _compute_aftersales_customer_tz(self):
        for ticket in self:
            ticket.aftersales_customer_tz = ticket._aftersales_customer_tz()

    @api.depends("team_id.aftersales_calendar_id", "company_id.resource_calendar_id")
    def _compute_aftersales_calendar_id(self):
        for ticket in self:
            ticket.aftersales_calendar_id = ticket._aftersales_default_calendar()

    @api.depends("stage_id.closed")
    @api.depends_context("uid")
    def _compute_intake_locked(self):
        may_edit = self._aftersales_may_edit_closed()
        for ticket in self:
            ticket.aftersales_intake_locked = bool(ticket.stage_id.closed) and not may_edit

    @api.depends("aftersales_received_at", "category_id", "aftersales_calendar_id")
    def _compute_intake_expected_handling(self):
        deadlines = self._aftersales_expected_handling_deadline()
        for ticket in self:
            ticket.aftersales_intake_expected_handling = deadlines.get(ticket.id, False)

    # ------------------------------------------------------------ CRUD: intake

    @api.model_create_multi
    def create(self, vals_list):
        # What the client sent is checked before the intake fills the workflow fields
        # (acknowledgement state, manual fields); the creation itself then runs with them
        # open, and the cases go back without that key.
        self._aftersales_check_create_vals(vals_list)
        for vals in vals_list:
            if not vals.get("access_token"):
                # given now, the portal token is not written into the case by the first
                # notice to the customer (mail puts it in the links), where it met the
                # agents and crons writing the case (a serialization failure)
                vals["access_token"] = str(uuid.uuid4())
        self._aftersales_prepare_intake_vals(vals_list)
        self._aftersales_prepare_learned_vals(vals_list)
        self._aftersales_prepare_assign_vals(vals_list)
        self._aftersales_prepare_numbers(vals_list)
        tickets = super(HelpdeskTicket, self._aftersales_workflow()).create(vals_list)
        tickets = tickets.with_env(self.env)
        tickets._aftersales_link_batch_repeats()
        tickets._aftersales_post_decisions()
        tickets._aftersales_sync_waiting()
        if tickets.filtered(lambda ticket: ticket.aftersales_intake_ack_state == "pending"):
            cron = self.env.ref(
                "aftersales_flow.ir_cron_aftersales_acknowledge", raise_if_not_found=False
            )
            if cron:
                cron._trigger()
        return tickets

    def write(self, vals):
        self._aftersales_prefetch_stage_change(vals)
        classifying = self.env.context.get("aftersales_classifying")
        if not classifying:
            self._aftersales_ensure_can_edit_closed(vals)
        closing = self._aftersales_closing(vals)
        result = super().write(vals)
        if not classifying:
            by_hand = set(CLASSIFIED_FIELDS) & set(vals)
            if by_hand:
                self._aftersales_record_manual_fields(by_hand)
            if {"category_id", "partner_id"} & set(vals) and "aftersales_repeat_of_id" not in vals:
                self._aftersales_detect_repeats()
        if vals.get("duplicate_id"):
            # the request goes on in the case this one duplicates, which acknowledges it
            pending = self.filtered(lambda ticket: ticket.aftersales_intake_ack_state == "pending")
            if pending:
                pending._aftersales_workflow().write({"aftersales_intake_ack_state": False})
        if closing:
            closing._aftersales_plan_followup()
            closing._aftersales_request_rating()
        if "stage_id" in vals:
            self._aftersales_sync_waiting()
        return result

    @api.constrains("aftersales_received_at")
    def _check_received_at(self):
        latest = fields.Datetime.now() + RECEIVED_AT_TOLERANCE
        for ticket in self:
            if ticket.aftersales_received_at and ticket.aftersales_received_at > latest:
                raise ValidationError(
                    self.env._(
                        "Case %(case)s cannot be received in the future (%(received)s): "
                        "Received At is when the request reached us.",
                        case=ticket.display_name,
                        received=format_datetime(
                            self.env,
                            ticket.aftersales_received_at,
                            tz=self.env.user._aftersales_tz(),
                        ),
                    )
                )

    @api.constrains("aftersales_time_spent")
    def _check_aftersales_time_spent(self):
        for ticket in self:
            if ticket.aftersales_time_spent < 0:
                raise ValidationError(
                    self.env._(
                        "%(case)s: the time spent on a case cannot be negative.",
                        case=ticket.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_case(self):
        # Closed cases are records (reporting, audits): archive them instead.
        if self.env.su:
            return
        if any(ticket.stage_id.closed for ticket in self):
            raise UserError(
                self.env._(
                    "Closed cases are kept as records and cannot be deleted: archive them instead."
                )
            )

    # ------------------------------------------------------------ mail gateway: intake

    @api.model
    def message_new(self, msg, custom_values=None):
        """An email always makes a case on the email channel, even an empty one."""
        custom_values = dict(custom_values or {})
        if not custom_values.get("channel_id"):
            channel = self.env.ref(
                "helpdesk_mgmt.helpdesk_ticket_channel_email", raise_if_not_found=False
            )
            if channel:
                custom_values["channel_id"] = channel.id
        if not (msg.get("subject") or "").strip():
            # helpdesk's own "No Subject" cannot be translated outside its folder
            custom_values.setdefault("name", self.env._("No Subject"))
        if not html2plaintext(msg.get("body") or "").strip():
            custom_values.setdefault(
                "description",
                "<p>{}</p>".format(self.env._("(The email had no text.)")),
            )
        # helpdesk subscribes whoever the email was sent to or copied to: see message_subscribe
        gateway = self.with_context(**{GATEWAY_FOLLOWERS_KEY: True})
        ticket = super(HelpdeskTicket, gateway).message_new(msg, custom_values=custom_values)
        return ticket.with_env(self.env)

    def message_update(self, msg, update_vals=None):
        # helpdesk subscribes whoever the reply was sent to or copied to: see message_subscribe
        gateway = self.with_context(**{GATEWAY_FOLLOWERS_KEY: True})
        return super(HelpdeskTicket, gateway).message_update(msg, update_vals=update_vals)

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        if not partner_ids or not self.env.context.get(GATEWAY_FOLLOWERS_KEY):
            return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)
        # A follower reads the case and its plans on the portal: from an email, only the
        # case's own customer (their company's contacts) and staff become followers, never
        # an outsider someone put in To or Cc.
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        result = True
        for ticket in self:
            allowed = ticket._aftersales_gateway_followers(partners)
            result = super(HelpdeskTicket, ticket).message_subscribe(
                partner_ids=allowed.ids, subtype_ids=subtype_ids
            )
        return result

    def _aftersales_gateway_followers(self, partners):
        """The ``partners`` an incoming email may make followers of this case."""
        self.ensure_one()
        customer = self.sudo().commercial_partner_id
        return partners.filtered(
            lambda partner: (
                (customer and partner.commercial_partner_id == customer)
                or any(not user.share for user in partner.user_ids)
            )
        )

    # ------------------------------------------------------------ actions: intake

    def assign_to_me(self):
        # helpdesk's refusal, worded (and translated) by the suite
        if any(ticket.team_id and self.env.user not in ticket.team_id.user_ids for ticket in self):
            raise AccessError(
                self.env._(
                    "You cannot take this case: you are not a member of its team. Ask the "
                    "team leader to add you, or to assign it."
                )
            )
        return super().assign_to_me() or True

    def action_view_ticket_rating(self):
        action = super().action_view_ticket_rating()
        action["name"] = self.env._("Ticket Rating")
        return action

    def action_aftersales_reclassify(self):
        """Apply the classification rules again, leaving the agents' values alone."""
        open_cases = self.filtered(lambda ticket: not ticket.stage_id.closed)
        if not open_cases:
            raise UserError(self.env._("Closed cases are not re-classified."))
        results = self.env["aftersales.classification.rule"]._aftersales_classify(
            [ticket._aftersales_case_facts() for ticket in open_cases]
        )
        for ticket, result in zip(open_cases, results, strict=True):
            manual = set((ticket.aftersales_intake_manual_fields or "").split())
            vals = {}
            for field_name in ("aftersales_case_kind", "category_id", "team_id"):
                if field_name in result and field_name not in manual:
                    if ticket[field_name] != ticket._fields[field_name].convert_to_record(
                        result[field_name], ticket
                    ):
                        vals[field_name] = result[field_name]
            if (
                "priority" in result
                and "priority" not in manual
                and result["priority"] > (ticket.priority or "0")
            ):
                vals["priority"] = result["priority"]
            new_tags = result.get("tag_ids", set()) - set(ticket.tag_ids.ids)
            if new_tags and "tag_ids" not in manual:
                vals["tag_ids"] = [Command.link(tag_id) for tag_id in new_tags]
            if vals:
                ticket.with_context(aftersales_classifying=True).write(vals)
        open_cases._aftersales_detect_repeats()
        return True

    # ------------------------------------------------------------ business: classification

    def _aftersales_case_facts(self):
        """What the classification rules look at, for an existing case."""
        self.ensure_one()
        partner = self.partner_id
        return {
            "company_id": self.company_id.id,
            "subject": self.name or "",
            "body": html2plaintext(self.description or ""),
            "channel_id": self.channel_id.id,
            "team_id": self.team_id.id,
            "partner_tag_ids": set(
                (partner.category_id | partner.commercial_partner_id.category_id).ids
            ),
        }

    @api.model
    def _aftersales_prepare_intake_vals(self, vals_list):
        """Classify and flag repeats in creation values, set-based.

        A fixed number of queries whatever the number of cases: the rules, the
        priority matrix, the customers and their tags, and the earlier cases of
        those customers are each read once for the whole batch.
        """
        # sudo: the customer's tags and commercial entity decide the
        # classification even when the creator (portal, gateway) cannot read them.
        partners = (
            self.env["res.partner"]
            .sudo()
            .browse({vals["partner_id"] for vals in vals_list if vals.get("partner_id")})
        )
        partner_tags = {
            partner.id: set((partner.category_id | partner.commercial_partner_id.category_id).ids)
            for partner in partners
        }
        commercial = {partner.id: partner.commercial_partner_id for partner in partners}
        default_company = self.env.company.id
        facts = []
        for vals in vals_list:
            facts.append(
                {
                    "company_id": vals.get("company_id") or default_company,
                    "subject": vals.get("name") or "",
                    "body": html2plaintext(vals.get("description") or ""),
                    "channel_id": vals.get("channel_id") or False,
                    "team_id": vals.get("team_id") or False,
                    "partner_tag_ids": partner_tags.get(vals.get("partner_id"), set()),
                }
            )
        results = self.env["aftersales.classification.rule"]._aftersales_classify(facts)
        matrix = None
        first_stages = {}
        for vals, fact, result in zip(vals_list, facts, results, strict=True):
            # new cases only: those existing at install are never acknowledged
            vals.setdefault("aftersales_intake_ack_state", "pending")
            manual = [name for name in MANUAL_AT_CREATE if vals.get(name)]
            if manual and not vals.get("aftersales_intake_manual_fields"):
                vals["aftersales_intake_manual_fields"] = " ".join(manual)
            for field_name in ("aftersales_case_kind", "category_id", "team_id"):
                if field_name in result and not vals.get(field_name):
                    vals[field_name] = result[field_name]
                    if field_name == "team_id" and "stage_id" not in vals:
                        # the team's first stage, looked up once per team
                        team_id = result["team_id"]
                        if team_id not in first_stages:
                            first_stages[team_id] = (
                                self.env["helpdesk.ticket.team"]
                                .browse(team_id)
                                ._get_applicable_stages()[:1]
                                .id
                            )
                        vals["stage_id"] = first_stages[team_id]
            if result.get("decisions"):
                vals["aftersales_decision_log"] = "\n".join(result["decisions"])
            if result.get("tag_ids"):
                vals["tag_ids"] = list(vals.get("tag_ids") or []) + [
                    Command.link(tag_id) for tag_id in sorted(result["tag_ids"])
                ]
            if result.get("priority"):
                if matrix is None:
                    matrix = self.env["aftersales.priority.matrix"]._aftersales_lookup()
                partner = commercial.get(vals.get("partner_id"))
                proposed = self._aftersales_matrix_priority(
                    matrix,
                    fact["company_id"],
                    vals.get("aftersales_urgency"),
                    vals.get("aftersales_impact"),
                    bool(partner and partner.aftersales_vip),
                )
                vals["priority"] = max(
                    result["priority"], proposed or "", vals.get("priority") or ""
                )
        self._aftersales_prepare_repeat_vals(vals_list, commercial)

    @api.model
    def _aftersales_matrix_priority(self, matrix, company_id, urgency, impact, vip):
        """The priority the matrix gives (VIP: one level up), or False."""
        if not (urgency and impact):
            return False
        priority = matrix.get((company_id, urgency, impact)) or matrix.get((False, urgency, impact))
        if priority and vip:
            priority = str(min(int(priority) + 1, 3))
        return priority or False

    def _aftersales_record_manual_fields(self, field_names):
        """Remember that an agent set these classified fields by hand."""
        by_value = defaultdict(lambda: self.browse())
        for ticket in self:
            manual = set((ticket.aftersales_intake_manual_fields or "").split()) | set(field_names)
            value = " ".join(sorted(manual))
            if value != ticket.aftersales_intake_manual_fields:
                by_value[value] |= ticket
        for value, tickets in by_value.items():
            tickets.with_context(aftersales_classifying=True)._aftersales_workflow().write(
                {"aftersales_intake_manual_fields": value}
            )

    # ------------------------------------------------------------ business: repeats

    @api.model
    def _aftersales_repeat_candidates(self, keys, since):
        """Earlier cases per (commercial partner id, category id), newest first."""
        partner_ids = {key[0] for key in keys}
        category_ids = {key[1] for key in keys}
        if not keys:
            return {}
        # sudo: a repeat is a repeat even when the earlier case is in a team the
        # creator cannot see.
        earlier = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(
                Domain("commercial_partner_id", "in", list(partner_ids))
                & Domain("category_id", "in", list(category_ids))
                & Domain("aftersales_received_at", ">=", since),
                ["commercial_partner_id", "category_id", "aftersales_received_at"],
                order="aftersales_received_at desc, id desc",
            )
        )
        candidates = defaultdict(list)
        for ticket in earlier:
            key = (ticket.commercial_partner_id.id, ticket.category_id.id)
            candidates[key].append((ticket.aftersales_received_at, ticket.id))
        return candidates

    @api.model
    def _aftersales_prepare_repeat_vals(self, vals_list, commercial):
        # the received-at default of the new cases: now
        now = fields.Datetime.now()
        window = timedelta(days=self.env.company.aftersales_repeat_days)
        todo = []
        for vals in vals_list:
            partner = commercial.get(vals.get("partner_id"))
            if partner and vals.get("category_id") and not vals.get("aftersales_repeat_of_id"):
                received = fields.Datetime.to_datetime(vals.get("aftersales_received_at")) or now
                todo.append((vals, (partner.id, vals["category_id"]), received))
        if not todo:
            return
        candidates = self._aftersales_repeat_candidates(
            {key for __, key, __ in todo}, min(received for __, __, received in todo) - window
        )
        for vals, key, received in todo:
            for earlier_at, earlier_id in candidates.get(key, []):
                if received - window <= earlier_at <= received:
                    vals["aftersales_repeat_of_id"] = earlier_id
                    break

    def _aftersales_link_batch_repeats(self):
        """Link repeats among cases created together (they had no id before).

        The later cases of a customer and category are linked to the first one of
        the batch: one write per customer and category, not one per case.
        """
        groups = defaultdict(lambda: self.browse())
        for ticket in self:
            if ticket.commercial_partner_id and ticket.category_id:
                groups[(ticket.commercial_partner_id.id, ticket.category_id.id)] |= ticket
        for tickets in groups.values():
            if len(tickets) < 2:
                continue
            ordered = tickets.sorted(lambda ticket: (ticket.aftersales_received_at, ticket.id))
            first = ordered[0]
            window = timedelta(days=first.company_id.aftersales_repeat_days)
            later = ordered[1:].filtered(
                lambda ticket, first=first, window=window: (
                    not ticket.aftersales_repeat_of_id
                    and ticket.aftersales_received_at - window <= first.aftersales_received_at
                )
            )
            if later:
                later.with_context(aftersales_classifying=True).aftersales_repeat_of_id = first

    def _aftersales_detect_repeats(self):
        """Flag (or unflag) these cases as repeats after their customer or category changed."""
        now = fields.Datetime.now()
        keyed = self.filtered(lambda ticket: ticket.commercial_partner_id and ticket.category_id)
        candidates = {}
        if keyed:
            window = timedelta(days=max(keyed.company_id.mapped("aftersales_repeat_days")))
            candidates = self._aftersales_repeat_candidates(
                {(t.commercial_partner_id.id, t.category_id.id) for t in keyed},
                min(t.aftersales_received_at or now for t in keyed) - window,
            )
        for ticket in self:
            earlier_id = False
            if ticket in keyed:
                window = timedelta(days=ticket.company_id.aftersales_repeat_days)
                received = ticket.aftersales_received_at or now
                key = (ticket.commercial_partner_id.id, ticket.category_id.id)
                for earlier_at, candidate_id in candidates.get(key, []):
                    if candidate_id != ticket.id and (
                        received - window <= earlier_at < received
                        or (earlier_at == received and candidate_id < ticket.id)
                    ):
                        earlier_id = candidate_id
                        break
            if ticket.aftersales_repeat_of_id.id != earlier_id:
                ticket.with_context(
                    aftersales_classifying=True
                ).aftersales_repeat_of_id = earlier_id

    # ------------------------------------------------------------ business: records

    @api.model
    def _aftersales_may_edit_closed(self):
        return self.env.su or self.env.user.has_group("helpdesk_mgmt.group_helpdesk_manager")

    @api.model
    def _aftersales_closed_writable_fields(self):
        """Fields anyone who may write a case still writes once it is closed (the rest is
        an after-sales manager's). Other addons add what their own flows write after the
        closing (a quality review, …)."""
        return CLOSED_WRITABLE_FIELDS

    def _aftersales_ensure_can_edit_closed(self, vals):
        if (
            not set(vals) - self._aftersales_closed_writable_fields()
            or self._aftersales_may_edit_closed()
        ):
            return
        closed = self.filtered(lambda ticket: ticket.stage_id.closed)
        if closed:
            raise UserError(
                self.env._(
                    "Case %(case)s is closed: only an after-sales manager can change it.",
                    case=closed[0].display_name,
                )
            )

    @api.model
    def _aftersales_stage_change_fields(self):
        """What the suite reads on each case it moves to another stage."""
        return [
            "stage_id",
            "duplicate_id",
            "aftersales_waiting_since",
            "aftersales_reminder_date",
            "aftersales_reminder_due",
            "aftersales_autoclose_due",
            "aftersales_autoclosed_date",
        ]

    def _aftersales_prefetch_stage_change(self, vals):
        """Read what a stage change of several cases looks at in one narrow query: the
        first look at their stage would otherwise fetch every stored column of the
        cases, their descriptions among them, which a stage change never reads.

        Called by each write override that reads the cases before writing; a second
        call finds everything in the cache."""
        if "stage_id" in vals and len(self) > 1:
            # superuser: no record-rule query at each call; the write itself checks the
            # user's right to change these cases
            self.sudo().fetch(self._aftersales_stage_change_fields())

    def _aftersales_closing(self, vals):
        """These cases that ``vals`` moves from an open stage into a closed one."""
        if not vals.get("stage_id"):
            return self.browse()
        if not self.env["helpdesk.ticket.stage"].browse(vals["stage_id"]).closed:
            return self.browse()
        return self.filtered(lambda ticket: not ticket.stage_id.closed)

    # ------------------------------------------------------------ business: time

    def _aftersales_default_calendar(self):
        """The working hours of this case when nothing more specific applies: its team's,
        else its company's. Other addons put theirs first (a service level policy's)."""
        self.ensure_one()
        return self.team_id.aftersales_calendar_id or self.company_id.resource_calendar_id

    def _aftersales_plan_hours(self, requests):
        """{key: deadline} of (key, case, start, working hours) requests, each in its case's
        calendar; one engine computation per calendar (see ``resource.calendar``)."""
        by_calendar = defaultdict(list)
        for key, ticket, start, hours in requests:
            by_calendar[ticket.aftersales_calendar_id].append((key, start, hours))
        result = {}
        for calendar, todo in by_calendar.items():
            result.update(self.env["resource.calendar"]._aftersales_plan(calendar, todo))
        return result

    def _aftersales_work_hours(self, requests):
        """{key: working hours} of (key, case, start, end) requests, each in its case's
        calendar (0 when a bound is missing or the end is not after the start)."""
        by_calendar = defaultdict(list)
        result = {}
        for key, ticket, start, end in requests:
            if start and end and end > start:
                by_calendar[ticket.aftersales_calendar_id].append((key, start, end))
            else:
                result[key] = 0.0
        for calendar, todo in by_calendar.items():
            result.update(self.env["resource.calendar"]._aftersales_work_hours(calendar, todo))
        return result

    def _aftersales_staff_tz(self):
        """The time zone of the people who work on this case, for the times written in its
        notes and activities: its assignee's, else its team leader's, else its company's."""
        self.ensure_one()
        for user in (self.user_id, self.team_id.user_id):
            if user.tz:
                return user.tz
        return self.company_id._aftersales_tz()

    def _aftersales_customer_tz(self):
        """The customer's time zone, for the times in mails and on the portal: the
        customer's own, else the company's."""
        self.ensure_one()
        # sudo: a time zone is no contact data, whoever renders the mail or the page
        return self.sudo().partner_id.tz or self.company_id._aftersales_tz()

    def _aftersales_local_date(self, value, tz=None):
        """The day ``value`` (naive UTC) falls on in ``tz`` (default the staff's)."""
        self.ensure_one()
        return aftersales_local_date(value, tz or self._aftersales_staff_tz())

    # ------------------------------------------------------------ business: acknowledgement

    def _aftersales_ack_deadline(self):
        """{ticket id: when the customer must be acknowledged, or False}.

        Here the company's acknowledgement deadline after Received At, in working hours
        of the case's calendar; a service level engine puts its acknowledgement target first.
        """
        todo = [
            (
                ticket.id,
                ticket,
                ticket.aftersales_received_at,
                ticket.company_id.aftersales_ack_hours,
            )
            for ticket in self
            if ticket.aftersales_received_at and ticket.company_id.aftersales_ack_hours
        ]
        return dict.fromkeys(self.ids, False) | self._aftersales_plan_hours(todo)

    def _aftersales_expected_handling_deadline(self):
        """{ticket id: when the case is expected to be handled, or False}.

        The customer is told this time in the acknowledgement. Here it is the
        category's expected handling hours after Received At, in working hours of the
        case's calendar; a service level engine puts its resolution deadline first.
        """
        hours = self.category_id.aftersales_effective_handling_hours()
        todo = [
            (ticket.id, ticket, ticket.aftersales_received_at, hours.get(ticket.category_id.id))
            for ticket in self
            if ticket.aftersales_received_at and hours.get(ticket.category_id.id)
        ]
        return dict.fromkeys(self.ids, False) | self._aftersales_plan_hours(todo)

    def _aftersales_reach_events(self, kinds, when=None):
        """Record that these cases reached the events ``kinds`` at ``when`` (default now):
        ``ack`` (the customer was acknowledged), ``response`` (an agent answered them
        publicly), ``followup`` (the follow-up after resolution was done). Each case keeps
        the first date of each event: one date per fact, which the reports and the service
        levels read. Other addons extend it (the service level engine meets its targets).
        """
        when = when or fields.Datetime.now()
        for kind, field in CASE_EVENTS:
            if kind not in kinds:
                continue
            todo = self.filtered(lambda ticket, field=field: not ticket[field])
            if todo:
                todo.with_context(aftersales_classifying=True)._aftersales_workflow().write(
                    {field: when}
                )
        if "ack" in kinds:
            # acknowledged otherwise than by the email: the email is not sent any more
            by_agent = self.filtered(
                lambda t: t.aftersales_intake_ack_state in ("pending", "call", False)
            )
            if by_agent:
                by_agent.with_context(aftersales_classifying=True)._aftersales_workflow().write(
                    {"aftersales_intake_ack_state": "done"}
                )

    def _aftersales_ensure_can_acknowledge(self):
        self.check_access("write")
        done = self.filtered("aftersales_ack_date")
        if done:
            raise UserError(
                self.env._(
                    "Case %(case)s was already acknowledged on %(date)s.",
                    case=done[0].display_name,
                    date=format_datetime(
                        self.env, done[0].aftersales_ack_date, tz=self.env.user._aftersales_tz()
                    ),
                )
            )

    def _aftersales_ack_email(self):
        self.ensure_one()
        return self.partner_id.email or self.partner_email or False

    def _aftersales_acknowledge(self):
        """Acknowledge these pending cases: an email, or a call activity without one."""
        template = self.env.ref("aftersales_flow.mail_template_aftersales_acknowledgement")
        now = fields.Datetime.now()
        pending = self.filtered(
            lambda ticket: (
                ticket.aftersales_intake_ack_state == "pending" and not ticket.aftersales_ack_date
            )
        )
        sent = self.browse()
        for ticket in pending:
            if ticket._aftersales_ack_email():
                template.send_mail(ticket.id, email_layout_xmlid="mail.mail_notification_light")
                ticket._message_log(
                    body=self.env._(
                        "Acknowledgement sent to %(email)s.", email=ticket._aftersales_ack_email()
                    )
                )
                state = "sent"
                sent |= ticket
            else:
                ticket.activity_schedule(
                    "mail.mail_activity_data_call",
                    date_deadline=ticket._aftersales_local_date(
                        ticket.aftersales_intake_ack_due or now
                    ),
                    summary=self.env._("Acknowledge the case by phone"),
                    note=self.env._(
                        "The customer left no email address: call them to confirm the "
                        "case number and the expected handling time, by %(deadline)s.",
                        deadline=format_datetime(
                            self.env,
                            ticket.aftersales_intake_ack_due or now,
                            tz=ticket._aftersales_staff_tz(),
                        ),
                    ),
                    user_id=ticket._aftersales_ack_user().id,
                )
                state = "call"
            ticket.with_context(aftersales_classifying=True)._aftersales_workflow().write(
                {"aftersales_intake_ack_state": state}
            )
        # the email acknowledges: its date is the one acknowledgement date
        sent._aftersales_reach_events(["ack"], now)

    def _aftersales_ack_user(self):
        self.ensure_one()
        if self.user_id:
            return self.user_id
        if self.team_id.user_id:
            return self.team_id.user_id
        if self.create_uid and not self.create_uid.share:
            return self.create_uid
        return self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user

    @api.model
    def _cron_aftersales_acknowledge(self, batch_size=ACK_BATCH_SIZE):
        """Acknowledge pending cases in committed batches; a rerun resumes.

        Each batch locks its cases with SKIP LOCKED: a case an agent is saving at that
        moment (its row locked by the agent's transaction) is left for the next batch or
        run instead of making the whole batch fail on a concurrent update, and a second
        cron worker takes other cases.
        """
        domain = Domain("aftersales_intake_ack_state", "=", "pending") & Domain(
            "aftersales_ack_date", "=", False
        )
        aftersales_cron_batches(
            self,
            lambda now: domain,
            lambda tickets, now: tickets._aftersales_acknowledge(),
            batch_size=batch_size,
            order="aftersales_received_at, id",
        )
        return True

    # ------------------------------------------------------------ business: portal

    def _aftersales_close_from_portal(self, stage):
        """Move a case the current user may read into a portal-closing stage.

        Returns whether the case moved: a stage not offered on the portal, or one
        of another team, is ignored.
        """
        self.ensure_one()
        self.check_access("read")
        if not stage.close_from_portal or (stage.team_ids and self.team_id not in stage.team_ids):
            return False
        # sudo: customers only read their cases; closing one from the portal is the
        # single change they may make, and their access was checked just above.
        self.sudo().stage_id = stage
        return True

    # ---------------------------------------------- computes: investigation and resolution

    @api.depends("aftersales_responsibility")
    def _compute_responsibility_not_ours(self):
        for ticket in self:
            ticket.aftersales_responsibility_not_ours = ticket.aftersales_responsibility in (
                "customer",
                "carrier",
                "supplier",
                "seller",
            )

    @api.depends("aftersales_resolution_plan_ids")
    def _compute_resolution_plan_count(self):
        counts = dict(
            self.env["aftersales.resolution.plan"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.aftersales_resolution_plan_count = counts.get(ticket, 0)

    # ----------------------------------------------- actions: investigation and resolution

    def action_new_resolution_plan(self):
        """Start a draft plan; a case that is not ours starts with an explanation."""
        self.ensure_one()
        live = self.aftersales_resolution_plan_ids.filtered(
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
        """The follow-up after resolution is done: its activity is marked done with the
        outcome, and the case records when (which meets the follow-up target of its
        service level)."""
        self._aftersales_ensure_can_record_followup()
        now = fields.Datetime.now()
        for ticket in self:
            if ticket.aftersales_followup_activity_id:
                ticket.aftersales_followup_activity_id.action_feedback(
                    feedback=ticket.aftersales_followup_outcome
                )
        self._aftersales_reach_events(["followup"], now)
        return True

    def action_aftersales_acknowledge(self):
        """The agent acknowledged the customer themselves (a phone call, a message)."""
        self._aftersales_ensure_can_acknowledge()
        self._aftersales_reach_events(["ack"])
        return True

    # ---------------------------------------------- business: investigation and resolution

    def _prepare_resolution_plan_vals(self):
        self.ensure_one()
        vals = {"ticket_id": self.id, "remedy_ids": []}
        if self.aftersales_responsibility_not_ours:
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
                # closing it asks for the rating (see write)
                ticket.stage_id = stage
        self._aftersales_plan_followup()

    def _aftersales_ensure_can_record_followup(self):
        self.check_access("write")
        for ticket in self:
            if not ticket.aftersales_followup_date or ticket.aftersales_followup_done_date:
                raise UserError(
                    self.env._(
                        "No follow-up call is pending on case %(case)s.",
                        case=ticket.display_name,
                    )
                )
            if not (ticket.aftersales_followup_outcome or "").strip():
                raise UserError(self.env._("Write the outcome of the follow-up call first."))

    def _aftersales_request_rating(self):
        """Ask the customer for a rating of these cases just closed, once per closing, on
        any closing stage (by a plan, by hand, by a rule). A stage with its own survey
        template sends it (helpdesk_mgmt_rating); a duplicate is rated on the case it
        duplicates; a case without a customer or whose rating is off asks nobody."""
        template = self.env.ref(
            "helpdesk_mgmt_rating.rating_ticket_email_template", raise_if_not_found=False
        )
        if not template:
            return
        for ticket in self:
            if (
                ticket.stage_id.closed
                and not ticket.stage_id.rating_mail_template_id
                and ticket.rating_status == "stage_change"
                and ticket.partner_id
                and not ticket.duplicate_id
            ):
                ticket.rating_send_request(template, lang=ticket.partner_id.lang, force_send=False)

    def _aftersales_plan_followup(self):
        """Plan the follow-up call, once per case: the number of working days of the
        settings after the resolution, in the case's calendar. A duplicate is followed up
        on the case it duplicates."""
        todo = self.filtered(
            lambda ticket: not ticket.aftersales_followup_date and not ticket.duplicate_id
        )
        if not todo:
            return
        now = fields.Datetime.now()
        deadlines = self._aftersales_plan_hours(
            [
                (
                    ticket.id,
                    ticket,
                    now,
                    ticket.company_id.aftersales_followup_days
                    * (ticket.aftersales_calendar_id.hours_per_day or 24.0),
                )
                for ticket in todo
            ]
        )
        for ticket in todo:
            deadline = ticket._aftersales_local_date(deadlines.get(ticket.id) or now)
            activity = ticket.activity_schedule(
                "aftersales_flow.mail_activity_type_followup",
                date_deadline=deadline,
                user_id=ticket._aftersales_responsible_user().id,
            )
            ticket._aftersales_workflow().write(
                {
                    "aftersales_followup_date": deadline,
                    "aftersales_followup_activity_id": activity.id,
                }
            )

    def _aftersales_responsible_user(self):
        """Who gets the case's to-dos: its assignee, else the internal user at work on it,
        else its team leader, else the administrator."""
        self.ensure_one()
        if self.user_id:
            return self.user_id
        if not self.env.user.share and self.env.user != self.env.ref("base.user_root"):
            return self.env.user
        if self.team_id.user_id:
            return self.team_id.user_id
        return self.env.ref("base.user_admin", raise_if_not_found=False) or self.env.user

    def _get_allowed_message_params(self):
        # A case's rating comes from the customer's survey link (rating_apply), not from a
        # chatter message carrying a score (which would post it as whoever writes).
        return super()._get_allowed_message_params() - {"rating_value"}

    def message_post(self, **kwargs):
        if kwargs.get("rating_value") and not self.env.su:
            self.env["rating.rating"]._aftersales_refuse_rating()
        return super().message_post(**kwargs)

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        # a public reply of an agent answers the customer: the first response (and the
        # acknowledgement when not yet done)
        if (
            message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and message.author_id
            and message.author_id.user_ids
            and not all(message.author_id.user_ids.mapped("share"))
        ):
            # the dates are the case's record of events, kept for whoever writes
            self.sudo()._aftersales_reach_events(["ack", "response"], message.date)
        if len(self) == 1:
            self._aftersales_conversation_step(message)
        return result

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

    def _aftersales_handle_low_rating(self, rate, feedback):
        """A dissatisfied customer: reopen the case and ask the team leader to step in."""
        for ticket in self:
            vals = {"aftersales_low_satisfaction": True}
            stage = ticket._aftersales_reopen_stage()
            if stage and ticket.stage_id.closed:
                vals["stage_id"] = stage.id
            ticket._aftersales_workflow().write(vals)
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

    # ------------------------------------------------- fields: assignment and learning
    # (the decisions of the intake: rules, learned classification, automatic assignment)

    aftersales_decision_log = fields.Text(
        string="Intake Decisions",
        readonly=True,
        copy=False,
        help="Why the case was classified and assigned as it was: the rules that matched or "
        "were held back by a negative keyword, the learned suggestion and whether it was "
        "applied, the automatic assignment.",
    )
    aftersales_suggested_category_id = fields.Many2one(
        "helpdesk.ticket.category",
        string="Suggested Category",
        readonly=True,
        copy=False,
        help="The category the team's history suggests for this case.",
    )
    aftersales_suggested_category_confidence = fields.Float(
        string="Category Confidence", readonly=True, copy=False
    )
    aftersales_suggested_kind = fields.Selection(
        CASE_KINDS, string="Suggested Kind", readonly=True, copy=False
    )
    aftersales_suggested_kind_confidence = fields.Float(
        string="Kind Confidence", readonly=True, copy=False
    )
    aftersales_suggestion_words = fields.Char(
        string="Suggested Because Of",
        readonly=True,
        copy=False,
        help="The words of the case that weighed most for the suggestion.",
    )
    aftersales_can_accept_suggestion = fields.Boolean(
        string="Can Accept Suggestion", compute="_compute_aftersales_can_accept_suggestion"
    )
    aftersales_auto_assigned = fields.Boolean(
        string="Assigned Automatically",
        readonly=True,
        copy=False,
        help="The team's automatic assignment chose the assignee.",
    )

    # ------------------------------------------------ computes: assignment and learning

    @api.depends(
        "stage_id.closed",
        "category_id",
        "aftersales_case_kind",
        "aftersales_suggested_category_id",
        "aftersales_suggested_kind",
    )
    def _compute_aftersales_can_accept_suggestion(self):
        for ticket in self:
            ticket.aftersales_can_accept_suggestion = bool(
                not ticket.stage_id.closed and ticket._aftersales_suggestion_vals()
            )

    # ------------------------------------------------- actions: assignment and learning

    def action_aftersales_accept_suggestion(self):
        """The agent takes the learned category and kind in one click."""
        self._aftersales_ensure_can_accept_suggestion()
        for ticket in self:
            vals = ticket._aftersales_suggestion_vals()
            # an agent's choice like any other: recorded as set by hand
            ticket.write(vals)
            ticket._aftersales_add_decisions(
                [self.env._("Learned suggestion accepted by %(user)s.", user=self.env.user.name)],
                post=True,
            )
        return True

    def action_aftersales_auto_assign(self):
        """Assign these open, unassigned cases the way their team assigns."""
        self.check_access("write")
        self._aftersales_auto_assign()
        return True

    # ------------------------------------------------- business: learning

    def _aftersales_suggestion_vals(self):
        """What accepting the suggestion changes on this case."""
        self.ensure_one()
        vals = {}
        category = self.aftersales_suggested_category_id
        if category and category != self.category_id:
            vals["category_id"] = category.id
        kind = self.aftersales_suggested_kind
        if kind and kind != self.aftersales_case_kind:
            vals["aftersales_case_kind"] = kind
        return vals

    def _aftersales_ensure_can_accept_suggestion(self):
        self.check_access("write")
        for ticket in self:
            if ticket.stage_id.closed:
                raise UserError(
                    self.env._(
                        "Case %(case)s is closed: its classification is final.",
                        case=ticket.display_name,
                    )
                )
            if not ticket._aftersales_suggestion_vals():
                raise UserError(
                    self.env._(
                        "Case %(case)s has no learned suggestion to accept.",
                        case=ticket.display_name,
                    )
                )

    @api.model
    def _aftersales_prepare_learned_vals(self, vals_list):
        """Suggest the category and kind of new cases from their team's history; apply them
        above the company's confidence when neither an agent nor a rule set them, and write
        every decision into the case's decision log. A fixed number of queries."""
        default_company = self.env.company.id
        facts = [
            {
                "company_id": vals.get("company_id") or default_company,
                "team_id": vals.get("team_id") or False,
                "subject": vals.get("name") or "",
                "body": vals.get("description") or "",
            }
            for vals in vals_list
        ]
        suggestions = self.env["aftersales.classifier"]._aftersales_suggest(facts)
        if not any(suggestions):
            return
        # sudo: the company's threshold and the categories' companies decide for every
        # creator (portal customers, the mail gateway) alike
        companies = self.env["res.company"].sudo().browse({fact["company_id"] for fact in facts})
        thresholds = {company.id: company.aftersales_learn_threshold for company in companies}
        categories = (
            self.env["helpdesk.ticket.category"]
            .sudo()
            .browse({s["category_id"] for s in suggestions if s.get("category_id")})
            .exists()
        )
        category_company = {category.id: category.company_id.id for category in categories}
        kind_labels = dict(self._fields["aftersales_case_kind"]._description_selection(self.env))
        for vals, fact, suggestion in zip(vals_list, facts, suggestions, strict=True):
            if not suggestion:
                continue
            category_id = suggestion.get("category_id")
            if category_id not in category_company or category_company[category_id] not in (
                False,
                fact["company_id"],
            ):
                category_id = False
            if not (category_id or suggestion.get("aftersales_case_kind")):
                continue
            threshold = thresholds.get(fact["company_id"], 0.8)
            manual = set((vals.get("aftersales_intake_manual_fields") or "").split())
            decisions = []
            words = suggestion.get("words") or []
            vals["aftersales_suggestion_words"] = ", ".join(words)
            for field_name, value, confidence, label in (
                (
                    "category_id",
                    category_id,
                    suggestion.get("category_confidence", 0.0),
                    category_id and categories.browse(category_id).display_name,
                ),
                (
                    "aftersales_case_kind",
                    suggestion.get("aftersales_case_kind"),
                    suggestion.get("kind_confidence", 0.0),
                    kind_labels.get(suggestion.get("aftersales_case_kind")),
                ),
            ):
                if not value:
                    continue
                if field_name == "category_id":
                    vals["aftersales_suggested_category_id"] = value
                    vals["aftersales_suggested_category_confidence"] = confidence
                else:
                    vals["aftersales_suggested_kind"] = value
                    vals["aftersales_suggested_kind_confidence"] = confidence
                args = {
                    "value": label,
                    "confidence": f"{confidence:.0%}",
                    "threshold": f"{threshold:.0%}",
                    "words": ", ".join(words) or "-",
                }
                if field_name in manual:
                    decisions.append(
                        self.env._(
                            "Learned suggestion “%(value)s” (%(confidence)s, because of: "
                            "%(words)s) not applied: set by hand.",
                            **args,
                        )
                    )
                elif vals.get(field_name):
                    decisions.append(
                        self.env._(
                            "Learned suggestion “%(value)s” (%(confidence)s, because of: "
                            "%(words)s) not applied: a classification rule decided.",
                            **args,
                        )
                    )
                elif confidence >= threshold:
                    vals[field_name] = value
                    decisions.append(
                        self.env._(
                            "Learned suggestion “%(value)s” applied: %(confidence)s confident "
                            "(at least %(threshold)s), because of: %(words)s.",
                            **args,
                        )
                    )
                else:
                    decisions.append(
                        self.env._(
                            "Learned suggestion “%(value)s” only suggested: %(confidence)s "
                            "confident (below %(threshold)s), because of: %(words)s.",
                            **args,
                        )
                    )
            if decisions:
                vals["aftersales_decision_log"] = "\n".join(
                    filter(None, [vals.get("aftersales_decision_log"), *decisions])
                )

    def _aftersales_add_decisions(self, decisions, post=False):
        """Append ``decisions`` (texts) to the decision log of these cases (and post them as
        a note when ``post``)."""
        for ticket in self:
            log = "\n".join(filter(None, [ticket.aftersales_decision_log, *decisions]))
            ticket.with_context(aftersales_classifying=True)._aftersales_workflow().write(
                {"aftersales_decision_log": log}
            )
        if post:
            body = Markup("<br/>").join(decisions)
            self._message_log_batch(bodies=dict.fromkeys(self.ids, body))

    def _aftersales_post_decisions(self):
        """The decisions of the intake as one note on each new case, set-based."""
        bodies = {
            ticket.id: Markup("<br/>").join(ticket.aftersales_decision_log.split("\n"))
            for ticket in self
            if ticket.aftersales_decision_log
        }
        if bodies:
            self._message_log_batch(bodies=bodies)

    # ------------------------------------------------- business: automatic assignment

    @api.model
    def default_get(self, fields):
        defaults = super().default_get(fields)
        team_id = defaults.get("team_id")
        if team_id and defaults.get("user_id") and "default_user_id" not in self.env.context:
            # sudo: how a team assigns is no secret to whoever opens a case form in it
            team = self.env["helpdesk.ticket.team"].sudo().browse(team_id)
            if team.aftersales_assign_method not in (False, "manual"):
                # the team's automatic assignment chooses, not helpdesk's "assign to me"
                defaults.pop("user_id")
        return defaults

    @api.model
    def _aftersales_pick_assignees(self, requests, moment=None):
        """Choose the assignee of new cases of teams assigning automatically.

        ``requests`` is a list of (key, team, category) (records); returns ``{key: (user,
        decision)}``, user being an empty recordset when no member can take the case now.
        Only the members at work at ``moment`` (now) count: round robin serves the one whose
        latest case of the team is the oldest, balanced the one with the fewest open cases,
        skills the least busy of those skilled in the case's category (or its parent).
        A fixed number of queries per team."""
        moment = moment or fields.Datetime.now()
        Users = self.env["res.users"]
        result = {}
        by_team = defaultdict(list)
        for key, team, category in requests:
            if team and team.aftersales_assign_method not in (False, "manual"):
                by_team[team].append((key, category))
        for team, team_requests in by_team.items():
            members = team.user_ids.filtered(lambda user: user.active and not user.share)
            on_duty = self.env["resource.calendar"]._aftersales_users_on_duty(
                members,
                moment,
                team.aftersales_calendar_id or team.company_id.resource_calendar_id,
            )
            method = team.aftersales_assign_method
            method_label = dict(
                team._fields["aftersales_assign_method"]._description_selection(self.env)
            )[method]
            load, last = self._aftersales_assign_figures(team, on_duty)
            away = members - on_duty
            for key, category in team_requests:
                candidates = on_duty
                if method == "skills":
                    skilled = (category | category.parent_id).aftersales_skilled_user_ids
                    candidates = on_duty & skilled
                if not candidates:
                    if method == "skills":
                        decision = self.env._(
                            "Not assigned automatically (%(method)s): no member of %(team)s "
                            "skilled in the category is at work now; the case is assigned when "
                            "one starts.",
                            method=method_label,
                            team=team.name,
                        )
                    else:
                        decision = self.env._(
                            "Not assigned automatically (%(method)s): no member of %(team)s is "
                            "at work now; the case is assigned when one starts.",
                            method=method_label,
                            team=team.name,
                        )
                    result[key] = (Users, decision)
                    continue
                if method == "round_robin":
                    user = min(candidates, key=lambda u: (last.get(u.id, 0), u.id))
                else:
                    user = min(
                        candidates, key=lambda u: (load.get(u.id, 0), last.get(u.id, 0), u.id)
                    )
                load[user.id] = load.get(user.id, 0) + 1
                last[user.id] = max(last.values(), default=0) + 1
                if away:
                    decision = self.env._(
                        "Assigned automatically to %(user)s (%(method)s); not at work now: "
                        "%(away)s.",
                        user=user.name,
                        method=method_label,
                        away=", ".join(away.mapped("name")),
                    )
                else:
                    decision = self.env._(
                        "Assigned automatically to %(user)s (%(method)s).",
                        user=user.name,
                        method=method_label,
                    )
                result[key] = (user, decision)
        return result

    @api.model
    def _aftersales_prepare_numbers(self, vals_list):
        """Number a batch of new cases with one draw from the case sequence.

        The helpdesk draws each case's number on its own: a sequence search, the
        prefix's date interpolation and a ``nextval`` per case, the larger part of
        creating a case in an import or a mail fetch. Same sequence, same company
        choice and same numbers as that draw; a sequence without gaps or with date
        ranges is left to it, as is a single case."""
        pending = defaultdict(list)
        for vals in vals_list:
            if vals.get("number", "/") == "/":
                # the helpdesk picks the sequence of the company given in the values
                pending[vals.get("company_id") if "company_id" in vals else None].append(vals)
        Sequence = self.env["ir.sequence"]
        for company_id, company_vals in pending.items():
            if len(company_vals) < 2:
                continue
            sequences = Sequence.with_company(company_id) if company_id else Sequence
            sequences.browse().check_access("read")
            sequence = sequences.search(
                [
                    ("code", "=", "helpdesk.ticket.sequence"),
                    ("company_id", "in", [sequences.env.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
            if not sequence or sequence.implementation != "standard" or sequence.use_date_range:
                continue
            prefix, suffix = sequence._get_prefix_suffix()
            numbers = self.env.execute_query(
                SQL(
                    "SELECT nextval(%s) FROM generate_series(1, %s) ORDER BY 1",
                    f"ir_sequence_{sequence.id:03d}",
                    len(company_vals),
                )
            )
            for vals, (number,) in zip(company_vals, numbers, strict=True):
                vals["number"] = f"{prefix}{number:0{sequence.padding}d}{suffix}"

    @api.model
    def _aftersales_prepare_assign_vals(self, vals_list):
        """Assign new cases of teams assigning automatically, in their creation values
        (helpdesk then stamps the Assigned Date: the time to assign counts from Received
        At to it)."""
        # sudo: the assignment is the team's configuration applied for whoever creates the
        # case (agents, portal customers, the mail gateway): it reads the members, their
        # workload and working hours
        Team = self.env["helpdesk.ticket.team"].sudo()
        Category = self.env["helpdesk.ticket.category"].sudo()
        requests = [
            (index, Team.browse(vals["team_id"]), Category.browse(vals.get("category_id")))
            for index, vals in enumerate(vals_list)
            if vals.get("team_id") and not vals.get("user_id")
        ]
        if not requests:
            return
        picks = self.sudo()._aftersales_pick_assignees(requests)
        for index, (user, decision) in picks.items():
            vals = vals_list[index]
            # nobody at work: the case waits for the cron, not for helpdesk's default (the
            # creator, when the company assigns new tickets to their creator)
            vals["user_id"] = user.id
            if user:
                vals["aftersales_auto_assigned"] = True
            vals["aftersales_decision_log"] = "\n".join(
                filter(None, [vals.get("aftersales_decision_log"), decision])
            )

    def _aftersales_auto_assign(self, moment=None):
        """Assign these open, unassigned cases of teams assigning automatically, as at their
        creation; those nobody can take now stay as they are (no new log line)."""
        # sudo: as in _aftersales_prepare_assign_vals, the team's configuration applied
        # by the cron or an agent's button
        cases = self.sudo().filtered(
            lambda ticket: not ticket.user_id and not ticket.stage_id.closed
        )
        picks = self.sudo()._aftersales_pick_assignees(
            [(case, case.team_id, case.category_id) for case in cases], moment=moment
        )
        by_user = defaultdict(lambda: self.env["helpdesk.ticket"].sudo())
        for case, (user, _decision) in picks.items():
            if user:
                by_user[user] |= case
        for user, user_cases in by_user.items():
            # helpdesk stamps the Assigned Date with the write
            user_cases.with_context(aftersales_classifying=True)._aftersales_workflow().write(
                {"user_id": user.id, "aftersales_auto_assigned": True}
            )
        for case, (user, decision) in picks.items():
            if user:
                case._aftersales_add_decisions([decision], post=True)
        return True

    @api.model
    def _aftersales_assign_figures(self, team, users):
        """``(open cases per user, order of their last case in the team)`` for ``users``:
        the workload balanced assignment evens out, and who round robin serves next (the
        one whose latest case of the team is the oldest). Two queries."""
        Ticket = self.env["helpdesk.ticket"].sudo()
        load = {
            user.id: count
            for user, count in Ticket._read_group(
                [("user_id", "in", users.ids), ("stage_id.closed", "=", False)],
                ["user_id"],
                ["__count"],
            )
        }
        last = {
            user.id: last_id
            for user, last_id in Ticket._read_group(
                [("user_id", "in", users.ids), ("team_id", "=", team.id)],
                ["user_id"],
                ["id:max"],
            )
        }
        return load, last

    @api.model
    def _cron_aftersales_auto_assign(self, batch_size=ACK_BATCH_SIZE):
        """Assign the cases that waited for a member to start work, the longest waiting
        first. A case nobody can take yet stays in the condition, so the shared batch
        helper (which needs each batch taken out of it) does not fit: one batch per run,
        claimed with SKIP LOCKED so that a case an agent is saving waits for the next run
        instead of failing the batch."""
        self.env.flush_all()
        query = self._search(
            [
                ("user_id", "=", False),
                ("stage_id.closed", "=", False),
                ("team_id.aftersales_assign_method", "not in", [False, "manual"]),
            ],
            limit=batch_size,
            order="aftersales_received_at, id",
        )
        self.env.cr.execute(
            SQL(
                "%s FOR NO KEY UPDATE OF helpdesk_ticket SKIP LOCKED",
                query.select(SQL.identifier("helpdesk_ticket", "id")),
            )
        )
        cases = self.browse(row[0] for row in self.env.cr.fetchall())
        cases._aftersales_auto_assign()
        return True

    # ------------------------------------------------------------ fields: conversation

    aftersales_waiting_since = fields.Datetime(
        string="Waiting for Customer Since",
        readonly=True,
        copy=False,
        help="When the case entered a waiting-for-customer stage.",
    )
    aftersales_reminder_due = fields.Datetime(
        string="Reminder Due",
        readonly=True,
        copy=False,
        help="When the customer is reminded if they have not answered by then.",
    )
    aftersales_reminder_date = fields.Datetime(
        string="Reminder Sent On",
        readonly=True,
        copy=False,
    )
    aftersales_autoclose_due = fields.Datetime(
        string="Closes Automatically On",
        readonly=True,
        copy=False,
        help="When the case is closed if the customer has not answered by then.",
    )
    aftersales_autoclosed_date = fields.Datetime(
        string="Closed for Inactivity On",
        readonly=True,
        copy=False,
        help="The case was closed automatically on this date: the customer did not answer.",
    )

    # ------------------------------------------------------------ actions: conversation

    def action_aftersales_reply_with_template(self):
        """The composer on this case, its after-sales reply templates ready to pick: the
        chosen one is rendered on the case in the customer's language (number, customer,
        deadline), then the agent edits and sends it."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reply with Template"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_subtype_xmlid": "mail.mt_comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "aftersales_reply_templates": True,
            },
        }

    # ------------------------------------------------------------ business: conversation

    def _aftersales_is_waiting(self):
        self.ensure_one()
        return self.stage_id.aftersales_waiting and not self.stage_id.closed

    def _aftersales_waiting_stage(self):
        """The first waiting-for-customer stage of the case's team, or an empty record."""
        self.ensure_one()
        return (
            self.team_id._get_applicable_stages()
            .filtered(lambda stage: stage.aftersales_waiting and not stage.closed)
            .sorted("sequence")[:1]
        )

    def _aftersales_sync_waiting(self):
        """Start or stop the inactivity count of these cases after a stage change: a case
        entering a waiting stage gets its reminder (or closing) planned, a case leaving it
        forgets them; a reopened case closed for inactivity forgets that too."""
        # whether a stage is a waiting one, read once per stage rather than per case
        waiting = self.stage_id.filtered(
            lambda stage: stage.aftersales_waiting and not stage.closed
        )
        # The cases with an inactivity date, found in one query: reading five dates case by
        # case cost more than the rest of a batch's move. The query looks at the dates only,
        # so that the stage just written is not sent to the database ahead of the move's
        # other changes (a second UPDATE of every case). Superuser, archived ones included:
        # these very cases, whoever moves them.
        dated = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                Domain("id", "in", self.ids)
                & Domain.OR(
                    Domain(fname, "!=", False)
                    for fname in (
                        "aftersales_waiting_since",
                        "aftersales_reminder_date",
                        "aftersales_reminder_due",
                        "aftersales_autoclose_due",
                        "aftersales_autoclosed_date",
                    )
                ),
                order="id",
            )
        )
        leaving = self.browse(dated.ids).filtered(
            lambda ticket: (
                ticket.stage_id not in waiting
                and (
                    ticket.aftersales_waiting_since
                    or ticket.aftersales_reminder_date
                    or ticket.aftersales_reminder_due
                    or ticket.aftersales_autoclose_due
                    or (ticket.aftersales_autoclosed_date and not ticket.stage_id.closed)
                )
            )
        )
        if leaving:
            vals = dict.fromkeys(
                (
                    "aftersales_waiting_since",
                    "aftersales_reminder_due",
                    "aftersales_reminder_date",
                    "aftersales_autoclose_due",
                ),
                False,
            )
            reopened = leaving.filtered(
                lambda ticket: ticket.aftersales_autoclosed_date and not ticket.stage_id.closed
            )
            (leaving - reopened).with_context(
                aftersales_classifying=True
            )._aftersales_workflow().write(vals)
            if reopened:
                reopened.with_context(aftersales_classifying=True)._aftersales_workflow().write(
                    dict(vals, aftersales_autoclosed_date=False)
                )
        entering = self.browse()
        if waiting:
            entering = self.filtered(
                lambda ticket: ticket.stage_id in waiting and not ticket.aftersales_waiting_since
            )
        if entering:
            entering._aftersales_plan_waiting(fields.Datetime.now())

    def _aftersales_plan_waiting(self, since):
        """Plan the reminder of these cases that start waiting for the customer at
        ``since`` (or their closing when the settings send no reminder), in working days
        of each case's calendar: the calendar the service level clocks pause in."""
        requests = []
        for ticket in self:
            company = ticket.company_id
            days = company.aftersales_waiting_reminder_days or company.aftersales_waiting_close_days
            if days:
                requests.append((ticket.id, ticket, since, ticket._aftersales_days_hours(days)))
        dues = self._aftersales_plan_hours(requests)
        for ticket in self:
            vals = {
                "aftersales_waiting_since": since,
                "aftersales_reminder_due": False,
                "aftersales_reminder_date": False,
                "aftersales_autoclose_due": False,
            }
            if ticket.company_id.aftersales_waiting_reminder_days:
                vals["aftersales_reminder_due"] = dues.get(ticket.id) or False
            elif ticket.company_id.aftersales_waiting_close_days:
                vals["aftersales_autoclose_due"] = dues.get(ticket.id) or False
            ticket.with_context(aftersales_classifying=True)._aftersales_workflow().write(vals)

    def _aftersales_days_hours(self, days):
        """``days`` working days of the case's calendar, in working hours."""
        self.ensure_one()
        return days * (self.aftersales_calendar_id.hours_per_day or 24.0)

    def _aftersales_conversation_step(self, message):
        """Move the case on a message of its conversation: a customer's reply to a case
        waiting for them brings it back to In Progress (its clocks resume); a public reply
        of an agent moves an open case to waiting when its team says so."""
        self.ensure_one()
        if (
            message.message_type not in ("email", "comment")
            or message.subtype_id != self.env.ref("mail.mt_comment")
            or self.stage_id.closed
        ):
            return
        author = message.author_id
        staff = author.user_ids and not all(author.user_ids.mapped("share"))
        if staff:
            if self.team_id.aftersales_reply_sets_waiting and not self._aftersales_is_waiting():
                stage = self._aftersales_waiting_stage()
                if stage:
                    # sudo: moving to waiting is the consequence of the reply the agent
                    # was allowed to post, whoever the agent's rules let write the stage
                    self.sudo().stage_id = stage
        elif self._aftersales_is_waiting() and self._aftersales_from_customer(message):
            stage = self._aftersales_reopen_stage()
            if stage:
                # sudo: customers (portal, mail gateway) only read their cases; their
                # reply moving the case back to work is the case's own workflow
                self.sudo().stage_id = stage

    def _aftersales_from_customer(self, message):
        """Whether ``message`` comes from the case's customer (their company's contacts,
        or the email address the case was opened with)."""
        self.ensure_one()
        # sudo: the customer's identity is compared, not shown
        ticket = self.sudo()
        author = message.sudo().author_id
        customer = ticket.partner_id.commercial_partner_id
        if author and customer and author.commercial_partner_id == customer:
            return True
        sender = email_normalize(message.sudo().email_from or "") or (
            author and email_normalize(author.email or "")
        )
        known = {
            email_normalize(email or "")
            for email in (ticket.partner_email, ticket.partner_id.email)
            if email
        }
        return bool(sender and sender in known)

    def _aftersales_conversation_send(self, template_xmlid, note):
        """Send the customer the mail ``template_xmlid`` about this case and log ``note``
        (a callable of the address) on it; without an address, log that none was sent."""
        self.ensure_one()
        email = self._aftersales_ack_email()
        if email:
            self.env.ref(template_xmlid).send_mail(
                self.id, email_layout_xmlid="mail.mail_notification_light"
            )
            self._message_log(body=note(email))
        else:
            self._message_log(
                body=self.env._("The customer left no email address: no email was sent.")
            )

    def _aftersales_send_waiting_reminders(self, now):
        """Remind the customers of these cases waiting for them, once per waiting, and plan
        the automatic closing from then."""
        todo = self.filtered(
            lambda ticket: ticket._aftersales_is_waiting() and not ticket.aftersales_reminder_date
        )
        requests = [
            (
                ticket.id,
                ticket,
                now,
                ticket._aftersales_days_hours(ticket.company_id.aftersales_waiting_close_days),
            )
            for ticket in todo
            if ticket.company_id.aftersales_waiting_close_days
        ]
        dues = self._aftersales_plan_hours(requests)
        for ticket in todo:
            ticket._aftersales_conversation_send(
                "aftersales_flow.mail_template_aftersales_waiting_reminder",
                lambda email: self.env._("Reminder sent to %(email)s.", email=email),
            )
            ticket.with_context(aftersales_classifying=True)._aftersales_workflow().write(
                {
                    "aftersales_reminder_date": now,
                    "aftersales_autoclose_due": dues.get(ticket.id) or False,
                }
            )

    def _aftersales_close_inactive(self, now):
        """Close these cases still waiting for the customer with a closing email."""
        todo = self.filtered(lambda ticket: ticket._aftersales_is_waiting())
        for ticket in todo:
            stage = ticket._aftersales_resolved_stage()
            if not stage:
                continue
            # recorded first: the closing email below replaces the stage's own (see
            # _track_template)
            ticket.with_context(aftersales_classifying=True)._aftersales_workflow().write(
                {"aftersales_autoclosed_date": now}
            )
            ticket.stage_id = stage
            ticket._aftersales_conversation_send(
                "aftersales_flow.mail_template_aftersales_inactivity_closing",
                lambda email: self.env._(
                    "Closed for inactivity: the customer did not answer. Closing email sent "
                    "to %(email)s.",
                    email=email,
                ),
            )

    def _track_template(self, tracking):
        result = super()._track_template(tracking)
        if self[:1].aftersales_autoclosed_date and self[:1].stage_id.closed:
            # closed for inactivity: the inactivity closing email says it instead
            result.pop("stage_id", None)
        return result

    @api.model
    def _cron_aftersales_conversation(self, batch_size=ACK_BATCH_SIZE):
        """Remind the customers of cases waiting for them, then close the cases whose
        closing is due, in committed batches. Idempotent: a reminder is sent once per
        waiting, a case closes once; a case reminded in this run closes at the earliest
        the configured days later, a case the customer answered waits no more."""
        waiting = Domain("stage_id.aftersales_waiting", "=", True) & Domain(
            "stage_id.closed", "=", False
        )
        steps = (
            (
                lambda now: (
                    waiting
                    & Domain("aftersales_reminder_due", "<=", now)
                    & Domain("aftersales_reminder_date", "=", False)
                ),
                "_aftersales_send_waiting_reminders",
            ),
            (
                lambda now: waiting & Domain("aftersales_autoclose_due", "<=", now),
                "_aftersales_close_inactive",
            ),
        )
        # each step takes its cases out of its condition (reminded, closed): the shared
        # batch helper locks, commits and resumes like every cron of the suite
        for condition, method in steps:
            aftersales_cron_batches(
                self,
                condition,
                lambda tickets, now, method=method: getattr(tickets, method)(now),
                batch_size=batch_size,
            )
        return True
