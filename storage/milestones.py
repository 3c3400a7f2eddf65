"""Life milestones: the 18th, 21st and 25th birthdays, and the day 3 months before each.

Which are due on a UK day, and which were sent already (``milestone_sent``, one row per
case and milestone, so each goes once however often the sweep runs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from storage.lifedates import add_months, birthday
from storage.models import CaseStatus, MilestoneSent, YoungPerson
from storage.repositories import Repository

AGES = (18, 21, 25)
SOON = "soon"  # 3 months before
DAY = "day"  # the birthday
MONTHS_AHEAD = 3
# After downtime, a milestone still goes out this many days late; later it would be stale.
GRACE = timedelta(days=7)
ACTION = "milestone"  # the action of the token behind a milestone message's buttons


@dataclass(frozen=True)
class Milestone:
    """One milestone of one young person: an age, soon or on the day, and its UK day."""

    age: int
    stage: str  # SOON or DAY
    day: date  # the UK day it is due
    birthday: date

    @property
    def key(self) -> str:
        """How it is remembered: "18", "18_soon"."""
        return str(self.age) if self.stage == DAY else f"{self.age}_{SOON}"


def milestones(born: date) -> list[Milestone]:
    """Every milestone of someone born on ``born``, in date order."""
    found = []
    for age in AGES:
        day = birthday(born, age)
        found.append(Milestone(age, SOON, add_months(day, -MONTHS_AHEAD), day))
        found.append(Milestone(age, DAY, day, day))
    return found


def due_on(born: date, today: date) -> Milestone | None:
    """The milestone due ``today`` (or up to :data:`GRACE` late), if any."""
    for milestone in milestones(born):
        if milestone.day <= today < milestone.day + GRACE:
            return milestone
    return None


@dataclass(frozen=True)
class Candidate:
    """An active case's columns the sweep needs (no names: nothing is decrypted)."""

    case_id: int
    service_id: int
    date_of_birth: date


def candidates(session: Session, today: date) -> list[Candidate]:
    """Active cases old enough and young enough to have a milestone near ``today``."""
    youngest = birthday(add_months(today, MONTHS_AHEAD), -min(AGES)) + timedelta(days=2)
    oldest = birthday(today - GRACE, -max(AGES)) - timedelta(days=2)
    rows = session.exec(
        select(
            col(YoungPerson.id), col(YoungPerson.service_id), col(YoungPerson.date_of_birth)
        ).where(
            YoungPerson.status == CaseStatus.ACTIVE,
            col(YoungPerson.telegram_user_id).is_not(None),
            col(YoungPerson.date_of_birth) <= youngest,
            col(YoungPerson.date_of_birth) >= oldest,
        )
    ).all()
    return [
        Candidate(case_id, service_id, born)
        for case_id, service_id, born in rows
        if case_id is not None and born is not None
    ]


def sent(session: Session, case_ids: Sequence[int]) -> set[tuple[int, str]]:
    """The (case id, milestone key) pairs already sent among ``case_ids``."""
    if not case_ids:
        return set()
    rows = session.exec(
        select(MilestoneSent.young_person_id, MilestoneSent.milestone).where(
            col(MilestoneSent.young_person_id).in_(list(case_ids))
        )
    ).all()
    return {(case_id, key) for case_id, key in rows}


def mark_sent(session: Session, case: YoungPerson, milestone: Milestone, now: datetime) -> None:
    """Remember that ``milestone`` went to ``case`` (the unique key refuses a second)."""
    assert case.id is not None
    session.add(
        MilestoneSent(
            service_id=case.service_id,
            young_person_id=case.id,
            milestone=milestone.key,
            sent_at=now,
        )
    )


class MilestoneRepo(Repository):
    """The milestone sweep's reads and its memory of what went."""

    def candidates(self, today: date) -> list[Candidate]:
        """:func:`candidates`: active cases that may have a milestone near ``today``."""
        return candidates(self.session, today)

    def already_sent(self, case_ids: Sequence[int]) -> set[tuple[int, str]]:
        """:func:`sent`: the (case id, milestone key) pairs already sent among ``case_ids``."""
        return sent(self.session, case_ids)

    def mark_sent(self, case: YoungPerson, milestone: Milestone, now: datetime) -> None:
        """:func:`mark_sent`: remember that ``milestone`` went to ``case``."""
        mark_sent(self.session, case, milestone, now)
