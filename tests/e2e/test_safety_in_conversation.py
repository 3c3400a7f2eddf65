"""Alarm and feelings inside a live conversation, over HTTP (trial findings 3 and 8).

Alex is talking with Sam in a *Talk to someone* thread when they write something the safety
net flags; or says how they feel, in working hours and on a Sunday night.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from storage.db import Database
from storage.models import RequestKind, RequestStatus, SupportRequest
from storage.uow import unit_of_work
from tests.e2e.conftest import GROUP, SAM, buttons
from tests.support.journeys import YoungPerson, outbox_settled, talk_thread, wait_group

LONDON = ZoneInfo("Europe/London")
HIGH = "i want to kill myself"


def uk(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON).astimezone(UTC)


def threads(db: Database) -> dict[RequestKind, SupportRequest]:
    with unit_of_work(db) as uow:
        rows = uow.session.exec(select(SupportRequest).order_by(SupportRequest.id)).all()
        return {row.kind: row for row in rows}


async def sam_answers(
    standin: BotApiStandIn, alex: YoungPerson, card: dict[str, Any], words: str
) -> None:
    standin.user_sends(SAM, words, GROUP, card["message_id"])
    [relayed] = await alex._wait(1)
    assert words in relayed["text"]


async def test_an_alarm_in_a_live_chat_reaches_the_worker_there(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        card, _ = await talk_thread(standin, db, alex, menu, "can we talk")
        await sam_answers(standin, alex, card, "Of course. What's going on?")
        await alex.send("/menu", 1)
        clock.advance(timedelta(minutes=4))
        [reply] = await alex.send(HIGH, 1)
        assert "116 123" in reply["text"] and "999" in reply["text"]
        assert "I've told Sam, your Lifelong Links worker, right now" in reply["text"]
        assert "back" not in reply["text"]
        # In the thread Sam is reading, marked for Sam, with the words (Alex shares).
        flagged = await wait_group(standin, db, "safety net flagged this message")
        assert flagged["reply_to_message"]["message_id"] == card["message_id"]
        assert HIGH in flagged["text"]
        urgent = await wait_group(standin, db, "may be in danger")
        talk, alert = threads(db)[RequestKind.TALK], threads(db)[RequestKind.ALERT]
        assert f"talking with Sam in {talk.reference}" in urgent["text"]
        assert alert.reference in flagged["text"]

        # Sam closes the alert: Alex is told what was closed, and the chat goes on.
        standin.user_presses(SAM, urgent["message_id"], buttons(urgent)["Close"], chat_id=GROUP)
        prompt = await wait_group(standin, db, "one line on how")
        standin.user_sends(SAM, "not at risk, we are talking", GROUP, prompt["message_id"])
        [closed] = await alex._wait(1)
        assert "Sam has marked your worry as dealt with" in closed["text"]
        assert "closed this chat" not in closed["text"]
        [ack] = await alex.send("wait did u just leave", 1)
        assert "Sent to Sam" in ack["text"]
        still = await wait_group(standin, db, "wait did u just leave")
        assert still["reply_to_message"]["message_id"] == card["message_id"]
    kinds = threads(db)
    assert kinds[RequestKind.TALK].status.is_open
    assert kinds[RequestKind.ALERT].status == RequestStatus.CLOSED


async def test_sunday_night_a_worker_who_just_wrote_is_told_now(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    clock.set(uk(2026, 11, 29, 21, 30))  # Sunday night: out of hours
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        [talk] = await alex.tap(menu, "Talk to someone", 1)
        assert "back tomorrow at 9:00" in talk["text"]
        card = await wait_group(standin, db, "would like to talk to someone")
        await sam_answers(standin, alex, card, "I saw this, I'm about for a bit")
        clock.advance(timedelta(minutes=5))
        sent, reply = await alex.send(HIGH, 2)  # typed in the thread, to Sam
        assert "Sent to" in sent["text"]
        assert "right now" in reply["text"] and "out of working hours" in reply["text"]
        assert "They're back tomorrow at 9:00. Until then" not in reply["text"]
        flagged = await wait_group(standin, db, "flagged Alex's message above")
        assert flagged["reply_to_message"]["message_id"] == card["message_id"]
        said = await wait_group(standin, db, HIGH)
        assert said["reply_to_message"]["message_id"] == card["message_id"]


async def test_feelings_on_a_sunday_night_are_honest_about_when(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    clock.set(uk(2026, 11, 29, 21, 40))
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        for words in ("i feel really low tbh", "😭😭😭"):
            [answer] = await alex.send(words, 1)
            if words == "😭😭😭":  # soon after the first: a short line, not the same paragraph
                assert "I'm still here" in answer["text"] and "116 123" in answer["text"]
            else:
                assert "Sam, your Lifelong Links worker, is back tomorrow at 9:00" in answer["text"]
                assert "116 123" in answer["text"] and "85258" in answer["text"]
            labels = [b["text"] for row in answer["reply_markup"]["inline_keyboard"] for b in row]
            assert labels.count("Talk to someone") == 1
            menu = answer
        # In the talk thread: "Sent", then one line on when, once per burst.
        await alex.tap(menu, "Talk to someone", 1)
        sent, line = await alex.send("i feel really low tbh", 2)
        assert "Sent to" in sent["text"]
        assert "tomorrow at 9:00" in line["text"] and "85258" in line["text"]
        standin.user_sends(alex.user, "like really sad")
        await wait_group(standin, db, "like really sad")
        await standin.wait_until(lambda: outbox_settled(db))
        await standin.wait_idle()
        assert len(standin.bot_messages(alex.user)) == alex.seen  # nothing more said


async def test_a_feeling_in_working_hours_says_the_worker_can_talk_today(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)
        [answer] = await alex.send("i feel really low tbh", 1)
        assert "Sam, your Lifelong Links worker, can talk today" in answer["text"]
        labels = [b["text"] for row in answer["reply_markup"]["inline_keyboard"] for b in row]
        assert labels.count("Talk to someone") == 1
