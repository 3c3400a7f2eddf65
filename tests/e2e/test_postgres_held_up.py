"""PostgreSQL holding up one update's transaction, over HTTP on both frameworks.

The engine runs on the event loop (storage.onloop). Here another session holds the key Alex's
update needs (as a second worker's open transaction would), so the engine's first statement
waits. At the bound the call is cut and run again in a thread. Meanwhile the bot goes on: Sam
is answered while Alex's update still waits. Once the key is free, Alex is answered once,
without "Something went wrong".
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import text

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from dialogs.texts import t
from storage.db import Database
from tests.e2e.conftest import ALEX, SAM, AdapterFactory
from tests.support.polling import until

BOUND = 0.3  # seconds an inline call may take here
HOLD_KEY = text(
    "INSERT INTO processed_update (bot_id, update_id, processed_at, outcome)"
    " VALUES (:bot_id, :update_id, :now, 'ok')"
)


async def test_an_update_held_up_is_handled_once_while_other_chats_go_on(
    standin: BotApiStandIn,
    run_adapter: AdapterFactory,
    kent: dict[str, Any],
    db: Database,
    clock: FakeClock,
) -> None:
    if not db.is_postgres:
        pytest.skip("PostgreSQL only: SQLite calls are never cut")
    db.on_loop.bound = BOUND
    async with run_adapter() as adapter:
        holder = db.engine.connect()
        params = {"bot_id": 123456, "update_id": standin.world._next_update_id, "now": clock.now()}
        holder.execute(HOLD_KEY, params)  # not committed: Alex's claim waits for it
        try:
            standin.user_sends(ALEX, f"/start {kent['alex'].code}")
            assert await until(lambda: db.on_loop.cuts == 1, 10), "the held call was not cut"
            standin.user_sends(SAM, "/caseload")
            await standin.wait_for_bot_messages(SAM, 1)
            assert standin.bot_messages(ALEX) == []  # still held
        finally:
            await asyncio.to_thread(holder.rollback)
            holder.close()
        welcome = await standin.wait_for_bot_messages(ALEX, 2)
        await adapter.inbox.drain()
        await standin.wait_idle()
    said = [m.get("text", "") for m in standin.bot_messages(ALEX)]
    assert len(said) == 2 and welcome[0]["text"] == said[0]
    assert t("error.generic") not in said
    assert "Hi Alex!" in said[0]
    assert not db.on_loop.suspect
