"""Issue 14 leftovers from the young person's trial, over HTTP on both frameworks (h-flows).

Monday 23 November 2026, 12:00 in London (the fixtures' clock) is working time.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from storage.db import Database
from storage.models import SupportRequest
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, SAM, buttons
from tests.support.journeys import YoungPerson, settle, talking, thread_texts, wait_group

HIGH = "i want to kill myself"
RETRACT = "wait no im not gonna do anything stupid i just meant im sad"


async def test_words_after_an_alert_reach_the_alert_without_asking(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        money, menu = await talking(standin, db, alex, kent["alex"].code)
        await alex.tap(menu, "Talk to someone", 1)
        talk_card = await wait_group(standin, db, "would like to talk to someone")
        standin.user_sends(SAM, "I'm here. What's up?", GROUP, talk_card["message_id"])
        await alex._wait(1)
        await settle(standin, db)
        await alex.send("/menu", 1)  # two threads Sam wrote in, and Alex on the menu
        clock.advance(timedelta(minutes=2))
        [crisis] = await alex.send(HIGH, 1)
        assert "116 123" in crisis["text"]
        urgent = await wait_group(standin, db, "may be in danger")
        clock.advance(timedelta(minutes=1))
        [ack] = await alex.send(RETRACT, 1)
        assert "Who is this message for?" not in ack["text"]
        assert ack["text"].startswith("Sent to Sam ✓")
        said = await wait_group(standin, db, RETRACT)
        assert said["reply_to_message"]["message_id"] == urgent["message_id"]
        standin.user_sends(ALEX, "sorry")  # the same burst: no second tick
        await wait_group(standin, db, "sorry")
        await settle(standin, db)
        assert len(standin.bot_messages(ALEX)) == alex.seen
        # Sam answers on the alert's card, and it reaches Alex as in any thread.
        standin.user_sends(SAM, "Thanks for telling me, Alex", GROUP, urgent["message_id"])
        [relayed] = await alex._wait(1)
        assert "Thanks for telling me, Alex" in relayed["text"]
        await settle(standin, db)
    texts = thread_texts(standin, urgent["message_id"])
    assert any(RETRACT in text for text in texts) and any("sorry" in t for t in texts)
    money_card = await wait_group(standin, db, f"Request {money}")
    assert not any(RETRACT in text for text in thread_texts(standin, money_card["message_id"]))


async def test_a_feeling_in_a_thread_gets_a_warm_tick_once_per_burst(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        _money, _menu = await talking(standin, db, alex, kent["alex"].code)
        [ack] = await alex.send("i feel really low tbh", 1)
        assert ack["text"] == (
            "Sent to Sam ✓ Thanks for telling them how you feel. Sam will answer when they can."
        )
        clock.advance(timedelta(seconds=30))
        standin.user_sends(ALEX, "so lonely")
        await wait_group(standin, db, "so lonely")
        await settle(standin, db)
        assert len(standin.bot_messages(ALEX)) == alex.seen  # once per burst


async def test_closing_says_what_was_agreed_and_one_tap_opens_it_again(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    outcome = "£30 emergency fund agreed, phone call booked Mon 2pm"
    async with run_bot():
        ref, _menu = await talking(standin, db, alex, kent["alex"].code)
        card = await wait_group(standin, db, f"Request {ref}")
        card = standin.messages(GROUP)[card["message_id"] - 1]
        standin.user_presses(SAM, card["message_id"], buttons(card)["Close"], chat_id=GROUP)
        prompt = await wait_group(standin, db, "one line on how")
        standin.user_sends(SAM, outcome, GROUP, prompt["message_id"])
        [closed] = await alex._wait(1)
        assert closed["text"].startswith(f"Sam has closed your Money request ({ref}).")
        assert f"Sam wrote: “{outcome}”" in closed["text"]
        [again] = await alex.tap(closed, "Open it again", 1)
        assert "Open it again" not in buttons(again)  # one tap, not two
        assert "Now: open again" in again["text"] and "Now: sent" not in again["text"]
        [menu] = await alex.send("/menu", 1)
        [mine] = await alex.tap(menu, "My requests", 1)
        assert f"{ref} · Money · open again" in buttons(mine)


async def test_the_lead_question_comes_last_and_a_typed_yes_sends_it(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        joined = len(standin.bot_messages(GROUP))
        people = await alex.open_people(menu)
        await alex.tap(people, "➕ Add someone", 1)
        q = (await alex.send("Mark", 1))[0]
        q = (await alex.tap(q, "Dad", 1))[0]
        q = (await alex.tap(q, "Yes, that's right", 1))[0]
        q = (await alex.tap(q, "Skip", 1))[0]
        q = (await alex.tap(q, "Lost touch", 1))[0]
        added, strength, listing, ask = await alex.tap(q, "Yes", 4)
        assert "Done! I've added Mark" in added["text"]
        assert "Let's find the people in your corner" in strength["text"]
        assert "should have" not in strength["text"]
        assert "Mark — Dad" in buttons(listing)
        assert "Shall I send them this" in ask["text"]
        assert set(buttons(ask)) == {"Send", "Don't send"}
        [sent] = await alex.send("ye send it", 1)
        assert sent["text"] == "Sent to Sam, your Lifelong Links worker ✓"
        lead = (await standin.wait_for_bot_messages(GROUP, joined + 1))[-1]
    assert "Family-finding lead" in lead["text"] and "lost touch with their dad" in lead["text"]


async def test_my_data_counts_requests_chats_and_alerts_apart(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        _ref, menu = await talking(standin, db, alex, kent["alex"].code)  # one request
        await alex.tap(menu, "Talk to someone", 1)  # one chat
        await alex.send("/menu", 1)
        [crisis] = await alex.send(HIGH, 1)  # one safety alert
        assert "116 123" in crisis["text"]
        [data] = await alex.send("/data", 1)
        summary, _document, _again = await alex.tap(data, "What you hold about me", 3)
    with unit_of_work(db) as uow:
        kinds = [row.kind for row in uow.session.exec(select(SupportRequest)).all()]
    assert sorted(k.value for k in kinds) == ["alert", "request", "talk"]
    assert "• Requests for support: 1" in summary["text"]
    assert "• Chats with your Lifelong Links worker: 1" in summary["text"]
    assert "• Safety alerts to your Lifelong Links worker: 1" in summary["text"]
