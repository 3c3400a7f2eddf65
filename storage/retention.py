"""Retention: which cases have been kept as long as their service allows.

Each service keeps a case for ``retention_months`` (24 by default) after it closed or after
the young person turned 25, whichever came first. A case is closed when it ended without
the young person using the bot: an invite never used (closed when its link expired), a "no"
to using the bot, too young to join, or joining left half-way (closed at their last
message). An active case stays open until they turn 25. A case they deleted themselves
(``left``) holds nothing more to erase.

Days are UK days: a case due on a day is erased from the start of that day, London time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_
from sqlmodel import Session, col, func, select

from storage.lifedates import add_months, birthday
from storage.models import CaseStatus, Invite, Service, YoungPerson
from storage.repositories import Repository

DEFAULT_MONTHS = 24
MAX_MONTHS = 120  # ten years: more is a typing slip, not a policy
LEAVING_AGE = 25  # Lifelong Links and leaving-care support end here
UK = ZoneInfo("Europe/London")
# Slack on the cheap SQL filter, which the exact sums in Python then narrow.
_SLACK = timedelta(days=3)


def check_months(months: int) -> int:
    """A retention setting as given, or ValueError saying what is allowed."""
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError(f"retention must be between 1 and {MAX_MONTHS} months, not {months}")
    return months


def uk_day(when: datetime) -> date:
    """The UK calendar day of an aware time."""
    return when.astimezone(UK).date()


def uk_midnight(day: date) -> datetime:
    """The start of a UK day, in UTC."""
    return datetime.combine(day, time(0), tzinfo=UK).astimezone(UTC)


@dataclass(frozen=True)
class DueCase:
    """A case and the UK day its retention runs out."""

    case: YoungPerson
    due_on: date


def closed_on(case: YoungPerson, last_invite_expiry: datetime | None) -> date | None:
    """The UK day a case closed (None while it is open, or once they deleted it)."""
    if case.status in (CaseStatus.ACTIVE, CaseStatus.LEFT):
        return None
    moments = [case.created_at, case.last_active_at, last_invite_expiry]
    return uk_day(max(moment for moment in moments if moment is not None))


def due_on(case: YoungPerson, months: int, last_invite_expiry: datetime | None) -> date | None:
    """The UK day ``case`` is due to be erased, or None (never, as things stand)."""
    if case.status == CaseStatus.LEFT:
        return None
    starts = [closed_on(case, last_invite_expiry)]
    if case.date_of_birth is not None:
        starts.append(birthday(case.date_of_birth, LEAVING_AGE))
    known = [start for start in starts if start is not None]
    return add_months(min(known), months) if known else None


def due_cases(session: Session, service: Service, until: date) -> list[DueCase]:
    """The service's cases due to be erased on or before the UK day ``until``, oldest first."""
    months = service.retention_months
    latest_start = add_months(until, -months)
    oldest_birth = birthday(latest_start, -LEAVING_AGE) + _SLACK
    candidates = session.exec(
        select(YoungPerson).where(
            YoungPerson.service_id == service.id,
            col(YoungPerson.status) != CaseStatus.LEFT,
            or_(
                col(YoungPerson.date_of_birth) <= oldest_birth,
                and_(
                    col(YoungPerson.status) != CaseStatus.ACTIVE,
                    col(YoungPerson.created_at) <= uk_midnight(latest_start) + _SLACK,
                ),
            ),
        )
    ).all()
    expiry = _last_invite_expiry(session, [case.id for case in candidates if case.id is not None])
    found = []
    for case in candidates:
        due = due_on(case, months, expiry.get(case.id or 0))
        if due is not None and due <= until:
            found.append(DueCase(case, due))
    return sorted(found, key=lambda d: (d.due_on, d.case.id or 0))


def _last_invite_expiry(session: Session, case_ids: list[int]) -> dict[int, datetime]:
    if not case_ids:
        return {}
    rows = session.exec(
        select(Invite.young_person_id, func.max(Invite.expires_at))
        .where(col(Invite.young_person_id).in_(case_ids))
        .group_by(col(Invite.young_person_id))
    ).all()
    return {case_id: expires for case_id, expires in rows if expires is not None}


def due_between(session: Session, service: Service, first: date, last: date) -> int:
    """How many of the service's cases fall due from UK day ``first`` to ``last``."""
    return sum(1 for due in due_cases(session, service, last) if due.due_on >= first)


class RetentionRepo(Repository):
    """Which cases fall due to be erased."""

    def due_cases(self, service: Service, until: date) -> list[DueCase]:
        """:func:`due_cases`: the service's cases due by UK day ``until``, oldest first."""
        return due_cases(self.session, service, until)

    def due_between(self, service: Service, first: date, last: date) -> int:
        """:func:`due_between`: how many fall due from UK day ``first`` to ``last``."""
        return due_between(self.session, service, first, last)
