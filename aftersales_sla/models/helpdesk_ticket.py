from collections import defaultdict

from odoo import api, fields, models

from .aftersales_sla_policy import SLA_TARGETS
from .aftersales_sla_timer import RUNNING, TIMER_STATUSES

# Fields whose change can make another policy apply.
SLA_MATCH_FIELDS = {
    "team_id",
    "category_id",
    "aftersales_case_kind",
    "priority",
    "partner_id",
    "company_id",
}
# Worst first: the case shows the most urgent status of its running timers.
STATUS_RANK = {"breached": 0, "at_risk": 1, "on_track": 2, "paused": 3}
# The targets that count from the reception of the request (Received At).
FROM_RECEPTION = ("ack", "response", "resolution")


class HelpdeskTicket(models.Model):
    """The service levels of the case: its policy, its timers and their summary.

    The clocks count from the case's Received At (a new Received At moves them), in the
    case's working hours (``aftersales_calendar_id``, the policy's calendar first), and
    stop at the events the case records (``_aftersales_reach_events``: acknowledgement,
    first response, follow-up) and at its stage changes (waiting, closed). A case marked as
    a duplicate of another (``duplicate_id``) has its running clocks cancelled: the request
    is measured on the case it duplicates.
    """

    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------ fields

    aftersales_sla_policy_id = fields.Many2one(
        "aftersales.sla.policy",
        string="SLA Policy",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        help="Service level policy applied to this case, chosen from its team, "
        "category, kind, priority and customer tier.",
    )
    aftersales_sla_timer_ids = fields.One2many(
        "aftersales.sla.timer", "ticket_id", string="SLA Timers", readonly=True
    )
    aftersales_sla_deadline = fields.Datetime(
        string="SLA Deadline",
        compute="_compute_sla_summary",
        store=True,
        index="btree_not_null",
        help="Nearest deadline among the running service level timers.",
    )
    aftersales_sla_status = fields.Selection(
        TIMER_STATUSES,
        string="SLA Status",
        compute="_compute_sla_summary",
        store=True,
        index="btree_not_null",
        help="Most urgent status of the running timers; once all are done, breached if "
        "any was missed, cancelled when the clocks were stopped without a verdict (a "
        "duplicate), else met.",
    )
    aftersales_sla_time_left = fields.Float(
        string="SLA Time Left (hours)",
        compute="_compute_sla_time_left",
        help="Working hours left to the nearest deadline; negative when overdue.",
    )
    aftersales_sla_label = fields.Char(
        string="Service Level",
        compute="_compute_sla_time_left",
        help="Working time left to the nearest deadline, or how long it is overdue; "
        "the service level status once no clock runs to a deadline.",
    )

    # ------------------------------------------------------------ computes

    @api.depends(
        "aftersales_sla_timer_ids.status",
        "aftersales_sla_timer_ids.deadline",
        "aftersales_sla_timer_ids.reached_date",
    )
    def _compute_sla_summary(self):
        # one loop over the cached timer values, no recordset per case: this
        # runs on every batch the escalation pass and stage changes write
        for ticket in self:
            worst = False
            deadlines = []
            statuses = set()
            for timer in ticket.aftersales_sla_timer_ids:
                status = timer.status
                statuses.add(status)
                if status in RUNNING and not timer.reached_date:
                    if not worst or STATUS_RANK[status] < STATUS_RANK[worst]:
                        worst = status
                    if timer.deadline and not timer.pause_start:
                        deadlines.append(timer.deadline)
            if worst:
                ticket.aftersales_sla_status = worst
                ticket.aftersales_sla_deadline = min(deadlines) if deadlines else False
            else:
                ticket.aftersales_sla_deadline = False
                if not statuses:
                    ticket.aftersales_sla_status = False
                elif "breached" in statuses:
                    ticket.aftersales_sla_status = "breached"
                elif "cancelled" in statuses:
                    # stopped without a verdict (a duplicate): neither met nor missed
                    ticket.aftersales_sla_status = "cancelled"
                else:
                    ticket.aftersales_sla_status = "met"

    @api.depends("aftersales_sla_policy_id.calendar_id")
    def _compute_aftersales_calendar_id(self):
        return super()._compute_aftersales_calendar_id()

    @api.depends("team_id")
    def _compute_stage_id(self):
        # Same rule as the base helpdesk (keep the stage while the new team
        # uses it, else its first stage), with one stage search per team
        # instead of one per case: the escalation moves whole batches of cases
        # to the complaint handling team.
        for team, tickets in self.grouped("team_id").items():
            applicable_stages = team._get_applicable_stages()
            for ticket in tickets:
                if ticket.stage_id not in applicable_stages:
                    ticket.stage_id = applicable_stages[:1]

    @api.depends("aftersales_sla_deadline", "aftersales_sla_status")
    def _compute_sla_time_left(self):
        nearest = {}
        for ticket in self:
            if not ticket.aftersales_sla_deadline:
                continue
            for timer in ticket.aftersales_sla_timer_ids:
                if timer.deadline == ticket.aftersales_sla_deadline and not timer.reached_date:
                    nearest[ticket.id] = timer
                    break
        # the working hours of every case's nearest timer in one pass (by calendar)
        self.env["aftersales.sla.timer"].union(*nearest.values()).mapped("time_left")
        statuses = dict(self._fields["aftersales_sla_status"]._description_selection(self.env))
        now = fields.Datetime.now()
        for ticket in self:
            timer = nearest.get(ticket.id)
            if timer:
                hours = timer.time_left
                ticket.aftersales_sla_time_left = hours
                ticket.aftersales_sla_label = self._aftersales_sla_time_label(
                    hours, overdue=timer.deadline < (timer.pause_start or now)
                )
            else:
                ticket.aftersales_sla_time_left = 0.0
                ticket.aftersales_sla_label = statuses.get(ticket.aftersales_sla_status, False)

    @api.model
    def _aftersales_sla_time_label(self, hours, overdue):
        """ "2 h 10 min left" or "overdue by 3 h 20 min", in working time."""
        minutes = round(abs(hours) * 60)
        hours_part, minutes_part = divmod(minutes, 60)
        if hours_part:
            duration = self.env._(
                "%(hours)s h %(minutes)s min", hours=hours_part, minutes=minutes_part
            )
        else:
            duration = self.env._("%(minutes)s min", minutes=minutes_part)
        if overdue:
            return self.env._("overdue by %(duration)s", duration=duration)
        return self.env._("%(duration)s left", duration=duration)

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        # timers are kept by the engine, not by the user creating the case
        tickets.sudo()._aftersales_sla_start()
        return tickets

    def write(self, vals):
        stage_change = "stage_id" in vals
        self._aftersales_prefetch_stage_change(vals)
        old_stages = {ticket.id: ticket.stage_id for ticket in self} if stage_change else {}
        result = super().write(vals)
        # timers are kept by the engine, whoever changes the case: sudo
        engine = self.sudo()
        if vals.get("duplicate_id"):
            # measured on the case it duplicates from now on
            engine._aftersales_sla_cancel()
        if "aftersales_received_at" in vals:
            engine._aftersales_sla_restart()
        if SLA_MATCH_FIELDS.intersection(vals):
            engine._aftersales_sla_reclassify()
        if stage_change:
            engine._aftersales_sla_stage_changed(old_stages)
        return result

    # ------------------------------------------------------------ business: hooks of the case

    def _aftersales_default_calendar(self):
        # the policy's working hours are the case's: its figures count in them too
        return self.aftersales_sla_policy_id.calendar_id or super()._aftersales_default_calendar()

    def _aftersales_reach_events(self, kinds, when=None):
        when = when or fields.Datetime.now()
        result = super()._aftersales_reach_events(kinds, when)
        # each event meets (or misses) its target; the engine keeps the timers: sudo
        self.sudo()._aftersales_sla_reach(kinds, when)
        return result

    def _aftersales_ack_deadline(self):
        # the acknowledgement target of the service level is the deadline
        result = super()._aftersales_ack_deadline()
        result.update(self._aftersales_sla_open_deadlines("ack"))
        return result

    def _aftersales_expected_handling_deadline(self):
        # The resolution deadline of the SLA is the handling time promised to the
        # customer; the category default stays for cases no policy covers.
        result = super()._aftersales_expected_handling_deadline()
        result.update(self._aftersales_sla_open_deadlines("resolution"))
        return result

    # ------------------------------------------------------------ business: timers

    def _aftersales_prepare_timer_vals(self, policy, kind, start, **extra):
        """Values of a timer of this case for the ``kind`` target of ``policy``; other
        addons add theirs."""
        self.ensure_one()
        vals = {
            "ticket_id": self.id,
            "kind": kind,
            "policy_id": policy.id,
            "calendar_id": self.aftersales_calendar_id.id,
            "target_hours": policy._target_hours(kind),
            "at_risk_percent": policy.at_risk_percent or 80,
            "start_date": start,
        }
        vals.update(extra)
        return vals

    def _aftersales_prepare_stage_timer_vals(self, start):
        """Values of the time-in-stage timer of this case's current stage."""
        self.ensure_one()
        stage = self.stage_id
        return {
            "ticket_id": self.id,
            "kind": "stage",
            "stage_id": stage.id,
            "calendar_id": self.aftersales_calendar_id.id,
            "target_hours": stage.aftersales_max_hours,
            "at_risk_percent": self.aftersales_sla_policy_id.at_risk_percent or 80,
            "start_date": start,
        }

    @api.private
    def aftersales_sla_create_timers(self, vals_list):
        """Create timers with their deadlines planned in one pass; a timer of a case
        waiting for the customer starts paused. A timer due already (a request received
        long ago) is escalated by the next escalation pass, started at once."""
        timer_model = self.env["aftersales.sla.timer"]
        if not vals_list:
            return timer_model
        timer_model._plan_values(vals_list)
        waiting = {t.id for t in self if t.stage_id.aftersales_waiting}
        for vals in vals_list:
            if vals["ticket_id"] in waiting and vals["kind"] != "stage":
                vals.setdefault("pause_start", vals["start_date"])
                vals.setdefault("status", "paused")
        timers = timer_model.create(vals_list)
        timers._trigger_escalation_if_due()
        return timers

    def _aftersales_sla_start(self):
        """Policy and timers of new cases, set-based. The clocks count from the moment the
        request was received; events the case already recorded (an import, a case typed
        in after the customer was answered) reach their targets at once."""
        if not self:
            return
        policies = self.env["aftersales.sla.policy"]._match_tickets(self)
        # one write per policy, not per case: each write of the policy resets the
        # case's working hours, computed again in one batch below
        by_policy = defaultdict(list)
        for ticket in self:
            if policies[ticket.id]:
                by_policy[policies[ticket.id]].append(ticket.id)
        for policy, ticket_ids in by_policy.items():
            self.browse(ticket_ids).aftersales_sla_policy_id = policy
        now = fields.Datetime.now()
        vals_list = []
        for ticket in self:
            policy = policies[ticket.id]
            start = ticket.aftersales_received_at or now
            if policy:
                closed = ticket.stage_id.closed
                for kind, field in SLA_TARGETS:
                    if not policy[field] or (kind == "followup") != closed:
                        continue
                    reached = ticket._aftersales_sla_event_date(kind)
                    vals = ticket._aftersales_prepare_timer_vals(
                        policy, kind, (ticket.closed_date or now) if closed else start
                    )
                    if reached:
                        vals["reached_date"] = reached
                    vals_list.append(vals)
            if ticket.stage_id.aftersales_max_hours:
                vals_list.append(ticket._aftersales_prepare_stage_timer_vals(now))
        timers = self.aftersales_sla_create_timers(vals_list)
        timers.filtered("reached_date")._judge()

    @api.model
    def _aftersales_sla_start_existing(self, batch_size=1000):
        """At installation: start the clocks of the open cases already there, from their
        reception. Closed cases keep no invented history. Idempotent (cases with a policy
        or timers are left alone)."""
        # sudo: run by the installation, for every open case of every team and company
        Ticket = self.sudo().with_context(active_test=False)
        done = 0
        while True:
            tickets = Ticket.search(
                [
                    ("stage_id.closed", "=", False),
                    ("aftersales_sla_policy_id", "=", False),
                    ("aftersales_sla_timer_ids", "=", False),
                    ("id", ">", done),
                ],
                order="id",
                limit=batch_size,
            )
            if not tickets:
                return True
            tickets._aftersales_sla_start()
            done = tickets[-1].id

    def _aftersales_sla_restart(self):
        """Received At changed: the targets counting from the reception count from the new
        time, running or reached (a reached target is judged again against its new
        deadline); the paused time is kept. A cancelled clock stays cancelled."""
        timers = self.aftersales_sla_timer_ids.filtered(
            lambda timer: timer.kind in FROM_RECEPTION and timer.status != "cancelled"
        )
        for ticket in self:
            mine = timers.filtered(lambda timer, ticket=ticket: timer.ticket_id == ticket)
            if mine:
                mine.write({"start_date": ticket.aftersales_received_at})
        timers._replan()
        timers.filtered("reached_date")._judge()
        timers._trigger_escalation_if_due()

    def _aftersales_sla_reclassify(self):
        """Apply the policy (and working hours) that now match, keeping the time already
        consumed: running timers keep their start and paused time, only the target and
        the calendar move."""
        policies = self.env["aftersales.sla.policy"]._match_tickets(self)
        changed = self.filtered(
            lambda t: (
                policies[t.id] != t.aftersales_sla_policy_id
                or any(
                    timer.calendar_id != t.aftersales_calendar_id
                    for timer in t.aftersales_sla_timer_ids
                )
            )
        )
        if not changed:
            return
        Timer = self.env["aftersales.sla.timer"]
        replan, obsolete = [], []
        new_vals = []
        for ticket in changed:
            policy = policies[ticket.id]
            ticket.aftersales_sla_policy_id = policy
            calendar = ticket.aftersales_calendar_id
            timers = {t.kind: t for t in ticket.aftersales_sla_timer_ids if t.kind != "stage"}
            for timer in ticket.aftersales_sla_timer_ids.filtered(
                lambda t: t.kind == "stage" and not t.reached_date
            ):
                if timer.calendar_id != calendar:
                    timer.calendar_id = calendar
                    replan.append(timer.id)
            closed = ticket.stage_id.closed
            for kind, _field in SLA_TARGETS:
                timer = timers.get(kind)
                target = policy._target_hours(kind) if policy else 0.0
                if timer:
                    if timer.reached_date:
                        continue  # history: a met or missed target stays as it was
                    if not target:
                        obsolete.append(timer.id)
                        continue
                    timer.write(
                        {
                            "policy_id": policy.id,
                            "target_hours": target,
                            "at_risk_percent": policy.at_risk_percent or 80,
                            "calendar_id": calendar.id,
                        }
                    )
                    replan.append(timer.id)
                elif target and not closed and kind != "followup" and not ticket.duplicate_id:
                    # a target the former policy lacked counts from the reception too
                    vals = ticket._aftersales_prepare_timer_vals(
                        policy, kind, ticket.aftersales_received_at or fields.Datetime.now()
                    )
                    reached = ticket._aftersales_sla_event_date(kind)
                    if reached:
                        vals["reached_date"] = reached
                    new_vals.append(vals)
        Timer.browse(obsolete).unlink()
        Timer.browse(replan)._replan()
        Timer.browse(replan)._trigger_escalation_if_due()
        new_timers = changed.aftersales_sla_create_timers(new_vals)
        new_timers.filtered("reached_date")._judge()

    def _aftersales_sla_event_date(self, kind):
        """When the case already reached the event a target measures, or False."""
        self.ensure_one()
        if kind == "ack":
            return self.aftersales_ack_date
        if kind == "response":
            return self.aftersales_first_response_date
        return False

    def _aftersales_sla_stage_timers_domain(self, stages):
        """The running time-in-stage timers of these cases in ``stages``: what a move out
        of those stages stops. A partial index of the timers holds just the running ones
        of that kind (few: only stages with a time limit start them), so a batch's move
        does not read the other timers of every moved case."""
        return [
            ("ticket_id", "in", self.ids),
            ("kind", "=", "stage"),
            ("stage_id", "in", stages.ids),
            ("reached_date", "=", False),
        ]

    def _aftersales_sla_stage_changed(self, old_stages):
        """Pause, resume, stop and start timers after a stage change, set-based."""
        now = fields.Datetime.now()
        Timer = self.env["aftersales.sla.timer"]
        # the cases by move (stage left, stage entered): what a move does to the clocks
        # is decided once per move, not once per case
        moves = defaultdict(list)
        for ticket in self:
            old, new = old_stages.get(ticket.id), ticket.stage_id
            if old != new:
                moves[old, new].append(ticket)
        if not moves:
            return
        # ids collected in lists: recordset unions in the loop would be quadratic
        to_pause, to_resume, to_reach, to_reopen, to_drop = [], [], [], [], []
        new_vals = []
        # the running time-in-stage timers of the stages left: one search, not every timer
        # of every case (a move between two plain stages touches no other clock)
        left = self.browse([ticket.id for tickets in moves.values() for ticket in tickets])
        stages_left = self.env["helpdesk.ticket.stage"].union(*(old for old, _new in moves))
        for timer in Timer.search(left._aftersales_sla_stage_timers_domain(stages_left)):
            if timer.stage_id == old_stages[timer.ticket_id.id]:
                to_reach.append(timer.id)
        # the other clocks only of the cases whose move pauses, resumes, stops or
        # restarts them (their own prefetch: not the timers of every moved case)
        clocked = self.browse(
            [
                ticket.id
                for (old, new), tickets in moves.items()
                if old.aftersales_waiting != new.aftersales_waiting or old.closed != new.closed
                for ticket in tickets
            ]
        )
        clocks_of = {
            ticket.id: [timer for timer in ticket.aftersales_sla_timer_ids if timer.kind != "stage"]
            for ticket in clocked
        }
        for (old, new), tickets in moves.items():
            pausing = new.aftersales_waiting and not old.aftersales_waiting
            resuming = old.aftersales_waiting and not new.aftersales_waiting
            closing = new.closed and not old.closed
            reopening = old.closed and not new.closed
            if not (pausing or resuming or closing or reopening or new.aftersales_max_hours):
                continue
            for ticket in tickets:
                clocks = clocks_of.get(ticket.id, [])
                if pausing:
                    to_pause += [t.id for t in clocks]
                elif resuming:
                    to_resume += [t.id for t in clocks]
                if closing:
                    to_reach += [t.id for t in clocks if t.kind != "followup"]
                    policy = ticket.aftersales_sla_policy_id
                    # a duplicate is followed up on the case it duplicates
                    if policy.followup_hours and not ticket.duplicate_id:
                        new_vals.append(
                            ticket._aftersales_prepare_timer_vals(policy, "followup", now)
                        )
                elif reopening:
                    to_reopen += [t.id for t in clocks if t.kind == "resolution"]
                    to_drop += [t.id for t in clocks if t.kind == "followup" and not t.reached_date]
                if new.aftersales_max_hours and not ticket.duplicate_id:
                    new_vals.append(ticket._aftersales_prepare_stage_timer_vals(now))
        Timer.browse(to_resume)._resume(now)
        Timer.browse(to_pause)._pause(now)
        Timer.browse(to_reach)._reach(now)
        Timer.browse(to_reopen)._reopen()
        Timer.browse(to_drop).unlink()
        self.aftersales_sla_create_timers(new_vals)

    def _aftersales_sla_open_deadlines(self, kind):
        """{ticket id: deadline} of the running ``kind`` timers of these cases: what the
        customer and the agents are told (acknowledgement, expected handling)."""
        result = {}
        # the promise is the same whoever reads it (portal, mail rendering): sudo
        for timer in self.sudo().aftersales_sla_timer_ids:
            if timer.kind == kind and not timer.reached_date and timer.deadline:
                result[timer.ticket_id.id] = timer.deadline
        return result

    def _aftersales_sla_reach(self, kinds, when=None):
        """The running timers of ``kinds`` reach their target at ``when``."""
        when = when or fields.Datetime.now()
        self.aftersales_sla_timer_ids.filtered(
            lambda t: t.kind in kinds and not t.reached_date
        )._reach(when)

    def _aftersales_sla_cancel(self):
        """Cancel the running clocks of these cases: the request is measured elsewhere (a
        duplicate of another case). Neither met nor missed; the escalation ignores them."""
        now = fields.Datetime.now()
        running = self.aftersales_sla_timer_ids.filtered(lambda t: not t.reached_date)
        if running:
            running.write({"status": "cancelled", "reached_date": now, "pause_start": False})
