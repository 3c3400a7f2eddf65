"""The durable inbox through the real frameworks (issue #15).

Every update is stored (encrypted) before it is acknowledged; polling moves the offset only
past stored updates; the webhook answers 200 only after the insert commits; what was stored
but not handled is handled after a restart; broken bodies are refused and logged without
content; duplicates are stored once and handled once.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

import bot.inbox
import bot.poller
from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from storage.db import Database
from storage.inbox import InboxRepo
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, TOKEN, AdapterFactory

BOT_ID = 123456
SECRET = "s3cret-value"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
WELCOME = ("Hi Alex!", "keep what you tell me")


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Back off briefly, and don't wait long for a handler that never ends."""
    monkeypatch.setattr(bot.poller, "MIN_BACKOFF", 0.02)
    monkeypatch.setattr(bot.poller, "MAX_BACKOFF", 0.1)
    monkeypatch.setattr(bot.inbox, "SHUTDOWN_WAIT", 0.2)


@pytest.fixture
def webhook() -> dict[str, Any]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    hook = f"http://127.0.0.1:{port}/telegram/hook"
    return {"WEBHOOK_URL": hook, "WEBHOOK_SECRET": SECRET, "PORT": port}


class DatabaseSwitch:
    """Makes storing into the inbox fail (as a database that is down) while ``down``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.down = False
        self.refused = 0
        real = InboxRepo.store

        def store(repo: InboxRepo, *args: Any, **kwargs: Any) -> list[int]:
            if self.down:
                self.refused += 1
                raise OperationalError("INSERT", {}, Exception("database is down"))
            return real(repo, *args, **kwargs)

        monkeypatch.setattr(InboxRepo, "store", store)


def logged(caplog: pytest.LogCaptureFixture) -> str:
    """What the bot and the frameworks logged at INFO and above, as `lifelinks run` would.

    httpx and httpcore are left out: they log request URLs, and `setup_logging` mutes them.
    """
    quiet = ("httpx", "httpcore")
    return "\n".join(
        record.getMessage() for record in caplog.records if not record.name.startswith(quiet)
    )


def waiting(db: Database) -> int:
    with unit_of_work(db) as uow:
        return uow.inbox.count_waiting(BOT_ID)


def welcome_count(standin: BotApiStandIn) -> list[str]:
    return [m.get("text") or "" for m in standin.bot_messages(ALEX)]


def start_update(update_id: int, code: str, name: str = "Alex") -> dict[str, Any]:
    text_ = f"/start {code}"
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1_700_000_000,
            "chat": {"id": ALEX, "type": "private", "first_name": name},
            "from": {"id": ALEX, "is_bot": False, "first_name": name},
            "text": text_,
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


def assert_welcomed_once(standin: BotApiStandIn) -> None:
    sent = welcome_count(standin)
    assert len(sent) == 2, sent
    assert WELCOME[0] in sent[0] and WELCOME[1] in sent[1]


# --------------------------------------------------------------------------- restart
async def test_an_update_stored_but_not_handled_is_handled_after_a_restart(
    standin: BotApiStandIn,
    run_adapter: AdapterFactory,
    kent: dict[str, Any],
    db: Database,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    crashed = asyncio.Event()

    async def crash_before_handling(_inbox: Any, _row: Any) -> None:
        crashed.set()
        await asyncio.Event().wait()  # the process dies here: cancelled on shutdown

    with monkeypatch.context() as patch:
        patch.setattr(bot.inbox.Inbox, "_handle", crash_before_handling)
        async with run_adapter():
            standin.user_sends(ALEX, f"/start {kent['alex'].code}")
            await asyncio.wait_for(crashed.wait(), 5)
            assert waiting(db) == 1
    assert welcome_count(standin) == []
    with db.engine.connect() as conn:
        raw = repr([tuple(r) for r in conn.execute(text("SELECT * FROM inbox_update"))])
    assert kent["alex"].code not in raw and "Alex" not in raw  # encrypted at rest
    # A PostgreSQL worker takes over a dead worker's rows once the lease ran out.
    clock.advance(timedelta(minutes=3))
    async with run_adapter() as adapter:
        await standin.wait_for_bot_messages(ALEX, 2)
        await adapter.inbox.drain()
        standin.user_sends(ALEX, "hello again")  # same chat, so handled after any double
        await standin.wait_for_bot_messages(ALEX, 3)
        await adapter.inbox.drain()
    sent = welcome_count(standin)
    assert WELCOME[0] in sent[0] and WELCOME[1] in sent[1]
    assert sum(WELCOME[0] in s for s in sent) == 1
    assert waiting(db) == 0
    with unit_of_work(db) as uow:
        row = uow.inbox.get(BOT_ID, min(_ids(db)))
        assert row is not None and row.body is None  # handled: content forgotten


def _ids(db: Database) -> list[int]:
    with db.engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT update_id FROM inbox_update"))]


# --------------------------------------------------------------------------- polling
async def test_polling_keeps_the_offset_while_the_database_is_down(
    standin: BotApiStandIn,
    run_adapter: AdapterFactory,
    kent: dict[str, Any],
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    switch = DatabaseSwitch(monkeypatch)
    caplog.set_level(logging.INFO)
    async with run_adapter() as adapter:
        switch.down = True
        standin.user_sends(ALEX, f"/start {kent['alex'].code}")
        await standin.wait_until(lambda: switch.refused >= 3)
        # Not stored, so not acknowledged: Telegram still holds it, and nothing was handled.
        assert standin.pending_update_count == 1
        assert waiting(db) == 0 and welcome_count(standin) == []
        switch.down = False
        await standin.wait_for_bot_messages(ALEX, 2)
        await adapter.inbox.drain()
        await standin.wait_idle()
    assert_welcomed_once(standin)
    lines = logged(caplog)
    assert "could not store 1 update(s) (OperationalError)" in lines
    assert kent["alex"].code not in lines and "first_name" not in lines and "Alex" not in lines
    assert TOKEN not in lines


async def test_polling_duplicates_are_stored_once_and_handled_once(
    standin: BotApiStandIn, run_adapter: AdapterFactory, kent: dict[str, Any], db: Database
) -> None:
    async with run_adapter() as adapter:
        update_id = standin.queue_update(start_update(0, kent["alex"].code) | {"update_id": None})
        await standin.wait_for_bot_messages(ALEX, 2)
        await adapter.inbox.drain()
        standin.redeliver(update_id)
        standin.redeliver(update_id)
        await standin.wait_idle()
        standin.user_sends(ALEX, "hello")
        await standin.wait_for_bot_messages(ALEX, 3)
        await adapter.inbox.drain()
    sent = welcome_count(standin)
    assert sum(WELCOME[0] in s for s in sent) == 1
    assert _ids(db).count(update_id) == 1


# --------------------------------------------------------------------------- webhook
async def test_webhook_answers_200_only_after_the_update_is_stored(
    standin: BotApiStandIn,
    run_adapter: AdapterFactory,
    kent: dict[str, Any],
    db: Database,
    webhook: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    switch = DatabaseSwitch(monkeypatch)
    update = start_update(777, kent["alex"].code)
    async with run_adapter(**webhook) as adapter, httpx.AsyncClient() as client:
        assert standin.webhook_url == webhook["WEBHOOK_URL"]
        switch.down = True
        failed = await client.post(webhook["WEBHOOK_URL"], json=update, headers=HEADERS)
        assert failed.status_code == 500
        assert waiting(db) == 0 and _ids(db) == []
        switch.down = False
        # Telegram sends it again after a 500; this time it is stored, then acknowledged.
        stored = await client.post(webhook["WEBHOOK_URL"], json=update, headers=HEADERS)
        assert stored.status_code == 200
        assert _ids(db) == [777]
        await standin.wait_for_bot_messages(ALEX, 2)
        await adapter.inbox.drain()
        again = await client.post(webhook["WEBHOOK_URL"], json=update, headers=HEADERS)
        assert again.status_code == 200
        await adapter.inbox.drain()
    assert_welcomed_once(standin)
    with unit_of_work(db) as uow:
        assert uow.updates.was_processed(BOT_ID, 777)


async def test_webhook_resends_from_telegram_after_a_500_are_handled_once(
    standin: BotApiStandIn,
    run_adapter: AdapterFactory,
    kent: dict[str, Any],
    db: Database,
    webhook: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    switch = DatabaseSwitch(monkeypatch)
    async with run_adapter(**webhook) as adapter:
        switch.down = True
        standin.user_sends(ALEX, f"/start {kent['alex'].code}")
        await standin.wait_until(lambda: switch.refused >= 2)
        assert standin.pending_update_count == 1  # Telegram keeps it and tries again
        switch.down = False
        await standin.wait_for_bot_messages(ALEX, 2)
        await standin.wait_idle()
        await adapter.inbox.drain()
    assert_welcomed_once(standin)


NAME = "Zebedee"  # a name that must never reach a log line


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"[]", 400),
        (b'"x"', 400),
        (b"{}", 400),
        (json.dumps({"message": {"text": NAME, "from": {"first_name": NAME}}}).encode(), 400),
        (json.dumps({"update_id": "1", "message": {"text": NAME}}).encode(), 400),
        (json.dumps([{"update_id": 5, "message": {"text": NAME}}]).encode(), 400),
        (f"{{'update_id': 5, 'text': '{NAME}'".encode(), 400),
        (json.dumps({"update_id": 6, "message": {"text": NAME * 200_000}}).encode(), 413),
    ],
)
async def test_webhook_refuses_broken_bodies_and_logs_no_content(
    standin: BotApiStandIn,
    run_adapter: AdapterFactory,
    db: Database,
    webhook: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    status: int,
) -> None:
    caplog.set_level(logging.INFO)
    async with run_adapter(**webhook) as adapter, httpx.AsyncClient() as client:
        headers = HEADERS | {"Content-Type": "application/json"}
        answer = await client.post(webhook["WEBHOOK_URL"], content=body, headers=headers)
        assert answer.status_code == status
        wrong_method = await client.get(webhook["WEBHOOK_URL"], headers=HEADERS)
        assert wrong_method.status_code == 405
        no_secret = await client.post(webhook["WEBHOOK_URL"], content=body)
        assert no_secret.status_code in (401, 403)
        await adapter.inbox.drain()
    assert _ids(db) == []
    lines = logged(caplog)
    assert f"({status})" in lines and "bytes" in lines
    assert NAME not in lines and "first_name" not in lines and "{" not in lines


async def test_webhook_duplicates_are_stored_once_and_handled_once(
    standin: BotApiStandIn,
    run_adapter: AdapterFactory,
    kent: dict[str, Any],
    db: Database,
    webhook: dict[str, Any],
) -> None:
    update = start_update(900, kent["alex"].code)
    async with run_adapter(**webhook) as adapter, httpx.AsyncClient() as client:
        answers = await asyncio.gather(
            *[client.post(webhook["WEBHOOK_URL"], json=update, headers=HEADERS) for _ in range(5)]
        )
        assert [a.status_code for a in answers] == [200] * 5
        await standin.wait_for_bot_messages(ALEX, 2)
        await adapter.inbox.drain()
    assert_welcomed_once(standin)
    assert _ids(db) == [900]
    assert waiting(db) == 0
