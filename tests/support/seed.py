"""Seeding what tests start from: a staffed service with groups, people, and a plan."""

from __future__ import annotations

from datetime import date, datetime

from dialogs.core.clock import FakeClock
from dialogs.staff.admin import InviteResult, add_staff, create_invite, create_service, link_group
from dialogs.staff.plan_import import import_plan
from storage.db import Database
from storage.models import (
    CaseStatus,
    ContactStatus,
    GroupPurpose,
    Person,
    PersonCircle,
    StaffRole,
)
from storage.uow import UnitOfWork, unit_of_work

ALEX = 5001  # the young person most tests follow
SAM = 1001  # Kent's coordinator, Alex's worker
GROUP = -100500  # Kent's coordinators' group
RILEY = 2001  # East Sussex's coordinator


def seed_kent(
    uow: UnitOfWork, now: datetime, group: int | None = GROUP, sussex: bool = False
) -> InviteResult:
    """Kent Lifelong Links with Sam, its coordinator, and Alex (born 1 May 2008) invited as
    Sam's: Alex's invite. The coordinators' group ``group`` is linked (``None``: no group);
    with ``sussex``, East Sussex is another service, with Riley its coordinator."""
    create_service(uow, "kent", "Kent Lifelong Links", now, 90, 16)
    if sussex:
        create_service(uow, "sussex", "East Sussex Lifelong Links", now, 90, 16)
    add_staff(uow, "kent", SAM, "Sam", StaffRole.COORDINATOR, now)
    if sussex:
        add_staff(uow, "sussex", RILEY, "Riley", StaffRole.COORDINATOR, now)
    if group is not None:
        link_group(uow, "kent", GroupPurpose.COORDINATORS, group, now)
    return create_invite(uow, "kent", "Alex", date(2008, 5, 1), now, coordinator_telegram_id=SAM)


def seed_people(db: Database, count: int, now: datetime) -> None:
    """Alex's case gets ``count`` friends, "Person 1" onwards."""
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None
        for n in range(count):
            uow.people.add(
                case,
                Person(
                    service_id=0,
                    young_person_id=0,
                    name=f"Person {n + 1}",
                    relationship="friend",
                    circle=PersonCircle.FRIENDS,
                    closeness=2,
                    contact=ContactStatus.IN_TOUCH,
                    created_at=now,
                    updated_at=now,
                ),
            )


PLAN = """
lead: Nan
first_review: 2026-12-01
items:
  - help: food
    what: Sunday dinners
    who: Nan
    how_often: every week
  - help: money
    what: Help with bills
    who: Uncle Dev
"""


def record_plan(db: Database, reference: str, clock: FakeClock) -> None:
    """The case ``reference`` gets :data:`PLAN`, as the family meeting recorded it."""
    with unit_of_work(db) as uow:
        import_plan(uow, reference, PLAN, clock.now())


# The escalation world: Kent's groups by purpose, and Alex already active in the chat.
COORDINATORS = -100
MANAGERS = -200
YOUNG_PERSON = 5001
SECRET = "I owe money for rent"


def seed(
    db: Database, now: datetime, groups: tuple[GroupPurpose, ...] = tuple(GroupPurpose)
) -> str:
    """A service with a coordinator, the given groups, and one active case (Alex): its ref."""
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent Lifelong Links", now, 90, 16)
        add_staff(uow, "kent", 1001, "Sam", StaffRole.COORDINATOR, now)
        chats = {GroupPurpose.COORDINATORS: COORDINATORS, GroupPurpose.MANAGERS: MANAGERS}
        for purpose in groups:
            link_group(uow, "kent", purpose, chats[purpose], now)
        invite = create_invite(
            uow, "kent", "Alex", date(2008, 5, 1), now, coordinator_telegram_id=1001
        )
        case = uow.cases.by_reference(1, invite.reference)
        assert case is not None
        case.status, case.telegram_user_id = CaseStatus.ACTIVE, YOUNG_PERSON
        return invite.reference
