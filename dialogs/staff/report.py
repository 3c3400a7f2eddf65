"""The outcome report: its files for a service and period, and ``/report`` for managers.

The figures come from :mod:`storage.report` (working time from
``dialogs.core.working_hours``, alert kinds from :mod:`dialogs.cases.crisis_kinds`), the CSVs from
:mod:`storage.report_csv` and the chart from :mod:`dialogs.staff.report_chart`. The CLI, the
managers' group and the monthly digest all send the same three files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dialogs.cases import crisis_kinds
from dialogs.core.context import Context
from dialogs.core.working_hours import WORK_TZ, WorkingHours, working_window
from dialogs.staff.report_chart import render_chart
from dialogs.texts import GROUP_LANGUAGE, dates, t
from storage import audit
from storage.models import GroupPurpose, Service, StaffRole
from storage.report import LONDON, Figures, Period, WorkingMinutes
from storage.report_csv import cases_csv, summary_csv, summary_rows
from storage.uow import UnitOfWork

CASES_FILE = "cases.csv"
SUMMARY_FILE = "summary.csv"
CHART_FILE = "summary.png"


class ReportError(Exception):
    """Why a report cannot be made (one line, safe to show)."""


@dataclass(frozen=True)
class ReportFiles:
    """The report's three files and the figures behind them."""

    figures: Figures
    cases_csv: bytes
    summary_csv: bytes
    chart_png: bytes

    def named(self) -> dict[str, bytes]:
        """File name -> bytes."""
        return {
            CASES_FILE: self.cases_csv,
            SUMMARY_FILE: self.summary_csv,
            CHART_FILE: self.chart_png,
        }


def parse_day(text: str) -> date:
    """A YYYY-MM-DD date, or ReportError."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ReportError(f"'{text}' is not a date: use YYYY-MM-DD, e.g. 2026-11-01") from None


def period_for(service: Service, first: date | None, last: date | None, now: datetime) -> Period:
    """The London days ``first`` to ``last``: by default from the service's start to today.

    ReportError when ``first`` is after ``last`` or the period starts after today.
    """
    today = now.astimezone(LONDON).date()
    start = first or service.created_at.astimezone(LONDON).date()
    end = last or today
    if start > today:
        raise ReportError(f"the period starts on {start}, after today: nothing to report yet")
    if start > end:
        raise ReportError(f"--from {start} is after --to {end}: nothing to report")
    return Period.of_days(start, end)


def last_month(now: datetime) -> Period:
    """The calendar month before ``now`` (London)."""
    first_this = now.astimezone(LONDON).date().replace(day=1)
    first_last = (first_this - timedelta(days=1)).replace(day=1)
    return Period.of_days(first_last, first_this - timedelta(days=1))


def build(uow: UnitOfWork, service: Service, period: Period, now: datetime) -> ReportFiles:
    """The report's files for ``service`` over ``period``; ReportError if it has no cases."""
    figures = uow.reports.figures(
        service,
        period,
        now,
        working_minutes_for(service),
        _alert_kind,
    )
    if not figures.cases:
        raise ReportError(
            f"service '{service.slug}' has no cases from {period.first_day} to "
            f"{period.last_day}: nothing to report"
        )
    rows = summary_rows(figures)  # once: the CSV and the chart show the same cells
    return ReportFiles(
        figures, cases_csv(figures), summary_csv(figures, rows), render_chart(figures, rows)
    )


def working_minutes_for(service: WorkingHours) -> WorkingMinutes:
    """``working_minutes_between`` for one service, each day's working hours looked up once.

    The same sum as ``dialogs.core.working_hours.working_minutes_between`` (its day windows,
    bank holidays and clock changes), for the thousands of requests a report times.
    """
    windows: dict[date, tuple[datetime, datetime] | None] = {}

    def minutes(start: datetime, end: datetime) -> int:
        total = 0.0
        day, last = start.astimezone(WORK_TZ).date(), end.astimezone(WORK_TZ).date()
        while day <= last:
            if day not in windows:
                windows[day] = working_window(day, service)
            window = windows[day]
            if window is not None:
                opens, closes = max(window[0], start), min(window[1], end)
                if closes > opens:
                    total += (closes - opens).total_seconds()
            day += timedelta(days=1)
        return int(total // 60)

    return minutes


def _alert_kind(stored: str | None) -> str:
    """An alert's main kind of danger, one the catalogue names."""
    kind = crisis_kinds.primary(stored)
    return kind if kind in crisis_kinds.ORDER else "danger"


def caption(files: ReportFiles) -> str:
    """The chart's caption in the managers' group (the group's language)."""
    period = files.figures.period
    return t(
        "report.caption",
        GROUP_LANGUAGE,
        service=files.figures.service_name,
        first=dates.short_date(period.first_day, GROUP_LANGUAGE),
        last=dates.short_date(period.last_day, GROUP_LANGUAGE),
    )


# --- /report --------------------------------------------------------------------------------
def private_command(ctx: Context, args: str) -> None:
    """``/report`` in a private chat: it is sent in the managers' group."""
    ctx.say("report.group_only")


def group_command(ctx: Context, args: str) -> None:
    """``/report [FROM [TO]]`` in a managers' group: the chart and the two CSVs, there.

    Only a managers' group linked to a service, and only its active managers, get it, so
    staff of one service never see another's report.
    """
    event = ctx.event
    service_id = next(
        (
            link.service_id
            for link in ctx.uow.groups.linked_to(event.chat_id)
            if link.purpose == GroupPurpose.MANAGERS
        ),
        None,
    )
    if service_id is None:
        ctx.say("report.not_managers_group")
        return
    staff = ctx.uow.staff.in_service(service_id, event.user_id)
    if staff is None or not staff.active or staff.role != StaffRole.MANAGER:
        ctx.say("report.managers_only")
        return
    service = ctx.uow.services.get(service_id)
    assert service is not None
    words = args.split()
    try:
        if len(words) > 2:
            raise ReportError("too many dates")
        days: list[date | None] = [parse_day(word) for word in words]
        days += [None] * (2 - len(days))
        period = period_for(service, days[0], days[1], ctx.now)
        files = build(ctx.uow, service, period, ctx.now)
    except ReportError:
        ctx.say("report.usage" if words else "report.empty")
        return
    audit.record(ctx.uow, "report_viewed", ctx.now, service_id=service_id, staff=staff)
    send_files(ctx, files)


def send_files(ctx: Context, files: ReportFiles) -> None:
    """The chart (with its caption), then the CSVs as documents, to the event's chat."""
    ctx.photo(files.chart_png, caption(files))
    ctx.document(files.summary_csv, SUMMARY_FILE, "report.summary_file")
    ctx.document(files.cases_csv, CASES_FILE, "report.cases_file")


# --- the monthly digest's attachment ---------------------------------------------------------
def queue_monthly_report(
    uow: UnitOfWork, service: Service, chat_id: int, key: str, now: datetime
) -> int:
    """Queue last month's report (chart, then the CSVs) after the digest; how many rows.

    A month with no cases sends nothing more than the digest itself.
    """
    try:
        files = build(uow, service, last_month(now), now)
    except ReportError:
        return 0
    parts = [
        (
            "photo",
            files.chart_png,
            CHART_FILE,
            f"{t('report.digest', GROUP_LANGUAGE)}\n{caption(files)}",
        ),
        ("document", files.summary_csv, SUMMARY_FILE, t("report.summary_file", GROUP_LANGUAGE)),
        ("document", files.cases_csv, CASES_FILE, t("report.cases_file", GROUP_LANGUAGE)),
    ]
    for method, content, filename, text in parts:
        uow.outbox.enqueue(
            chat_id=chat_id,
            text=text,
            kind="digest_report",
            idempotency_key=f"{key}:{filename}",
            now=now,
            service_id=service.id,
            method=method,
            attachment=content,
            filename=filename,
        )
    return len(parts)
