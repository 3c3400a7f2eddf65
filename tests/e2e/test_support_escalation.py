"""Escalation over HTTP: unpicked requests go to the managers after working time, once.

The clock is fake and the sweep is run by the test at chosen moments, as the scheduler would
run it; everything else (the young person, the groups, the outbox) goes through the real
adapter and the Bot API stand-in.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from dialogs.staff.admin import add_staff, create_link_code
from scheduler.escalation import escalation_sweep
from storage.db import Database
from storage.models import (
    AuditEvent,
    GroupPurpose,
    OutboxMessage,
    OutboxStatus,
    RequestStatus,
    StaffRole,
    SupportRequest,
)
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, SAM, buttons
from tests.support.journeys import YoungPerson, ask_for_support, outbox_settled, wait_group

MORGAN = 1004  # Kent's manager
MANAGERS = -100700
LONDON = ZoneInfo("Europe/London")
NUMBERS = ("999", "116 123", "85258", "0800 1111")
LATE = "is taking longer than we hoped"


def uk(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON).astimezone(UTC)


@pytest.fixture
def clock() -> FakeClock:
    """Friday 28 August 2026, 16:30: Monday 31 August is the summer bank holiday."""
    return FakeClock(uk(2026, 8, 28, 16, 30))


@pytest.fixture
def managers(standin: BotApiStandIn, db: Database, clock: FakeClock, kent: Any) -> str:
    """Kent's manager, a managers' group (not linked yet) and a code to link it with."""
    standin.add_user(MORGAN, "Morgan")
    standin.add_group(MANAGERS, "Kent managers", member_ids=[MORGAN, SAM])
    with unit_of_work(db) as uow:
        add_staff(uow, "kent", MORGAN, "Morgan", StaffRole.MANAGER, clock.now())
        made = create_link_code(uow, "kent", GroupPurpose.MANAGERS, clock.now(), timedelta(days=7))
        return made.code


def requests(db: Database) -> dict[str, SupportRequest]:
    with unit_of_work(db) as uow:
        return {r.reference: r for r in uow.session.exec(select(SupportRequest)).all()}


def escalation_rows(db: Database) -> list[OutboxMessage]:
    with unit_of_work(db) as uow:
        rows = uow.session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        return [row for row in rows if row.kind.startswith("escalate.")]


def texts(standin: BotApiStandIn, chat: int) -> list[str]:
    return [m.get("text") or "" for m in standin.bot_messages(chat)]


async def settle(standin: BotApiStandIn, db: Database) -> None:
    """Everything due has been sent and the bot has answered every update."""
    await standin.wait_until(lambda: outbox_settled(db))
    await standin.wait_idle()


async def sweep_at(standin: BotApiStandIn, db: Database, clock: FakeClock, when: datetime) -> int:
    """Move the clock (only once nothing is on its way) and run the sweep there."""
    await settle(standin, db)
    clock.set(when)
    return escalation_sweep(db, clock)


async def link_managers(standin: BotApiStandIn, db: Database, code: str) -> None:
    standin.user_sends(MORGAN, f"/link {code}", MANAGERS)
    await wait_group(standin, db, "reports and alerts for Kent Lifelong Links", MANAGERS)


@pytest.mark.parametrize("framework", ["ptb"])
async def test_urgent_request_escalates_after_the_bank_holiday_weekend(
    standin: BotApiStandIn,
    run_bot,
    kent,
    managers: str,
    db: Database,
    clock: FakeClock,
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await link_managers(standin, db, managers)
        menu = await alex.join(kent["alex"].code)
        urgent, sent = await ask_for_support(
            alex, menu, "I have no money for food", "As soon as possible"
        )
        # One working hour: 30 minutes on Friday, then (the bank holiday Monday being off)
        # 30 minutes on Tuesday.
        assert "pick it up by Tuesday 1 September, 09:30" in sent["text"]
        assert "not at work right now" not in sent["text"]  # Friday 16:30 is working time
        card = await wait_group(standin, db, f"Request {urgent}")

        [menu] = await alex.send("/menu", 1)
        later, sent = await ask_for_support(alex, menu, "Help with a bus pass", "This week")
        assert "pick it up by Tuesday 1 September, 16:30" in sent["text"]
        later_card = await wait_group(standin, db, f"Request {later}")

        quiet_moments = [
            uk(2026, 8, 28, 17, 30),  # Friday after work
            uk(2026, 8, 29, 12, 0),  # Saturday
            uk(2026, 8, 30, 12, 0),  # Sunday
            uk(2026, 8, 31, 12, 0),  # the bank holiday
            uk(2026, 9, 1, 9, 0),  # Tuesday, work starts
        ]
        for moment in quiet_moments:
            assert await sweep_at(standin, db, clock, moment) == 0, moment

        # Sam picks the second request up before it is due.
        clock.set(uk(2026, 9, 1, 9, 10))
        standin.user_presses(
            SAM, later_card["message_id"], buttons(later_card)["Pick up"], chat_id=GROUP
        )
        [told] = await alex._wait(1)
        assert f"Sam is looking at your request {later}" in told["text"]

        assert await sweep_at(standin, db, clock, uk(2026, 9, 1, 9, 29)) == 0
        assert escalation_rows(db) == []
        assert await sweep_at(standin, db, clock, uk(2026, 9, 1, 9, 31)) == 1

        late = await wait_group(standin, db, f"Late request: {urgent}", MANAGERS)
        assert "Help with: money. Needed: as soon as possible (urgent)." in late["text"]
        assert "(Alex)" in late["text"] and "from KENT-" in late["text"]
        assert "Sent Friday 16:30" in late["text"] and "waited 1 h 1 min" in late["text"]
        assert "no money for food" not in late["text"]  # never their words
        note = await wait_group(standin, db, f"Nobody picked up {urgent}")
        assert note["reply_to_message"]["message_id"] == card["message_id"]
        [honest] = await alex._wait(1)  # 09:31 is outside quiet hours: straight away
        assert LATE in honest["text"] and urgent in honest["text"]
        assert all(number in honest["text"] for number in NUMBERS)

        # Running the sweep again (or after a restart) sends nothing more.
        assert await sweep_at(standin, db, clock, uk(2026, 9, 1, 9, 32)) == 0
        assert await sweep_at(standin, db, clock, uk(2026, 9, 1, 17, 0)) == 0
        assert await sweep_at(standin, db, clock, uk(2026, 9, 2, 12, 0)) == 0
        await settle(standin, db)

    async with run_bot():
        assert await sweep_at(standin, db, clock, uk(2026, 9, 3, 12, 0)) == 0
        await settle(standin, db)

    assert sum(f"Late request: {urgent}" in text for text in texts(standin, MANAGERS)) == 1
    assert not any(later in text for text in texts(standin, MANAGERS))
    assert sum(f"Nobody picked up {urgent}" in text for text in texts(standin, GROUP)) == 1
    assert sum(LATE in text for text in texts(standin, ALEX)) == 1
    stored = requests(db)
    assert stored[urgent].escalated_at == uk(2026, 9, 1, 9, 31)
    assert stored[urgent].status == RequestStatus.SENT
    assert stored[later].escalated_at is None
    assert stored[later].status == RequestStatus.PICKED_UP
    assert {row.kind for row in escalation_rows(db)} == {
        "escalate.managers_card",
        "escalate.group_note",
        "escalate.young_person.urgent",
    }
    assert all(row.status == OutboxStatus.SENT for row in escalation_rows(db))
    with unit_of_work(db) as uow:
        actions = [a.action for a in uow.session.exec(select(AuditEvent)).all()]
    assert actions.count("request_escalated") == 1


@pytest.mark.parametrize("framework", ["ptb"])
async def test_christmas_and_a_late_sweep_respect_quiet_hours(
    standin: BotApiStandIn,
    run_bot,
    kent,
    managers: str,
    db: Database,
    clock: FakeClock,
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await link_managers(standin, db, managers)
        menu = await alex.join(kent["alex"].code)
        await settle(standin, db)
        clock.set(uk(2026, 12, 24, 16, 30))  # Christmas Eve, a Thursday
        ref, sent = await ask_for_support(alex, menu, "My heating is broken", "As soon as possible")
        # Christmas Day (Friday), the weekend and Boxing Day's substitute Monday are off.
        assert "pick it up by Tuesday 29 December, 09:30" in sent["text"]
        await wait_group(standin, db, f"Request {ref}")
        for moment in (
            uk(2026, 12, 25, 12, 0),
            uk(2026, 12, 26, 12, 0),
            uk(2026, 12, 27, 12, 0),
            uk(2026, 12, 28, 12, 0),
            uk(2026, 12, 29, 9, 29),
        ):
            assert await sweep_at(standin, db, clock, moment) == 0, moment

        # The bot was down all Tuesday; the first sweep runs at 21:30, in quiet hours.
        assert await sweep_at(standin, db, clock, uk(2026, 12, 29, 21, 30)) == 1
        # (Not wait_group: Alex's message is held, so the outbox does not settle yet.)
        await standin.wait_until(
            lambda: (
                any(f"Late request: {ref}" in text for text in texts(standin, MANAGERS))
                and any(f"Nobody picked up {ref}" in text for text in texts(standin, GROUP))
            )
        )
        [late] = [m for m in standin.bot_messages(MANAGERS) if ref in (m.get("text") or "")]
        # The hour it was given and the rest of Tuesday's working day (09:30-17:00).
        assert "waited 8 h 30 min" in late["text"] and "Sent Thursday 16:30" in late["text"]
        [to_alex] = [r for r in escalation_rows(db) if r.kind == "escalate.young_person.urgent"]
        assert to_alex.not_before == uk(2026, 12, 30, 9, 0)
        await standin.wait_idle()
        assert not any(LATE in text for text in texts(standin, ALEX))

        clock.set(uk(2026, 12, 30, 9, 0))  # quiet hours are over: the message goes out
        [honest] = await alex._wait(1)
        assert escalation_sweep(db, clock) == 0
        assert LATE in honest["text"] and "999" in honest["text"]
        await settle(standin, db)
    assert sum(f"Late request: {ref}" in text for text in texts(standin, MANAGERS)) == 1
