"""The managers' monthly digest: contents, timing, once per month, catch-up."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from dialogs.cases.membership import MOVED_NOTE
from dialogs.core.clock import FakeClock
from dialogs.staff.admin import add_staff, create_invite, create_service, link_group
from dialogs.staff.plan_import import import_plan
from scheduler.digest import monthly_digest_sweep
from storage.db import Database
from storage.models import (
    CaseStatus,
    GroupPurpose,
    OutboxMessage,
    OutboxStatus,
    PlanReview,
    RequestKind,
    StaffRole,
    SupportCategory,
    Urgency,
    YoungPerson,
)
from storage.repositories import OutboxRepo
from storage.uow import UnitOfWork, unit_of_work

MANAGERS = -200
PLAN = "items:\n  - help: food\n    who: Nan\nfirst_review: 2026-12-10\n"


def seed(db: Database, clock: FakeClock) -> None:
    now = clock.now()
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent Lifelong Links", now, 90, 16)
        add_staff(uow, "kent", 1001, "Sam", StaffRole.COORDINATOR, now)
        link_group(uow, "kent", GroupPurpose.MANAGERS, MANAGERS, now)
        refs = []
        for name in ("Alex", "Bo"):
            invite = create_invite(
                uow, "kent", name, date(2008, 5, 1), now, coordinator_telegram_id=1001
            )
            case = uow.cases.by_reference(1, invite.reference)
            assert case is not None
            case.status, case.telegram_user_id = CaseStatus.ACTIVE, 5000 + len(refs)
            plan = import_plan(uow, invite.reference, PLAN, now)
            refs.append((case, plan))
        refs[1][1].overdue_since = now
        refs[1][0].unreachable = True
        uow.plans.add_review(
            PlanReview(
                service_id=1,
                plan_id=refs[0][1].id or 0,
                answers=json.dumps({}),
                wellbeing=4,
                created_at=datetime(2026, 11, 20, tzinfo=UTC),
            )
        )
        create_invite(uow, "kent", "Cam", date(2012, 1, 15), now)  # turns 15 in January 2027


def digests(db: Database) -> list[OutboxMessage]:
    with unit_of_work(db) as uow:
        return list(
            uow.session.exec(select(OutboxMessage).where(OutboxMessage.kind == "digest")).all()
        )


def test_a_digest_queued_by_another_sweep_meanwhile_is_not_queued_again(
    db: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two sweeps at once (two workers; the playground's clock beside the scheduler): both
    look, find nothing, and insert. The second insert meets the first's row: it is skipped,
    the sweep carries on, and the managers get one digest."""
    seed(db, clock)
    clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    assert monthly_digest_sweep(db, clock) == 1
    monkeypatch.setattr(OutboxRepo, "exists", lambda self, key: False)  # the look came first
    assert monthly_digest_sweep(db, clock) == 0
    assert len(digests(db)) == 1


def test_digest_on_the_first_at_nine_once(db: Database, clock: FakeClock) -> None:
    seed(db, clock)
    clock.set(datetime(2026, 12, 1, 8, 59, tzinfo=UTC))  # 08:59 GMT on the 1st
    assert monthly_digest_sweep(db, clock) == 0
    clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    assert monthly_digest_sweep(db, clock) == 1
    assert monthly_digest_sweep(db, clock) == 0
    [digest] = digests(db)
    assert digest.chat_id == MANAGERS
    text = digest.text
    assert "December 2026" in text
    assert "Sam: reviews done last month 1, due this month 1, overdue 1" in text
    assert "can't get messages (may have blocked the bot): 1" in text
    assert "Turning 15 next month" in text and "KENT-" in text.split("Turning 15")[1]


def test_digest_catches_up_after_downtime(db: Database, clock: FakeClock) -> None:
    seed(db, clock)
    clock.set(datetime(2026, 12, 3, 14, 0, tzinfo=UTC))  # the bot was down on the 1st
    assert monthly_digest_sweep(db, clock) == 1
    clock.set(datetime(2027, 1, 1, 9, 5, tzinfo=UTC))
    assert monthly_digest_sweep(db, clock) == 1
    assert len(digests(db)) == 2


def _active_case(uow: UnitOfWork) -> YoungPerson:
    case = uow.session.exec(
        select(YoungPerson).where(YoungPerson.status == CaseStatus.ACTIVE)
    ).first()
    assert case is not None
    return case


def test_digest_counts_requests_opened_and_answered_last_month(
    db: Database, clock: FakeClock
) -> None:
    seed(db, clock)
    with unit_of_work(db) as uow:
        case = _active_case(uow)
        for day, answered in ((2, True), (20, False), (30, True)):
            opened = datetime(2026, 11, day, 10, 0, tzinfo=UTC)
            request = uow.support.create(
                case, SupportCategory.FOOD, Urgency.WEEK, "hungry", [], True, opened, opened
            )
            if answered:
                request.answered_at = opened + timedelta(hours=2)
        december = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # counts in next month's digest
        uow.support.create(
            case, SupportCategory.FOOD, Urgency.WEEK, None, [], True, december, december
        )
    clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    assert monthly_digest_sweep(db, clock) == 1
    [digest] = digests(db)
    assert "Requests for help opened last month: 3 (2 answered so far)" in digest.text
    assert "hungry" not in digest.text


def test_digest_counts_lost_messages_but_not_ones_sent_again_elsewhere(
    db: Database, clock: FakeClock
) -> None:
    seed(db, clock)
    november = datetime(2026, 11, 10, 10, 0, tzinfo=UTC)
    with unit_of_work(db) as uow:
        for n, note in enumerate(("blocked", MOVED_NOTE, "gave up: Transient")):
            row = uow.outbox.enqueue(
                chat_id=5000,
                text="x",
                kind="test",
                idempotency_key=f"lost:{n}",
                now=november,
                service_id=1,
            )
            row.status, row.last_error = OutboxStatus.FAILED, note
    clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    assert monthly_digest_sweep(db, clock) == 1
    [digest] = digests(db)
    assert "Messages that could not be delivered last month: 2" in digest.text


def test_digest_counts_alerts_by_kind_their_pickup_and_not_safe_check_ins(
    db: Database, clock: FakeClock
) -> None:
    seed(db, clock)
    with unit_of_work(db) as uow:
        case = _active_case(uow)
        # Picked up after 4, 10 and 30 minutes (median 10); one never picked up.
        for day, category, waited in (
            (3, "suicide", 4),
            (9, "abuse", 30),
            (12, "suicide", 10),
            (20, "homeless", None),
        ):
            opened = datetime(2026, 11, day, 10, 0, tzinfo=UTC)
            alert = uow.support.create(
                case,
                SupportCategory.OTHER,
                Urgency.TODAY,
                "secret words",
                [],
                True,
                opened,
                opened,
                kind=RequestKind.ALERT,
                crisis_category=category,
                origin="net",
            )
            if waited is not None:
                alert.picked_up_at = opened + timedelta(minutes=waited)
        october = datetime(2026, 10, 30, 10, 0, tzinfo=UTC)  # last month's, not counted
        uow.support.create(
            case,
            SupportCategory.OTHER,
            Urgency.TODAY,
            None,
            [],
            False,
            october,
            october,
            kind=RequestKind.ALERT,
            crisis_category="danger",
        )
        for day in (5, 6):
            when = datetime(2026, 11, day, 10, 0, tzinfo=UTC)
            uow.audit.record("young_person", "checkin_not_safe", when, 1, case.id)
        uow.audit.record("young_person", "checkin_safe", when, 1, case.id)
        uow.audit.record("young_person", "checkin_unsure", when, 1, case.id)
        uow.audit.record("young_person", "checkin_unsure", october, 1, case.id)  # not counted
    clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    assert monthly_digest_sweep(db, clock) == 1
    [digest] = digests(db)
    assert (
        "Safety alerts last month: 4 (thoughts of suicide: 2, abuse or someone hurting them: 1, "
        "nowhere to sleep tonight: 1)" in digest.text
    )
    assert "Median time for an alert to be picked up: 10 min" in digest.text
    assert "Check-ins answered “I'm not safe”: 2" in digest.text
    assert "Check-ins answered with neither a yes nor a no: 1" in digest.text
    # Alerts are not requests for help, and no words reach the digest.
    assert "Requests for help opened last month: 0" in digest.text
    assert "secret" not in digest.text
