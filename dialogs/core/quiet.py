"""Quiet hours: when a young person may be messaged, in local time, across clock changes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Europe/London"


def in_quiet_hours(
    when: datetime, start_hour: int = 21, end_hour: int = 9, tz: str = DEFAULT_TZ
) -> bool:
    """Whether an aware UTC time falls in the quiet window (which may span midnight)."""
    hour = when.astimezone(ZoneInfo(tz)).hour
    if start_hour == end_hour:
        return False
    if start_hour > end_hour:
        return hour >= start_hour or hour < end_hour
    return start_hour <= hour < end_hour


def next_allowed(
    when: datetime, start_hour: int = 21, end_hour: int = 9, tz: str = DEFAULT_TZ
) -> datetime:
    """``when`` itself if it is outside quiet hours, else the end of the quiet window (UTC).

    The end is computed as a wall-clock time in ``tz``, so 09:00 stays 09:00 local on the
    mornings after the clocks go forward or back.
    """
    if not in_quiet_hours(when, start_hour, end_hour, tz):
        return when
    zone = ZoneInfo(tz)
    local = when.astimezone(zone)
    day = local.date() if local.hour < end_hour else local.date() + timedelta(days=1)
    morning = datetime.combine(day, time(end_hour), tzinfo=zone)
    return morning.astimezone(UTC)


def local_morning(day_offset: int, now: datetime, hour: int = 10, tz: str = DEFAULT_TZ) -> datetime:
    """``hour`` o'clock local time, ``day_offset`` days after ``now``'s local date (UTC)."""
    zone = ZoneInfo(tz)
    day = now.astimezone(zone).date() + timedelta(days=day_offset)
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)
