"""The review sweep in bulk: hundreds of due plans over several services in one pass."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, event, func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from dialogs.core.clock import FakeClock
from dialogs.texts import t
from scheduler.sweeps import NUDGE_ACTION, NUDGE_BUTTON_TTL, review_due_sweep
from storage.db import Database
from storage.models import (
    ActionToken,
    CaseStatus,
    OutboxMessage,
    Plan,
    StaffRole,
    YoungPerson,
)
from storage.uow import unit_of_work

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # noon GMT: outside the default quiet hours
PER_SERVICE = 100
BUTTONS = [("Start now", "start"), ("Remind me tomorrow", "tomorrow"), ("Next week", "next_week")]


def _chat(service: int, n: int) -> int:
    return 7_000_000 + service * 1_000 + n


@pytest.fixture
def world(db: Database) -> dict[str, set[int]]:
    """Three services (the third in quiet hours at NOW) with PER_SERVICE due plans each.

    Plus, in the first service: a plan not yet due, a case that left, an unreachable case,
    a case with no Telegram id, and a plan nudged three times already (overdue now).
    Returns the plan ids by what the sweep should do with them.
    """
    groups: dict[str, set[int]] = {"nudge": set(), "quiet": set(), "skip": set(), "overdue": set()}
    created = NOW - timedelta(days=100)
    with unit_of_work(db) as uow:
        services = [uow.services.create(f"s{i}", f"Service {i}", created) for i in range(3)]
        services[2].quiet_start_hour, services[2].quiet_end_hour = 11, 14
        coordinator = uow.staff.add(services[0].id or 0, 9001, "Sam", StaffRole.COORDINATOR, NOW)

        def add(
            service: int,
            n: int,
            due: datetime,
            *,
            status: CaseStatus = CaseStatus.ACTIVE,
            unreachable: bool = False,
            telegram: bool = True,
            nudges: int = 0,
        ) -> int:
            case = YoungPerson(
                service_id=services[service].id or 0,
                reference=f"S{service}-{n:05d}",
                first_name=f"Name{service}-{n}",
                date_of_birth=date(2008, 1, 1),
                telegram_user_id=_chat(service, n) if telegram else None,
                status=status,
                unreachable=unreachable,
                coordinator_id=coordinator.id if service == 0 else None,
                created_at=created,
            )
            uow.session.add(case)
            uow.session.flush()
            plan = Plan(
                service_id=case.service_id,
                young_person_id=case.id or 0,
                next_review_at=due,
                nudges_sent=nudges,
                last_nudged_at=due if nudges else None,
                created_at=created,
                updated_at=created,
            )
            uow.session.add(plan)
            uow.session.flush()
            return plan.id or 0

        for service in range(3):
            for n in range(PER_SERVICE):
                # Due times spread over the last days, in an order unlike the ids.
                due = NOW - timedelta(minutes=(n * 37) % 1_000)
                group = "quiet" if service == 2 else "nudge"
                groups[group].add(add(service, n, due))
        groups["skip"].add(add(0, 900, NOW + timedelta(minutes=1)))
        groups["skip"].add(add(0, 901, NOW - timedelta(hours=1), status=CaseStatus.LEFT))
        groups["skip"].add(add(0, 902, NOW - timedelta(hours=1), unreachable=True))
        groups["skip"].add(add(0, 903, NOW - timedelta(hours=1), telegram=False))
        groups["overdue"].add(add(0, 904, NOW - timedelta(days=10), nudges=3))
    return groups


def _outbox(db: Database) -> list[OutboxMessage]:
    with unit_of_work(db) as uow:
        return list(uow.session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).scalars())


def _plans(db: Database) -> dict[int, Plan]:
    with unit_of_work(db) as uow:
        return {p.id or 0: p for p in uow.session.exec(select(Plan)).scalars()}


def test_one_nudge_each_with_three_working_buttons(db: Database, world) -> None:
    clock = FakeClock(NOW)
    queued = review_due_sweep(db, clock)  # speed is measured by benchmarks/bench_sweep.py
    assert queued == len(world["nudge"]) + len(world["overdue"])

    rows = _outbox(db)
    nudges = [row for row in rows if row.kind == "review.nudge"]
    assert len(nudges) == len(world["nudge"])
    assert Counter(row.young_person_id for row in nudges).most_common(1)[0][1] == 1
    plans = _plans(db)
    by_case = {plan.young_person_id: plan for plan in plans.values()}
    with unit_of_work(db) as uow:
        for row in nudges:
            case = uow.session.get(YoungPerson, row.young_person_id)
            assert case is not None and row.chat_id == case.telegram_user_id
            assert row.text == t("review.nudge", name=case.first_name)  # decrypts as written
            plan = by_case[case.id]
            assert row.idempotency_key == (
                f"nudge:{plan.id}:{plan.next_review_at.isoformat()}:0"  # type: ignore[union-attr]
            )
            buttons = json.loads(row.buttons)
            assert [button[0][0] for button in buttons] == [label for label, _ in BUTTONS]
            shared = {data.rsplit(".", 1)[0] for [[_, data]] in buttons}
            assert len(shared) == 1  # one token behind the nudge's three buttons
            for (_label, choice), [[_, data]] in zip(BUTTONS, buttons, strict=True):
                assert len(data.encode()) <= 64  # Telegram's callback_data limit
                pressed = uow.tokens.redeem_button(data, case.telegram_user_id or 0, NOW)
                assert pressed is not None
                token, asked = pressed
                assert token.action == NUDGE_ACTION and asked == f"{NUDGE_ACTION}.{choice}"
                assert token.young_person_id == case.id and token.service_id == case.service_id
                assert token.created_at == NOW and token.expires_at == NOW + NUDGE_BUTTON_TTL
                assert uow.tokens.redeem_button(data, 42, NOW) is None  # another chat's press
            assert row.not_before == NOW and row.created_at == NOW and row.attempts == 0
        # The sender's own queries (timestamps compared in SQL) see every new row as due.
        assert len(uow.outbox.due_heads(NOW, 10_000, 1)) == len(rows)
        live = uow.session.execute(
            select(func.count()).select_from(ActionToken).where(col(ActionToken.expires_at) > NOW)
        ).scalar_one()
        assert live == len(nudges)

    for plan_id in world["nudge"]:
        assert plans[plan_id].nudges_sent == 1 and plans[plan_id].last_nudged_at == NOW
    for plan_id in world["quiet"] | world["skip"]:
        assert plans[plan_id].nudges_sent == 0 and plans[plan_id].last_nudged_at is None
    quiet_cases = {plans[plan_id].young_person_id for plan_id in world["quiet"]}
    assert not [row for row in rows if row.young_person_id in quiet_cases]


def test_overdue_plan_is_flagged_once_to_its_team(db: Database, world) -> None:
    review_due_sweep(db, FakeClock(NOW))
    [note] = [row for row in _outbox(db) if row.kind == "notify.overdue"]
    [plan_id] = world["overdue"]
    plan = _plans(db)[plan_id]
    assert note.chat_id == 9001 and plan.overdue_since == NOW
    assert note.text == t("notify.overdue", ref="S0-00904", name="Name0-904")
    assert note.idempotency_key == f"overdue:{plan_id}:{plan.next_review_at.isoformat()}"  # type: ignore[union-attr]


def test_second_run_sends_nothing_and_renudge_retires_old_buttons(db: Database, world) -> None:
    clock = FakeClock(NOW)
    first = review_due_sweep(db, clock)
    assert review_due_sweep(db, clock) == 0
    assert len(_outbox(db)) == first
    old = {row.young_person_id: json.loads(row.buttons) for row in _outbox(db)}

    clock.advance(timedelta(days=3))
    # Every nudged plan gets a re-nudge; the plan that was not yet due, its first nudge.
    assert review_due_sweep(db, clock) == len(world["nudge"]) + 1
    renudges = [row for row in _outbox(db) if row.kind == "review.renudge"]
    assert len(renudges) == len(world["nudge"])
    with unit_of_work(db) as uow:
        for row in renudges:
            for [[_, stale]] in old[row.young_person_id]:  # the first nudge's buttons
                assert uow.tokens.redeem_button(stale, row.chat_id, clock.now()) is None
            for [[_, data]] in json.loads(row.buttons):
                assert uow.tokens.redeem_button(data, row.chat_id, clock.now()) is not None


def test_quiet_service_is_nudged_after_its_quiet_hours(db: Database, world) -> None:
    review_due_sweep(db, FakeClock(NOW))
    # 14:00: the quiet service's plans, and the plan that was due a minute after NOW.
    assert review_due_sweep(db, FakeClock(NOW.replace(hour=14))) == len(world["quiet"]) + 1
    plans = _plans(db)
    assert all(plans[plan_id].nudges_sent == 1 for plan_id in world["quiet"])


def test_sqlite_selection_starts_from_the_due_date_index(sqlite_db: Database) -> None:
    """Without statistics SQLite must still read due plans first, not every active case."""
    seen: list[tuple[str, tuple[object, ...]]] = []

    def capture(_conn, _cursor, statement, params, *_rest) -> None:
        if "JOIN young_person" in statement:
            seen.append((statement, params))

    event.listen(sqlite_db.engine, "before_cursor_execute", capture)
    review_due_sweep(sqlite_db, FakeClock(NOW))
    event.remove(sqlite_db.engine, "before_cursor_execute", capture)
    [(statement, params)] = seen
    raw = sqlite_db.engine.raw_connection()
    try:
        plan = [row[-1] for row in raw.execute("EXPLAIN QUERY PLAN " + statement, params)]
    finally:
        raw.close()
    due_date_indexes = ("ix_plan_due_open", "ix_plan_next_review_at")
    assert any(index in plan[0] for index in due_date_indexes), plan
    assert not any("ix_young_person_status" in line for line in plan), plan


def test_a_failed_write_leaves_everything_as_it_was(db: Database, world) -> None:
    """Any write failing (on PostgreSQL, pipelined) rolls the whole pass back."""

    def state() -> dict[int, tuple[object, ...]]:
        return {
            plan_id: (plan.nudges_sent, plan.last_nudged_at, plan.overdue_since)
            for plan_id, plan in _plans(db).items()
        }

    before = state()
    [clash] = [_plans(db)[plan_id] for plan_id in world["overdue"]]
    with unit_of_work(db) as uow:  # a row already queued under the overdue note's key
        uow.outbox.enqueue(
            chat_id=1,
            text="queued earlier",
            kind="test",
            idempotency_key=f"overdue:{clash.id}:{clash.next_review_at.isoformat()}",  # type: ignore[union-attr]
            now=NOW,
        )
    with pytest.raises(IntegrityError):
        review_due_sweep(db, FakeClock(NOW))
    assert [row.kind for row in _outbox(db)] == ["test"]
    assert state() == before
    with unit_of_work(db) as uow:
        tokens = uow.session.execute(select(func.count()).select_from(ActionToken))
        assert tokens.scalar_one() == 0
    # Once the clash is gone, the same pass goes through.
    with unit_of_work(db) as uow:
        uow.session.execute(delete(OutboxMessage))
    assert review_due_sweep(db, FakeClock(NOW)) == len(world["nudge"]) + len(world["overdue"])


def test_rows_are_queued_oldest_due_first_when_made_in_parts(
    db: Database, world, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("scheduler.sweeps.OUTBOX_CHUNK", 7)  # many parts, one short
    queued = review_due_sweep(db, FakeClock(NOW))
    rows = _outbox(db)  # in id order: the order the sender sends them in
    assert len(rows) == queued == len(world["nudge"]) + len(world["overdue"])
    by_case = {plan.young_person_id: plan for plan in _plans(db).values()}
    due = [
        (by_case[row.young_person_id].next_review_at, by_case[row.young_person_id].id)
        for row in rows
    ]
    assert due == sorted(due)  # type: ignore[type-var]
