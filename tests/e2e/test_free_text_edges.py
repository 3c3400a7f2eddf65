"""Bad input over HTTP through both frameworks (issue 14, "Bad input").

Replies to very old messages, edits of messages sent before a thread closed, text in
scripts the language layer doesn't read (Amharic, Tigrinya, Arabic) and 4,096 characters
or more: each is answered kindly, in one message where it is a short answer, and nothing
the young person wrote is lost or sent where they didn't mean it to go.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from sqlmodel import select

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from storage.db import Database
from storage.models import Person, RequestStatus, SupportRequest
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, SAM, buttons
from tests.support.journeys import (
    YoungPerson,
    ask_for_support,
    group_messages,
    outbox_settled,
    sam_answers,
    wait_group,
)

Message = dict[str, Any]
MENU = {"My people", "My plan", "Ask for support", "My requests", "My data", "Help"}
OTHER_SCRIPTS = {
    "amharic": ("ሰላም፣ እንዴት ነህ? ዛሬ በጣም ደክሞኛል።", "አበበ"),
    "tigrinya": ("ከመይ ኣለኻ? ሎሚ ብዙሕ ደኺመ።", "ሃብቶም"),
    "arabic": ("مرحبا، كيف حالك؟ أنا متعب جدا اليوم.", "محمد"),
}


async def settle(standin: BotApiStandIn, db: Database) -> None:
    """Every update handled and every queued message sent."""
    await standin.wait_idle()
    await standin.wait_until(lambda: outbox_settled(db))


async def sam_closes(standin: BotApiStandIn, db: Database, alex: YoungPerson, ref: str) -> None:
    """Sam closes the request from its card; Alex is told."""
    card = await wait_group(standin, db, f"Request {ref}")
    standin.user_presses(SAM, card["message_id"], buttons(card)["Close"], chat_id=GROUP)
    prompt = await wait_group(standin, db, "one line on how")
    standin.user_sends(SAM, "Sorted", GROUP, prompt["message_id"])
    [closed] = await alex._wait(1)
    assert "has closed your Money request" in closed["text"]
    await settle(standin, db)


def request_rows(db: Database) -> list[SupportRequest]:
    with unit_of_work(db) as uow:
        rows = list(uow.session.exec(select(SupportRequest).order_by(SupportRequest.id)).all())
        uow.session.expunge_all()
        return rows


def group_text(standin: BotApiStandIn) -> str:
    return "\n".join(m.get("text") or "" for m in group_messages(standin))


# --- replies to very old messages ------------------------------------------------------------
async def test_replies_to_very_old_messages(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        ref, _ = await ask_for_support(alex, menu, "I can't pay my gas bill")
        asked = await sam_answers(standin, db, alex, ref, "Can I call you at 2?")

        clock.advance(timedelta(days=60))
        # A reply to the menu from two months ago: read as what it says, with the buttons of
        # the screen they are on.
        standin.user_sends(ALEX, "hi", reply_to_message_id=menu["message_id"])
        [hello] = await alex._wait(1)
        assert hello["text"].startswith("Hi 👋") and "Menu" in buttons(hello)
        # A reply to Sam's two-month-old message: still goes to Sam, in the request's thread.
        standin.user_sends(ALEX, "sorry only just seen this, 2 is fine", ALEX, asked["message_id"])
        [ack] = await alex._wait(1)
        assert "Sent to Sam" in ack["text"]
        relayed = await wait_group(standin, db, "only just seen this")
        card = await wait_group(standin, db, f"Request {ref}")
        assert relayed["reply_to_message"]["message_id"] == card["message_id"]

        # Once the request is closed, a reply to that old message says so, with a way back.
        await sam_closes(standin, db, alex, ref)
        standin.user_sends(ALEX, "one more thing", ALEX, asked["message_id"])
        [closed] = await alex._wait(1)
        assert f"{ref} is closed, so I didn't send that" in closed["text"]
        [reopened] = await alex.tap(closed, "Open it again", 1)  # the request, right there
        assert "open again" in reopened["text"]
        await settle(standin, db)
    assert "one more thing" not in group_text(standin)
    assert [r.status for r in request_rows(db)] == [RequestStatus.SENT]


# --- edits of messages sent before a thread closed -------------------------------------------
async def test_an_edit_after_the_thread_closed_is_not_lost(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        ref, _ = await ask_for_support(alex, menu, "I can't pay my gas bill")
        await sam_answers(standin, db, alex, ref, "Can I call you at 2?")
        mine = standin.user_sends(ALEX, "ok see you at 2")
        [ack] = await alex._wait(1)
        assert ack["text"] == "Sent to Sam ✓"
        await wait_group(standin, db, "ok see you at 2")
        await sam_closes(standin, db, alex, ref)

        standin.user_edits(ALEX, mine["message_id"], "ok see you at 3")
        [told] = await alex._wait(1)
        assert "Your chat with Sam is closed, so I didn't send your change" in told["text"]
        assert set(buttons(told)) == {"Open it again", "Talk to someone", "Menu"}
        await settle(standin, db)
        assert "see you at 3" not in group_text(standin)

        # Opened again, the same edit made once more reaches Sam, marked as edited.
        [reopened] = await alex.tap(told, "Open it again", 1)  # one tap is enough
        assert "open again" in reopened["text"]
        standin.user_edits(ALEX, mine["message_id"], "ok see you at 3 instead")
        edited = await wait_group(standin, db, "see you at 3 instead")
        assert "edited" in edited["text"]


# --- text in other scripts -----------------------------------------------------------------------
async def test_text_in_other_scripts_is_kept_exactly(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        for words, _ in OTHER_SCRIPTS.values():
            # Not understood: one short line and the menu's buttons, never an error.
            [answer] = await alex.send(words, 1)
            assert "didn't quite get that" in answer["text"] and set(buttons(answer)) >= MENU
        for _, name in OTHER_SCRIPTS.values():
            # As a name, kept as typed.
            people = await alex.open_people(menu)
            await alex.tap(people, "➕ Add someone", 1)
            [who] = await alex.send(name, 1)
            assert f"Who is {name} to you?" in who["text"]
            [menu] = await alex.send("/menu", 1)
        # In a request, kept exactly; and in the thread with Sam, relayed whole.
        amharic, tigrinya, arabic = (words for words, _ in OTHER_SCRIPTS.values())
        ref, _ = await ask_for_support(alex, menu, amharic)
        await sam_answers(standin, db, alex, ref, "Can I call you at 2?")
        [ack] = await alex.send(tigrinya, 1)
        assert ack["text"] == "Sent to Sam ✓"
        standin.user_sends(ALEX, arabic)
        await wait_group(standin, db, arabic)
        await settle(standin, db)
        assert tigrinya in group_text(standin)
    [request] = request_rows(db)
    assert request.text == amharic
    with unit_of_work(db) as uow:
        assert uow.session.exec(select(Person)).all() == []  # half-added people aren't kept


# --- 4,096 characters and more --------------------------------------------------------------------
async def test_4096_characters_and_more(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    exactly = ("a" * 4095) + "!"
    long = " ".join(f"n{i}" for i in range(1200))  # about 6,000 characters
    assert len(exactly) == 4096 and len(long) > 4096
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        for words in (exactly, long):
            # Off-script at the menu: one short line, not the long text back, not an error.
            [answer] = await alex.send(words, 1)
            assert len(answer["text"]) < 200 and set(buttons(answer)) >= MENU
        # As a request's words: kept whole.
        ref, _ = await ask_for_support(alex, menu, long)
        # In a thread with Sam: relayed in parts of at most 4,096, in order, nothing lost.
        await sam_answers(standin, db, alex, ref, "Can I call you at 2?")
        reply = " ".join(f"r{i}" for i in range(1200))
        [ack] = await alex.send(reply, 1)
        assert ack["text"] == "Sent to Sam ✓"
        await standin.wait_until(lambda: "r1199" in group_text(standin))
        await settle(standin, db)
    [request] = request_rows(db)
    assert request.text == long
    assert re.findall(r"\br\d+\b", group_text(standin)) == [f"r{i}" for i in range(1200)]
    assert all(len(m.get("text") or "") <= 4096 for m in group_messages(standin))
    assert all(len(m.get("text") or "") <= 4096 for m in standin.bot_messages(ALEX))
