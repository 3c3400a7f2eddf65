"""Working time: weekdays 09:00-17:00 UK time, weekends and bank holidays off, across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from dialogs.core.working_hours import (
    add_working_minutes,
    is_bank_holiday,
    is_working_day,
    is_working_time,
    next_working_start,
    response_due,
    working_minutes_between,
)
from storage.models import Service, Urgency

LONDON = ZoneInfo("Europe/London")


def uk(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A UK wall-clock time as an aware UTC datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON).astimezone(UTC)


@pytest.fixture
def service() -> Service:
    return Service(slug="kent", name="Kent", created_at=datetime(2026, 1, 1, tzinfo=UTC))


def test_weekday_working_hours(service: Service) -> None:
    assert is_working_time(uk(2026, 11, 24, 9, 0), service)  # Tuesday
    assert is_working_time(uk(2026, 11, 24, 16, 59), service)
    assert not is_working_time(uk(2026, 11, 24, 8, 59), service)
    assert not is_working_time(uk(2026, 11, 24, 17, 0), service)
    at = uk(2026, 11, 24, 11, 15)
    assert next_working_start(at, service) == at
    assert add_working_minutes(at, 60, service) == uk(2026, 11, 24, 12, 15)


def test_results_are_utc(service: Service) -> None:
    start = datetime(2026, 11, 24, 11, 0, tzinfo=LONDON)  # any aware zone in
    result = add_working_minutes(start, 30, service)
    assert result.tzinfo is UTC
    assert result == datetime(2026, 11, 24, 11, 30, tzinfo=UTC)


def test_evening_counts_from_next_morning(service: Service) -> None:
    assert next_working_start(uk(2026, 11, 24, 17, 30), service) == uk(2026, 11, 25, 9, 0)
    assert next_working_start(uk(2026, 11, 25, 6, 0), service) == uk(2026, 11, 25, 9, 0)
    assert add_working_minutes(uk(2026, 11, 24, 17, 30), 60, service) == uk(2026, 11, 25, 10)


def test_friday_afternoon_plus_one_hour_is_monday_morning(service: Service) -> None:
    assert add_working_minutes(uk(2026, 11, 27, 16, 30), 60, service) == uk(2026, 11, 30, 9, 30)


def test_weekend(service: Service) -> None:
    saturday = uk(2026, 11, 28, 12, 0)
    assert not is_working_time(saturday, service)
    assert not is_working_day(date(2026, 11, 29))
    assert next_working_start(saturday, service) == uk(2026, 11, 30, 9, 0)
    assert add_working_minutes(saturday, 0, service) == uk(2026, 11, 30, 9, 0)


def test_summer_bank_holiday(service: Service) -> None:
    assert is_bank_holiday(date(2026, 8, 31))
    assert not is_working_time(uk(2026, 8, 31, 10, 0), service)  # a Monday
    assert add_working_minutes(uk(2026, 8, 28, 16, 30), 60, service) == uk(2026, 9, 1, 9, 30)
    # 09:30 BST is 08:30 UTC.
    assert uk(2026, 9, 1, 9, 30) == datetime(2026, 9, 1, 8, 30, tzinfo=UTC)


def test_christmas_2026_and_the_boxing_day_substitute(service: Service) -> None:
    assert not is_working_day(date(2026, 12, 25))  # Friday
    assert not is_working_day(date(2026, 12, 28))  # Monday, for Boxing Day on Saturday
    assert is_working_day(date(2026, 12, 29))
    assert add_working_minutes(uk(2026, 12, 24, 16, 0), 120, service) == uk(2026, 12, 29, 10, 0)


def test_christmas_2027_on_a_saturday(service: Service) -> None:
    assert not is_working_day(date(2027, 12, 27))
    assert not is_working_day(date(2027, 12, 28))
    assert next_working_start(uk(2027, 12, 24, 17, 0), service) == uk(2027, 12, 29, 9, 0)


def test_new_year_and_easter(service: Service) -> None:
    assert next_working_start(uk(2026, 12, 31, 17, 0), service) == uk(2027, 1, 4, 9, 0)
    # Good Friday 3 April and Easter Monday 6 April 2026.
    assert next_working_start(uk(2026, 4, 2, 17, 0), service) == uk(2026, 4, 7, 9, 0)


def test_clocks_go_forward(service: Service) -> None:
    # Sunday 29 March 2026: GMT to BST. Friday 16:30 GMT + 1 h = Monday 09:30 BST.
    due = add_working_minutes(uk(2026, 3, 27, 16, 30), 60, service)
    assert due == datetime(2026, 3, 30, 8, 30, tzinfo=UTC)
    assert is_working_time(datetime(2026, 3, 30, 8, 0, tzinfo=UTC), service)
    assert not is_working_time(datetime(2026, 3, 30, 7, 59, tzinfo=UTC), service)
    assert not is_working_time(datetime(2026, 3, 30, 16, 0, tzinfo=UTC), service)


def test_clocks_go_back(service: Service) -> None:
    # Sunday 25 October 2026: BST to GMT. Friday 16:30 BST + 1 h = Monday 09:30 GMT.
    due = add_working_minutes(uk(2026, 10, 23, 16, 30), 60, service)
    assert due == datetime(2026, 10, 26, 9, 30, tzinfo=UTC)
    assert is_working_time(datetime(2026, 10, 26, 16, 59, tzinfo=UTC), service)
    assert not is_working_time(datetime(2026, 10, 26, 8, 59, tzinfo=UTC), service)
    # A working day is still 8 hours on the day after the change.
    assert working_minutes_between(uk(2026, 10, 26, 0), uk(2026, 10, 27, 0), service) == 480


def test_one_working_day_is_the_same_time_next_working_day(service: Service) -> None:
    assert add_working_minutes(uk(2026, 11, 23, 10, 0), 480, service) == uk(2026, 11, 24, 10, 0)
    assert add_working_minutes(uk(2026, 11, 27, 11, 0), 480, service) == uk(2026, 11, 30, 11, 0)
    # Across the clocks going forward.
    assert add_working_minutes(uk(2026, 3, 27, 14, 0), 480, service) == uk(2026, 3, 30, 14, 0)
    # Reaching the close exactly stops there.
    assert add_working_minutes(uk(2026, 11, 23, 9, 0), 480, service) == uk(2026, 11, 23, 17, 0)


def test_multi_day_spans(service: Service) -> None:
    # Three working days from Wednesday 10:00 is Monday 10:00.
    assert add_working_minutes(uk(2026, 11, 25, 10), 3 * 480, service) == uk(2026, 11, 30, 10)
    # Ten working days over Christmas and New Year.
    assert add_working_minutes(uk(2026, 12, 21, 9), 10 * 480, service) == uk(2027, 1, 6, 17)


def test_working_minutes_between(service: Service) -> None:
    assert working_minutes_between(uk(2026, 11, 27, 16, 30), uk(2026, 11, 30, 9, 30), service) == 60
    assert working_minutes_between(uk(2026, 11, 28, 10), uk(2026, 11, 29, 18), service) == 0
    assert working_minutes_between(uk(2026, 11, 24, 12), uk(2026, 11, 24, 11), service) == 0
    assert working_minutes_between(uk(2026, 11, 23, 8), uk(2026, 11, 27, 20), service) == 5 * 480


def test_response_due(service: Service) -> None:
    friday = uk(2026, 11, 27, 16, 30)
    assert response_due(service, Urgency.TODAY, friday) == uk(2026, 11, 30, 9, 30)
    assert response_due(service, Urgency.WEEK, friday) == uk(2026, 11, 30, 16, 30)
    assert response_due(service, Urgency.WHENEVER, friday) == uk(2026, 11, 30, 16, 30)
    service.urgent_response_minutes = 30
    service.normal_response_minutes = 2 * 480
    assert response_due(service, Urgency.TODAY, friday) == uk(2026, 11, 27, 17, 0)
    assert response_due(service, Urgency.WEEK, friday) == uk(2026, 12, 1, 16, 30)


def test_other_working_hours(service: Service) -> None:
    service.work_start_hour, service.work_end_hour = 10, 16
    assert not is_working_time(uk(2026, 11, 24, 9, 30), service)
    assert add_working_minutes(uk(2026, 11, 24, 15, 30), 60, service) == uk(2026, 11, 25, 10, 30)


def test_bad_input(service: Service) -> None:
    with pytest.raises(ValueError):
        is_working_time(datetime(2026, 11, 24, 10, 0), service)  # naive
    with pytest.raises(ValueError):
        add_working_minutes(uk(2026, 11, 24, 10), -1, service)
    service.work_start_hour = service.work_end_hour = 9
    with pytest.raises(ValueError):
        next_working_start(uk(2026, 11, 24, 10), service)
