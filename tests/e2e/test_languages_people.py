"""My people and My data in the young person's language, over HTTP: every screen of adding,
viewing and editing someone, and of My data, is in their language (the words that describe
someone too), while the team's note about a lead stays in the service's language, English.

Lifelinks ships English only, so a pseudo-locale catalogue stands in for a second language
(tests/support/pseudo_locale.py).
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.standin.server import BotApiStandIn
from dialogs.texts import catalogue, placeholders, t
from storage.models import ContactStatus
from tests.e2e.conftest import ALEX, GROUP, buttons
from tests.support.journeys import YoungPerson, person_rows
from tests.support.pseudo_locale import PSEUDO
from tests.support.pseudo_locale import pseudo_language as pseudo_language  # the fixture

# The words that describe someone: who they are, their circle, how close, contact, wish,
# and the team's judgement of safety as the young person reads it.
FAMILIES = ("rel.", "circle.", "closeness.", "contact.", "wish.", "safety.yp.", "choices.")


def english_words() -> list[str]:
    """The English words of :data:`FAMILIES` (and "Not set"), as a leak would show them."""
    texts = catalogue("en").texts
    words = [text for key, text in texts.items() if key.startswith(FAMILIES)]
    return [*words, texts["people.not_set"]]


def leaks(message: dict[str, Any]) -> list[str]:
    """English words of :data:`FAMILIES` in a message's text or its buttons."""
    shown = "\n".join([message.get("text", ""), *buttons(message)])
    return [
        word
        for word in english_words()
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", shown) is not None
    ]


def said(key: str, **params: Any) -> str:
    return t(key, PSEUDO, **params)


def shaped_as(text: str, key: str) -> bool:
    """Whether ``text`` is the pseudo-locale's ``key`` with any values in its placeholders."""
    blank = said(key, **dict.fromkeys(placeholders(key, PSEUDO), "\x00"))
    pattern = ".*".join(re.escape(part) for part in blank.split("\x00"))
    return re.fullmatch(pattern, text, re.DOTALL) is not None


async def join_in_pseudo(standin: BotApiStandIn, alex: YoungPerson, code: str) -> dict[str, Any]:
    """Join from a phone set to the pseudo-locale, saying yes twice; the main menu."""
    standin.world.user(ALEX)["language_code"] = PSEUDO
    question = (await alex.send(f"/start {code}", 2))[1]
    share = (await alex.tap(question, said("btn.yes"), 1))[0]
    menu = (await alex.tap(share, said("btn.yes"), 2))[1]
    await standin.wait_until(
        lambda: any("joined" in m.get("text", "") for m in standin.bot_messages(GROUP))
    )
    return menu


async def test_my_people_speak_their_language(standin, run_bot, kent, db, pseudo_language) -> None:
    alex = YoungPerson(standin)
    nan = said("rel.nan")
    seen: list[dict[str, Any]] = []
    async with run_bot():
        menu = await join_in_pseudo(standin, alex, kent["alex"].code)
        [people] = await alex.tap(menu, said("btn.people"), 1)
        assert people["text"] == said("people.list.empty")
        [name_q] = await alex.tap(people, said("btn.add_person"), 1)
        assert name_q["text"] == said("people.ask.name")
        # "my nan": who she is is known; she can just be called "Nan", in their words.
        [name_for] = await alex.send("my nan", 1)
        assert name_for["text"] == said("people.ask.name.for", relationship=nan.lower(), label=nan)
        # She is family already (her circle came with who she is): how close is she?
        [close_q] = await alex.tap(name_for, said("btn.call_them", label=nan), 1)
        assert close_q["text"] == said("people.ask.closeness", name=nan)
        [contact_q] = await alex.tap(close_q, said("closeness.1"), 1)
        assert contact_q["text"] == said("people.ask.contact", name=nan)
        [may_q] = await alex.tap(contact_q, said("contact.lost_touch"), 1)
        added, strength, listing, lead_q = await alex.tap(may_q, said("btn.yes"), 4)
        assert added["text"] == said("people.added", name=nan)
        assert strength["text"] == said("people.strength.none")
        assert listing["text"] == said("people.list", count=1)
        assert set(buttons(lead_q)) == {said("btn.share.send"), said("btn.share.dont")}
        # The team's note about the lead is in the service's language, English.
        [sent] = await alex.tap(lead_q, said("btn.share.send"), 1)
        assert shaped_as(sent["text"], "share.sent")
        note = t(
            "notify.lead.named",
            ref=kent["alex"].reference,
            name="Alex",
            contact=t("lead.lost_touch"),
            relationship=t("rel.nan").lower(),
            person=nan,
        )
        await standin.wait_until(
            lambda: any(m.get("text") == note for m in standin.bot_messages(GROUP))
        )
        # Her card: every word about her in their language.
        [view] = await alex.tap(listing, f"{nan} — {nan}", 1)
        assert view["text"] == said(
            "people.view",
            name=nan,
            relationship=nan,
            circle=said("circle.family"),
            closeness=said("closeness.1"),
            contact=said("contact.lost_touch"),
            may_contact=said("choices.yes"),
            wish=said("wish.none"),
            safety=said("safety.yp.none"),
        )
        [wish_q] = await alex.tap(view, said("btn.edit_wish"), 1)
        assert wish_q["text"] == said("people.ask.wish", name=nan)
        saved, view = await alex.tap(wish_q, said("btn.wish.want"), 2)
        assert saved["text"] == said("people.wish.saved")
        assert said("wish.want") in view["text"]
        seen = [people, name_q, name_for, close_q, contact_q, may_q, added, strength]
        seen += [listing, sent, view, wish_q, saved]
        # Asked in their language, quoting the note exactly as the team will read it.
        assert shaped_as(lead_q["text"], "share.lead.ask") and note in lead_q["text"]
    for message in seen:
        assert not leaks(message), f"English in {message['text']!r}: {leaks(message)}"
        assert set(buttons(message)) <= {said(key) for key in _label_keys()} | _literal(message)
    [row] = person_rows(db)
    assert (row.name, row.relationship, row.contact) == (nan, "nan", ContactStatus.LOST_TOUCH)


def _label_keys() -> list[str]:
    """Every text that may be a button's label as it is (without values to fill in)."""
    return [key for key in catalogue("en").texts if not placeholders(key)]


def _literal(message: dict[str, Any]) -> set[str]:
    """Buttons that show a person (their name as typed) or call them by their word."""
    return {label for label in buttons(message) if " — " in label} | {
        said("btn.call_them", label=said("rel.nan"))
    }


async def test_my_data_speaks_their_language(standin, run_bot, kent, db, pseudo_language) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await join_in_pseudo(standin, alex, kent["alex"].code)
        [people] = await alex.tap(menu, said("btn.people"), 1)
        await alex.tap(people, said("btn.add_person"), 1)
        [name_for] = await alex.send("my nan", 1)
        [question] = await alex.tap(name_for, said("btn.call_them", label=said("rel.nan")), 1)
        for _closeness_then_contact in range(2):
            [question] = await alex.tap(question, said("btn.skip"), 1)
        _added, _strength, _listing = await alex.tap(question, said("btn.not_sure"), 3)
        [data] = await alex.send("/data", 1)
        assert data["text"] == said("data.menu")
        [who] = await alex.tap(data, said("btn.data_who"), 1)
        assert shaped_as(who["text"], "who.text")
        assert said("who.people.on") in who["text"]
        assert t("who.people.on") not in who["text"]
        [data] = await alex.tap(who, said("btn.back"), 1)
        summary, document, data = await alex.tap(data, said("btn.data_show"), 3)
        assert shaped_as(summary["text"], "data.summary")
        assert document["caption"] == said("data.file_caption")
        exported = json.loads(standin.file_bytes(document["document"]["file_id"]))
        assert [p["who"] for p in exported["people"]] == [said("rel.nan")]
        [delete] = await alex.tap(data, said("btn.data_delete"), 1)
        assert delete["text"] == said("delete.ask")
        [again] = await alex.tap(delete, said("btn.delete_go"), 1)
        assert again["text"] == said("delete.ask_again")
        [data] = await alex.tap(again, said("btn.delete_cancel"), 1)
        assert data["text"] == said("data.menu")
        for message in (data, who, summary, delete, again):
            assert not leaks(message), f"English in {message['text']!r}: {leaks(message)}"
