"""Working time of a service: Monday to Friday, its working hours in UK time, bank holidays off.

Pure functions. Every datetime in and out is timezone-aware (returned in UTC); the working day
is computed as wall-clock time in Europe/London, so 09:00-17:00 stays 09:00-17:00 local on
both sides of a clock change. Bank holidays are those of England and Wales, substitute days
included (Christmas 2027 falls on a Saturday, so Monday 27 and Tuesday 28 December are off).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

import holidays

from storage.models import Urgency

WORK_TZ = ZoneInfo("Europe/London")
# No window is further away than this: two weeks of Christmas and Easter closures at most.
_SEARCH_DAYS = 366


class WorkingHours(Protocol):
    """What the functions read of a service (``storage.models.Service`` has all of it)."""

    work_start_hour: int
    work_end_hour: int


class ResponseTimes(WorkingHours, Protocol):
    """A service's working hours and how soon requests should be picked up."""

    urgent_response_minutes: int
    normal_response_minutes: int


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    """The bank holidays of England and Wales in one year (substitute days included)."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday(day: date) -> bool:
    """Whether a date is a bank holiday in England and Wales."""
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a bank holiday."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("working-time functions need an aware datetime")
    return at.astimezone(UTC)


def working_window(day: date, service: WorkingHours) -> tuple[datetime, datetime] | None:
    """The working hours of a local date in UTC, or None on a day off."""
    start, end = service.work_start_hour, service.work_end_hour
    if not 0 <= start < end <= 24 or not is_working_day(day):
        return None
    midnight = datetime.combine(day, time(0), tzinfo=WORK_TZ)
    # Wall-clock arithmetic: same-zone addition keeps local hours across a clock change.
    opens = (midnight + timedelta(hours=start)).astimezone(UTC)
    if end == 24:
        closes = datetime.combine(day + timedelta(days=1), time(0), tzinfo=WORK_TZ)
    else:
        closes = midnight + timedelta(hours=end)
    return opens, closes.astimezone(UTC)


def is_working_time(at: datetime, service: WorkingHours) -> bool:
    """Whether ``at`` falls in the service's working hours on a working day."""
    at = _aware(at)
    window = working_window(at.astimezone(WORK_TZ).date(), service)
    return window is not None and window[0] <= at < window[1]


def next_working_start(at: datetime, service: WorkingHours) -> datetime:
    """``at`` itself when it is working time, else when working time next begins (UTC)."""
    at = _aware(at)
    day = at.astimezone(WORK_TZ).date()
    for offset in range(_SEARCH_DAYS):
        window = working_window(day + timedelta(days=offset), service)
        if window is not None and at < window[1]:
            return max(at, window[0])
    raise ValueError("the service has no working hours")


def add_working_minutes(start: datetime, minutes: int, service: WorkingHours) -> datetime:
    """The moment ``minutes`` of working time after ``start`` (counting from the next
    working start, so a request sent on Friday evening starts counting on Monday morning).

    Reaching the end of a working day exactly gives that close (17:00), not the next morning.
    """
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    left = timedelta(minutes=minutes)
    at = next_working_start(start, service)
    while True:
        window = working_window(at.astimezone(WORK_TZ).date(), service)
        assert window is not None  # next_working_start always lands in a window
        available = window[1] - at
        if left <= available:
            return at + left
        left -= available
        at = next_working_start(window[1], service)


def working_minutes_between(start: datetime, end: datetime, service: WorkingHours) -> int:
    """Whole minutes of working time from ``start`` to ``end`` (0 when ``end`` is earlier)."""
    start, end = _aware(start), _aware(end)
    total = timedelta(0)
    day = start.astimezone(WORK_TZ).date()
    last = end.astimezone(WORK_TZ).date()
    while day <= last:
        window = working_window(day, service)
        if window is not None:
            opens, closes = max(window[0], start), min(window[1], end)
            if closes > opens:
                total += closes - opens
        day += timedelta(days=1)
    return int(total.total_seconds() // 60)


def response_due(service: ResponseTimes, urgency: Urgency, created_at: datetime) -> datetime:
    """When a request sent at ``created_at`` should have been picked up, else escalated.

    Urgent requests (needed today) get the service's urgent response time, the others its
    normal one, both counted in working minutes.
    """
    minutes = (
        service.urgent_response_minutes
        if urgency == Urgency.TODAY
        else service.normal_response_minutes
    )
    return add_working_minutes(created_at, minutes, service)
