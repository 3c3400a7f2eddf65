"""Journeys the end-to-end tests share: Alex joins, then opens a thread or a lead.

Each step asserts what the young person is told on the way, so a test that starts with a
journey still proves it; what the test is about comes after.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.standin.server import BotApiStandIn
from storage.db import Database
from tests.e2e.conftest import GROUP, buttons
from tests.e2e.test_support import wait_group

if TYPE_CHECKING:
    from tests.e2e.test_people import YoungPerson

TALK_PROMISE = "I've asked Sam, your Lifelong Links worker, to message you here"
CARD_BUTTONS = {"Pick up", "Reply", "Close"}


async def talk_thread(
    standin: BotApiStandIn, db: Database, alex: YoungPerson, screen: dict[str, Any], words: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Alex taps "Talk to someone" on ``screen`` (in working hours), then types ``words``.

    Returns the team's card and Alex's words as the group shows them, threaded under it.
    """
    [talk] = await alex.tap(screen, "Talk to someone", 1)
    assert TALK_PROMISE in talk["text"]
    assert "within an hour" in talk["text"]
    card = await wait_group(standin, db, "would like to talk to someone")
    assert set(buttons(card)) == CARD_BUTTONS
    [ack] = await alex.send(words, 1)
    assert "Sent to" in ack["text"]
    said = await wait_group(standin, db, words)
    assert said["reply_to_message"]["message_id"] == card["message_id"]
    return card, said


async def check_in(
    alex: YoungPerson, code: str, words: str = "help", share: bool = True
) -> dict[str, Any]:
    """Alex joins and says ``words``, which the detector is unsure about: the check-in."""
    await alex.join(code, share=share)
    [check] = await alex.send(words, 1)
    return check


async def add_lead(alex: YoungPerson, menu: dict[str, Any]) -> dict[str, Any]:
    """Alex adds Dave, their dad, whom they'd like to find: the Send / Don't send question."""
    people = await alex.open_people(menu)
    await alex.tap(people, "➕ Add someone", 1)
    q = (await alex.send("Dave", 1))[0]
    q = (await alex.tap(q, "Dad", 1))[0]
    q = (await alex.tap(q, "Yes, that's right", 1))[0]
    q = (await alex.tap(q, "Skip", 1))[0]
    q = (await alex.tap(q, "I'd like to find them", 1))[0]
    ask = (await alex.tap(q, "Yes", 4))[-1]  # last: after "Done!" and the list
    assert "Shall I send them this" in ask["text"] and set(buttons(ask)) == {"Send", "Don't send"}
    return ask


async def join_and_add_lead(
    standin: BotApiStandIn, alex: YoungPerson, code: str, share: bool
) -> tuple[dict[str, Any], int]:
    """Alex joins (sharing or not) and adds a lead: the question, and the group's count before."""
    menu = await alex.join(code, share=share)
    before = len(standin.bot_messages(GROUP))
    return await add_lead(alex, menu), before
