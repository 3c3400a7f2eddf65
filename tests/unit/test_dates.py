"""Dates by locale (dialogs/texts/dates.py): English reads exactly as strftime did, in UK time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dialogs.texts import dates

LONDON = ZoneInfo("Europe/London")
# Each pattern and the strftime it replaced (what the e2e tests and people saw before).
BEFORE = {
    dates.LONG_DATE: "%-d %B %Y",
    dates.SHORT_DATE: "%-d %b %Y",
    dates.WEEKDAY_DATE: "%A %-d %B",
    dates.WEEKDAY_FULL_DATE: "%A %-d %B %Y",
    dates.MONTH_YEAR: "%B %Y",
    dates.CLOCK: "%H:%M",
    dates.WEEKDAY: "%A",
    dates.WEEKDAY_CLOCK: "%A %H:%M",
    dates.WEEKDAY_DATE_CLOCK: "%A %-d %B %H:%M",
    dates.WEEKDAY_DATE_COMMA_CLOCK: "%A %-d %B, %H:%M",
}
# Every month and weekday, both sides of both clock changes, every hour of the day.
MOMENTS = [datetime(2026, 1, 1, 0, 7, tzinfo=UTC) + timedelta(hours=h * 7) for h in range(1300)]


@pytest.mark.parametrize("pattern", sorted(BEFORE))
def test_english_reads_as_before(pattern: str) -> None:
    for moment in MOMENTS:
        assert dates.local(moment, pattern) == moment.astimezone(LONDON).strftime(BEFORE[pattern])
        if "H" not in pattern:
            day = moment.date()
            assert dates.local(day, pattern) == day.strftime(BEFORE[pattern])


def test_times_are_shown_in_uk_time() -> None:
    summer = datetime(2026, 7, 1, 8, 5, tzinfo=UTC)
    assert dates.clock(summer) == "09:05"
    assert dates.local(summer, dates.SHORT_CLOCK) == "9:05"
    assert dates.clock(datetime(2026, 12, 1, 8, 5, tzinfo=UTC)) == "08:05"


def test_names_follow_the_language() -> None:
    day = date(2026, 12, 1)
    assert dates.long_date(day) == "1 December 2026"
    assert dates.long_date(day, "fr") == "1 décembre 2026"
    assert dates.local(day, dates.WEEKDAY_FULL_DATE, "de") == "Dienstag 1 Dezember 2026"
    # A month on its own takes its own form where a language has one.
    assert dates.local(day, dates.MONTH_YEAR, "ru") == "декабрь 2026"
    assert dates.short_date(day, "pt-BR") == dates.short_date(day, "pt_BR")


def test_a_sweep_shows_its_own_zone() -> None:
    moment = datetime(2026, 12, 1, 8, 5, tzinfo=UTC)
    assert dates.in_zone(moment, dates.CLOCK, ZoneInfo("Asia/Tokyo")) == "17:05"


def test_a_language_cldr_does_not_know_reads_english() -> None:
    day = date(2026, 12, 1)
    assert dates.long_date(day, "xx") == dates.long_date(day, "qps-ploc") == "1 December 2026"
