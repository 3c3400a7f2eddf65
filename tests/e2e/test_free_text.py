"""Free text at every main screen, over HTTP through both frameworks (issue 14).

At each screen Alex types what young people type ("hi", "idk", "menu", "thanks", "i need
help with money", "me nan", "/mneu"), and sends a voice note and a sticker. Each answer is
one short message: where it can, the bot goes where they asked; otherwise it says one line
and shows the same screen's buttons again, never the whole long screen.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from storage.db import Database
from storage.models import Person, SupportRequest
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, buttons
from tests.support.seed import record_plan

Message = dict[str, Any]
MENU = {"My people", "My plan", "Ask for support", "My requests", "My data", "Help"}


class Alex:
    """Alex on the stand-in; each message comes minutes after the last (read on its own)."""

    def __init__(self, standin: BotApiStandIn, clock: FakeClock) -> None:
        self.standin = standin
        self.clock = clock
        self.seen = 0

    async def _wait(self, count: int) -> list[Message]:
        messages = await self.standin.wait_for_bot_messages(ALEX, self.seen + count)
        new = messages[self.seen :]
        self.seen = len(messages)
        return new

    async def send(self, words: str, expect: int = 1) -> list[Message]:
        self.clock.advance(timedelta(minutes=3))
        self.standin.user_sends(ALEX, words)
        return await self._wait(expect)

    async def send_media(self, kind: str) -> list[Message]:
        self.clock.advance(timedelta(minutes=3))
        self.standin.user_sends_media(ALEX, kind)
        return await self._wait(1)

    async def tap(self, message: Message, label: str, expect: int = 1) -> list[Message]:
        self.standin.user_presses(ALEX, message["message_id"], buttons(message)[label])
        return await self._wait(expect)

    async def join(self, code: str) -> Message:
        question = (await self.send(f"/start {code}", 2))[1]
        share_q = (await self.tap(question, "Yes"))[0]
        menu = (await self.tap(share_q, "No", 2))[1]
        await self.standin.wait_until(
            lambda: any("joined" in m.get("text", "") for m in self.standin.bot_messages(GROUP))
        )
        return menu

    @staticmethod
    async def last_only(sent: list[Message]) -> Message:
        """A short answer is one message (an extra one would show up at the next wait)."""
        assert len(sent) == 1, [m.get("text", "")[:40] for m in sent]
        return sent[0]


# How to reach each main screen from anywhere: (what to do, words on the screen).
async def _menu(alex: Alex) -> Message:
    return (await alex.send("/menu"))[0]


async def _people(alex: Alex) -> Message:
    return (await alex.send("/people"))[0]


async def _name(alex: Alex) -> Message:
    people = await _people(alex)
    return (await alex.tap(people, "➕ Add someone"))[0]


async def _relationship(alex: Alex) -> Message:
    await _name(alex)
    return (await alex.send("Pat"))[0]


async def _plan(alex: Alex) -> Message:
    return (await alex.send("/plan"))[0]


async def _category(alex: Alex) -> Message:
    menu = await _menu(alex)
    return (await alex.tap(menu, "Ask for support"))[0]


async def _data(alex: Alex) -> Message:
    return (await alex.send("/data"))[0]


async def _help(alex: Alex) -> Message:
    return (await alex.send("/help"))[0]


async def _who(alex: Alex) -> Message:
    data = await _data(alex)
    return (await alex.tap(data, "Who can see what"))[0]


Opener = Callable[[Alex], Awaitable[Message]]
SCREENS: dict[str, Opener] = {
    "menu": _menu,
    "people": _people,
    "name": _name,
    "relationship": _relationship,
    "plan": _plan,
    "category": _category,
    "data": _data,
    "who": _who,
    "help": _help,
}


def names(db: Database) -> list[str]:
    with unit_of_work(db) as uow:
        return [p.name for p in uow.session.exec(select(Person).order_by(Person.id)).all()]


def same_buttons(answer: Message, screen: Message) -> bool:
    return set(buttons(screen)) <= set(buttons(answer)) and bool(buttons(answer))


@pytest.mark.parametrize("where", list(SCREENS))
async def test_free_text_at_every_main_screen(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock, where: str
) -> None:
    alex = Alex(standin, clock)
    open_screen = SCREENS[where]
    async with run_bot():
        await alex.join(kent["alex"].code)
        record_plan(db, kent["alex"].reference, clock)
        people_before = names(db)

        # "hi": a short hello and the same screen's buttons.
        screen = await open_screen(alex)
        hello = await alex.last_only(await alex.send("hiya!!"))
        assert hello["text"].startswith("Hi 👋") and same_buttons(hello, screen)
        assert len(hello["text"]) < len(screen["text"]) + 40

        # "idk": the step's skip where there is one; otherwise a kind line and the buttons.
        screen = await open_screen(alex)
        idk = await alex.last_only(await alex.send("idk"))
        if where == "relationship":
            assert "Which part of your life is Pat in?" in idk["text"]
        elif where == "name":
            assert "what you call them" in idk["text"] and same_buttons(idk, screen)
        else:
            assert "there's no rush" in idk["text"] and same_buttons(idk, screen)
            assert screen["text"] not in idk["text"] or len(screen["text"]) < 160

        # "?": one short line and the same buttons, not the whole screen again.
        screen = await open_screen(alex)
        what = await alex.last_only(await alex.send("?"))
        assert "didn't quite get that" in what["text"] and same_buttons(what, screen)
        assert (
            what["text"].startswith("I didn't quite")
            and len(what["text"]) < len(screen["text"]) + 80
        )

        # "😭": a warm line with Talk to someone first, then the same buttons.
        screen = await open_screen(alex)
        crying = await alex.last_only(await alex.send("😭"))
        assert "sorry you're feeling low" in crying["text"] and same_buttons(crying, screen)
        assert next(iter(buttons(crying))) == "Talk to someone"
        assert screen["text"] not in crying["text"]

        # "menu" without a slash: the menu.
        await open_screen(alex)
        menu = await alex.last_only(await alex.send("Menu"))
        assert menu["text"] == "What would you like to do?" and set(buttons(menu)) >= MENU

        # thanks: "You're welcome", and they stay where they are.
        screen = await open_screen(alex)
        thanks = await alex.last_only(await alex.send("thx 👍"))
        assert thanks["text"] == "You're welcome 😊"
        label = "Menu" if "Menu" in buttons(screen) else next(iter(buttons(screen)))
        after = await alex.last_only(await alex.tap(screen, label))
        assert "expired" not in after["text"]  # the screen's buttons still work

        # "i need help with money": Ask for support with Money chosen.
        await open_screen(alex)
        money = await alex.last_only(await alex.send("i need help with money"))
        assert "support with Money" in money["text"] and "⬅ Back" in buttons(money)

        # "me nan": who someone is, at the add-someone steps; elsewhere a short line.
        screen = await open_screen(alex)
        nan = await alex.last_only(await alex.send("me nan"))
        if where == "name":
            assert "What's your nan's name?" in nan["text"] and "Just “Nan”" in buttons(nan)
        elif where == "relationship":
            assert "I've put Pat in Family" in nan["text"]
        else:
            assert "didn't quite get that" in nan["text"] and same_buttons(nan, screen)

        # A misspelt command: the closest one.
        await open_screen(alex)
        typo = await alex.last_only(await alex.send("/mneu"))
        assert typo["text"].startswith("Did you mean /menu?")

        # A voice note and a sticker: what the bot can take, and the same buttons.
        screen = await open_screen(alex)
        voice = await alex.last_only(await alex.send_media("voice"))
        assert "voice notes" in voice["text"] and same_buttons(voice, screen)
        screen = await open_screen(alex)
        sticker = await alex.last_only(await alex.send_media("sticker"))
        assert "sticker" in sticker["text"] and same_buttons(sticker, screen)

    # Nothing typed here was taken as a name, and no request was sent half-written.
    assert names(db) == people_before
    with unit_of_work(db) as uow:
        assert uow.session.exec(select(SupportRequest)).all() == []


async def test_help_is_not_sent_again_whole(
    standin: BotApiStandIn, run_bot, kent, clock: FakeClock
) -> None:
    alex = Alex(standin, clock)
    async with run_bot():
        await alex.join(kent["alex"].code)
        help_screen = await _help(alex)
        what = await alex.last_only(await alex.send("what??"))
        assert "keep a list of the people who matter" not in what["text"]
        assert len(what["text"].split()) <= 15 and same_buttons(what, help_screen)


async def test_names_from_words_are_stored(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    alex = Alex(standin, clock)
    async with run_bot():
        await alex.join(kent["alex"].code)
        name_q = await _name(alex)
        close_q = (await alex.send("my best mate Jay"))[0]
        assert "How close are you to Jay?" in close_q["text"]
        contact_q = (await alex.tap(close_q, "Very close"))[0]
        may_q = (await alex.tap(contact_q, "In touch"))[0]
        await alex.tap(may_q, "Yes", 3)
        name_q = await _name(alex)
        assert "What do you call them" in name_q["text"]
        nan_q = (await alex.send("add me nan"))[0]
        assert "What's your nan's name?" in nan_q["text"]
        close_q = (await alex.send("dunno"))[0]
        assert "How close are you to Nan?" in close_q["text"]
    with unit_of_work(db) as uow:
        rows = uow.session.exec(select(Person).order_by(Person.id)).all()
        assert [(p.name, p.relationship, p.circle.value if p.circle else None) for p in rows] == [
            ("Jay", "friend", "friends")
        ]


async def test_feelings_get_talk_to_someone(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    alex = Alex(standin, clock)
    async with run_bot():
        await alex.join(kent["alex"].code)
        low = await alex.last_only(await alex.send("just feel really low and on my own tbh"))
        assert "Got it" not in low["text"] and "lonely" in low["text"]
        assert "Talk to someone" in buttons(low) and set(buttons(low)) >= MENU
        talk = await alex.tap(low, "Talk to someone")
        assert "Sam" in talk[0]["text"]
        await standin.wait_until(
            lambda: any("Talk" in m.get("text", "") for m in standin.bot_messages(GROUP))
        )
    with unit_of_work(db) as uow:
        [request] = uow.session.exec(select(SupportRequest)).all()
        assert request.kind.value == "talk"
