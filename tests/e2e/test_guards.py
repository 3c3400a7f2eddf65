"""Guards over HTTP on both frameworks: staff opening invites, forged senders in private chats."""

from __future__ import annotations

from typing import Any

from sqlmodel import func, select

from bot.standin.server import BotApiStandIn
from storage.db import Database
from storage.models import ConversationState, Invite, Person, SupportRequest, YoungPerson
from storage.repositories import hash_code
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, SAM, STRANGER, buttons
from tests.support.journeys import YoungPerson as Alex
from tests.support.logs import logged_lines

SECRET_NAME = "Zebulonqx"
SECRET_WORDS = "forged words quetzal"


def invite_used(db: Database, code: str) -> bool:
    with unit_of_work(db) as uow:
        invite = uow.session.exec(select(Invite).where(Invite.code_hash == hash_code(code))).one()
        return invite.used_at is not None


def rows(db: Database, model: Any) -> int:
    with unit_of_work(db) as uow:
        return int(uow.session.exec(select(func.count()).select_from(model)).one())


async def test_staff_opening_an_invite_keeps_it_for_the_young_person(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    code = kent["alex"].code
    async with run_bot():
        standin.user_sends(SAM, f"/start {code}")
        kept, welcome = await standin.wait_for_bot_messages(SAM, 2)
        assert kept["text"] == (
            "This is an invite for a young person. You're staff, so I kept it unused: "
            "send the link to them."
        )
        assert "/caseload" in welcome["text"]
        assert not invite_used(db, code)
        # Sam still has the staff commands.
        standin.user_sends(SAM, "/caseload")
        caseload = (await standin.wait_for_bot_messages(SAM, 3))[2]
        assert kent["alex"].reference in caseload["text"]
        # Alex can still join with it.
        await Alex(standin).join(code)
    assert invite_used(db, code)
    with unit_of_work(db) as uow:
        assert uow.cases.own_case(SAM) is None
        assert uow.cases.own_case(ALEX) is not None


def forged_message(field: str = "message") -> dict[str, Any]:
    """A message in Alex's private chat that says it comes from the stranger."""
    return {
        field: {
            "message_id": 9000,
            "date": 1_700_000_000,
            "edit_date": 1_700_000_100,
            "chat": {"id": ALEX, "type": "private", "first_name": "Alex"},
            "from": {"id": STRANGER, "is_bot": False, "first_name": SECRET_NAME},
            "text": f"/start {SECRET_WORDS}" if field == "message" else SECRET_WORDS,
        }
    }


def forged_press(message: dict[str, Any], data: str) -> dict[str, Any]:
    """The stranger presses a button on a bot message in Alex's private chat."""
    return {
        "callback_query": {
            "id": "forged-query",
            "from": {"id": STRANGER, "is_bot": False, "first_name": SECRET_NAME},
            "chat_instance": "42",
            "data": data,
            "message": message,
        }
    }


async def test_forged_senders_in_a_private_chat_are_ignored(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = Alex(standin)
    with logged_lines() as lines:
        async with run_bot():
            menu = await alex.join(kent["alex"].code)
            before_alex = len(standin.bot_messages(ALEX))
            before = {m: rows(db, m) for m in (ConversationState, Person, SupportRequest)}
            with unit_of_work(db) as uow:
                state = uow.states.get(ALEX)
                assert state is not None
                alex_place = (state.flow, state.step)
            wire = next(m for m in standin.messages(ALEX) if m["message_id"] == menu["message_id"])
            ids = [
                standin.queue_update(forged_message()),
                standin.queue_update(forged_message("edited_message")),
                standin.queue_update(forged_press(wire, buttons(menu)["My people"])),
            ]
            await standin.wait_idle()
            # A genuine message after them is answered: the forged ones were seen, and ignored.
            await alex.send("/menu", 1)
    assert len(standin.bot_messages(ALEX)) == before_alex + 1
    assert standin.bot_messages(STRANGER) == []
    assert not any(a.get("callback_query_id") == "forged-query" for a in standin.callback_answers)
    with unit_of_work(db) as uow:
        assert uow.states.get(STRANGER) is None
        stranger = select(YoungPerson).where(YoungPerson.telegram_user_id == STRANGER)
        assert uow.session.exec(stranger).first() is None
        state = uow.states.get(ALEX)
        assert state is not None and (state.flow, state.step) == alex_place
    assert {model: rows(db, model) for model in before} == before
    # Logged by update id only.
    ignored = [line for line in lines if "ignored" in line and "sender" in line]
    assert len(ignored) == 3
    for update_id, line in zip(ids, ignored, strict=True):
        assert str(update_id) in line and str(STRANGER) not in line and str(ALEX) not in line
    for line in lines:
        for secret in (SECRET_NAME, "quetzal"):
            assert secret not in line, line
