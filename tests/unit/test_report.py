"""The outcome report's figures and CSVs against a world worked out by hand."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from dialogs.core.working_hours import working_minutes_between
from dialogs.staff.report import working_minutes_for
from storage.db import Database
from storage.models import Service
from storage.report import Figures, Period, gather, percentile
from storage.report_csv import cases_csv, count_cell, summary_csv
from storage.uow import unit_of_work
from tests.support import report_world
from tests.support.report_world import CASES_CSV, NOV, NOW

SUMMARY = {
    ("period", "from"): "2026-11-01",
    ("period", "to"): "2026-11-30",
    ("young_people", "invited"): "6",
    ("young_people", "joined"): "5",
    ("young_people", "active"): "5",
    ("network", "cases_at_joining"): "5",
    ("network", "median_at_joining"): "2",
    ("network", "cases_now"): "5",
    ("network", "median_now"): "2",
    ("network", "median_change"): "0",
    ("network_size_at_joining", "0"): "<5",
    ("network_size_at_joining", "1-2"): "<5",
    ("network_size_at_joining", "3-5"): "<5",
    ("network_size_at_joining", "21+"): "<5",
    ("two_close_unpaid", "cases_at_joining"): "<5",
    ("two_close_unpaid", "share_at_joining"): "<5",
    ("two_close_unpaid", "cases_now"): "<5",
    ("leads", "found"): "<5",
    ("leads", "closed"): "<5",
    ("leads", "open"): "<5",
    ("reviews", "on_time"): "<5",
    ("reviews", "late"): "<5",
    ("reviews", "overdue"): "<5",
    ("wellbeing_median", "2026-11"): "4",
    ("requests", "money"): "5",
    ("requests", "housing"): "<5",
    ("working_hours_to_pick_up", "median"): "3.5",
    ("working_hours_to_pick_up", "p90"): "10",
    ("working_hours_to_close", "median"): "4",
    ("working_hours_to_close", "p90"): "6",
    ("safety_alerts", "self_harm"): "<5",
    ("consent", "withdrawn"): "<5",
    ("data", "erased"): "<5",
}


def _figures(db: Database, period: Period = NOV) -> Figures:
    kent = report_world.service(db)
    with unit_of_work(db) as uow:
        return gather(
            uow.session,
            kent,
            period,
            NOW,
            lambda start, end: working_minutes_between(start, end, kent),
        )


def test_the_figures_match_the_hand_computed_world(db: Database) -> None:
    report_world.seed(db)
    figures = _figures(db)
    assert cases_csv(figures).decode() == CASES_CSV
    rows = list(csv.reader(io.StringIO(summary_csv(figures).decode())))
    assert rows[0] == ["section", "figure", "value"]
    summary = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert len(summary) == len(rows) - 1  # no figure twice
    for key, value in SUMMARY.items():
        assert summary[key] == value, key
    # Sussex's six money requests and its case never reach Kent.
    assert "SX" not in cases_csv(figures).decode()
    assert figures.requests_by_category["money"] == 5


def test_a_later_change_never_rewrites_the_network_at_joining(db: Database) -> None:
    report_world.seed(db)
    before = _figures(db).network_at_joining
    december = Period.of_days(date(2026, 12, 1), date(2026, 12, 6))
    later = _figures(db, december)
    assert later.network_at_joining == before
    assert later.invited == 0 and later.requests_by_category == {}


@pytest.mark.parametrize(
    ("value", "shown"), [(0, "<5"), (1, "<5"), (4, "<5"), (5, "5"), (12, "12")]
)
def test_small_counts_are_suppressed(value: int, shown: str) -> None:
    assert count_cell(value) == shown


def test_percentile_is_nearest_rank() -> None:
    assert percentile([1, 2, 3, 4, 5, 10], 0.9) == 10
    assert percentile([2, 3, 4, 5, 6], 0.9) == 6
    assert percentile(list(range(1, 101)), 0.9) == 90


def test_the_reports_working_time_is_the_schedulers() -> None:
    """Cached day windows give what dialogs.core.working_hours gives: bank holidays, clock
    changes, weekends and spans of several days included."""
    kent = Service(slug="kent", name="Kent", created_at=NOW, work_start_hour=8, work_end_hour=18)
    fast = working_minutes_for(kent)
    start = datetime(2026, 3, 20, 7, 13, tzinfo=UTC)  # clocks go forward on 29 March
    moments = [start + timedelta(hours=5 * i + i % 3, minutes=17 * i) for i in range(60)]
    moments += [datetime(2026, 12, 24, 16, 0, tzinfo=UTC), datetime(2026, 12, 29, 10, tzinfo=UTC)]
    for a in moments:
        for b in moments[::7]:
            assert fast(a, b) == working_minutes_between(a, b, kent), (a, b)
