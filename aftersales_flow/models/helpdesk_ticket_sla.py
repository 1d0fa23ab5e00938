from odoo import api, fields, models

from .aftersales_sla_policy import SLA_TARGETS
from .aftersales_sla_timer import RUNNING, TIMER_STATUSES

# Fields whose change can make another policy apply.
SLA_MATCH_FIELDS = {"team_id", "category_id", "case_kind", "priority", "partner_id", "company_id"}
# Worst first: the case shows the most urgent status of its running timers.
STATUS_RANK = {"breached": 0, "at_risk": 1, "on_track": 2, "paused": 3}


# The service-level part of the case lives in its own file, next to the intake
# part in helpdesk_ticket.py, so parallel features do not edit one file.
class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------ fields: service levels

    sla_policy_id = fields.Many2one(
        "aftersales.sla.policy",
        string="SLA Policy",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        help="Service level policy applied to this case, chosen from its team, "
        "category, kind, priority and customer tier.",
    )
    sla_timer_ids = fields.One2many(
        "aftersales.sla.timer", "ticket_id", string="SLA Timers", readonly=True
    )
    sla_deadline = fields.Datetime(
        string="SLA Deadline",
        compute="_compute_sla_summary",
        store=True,
        index="btree_not_null",
        help="Nearest deadline among the running service level timers.",
    )
    sla_status = fields.Selection(
        TIMER_STATUSES,
        string="SLA Status",
        compute="_compute_sla_summary",
        store=True,
        index="btree_not_null",
        help="Most urgent status of the running timers; once all are done, "
        "breached if any was missed, else met.",
    )
    sla_time_left = fields.Float(
        string="SLA Time Left (hours)",
        compute="_compute_sla_time_left",
        help="Working hours left to the nearest deadline; negative when overdue.",
    )
    aftersales_ack_date = fields.Datetime(string="Acknowledged On", readonly=True, copy=False)
    aftersales_first_response_date = fields.Datetime(
        string="First Response On", readonly=True, copy=False
    )

    # ------------------------------------------------------------ computes: service levels

    @api.depends("sla_timer_ids.status", "sla_timer_ids.deadline", "sla_timer_ids.reached_date")
    def _compute_sla_summary(self):
        # one loop over the cached timer values, no recordset per case: this
        # runs on every batch the escalation pass and stage changes write
        for ticket in self:
            worst = False
            deadlines = []
            statuses = set()
            for timer in ticket.sla_timer_ids:
                status = timer.status
                statuses.add(status)
                if status in RUNNING and not timer.reached_date:
                    if not worst or STATUS_RANK[status] < STATUS_RANK[worst]:
                        worst = status
                    if timer.deadline and not timer.pause_start:
                        deadlines.append(timer.deadline)
            if worst:
                ticket.sla_status = worst
                ticket.sla_deadline = min(deadlines) if deadlines else False
            else:
                ticket.sla_deadline = False
                if not statuses:
                    ticket.sla_status = False
                elif "breached" in statuses:
                    ticket.sla_status = "breached"
                else:
                    ticket.sla_status = "met"

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

    @api.depends("sla_deadline")
    def _compute_sla_time_left(self):
        for ticket in self:
            nearest = ticket.sla_timer_ids.filtered(
                lambda t, ticket=ticket: t.deadline == ticket.sla_deadline and not t.reached_date
            )[:1]
            ticket.sla_time_left = nearest.time_left if ticket.sla_deadline else 0.0

    # ------------------------------------------------------------ CRUD: service levels

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        # timers are kept by the engine, not by the user creating the case
        tickets.sudo()._aftersales_sla_start()
        return tickets

    def write(self, vals):
        stage_change = "stage_id" in vals
        old_stages = {ticket.id: ticket.stage_id for ticket in self} if stage_change else {}
        result = super().write(vals)
        # timers are kept by the engine, whoever moves the case: sudo
        if SLA_MATCH_FIELDS.intersection(vals):
            self.sudo()._aftersales_sla_reclassify()
        if stage_change:
            self.sudo()._aftersales_sla_stage_changed(old_stages)
        return result

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        # a public reply of an agent answers the customer: first response (and
        # acknowledgement when not yet done)
        if (
            message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and message.author_id
            and message.author_id.user_ids
            and not all(message.author_id.user_ids.mapped("share"))
        ):
            # the engine updates the timers on behalf of the agent
            self.sudo()._aftersales_sla_reach(["ack", "response"], message.date)
        return result

    # ------------------------------------------------------------ actions: service levels

    def action_aftersales_followup_done(self):
        """Record that the customer was followed up after resolution."""
        self.check_access("write")
        # the engine updates the timers on behalf of the agent
        self.sudo()._aftersales_sla_reach(["followup"])
        return True

    def action_record_followup(self):
        result = super().action_record_followup()
        # the recorded follow-up call meets the follow-up target (engine: sudo)
        self.sudo()._aftersales_sla_reach(["followup"])
        return result

    def action_aftersales_acknowledge(self):
        """Record that the customer was acknowledged."""
        self.check_access("write")
        # the engine updates the timers on behalf of the agent
        self.sudo()._aftersales_sla_reach(["ack"])
        return True

    # ------------------------------------------------------------ business: service levels

    def _aftersales_sla_calendar(self, policy):
        """Working hours the timers of this case count in."""
        self.ensure_one()
        return (
            policy.calendar_id
            or self.team_id.aftersales_calendar_id
            or self.company_id.resource_calendar_id
        )

    def _aftersales_timer_vals(self, policy, kind, start, **extra):
        self.ensure_one()
        vals = {
            "ticket_id": self.id,
            "kind": kind,
            "policy_id": policy.id,
            "calendar_id": self._aftersales_sla_calendar(policy).id,
            "target_hours": policy._target_hours(kind),
            "at_risk_percent": policy.at_risk_percent or 80,
            "start_date": start,
        }
        vals.update(extra)
        return vals

    def _aftersales_stage_timer_vals(self, start):
        self.ensure_one()
        stage = self.stage_id
        return {
            "ticket_id": self.id,
            "kind": "stage",
            "stage_id": stage.id,
            "calendar_id": self._aftersales_sla_calendar(self.env["aftersales.sla.policy"]).id,
            "target_hours": stage.aftersales_max_hours,
            "at_risk_percent": self.sla_policy_id.at_risk_percent or 80,
            "start_date": start,
        }

    @api.private
    def aftersales_sla_create_timers(self, vals_list):
        """Create timers with their deadlines planned in one pass; a timer of a
        case waiting for the customer starts paused."""
        timer_model = self.env["aftersales.sla.timer"]
        if not vals_list:
            return timer_model
        timer_model._plan_values(vals_list)
        waiting = {t.id for t in self if t.stage_id.aftersales_waiting}
        for vals in vals_list:
            if vals["ticket_id"] in waiting and vals["kind"] != "stage":
                vals.setdefault("pause_start", vals["start_date"])
                vals.setdefault("status", "paused")
        return timer_model.create(vals_list)

    def _aftersales_sla_start(self):
        """Policy and timers of new cases, set-based."""
        if not self:
            return
        policies = self.env["aftersales.sla.policy"]._match_tickets(self)
        # the clock starts now (the transaction's create_date may be older)
        start = fields.Datetime.now()
        vals_list = []
        for ticket in self:
            policy = policies[ticket.id]
            if policy:
                ticket.sla_policy_id = policy
                closed = ticket.stage_id.closed
                for kind, field in SLA_TARGETS:
                    if policy[field] and (kind == "followup") == closed:
                        vals_list.append(ticket._aftersales_timer_vals(policy, kind, start))
            if ticket.stage_id.aftersales_max_hours:
                vals_list.append(ticket._aftersales_stage_timer_vals(start))
        self.aftersales_sla_create_timers(vals_list)

    def _aftersales_sla_reclassify(self):
        """Apply the policy that now matches, keeping the time already consumed:
        running timers keep their start and paused time, only the target moves."""
        policies = self.env["aftersales.sla.policy"]._match_tickets(self)
        changed = self.filtered(lambda t: policies[t.id] != t.sla_policy_id)
        if not changed:
            return
        Timer = self.env["aftersales.sla.timer"]
        replan, obsolete = [], []
        new_vals = []
        for ticket in changed:
            policy = policies[ticket.id]
            ticket.sla_policy_id = policy
            timers = {t.kind: t for t in ticket.sla_timer_ids if t.kind != "stage"}
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
                            "calendar_id": ticket._aftersales_sla_calendar(policy).id,
                        }
                    )
                    replan.append(timer.id)
                elif target and not closed and kind != "followup":
                    # a target the former policy lacked counts from the case's start
                    reached = ticket._aftersales_event_date(kind)
                    starts = ticket.sla_timer_ids.filtered(lambda t: t.kind != "stage")
                    start = min(starts.mapped("start_date") or [ticket.create_date])
                    vals = ticket._aftersales_timer_vals(policy, kind, start)
                    new_vals.append(vals)
                    if reached:
                        vals["reached_date"] = reached
        Timer.browse(obsolete).unlink()
        Timer.browse(replan)._replan()
        new_timers = changed.aftersales_sla_create_timers(new_vals)
        for timer in new_timers.filtered("reached_date"):
            timer.status = "breached" if timer.reached_date > timer.deadline else "met"

    def _aftersales_event_date(self, kind):
        self.ensure_one()
        if kind == "ack":
            return self.aftersales_ack_date
        if kind == "response":
            return self.aftersales_first_response_date
        return False

    def _aftersales_sla_stage_changed(self, old_stages):
        """Pause, resume, stop and start timers after a stage change, set-based."""
        now = fields.Datetime.now()
        Timer = self.env["aftersales.sla.timer"]
        # ids collected in lists: recordset unions in the loop would be quadratic
        to_pause, to_resume, to_reach, to_reopen, to_drop = [], [], [], [], []
        new_vals = []
        for ticket in self:
            old, new = old_stages.get(ticket.id), ticket.stage_id
            if old == new:
                continue
            clocks = []
            for timer in ticket.sla_timer_ids:
                if timer.kind != "stage":
                    clocks.append(timer)
                elif timer.stage_id == old and not timer.reached_date:
                    to_reach.append(timer.id)
            if new.aftersales_waiting and not old.aftersales_waiting:
                to_pause += [t.id for t in clocks]
            elif old.aftersales_waiting and not new.aftersales_waiting:
                to_resume += [t.id for t in clocks]
            if new.closed and not old.closed:
                to_reach += [t.id for t in clocks if t.kind != "followup"]
                policy = ticket.sla_policy_id
                if policy.followup_hours:
                    new_vals.append(ticket._aftersales_timer_vals(policy, "followup", now))
            elif old.closed and not new.closed:
                to_reopen += [t.id for t in clocks if t.kind == "resolution"]
                to_drop += [t.id for t in clocks if t.kind == "followup" and not t.reached_date]
            if new.aftersales_max_hours:
                new_vals.append(ticket._aftersales_stage_timer_vals(now))
        Timer.browse(to_resume)._resume(now)
        Timer.browse(to_pause)._pause(now)
        Timer.browse(to_reach)._reach(now)
        Timer.browse(to_reopen)._reopen()
        Timer.browse(to_drop).unlink()
        self.aftersales_sla_create_timers(new_vals)

    def _aftersales_sla_resolution_deadline(self):
        """{ticket id: resolution deadline or False}: the expected handling time
        told to the customer (e.g. in the acknowledgement)."""
        result = dict.fromkeys(self.ids, False)
        # the promise is the same whoever reads it (portal, mail rendering): sudo
        for timer in self.sudo().sla_timer_ids:
            if timer.kind == "resolution" and not timer.reached_date:
                result[timer.ticket_id.id] = timer.deadline
        return result

    def _aftersales_expected_handling_deadline(self):
        # The resolution deadline of the SLA is the handling time promised to the
        # customer; the category default stays for cases no policy covers.
        result = super()._aftersales_expected_handling_deadline()
        for ticket_id, deadline in self._aftersales_sla_resolution_deadline().items():
            if deadline:
                result[ticket_id] = deadline
        return result

    def _aftersales_acknowledge(self):
        pending = self.filtered(lambda ticket: ticket.intake_ack_state == "pending")
        result = super()._aftersales_acknowledge()
        # an acknowledgement email meets the acknowledgement target (engine: sudo)
        sent = pending.filtered(lambda ticket: ticket.intake_ack_state == "sent")
        sent.sudo()._aftersales_sla_reach(["ack"])
        return result

    def _aftersales_sla_reach(self, kinds, when=None):
        when = when or fields.Datetime.now()
        if "ack" in kinds:
            self.filtered(lambda t: not t.aftersales_ack_date).aftersales_ack_date = when
        if "response" in kinds:
            self.filtered(
                lambda t: not t.aftersales_first_response_date
            ).aftersales_first_response_date = when
        self.sla_timer_ids.filtered(lambda t: t.kind in kinds and not t.reached_date)._reach(when)
