"""The outcome report as CSV: ``cases.csv`` (one row per case) and ``summary.csv``.

Small numbers are suppressed in the summary: any count under 5, and any median, share or
percentile worked out from fewer than 5 cases or requests, is shown as "<5". ``cases.csv``
holds one case per row and no names (the case reference only); it is for the team's own
analysis, so its per-case values are not suppressed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from storage.report import SMALL, CaseRow, Figures, percentile

SUPPRESSED = "<5"
# Network sizes are counted in these bands in the summary's distribution.
SIZE_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 0),
    (1, 2),
    (3, 5),
    (6, 10),
    (11, 20),
    (21, None),
)
CASE_COLUMNS = (
    "reference",
    "status",
    "invited_on",
    "joined_on",
    "active_in_period",
    "people_at_joining",
    "people_now",
    "people_change",
    "close_unpaid_at_joining",
    "close_unpaid_now",
    "leads_found",
    "leads_closed",
    "leads_open",
    "reviews_on_time",
    "reviews_late",
    "review_overdue",
    "wellbeing_last",
    "requests",
    "safety_alerts",
    "consent_withdrawn",
    "data_erased",
    "history_backfilled",
)


def count_cell(value: int) -> str:
    """A count as shown: "<5" under five."""
    return SUPPRESSED if value < SMALL else str(value)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _blank(value: object) -> str:
    return "" if value is None else str(value)


def case_cells(row: CaseRow) -> list[str]:
    """One ``cases.csv`` row, in :data:`CASE_COLUMNS` order."""
    return [
        row.reference,
        row.status,
        row.invited_on.isoformat(),
        row.joined_on.isoformat() if row.joined_on else "",
        _yes(row.active),
        _blank(row.people_at_joining),
        _blank(row.people_now),
        _blank(row.people_change),
        _blank(row.close_unpaid_at_joining),
        _blank(row.close_unpaid_now),
        str(row.leads_found),
        str(row.leads_closed),
        str(row.leads_open),
        str(row.reviews_on_time),
        str(row.reviews_late),
        _yes(row.review_overdue),
        _blank(row.wellbeing_last),
        str(row.requests),
        str(row.safety_alerts),
        _yes(row.consent_withdrawn),
        _yes(row.data_erased),
        _yes(row.history_backfilled),
    ]


def _stat(values: Sequence[float], what: str) -> str:
    """A median or p90 of ``values``, "<5" when fewer than five values lie behind it."""
    if len(values) < SMALL:
        return SUPPRESSED
    if what == "median":
        ordered = sorted(values)
        middle = len(ordered) // 2
        mid = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
        return _number(mid)
    return _number(percentile(values, 0.9))


def _share(count: int, base: int) -> str:
    if base < SMALL or count < SMALL:
        return SUPPRESSED
    return f"{round(100 * count / base)}%"


def _band(size: int) -> str:
    for low, high in SIZE_BANDS:
        if size >= low and (high is None or size <= high):
            return f"{low}+" if high is None else (str(low) if low == high else f"{low}-{high}")
    return ""  # pragma: no cover - the last band has no top


def summary_rows(fig: Figures) -> list[tuple[str, str, str]]:
    """(section, figure, value) rows of ``summary.csv``, small numbers suppressed."""
    rows: list[tuple[str, str, str]] = [
        ("period", "from", fig.period.first_day.isoformat()),
        ("period", "to", fig.period.last_day.isoformat()),
        ("young_people", "invited", count_cell(fig.invited)),
        ("young_people", "joined", count_cell(fig.joined)),
        ("young_people", "active", count_cell(fig.active)),
    ]
    joining, now, change = fig.network_at_joining, fig.network_now, fig.network_change
    rows += [
        ("network", "cases_at_joining", count_cell(len(joining))),
        ("network", "median_at_joining", _stat(joining, "median")),
        ("network", "cases_now", count_cell(len(now))),
        ("network", "median_now", _stat(now, "median")),
        ("network", "median_change", _stat(change, "median")),
    ]
    for label, sizes in (("at_joining", joining), ("now", now)):
        bands = [_band(size) for size in sizes]
        for low, _high in SIZE_BANDS:
            name = _band(low)
            rows.append((f"network_size_{label}", name, count_cell(bands.count(name))))
    for label, is_now in (("at_joining", False), ("now", True)):
        count, base = fig.two_close(is_now)
        rows.append(("two_close_unpaid", f"cases_{label}", count_cell(count)))
        rows.append(("two_close_unpaid", f"share_{label}", _share(count, base)))
    rows += [
        ("leads", "found", count_cell(fig.total("leads_found"))),
        ("leads", "closed", count_cell(fig.total("leads_closed"))),
        ("leads", "open", count_cell(fig.total("leads_open"))),
        ("reviews", "on_time", count_cell(fig.total("reviews_on_time"))),
        ("reviews", "late", count_cell(fig.total("reviews_late"))),
        ("reviews", "overdue", count_cell(fig.total("review_overdue"))),
    ]
    for month, score, n in fig.wellbeing:
        rows.append(("wellbeing_median", month, _number(score) if n >= SMALL else SUPPRESSED))
    for category, count in sorted(fig.requests_by_category.items()):
        rows.append(("requests", category, count_cell(count)))
    rows += [
        ("working_hours_to_pick_up", "median", _stat(fig.pickup_hours, "median")),
        ("working_hours_to_pick_up", "p90", _stat(fig.pickup_hours, "p90")),
        ("working_hours_to_close", "median", _stat(fig.close_hours, "median")),
        ("working_hours_to_close", "p90", _stat(fig.close_hours, "p90")),
    ]
    for category, count in sorted(fig.alerts_by_category.items()):
        rows.append(("safety_alerts", category, count_cell(count)))
    rows += [
        ("consent", "withdrawn", count_cell(fig.total("consent_withdrawn"))),
        ("data", "erased", count_cell(fig.total("data_erased"))),
    ]
    return rows


def _csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def cases_csv(fig: Figures) -> bytes:
    """``cases.csv``: one row per case, no names."""
    return _csv(CASE_COLUMNS, [case_cells(row) for row in fig.cases])


def summary_csv(fig: Figures, rows: Sequence[tuple[str, str, str]] | None = None) -> bytes:
    """``summary.csv``: section, figure, value (small numbers shown as "<5").

    ``rows`` are :func:`summary_rows` of ``fig`` when the caller has them already.
    """
    return _csv(("section", "figure", "value"), rows if rows is not None else summary_rows(fig))
