"""Quiet hours in Europe/London, including both clock changes."""

from __future__ import annotations

from datetime import UTC, datetime

from dialogs.core.quiet import in_quiet_hours, local_morning, next_allowed


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_window_spans_midnight() -> None:
    assert in_quiet_hours(utc(2026, 1, 10, 21, 0))  # 21:00 GMT
    assert in_quiet_hours(utc(2026, 1, 10, 3, 0))
    assert not in_quiet_hours(utc(2026, 1, 10, 9, 0))
    assert not in_quiet_hours(utc(2026, 1, 10, 20, 59))


def test_summer_time_shifts_the_window_in_utc() -> None:
    # 20:30 UTC in July is 21:30 BST: quiet. 08:30 UTC is 09:30 BST: allowed.
    assert in_quiet_hours(utc(2026, 7, 1, 20, 30))
    assert not in_quiet_hours(utc(2026, 7, 1, 8, 30))
    assert next_allowed(utc(2026, 7, 1, 20, 30)) == utc(2026, 7, 2, 8, 0)  # 09:00 BST


def test_night_the_clocks_go_forward() -> None:
    # 29 March 2026: 01:00 GMT becomes 02:00 BST. A message due at 22:00 GMT on the 28th
    # waits until 09:00 BST on the 29th, which is 08:00 UTC.
    assert next_allowed(utc(2026, 3, 28, 22, 0)) == utc(2026, 3, 29, 8, 0)


def test_night_the_clocks_go_back() -> None:
    # 25 October 2026: 02:00 BST becomes 01:00 GMT. 22:00 BST on the 24th (21:00 UTC) waits
    # until 09:00 GMT on the 25th, which is 09:00 UTC.
    assert next_allowed(utc(2026, 10, 24, 21, 0)) == utc(2026, 10, 25, 9, 0)
    # The repeated hour (01:30 happens twice) is quiet both times.
    assert in_quiet_hours(utc(2026, 10, 25, 0, 30)) and in_quiet_hours(utc(2026, 10, 25, 1, 30))


def test_allowed_time_is_unchanged_and_custom_windows() -> None:
    noon = utc(2026, 1, 10, 12, 0)
    assert next_allowed(noon) == noon
    assert in_quiet_hours(noon, start_hour=12, end_hour=13)
    assert not in_quiet_hours(noon, start_hour=9, end_hour=9)


def test_local_morning() -> None:
    assert local_morning(1, utc(2026, 7, 1, 23, 30)) == utc(2026, 7, 3, 9, 0)  # 2 July 00:30 BST
