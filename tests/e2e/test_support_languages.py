"""Ask for support in the young person's language (a pseudo-locale), over HTTP.

Every screen of the flow (asking, checking, sending, My requests, writing in a thread) is
in their language with no English text left in it, while the card the team gets in its
group stays in the service's language, English (tests/support/pseudo_locale.py).
"""

from __future__ import annotations

from string import Formatter
from typing import Any

from bot.standin.server import BotApiStandIn
from dialogs.texts import catalogue, t
from storage.db import Database
from tests.e2e.conftest import ALEX, GROUP, SAM
from tests.support.journeys import YoungPerson, settle, wait_group
from tests.support.pseudo_locale import PSEUDO
from tests.support.pseudo_locale import pseudo_language as pseudo_language  # the fixture

# English words that stay English in any language: names and data, not catalogue text.
FRAGMENT = 14  # characters: shorter pieces of English text could be a name or a word


def english_fragments() -> set[str]:
    """Every piece of English catalogue text long enough to be a phrase, for spotting leaks."""
    english = catalogue("en")
    templates = [*english.texts.values(), *(f for forms in english.plurals.values() for f in forms)]
    found: set[str] = set()
    for template in templates:
        for literal, _field, _spec, _conv in Formatter().parse(template):
            for line in literal.splitlines():
                piece = line.strip(" .,:;!?()“”\"'—-•")
                if len(piece) >= FRAGMENT:
                    found.add(piece)
    return found


def assert_theirs(messages: list[dict[str, Any]], english: set[str]) -> None:
    """No English catalogue text in these messages to the young person (text and buttons)."""
    for message in messages:
        markup = message.get("reply_markup") or {}
        labels = [b["text"] for row in markup.get("inline_keyboard", []) for b in row]
        for text in [message.get("text") or "", *labels]:
            leaks = sorted(piece for piece in english if piece in text)
            assert not leaks, f"English in {text!r}: {leaks}"


def label(key: str, **params: Any) -> str:
    return t(key, PSEUDO, **params)


async def test_asking_for_support_in_their_language(
    standin: BotApiStandIn, run_bot, kent, team, db: Database, pseudo_language
) -> None:
    english = english_fragments()
    standin.world.user(ALEX)["language_code"] = PSEUDO
    alex = YoungPerson(standin)
    async with run_bot():
        question = (await alex.send(f"/start {kent['alex'].code}", 2))[1]
        share = (await alex.tap(question, label("btn.yes"), 1))[0]
        menu = (await alex.tap(share, label("btn.yes"), 2))[1]
        await standin.wait_until(
            lambda: any("joined" in m.get("text", "") for m in standin.bot_messages(GROUP))
        )
        seen: list[dict[str, Any]] = []

        [category] = await alex.tap(menu, label("btn.support"), 1)
        assert category["text"] == label("support.ask.category")
        [describe] = await alex.tap(category, label("support.cat.money"), 1)
        [more] = await alex.send("I can't pay my gas bill this month", 1)
        [how_soon] = await alex.tap(more, label("btn.support.next"), 1)
        [check] = await alex.tap(how_soon, label("support.urgency.today"), 1)
        assert label("support.cat.money") in check["text"]
        assert label("support.urgency.today") in check["text"]
        [sent] = await alex.tap(check, label("btn.support.send"), 1)
        seen += [category, describe, more, how_soon, check, sent]
        reference = next(w.strip(".") for w in sent["text"].split() if w.startswith("R-"))

        # The team's card is English, whatever the young person's language.
        card = await wait_group(standin, db, f"Request {reference}")
        assert "Money" in card["text"] and "Needed:" in card["text"]

        # My requests and the request itself, with its status.
        [mine] = await alex.tap(sent, label("btn.support.list"), 1)
        request_button = next(text for text in _labels(mine) if reference in text)
        [view] = await alex.tap(mine, request_button, 1)
        assert label("support.cat.money") in view["text"]
        seen += [mine, view]

        # Sam answers; Alex replies in the thread.
        standin.user_sends(SAM, "Hi Alex, I can help with that.", GROUP, card["message_id"])
        [relayed] = await alex._wait(1)
        await settle(standin, db)
        [ask] = await alex.tap(relayed, label("btn.support.reply"), 1)
        assert ask["text"] == label("support.reply.ask", name=label("worker.named", name="Sam"))
        [ack] = await alex.send("Thank you so much", 1)
        assert ack["text"].startswith(label("support.reply.sent", name="Sam").split("\n")[0])
        seen += [ask, ack]
        await wait_group(standin, db, "Thank you so much")
    assert_theirs(seen, english)


def _labels(message: dict[str, Any]) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]
