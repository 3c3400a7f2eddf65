"""The playground's demo world: its movable clock, its seed and the "what to try" list.

Only ``lifelinks playground`` uses this module; ``lifelinks run`` always reads the system clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.standin.server import BotApiStandIn
from dialogs.core.quiet import local_morning
from dialogs.staff.admin import add_staff, create_invite, create_service, link_group
from dialogs.staff.plan_import import import_plan
from scheduler.jobs import SWEEPS
from storage.db import Database
from storage.models import (
    CaseStatus,
    GroupPurpose,
    PersonCircle,
    StaffRole,
)
from storage.uow import unit_of_work

LONDON = ZoneInfo("Europe/London")
YOUNG_PERSON_ID = 5001
COORDINATOR_ID = 1001
COORDINATORS_GROUP = -1001001
MANAGER_ID = 1002
MANAGERS_GROUP = -1001002
ALEX_AGE = 17
# The plan agreed at Alex's family meeting; its first review is two days after the seeding.
DEMO_PLAN = """
lead: Nan
first_review: {first_review}
items:
  - help: food
    what: Sunday dinners
    who: Nan
    how_often: every week
  - help: money
    what: Help with bills
    who: Uncle Dev
"""
DEMO_RELATIONSHIPS = {"Nan": "nan", "Uncle Dev": "uncle"}


class PlaygroundClock:
    """The system clock plus an offset that only moves forward (the demo's time travel)."""

    def __init__(self) -> None:
        self._offset = timedelta(0)

    def now(self) -> datetime:
        """The system time moved on by the offset, in UTC."""
        return datetime.now(UTC) + self._offset

    @property
    def offset(self) -> timedelta:
        """How far the clock has been moved on from the system time."""
        return self._offset

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward (never back: sent messages and sweeps stay in order)."""
        if delta < timedelta(0):
            raise ValueError("the playground's clock only moves forward")
        self._offset += delta

    def move_to(self, when: datetime) -> None:
        """Jump forward to an aware time (a time already past leaves the clock where it is)."""
        self.advance(max(when - self.now(), timedelta(0)))

    def timestamp(self) -> float:
        """The clock's time as Unix seconds (the stand-in stamps messages with it)."""
        return self.now().timestamp()


def nine_tomorrow(now: datetime) -> datetime:
    """09:00 London time on the day after ``now``'s London date, in UTC."""
    return local_morning(1, now, hour=9)


def first_of_next_month(now: datetime) -> datetime:
    """09:00 London time on the 1st of the month after ``now``'s (the managers' digest), UTC."""
    today = now.astimezone(LONDON).date()
    first = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    return local_morning((first - today).days, now, hour=9)


@dataclass(frozen=True)
class DemoWorld:
    """What the seeding made, for the page and the tests."""

    invite_code: str
    reference: str
    service_id: int
    case_id: int
    people_at_start: int


def _seventeen(today: date) -> date:
    """A date of birth that makes Alex 17 today (and for a good while yet)."""
    return date(today.year - ALEX_AGE - 1, today.month, 1) + timedelta(days=200)


def seed_demo(db: Database, now: datetime) -> DemoWorld:
    """A service, Sam and the team's group, Priya and the managers' group, Alex's invite and
    Alex's plan with a review due."""
    with unit_of_work(db) as uow:
        create_service(uow, "demo", "Demo Lifelong Links", now, 90, 16)
        add_staff(uow, "demo", COORDINATOR_ID, "Sam", StaffRole.COORDINATOR, now)
        link_group(uow, "demo", GroupPurpose.COORDINATORS, COORDINATORS_GROUP, now)
        add_staff(uow, "demo", MANAGER_ID, "Priya", StaffRole.MANAGER, now)
        link_group(uow, "demo", GroupPurpose.MANAGERS, MANAGERS_GROUP, now)
        dob = _seventeen(now.astimezone(LONDON).date())
        invite = create_invite(
            uow, "demo", "Alex", dob, now, coordinator_telegram_id=COORDINATOR_ID
        )
        service_id = uow.cases.service_of_reference(invite.reference)
        case = uow.cases.by_reference(service_id, invite.reference) if service_id else None
        assert case is not None and case.id is not None
        # The family meeting happened before Alex joined; the import only takes active cases,
        # so the case is active for the import alone and goes back to waiting for Alex.
        case.status = CaseStatus.ACTIVE
        first_review = now.astimezone(LONDON).date() + timedelta(days=2)
        import_plan(uow, invite.reference, DEMO_PLAN.format(first_review=first_review), now)
        # The meeting knew who they are: the plan's people are Alex's nan and uncle, not
        # "not said" (a plan's YAML names people but does not say who they are).
        for person in uow.people.list(case):
            person.relationship = DEMO_RELATIONSHIPS.get(person.name or "")
            person.circle = PersonCircle.FAMILY if person.relationship else None
        case.status = CaseStatus.INVITED
        people = uow.people.count(case)
        return DemoWorld(invite.code, invite.reference, case.service_id, case.id, people)


def next_review(db: Database, world: DemoWorld) -> datetime | None:
    """When Alex's plan is next due for review (UTC), if it has a date."""
    with unit_of_work(db) as uow:
        case = uow.cases.get(world.service_id, world.case_id)
        plan = uow.plans.for_case(case) if case is not None else None
        return plan.next_review_at if plan is not None else None


def invite_used(db: Database, world: DemoWorld) -> bool:
    """Whether Alex has opened the invite (joining, joined, said no or deleted since)."""
    with unit_of_work(db) as uow:
        case = uow.cases.get(world.service_id, world.case_id)
        return case is None or case.status != CaseStatus.INVITED


def invitee_name(db: Database, code: str) -> str | None:
    """The first name on the case an invite code opens (None: no invite has that code)."""
    with unit_of_work(db) as uow:
        invite = uow.invites.by_code(code)
        if invite is None:
            return None
        case = uow.cases.get(invite.service_id, invite.young_person_id)
        return case.first_name if case is not None else None


def run_sweeps(db: Database, clock: PlaygroundClock) -> int:
    """Every sweep ``lifelinks run`` schedules, once, at the clock's time; rows queued.

    They are the real sweeps, so quiet hours and working hours hold as they would live.
    """
    return sum(sweep(db, clock) for sweep, _seconds in SWEEPS.values())


# key, what the list says
CHECKLIST = (
    ("join", "Join as Alex"),
    ("people", "Add someone to your people"),
    ("picture", "See your picture"),
    ("support", "Ask for support"),
    ("answer", "Answer Alex as Sam"),
    ("review", "Review the plan (try the Clock)"),
    ("delete", "Delete your data"),
)


class Checklist:
    """Ticks the "what to try" items off as they happen, from the data and the chats.

    A tick stays: deleting the data afterwards does not undo having added someone.
    """

    def __init__(self, db: Database, world: DemoWorld, standin: BotApiStandIn) -> None:
        self.db = db
        self.world = world
        self.standin = standin
        self.done: set[str] = set()

    def items(self) -> list[dict[str, Any]]:
        """Every item with whether it has happened."""
        self.done |= self._happened()
        return [{"key": k, "label": label, "done": k in self.done} for k, label in CHECKLIST]

    def _happened(self) -> set[str]:
        seen: set[str] = set()
        with unit_of_work(self.db) as uow:
            case = uow.cases.get(self.world.service_id, self.world.case_id)
            status = case.status if case is not None else CaseStatus.LEFT
            if status in (CaseStatus.ACTIVE, CaseStatus.LEFT):
                seen.add("join")
            if status == CaseStatus.LEFT:
                seen.add("delete")
            if case is not None:
                if uow.people.count(case) > self.world.people_at_start:
                    seen.add("people")
                if uow.support.of_case(case, limit=1):
                    seen.add("support")
                plan = uow.plans.for_case(case)
                if plan is not None and plan.id is not None and uow.plans.reviews(plan):
                    seen.add("review")
        chats = self.standin.world.chats
        alex = chats.get(YOUNG_PERSON_ID)
        if alex and any(m.from_bot and "photo" in m.wire for m in alex.messages.values()):
            seen.add("picture")
        group = chats.get(COORDINATORS_GROUP)
        if group and any(
            not m.from_bot
            and m.wire["from"]["id"] == COORDINATOR_ID
            and m.wire.get("reply_to_message", {}).get("from", {}).get("is_bot")
            for m in group.messages.values()
        ):
            seen.add("answer")
        return seen
