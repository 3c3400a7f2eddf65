"""Joining and consent over HTTP through python-telegram-bot against the stand-in."""

from __future__ import annotations

import logging
from datetime import timedelta

import httpx
import pytest
from sqlmodel import select

from bot.logging_setup import setup_logging
from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from storage.db import Database
from storage.models import (
    CaseStatus,
    ConsentEvent,
    ConversationState,
    OutboxMessage,
    OutboxStatus,
    ProcessedUpdate,
)
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, TOKEN, buttons, press

NOT_INVITED = "invited by their Lifelong Links worker"


def texts(messages: list[dict]) -> list[str]:
    return [m.get("text") or m.get("caption") or "" for m in messages]


def start_update(code: str) -> dict:
    """A raw update: Alex sends /start with a code."""
    text = f"/start {code}"
    return {
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": {"id": ALEX, "type": "private", "first_name": "Alex"},
            "from": {"id": ALEX, "is_bot": False, "first_name": "Alex"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        }
    }


def consent_rows(db: Database) -> list[tuple[str, bool]]:
    with unit_of_work(db) as uow:
        rows = uow.session.exec(select(ConsentEvent).order_by(ConsentEvent.id)).all()
        return [(row.purpose.value, row.granted) for row in rows]


async def test_happy_path(standin: BotApiStandIn, run_bot, kent, db: Database) -> None:
    async with run_bot():
        standin.user_sends(ALEX, f"/start {kent['alex'].code}")
        welcome, question = await standin.wait_for_bot_messages(ALEX, 2)
        assert "Hi Alex!" in welcome["text"]
        assert "keep what you tell me" in question["text"]
        assert set(buttons(question)) == {"Yes", "No", "Tell me more"}
        assert all(len(data.encode()) <= 64 for data in buttons(question).values())

        await press(standin, ALEX, question, "Tell me more")
        again = (await standin.wait_for_bot_messages(ALEX, 3))[2]
        assert "locked" in again["text"] and "keep what you tell me" in again["text"]
        await press(standin, ALEX, again, "Yes")
        share = (await standin.wait_for_bot_messages(ALEX, 4))[3]
        assert "share" in share["text"]
        await press(standin, ALEX, share, "Yes")
        done, menu = (await standin.wait_for_bot_messages(ALEX, 6))[4:]
        assert "You're all set" in done["text"]
        assert "My people" in buttons(menu)

        # The team hears about it in their group, by reference and first name only.
        [note] = await standin.wait_for_bot_messages(GROUP, 1)
        assert kent["alex"].reference in note["text"] and "joined" in note["text"]
        assert len(standin.callback_answers) == 3

    assert consent_rows(db) == [("use", True), ("share", True)]
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None and case.status == CaseStatus.ACTIVE
        rows = uow.session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        [row] = [r for r in rows if r.chat_id == GROUP]
        assert row.status == OutboxStatus.SENT and row.telegram_message_id == note["message_id"]
        # Every answer to Alex went through the outbox too, each sent once.
        answers = [r for r in rows if r.chat_id == ALEX]
        assert len(answers) == 6 and {r.status for r in answers} == {OutboxStatus.SENT}
    assert "setMyCommands" in {method for method, _ in standin.calls}


@pytest.mark.parametrize("payload", ["", "unknown-code", "bad code!", "x" * 70, "%00"])
async def test_bad_or_missing_code(standin: BotApiStandIn, run_bot, kent, db, payload) -> None:
    async with run_bot():
        standin.user_sends(7001, f"/start {payload}".strip())
        [reply] = await standin.wait_for_bot_messages(7001, 1)
        assert NOT_INVITED in reply["text"]
        standin.user_sends(7001, "hello?")
        second = (await standin.wait_for_bot_messages(7001, 2))[1]
        assert NOT_INVITED in second["text"]
    with unit_of_work(db) as uow:
        assert uow.session.exec(select(ConversationState)).all() == []
        assert uow.cases.own_case(7001) is None
        assert len(uow.session.exec(select(ProcessedUpdate)).all()) == 2


async def test_used_and_expired_codes(
    standin: BotApiStandIn, run_bot, kent, db, clock: FakeClock
) -> None:
    async with run_bot():
        standin.user_sends(ALEX, f"/start {kent['alex'].code}")
        await standin.wait_for_bot_messages(ALEX, 2)
        standin.user_sends(7001, f"/start {kent['alex'].code}")
        [used] = await standin.wait_for_bot_messages(7001, 1)
        assert "already been used" in used["text"]
        clock.advance(timedelta(days=15))
        standin.user_sends(7001, f"/start {kent['spare'].code}")
        expired = (await standin.wait_for_bot_messages(7001, 2))[1]
        assert "run out" in expired["text"]
    with unit_of_work(db) as uow:
        assert uow.cases.own_case(7001) is None


async def test_under_age_tells_coordinator(standin: BotApiStandIn, run_bot, kent, db) -> None:
    async with run_bot():
        standin.user_sends(7001, f"/start {kent['kim'].code}")
        [reply] = await standin.wait_for_bot_messages(7001, 1)
        assert "aged 16 and over" in reply["text"]
        [note] = await standin.wait_for_bot_messages(GROUP, 1)
        assert "under 16" in note["text"]
    with unit_of_work(db) as uow:
        assert uow.cases.own_case(7001) is None
        case = uow.cases.by_reference(1, kent["kim"].reference)
        assert case is not None and case.status == CaseStatus.UNDER_AGE
        assert case.telegram_user_id is None


async def test_declined_consent_is_respected(standin: BotApiStandIn, run_bot, kent, db) -> None:
    async with run_bot():
        standin.user_sends(ALEX, f"/start {kent['alex'].code}")
        question = (await standin.wait_for_bot_messages(ALEX, 2))[1]
        await press(standin, ALEX, question, "No")
        declined = (await standin.wait_for_bot_messages(ALEX, 3))[2]
        assert "won't keep anything" in declined["text"]
        assert "I'd like to use Lifelinks" in buttons(declined)
        [note] = await standin.wait_for_bot_messages(GROUP, 1)
        assert "chose not to use" in note["text"]
    assert consent_rows(db) == [("use", False)]
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None and case.status == CaseStatus.DECLINED


async def test_forged_and_stale_buttons(standin: BotApiStandIn, run_bot, kent, db) -> None:
    async with run_bot():
        standin.user_sends(ALEX, f"/start {kent['alex'].code}")
        question = (await standin.wait_for_bot_messages(ALEX, 2))[1]
        await press(standin, ALEX, question, "Yes")
        await standin.wait_for_bot_messages(ALEX, 3)
        await press(standin, ALEX, question, "No")  # replayed: that screen is gone
        expired, current = (await standin.wait_for_bot_messages(ALEX, 5))[3:]
        assert "That button has expired" in expired["text"]
        assert "share" in current["text"]
        standin.user_presses(ALEX, question["message_id"], "forged.1")
        assert "expired" in (await standin.wait_for_bot_messages(ALEX, 7))[5]["text"]
        standin.user_presses(ALEX, question["message_id"], "x" * 64)
        assert "expired" in (await standin.wait_for_bot_messages(ALEX, 9))[7]["text"]
    assert consent_rows(db) == [("use", True)]


async def test_restart_mid_consent_resumes(standin: BotApiStandIn, run_bot, kent, db) -> None:
    async with run_bot():
        standin.user_sends(ALEX, f"/start {kent['alex'].code}")
        question = (await standin.wait_for_bot_messages(ALEX, 2))[1]
        await press(standin, ALEX, question, "Yes")
        share = (await standin.wait_for_bot_messages(ALEX, 3))[2]
    async with run_bot():  # a new process: nothing in memory survives
        await press(standin, ALEX, share, "No")
        done = (await standin.wait_for_bot_messages(ALEX, 5))[3]
        assert "won't share" in done["text"]
    assert consent_rows(db) == [("use", True), ("share", False)]


async def test_duplicate_update_handled_once(standin: BotApiStandIn, run_bot, kent, db) -> None:
    async with run_bot():
        update_id = standin.queue_update(start_update(kent["alex"].code))
        await standin.wait_for_bot_messages(ALEX, 2)
        standin.redeliver(update_id)
        await standin.wait_idle()
        standin.user_sends(ALEX, "/help")
        await standin.wait_for_bot_messages(ALEX, 4)
    # welcome + question, then the /help answer and the question again: nothing from the
    # redelivered /start.
    sent = texts(standin.bot_messages(ALEX))
    assert len(sent) == 4
    assert sum("Hi Alex!" in text for text in sent) == 1


async def test_unexpected_text_and_media_get_a_kind_nudge(
    standin: BotApiStandIn, run_bot, kent
) -> None:
    async with run_bot():
        standin.user_sends(ALEX, f"/start {kent['alex'].code}")
        await standin.wait_for_bot_messages(ALEX, 2)
        standin.user_sends(ALEX, "what is this?")
        # One short, plain explanation with the question and its buttons, not two messages.
        [explained] = (await standin.wait_for_bot_messages(ALEX, 3))[2:]
        assert "I'm Lifelinks" in explained["text"] and "keep what you tell me" in explained["text"]
        assert set(buttons(explained)) == {"Yes", "No", "Tell me more"}
        standin.user_sends_media(ALEX, "sticker")
        [sticker] = (await standin.wait_for_bot_messages(ALEX, 4))[3:]
        assert "only read typed words" in sticker["text"] and buttons(sticker)
        standin.user_sends(ALEX, "/cancel")
        pending = (await standin.wait_for_bot_messages(ALEX, 6))[4]
        assert "need your answer" in pending["text"]
        await standin.wait_idle()
        assert len(standin.bot_messages(ALEX)) == 6


async def test_crash_is_caught_and_logged_without_content(
    standin: BotApiStandIn, run_bot, kent, monkeypatch, capsys
) -> None:
    def boom(ctx, code):
        raise RuntimeError(f"{code} {ctx.event.text}")

    monkeypatch.setattr("dialogs.young.consent.start", boom)
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    setup_logging("DEBUG")
    async with run_bot():
        standin.user_sends(ALEX, f"/start {kent['alex'].code}")
        [reply] = await standin.wait_for_bot_messages(ALEX, 1)
        assert "Something went wrong on our side" in reply["text"]
    root.handlers[:], _ = saved
    root.setLevel(saved[1])
    logged = capsys.readouterr().err
    assert "update" in logged and "RuntimeError" in logged
    for secret in (kent["alex"].code, TOKEN):
        assert secret not in logged


async def test_webhook_checks_the_secret(standin: BotApiStandIn, run_bot, kent, db) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    hook = f"http://127.0.0.1:{port}/telegram/hook"
    async with run_bot(WEBHOOK_URL=hook, WEBHOOK_SECRET="s3cret-value", PORT=port):
        forged = {"update_id": 999, **start_update(kent["alex"].code)}
        async with httpx.AsyncClient() as client:
            wrong = await client.post(
                hook, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}
            )
            missing = await client.post(hook, json=forged)
        # python-telegram-bot answers 403, aiogram 401: both refuse and handle nothing.
        assert wrong.status_code in (401, 403) and missing.status_code in (401, 403)
        standin.user_sends(ALEX, f"/start {kent['alex'].code}")
        welcome = (await standin.wait_for_bot_messages(ALEX, 2))[0]
        assert "Hi Alex!" in welcome["text"]
    with unit_of_work(db) as uow:
        assert not uow.updates.was_processed(123456, 999)
