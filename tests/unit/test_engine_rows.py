"""Rows written and read with Core on the engine's hot path behave as the ORM's did.

See storage/rows.py and docs/perf/2026-12-08-engine-round3.md: outbox rows and support
requests are inserted with Core and attached as loaded objects; rows queued to go in with a
later INSERT are never left out; several rows get their ids in the order they were queued.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

import storage.support as support_storage
from dialogs.core.clock import FakeClock
from dialogs.staff.admin import create_invite, create_service
from storage.db import Database
from storage.models import (
    OutboxMessage,
    OutboxStatus,
    RelayRole,
    SupportCategory,
    SupportRequest,
    Urgency,
    YoungPerson,
)
from storage.uow import unit_of_work


def _case(db: Database, clock: FakeClock) -> int:
    with unit_of_work(db) as uow:
        create_service(uow, "rows", "Rows", clock.now(), 90, 16)
        invite = create_invite(uow, "rows", "Alex", date(2007, 5, 1), clock.now())
        case = uow.session.exec(
            select(YoungPerson).where(YoungPerson.reference == invite.reference)
        ).one()
        assert case.id is not None
        return case.id


def _queue(uow: object, key: str, clock: FakeClock, **kwargs: object) -> OutboxMessage:
    return uow.outbox.enqueue(  # type: ignore[attr-defined, no-any-return]
        chat_id=42, text=f"hello {key}", kind="test", idempotency_key=key, now=clock.now(), **kwargs
    )


def test_a_queued_row_is_a_loaded_object_in_the_session(db: Database, clock: FakeClock) -> None:
    with unit_of_work(db) as uow:
        row = _queue(uow, "one", clock, buttons=[[("Yes", "y")]])
        assert row.id is not None and row.status == OutboxStatus.PENDING and row.attempts == 0
        assert uow.session.get(OutboxMessage, row.id) is row
        row.status = OutboxStatus.FAILED  # a later change is an UPDATE
    with unit_of_work(db) as uow:
        [stored] = uow.session.exec(select(OutboxMessage)).all()
        assert stored.status == OutboxStatus.FAILED
        assert stored.text == "hello one" and stored.buttons == '[[["Yes", "y"]]]'


def test_rows_queued_together_get_ids_in_their_order(db: Database, clock: FakeClock) -> None:
    with unit_of_work(db) as uow:
        _queue(uow, "before", clock)
        rows = [_queue(uow, f"k{n}", clock, flush=False) for n in range(5)]
        assert all(row.id is None for row in rows)
        uow.outbox.flush()
        assert [row.id for row in rows] == sorted(row.id for row in rows if row.id is not None)
        due = [row_id for row_id, _ in uow.outbox.due_now]
    with unit_of_work(db) as uow:
        stored = uow.session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [row.idempotency_key for row in stored] == ["before", *(f"k{n}" for n in range(5))]
        assert [row.text for row in stored[1:]] == [f"hello k{n}" for n in range(5)]
        assert due == [row.id for row in stored]


def test_a_row_left_for_a_later_insert_goes_in_at_the_commit(
    db: Database, clock: FakeClock
) -> None:
    told: list[int] = []
    with unit_of_work(db) as uow:
        row = _queue(uow, "late", clock, flush=False, on_id=told.append)
    assert row.id is not None and told == [row.id]
    with unit_of_work(db) as uow:
        assert uow.session.get(OutboxMessage, row.id) is not None


def test_a_taken_reference_is_never_reused(
    db: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = _case(db, clock)
    picks = iter(["R-TAKE", "R-TAKE", "R-FREE"])
    monkeypatch.setattr(support_storage, "_reference", lambda size: next(picks))
    requests = []
    for _ in range(2):
        with unit_of_work(db) as uow:
            case = uow.session.get(YoungPerson, case_id)
            assert case is not None
            request = uow.support.create(
                case,
                SupportCategory.MONEY,
                Urgency.WEEK,
                "words",
                [],
                True,
                clock.now(),
                clock.now(),
            )
            assert uow.support.own(case, request.id or 0) is request
            uow.support.set_card(request, 7)
            requests.append((request.id, request.reference, request.card_outbox_id))
    assert [reference for _, reference, _ in requests] == ["R-TAKE", "R-FREE"]
    with unit_of_work(db) as uow:
        stored = uow.session.exec(select(SupportRequest).order_by(SupportRequest.id)).all()
        assert [(r.id, r.reference, r.card_outbox_id) for r in stored] == requests
        assert stored[0].text == "words" and stored[0].share_text


def test_a_request_is_read_with_the_chat_of_its_card(db: Database, clock: FakeClock) -> None:
    case_id = _case(db, clock)
    with unit_of_work(db) as uow:
        case = uow.session.get(YoungPerson, case_id)
        assert case is not None
        request = uow.support.create(
            case, SupportCategory.MONEY, Urgency.WEEK, None, [], False, clock.now(), clock.now()
        )
        card = _queue(uow, "card", clock, relay=(request.id, RelayRole.CARD))
        uow.support.set_card(request, card.id)
        request_id = request.id or 0
    with unit_of_work(db) as uow:
        case = uow.session.get(YoungPerson, case_id)
        assert case is not None
        loaded = uow.support.own(case, request_id)
        assert loaded is not None and loaded.card_outbox_id == card.id
        assert uow.support.card_chat(loaded) == 42
        assert uow.support.own(case, request_id) is loaded
        assert uow.support.own(case, 999_999) is None
