"""Time helpers of the suite: periods and times shown to a person are in that person's
time zone, stored datetimes stay naive UTC."""

from datetime import datetime, time, timedelta

import pytz


def aftersales_local_date(value, tz):
    """The calendar day the naive UTC datetime ``value`` falls on in the time zone ``tz``."""
    if not value:
        return value
    zone = pytz.timezone(tz or "UTC")
    return pytz.utc.localize(value).astimezone(zone).date()


def aftersales_day_start(day, tz):
    """Naive UTC datetime of the midnight that starts ``day`` in the time zone ``tz``."""
    zone = pytz.timezone(tz or "UTC")
    local = zone.localize(datetime.combine(day, time.min))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def aftersales_day_bounds(date_from, date_to, tz):
    """``(start, end)`` naive UTC datetimes of the days ``date_from`` to ``date_to``
    included, cut at midnight in the time zone ``tz``: ``start <= moment < end``."""
    return aftersales_day_start(date_from, tz), aftersales_day_start(
        date_to + timedelta(days=1), tz
    )
