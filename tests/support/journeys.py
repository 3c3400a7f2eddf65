"""The end-to-end driver: a young person over HTTP through the Bot API stand-in, and the
journeys the tests share (Alex joins, then opens a thread or a lead, asks for support...).

Each step asserts what the young person is told on the way, so a test that starts with a
journey still proves it; what the test is about comes after. The waits read what the bot
sent to the group and whether the outbox has settled.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.standin.server import BotApiStandIn
from storage.db import Database
from storage.models import Person
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, SAM, buttons

NOT_INVITED = "invited by their Lifelong Links worker"


class YoungPerson:
    """Alex, driving the bot through the stand-in and waiting for each answer."""

    def __init__(self, standin: BotApiStandIn, user: int = ALEX) -> None:
        self.standin = standin
        self.user = user
        self.seen = 0

    async def _wait(self, count: int) -> list[dict[str, Any]]:
        messages = await self.standin.wait_for_bot_messages(self.user, self.seen + count)
        new = messages[self.seen :]
        self.seen = len(messages)
        return new

    async def send(self, words: str, expect: int) -> list[dict[str, Any]]:
        """Alex sends ``words``; the ``expect`` messages the bot answers with."""
        self.standin.user_sends(self.user, words)
        return await self._wait(expect)

    async def tap(self, message: dict[str, Any], label: str, expect: int) -> list[dict[str, Any]]:
        """Alex taps ``label`` on ``message``; the ``expect`` messages the bot answers with."""
        self.standin.user_presses(self.user, message["message_id"], buttons(message)[label])
        return await self._wait(expect)

    async def join(self, code: str, share: bool = True) -> dict[str, Any]:
        """Join and give consent; returns the main menu message."""
        question = (await self.send(f"/start {code}", 2))[1]
        share_q = (await self.tap(question, "Yes", 1))[0]
        menu = (await self.tap(share_q, "Yes" if share else "No", 2))[1]
        # The team's "joined" note goes through the outbox; let it land so counts are stable.
        await self.standin.wait_until(
            lambda: any("joined" in m.get("text", "") for m in self.standin.bot_messages(GROUP))
        )
        return menu

    async def open_people(self, menu: dict[str, Any]) -> dict[str, Any]:
        """Tap My people on the menu; the list."""
        return (await self.tap(menu, "My people", 1))[0]


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


def person_rows(db: Database) -> list[Person]:
    """Every person on anyone's network, by id."""
    with unit_of_work(db) as uow:
        return list(uow.session.exec(select(Person).order_by(Person.id)).all())


def group_messages(standin: BotApiStandIn, chat: int = GROUP) -> list[dict[str, Any]]:
    """What the bot sent to the group ``chat``."""
    return standin.bot_messages(chat)


def outbox_settled(db: Database) -> bool:
    """Every queued message has been sent and marked (so its relay mapping is stored)."""
    with unit_of_work(db) as uow:
        return not uow.outbox.pending()


async def wait_group(
    standin: BotApiStandIn, db: Database, words: str, chat: int = GROUP, field: str = "text"
) -> dict[str, Any]:
    """The first bot message in the group containing ``words``, once the outbox is settled.

    A person replies to a card seconds after it arrives, not within the millisecond in
    which the sender records what it sent; the wait keeps the tests that way too.
    """

    def found() -> dict[str, Any] | None:
        for message in group_messages(standin, chat):
            if words in (message.get(field) or ""):
                return message
        return None

    await standin.wait_until(lambda: found() is not None and outbox_settled(db))
    result = found()
    assert result is not None
    return result


async def ask_for_support(
    alex: YoungPerson, menu: dict[str, Any], words: str, urgency: str = "As soon as possible"
) -> tuple[str, dict[str, Any]]:
    """Alex asks for help with money; returns the reference and the last screen."""
    [category] = await alex.tap(menu, "Ask for support", 1)
    assert "What do you need help with?" in category["text"]
    [describe] = await alex.tap(category, "Money", 1)
    assert "in your own words" in describe["text"]
    [more] = await alex.send(words, 1)
    assert "Got it" in more["text"]
    [how_soon] = await alex.tap(more, "Next ➡", 1)
    [check] = await alex.tap(how_soon, urgency, 1)
    assert "Help with: Money" in check["text"]
    [sent] = await alex.tap(check, "Send it", 1)
    assert "Sent ✓ Your reference is R-" in sent["text"]
    reference = sent["text"].split("Your reference is ")[1].split(".")[0]
    return reference, sent


async def request_card(
    standin: BotApiStandIn, db: Database, alex: YoungPerson, code: str, words: str
) -> tuple[str, dict[str, Any]]:
    """Alex joins and asks for help with money; returns the reference and its card."""
    menu = await alex.join(code)
    ref, _ = await ask_for_support(alex, menu, words)
    return ref, await wait_group(standin, db, f"Request {ref}")


CHECK_IN = {"I'm safe", "I'm not safe", "Talk to someone"}


def urgent_cards(standin: BotApiStandIn) -> list[dict[str, Any]]:
    # Cards ("URGENT R-…"), not the URGENT notes threaded under them ("URGENT: …").
    """The URGENT cards in the group."""
    return [
        m
        for m in standin.bot_messages(GROUP)
        if (m.get("text") or "").startswith("URGENT") and m["text"][6:7] != ":"
    ]


async def settle(standin: BotApiStandIn, db: Database) -> None:
    """Wait until the outbox is settled and the stand-in is idle."""
    await standin.wait_until(lambda: outbox_settled(db))
    await standin.wait_idle()


async def sam_answers(
    standin: BotApiStandIn, db: Database, alex: YoungPerson, ref: str, words: str
) -> dict[str, Any]:
    """Sam replies to the request's card; returns what Alex got."""
    card = await wait_group(standin, db, f"Request {ref}")
    standin.user_sends(SAM, words, GROUP, card["message_id"])
    [relayed] = await alex._wait(1)
    assert words in relayed["text"]
    await settle(standin, db)
    return relayed


async def talking(
    standin: BotApiStandIn, db: Database, alex: YoungPerson, code: str
) -> tuple[str, dict[str, Any]]:
    """Alex joins, asks for help with money, Sam answers; Alex is on the main menu."""
    menu = await alex.join(code)
    ref, _ = await ask_for_support(alex, menu, "I can't pay my gas bill")
    await sam_answers(standin, db, alex, ref, "Can I call you at 2?")
    [menu] = await alex.send("/menu", 1)
    return ref, menu


def thread_texts(standin: BotApiStandIn, card_id: int) -> list[str]:
    """What the group shows under the card, oldest first."""
    return [
        m.get("text") or m.get("caption") or ""
        for m in group_messages(standin)
        if (m.get("reply_to_message") or {}).get("message_id") == card_id
    ]
