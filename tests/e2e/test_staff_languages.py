"""Staff in their own language over HTTP through both frameworks: a coordinator whose Telegram
app is in another language reads their private chat in it (/help, /caseload, /case and the
case's buttons), while the team's group (the request's card, and what changes on it when
that coordinator picks the request up) stays in the service's language, English.

Lifelinks ships English only, so a pseudo-locale catalogue stands in for a second language
(tests/support/pseudo_locale.py): its words are accented, so English left in a text shows.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from bot.standin.server import BotApiStandIn
from dialogs.texts import catalogue, t
from storage.db import Database
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, SAM, buttons
from tests.support.journeys import YoungPerson as User  # drives any private chat
from tests.support.journeys import request_card, wait_group
from tests.support.pseudo_locale import ACCENTED, PSEUDO
from tests.support.pseudo_locale import pseudo_language as pseudo_language  # the fixture

# Words that are data, not texts: names, the service, the reference's letters.
DATA_WORDS = {"alex", "kim", "sam", "kent", "lifelong", "links"}
WORD = re.compile(r"[A-Za-z]+")


@cache
def english_words() -> frozenset[str]:
    """Every word of the English catalogue that the pseudo-locale would change (has a letter
    it accents): one of these in a text means a text skipped the reader's language."""
    accented = {chr(code) for code in ACCENTED}
    words = {
        word.lower()
        for text in catalogue("en").every_form().values()
        for word in WORD.findall(re.sub(r"\{[^}]*\}", " ", text))
        if len(word) >= 3 and accented & set(word)
    }
    return frozenset(words - DATA_WORDS)


def english_in(text: str, *data: str) -> list[str]:
    """The English catalogue words in ``text`` (a pseudo word's unaccented pieces never are:
    each lacks every letter the pseudo-locale accents), leaving out the given data."""
    allowed = {word.lower() for item in data for word in WORD.findall(item)}
    return [
        word
        for word in WORD.findall(text)
        if word.lower() in english_words() and word.lower() not in allowed
    ]


def reads_pseudo(message: dict[str, Any], *data: str) -> None:
    """The message (its text or caption, and its buttons) has no English in it."""
    text = message.get("text") or message.get("caption") or ""
    assert text, message
    assert english_in(text, *data) == [], text
    for label in buttons(message):
        assert english_in(label, *data) == [], label


def reference_of(db: Database) -> str:
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None
        return case.reference


def staff_language(db: Database) -> str | None:
    with unit_of_work(db) as uow:
        [sam] = uow.staff.memberships(SAM)
        return sam.language


async def test_a_coordinator_reads_their_private_chat_in_their_language_and_the_group_english(
    standin: BotApiStandIn, run_bot, kent, db: Database, pseudo_language
) -> None:
    alex = User(standin, ALEX)
    sam = User(standin, SAM)
    async with run_bot():
        # Alex (English) asks for help: the card in the team's group is English.
        ref, card = await request_card(standin, db, alex, kent["alex"].code, "Bus pass money")
        assert card["text"].startswith(f"Request {ref}")
        assert t("card.waiting") in card["text"]
        assert set(buttons(card)) == {t("btn.card.pick"), t("btn.card.reply"), t("btn.card.close")}
        case_ref = reference_of(db)

        # Sam's app is in the pseudo-locale: their first private message gives them it.
        standin.world.user(SAM)["language_code"] = PSEUDO
        [welcome] = await sam.send("/help", 1)
        assert staff_language(db) == PSEUDO
        assert t("staff.role.coordinator", PSEUDO) in welcome["text"]
        reads_pseudo(welcome, "Kent Lifelong Links")

        [caseload] = await sam.send("/caseload", 1)
        assert t("staff.caseload.title", PSEUDO, count=2) in caseload["text"]
        reads_pseudo(caseload, case_ref, kent["kim"].reference, "Kent")

        [summary] = await sam.send(f"/case {case_ref}", 1)
        assert t("staff.case.requests", PSEUDO, count=1) in summary["text"]
        assert set(buttons(summary)) == {
            t("staff.btn.safety", PSEUDO),
            t("staff.btn.gedcom", PSEUDO),
        }
        reads_pseudo(summary, case_ref, ref)

        [document] = await sam.tap(summary, t("staff.btn.gedcom", PSEUDO), 1)
        assert document["caption"] == t("geno.staff.gedcom.sent", PSEUDO, ref=case_ref, count=0), (
            document
        )

        # Sam picks the request up in the group: the card and its buttons stay English.
        standin.user_presses(SAM, card["message_id"], buttons(card)["Pick up"], chat_id=GROUP)
        [picked] = await alex._wait(1)
        assert picked["text"] == t("support.picked_up", ref=ref, name="Sam")
        card = await wait_group(standin, db, "Picked up by Sam")
        assert card["text"].startswith(f"Request {ref}")
        assert english_in(card["text"]) != []  # English, as the group reads it
        assert set(buttons(card)) == {t("btn.card.reply"), t("btn.card.close")}
