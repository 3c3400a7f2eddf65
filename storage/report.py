"""The outcome report's figures for one service and a period (issue #17).

Every figure is read from history, never from today's state: networks are replayed from
dated person events (:mod:`storage.report_history`), reviews from their dates, requests
from their timestamps. Each table is read once, scoped by service, with only the columns
needed, so 10,000 cases take a few seconds (``benchmarks/bench_report.py``).

Definitions (also in the README's "Outcome report"):

- *invited*: invites made in the period; *joined*: joined in the period; *active*: did
  something in the bot in the period (their own audit events).
- *network at joining*: the people named by the end of the first
  :data:`JOINING_WINDOW` after joining (people are named once a young person has joined, so
  the first two weeks are the starting map); *now*: at the end of the period. Both are
  for cases joined before the period ends; young people who deleted their data by then
  have neither (their history was deleted with it).
- *close and not paid*: close or very close, in touch, and not a worker or a current carer
  (see :data:`storage.report_history.PAID_RELATIONSHIPS`).
- *leads*: people marked "would like to find". *Found*: moved to "in touch" in the
  period; *closed*: stopped being a lead in the period (found, changed or removed);
  *open*: still a lead at the end of the period.
- *reviews*: due every ``review_every_days`` after the plan was made or last reviewed;
  *on time* within :data:`REVIEW_GRACE` of that, *late* after it; *overdue*: plans whose
  review was past due plus grace at the end of the period with no review since.
- *time to pick up / close*: working time from a request being sent (alerts not included).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Float, String, cast, extract, type_coerce
from sqlalchemy import select as sa_select
from sqlmodel import Session

from storage.bulk import table_of
from storage.models import (
    AuditEvent,
    ConsentEvent,
    PersonEvent,
    PersonEventKind,
    Plan,
    PlanReview,
    RequestKind,
    Service,
    SupportRequest,
    YoungPerson,
)
from storage.report_history import (
    REMOVED,
    WOULD_LIKE_TO_FIND,
    EventRow,
    PersonState,
    network_at,
)
from storage.repositories import Repository

LONDON = ZoneInfo("Europe/London")
JOINING_WINDOW = timedelta(days=14)
# The review sweep nudges on the due day and twice more three days apart, then flags it
# overdue: a review in that time answered a nudge, so it counts as on time.
REVIEW_GRACE = timedelta(days=9)
SMALL = 5  # cells under this are shown as "<5"
FOUND = PersonEventKind.FOUND.value
ALERT = RequestKind.ALERT.value

WorkingMinutes = Callable[[datetime, datetime], int]


@dataclass(frozen=True)
class Period:
    """From ``start`` (inclusive) to ``end`` (exclusive), both UTC."""

    start: datetime
    end: datetime

    @classmethod
    def of_days(cls, first: date, last: date) -> Period:
        """The London days ``first`` to ``last``, both included."""
        return cls(_midnight(first), _midnight(last + timedelta(days=1)))

    @property
    def first_day(self) -> date:
        """The period's first London day."""
        return self.start.astimezone(LONDON).date()

    @property
    def last_day(self) -> date:
        """The period's last London day (included)."""
        return (self.end.astimezone(LONDON) - timedelta(microseconds=1)).date()

    def __contains__(self, at: object) -> bool:
        return isinstance(at, datetime) and self.start <= at < self.end


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=LONDON).astimezone(UTC)


@dataclass
class CaseRow:
    """One case's figures (no names): a row of ``cases.csv``."""

    reference: str
    status: str
    invited_on: date
    joined_on: date | None
    active: bool = False
    people_at_joining: int | None = None
    people_now: int | None = None
    close_unpaid_at_joining: int | None = None
    close_unpaid_now: int | None = None
    leads_found: int = 0
    leads_closed: int = 0
    leads_open: int = 0
    reviews_on_time: int = 0
    reviews_late: int = 0
    review_overdue: bool = False
    wellbeing_last: int | None = None
    requests: int = 0
    safety_alerts: int = 0
    consent_withdrawn: bool = False
    data_erased: bool = False
    history_backfilled: bool = False

    @property
    def people_change(self) -> int | None:
        """How many more (or fewer) people now than at joining."""
        if self.people_at_joining is None or self.people_now is None:
            return None
        return self.people_now - self.people_at_joining


@dataclass
class Figures:
    """Everything the report shows for one service and period."""

    service_slug: str
    service_name: str
    period: Period
    cases: list[CaseRow] = field(default_factory=list)
    invited: int = 0
    joined: int = 0
    active: int = 0
    wellbeing: list[tuple[str, float, int]] = field(default_factory=list)  # month, median, n
    requests_by_category: Counter[str] = field(default_factory=Counter)
    pickup_hours: list[float] = field(default_factory=list)
    close_hours: list[float] = field(default_factory=list)
    alerts_by_category: Counter[str] = field(default_factory=Counter)

    def _with(self, attr: str) -> list[CaseRow]:
        return [row for row in self.cases if getattr(row, attr) is not None]

    @property
    def network_at_joining(self) -> list[int]:
        """Network sizes at joining, one per case joined before the period ended."""
        return [r.people_at_joining for r in self.cases if r.people_at_joining is not None]

    @property
    def network_now(self) -> list[int]:
        """Network sizes at the end of the period."""
        return [r.people_now for r in self.cases if r.people_now is not None]

    @property
    def network_change(self) -> list[int]:
        """Change in network size per case with both figures."""
        return [c for r in self.cases if (c := r.people_change) is not None]

    def two_close(self, now: bool) -> tuple[int, int]:
        """(cases with >= 2 close, in touch, unpaid people; cases counted), at joining or now."""
        attr = "close_unpaid_now" if now else "close_unpaid_at_joining"
        values = [getattr(r, attr) for r in self._with(attr)]
        return sum(1 for v in values if v >= 2), len(values)

    def total(self, attr: str) -> int:
        """The sum (or count of true) of one case column."""
        return sum(int(getattr(r, attr)) for r in self.cases)


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (e.g. ``share=0.9`` for p90) of non-empty ``values``."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def gather(
    session: Session,
    service: Service,
    period: Period,
    now: datetime,
    working_minutes: WorkingMinutes,
    alert_kind: Callable[[str | None], str] = lambda stored: stored or "danger",
) -> Figures:
    """Compute the figures of ``service`` for ``period`` as of ``now``.

    ``working_minutes(start, end)`` counts the service's working time between two moments
    (``dialogs.core.working_hours``); ``alert_kind`` names an alert's main kind of danger.
    """
    assert service.id is not None
    figures = Figures(service.slug, service.name, period)
    until = min(period.end, now)
    cases = _cases(session, service.id, period.end)
    rows: dict[int, CaseRow] = {}
    for case_id, ref, status, created, joined, left in cases:
        row = CaseRow(ref, status, created.astimezone(LONDON).date(), None)
        row.joined_on = joined.astimezone(LONDON).date() if joined and joined < until else None
        row.data_erased = left is not None and left in period
        rows[case_id] = row
        figures.invited += created in period
        figures.joined += joined is not None and joined in period
    _networks(session, service.id, cases, rows, period, until)
    for case_id in _active(session, service.id, period):
        if case_id in rows:
            rows[case_id].active = True
    _reviews(session, service.id, period, until, rows, figures)
    _requests(session, service.id, period, rows, figures, working_minutes, alert_kind)
    for case_id in _withdrawn(session, service.id, period):
        if case_id in rows:
            rows[case_id].consent_withdrawn = True
    figures.cases = list(rows.values())
    figures.active = sum(r.active for r in figures.cases)
    return figures


def _run(session: Session, stmt: Any) -> Any:
    """Run a Core select on the session's connection: plain rows, no ORM loading."""
    return session.connection().execute(stmt)


def _epoch(column: Any) -> Any:
    """A timestamp column as seconds since the epoch (UTC), computed by the database."""
    return cast(extract("epoch", column), Float)


_Case = tuple[int, str, str, datetime, datetime | None, datetime | None]


def _cases(session: Session, service_id: int, end: datetime) -> list[_Case]:
    c = table_of(YoungPerson).c
    stmt = (
        sa_select(
            c.id, type_coerce(c.status, String()), c.reference, c.created_at, c.joined_at, c.left_at
        )
        .where(c.service_id == service_id, c.created_at < end)
        .order_by(c.id)
    )
    return [(r[0], r[2], r[1], r[3], r[4], r[5]) for r in _run(session, stmt)]


def _events(session: Session, service_id: int, end: datetime) -> Iterable[EventRow]:
    """The service's person events before ``end``, in time order (plain values).

    Ordered by time only, so the index on (service, time) gives the order with no sort;
    the caller groups them by case. Equal states are shared, not made again per event.
    """
    c = table_of(PersonEvent).c
    stmt = (
        sa_select(
            c.young_person_id,
            c.person_id,
            type_coerce(c.kind, String()),
            c.relationship,
            type_coerce(c.circle, String()),
            c.closeness,
            type_coerce(c.contact, String()),
            _epoch(c.created_at),
            c.backfilled,
        )
        .where(c.service_id == service_id, c.created_at < end)
        .order_by(c.created_at, c.id)
    )
    states: dict[tuple[Any, ...], PersonState] = {}
    for r in _run(session, stmt).all():
        key = (r[3], r[4], r[5], r[6])
        state = states.get(key)
        if state is None:
            state = states[key] = PersonState(*key)
        yield (r[0], r[1], r[2], state, r[7], bool(r[8]))


def _networks(
    session: Session,
    service_id: int,
    cases: list[_Case],
    rows: dict[int, CaseRow],
    period: Period,
    until: datetime,
) -> None:
    """Networks at joining and at ``until``, and leads, replayed per case from its events."""
    by_case: dict[int, list[EventRow]] = defaultdict(list)
    for event in _events(session, service_id, until + timedelta(microseconds=1)):
        by_case[event[0]].append(event)
    since, end = period.start.timestamp(), until.timestamp()
    for case_id, _ref, _status, _created, joined, left in cases:
        row = rows[case_id]
        events = by_case.get(case_id, [])
        row.history_backfilled = any(e[5] for e in events)
        _leads(row, events, since)
        if joined is None or joined >= until:
            continue
        if left is not None and left <= until:
            continue  # their people and their history went with the rest of their data
        baseline = network_at(events, min((joined + JOINING_WINDOW).timestamp(), end))
        row.people_at_joining = len(baseline)
        row.close_unpaid_at_joining = sum(p.close_unpaid for p in baseline.values())
        current = network_at(events, end)
        row.people_now = len(current)
        row.close_unpaid_now = sum(p.close_unpaid for p in current.values())


def _leads(row: CaseRow, events: list[EventRow], since: float) -> None:
    """Leads found and closed from ``since`` (epoch seconds) on, and open at the last event."""
    is_lead: dict[int, bool] = {}
    for _case, person, kind, state, at, _backfilled in events:
        was = is_lead.get(person, False)
        now = kind != REMOVED and state.contact == WOULD_LIKE_TO_FIND
        is_lead[person] = now
        if at < since or not was or now:
            continue
        row.leads_closed += 1
        row.leads_found += kind == FOUND
    row.leads_open = sum(is_lead.values())


def _active(session: Session, service_id: int, period: Period) -> set[int]:
    c = table_of(AuditEvent).c
    stmt = (
        sa_select(c.young_person_id)
        .where(
            c.service_id == service_id,
            c.actor == "young_person",
            c.created_at >= period.start,
            c.created_at < period.end,
        )
        .distinct()
    )
    return {int(r[0]) for r in _run(session, stmt) if r[0] is not None}


def _reviews(
    session: Session,
    service_id: int,
    period: Period,
    until: datetime,
    rows: dict[int, CaseRow],
    figures: Figures,
) -> None:
    p = table_of(Plan).c
    plans = _run(
        session,
        sa_select(p.id, p.young_person_id, p.created_at, p.review_every_days).where(
            p.service_id == service_id, p.created_at < until
        ),
    ).all()
    r = table_of(PlanReview).c
    reviews: dict[int, list[tuple[datetime, int | None]]] = defaultdict(list)
    for plan_id, created, wellbeing in _run(
        session,
        sa_select(r.plan_id, r.created_at, r.wellbeing)
        .where(r.service_id == service_id, r.created_at < until)
        .order_by(r.plan_id, r.created_at),
    ):
        reviews[plan_id].append((created, wellbeing))
    by_month: dict[str, list[int]] = defaultdict(list)
    for plan_key, case_id, made, every in plans:
        row = rows.get(case_id)
        if row is None or plan_key is None:
            continue
        interval = timedelta(days=every)
        last = made
        for done, wellbeing in reviews.get(plan_key, []):
            if done in period:
                if done <= last + interval + REVIEW_GRACE:
                    row.reviews_on_time += 1
                else:
                    row.reviews_late += 1
                if wellbeing is not None:
                    row.wellbeing_last = wellbeing
                    by_month[done.astimezone(LONDON).strftime("%Y-%m")].append(wellbeing)
            last = done
        row.review_overdue = last + interval + REVIEW_GRACE < until
    figures.wellbeing = [
        (month, float(median(scores)), len(scores)) for month, scores in sorted(by_month.items())
    ]


def _requests(
    session: Session,
    service_id: int,
    period: Period,
    rows: dict[int, CaseRow],
    figures: Figures,
    working_minutes: WorkingMinutes,
    alert_kind: Callable[[str | None], str],
) -> None:
    c = table_of(SupportRequest).c
    stmt = sa_select(
        c.young_person_id,
        type_coerce(c.kind, String()),
        type_coerce(c.category, String()),
        c.crisis_category,
        c.created_at,
        c.picked_up_at,
        c.closed_at,
    ).where(
        c.service_id == service_id,
        c.created_at >= period.start,
        c.created_at < period.end,
    )
    for case_id, kind, category, crisis, created, picked, closed in _run(session, stmt):
        row = rows.get(case_id)
        if kind == ALERT:
            figures.alerts_by_category[alert_kind(crisis)] += 1
            if row is not None:
                row.safety_alerts += 1
            continue
        figures.requests_by_category[category] += 1
        if row is not None:
            row.requests += 1
        if picked is not None:
            figures.pickup_hours.append(working_minutes(created, picked) / 60)
        if closed is not None:
            figures.close_hours.append(working_minutes(created, closed) / 60)


def _withdrawn(session: Session, service_id: int, period: Period) -> set[int]:
    """Cases that took back a consent they had given, in the period."""
    c = table_of(ConsentEvent).c
    stmt = (
        sa_select(c.young_person_id, type_coerce(c.purpose, String()), c.granted, c.created_at)
        .where(c.service_id == service_id, c.created_at < period.end)
        .order_by(c.young_person_id, c.id)
    )
    given: set[tuple[int, str]] = set()
    withdrawn: set[int] = set()
    for case_id, purpose, granted, at in _run(session, stmt):
        key = (case_id, purpose)
        if granted:
            given.add(key)
        elif key in given:
            given.discard(key)
            if at in period:
                withdrawn.add(case_id)
    return withdrawn


class ReportRepo(Repository):
    """The figures of the service report."""

    def figures(
        self,
        service: Service,
        period: Period,
        now: datetime,
        working_minutes: WorkingMinutes,
        alert_kind: Callable[[str | None], str],
    ) -> Figures:
        """:func:`gather`: the figures of ``service`` for ``period`` as of ``now``."""
        return gather(self.session, service, period, now, working_minutes, alert_kind)
