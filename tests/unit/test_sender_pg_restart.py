"""The outbox sender's lock across a PostgreSQL restart (issue #15).

A restart ends every session, and the sender's advisory lock with it. Two senders (two
processes' worth: each its own engine and pool) run against a throw-away server of this
module's own, which is restarted under them. Afterwards exactly one holds the lock, it took
it again within a few seconds, and every row went out once.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

import pytest

from bot.standin import BotApiStandIn
from scheduler.outbox.sender import OutboxSender
from storage.advisory import SENDER_LOCK_KEY
from storage.db import Database
from storage.migrate import upgrade
from tests.support.postgres import PostgresServer, advisory_holders
from tests.support.sender import (
    ALEX,
    BO,
    Recorder,
    Warp,
    enqueue,
    make_sender,
    stop_sender,
    texts,
    unsent,
)
from tests.support.sender import speed as speed  # the fixture
from tests.support.sender import standin as standin  # the fixture
from tests.support.sender import transport as transport  # the fixture
from tests.support.sender import warp as warp  # the fixture

pytestmark = pytest.mark.postgres
RETAKE_WITHIN = 5.0  # real seconds from the server being back to one sender holding the lock


def lock_holders(db: Database) -> int:
    """Sessions holding the sender's advisory lock, as PostgreSQL sees them."""
    return advisory_holders(db, SENDER_LOCK_KEY)


def holding(*senders: OutboxSender) -> list[OutboxSender]:
    """The senders that believe they hold the lock."""
    return [s for s in senders if s._lock.held]


async def until(check: object, seconds: float) -> bool:
    """Poll ``check()`` (which may raise while the server is down) for ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):  # the server may still be coming back
            if check():  # type: ignore[operator]
                return True
        await asyncio.sleep(0.02)
    return False


async def test_a_postgres_restart_leaves_one_sender_which_retakes_the_lock_at_once(
    own_postgres_server: PostgresServer,
    warp: Warp,
    standin: BotApiStandIn,
    transport: Recorder,
) -> None:
    url = own_postgres_server.url()
    setup = Database(url)
    upgrade(setup)
    one, two = Database(url), Database(url)  # two processes: an engine and a pool each
    first, second = make_sender(one, transport, warp), make_sender(two, transport, warp)
    tasks = [asyncio.create_task(first.run_forever(interval=0.5))]
    assert await until(lambda: first._lock.held, 10)
    tasks.append(asyncio.create_task(second.run_forever(interval=0.5)))
    try:
        before = [f"before {n}" for n in range(6)]
        for n, said in enumerate(before):
            enqueue(setup, warp, (ALEX, BO)[n % 2], said)
        assert await until(lambda: not unsent(setup), 30)

        await asyncio.to_thread(own_postgres_server.restart)
        back = time.monotonic()
        # Exactly one holder again, as PostgreSQL and the senders see it, within seconds.
        assert await until(
            lambda: lock_holders(setup) == 1 and len(holding(first, second)) == 1,
            RETAKE_WITHIN,
        ), f"holders: {len(holding(first, second))} (one expected)"
        retaken = time.monotonic() - back

        after = [f"after {n}" for n in range(6)]
        for n, said in enumerate(after):
            enqueue(setup, warp, (ALEX, BO)[n % 2], said)
        assert await until(lambda: not unsent(setup), 30), "rows left undelivered"
        # Still one holder a while later (no second sender crept in).
        await asyncio.sleep(0.5)
        assert lock_holders(setup) == 1 and len(holding(first, second)) == 1
    finally:
        for sender, task in zip((first, second), tasks, strict=False):
            await stop_sender(sender, task)
        for db in (one, two, setup):
            db.dispose()
    # Each row once, in order per chat, within the limits.
    every = before + after
    assert texts(standin, ALEX) == [s for n, s in enumerate(every) if n % 2 == 0]
    assert texts(standin, BO) == [s for n, s in enumerate(every) if n % 2 == 1]
    assert standin.rate_violations == 0
    print(f"\nsender lock taken again {retaken:.2f} s after PostgreSQL was back")
