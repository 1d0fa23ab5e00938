import random
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.aftersales_sla.models.aftersales_sla_policy import SLA_TARGETS

FEEDBACK_KINDS = ("praise", "suggestion")

# Who reads what a case cost: a management figure, not the agent's
COST_GROUPS = "aftersales_flow.group_aftersales_manager,aftersales_quality.group_quality_manager"
# The components of the cost of quality, in the order of the analysis and the workbook
# (the recovered amounts are subtracted from the others).
COST_FIELDS = (
    "aftersales_cost_refund",
    "aftersales_cost_compensation",
    "aftersales_cost_goods",
    "aftersales_cost_shipping",
    "aftersales_cost_scrap",
    "aftersales_cost_handling",
    "aftersales_cost_recovered",
)


class HelpdeskTicket(models.Model):
    """Quality measures of the case and the review of praise and suggestions.

    The measures are the server's and the review the quality buttons': the case's
    ``aftersales.workflow.mixin`` refuses them to a client (the measures are read-only,
    so guarded by themselves; the review's fields are added below). The dismiss reason is
    typed by a quality manager only.
    """

    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------ fields: measures

    aftersales_quality_reopen_count = fields.Integer(
        string="Reopened",
        default=0,
        copy=False,
        readonly=True,
        help="How many times the case moved from a closed stage back to an open one.",
    )
    aftersales_quality_resolution_hours = fields.Float(
        string="Resolution Time (working hours)",
        compute="_compute_quality_hours",
        store=True,
        copy=False,
        help="Working hours of the case's calendar (public holidays excluded) between the "
        "reception of the request and the closing: the same hours as its service level "
        "counts.",
    )
    aftersales_quality_ack_hours = fields.Float(
        string="Acknowledgement Time (working hours)",
        compute="_compute_quality_hours",
        store=True,
        copy=False,
        help="Working hours of the case's calendar between the reception of the request "
        "and its acknowledgement.",
    )
    aftersales_quality_response_hours = fields.Float(
        string="First Response Time (working hours)",
        compute="_compute_quality_hours",
        store=True,
        copy=False,
        help="Working hours of the case's calendar between the reception of the request "
        "and the first answer of an agent.",
    )

    # ------------------------------------------------------------ fields: feedback review

    aftersales_quality_feedback_state = fields.Selection(
        [("to_review", "To Review"), ("planned", "Planned"), ("dismissed", "Dismissed")],
        string="Feedback Review",
        compute="_compute_quality_feedback_state",
        store=True,
        readonly=False,
        copy=False,
        tracking=True,
        index="btree_not_null",
    )
    aftersales_quality_dismiss_reason = fields.Text(
        string="Dismiss Reason", copy=False, tracking=True
    )
    aftersales_quality_plan_ids = fields.Many2many(
        "aftersales.quality.plan",
        "aftersales_quality_plan_ticket_rel",
        "ticket_id",
        "plan_id",
        string="Action Plans",
        copy=False,
    )

    # ------------------------------------------------------------ fields: cost of quality

    # The amounts are in the company's currency (aftersales_cost_currency_id), rounded
    # to it by _compute_cost. They are NUMERIC columns without a fixed scale, like a
    # monetary field's, but floats to the ORM: a monetary field looks its currency up
    # again, in a new environment, for every value it writes, which cost 0.17 ms per
    # new case (eight amounts each). The views show them with the monetary widget.

    aftersales_cost_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Cost Currency", groups=COST_GROUPS
    )
    aftersales_cost_refund = fields.Float(
        string="Refunds",
        compute="_compute_cost",
        store=True,
        copy=False,
        digits=0,
        groups=COST_GROUPS,
        help="What was refunded to the customer, without taxes: the posted credit notes of "
        "the case's returns (without returns: the refund remedies carried out).",
    )
    aftersales_cost_compensation = fields.Float(
        string="Compensation",
        compute="_compute_cost",
        store=True,
        copy=False,
        digits=0,
        groups=COST_GROUPS,
        help="Compensation, coupons, price adjustments and repairs of the remedies carried out.",
    )
    aftersales_cost_goods = fields.Float(
        string="Replacement Goods",
        compute="_compute_cost",
        store=True,
        copy=False,
        digits=0,
        groups=COST_GROUPS,
        help="Replacement and re-shipped goods at cost: the value of the return's deliveries "
        "to the customer (without returns: the exchange, parts and re-delivery remedies).",
    )
    aftersales_cost_shipping = fields.Float(
        string="Shipping",
        compute="_compute_cost",
        store=True,
        copy=False,
        digits=0,
        groups=COST_GROUPS,
        help="What the company paid to carry the goods back and to re-deliver them.",
    )
    aftersales_cost_scrap = fields.Float(
        string="Scrapped Value",
        compute="_compute_cost",
        store=True,
        copy=False,
        digits=0,
        groups=COST_GROUPS,
        help="The cost value of the returned goods scrapped.",
    )
    aftersales_cost_handling = fields.Float(
        string="Handling",
        compute="_compute_cost",
        store=True,
        copy=False,
        digits=0,
        groups=COST_GROUPS,
        help="The time spent on the case at the company's hourly handling cost.",
    )
    aftersales_cost_recovered = fields.Float(
        string="Recovered",
        compute="_compute_cost",
        store=True,
        copy=False,
        digits=0,
        groups=COST_GROUPS,
        help="What carriers and vendors paid back (paid carrier claims, paid-back supplier "
        "recoveries): subtracted from the cost.",
    )
    aftersales_cost_total = fields.Float(
        string="Cost of Quality",
        compute="_compute_cost",
        store=True,
        copy=False,
        digits=0,
        groups=COST_GROUPS,
        help="Refunds, compensation, replacement goods, shipping, scrapped value and handling, "
        "less what carriers and vendors paid back; in the company's currency.",
    )

    # ------------------------------------------------------------ computes

    @api.depends(
        "aftersales_time_spent",
        "company_id.aftersales_handling_hourly_cost",
        "aftersales_resolution_plan_ids.remedy_ids.state",
        "aftersales_resolution_plan_ids.remedy_ids.amount",
        "aftersales_resolution_plan_ids.remedy_ids.remedy_type",
    )
    def _compute_cost(self):
        """Every component of the cost of quality, computed here only (other addons add
        theirs in ``_aftersales_cost_components``)."""
        components = self._aftersales_cost_components()
        # Most cases cost nothing (every new one): their zeros are set field by field
        # on all of them at once, not case by case.
        free = []
        for ticket in self:
            values = {
                name: amount for name, amount in components.get(ticket.id, {}).items() if amount
            }
            if not values:
                free.append(ticket.id)
                continue
            currency = ticket.aftersales_cost_currency_id
            for name in COST_FIELDS:
                ticket[name] = currency.round(values.get(name, 0.0))
            ticket.aftersales_cost_total = currency.round(
                sum(ticket[name] for name in COST_FIELDS if name != "aftersales_cost_recovered")
                - ticket.aftersales_cost_recovered
            )
        if free:
            free_tickets = self.browse(free)
            for name in (*COST_FIELDS, "aftersales_cost_total"):
                free_tickets[name] = 0.0

    @api.depends(
        "aftersales_received_at",
        "closed_date",
        "aftersales_ack_date",
        "aftersales_first_response_date",
        "aftersales_calendar_id",
    )
    def _compute_quality_hours(self):
        # Computed once per event by the suite's calendar engine (the one the service
        # levels count with: the case's working hours, public holidays and make-up working
        # days included), batched per calendar: the KPI report then aggregates stored
        # columns. Every figure counts from Received At, when the request reached us.
        requests = []
        for ticket in self:
            start = ticket.aftersales_received_at
            requests += [
                (("resolution", ticket.id), ticket, start, ticket.closed_date),
                (("ack", ticket.id), ticket, start, ticket.aftersales_ack_date),
                (("response", ticket.id), ticket, start, ticket.aftersales_first_response_date),
            ]
        hours = self._aftersales_work_hours(requests)
        for ticket in self:
            ticket.aftersales_quality_resolution_hours = hours[("resolution", ticket.id)]
            ticket.aftersales_quality_ack_hours = hours[("ack", ticket.id)]
            ticket.aftersales_quality_response_hours = hours[("response", ticket.id)]

    @api.depends("aftersales_case_kind")
    def _compute_quality_feedback_state(self):
        for ticket in self:
            if (
                ticket.aftersales_case_kind in FEEDBACK_KINDS
                and not ticket.aftersales_quality_feedback_state
            ):
                ticket.aftersales_quality_feedback_state = "to_review"
            elif ticket.aftersales_case_kind not in FEEDBACK_KINDS:
                ticket.aftersales_quality_feedback_state = False

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._quality_check_manager_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._quality_check_manager_vals(vals)
        self._aftersales_prefetch_stage_change(vals)
        reopened = self.browse()
        if vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            # one look at the stages of the batch before one at each case
            if not stage.closed and any(self.stage_id.mapped("closed")):
                reopened = self.filtered(lambda t: t.stage_id.closed)
        res = super().write(vals)
        if reopened:
            self._quality_count_reopen(reopened.ids)
        return res

    # ------------------------------------------------------------ actions

    def action_quality_create_plan(self):
        """Turn reviewed feedback into a draft corrective action plan."""
        self._ensure_can_quality_triage()
        plan = self.env["aftersales.quality.plan"].create(
            {
                "name": self.env._("Improvement: %(case)s", case=self[:1].name),
                "problem": "\n".join(self.mapped("name")),
                "category_id": self[:1].category_id.id,
                "ticket_ids": [fields.Command.set(self.ids)],
                "company_id": self[:1].company_id.id,
            }
        )
        self._aftersales_workflow().write({"aftersales_quality_feedback_state": "planned"})
        return plan._get_form_action()

    def action_quality_dismiss(self):
        self._ensure_can_quality_triage()
        missing = self.filtered(lambda t: not (t.aftersales_quality_dismiss_reason or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Give a reason before dismissing the feedback %(cases)s.",
                    cases=", ".join(missing.mapped("display_name")),
                )
            )
        self._aftersales_workflow().write({"aftersales_quality_feedback_state": "dismissed"})
        return True

    # ------------------------------------------------------------ business: cost of quality

    @api.model
    @api.private
    def _aftersales_cost_remedy_components(self):
        """{remedy type: cost component} of the remedies carried out that count in the cost
        of quality. Addons that count a remedy from its own documents (a credit note, a
        delivery) take it out here, so nothing counts twice."""
        return {
            "refund": "aftersales_cost_refund",
            "compensation": "aftersales_cost_compensation",
            "price_adjustment": "aftersales_cost_compensation",
            "repair": "aftersales_cost_compensation",
            "exchange": "aftersales_cost_goods",
            "parts": "aftersales_cost_goods",
            "redelivery": "aftersales_cost_goods",
        }

    @api.private
    def _aftersales_cost_components(self):
        """{case id: {cost field: amount}} in the company's currency, read set-based.

        Handling is the time spent at the company's hourly handling cost; the remedies
        carried out give the rest (see ``_aftersales_cost_remedy_components``)."""
        result = {ticket.id: {} for ticket in self}
        for ticket in self:
            result[ticket.id]["aftersales_cost_handling"] = (
                ticket.aftersales_time_spent * ticket.company_id.aftersales_handling_hourly_cost
            )
        kinds = self._aftersales_cost_remedy_components()
        tickets = self.filtered("id")
        if not tickets or not kinds:
            return result
        # sudo: the cost is a stored figure of the case, whoever triggers its computation
        # (a remedy done by its owner from another team, a manager's approval)
        groups = (
            self.env["aftersales.remedy"]
            .sudo()
            ._read_group(
                [
                    ("ticket_id", "in", tickets.ids),
                    ("state", "=", "done"),
                    ("remedy_type", "in", list(kinds)),
                ],
                ["ticket_id", "remedy_type"],
                ["amount:sum"],
            )
        )
        for ticket, remedy_type, amount in groups:
            values = result.setdefault(ticket.id, {})
            name = kinds[remedy_type]
            values[name] = values.get(name, 0.0) + amount
        return result

    # ------------------------------------------------------------ business

    @api.model
    def _aftersales_workflow_field_names(self):
        # the feedback review moves by its buttons only (Create Action Plan, Dismiss)
        return super()._aftersales_workflow_field_names() | {
            "aftersales_quality_feedback_state",
            "aftersales_quality_plan_ids",
        }

    @api.model
    def _aftersales_closed_writable_fields(self):
        # the review of praise and suggestions often comes after the case is closed: the
        # quality manager triages it then (the fields are theirs alone, see below)
        return super()._aftersales_closed_writable_fields() | {
            "aftersales_quality_feedback_state",
            "aftersales_quality_dismiss_reason",
            "aftersales_quality_plan_ids",
        }

    @api.model
    def _quality_manager_fields(self):
        """Fields of the case only a quality manager edits (the form, before a button)."""
        return ("aftersales_quality_dismiss_reason",)

    def _quality_check_manager_vals(self, vals):
        """Refuse a change of the quality manager's fields by anyone else (unchanged values
        pass: forms resend them)."""
        if self._aftersales_workflow_open() or self.env.user.has_group(
            "aftersales_quality.group_quality_manager"
        ):
            return
        changed = [
            name
            for name in self._quality_manager_fields()
            if name in vals
            and (
                not self._aftersales_is_default(name, vals[name])
                if not self
                else not self._aftersales_is_unchanged(name, vals[name])
            )
        ]
        if changed:
            raise AccessError(self.env._("Only a quality manager reviews the feedback of a case."))

    def _ensure_can_quality_triage(self):
        if not (self.env.su or self.env.user.has_group("aftersales_quality.group_quality_manager")):
            raise AccessError(
                self.env._("Only a quality manager plans or dismisses the feedback of a case.")
            )
        if not self:
            raise UserError(self.env._("Select the feedback to review."))
        not_open = self.filtered(lambda t: t.aftersales_quality_feedback_state != "to_review")
        if not_open:
            raise UserError(
                self.env._(
                    "Only feedback still to review can be planned or dismissed: %(cases)s.",
                    cases=", ".join(not_open.mapped("display_name")),
                )
            )

    @api.model
    def _quality_count_reopen(self, ticket_ids):
        """Add one reopen to each given case, in one statement."""
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET aftersales_quality_reopen_count = "
                "COALESCE(aftersales_quality_reopen_count, 0) + 1 WHERE id = ANY(%s)",
                list(ticket_ids),
            )
        )
        self.invalidate_model(["aftersales_quality_reopen_count"])

    # ------------------------------------------------------------ demo data

    @api.model
    @api.private
    def _quality_demo_history(self, scenario, days=91, seed=2026):
        """Generate the closed and open cases of the last ``days`` days for the
        demo dashboard, in one batch, backdated with SQL.

        Only called by the demo data. ``scenario`` holds the ids of the records
        to spread the cases over: ``teams``, ``agents``, ``customers``,
        ``channels``, and ``categories``, a list of (category id, case kind,
        subject, cases per day); ``spike`` is (category id, factor) for a
        category whose cases rise in the last ``aftersales_quality_period_days`` days
        (the problem identification then proposes an issue) and ``improved`` is
        (category id, days ago, factor) for one whose cases fell after a
        corrective plan was implemented; ``unhappy`` is a category id whose
        customers rate every closed case, well over the four periods before and
        low in the last one (the satisfaction rule then proposes an issue).
        Case counts are deterministic (fractional daily rates accumulate), so no
        other category crosses the problem threshold; times and ratings come
        from a seeded generator. Returns the created cases.
        """
        rng = random.Random(seed)
        # a generator of its own: the service-level history leaves the ratings as they were
        sla_rng = random.Random(seed + 1)
        # and one for the unhappy customers, so the other figures stay as they were
        unhappy_rng = random.Random(seed + 2)
        unhappy_category = scenario.get("unhappy")
        company = self.env.company
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        period_days = company.aftersales_quality_period_days
        spike_category, spike_factor = scenario.get("spike") or (False, 1.0)
        improved_category, improved_days, improved_factor = scenario.get("improved") or (
            False,
            0,
            1.0,
        )
        done_stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        open_stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        teams, agents = scenario["teams"], scenario["agents"]
        customers, channels = scenario["customers"], scenario["channels"]
        accumulated = dict.fromkeys(range(len(scenario["categories"])), 0.0)
        vals_list, facts = [], []
        for day in range(days, 0, -1):
            # volume grows slowly over the quarter, as the shop does
            growth = 1.0 + 0.25 * (days - day) / days
            for index, (category, kind, subject, rate) in enumerate(scenario["categories"]):
                factor = growth
                if category == spike_category and day <= period_days:
                    factor *= spike_factor
                if category == improved_category and day <= improved_days:
                    factor *= improved_factor
                accumulated[index] += rate * factor
                while accumulated[index] >= 1.0:
                    accumulated[index] -= 1.0
                    number = len(vals_list)
                    created = now - timedelta(days=day, hours=rng.randint(-9, 9))
                    closed = None
                    if day > 2 or rng.random() < 0.3:
                        closed = created + timedelta(hours=rng.uniform(1.0, 20.0 + day % 50))
                        closed = min(closed, now - timedelta(hours=1))
                    vals_list.append(
                        {
                            "name": subject,
                            "description": subject,
                            "aftersales_case_kind": kind,
                            "category_id": category,
                            "team_id": teams[number % len(teams)],
                            "user_id": agents[number % len(agents)],
                            "partner_id": rng.choice(customers),
                            "channel_id": channels[number % len(channels)],
                            "priority": rng.choice(["0", "1", "1", "2", "3"]),
                            "stage_id": (done_stage if closed else open_stage).id,
                            "company_id": company.id,
                            # received and acknowledged back then, not today
                            "aftersales_received_at": created,
                            "aftersales_intake_ack_state": "sent",
                            "aftersales_ack_date": created + timedelta(minutes=5),
                        }
                    )
                    # customers are happier as the quarter goes on
                    bias = (days - day) / days
                    rating = None
                    if closed and rng.random() < 0.7:
                        rating = min(5, max(1, round(rng.gauss(3.4 + 1.2 * bias, 1.0))))
                    # the unhappy category's customers rate every closed case: well over
                    # the four weeks before, low in the last period (not the last two
                    # days: the cases of today show the low-rating reopen)
                    if closed and category == unhappy_category and 2 < day <= period_days:
                        rating = unhappy_rng.choice([1, 1, 3, 1, 3])
                    elif closed and category == unhappy_category and day <= 5 * period_days:
                        rating = unhappy_rng.choice([5, 5, 5, 3, 5])
                    facts.append(
                        {
                            "created": created,
                            "closed": closed,
                            "assigned": created + timedelta(minutes=rng.randint(10, 360)),
                            "reopen": 1 if closed and rng.random() < 0.08 else 0,
                            "rating": rating,
                            **self._quality_demo_sla_facts(sla_rng, created, closed, now, bias),
                        }
                    )
        tickets = self.with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True
        ).create(vals_list)
        self._quality_demo_backdate(tickets, facts)
        self._quality_demo_sla(tickets, facts)
        return tickets

    @api.model
    @api.private
    def _quality_demo_sla_facts(self, rng, created, closed, now, bias):
        """When a generated case was answered and followed up: agents answer
        faster as the quarter goes on (``bias`` from 0 to 1), so first-response
        breaches become rarer. Open cases may still wait for their answer."""
        responded = created + timedelta(hours=rng.uniform(0.2, 1.8) * (24.0 - 21.0 * bias))
        if closed:
            responded = min(responded, closed)
        elif responded > now or rng.random() < 0.4:
            responded = None
        followed_up = None
        if closed:
            followed_up = closed + timedelta(hours=rng.uniform(4.0, 72.0))
            if followed_up > now:
                followed_up = None
        return {"responded": responded, "followed_up": followed_up}

    @api.model
    @api.private
    def _quality_demo_sla(self, tickets, facts):
        """Service-level timers of the generated cases as they ran back then.

        The timers started at creation count from today: they are replaced by
        timers from the reception (the follow-up from the closing), reached at
        the acknowledgement email, the first answer, the closing and the
        follow-up call, met or breached against their planned deadlines. Timers
        still running and due are escalated as the scheduled action would.
        """
        tickets.aftersales_sla_timer_ids.unlink()
        vals_list = []
        for ticket, fact in zip(tickets, facts, strict=True):
            policy = ticket.aftersales_sla_policy_id
            if not policy:
                continue
            created, closed = fact["created"], fact["closed"]
            reached = {
                "ack": created + timedelta(minutes=5),
                "response": fact["responded"],
                "resolution": closed,
                "followup": fact["followed_up"],
            }
            for kind, _field in SLA_TARGETS:
                if not policy._target_hours(kind) or (kind == "followup" and not closed):
                    continue
                start = closed if kind == "followup" else created
                vals_list.append(
                    ticket._aftersales_prepare_timer_vals(
                        policy, kind, start, reached_date=reached[kind] or False
                    )
                )
        timers = tickets.aftersales_sla_create_timers(vals_list)
        for timer in timers.filtered("reached_date"):
            timer.status = "breached" if timer.reached_date > timer.deadline else "met"
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE helpdesk_ticket t
                   SET aftersales_ack_date = v.created + INTERVAL '5 minutes',
                       aftersales_first_response_date = v.responded
                  FROM unnest(%s::int[], %s::timestamp[], %s::timestamp[])
                       AS v(id, created, responded)
                 WHERE t.id = v.id
                """,
                tickets.ids,
                [fact["created"] for fact in facts],
                [fact["responded"] for fact in facts],
            )
        )
        dates = ["aftersales_ack_date", "aftersales_first_response_date"]
        tickets.invalidate_recordset(dates)
        # what is computed from these dates is recomputed, as after an ORM write
        tickets.modified(dates)
        now = fields.Datetime.now()
        due = timers.filtered(lambda t: not t.reached_date and t.at_risk_date <= now)
        due._escalate(now)
        self.env.flush_all()

    @api.model
    @api.private
    def _quality_demo_backdate(self, tickets, facts):
        """Move the generated cases into the past, add their ratings, and
        compute their resolution time from the backdated dates."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE helpdesk_ticket t
                   SET create_date = v.created, write_date = COALESCE(v.closed, v.created),
                       assigned_date = v.assigned, closed_date = v.closed,
                       last_stage_update = COALESCE(v.closed, v.created),
                       aftersales_quality_reopen_count = v.reopen
                  FROM unnest(%s::int[], %s::timestamp[], %s::timestamp[], %s::timestamp[],
                              %s::int[]) AS v(id, created, closed, assigned, reopen)
                 WHERE t.id = v.id
                """,
                tickets.ids,
                [fact["created"] for fact in facts],
                [fact["closed"] for fact in facts],
                [fact["assigned"] for fact in facts],
                [fact["reopen"] for fact in facts],
            )
        )
        self.invalidate_model()
        model_id = self.env["ir.model"]._get_id(self._name)
        rated = [
            (ticket, fact) for ticket, fact in zip(tickets, facts, strict=True) if fact["rating"]
        ]
        self.env["rating.rating"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": ticket.id,
                    "partner_id": ticket.partner_id.id,
                    "rated_partner_id": ticket.user_id.partner_id.id,
                    "rating": fact["rating"],
                    "consumed": True,
                }
                for ticket, fact in rated
            ]
        )
        self.env.flush_all()
        # ratings created directly (not through the rating mail) don't trigger
        # the last-rating compute; the backdated dates feed the resolution time
        self.env.add_to_compute(self._fields["rating_last_value"], tickets)
        self.env.add_to_compute(self._fields["aftersales_quality_resolution_hours"], tickets)
        self.env.flush_all()
