"""Joining, the safety net's check-in and the plan editor in a second language, over HTTP.

Each flow is walked in the pseudo-locale (tests/support/pseudo_locale.py): every screen
the young person (or, in the plan editor, the member of staff) sees must be in their
language, with no English left in it; the team's notes in the group stay English.
"""

from __future__ import annotations

import re
from typing import Any

from babel import Locale

from bot.standin.server import BotApiStandIn
from dialogs.texts import t, tn
from dialogs.texts.emergency import numbers
from tests.e2e.conftest import ALEX, GROUP, SAM, buttons
from tests.support.journeys import YoungPerson
from tests.support.pseudo_locale import PSEUDO
from tests.support.pseudo_locale import pseudo_language as pseudo_language  # the fixture

# Words that are no text of ours: people's and the service's names, and the helplines'.
NAMES = {"Alex", "Sam", "Nan", "Kent", "Lifelong", "Links"}
# A plain-letter word with a letter the pseudo-locale accents is English that slipped through.
PLAIN_WORD = re.compile(r"\b[A-Za-z]+\b")
ACCENTED_LETTERS = set("aceinosuyACEINOSUY")


def _helpline_words() -> set[str]:
    return {word for value in numbers().values() for word in PLAIN_WORD.findall(value)}


def _calendar_words() -> set[str]:
    """Days and months in the pseudo-locale's real language (dates come from Babel)."""
    names = Locale.parse(PSEUDO)
    said = [*names.days["format"]["wide"].values(), *names.months["format"]["wide"].values()]
    return {word for name in said for word in PLAIN_WORD.findall(name)}


def english_in(message: dict[str, Any], also: set[str] | None = None) -> set[str]:
    """Words of a message (its text and buttons) left in English (``also``: names too)."""
    allowed = NAMES | _helpline_words() | _calendar_words() | (also or set())
    said = [message.get("text", ""), *buttons(message)]
    return {
        word
        for text in said
        for word in PLAIN_WORD.findall(text)
        if ACCENTED_LETTERS & set(word) and word not in allowed
    }


def app_language(standin: BotApiStandIn, user: int, code: str) -> None:
    """The language of the user's Telegram app, sent with each of their updates."""
    standin.world.user(user)["language_code"] = code


class Reader(YoungPerson):
    """A chat that checks every screen it receives is in the pseudo-locale."""

    names: set[str] = set()  # more names that are no text of ours (a case reference)

    async def _wait(self, count: int) -> list[dict[str, Any]]:
        received = await super()._wait(count)
        for message in received:
            left = english_in(message, self.names)
            assert not left, (left, message.get("text"))
        return received

    async def tap_key(self, message: dict[str, Any], key: str, expect: int) -> list[dict[str, Any]]:
        """Tap the button labelled with ``key`` in the pseudo-locale."""
        return await self.tap(message, t(key, PSEUDO), expect)


def team_notes(standin: BotApiStandIn) -> list[str]:
    return [message.get("text", "") for message in standin.bot_messages(GROUP)]


async def test_joining_in_another_language(standin, run_bot, kent, pseudo_language) -> None:
    alex = Reader(standin)
    app_language(standin, ALEX, PSEUDO)
    async with run_bot():
        _welcome, use = await alex.send(f"/start {kent['alex'].code}", 2)
        assert use["text"] == t("consent.use.ask", PSEUDO)
        [more] = await alex.tap_key(use, "btn.more", 1)
        assert t("consent.use.more", PSEUDO) in more["text"]
        [declined] = await alex.tap_key(more, "btn.no", 1)
        assert declined["text"] == t("consent.declined", PSEUDO)
        await standin.wait_until(lambda: any("chose not to" in n for n in team_notes(standin)))
        [use] = await alex.tap_key(declined, "btn.rejoin", 1)
        [share] = await alex.tap_key(use, "btn.yes", 1)
        assert share["text"] == t("consent.share.ask", PSEUDO)
        [more] = await alex.tap_key(share, "btn.more", 1)
        assert t("consent.share.more", PSEUDO) in more["text"]
        done, menu = await alex.tap_key(more, "btn.no", 2)
        assert done["text"] == t("consent.done.private", PSEUDO, name="Alex")
        assert t("btn.people", PSEUDO) in buttons(menu)
        # The team's notes stay in the service's language.
        await standin.wait_until(lambda: any("has joined" in n for n in team_notes(standin)))
        [joined] = [note for note in team_notes(standin) if "has joined" in note]
        assert joined.endswith(f"Sharing with you: {t('choices.no')}.")


async def test_the_check_in_in_another_language(standin, run_bot, kent, pseudo_language) -> None:
    alex = Reader(standin)
    app_language(standin, ALEX, PSEUDO)
    async with run_bot():
        _welcome, use = await alex.send(f"/start {kent['alex'].code}", 2)
        [share] = await alex.tap_key(use, "btn.yes", 1)
        _done, menu = await alex.tap_key(share, "btn.yes", 2)
        [check] = await alex.send("help", 1)
        assert check["text"] == t("checkin.ask", PSEUDO)
        [unsure] = await alex.send("idk", 1)
        assert unsure["text"].startswith(t("safe1.checkin.unsure", PSEUDO).split("{")[0][:20])
        assert t("safe1.checkin.unsure.team", PSEUDO) in unsure["text"]
        [safe] = await alex.tap_key(unsure, "btn.checkin.safe", 1)
        assert safe["text"] == t("checkin.safe", PSEUDO)
        [told] = await alex.tap_key(safe, "btn.checkin.tell_worker", 1)
        assert t("crisis.next", PSEUDO) in told["text"]
        [back] = await alex.tap_key(told, "btn.crisis.back", 1)
        assert back["text"] == menu["text"]
    # The team hears in English.
    assert not any(t("safe1.checkin.unsure.team", PSEUDO) in n for n in team_notes(standin))


async def test_the_plan_editor_in_the_coordinators_language(
    standin, run_bot, kent, pseudo_language
) -> None:
    alex, sam = YoungPerson(standin), Reader(standin, SAM)
    app_language(standin, SAM, PSEUDO)
    ref = kent["alex"].reference
    sam.names = {*ref.split("-"), "Sunday", "dinners"}  # and the words Sam types
    async with run_bot():
        await alex.join(kent["alex"].code)
        [overview] = await sam.send(f"/plan {ref}", 1)
        [_lead] = await sam.tap_key(overview, "btn.plan_lead", 1)
        _saved, overview = await sam.send("Nan", 2)
        [kind] = await sam.tap_key(overview, "btn.plan_add", 1)
        [who] = await sam.tap_key(kind, "help.kind.food", 1)
        [what] = await sam.tap(who, "Nan", 1)
        assert what["text"] == t("plan_editor.ask.what", PSEUDO)
        [often] = await sam.send("Sunday dinners", 1)
        _added, overview = await sam.tap_key(often, "btn.skip", 2)
        [items] = await sam.tap_key(overview, "btn.plan_change", 1)
        [item] = await sam.tap(items, next(iter(buttons(items))), 1)
        [remove] = await sam.tap_key(item, "btn.remove", 1)
        [item] = await sam.tap_key(remove, "btn.remove_no", 1)
        [overview] = await sam.tap_key(item, "btn.plan_overview", 1)
        [interval] = await sam.tap_key(overview, "btn.plan_interval", 1)
        assert tn("plan_editor.every.week", 6, PSEUDO) in buttons(interval)
        _saved, overview = await sam.send("6 weeks", 2)
        [first] = await sam.tap_key(overview, "btn.plan_first_review", 1)
        _saved, overview = await sam.tap_key(first, "btn.plan_in_1m", 2)
        [done] = await sam.tap_key(overview, "btn.plan_done", 1)
        assert done["text"] == t("plan_editor.done", PSEUDO, name="Alex", ref=ref)
