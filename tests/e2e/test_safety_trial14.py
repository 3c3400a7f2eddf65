"""The safety net's misreadings from the trial of issue 14, over HTTP on both frameworks.

- Sad about a placement ending, typed to the worker in a live chat, is a message for the
  worker: it reaches them and raises no URGENT card.
- "im so done w everything" from the menu gets the check-in ("Are you safe right now?").
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.standin.server import BotApiStandIn
from storage.db import Database
from storage.models import RequestKind, SupportRequest
from storage.uow import unit_of_work
from tests.e2e.conftest import GROUP, SAM, buttons
from tests.support.journeys import YoungPerson, outbox_settled, talk_thread, wait_group

SAD = "its just everything rn. placement ending n stuff"
HOPELESS = "im so done w everything"
CHECK_IN = {"I'm safe", "I'm not safe", "Talk to someone"}


def urgent_cards(standin: BotApiStandIn) -> list[dict[str, Any]]:
    """URGENT alert cards and notes in the coordinators' group."""
    return [m for m in standin.bot_messages(GROUP) if (m.get("text") or "").startswith("URGENT")]


def alerts(db: Database) -> list[SupportRequest]:
    with unit_of_work(db) as uow:
        rows = uow.session.exec(select(SupportRequest)).all()
        return [row for row in rows if row.kind == RequestKind.ALERT]


async def test_sad_about_a_placement_ending_reaches_the_worker_without_an_alert(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        card, _ = await talk_thread(standin, db, alex, menu, "can we talk")
        worker = "sorry you're feeling low, want to tell me more?"
        standin.user_sends(SAM, worker, GROUP, card["message_id"])
        [relayed] = await alex._wait(1)
        assert worker in relayed["text"]
        [ack] = await alex.send(SAD, 1)
        assert "Sent to Sam" in ack["text"]
        assert "116 123" not in ack["text"] and "Are you safe" not in ack["text"]
        said = await wait_group(standin, db, SAD)
        assert said["reply_to_message"]["message_id"] == card["message_id"]
        await standin.wait_until(lambda: outbox_settled(db))
        await standin.wait_idle()
        assert urgent_cards(standin) == []
    assert alerts(db) == []


async def test_so_done_with_everything_from_the_menu_gets_the_check_in(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)
        [check] = await alex.send(HOPELESS, 1)
        assert "Are you safe right now?" in check["text"]
        assert set(buttons(check)) == CHECK_IN
        assert "didn't quite get that" not in check["text"]
        await standin.wait_until(lambda: outbox_settled(db))
        await standin.wait_idle()
        assert urgent_cards(standin) == []
    assert alerts(db) == []
