"""The review sweep with a fake clock: due times, quiet hours, re-nudges, overdue, idempotence."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from dialogs.core.clock import FakeClock
from dialogs.staff.admin import add_staff, create_invite, create_service
from dialogs.staff.plan_import import import_plan
from scheduler.sweeps import review_due_sweep
from storage.db import Database
from storage.models import CaseStatus, OutboxMessage, StaffRole
from storage.uow import unit_of_work

PLAN = """
lead: Nan
review_every: 28d
first_review: 2026-12-01
items:
  - help: food
    what: Sunday dinners
    who: Nan
    how_often: every week
  - help: talk
    who: Jo
"""


@pytest.fixture
def case_ref(db: Database, clock: FakeClock) -> str:
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent", clock.now(), 90, 16)
        add_staff(uow, "kent", 1001, "Sam", StaffRole.COORDINATOR, clock.now())
        invite = create_invite(
            uow, "kent", "Alex", date(2008, 5, 1), clock.now(), coordinator_telegram_id=1001
        )
        case = uow.cases.by_reference(1, invite.reference)
        assert case is not None
        case.status = CaseStatus.ACTIVE
        case.telegram_user_id = 5001
        import_plan(uow, invite.reference, PLAN, clock.now())
    return invite.reference


def rows(db: Database) -> list[OutboxMessage]:
    with unit_of_work(db) as uow:
        return list(uow.session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())


def test_nothing_before_the_due_time(db, clock, case_ref) -> None:
    clock.set(datetime(2026, 11, 30, 12, 0, tzinfo=UTC))
    assert review_due_sweep(db, clock) == 0


def test_nudge_at_due_time_once_then_renudges_then_overdue(db, clock, case_ref) -> None:
    clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=UTC))  # due 10:00 GMT
    assert review_due_sweep(db, clock) == 1
    assert review_due_sweep(db, clock) == 0  # idempotent
    [nudge] = rows(db)
    assert nudge.kind == "review.nudge" and nudge.chat_id == 5001
    labels = [row[0][0] for row in json.loads(nudge.buttons)]
    assert labels == ["Start now", "Remind me tomorrow", "Next week"]
    assert all(row[0][1].startswith("t:") for row in json.loads(nudge.buttons))
    clock.advance(timedelta(days=2, hours=23))
    assert review_due_sweep(db, clock) == 0  # not yet three days
    clock.advance(timedelta(hours=1))
    assert review_due_sweep(db, clock) == 1
    clock.advance(timedelta(days=3))
    assert review_due_sweep(db, clock) == 1
    clock.advance(timedelta(days=3))
    assert review_due_sweep(db, clock) == 1  # the overdue card
    clock.advance(timedelta(days=3))
    assert review_due_sweep(db, clock) == 0  # flagged once
    kinds = [row.kind for row in rows(db)]
    assert kinds == ["review.nudge", "review.renudge", "review.renudge", "notify.overdue"]
    assert rows(db)[-1].chat_id == 1001


def test_quiet_hours_wait_for_morning_in_winter_and_summer(db, clock, case_ref) -> None:
    clock.set(datetime(2026, 12, 1, 22, 0, tzinfo=UTC))  # 22:00 GMT: quiet
    assert review_due_sweep(db, clock) == 0
    clock.set(datetime(2026, 12, 2, 8, 59, tzinfo=UTC))
    assert review_due_sweep(db, clock) == 0
    clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=UTC))
    assert review_due_sweep(db, clock) == 1


def set_due(db: Database, case_ref: str, when: datetime) -> None:
    with unit_of_work(db) as uow:
        case = uow.cases.by_reference(1, case_ref)
        assert case is not None
        plan = uow.plans.for_case(case)
        assert plan is not None
        plan.next_review_at, plan.nudges_sent, plan.last_nudged_at = when, 0, None


def test_quiet_hours_follow_british_summer_time(db, clock, case_ref) -> None:
    set_due(db, case_ref, datetime(2027, 3, 27, 20, 0, tzinfo=UTC))  # the night clocks go on
    clock.set(datetime(2027, 3, 28, 7, 30, tzinfo=UTC))  # 08:30 BST: still quiet
    assert review_due_sweep(db, clock) == 0
    clock.set(datetime(2027, 3, 28, 8, 0, tzinfo=UTC))  # 09:00 BST
    assert review_due_sweep(db, clock) == 1
    set_due(db, case_ref, datetime(2027, 10, 30, 20, 0, tzinfo=UTC))  # the night clocks go back
    clock.set(datetime(2027, 10, 31, 8, 30, tzinfo=UTC))  # 08:30 GMT: quiet
    assert review_due_sweep(db, clock) == 0
    clock.set(datetime(2027, 10, 31, 9, 0, tzinfo=UTC))  # 09:00 GMT
    assert review_due_sweep(db, clock) == 1


def test_unreachable_and_inactive_cases_are_not_nudged(db, clock, case_ref) -> None:
    with unit_of_work(db) as uow:
        case = uow.cases.by_reference(1, case_ref)
        assert case is not None
        case.unreachable = True
    clock.set(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))
    assert review_due_sweep(db, clock) == 0


def test_plan_import_validates(db, clock, case_ref) -> None:
    from dialogs.staff.admin import AdminError

    bad = [
        "items: []",
        "items:\n  - help: pizza\n    who: Nan",
        "items:\n  - help: food",
        "review_every: forever\nitems:\n  - help: food\n    who: Nan",
        ": : :",
    ]
    for source in bad:
        with pytest.raises(AdminError), unit_of_work(db) as uow:
            import_plan(uow, case_ref, source, clock.now())
    with pytest.raises(AdminError, match="unknown case"), unit_of_work(db) as uow:
        import_plan(uow, "KENT-NOPE1", PLAN, clock.now())
