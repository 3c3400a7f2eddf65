"""Answers go through the outbox: a crash, a slow Telegram or a burst loses or doubles nothing.

Through the real frameworks against the Bot API stand-in, which counts every message that
breaks Telegram's limits (``rate_violations``).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

import httpx
import pytest
from sqlmodel import select

from bot.runtime import BotRuntime
from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from dialogs.staff.admin import create_invite
from scheduler.outbox.sender import OutboxSender
from storage.db import Database
from storage.models import OutboxMessage, OutboxStatus, ProcessedUpdate
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, adapter_factory
from tests.support.journeys import YoungPerson
from tests.support.seed import seed_people

READ_TIMEOUT = 1.0  # the bot's HTTP client gives up on an answer after this (seconds)


def rows_for(db: Database, chat_id: int) -> list[OutboxMessage]:
    with unit_of_work(db) as uow:
        stmt = select(OutboxMessage).where(OutboxMessage.chat_id == chat_id)
        return list(uow.session.exec(stmt.order_by(OutboxMessage.id)).all())


def texts(standin: BotApiStandIn, chat_id: int) -> list[str]:
    return [m.get("text") or m.get("caption") or "" for m in standin.bot_messages(chat_id)]


def short_read_timeout(adapter: Any, seconds: float) -> None:
    """Make the adapter's HTTP client give up on a slow answer after ``seconds``."""
    application = getattr(adapter, "application", None)
    if application is not None:  # python-telegram-bot: its request object's httpx client
        request = application.bot._request[1]
        request._client.timeout = httpx.Timeout(seconds)
    else:  # aiogram: the session's timeout
        adapter.bot.session.timeout = seconds
    adapter.transport.read_timeout = seconds  # the sends' own client (bot.bot_api)


@pytest.fixture
def bot_with(standin: BotApiStandIn, db: Database, clock: FakeClock, framework: str) -> Any:
    """Like ``run_bot``, with a short client read timeout when asked."""

    @asynccontextmanager
    async def running(read_timeout: float | None = None) -> AsyncIterator[BotRuntime]:
        def prepare(adapter: Any) -> None:
            if read_timeout is not None:
                short_read_timeout(adapter, read_timeout)

        async with adapter_factory(standin, db, clock, framework, prepare)() as adapter:
            yield adapter.runtime

    return running


async def test_a_crash_after_the_commit_loses_no_answer(
    standin: BotApiStandIn, run_bot, kent, db: Database, monkeypatch
) -> None:
    # The process "dies" right after the update's transaction commits: nothing is sent.
    async def never_sends(self: OutboxSender, interval: float = 1.0) -> None:
        await self._stop.wait()

    monkeypatch.setattr(OutboxSender, "run_forever", never_sends)
    monkeypatch.setattr(OutboxSender, "send_now", lambda self, rows: False)
    async with run_bot():
        standin.user_sends(ALEX, f"/start {kent['alex'].code}")
        await standin.wait_until(lambda: len(rows_for(db, ALEX)) == 2)
    assert standin.bot_messages(ALEX) == []
    assert {row.status for row in rows_for(db, ALEX)} == {OutboxStatus.PENDING}

    monkeypatch.undo()
    async with run_bot():  # the restart sends what was committed, once
        welcome, question = await standin.wait_for_bot_messages(ALEX, 2)
        await asyncio.sleep(1.5)  # time for anything that would come twice
    assert "Hi Alex!" in welcome["text"] and "keep what you tell me" in question["text"]
    assert len(standin.bot_messages(ALEX)) == 2
    assert {row.status for row in rows_for(db, ALEX)} == {OutboxStatus.SENT}
    with unit_of_work(db) as uow:  # the update itself was handled once
        assert len(uow.session.exec(select(ProcessedUpdate)).all()) == 1


async def test_a_slow_telegram_answer_is_seen_once(
    standin: BotApiStandIn, bot_with, kent, db: Database
) -> None:
    # Telegram stores the first answer, but only answers after the client gave up on it.
    # The chat's next message waits a few seconds, so the two keep their order and the
    # chat's limit holds however late Telegram took it.
    standin.inject_fault("sendMessage", chat_id=ALEX, status=200, delay=READ_TIMEOUT + 1.5)
    async with bot_with(read_timeout=READ_TIMEOUT):
        standin.user_sends(ALEX, f"/start {kent['alex'].code}")
        await standin.wait_for_bot_messages(ALEX, 2, timeout=15)
        await asyncio.sleep(2.0)  # time for a resend, if there were one
    said = texts(standin, ALEX)
    assert len(said) == 2 and "Hi Alex!" in said[0] and "keep what you tell me" in said[1]
    sends = [params for method, params in standin.calls if method == "sendMessage"]
    assert len([p for p in sends if str(p.get("chat_id")) == str(ALEX)]) == 2
    first, second = rows_for(db, ALEX)
    assert first.status == OutboxStatus.FAILED and "unconfirmed" in (first.last_error or "")
    assert second.status == OutboxStatus.SENT
    assert standin.rate_violations == 0


BURST = 200
FIRST_NEW = 900_001


async def test_a_burst_of_new_users_breaks_no_limit(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    codes = []
    with unit_of_work(db) as uow:
        for n in range(BURST):
            invite = create_invite(uow, "kent", f"New{n}", date(2008, 1, 1), clock.now())
            codes.append(invite.code)
    for n in range(BURST):
        standin.add_user(FIRST_NEW + n, f"New{n}")
    async with run_bot():
        for n, code in enumerate(codes):
            standin.user_sends(FIRST_NEW + n, f"/start {code}")

        def everyone_answered() -> bool:
            return all(len(standin.bot_messages(FIRST_NEW + n)) >= 2 for n in range(BURST))

        await standin.wait_until(everyone_answered, timeout=120)
        await asyncio.sleep(1.0)
    assert standin.rate_violations == 0
    assert all(len(standin.bot_messages(FIRST_NEW + n)) == 2 for n in range(BURST))


async def test_photo_and_document_answers_arrive(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        seed_people(db, 2, clock.now())
        people = await alex.open_people(menu)
        picture, _again = await alex.tap(people, "See my people", 2)
        [data_menu] = await alex.send("/data", 1)
        _summary, document, _after = await alex.tap(data_menu, "What you hold about me", 3)
    assert standin.file_bytes(picture["photo"][-1]["file_id"]).startswith(b"\x89PNG")
    exported = json.loads(standin.file_bytes(document["document"]["file_id"]))
    assert [p["name"] for p in exported["people"]] == ["Person 1", "Person 2"]
    kinds = {row.method: row for row in rows_for(db, ALEX)}
    assert kinds["photo"].status == OutboxStatus.SENT and kinds["photo"].attachment is None
    assert kinds["document"].status == OutboxStatus.SENT and kinds["document"].attachment is None
