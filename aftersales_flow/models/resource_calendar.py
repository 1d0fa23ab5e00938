import bisect
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.float_utils import float_round
from odoo.tools.intervals import Intervals

# How far ahead the first fetch of working intervals reaches; it doubles until
# every requested deadline fits, up to the hard limit (a calendar without
# attendances then yields no deadline instead of looping forever).
_SLA_FIRST_HORIZON_DAYS = 35
_SLA_MAX_HORIZON_DAYS = 800

# The official schedule loaded from the chinesecalendar package, as the calendar shows it.
CHINA_SOURCE = "chinesecalendar"


def _float_to_time(hours):
    """09.5 -> 09:30 (24.0 is the end of the day)."""
    if hours >= 24.0:
        return time.max
    hours = float_round(hours, precision_digits=6)
    whole = int(hours)
    minutes = round((hours - whole) * 60)
    return time(whole, min(minutes, 59))


class _WorkTimeline:
    """Working intervals of one calendar as sorted UTC bounds with running totals.

    Answers "when are H working hours consumed from T" and "how many working
    hours between A and B" by bisection, without touching the database.
    """

    def __init__(self, intervals, start, end):
        self.start = start
        self.end = end
        self.starts = []
        self.stops = []
        self.cumulated = [0.0]  # working hours before interval i
        bounds = []
        for begin, stop, _meta in intervals:
            begin = begin.astimezone(utc).replace(tzinfo=None)
            stop = stop.astimezone(utc).replace(tzinfo=None)
            if stop > begin:
                bounds.append((begin, stop))
        # sorted and merged: a make-up working day may touch the attendances
        for begin, stop in sorted(bounds):
            if self.stops and begin <= self.stops[-1]:
                if stop > self.stops[-1]:
                    added = (stop - self.stops[-1]).total_seconds() / 3600.0
                    self.stops[-1] = stop
                    self.cumulated[-1] += added
                continue
            self.starts.append(begin)
            self.stops.append(stop)
            hours = (stop - begin).total_seconds() / 3600.0
            self.cumulated.append(self.cumulated[-1] + hours)

    def covers(self, moment):
        return self.start <= moment <= self.end

    def hours_until(self, moment):
        """Working hours between the timeline start and ``moment``."""
        index = bisect.bisect_right(self.stops, moment)
        total = self.cumulated[index]
        if index < len(self.starts) and self.starts[index] < moment:
            total += (moment - self.starts[index]).total_seconds() / 3600.0
        return total

    def plan(self, moment, hours):
        """The moment ``hours`` working hours after ``moment``, or None past the end."""
        target = self.hours_until(moment) + max(hours, 0.0)
        if hours <= 0:
            return moment
        index = bisect.bisect_left(self.cumulated, target) - 1
        if index >= len(self.starts):
            return None
        index = max(index, 0)
        offset = target - self.cumulated[index]
        return self.starts[index] + timedelta(hours=offset)


class ResourceCalendar(models.Model):
    """The suite's one calendar engine (service levels, the quality figures, the
    deadlines told to customers, the follow-up), with what a working-time calendar lacks
    for a Chinese support team: official public holidays and the make-up working days
    (调休) that go with them, loaded for a year in one action."""

    _inherit = "resource.calendar"

    # ------------------------------------------------------------ fields

    aftersales_workday_ids = fields.One2many(
        "aftersales.calendar.workday",
        "calendar_id",
        string="Make-up Working Days",
        help="Days off in the week (a Saturday, a Sunday) worked instead of a holiday: they "
        "count as working days for the after-sales deadlines and figures.",
    )
    aftersales_has_workdays = fields.Boolean(
        compute="_compute_aftersales_has_workdays",
        store=True,
        help="Technical: the calendar has make-up working days (read with the calendar, "
        "it spares the engine a query for the many calendars without).",
    )
    aftersales_holiday_coverage = fields.Char(
        string="Official Holidays",
        compute="_compute_aftersales_holiday_coverage",
        help="The official schedules loaded into this calendar: where they come from and "
        "which years they cover. A year not listed has no public holidays here.",
    )

    # ------------------------------------------------------------ computes

    @api.depends("aftersales_workday_ids")
    def _compute_aftersales_has_workdays(self):
        for calendar in self:
            calendar.aftersales_has_workdays = bool(calendar.aftersales_workday_ids)

    @api.depends("leave_ids.aftersales_holiday_source", "aftersales_workday_ids.source")
    def _compute_aftersales_holiday_coverage(self):
        for calendar in self:
            years = defaultdict(set)
            for leave in calendar.leave_ids:
                if leave.aftersales_holiday_source:
                    years[leave.aftersales_holiday_source].add(leave.date_from.year)
            for workday in calendar.aftersales_workday_ids:
                if workday.source:
                    years[workday.source].add(workday.date.year)
            calendar.aftersales_holiday_coverage = "; ".join(
                self.env._(
                    "%(schedule)s: %(years)s",
                    schedule=source,
                    years=", ".join(str(year) for year in sorted(found)),
                )
                for source, found in sorted(years.items())
            )

    # ------------------------------------------------------------ actions

    def action_aftersales_load_holidays(self):
        """Open the wizard loading a year's official holidays into this calendar."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Load Official Holidays"),
            "res_model": "aftersales.calendar.holiday.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_calendar_id": self.id},
        }

    # ------------------------------------------------------------ business: engine

    @api.model
    def _aftersales_plan(self, calendar, requests):
        """{key: deadline} for (key, start, working hours) requests in ``calendar``, the
        one engine of the suite for deadlines (service levels, acknowledgement, expected
        handling, follow-up). Round-the-clock hours without a calendar."""
        if not calendar:
            return {key: start + timedelta(hours=hours) for key, start, hours in requests}
        return calendar.aftersales_plan_batch(requests)

    @api.model
    def _aftersales_work_hours(self, calendar, requests):
        """{key: working hours} for (key, start, end) requests in ``calendar``, the one
        engine of the suite for elapsed working time (service levels and the quality
        figures count the same hours). Round-the-clock hours without a calendar."""
        if not calendar:
            return {
                key: max((end - start).total_seconds() / 3600.0, 0.0)
                for key, start, end in requests
            }
        return calendar.aftersales_work_hours_batch(requests)

    def _aftersales_timeline(self, start, end):
        """Working intervals of this calendar between two naive UTC datetimes: its
        attendances and make-up working days, without its public holidays and global
        leaves."""
        self.ensure_one()
        start_dt, end_dt = utc.localize(start), utc.localize(end)
        work = self._attendance_intervals_batch(start_dt, end_dt)[False]
        makeup = self._aftersales_makeup_intervals(start_dt, end_dt)
        if makeup:
            work = work | makeup
        leaves = self._leave_intervals_batch(start_dt, end_dt)[False]
        return _WorkTimeline(work - leaves, start, end)

    def _aftersales_makeup_intervals(self, start_dt, end_dt):
        """Intervals of this calendar's make-up working days between two aware datetimes:
        each day is worked with the attendances of the weekday it works as."""
        self.ensure_one()
        if not self.aftersales_has_workdays:
            return Intervals()
        tz = timezone(self.tz or "UTC")
        first = start_dt.astimezone(tz).date() - timedelta(days=1)
        last = end_dt.astimezone(tz).date() + timedelta(days=1)
        # sudo: the days a calendar is worked are no secret to whoever counts in it
        workdays = (
            self.env["aftersales.calendar.workday"]
            .sudo()
            .search([("calendar_id", "=", self.id), ("date", ">=", first), ("date", "<=", last)])
        )
        if not workdays:
            return Intervals()
        attendances = self.attendance_ids.filtered(
            lambda a: not a.display_type and a.day_period != "lunch"
        )
        week_type = self.env["resource.calendar.attendance"].get_week_type
        intervals = []
        for workday in workdays:
            for attendance in attendances:
                if attendance.dayofweek != workday.dayofweek:
                    continue
                if self.two_weeks_calendar and attendance.week_type != str(week_type(workday.date)):
                    continue
                day = workday.date
                begin = tz.localize(datetime.combine(day, _float_to_time(attendance.hour_from)))
                stop = tz.localize(datetime.combine(day, _float_to_time(attendance.hour_to)))
                begin, stop = max(begin, start_dt), min(stop, end_dt)
                if stop > begin:
                    intervals.append((begin, stop, attendance))
        return Intervals(intervals)

    @api.private
    def aftersales_plan_batch(self, requests):
        """Deadlines of many (key, start, hours) requests in this calendar.

        ``start`` is a naive UTC datetime, ``hours`` working hours. Returns
        {key: naive UTC datetime or False}. The number of queries depends on
        the span of the requests, never on how many there are.
        """
        self.ensure_one()
        result = {}
        if not requests:
            return result
        first = min(start for _key, start, _hours in requests) - timedelta(days=1)
        last = max(start for _key, start, _hours in requests)
        horizon = _SLA_FIRST_HORIZON_DAYS
        pending = list(requests)
        while pending:
            timeline = self._aftersales_timeline(first, last + timedelta(days=horizon))
            missing = []
            for key, start, hours in pending:
                deadline = timeline.plan(start, hours)
                if deadline is None:
                    missing.append((key, start, hours))
                else:
                    result[key] = deadline
            pending = missing
            if horizon >= _SLA_MAX_HORIZON_DAYS:
                result.update(dict.fromkeys((key for key, _s, _h in pending), False))
                break
            horizon *= 2
        return result

    @api.private
    def aftersales_work_hours_batch(self, requests):
        """Working hours between the two naive UTC datetimes of many
        (key, start, end) requests: {key: hours}."""
        self.ensure_one()
        if not requests:
            return {}
        first = min(start for _key, start, _end in requests) - timedelta(days=1)
        last = max(end for _key, _start, end in requests) + timedelta(days=1)
        timeline = self._aftersales_timeline(first, last)
        return {
            key: max(timeline.hours_until(end) - timeline.hours_until(start), 0.0)
            for key, start, end in requests
        }

    # ------------------------------------------------------------ business: official holidays

    @api.model
    def _aftersales_china_schedule(self):
        """The official schedule of the installed ``chinesecalendar`` package:
        ``(version, {date: holiday name}, {date: holiday name})`` of the public holidays and
        the make-up working days. Its data ships with the package: no network."""
        try:
            import chinese_calendar  # noqa: PLC0415 (an optional package, checked here)
            from chinese_calendar import constants  # noqa: PLC0415
        except ImportError:
            raise UserError(
                self.env._(
                    "China's official holidays come from the Python package "
                    "“chinesecalendar”, which is not installed on the server."
                )
            ) from None
        version = getattr(chinese_calendar, "__version__", "")
        return version, dict(constants.holidays), dict(constants.workdays)

    @api.model
    def _aftersales_china_covered_years(self):
        """The years the installed package has China's official schedule for."""
        _version, holidays, _workdays = self._aftersales_china_schedule()
        return sorted({day.year for day in holidays})

    @api.model
    def _aftersales_china_holiday_label(self, name):
        """The holiday's name in the user's language (the package names them in English)."""
        labels = {
            "New Year's Day": self.env._("New Year's Day"),
            "Spring Festival": self.env._("Spring Festival"),
            "Tomb-sweeping Day": self.env._("Tomb-sweeping Day"),
            "Labour Day": self.env._("Labour Day"),
            "Dragon Boat Festival": self.env._("Dragon Boat Festival"),
            "National Day": self.env._("National Day"),
            "Mid-autumn Festival": self.env._("Mid-autumn Festival"),
        }
        return labels.get(name, name)

    def _aftersales_load_china_holidays(self, year):
        """Load China's official public holidays and make-up working days of ``year`` into
        this calendar, replacing what an earlier load of that year put there: each holiday
        (its days in a row) is a global leave of the calendar, from midnight to midnight in
        the calendar's time zone; each make-up day a working day with the calendar's Monday
        hours. Returns (holidays, make-up days) created."""
        self.ensure_one()
        version, holidays, workdays = self._aftersales_china_schedule()
        covered = sorted({day.year for day in holidays})
        if year not in covered:
            raise UserError(
                self.env._(
                    "The installed chinesecalendar %(version)s has China's official schedule "
                    "for %(first)s to %(last)s, not for %(year)s: update the package once the "
                    "State Council has published that year's schedule.",
                    version=version,
                    first=covered[0] if covered else "-",
                    last=covered[-1] if covered else "-",
                    year=year,
                )
            )
        source = self.env._(
            "China official schedule (%(package)s %(version)s)",
            package=CHINA_SOURCE,
            version=version,
        )
        Leave = self.env["resource.calendar.leaves"]
        Workday = self.env["aftersales.calendar.workday"]
        # a new load of the year replaces the former one (a revised schedule)
        Leave.search(
            [
                ("calendar_id", "=", self.id),
                ("aftersales_holiday_year", "=", year),
                ("aftersales_holiday_source", "!=", False),
            ]
        ).unlink()
        Workday.search(
            [
                ("calendar_id", "=", self.id),
                ("date", ">=", date(year, 1, 1)),
                ("date", "<=", date(year, 12, 31)),
            ]
        ).unlink()
        tz = timezone(self.tz or "UTC")

        def utc_naive(day, moment):
            return tz.localize(datetime.combine(day, moment)).astimezone(utc).replace(tzinfo=None)

        days = sorted((day, name) for day, name in holidays.items() if day.year == year)
        leave_vals = []
        runs = []
        for day, name in days:
            if runs and runs[-1][1] == name and runs[-1][0][-1] + timedelta(days=1) == day:
                runs[-1][0].append(day)
            else:
                runs.append(([day], name))
        for run_days, name in runs:
            leave_vals.append(
                {
                    "name": self.env._(
                        "%(holiday)s %(year)s",
                        holiday=self._aftersales_china_holiday_label(name),
                        year=year,
                    ),
                    "calendar_id": self.id,
                    "company_id": self.company_id.id,
                    "resource_id": False,
                    "time_type": "leave",
                    "date_from": utc_naive(run_days[0], time.min),
                    "date_to": utc_naive(run_days[-1], time(23, 59, 59)),
                    "aftersales_holiday_source": source,
                    "aftersales_holiday_year": year,
                }
            )
        workday_vals = [
            {
                "calendar_id": self.id,
                "date": day,
                "name": self.env._(
                    "Make-up working day for %(holiday)s",
                    holiday=self._aftersales_china_holiday_label(name),
                ),
                "dayofweek": "0",
                "source": source,
            }
            for day, name in sorted(workdays.items())
            if day.year == year
        ]
        leaves = Leave.create(leave_vals)
        made = Workday.create(workday_vals)
        return leaves, made

    # ------------------------------------------------------------ demo data

    @api.private
    def aftersales_demo_load_china_holidays(self):
        """Demo data: China's official schedule of this year and the last (the demo's
        history reaches three months back) in these calendars, for the years the installed
        package covers."""
        covered = set(self._aftersales_china_covered_years())
        this_year = fields.Date.context_today(self).year
        for calendar in self:
            for year in (this_year - 1, this_year):
                if year in covered:
                    calendar._aftersales_load_china_holidays(year)
        return True

    # ------------------------------------------------------------ business: who is at work

    @api.model
    def _aftersales_users_on_duty(self, users, moment, calendar):
        """The ``users`` at work at ``moment`` (naive UTC): within the working hours of
        their own resource's calendar, in their own time zone (else ``calendar``, the team's
        working hours, in its time zone), on a make-up working day or not a public holiday,
        and not on leave (a leave of their resource, which is how time off lands).

        A user counted in no calendar at all is always at work."""
        # sudo: who works when is no secret to the team the case is assigned in; the
        # assignment runs for whoever creates a case (agents, customers, the mail gateway)
        resources = (
            self.env["resource.resource"]
            .sudo()
            .search([("user_id", "in", users.ids), ("resource_type", "=", "user")])
        )
        resource_of = {}
        for resource in resources:
            resource_of.setdefault(resource.user_id.id, resource)
        start = utc.localize(moment)
        end = start + timedelta(minutes=1)
        naive_end = moment + timedelta(minutes=1)
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("time_type", "=", "leave"),
                    ("date_from", "<", naive_end),
                    ("date_to", ">", moment),
                    "|",
                    ("resource_id", "in", resources.ids),
                    ("resource_id", "=", False),
                ]
            )
        )
        on_leave = set(leaves.resource_id.ids)
        holidays = leaves.filtered(lambda leave: not leave.resource_id)
        by_calendar = defaultdict(list)
        for user in users:
            resource = resource_of.get(user.id, self.env["resource.resource"].sudo())
            if resource and resource.id in on_leave:
                continue
            user_calendar = (resource.calendar_id or calendar).sudo()
            by_calendar[user_calendar].append((user, resource))
        on_duty = self.env["res.users"]
        for user_calendar, members in by_calendar.items():
            if not user_calendar:
                on_duty |= self.env["res.users"].union(*(user for user, _res in members))
                continue
            # a public holiday of this calendar (or of every calendar) stops everyone
            if any(
                not leave.calendar_id or leave.calendar_id == user_calendar for leave in holidays
            ):
                continue
            member_resources = (
                self.env["resource.resource"]
                .sudo()
                .union(*(resource for _user, resource in members if resource))
            )
            attendance = user_calendar._attendance_intervals_batch(
                start, end, resources=member_resources
            )
            makeup = user_calendar._aftersales_makeup_intervals(start, end)
            for user, resource in members:
                if attendance.get(resource.id) or makeup:
                    on_duty |= user
        return on_duty
