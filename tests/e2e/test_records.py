"""Issue 17 over HTTP through both frameworks: the audit trail of /case, and a life milestone
reaching the young person (after quiet hours) and its card reaching the coordinators' group."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import col, select

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from scheduler.milestones import milestone_sweep
from storage.db import Database
from storage.models import AuditEvent, OutboxMessage, OutboxStatus
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, SAM, buttons
from tests.support.journeys import YoungPerson as User  # drives any private chat

# Alex (born 1 May 2008) turns 21 on 1 May 2029: three months before is 1 February 2029.
SOON = datetime(2029, 2, 1, 7, 30, tzinfo=UTC)  # 07:30 GMT: still quiet hours
MORNING = datetime(2029, 2, 1, 9, 0, tzinfo=UTC)


async def test_case_leaves_an_audit_row_naming_the_coordinator(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    sam = User(standin, SAM)
    reference = kent["alex"].reference
    async with run_bot():
        [summary] = await sam.send(f"/case {reference}", 1)
    assert reference in summary["text"]
    with unit_of_work(db) as uow:
        case = uow.cases.by_reference(1, reference)
        staff = uow.staff.in_service(1, SAM)
        assert case is not None and staff is not None
        [view] = uow.session.exec(select(AuditEvent).where(AuditEvent.action == "case_viewed"))
        assert (view.actor, view.staff_id, view.young_person_id) == ("staff", staff.id, case.id)
        assert view.service_id == case.service_id and view.created_at == clock.now()


async def test_a_milestone_reaches_the_young_person_and_the_card_the_group(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    alex = User(standin, ALEX)
    async with run_bot():
        await alex.join(kent["alex"].code)
        cards_before = len(standin.bot_messages(GROUP))
        clock.set(SOON)
        assert milestone_sweep(db, clock) == 1
        with unit_of_work(db) as uow:
            [row] = uow.session.exec(
                select(OutboxMessage).where(OutboxMessage.kind == "milestone.21.soon")
            )
            # Held by quiet hours: nothing goes to Alex before 09:00.
            assert row.status == OutboxStatus.PENDING and row.not_before == MORNING
        clock.set(MORNING)
        [message] = await alex._wait(1)
        assert "You turn 21 in 3 months" in message["text"]
        assert "personal adviser until you are 25" in message["text"]
        assert list(buttons(message)) == ["Ask for support", "Menu"]
        await standin.wait_until(lambda: len(standin.bot_messages(GROUP)) > cards_before)
        [card] = standin.bot_messages(GROUP)[cards_before:]
        assert "turns 21 on 1 May 2029, in 3 months" in card["text"]
        assert kent["alex"].reference in card["text"] and "Alex" in card["text"]
        # Never a dead end: the button opens Ask for support.
        [ask] = await alex.tap(message, "Ask for support", 1)
        assert "What do you need help with?" in ask["text"]
        assert milestone_sweep(db, clock) == 0  # once
    with unit_of_work(db) as uow:
        kinds = uow.session.exec(
            select(OutboxMessage.kind).where(col(OutboxMessage.kind).like("milestone%"))
        ).all()
    assert sorted(kinds) == ["milestone.21.soon", "milestone.card.soon"]
