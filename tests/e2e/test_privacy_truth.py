"""Privacy that tells the truth, over HTTP through both frameworks.

Deleting scrubs the group's cards and relayed words; sharing off reaches the team as no
words; a note is only sent after the young person says yes; the data file holds every
table of the case.
"""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import select

from bot.standin.server import BotApiStandIn
from storage.db import Database
from storage.export import COVERED_TABLES
from storage.models import OutboxMessage
from storage.models import YoungPerson as Case
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, SAM, buttons
from tests.support.journeys import (
    YoungPerson,
    join_and_add_lead,
    outbox_settled,
    request_card,
    wait_group,
)
from tests.support.privacy import held_ids, linked_tables, section

DELETED = "(deleted at the young person's request)"
WORDS = "I can't pay my gas bill this month"
REPLY = "Thank you so much"


async def _request_with_replies(
    standin: BotApiStandIn, db: Database, alex: YoungPerson, code: str
) -> tuple[str, dict[str, Any]]:
    """Alex asks for help, Sam answers on the card, Alex replies: the card and the reference."""
    ref, card = await request_card(standin, db, alex, code, WORDS)
    standin.user_sends(SAM, "Hi Alex, can I call you at 2?", GROUP, card["message_id"])
    [relayed] = await alex._wait(1)
    await alex.tap(relayed, "Reply", 1)
    await alex.send(REPLY, 1)
    await wait_group(standin, db, REPLY)
    return ref, card


async def test_deleting_scrubs_the_groups_cards(standin, run_bot, kent, team, db) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        _ref, card = await _request_with_replies(standin, db, alex, kent["alex"].code)
        worded = [
            m["message_id"]
            for m in standin.bot_messages(GROUP)
            if WORDS in (m.get("text") or "") or REPLY in (m.get("text") or "")
        ]
        assert len(worded) >= 2
        [data] = await alex.send("/data", 1)
        [ask] = await alex.tap(data, "Delete everything", 1)
        [again] = await alex.tap(ask, "Yes, go on", 1)
        [done] = await alex.tap(again, "Yes, delete it all", 1)
        assert "deleted everything" in done["text"]

        def scrubbed() -> bool:
            group = {m["message_id"]: m for m in standin.messages(GROUP)}
            return all(group[i].get("text") == DELETED for i in worded)

        await standin.wait_until(scrubbed)
        await standin.wait_until(lambda: outbox_settled(db))
        group = standin.bot_messages(GROUP)
        for message in group:
            text = message.get("text") or ""
            assert WORDS not in text and REPLY not in text
            if text == DELETED:
                assert not (message.get("reply_markup") or {}).get("inline_keyboard")
        notes = [m for m in group if "deleted their data" in (m.get("text") or "")]
        assert len(notes) == 1
        assert "Their messages in this chat have been removed" in notes[0]["text"]

        # The old card's button, pressed now: a short clear answer, never a failure.
        old = buttons(card)["Pick up"]
        standin.user_presses(SAM, card["message_id"], old, chat_id=GROUP)
        await standin.wait_until(
            lambda: any(
                "deleted at the young person's request" in (a.get("text") or "")
                for a in standin.callback_answers
            )
        )


async def test_sharing_off_reaches_the_team_as_no_words(standin, run_bot, kent, db) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        ask, before = await join_and_add_lead(standin, alex, kent["alex"].code, share=False)
        assert "Dave" not in ask["text"] and "dad" not in ask["text"].lower().split("«")[1]
        [sent] = await alex.tap(ask, "Send", 1)
        assert "Sent to Sam, your Lifelong Links worker" in sent["text"]
        lead = (await standin.wait_for_bot_messages(GROUP, before + 1))[-1]
    assert "has a family-finding lead: ask them about it" in lead["text"]
    for words in ("Dave", "dad", "Dad", "would like to find"):
        assert words not in lead["text"]


async def test_saying_no_sends_nothing(standin, run_bot, kent, db) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        ask, before = await join_and_add_lead(standin, alex, kent["alex"].code, share=True)
        assert "Dave" in ask["text"]  # with sharing on, the name is shown before it goes
        [no] = await alex.tap(ask, "Don't send", 1)
        assert "haven't sent anything" in no["text"]
        await standin.wait_until(lambda: outbox_settled(db))
        await standin.wait_idle()
    assert len(standin.bot_messages(GROUP)) == before
    with unit_of_work(db) as uow:
        kinds = {row.kind for row in uow.session.exec(select(OutboxMessage)).all()}
    assert not any(kind.startswith("notify.lead") for kind in kinds)


async def test_the_export_matches_the_database(standin, run_bot, kent, team, db) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await _request_with_replies(standin, db, alex, kent["alex"].code)
        await standin.wait_until(lambda: outbox_settled(db))
        [data] = await alex.send("/data", 1)
        with unit_of_work(db) as uow:
            case = uow.cases.own_case(ALEX)
            assert isinstance(case, Case)
        tables = linked_tables()
        # The export's own answers (the summary, the file) are queued as it commits: not in it.
        queued_before = held_ids(db, tables["outbox"], case, {})
        _summary, document, _again = await alex.tap(data, "What you hold about me", 3)
        held = json.loads(standin.file_bytes(document["document"]["file_id"]))
    assert set(tables) <= set(COVERED_TABLES), sorted(set(tables) - set(COVERED_TABLES))
    known: dict[str, set[Any]] = {}
    for name in dict.fromkeys(["young_person", "plan", "support_request", *sorted(tables)]):
        known[name] = held_ids(db, tables[name], case, known)
    assert queued_before < known["outbox"]
    known["outbox"] = queued_before
    for name, path in COVERED_TABLES.items():
        assert len(section(held, path)) == len(known[name]), (name, path)
    words = [m["words"] for m in held["messages"]]
    assert any(WORDS in w for w in words) and any(REPLY in w for w in words)
    assert any("can I call you at 2?" in w for w in words)
