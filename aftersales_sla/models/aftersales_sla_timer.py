import logging
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, format_datetime

from odoo.addons.aftersales_flow.cron_batch import aftersales_cron_batches
from odoo.addons.aftersales_flow.tools import aftersales_local_date

_logger = logging.getLogger(__name__)

TIMER_KINDS = [
    ("ack", "Acknowledgement"),
    ("response", "First Response"),
    ("resolution", "Resolution"),
    ("followup", "Follow-up"),
    ("stage", "Time in Stage"),
]
TIMER_STATUSES = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
    ("paused", "Paused"),
    ("met", "Met"),
    # stopped without a verdict: the request is measured on another case (a duplicate)
    ("cancelled", "Cancelled"),
]
RUNNING = ("on_track", "at_risk", "breached", "paused")
# Escalation levels a timer can reach; each notice is sent once per level.
LEVEL_AT_RISK = 1
LEVEL_BREACHED = 2


class AftersalesSlaTimer(models.Model):
    _name = "aftersales.sla.timer"
    _description = "After-Sales Service Level Timer"
    _inherit = ["aftersales.workflow.mixin"]
    _order = "deadline, id"
    # Kept by the engine alone (it runs as superuser): its read-only fields are guarded by
    # the mixin, and the case a timer measures is never moved by a client either.
    _aftersales_workflow_fields = ("ticket_id",)

    # ------------------------------------------------------------ fields

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Case", required=True, ondelete="cascade", index=True
    )
    kind = fields.Selection(TIMER_KINDS, string="Target", required=True, readonly=True)
    policy_id = fields.Many2one(
        "aftersales.sla.policy", string="Policy", readonly=True, ondelete="set null"
    )
    stage_id = fields.Many2one(
        "helpdesk.ticket.stage",
        string="Stage",
        readonly=True,
        ondelete="cascade",
        help="For a time-in-stage timer: the stage it measures.",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        readonly=True,
        help="Empty: the target counts in round-the-clock hours.",
    )
    target_hours = fields.Float(string="Target (working hours)", readonly=True)
    at_risk_percent = fields.Integer(readonly=True, default=80)
    start_date = fields.Datetime(string="Started", required=True, readonly=True)
    paused_hours = fields.Float(
        string="Paused (working hours)",
        readonly=True,
        help="Working time spent in waiting stages; the deadline moves by as much.",
    )
    pause_start = fields.Datetime(string="Paused Since", readonly=True)
    deadline = fields.Datetime(readonly=True)
    at_risk_date = fields.Datetime(string="At Risk From", readonly=True)
    reached_date = fields.Datetime(string="Reached", readonly=True)
    status = fields.Selection(TIMER_STATUSES, required=True, default="on_track", readonly=True)
    escalation_level = fields.Integer(
        readonly=True,
        help="Highest escalation notice sent: 1 at risk, 2 breached. Notices are "
        "never sent twice for the same level.",
    )
    time_left = fields.Float(
        string="Time Left (hours)",
        compute="_compute_time_left",
        help="Working hours left to the deadline; negative when overdue.",
    )
    time_left_label = fields.Char(
        string="Time Left",
        compute="_compute_time_left",
        help="Working time left to the deadline, or how long it is overdue.",
    )

    # ------------------------------------------------------------ constraints

    # What the escalation pass looks for: running timers past their at-risk
    # point or deadline. Partial indexes keep both lookups small.
    _at_risk_due_idx = models.Index("(at_risk_date, id) WHERE status = 'on_track'")
    _breach_due_idx = models.Index("(deadline, id) WHERE status IN ('on_track', 'at_risk')")
    # What a stage change stops: the running time-in-stage timers of the cases moved
    # (see helpdesk.ticket._aftersales_sla_stage_timers_domain).
    _running_stage_idx = models.Index("(ticket_id) WHERE kind = 'stage' AND reached_date IS NULL")
    _target_positive = models.Constraint(
        "CHECK (target_hours >= 0 AND paused_hours >= 0)",
        "Timer targets and paused time cannot be negative.",
    )

    # ------------------------------------------------------------ computes

    @api.depends("deadline", "reached_date", "pause_start", "calendar_id")
    def _compute_time_left(self):
        now = fields.Datetime.now()
        open_timers = self.filtered(lambda t: t.deadline and not t.reached_date)
        closed_timers = self - open_timers
        closed_timers.time_left = 0.0
        closed_timers.time_left_label = False
        label = self.env["helpdesk.ticket"]._aftersales_sla_time_label
        for calendar, timers in open_timers.grouped("calendar_id").items():
            requests = []
            for timer in timers:
                moment = timer.pause_start or now
                begin, end = sorted((moment, timer.deadline))
                requests.append((timer.id, begin, end))
            hours = self._work_hours(calendar, requests)
            for timer in timers:
                overdue = timer.deadline < (timer.pause_start or now)
                timer.time_left = -hours[timer.id] if overdue else hours[timer.id]
                timer.time_left_label = label(timer.time_left, overdue=overdue)

    @api.depends("kind", "ticket_id", "status")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        statuses = dict(self._fields["status"]._description_selection(self.env))
        for timer in self:
            timer.display_name = f"{labels.get(timer.kind, '')} ({statuses.get(timer.status, '')})"

    # ------------------------------------------------------------ working time

    @api.model
    def _plan(self, calendar, requests):
        """{key: deadline} for (key, start, hours) requests in ``calendar``
        (round-the-clock hours when empty): the suite's calendar engine."""
        return self.env["resource.calendar"]._aftersales_plan(calendar, requests)

    @api.model
    def _work_hours(self, calendar, requests):
        """{key: working hours} for (key, start, end) requests: the suite's calendar
        engine, which the quality figures use too."""
        return self.env["resource.calendar"]._aftersales_work_hours(calendar, requests)

    @api.model
    def _plan_values(self, vals_list):
        """Fill ``deadline`` and ``at_risk_date`` of timer values, one calendar
        computation per calendar for the whole list."""
        by_calendar = defaultdict(list)
        for index, vals in enumerate(vals_list):
            by_calendar[vals.get("calendar_id") or False].append(index)
        for calendar_id, indexes in by_calendar.items():
            calendar = self.env["resource.calendar"].browse(calendar_id)
            requests = []
            for index in indexes:
                vals = vals_list[index]
                paused = vals.get("paused_hours", 0.0)
                target = vals["target_hours"]
                share = vals.get("at_risk_percent", 80) / 100.0
                requests.append((("d", index), vals["start_date"], target + paused))
                requests.append((("r", index), vals["start_date"], target * share + paused))
            planned = self._plan(calendar, requests)
            for index in indexes:
                vals_list[index]["deadline"] = planned[("d", index)]
                vals_list[index]["at_risk_date"] = planned[("r", index)]
        return vals_list

    def _replan(self):
        """Recompute deadlines of these timers from their start, target and
        paused time (consumed time is never reset)."""
        vals_list = [
            {
                "calendar_id": timer.calendar_id.id,
                "start_date": timer.start_date,
                "target_hours": timer.target_hours,
                "paused_hours": timer.paused_hours,
                "at_risk_percent": timer.at_risk_percent,
            }
            for timer in self
        ]
        self._plan_values(vals_list)
        for timer, vals in zip(self, vals_list, strict=True):
            timer.deadline = vals["deadline"]
            timer.at_risk_date = vals["at_risk_date"]
        now = fields.Datetime.now()
        for timer in self:
            if (
                timer.status in ("at_risk", "breached")
                and not timer.reached_date
                and timer.deadline
                and timer.deadline > now
            ):
                # a later deadline (new policy) brings a late timer back on
                # track; the escalation pass flags it again when due
                timer.status = "on_track"

    # ------------------------------------------------------------ transitions

    def _pause(self, now):
        running = self.filtered(lambda t: t.status in RUNNING and not t.pause_start)
        running.write({"pause_start": now, "status": "paused"})

    def _resume(self, now):
        paused = self.filtered("pause_start")
        for calendar, timers in paused.grouped("calendar_id").items():
            hours = self._work_hours(calendar, [(t.id, t.pause_start, now) for t in timers])
            for timer in timers:
                timer.paused_hours += hours[timer.id]
                timer.pause_start = False
                # escalation re-evaluates at-risk and breach on its next pass
                timer.status = "on_track"
        paused._replan()

    def _reach(self, when):
        for timer in self.filtered(lambda t: not t.reached_date):
            late = timer.deadline and when > timer.deadline
            timer.reached_date = when
            timer.pause_start = False
            timer.status = "breached" if late else "met"

    def _judge(self):
        """Met or breached, for these reached timers, against their deadline (a reached
        target planned again: a new Received At, a timer made for a past event)."""
        for timer in self.filtered(lambda t: t.reached_date and t.status != "cancelled"):
            late = timer.deadline and timer.reached_date > timer.deadline
            timer.status = "breached" if late else "met"

    def _trigger_escalation_if_due(self):
        """Run the escalation pass soon when one of these running timers is already at
        risk or due (a request received long ago): the next pass flags it and sends the
        notices, as for any other timer."""
        now = fields.Datetime.now()
        due = self.filtered(
            lambda t: (
                t.status in ("on_track", "at_risk")
                and not t.reached_date
                and (
                    (t.at_risk_date and t.at_risk_date <= now) or (t.deadline and t.deadline <= now)
                )
            )
        )
        if due:
            cron = self.env.ref(
                "aftersales_sla.ir_cron_aftersales_sla_escalation", raise_if_not_found=False
            )
            if cron:
                cron._trigger()

    def _reopen(self):
        # a cancelled clock (a merged case) stays cancelled
        reached = self.filtered(lambda timer: timer.reached_date and timer.status != "cancelled")
        reached.write({"reached_date": False, "status": "on_track"})
        reached._replan()

    # ------------------------------------------------------------ escalation

    @api.model
    def _escalation_due_sql(self, now):
        return SQL(
            "(status = 'on_track' AND at_risk_date <= %(now)s)"
            " OR (status IN ('on_track', 'at_risk') AND deadline <= %(now)s)",
            now=now,
        )

    @api.model
    def _cron_escalate(self, batch_size=500):
        """Scheduled action: flag at-risk and breached timers and escalate them.

        Batches are locked with SKIP LOCKED (a second worker takes other rows),
        and each batch commits its status changes together with its notices,
        so a rerun after a crash neither repeats nor loses a notice.
        """
        # An SQL condition: the due ids are read once through the partial indexes
        # (as many rows as are due), then claimed batch by batch.
        total = aftersales_cron_batches(
            self,
            self._escalation_due_sql,
            lambda timers, now: timers._escalate(now),
            batch_size=batch_size,
        )
        _logger.info("SLA escalation: %s timers processed", total)
        return total

    def _escalate(self, now):
        """Move these due timers to at risk / breached and send each notice once.

        Set-based: one write per (status, level) group, so the cases' stored
        SLA summary is recomputed once for the batch, not once per timer.
        """
        groups = defaultdict(list)  # (status, escalation level) -> timer ids
        notices = []  # (timer, level)
        for timer in self:
            level = LEVEL_BREACHED if timer.deadline and timer.deadline <= now else LEVEL_AT_RISK
            status = "breached" if level == LEVEL_BREACHED else "at_risk"
            if level > timer.escalation_level:
                # a timer jumping straight to breached gets only the breach notice
                notices.append((timer, level))
            groups[status, max(level, timer.escalation_level)].append(timer.id)
        for (status, level), ids in groups.items():
            self.browse(ids).write({"status": status, "escalation_level": level})
        if notices:
            self._escalation_notify(notices)
            self._escalation_apply_rules(notices)

    @api.model
    def _escalation_notify(self, notices):
        """A note on each case and an activity for its assignee and team leader."""
        env = self.env
        bodies = defaultdict(list)
        activity_users = defaultdict(set)
        messages = self._escalation_messages(notices)
        for timer, level in notices:
            ticket = timer.ticket_id
            bodies[ticket.id].append(messages[timer.id, level])
            # ids, not a union of records per notice: 25,000 notices in one pass
            users = activity_users[ticket.id]
            for user_id in (ticket.user_id.id, ticket.team_id.user_id.id):
                if user_id:
                    users.add(user_id)
        tickets = env["helpdesk.ticket"].browse(list(bodies))
        tickets._message_log_batch(
            {ticket_id: Markup("<br/>").join(lines) for ticket_id, lines in bodies.items()}
        )
        summaries = {ticket_id: lines[0] for ticket_id, lines in bodies.items()}
        self._schedule_activities(activity_users, summaries)

    @api.model
    def _schedule_activities(self, users_by_ticket, summaries):
        env = self.env
        activity_type = env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        model_id = env["ir.model"]._get_id("helpdesk.ticket")
        now = fields.Datetime.now()
        all_user_ids = {user_id for ids in users_by_ticket.values() for user_id in ids}
        # due today where each user is: a day in their own time zone
        today = {
            user.id: aftersales_local_date(now, user._aftersales_tz())
            for user in env["res.users"].browse(sorted(all_user_ids))
        }
        # Each activity stores its case's name. Given with the values, it goes into the
        # INSERT; left to mail, it is computed case by case after it and written with a
        # second UPDATE of every activity. Read as mail computes it (as superuser), for
        # the whole batch at once.
        tickets = env["helpdesk.ticket"].sudo().browse(list(users_by_ticket))
        names = {ticket.id: ticket.display_name for ticket in tickets}
        vals_list = [
            {
                "res_model_id": model_id,
                "res_id": ticket_id,
                "res_name": names[ticket_id],
                "user_id": user_id,
                "activity_type_id": activity_type.id if activity_type else False,
                "summary": str(summaries[ticket_id])[:250],
                "date_deadline": today[user_id],
            }
            for ticket_id, user_ids in users_by_ticket.items()
            for user_id in sorted(user_ids)
        ]
        if vals_list:
            # the activity is the notification: no e-mail per activity
            env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)

    @api.model
    def _escalation_messages(self, notices):
        """{(timer id, level): notice text}; the target labels are looked up
        once for the batch, not once per timer."""
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        breached = self.env._("Service level breached: %(target)s was due %(deadline)s.")
        at_risk = self.env._("Service level at risk: %(target)s is due %(deadline)s.")
        # a batch has few distinct time zones, and its deadlines often coincide (cases
        # received together): each is looked up and formatted once, not once per timer
        tzs = {}
        staff_tzs = {}
        texts = {}
        messages = {}
        for timer, level in notices:
            ticket = timer.ticket_id
            if ticket.id not in tzs:
                # in the time of the people working on the case, who read the note: the
                # same for every case of one assignee, team and company (a batch has few)
                staff = (ticket.user_id, ticket.team_id, ticket.company_id)
                if staff not in staff_tzs:
                    staff_tzs[staff] = ticket._aftersales_staff_tz()
                tzs[ticket.id] = staff_tzs[staff]
            key = (level >= LEVEL_BREACHED, timer.kind, timer.deadline, tzs[ticket.id])
            if key not in texts:
                template = breached if key[0] else at_risk
                texts[key] = template % {
                    "target": kinds[timer.kind],
                    "deadline": format_datetime(self.env, timer.deadline, tz=key[3]),
                }
            messages[timer.id, level] = texts[key]
        return messages

    @api.model
    def _escalation_apply_rules(self, notices):
        """Escalation rules of the notified timers: priority, team, managers.

        The rules are matched once per (policy, target, level) of the batch,
        not once per timer: a batch of 500 timers has only a few such keys.
        """
        rules = self.env["aftersales.sla.escalation.rule"].search([("active", "=", True)])
        if not rules:
            return
        matching = {}  # (policy id, target, level, company id) -> rules
        fired = []  # (timer, level, rules), in the order of the notices
        for timer, level in notices:
            key = (timer.policy_id.id, timer.kind, level, timer.ticket_id.company_id.id)
            if key not in matching:
                matching[key] = rules._matching(*key)
            if matching[key]:
                fired.append((timer, level, matching[key]))
        messages = self._escalation_messages(
            [(timer, level) for timer, level, found in fired if found.notify_user_ids]
        )
        raise_ids = set()
        team_moves = {}
        notify = defaultdict(set)
        summaries = {}
        for timer, level, found in fired:
            ticket = timer.ticket_id
            company = ticket.company_id
            for rule in found:
                if rule.raise_priority:
                    raise_ids.add(ticket.id)
                # a rule shared by the companies never hands a case to another company's
                # team, nor shows it to another company's users
                team = rule.team_id
                same_company = team.company_id in (company, company.browse())
                if team and team != ticket.team_id and same_company:
                    team_moves[ticket.id] = team.id
                users = rule.notify_user_ids.filtered(lambda user, c=company: c in user.company_ids)
                if users:
                    notify[ticket.id].update(users.ids)
                    summaries[ticket.id] = messages[timer.id, level]
        tickets = self.env["helpdesk.ticket"]
        by_priority = defaultdict(list)
        for ticket in tickets.browse(sorted(raise_ids)):
            if ticket.priority != "3":
                by_priority[str(int(ticket.priority or "0") + 1)].append(ticket.id)
        for priority, ticket_ids in by_priority.items():
            tickets.browse(ticket_ids).write({"priority": priority})
        by_team = defaultdict(list)
        for ticket_id, team_id in team_moves.items():
            by_team[team_id].append(ticket_id)
        for team_id, ticket_ids in by_team.items():
            tickets.browse(ticket_ids).write({"team_id": team_id})
        self._schedule_activities(notify, summaries)
