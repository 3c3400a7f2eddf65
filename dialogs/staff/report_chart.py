"""The outcome report's chart (``summary.png``): the main figures on one page.

Drawn with matplotlib's object API on the Agg canvas (no display, no global pyplot state),
imported only when a chart is drawn. Every value is the one ``summary.csv`` shows, so
a cell under 5 is a bar of no height labelled "<5", and the page says so. It is read in the
managers' group, so its words are the group's (:data:`~dialogs.texts.GROUP_LANGUAGE`).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import Any

from dialogs.texts import GROUP_LANGUAGE, t
from storage.report import Figures
from storage.report_csv import SUPPRESSED, summary_rows

WIDTH_IN, HEIGHT_IN, DPI = 14.0, 10.0, 100
TITLE_WIDTH = 38  # characters a panel's title takes before wrapping
COLOURS = ("#2b6cb0", "#38a169", "#dd6b20", "#805ad5", "#d53f8c", "#319795", "#718096")


def _value(cell: str) -> float:
    """A shown cell as a bar height ("<5" and blanks draw nothing)."""
    try:
        return float(cell.rstrip("%"))
    except ValueError:
        return 0.0


def _bars(ax: Any, title: str, labels: Sequence[str], cells: Sequence[str]) -> None:
    heights = [_value(cell) for cell in cells]
    positions = range(len(labels))
    ax.bar(positions, heights, color=[COLOURS[i % len(COLOURS)] for i in positions])
    ax.set_xticks(list(positions), labels, fontsize=9, rotation=20 if len(labels) > 4 else 0)
    ax.set_title(textwrap.fill(title, TITLE_WIDTH), fontsize=11, fontweight="bold")
    if not labels:
        ax.text(
            0.5,
            0.5,
            t("report.chart.none", GROUP_LANGUAGE),
            ha="center",
            va="center",
            transform=ax.transAxes,
        )
    top = max(heights, default=0.0) or 1.0
    ax.set_ylim(0, top * 1.25)
    for x, (height, cell) in enumerate(zip(heights, cells, strict=True)):
        ax.annotate(
            cell or "-",
            (x, height),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=10,
            fontweight="bold" if cell == SUPPRESSED else "normal",
        )
    ax.spines[["top", "right"]].set_visible(False)


def render_chart(figures: Figures, rows: Sequence[tuple[str, str, str]] | None = None) -> bytes:
    """The chart of the main figures as PNG bytes (``rows``: their summary, if made)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if rows is None:
        rows = summary_rows(figures)
    cells = {(section, name): value for section, name, value in rows}

    def get(section: str, name: str) -> str:
        return cells.get((section, name), "")

    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, facecolor="white")
    canvas: Any = FigureCanvasAgg(fig)  # its methods are not annotated
    grid = fig.subplots(2, 3)
    period = figures.period
    fig.suptitle(
        t(
            "report.chart.title",
            GROUP_LANGUAGE,
            service=figures.service_name,
            first=period.first_day.isoformat(),
            last=period.last_day.isoformat(),
        ),
        fontsize=16,
        fontweight="bold",
    )
    at_joining, now = (
        t("report.chart.at_joining", GROUP_LANGUAGE),
        t("report.chart.now", GROUP_LANGUAGE),
    )
    _bars(
        grid[0][0],
        t("report.chart.young_people", GROUP_LANGUAGE),
        [
            t("report.chart.invited", GROUP_LANGUAGE),
            t("report.chart.joined", GROUP_LANGUAGE),
            t("report.chart.active", GROUP_LANGUAGE),
        ],
        [get("young_people", n) for n in ("invited", "joined", "active")],
    )
    _bars(
        grid[0][1],
        t("report.chart.network", GROUP_LANGUAGE, change=get("network", "median_change")),
        [at_joining, now],
        [get("network", "median_at_joining"), get("network", "median_now")],
    )
    _bars(
        grid[0][2],
        t("report.chart.two_close", GROUP_LANGUAGE),
        [at_joining, now],
        [get("two_close_unpaid", "share_at_joining"), get("two_close_unpaid", "share_now")],
    )
    grid[0][2].set_ylim(0, 110)
    _bars(
        grid[1][0],
        t("report.chart.leads_reviews", GROUP_LANGUAGE),
        [
            t(f"report.chart.{n}", GROUP_LANGUAGE)
            for n in ("found", "closed", "open", "on_time", "late", "overdue")
        ],
        [get("leads", n) for n in ("found", "closed", "open")]
        + [get("reviews", n) for n in ("on_time", "late", "overdue")],
    )
    months = [(name, value) for section, name, value in rows if section == "wellbeing_median"]
    _bars(
        grid[1][1],
        t("report.chart.wellbeing", GROUP_LANGUAGE),
        [name for name, _ in months],
        [value for _, value in months],
    )
    grid[1][1].set_ylim(0, 5.5)
    requests = sorted(figures.requests_by_category)
    _bars(
        grid[1][2],
        t("report.chart.requests", GROUP_LANGUAGE),
        [t(f"support.cat.{name}", GROUP_LANGUAGE) for name in requests],
        [get("requests", name) for name in requests],
    )
    alerts = ", ".join(
        f"{t(f'crisis.category.{name}', GROUP_LANGUAGE)}: {get('safety_alerts', name)}"
        for name in sorted(figures.alerts_by_category)
    )
    footer = [
        t(
            "report.chart.times",
            GROUP_LANGUAGE,
            pick_median=get("working_hours_to_pick_up", "median"),
            pick_p90=get("working_hours_to_pick_up", "p90"),
            close_median=get("working_hours_to_close", "median"),
            close_p90=get("working_hours_to_close", "p90"),
        ),
        t(
            "report.chart.other",
            GROUP_LANGUAGE,
            alerts=alerts or t("digest.none", GROUP_LANGUAGE),
            withdrawn=get("consent", "withdrawn"),
            erased=get("data", "erased"),
        ),
    ]
    fig.text(0.5, 0.075, "\n".join(footer), ha="center", va="center", fontsize=11)
    fig.text(
        0.5,
        0.02,
        t("report.chart.small_numbers", GROUP_LANGUAGE),
        ha="center",
        fontsize=12,
        fontweight="bold",
        color="#c53030",
    )
    fig.subplots_adjust(left=0.05, right=0.98, top=0.9, bottom=0.2, hspace=0.45, wspace=0.25)
    out = io.BytesIO()
    canvas.print_png(out)
    return out.getvalue()
