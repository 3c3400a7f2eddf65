"""Dates and times as people read them, in their language, on UK time (Europe/London).

One place for every date a message shows, so month and day names follow the reader's
language (Babel, from CLDR). The patterns are CLDR patterns; in English they read as
before: "Tuesday 1 December 2026", "1 Dec 2026", "16:30".
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime

from dialogs.texts import DEFAULT_LANGUAGE

# Lifelinks serves UK teams: quiet hours, working hours and review days are all UK time.
ZONE = ZoneInfo("Europe/London")

LONG_DATE = "d MMMM y"  # 1 December 2026
SHORT_DATE = "d MMM y"  # 1 Dec 2026
WEEKDAY_DATE = "EEEE d MMMM"  # Tuesday 1 December
WEEKDAY_FULL_DATE = "EEEE d MMMM y"  # Tuesday 1 December 2026
MONTH_YEAR = "LLLL y"  # December 2026 (the month on its own, not in a date)
CLOCK = "HH:mm"  # 16:30
SHORT_CLOCK = "H:mm"  # 9:15, as a young person reads "tomorrow at 9:15"
WEEKDAY = "EEEE"  # Tuesday
WEEKDAY_CLOCK = "EEEE HH:mm"  # Tuesday 16:30
WEEKDAY_DATE_CLOCK = "EEEE d MMMM HH:mm"  # Tuesday 1 December 16:30
WEEKDAY_DATE_COMMA_CLOCK = "EEEE d MMMM, HH:mm"  # Tuesday 1 December, 16:30


@cache
def _babel_locale(lang: str) -> Locale:
    # Telegram's language_code uses "-" (pt-br); Babel wants "_". CLDR lacks a few codes.
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse(DEFAULT_LANGUAGE)


def local(value: date | datetime, pattern: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """``value`` in ``pattern``; a time is shown in UK time first, a calendar day as it is."""
    if isinstance(value, datetime):
        return format_datetime(value, pattern, tzinfo=ZONE, locale=_babel_locale(lang))
    return format_date(value, pattern, locale=_babel_locale(lang))


def in_zone(value: datetime, pattern: str, zone: tzinfo, lang: str = DEFAULT_LANGUAGE) -> str:
    """A time in ``pattern`` in another ``zone`` (the sweeps are given their zone)."""
    return format_datetime(value, pattern, tzinfo=zone, locale=_babel_locale(lang))


def long_date(value: date | datetime, lang: str = DEFAULT_LANGUAGE) -> str:
    """A day in words: 1 December 2026."""
    return local(value, LONG_DATE, lang)


def short_date(value: date | datetime, lang: str = DEFAULT_LANGUAGE) -> str:
    """A day, short: 1 Dec 2026."""
    return local(value, SHORT_DATE, lang)


def clock(value: datetime, lang: str = DEFAULT_LANGUAGE) -> str:
    """The time of day on UK time: 16:30."""
    return local(value, CLOCK, lang)
