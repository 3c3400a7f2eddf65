"""The escalation sweep with a fake clock: due times in working time, once only, who is told."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from dialogs.core.clock import FakeClock
from dialogs.core.working_hours import response_due
from scheduler import escalation
from scheduler.escalation import escalation_sweep, waited_label
from scheduler.jobs import SWEEPS
from storage.db import Database
from storage.models import (
    AuditEvent,
    CaseStatus,
    GroupPurpose,
    OutboxMessage,
    SupportCategory,
    SupportRequest,
    Urgency,
    YoungPerson,
)
from storage.uow import unit_of_work
from tests.support.seed import COORDINATORS, MANAGERS, SECRET, YOUNG_PERSON, seed

NUMBERS = ("999", "116 123", "85258", "0800 1111")
LONDON = ZoneInfo("Europe/London")


def uk(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON).astimezone(UTC)


def open_request(
    db: Database,
    now: datetime,
    urgency: Urgency = Urgency.WEEK,
    category: SupportCategory = SupportCategory.MONEY,
) -> tuple[int, int | None]:
    """A request as the support flow opens it, with its card queued for the coordinators."""
    with unit_of_work(db) as uow:
        case = uow.session.exec(select(YoungPerson)).one()
        service = uow.services.get(1)
        assert service is not None
        due = response_due(service, urgency, now)
        request = uow.support.create(case, category, urgency, SECRET, [], True, now, due)
        assert request.id is not None
        card_id = None
        group = uow.groups.chat_for(1, GroupPurpose.COORDINATORS)
        if group is not None:
            card = uow.outbox.enqueue(
                chat_id=group,
                text=f"New request {request.reference}",
                kind="support.card",
                idempotency_key=f"card:{request.id}",
                now=now,
            )
            request.card_outbox_id = card_id = card.id
        return request.id, card_id


def sent(db: Database) -> list[OutboxMessage]:
    """The rows the sweep queued (the test's own request cards left out)."""
    with unit_of_work(db) as uow:
        rows = uow.session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        return [row for row in rows if row.kind.startswith("escalate.")]


def by_kind(db: Database) -> dict[str, OutboxMessage]:
    rows = sent(db)
    kinds = {row.kind: row for row in rows}
    assert len(kinds) == len(rows), [row.kind for row in rows]
    return kinds


def request_row(db: Database, request_id: int) -> SupportRequest:
    with unit_of_work(db) as uow:
        request = uow.session.get(SupportRequest, request_id)
        assert request is not None
        return request


def test_not_before_due_then_once_at_due_time(db: Database, clock: FakeClock) -> None:
    clock.set(uk(2026, 11, 23, 12, 0))  # Monday noon
    ref = seed(db, clock.now())
    request_id, card_id = open_request(db, clock.now())
    clock.set(uk(2026, 11, 24, 11, 59))  # a working day is due Tuesday noon
    assert escalation_sweep(db, clock) == 0
    assert sent(db) == []
    clock.set(uk(2026, 11, 24, 12, 0))
    assert escalation_sweep(db, clock) == 1
    assert escalation_sweep(db, clock) == 0  # idempotent
    clock.advance(timedelta(days=3))
    assert escalation_sweep(db, clock) == 0
    rows = by_kind(db)
    assert set(rows) == {"escalate.managers_card", "escalate.group_note", "escalate.young_person"}
    assert request_row(db, request_id).escalated_at == uk(2026, 11, 24, 12, 0)

    card = rows["escalate.managers_card"]
    reference = request_row(db, request_id).reference
    assert card.chat_id == MANAGERS
    assert card.target_outbox_id is None
    for part in (reference, ref, "Alex", "money", "this week", "8 h", "Monday 12:00"):
        assert part in card.text, (part, card.text)
    assert SECRET not in card.text
    assert card.idempotency_key == f"escalate:{request_id}:20261124120000:managers"

    note = rows["escalate.group_note"]
    assert note.chat_id == COORDINATORS
    assert note.target_outbox_id == card_id
    assert "managers" in note.text and reference in note.text and SECRET not in note.text

    young = rows["escalate.young_person"]
    assert young.chat_id == YOUNG_PERSON
    assert "taking longer" in young.text and "manager" in young.text
    assert not any(number in young.text for number in NUMBERS)
    assert young.not_before == uk(2026, 11, 24, 12, 0)  # not quiet hours
    for row in rows.values():
        assert row.service_id == 1 and row.young_person_id is not None

    with unit_of_work(db) as uow:
        audit = uow.session.exec(select(AuditEvent.action)).all()
    assert "request_escalated" in audit


def test_urgent_over_a_weekend_gets_emergency_numbers(db: Database, clock: FakeClock) -> None:
    clock.set(uk(2026, 11, 27, 16, 30))  # Friday 16:30
    seed(db, clock.now())
    request_id, _ = open_request(db, clock.now(), Urgency.TODAY, SupportCategory.HOUSING)
    assert request_row(db, request_id).escalate_at == uk(2026, 11, 30, 9, 30)
    for when in (uk(2026, 11, 27, 17, 30), uk(2026, 11, 29, 12, 0), uk(2026, 11, 30, 9, 29)):
        clock.set(when)
        assert escalation_sweep(db, clock) == 0
    clock.set(uk(2026, 11, 30, 9, 30))  # Monday 09:30
    assert escalation_sweep(db, clock) == 1
    rows = by_kind(db)
    young = rows["escalate.young_person.urgent"]
    assert all(number in young.text for number in NUMBERS)
    assert "somewhere to live" in young.text
    card = rows["escalate.managers_card"].text
    assert "as soon as possible (urgent)" in card and "1 h" in card and "Friday 16:30" in card


def test_bank_holiday_is_not_counted(db: Database, clock: FakeClock) -> None:
    clock.set(uk(2026, 8, 28, 14, 0))  # Friday before the summer bank holiday
    seed(db, clock.now())
    request_id, _ = open_request(db, clock.now(), Urgency.WHENEVER)
    # 3 hours on Friday, none on Monday 31 August, 5 on Tuesday.
    assert request_row(db, request_id).escalate_at == uk(2026, 9, 1, 14, 0)
    clock.set(uk(2026, 8, 31, 16, 0))
    assert escalation_sweep(db, clock) == 0
    clock.set(uk(2026, 9, 1, 14, 0))
    assert escalation_sweep(db, clock) == 1
    assert "no rush" in by_kind(db)["escalate.managers_card"].text


def test_picked_up_request_is_never_escalated(db: Database, clock: FakeClock) -> None:
    seed(db, clock.now())
    request_id, _ = open_request(db, clock.now(), Urgency.TODAY)
    with unit_of_work(db) as uow:
        staff = uow.staff.in_service(1, 1001)
        assert staff is not None and staff.id is not None
        assert uow.support.pick_up(1, request_id, staff.id, clock.now())
    clock.advance(timedelta(days=10))
    assert escalation_sweep(db, clock) == 0
    assert sent(db) == []
    assert request_row(db, request_id).escalated_at is None


def test_quiet_hours_hold_the_young_persons_message(db: Database, clock: FakeClock) -> None:
    clock.set(uk(2026, 11, 23, 12, 0))
    seed(db, clock.now())
    open_request(db, clock.now(), Urgency.TODAY)
    clock.set(uk(2026, 11, 23, 22, 30))  # the bot was down; the first sweep is at night
    assert escalation_sweep(db, clock) == 1
    rows = by_kind(db)
    assert rows["escalate.managers_card"].not_before == uk(2026, 11, 23, 22, 30)
    assert rows["escalate.young_person.urgent"].not_before == uk(2026, 11, 24, 9, 0)


def test_service_quiet_hours_are_used(db: Database, clock: FakeClock) -> None:
    clock.set(uk(2026, 11, 23, 12, 0))
    seed(db, clock.now())
    with unit_of_work(db) as uow:
        service = uow.services.get(1)
        assert service is not None
        service.quiet_start_hour, service.quiet_end_hour = 12, 14
    open_request(db, clock.now(), Urgency.TODAY)  # due 13:00
    clock.set(uk(2026, 11, 23, 13, 0))
    assert escalation_sweep(db, clock) == 1
    assert by_kind(db)["escalate.young_person.urgent"].not_before == uk(2026, 11, 23, 14, 0)


def test_without_a_managers_group_the_coordinators_get_the_card(db, clock) -> None:
    seed(db, clock.now(), groups=(GroupPurpose.COORDINATORS,))
    _, card_id = open_request(db, clock.now(), Urgency.TODAY)
    clock.advance(timedelta(hours=1))
    assert escalation_sweep(db, clock) == 1
    rows = by_kind(db)
    assert set(rows) == {"escalate.managers_card", "escalate.young_person.team.urgent"}
    card = rows["escalate.managers_card"]
    assert card.chat_id == COORDINATORS and card.target_outbox_id == card_id
    young = rows["escalate.young_person.team.urgent"]
    # No manager was told, so the young person is not told one was.
    assert "manager" not in young.text and "reminded the team" in young.text
    assert "999" in young.text and "116 123" in young.text


def test_managers_group_only(db: Database, clock: FakeClock) -> None:
    seed(db, clock.now(), groups=(GroupPurpose.MANAGERS,))
    open_request(db, clock.now())
    clock.advance(timedelta(days=1))
    assert escalation_sweep(db, clock) == 1
    assert set(by_kind(db)) == {"escalate.managers_card", "escalate.young_person"}


def test_no_staff_group_tells_the_young_person_to_call(db: Database, clock: FakeClock) -> None:
    seed(db, clock.now(), groups=())
    request_id, _ = open_request(db, clock.now())
    clock.advance(timedelta(days=1))
    assert escalation_sweep(db, clock) == 1
    assert escalation_sweep(db, clock) == 0
    young = by_kind(db)["escalate.young_person.no_team"]
    assert "manager" not in young.text and "call or text" in young.text
    assert request_row(db, request_id).escalated_at is not None


@pytest.mark.parametrize("change", ["unreachable", "not_active", "no_telegram"])
def test_no_message_to_a_young_person_who_cannot_get_it(db, clock, change: str) -> None:
    seed(db, clock.now())
    open_request(db, clock.now())
    with unit_of_work(db) as uow:
        young = uow.session.exec(select(YoungPerson)).one()
        if change == "unreachable":
            young.unreachable = True
        elif change == "not_active":
            young.status = CaseStatus.DECLINED
        else:
            young.telegram_user_id = None
    clock.advance(timedelta(days=1))
    assert escalation_sweep(db, clock) == 1
    assert set(by_kind(db)) == {"escalate.managers_card", "escalate.group_note"}


def test_a_crash_mid_way_leaves_nothing_and_the_next_run_escalates(
    db: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(db, clock.now())
    first, _ = open_request(db, clock.now())
    second, _ = open_request(db, clock.now() + timedelta(minutes=1))
    clock.advance(timedelta(days=2))
    real = escalation.next_allowed
    calls = {"n": 0}

    def crash_once(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("power cut")
        return real(*args, **kwargs)

    monkeypatch.setattr(escalation, "next_allowed", crash_once)
    assert escalation_sweep(db, clock) == 1  # the first failed, the second went through
    assert request_row(db, first).escalated_at is None
    assert {row.idempotency_key.split(":")[-1] for row in sent(db)} == {
        "managers",
        "note",
        "young_person",
    }
    assert all(row.idempotency_key.startswith(f"escalate:{second}:") for row in sent(db))
    assert escalation_sweep(db, clock) == 1
    assert escalation_sweep(db, clock) == 0
    assert len(sent(db)) == 6


def test_several_workers_at_once_send_one_set(db: Database, clock: FakeClock) -> None:
    seed(db, clock.now())
    for minute in range(5):
        open_request(db, clock.now() + timedelta(minutes=minute))
    clock.advance(timedelta(days=2))
    results: list[int] = []

    def worker() -> None:
        results.append(escalation_sweep(db, clock))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 5
    assert len(sent(db)) == 15
    assert escalation_sweep(db, clock) == 0


def test_a_reopened_request_can_be_escalated_again(db: Database, clock: FakeClock) -> None:
    clock.set(uk(2026, 11, 23, 12, 0))
    seed(db, clock.now())
    request_id, _ = open_request(db, clock.now(), Urgency.TODAY)
    clock.set(uk(2026, 11, 23, 13, 0))
    assert escalation_sweep(db, clock) == 1
    clock.set(uk(2026, 11, 24, 10, 0))
    with unit_of_work(db) as uow:  # closed, then reopened as the support flow does
        request = uow.session.get(SupportRequest, request_id)
        service = uow.services.get(1)
        assert request is not None and service is not None
        request.escalated_at = None
        request.escalate_at = response_due(service, request.urgency, clock.now())
    clock.set(uk(2026, 11, 24, 11, 30))  # 30 minutes late this time
    assert escalation_sweep(db, clock) == 1
    assert escalation_sweep(db, clock) == 0
    cards = [row for row in sent(db) if row.kind == "escalate.managers_card"]
    assert len(sent(db)) == 6 and len(cards) == 2
    assert "1 h 30 min" in cards[1].text


def test_waited_label() -> None:
    assert waited_label(45) == "45 min"
    assert waited_label(480) == "8 h"
    assert waited_label(90) == "1 h 30 min"


def test_the_sweep_runs_every_minute() -> None:
    sweep, seconds = SWEEPS["escalation"]
    assert sweep is escalation_sweep and seconds == 60
