import bisect
from datetime import timedelta

from pytz import utc

from odoo import api, models

# How far ahead the first fetch of working intervals reaches; it doubles until
# every requested deadline fits, up to the hard limit (a calendar without
# attendances then yields no deadline instead of looping forever).
_SLA_FIRST_HORIZON_DAYS = 35
_SLA_MAX_HORIZON_DAYS = 800


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
        for begin, stop, _meta in intervals:
            begin = begin.astimezone(utc).replace(tzinfo=None)
            stop = stop.astimezone(utc).replace(tzinfo=None)
            if stop <= begin:
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
    _inherit = "resource.calendar"

    # ------------------------------------------------------------ business

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
        """Working intervals of this calendar (public holidays and global leaves
        removed) between two naive UTC datetimes."""
        self.ensure_one()
        intervals = self._work_intervals_batch(
            utc.localize(start), utc.localize(end), compute_leaves=True
        )[False]
        return _WorkTimeline(intervals, start, end)

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
