"""What the team is told reads in its chat's language: a group's (English), or, when the
service has no group and notes go to the coordinator's private chat, the coordinator's own."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from dialogs.cases.notify import notify_team
from dialogs.core.clock import FakeClock
from dialogs.core.reader import team_chat_language
from dialogs.staff.admin import add_staff, create_invite, create_service, link_group
from dialogs.staff.plan_import import import_plan
from dialogs.texts import GROUP_LANGUAGE, t
from scheduler.sweeps import review_due_sweep
from storage.db import Database
from storage.models import CaseStatus, GroupPurpose, OutboxMessage, StaffRole
from storage.uow import unit_of_work
from tests.support.pseudo_locale import PSEUDO
from tests.support.pseudo_locale import pseudo_language as pseudo_language  # the fixture

SAM = 1001
GROUP = -100500
PLAN = """
lead: Nan
first_review: 2026-12-01
items:
  - help: food
    what: Sunday dinners
    who: Nan
"""


@pytest.fixture
def reference(sqlite_db: Database, clock: FakeClock, pseudo_language: str) -> str:
    """Kent, no group; Sam coordinates Alex and reads the pseudo-locale."""
    with unit_of_work(sqlite_db) as uow:
        create_service(uow, "kent", "Kent", clock.now(), 90, 16)
        sam = add_staff(uow, "kent", SAM, "Sam", StaffRole.COORDINATOR, clock.now())
        sam.language = PSEUDO
        invite = create_invite(
            uow, "kent", "Alex", date(2008, 5, 1), clock.now(), coordinator_telegram_id=SAM
        )
        case = uow.cases.by_reference(1, invite.reference)
        assert case is not None
        case.status = CaseStatus.ACTIVE
        case.telegram_user_id = 5001
        import_plan(uow, invite.reference, PLAN, clock.now())
    return invite.reference


def notes(db: Database, kind: str) -> list[OutboxMessage]:
    with unit_of_work(db) as uow:
        rows = uow.session.exec(select(OutboxMessage).where(OutboxMessage.kind == kind))
        return list(rows.all())


def note_to_team(db: Database, reference: str, now: datetime) -> None:
    with unit_of_work(db) as uow:
        case = uow.cases.by_reference(1, reference)
        assert case is not None
        assert notify_team(uow, case, "notify.joined", f"joined:{now}", now, share="yes")


def test_a_group_reads_english_a_coordinator_in_private_their_own(
    sqlite_db: Database, clock: FakeClock, reference: str
) -> None:
    with unit_of_work(sqlite_db) as uow:
        assert team_chat_language(uow, 1, SAM) == PSEUDO
        assert team_chat_language(uow, 1, GROUP) == GROUP_LANGUAGE
        assert team_chat_language(uow, 1, 4242) == GROUP_LANGUAGE  # nobody known: English


def test_a_note_goes_to_the_coordinator_in_their_language_until_there_is_a_group(
    sqlite_db: Database, clock: FakeClock, reference: str
) -> None:
    note_to_team(sqlite_db, reference, clock.now())
    [private] = notes(sqlite_db, "notify.joined")
    assert private.chat_id == SAM
    assert private.text == t("notify.joined", PSEUDO, ref=reference, name="Alex", share="yes")
    assert private.text != t("notify.joined", ref=reference, name="Alex", share="yes")
    with unit_of_work(sqlite_db) as uow:
        link_group(uow, "kent", GroupPurpose.COORDINATORS, GROUP, clock.now())
    clock.advance(timedelta(minutes=1))
    note_to_team(sqlite_db, reference, clock.now())
    [_, grouped] = notes(sqlite_db, "notify.joined")
    assert grouped.chat_id == GROUP
    assert grouped.text == t("notify.joined", ref=reference, name="Alex", share="yes")


def test_the_review_sweeps_overdue_note_reads_the_coordinators_language(
    sqlite_db: Database, clock: FakeClock, reference: str
) -> None:
    clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=UTC))
    for _ in range(4):  # the nudge, two re-nudges, then the overdue note
        assert review_due_sweep(sqlite_db, clock) == 1
        clock.advance(timedelta(days=3))
    [overdue] = notes(sqlite_db, "notify.overdue")
    assert overdue.chat_id == SAM
    assert overdue.text == t("notify.overdue", PSEUDO, ref=reference, name="Alex")
