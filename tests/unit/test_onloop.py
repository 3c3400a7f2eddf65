"""Database calls on the event loop: inline and fast while PostgreSQL answers, bounded when not.

A PostgreSQL call held up (a row another session keeps locked, a backend stopped with
SIGSTOP as in the fault matrix's "postgres stalled") holds the event loop for at most the
bound: its connection is cut, the call runs again in a thread, and the loop's other work
(its timers, other chats) goes on meanwhile. Without pre-ping, a pooled connection that a
restart closed is replaced at checkout, and no call fails.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator

import pytest
from sqlalchemy import event, text

from bot.standin import BotApiStandIn
from storage.db import Database
from storage.onloop import Stalled
from tests.support.polling import until
from tests.support.postgres import PostgresServer, fresh_database
from tests.support.sender import (
    ALEX,
    BO,
    Recorder,
    Warp,
    enqueue,
    make_sender,
    rows,
    run_until_done,
    texts,
)
from tests.support.sender import speed as speed  # the fixture
from tests.support.sender import standin as standin  # the fixture
from tests.support.sender import transport as transport  # the fixture
from tests.support.sender import warp as warp  # the fixture

BOUND = 0.3  # seconds: short, so the tests are quick
HELD = 1.5  # seconds a call is held up


@pytest.fixture
def pg(postgres_server: PostgresServer) -> Iterator[Database]:
    """A migrated PostgreSQL database with a short bound on its inline calls."""
    db = fresh_database(postgres_server)
    db.on_loop.bound = BOUND
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE probe (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"))
        conn.execute(text("INSERT INTO probe VALUES (1, 0)"))
    yield db
    db.dispose()


class Ticker:
    """A task ticking every 20 ms: the longest gap is how long the loop was held."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        while True:
            self.times.append(time.monotonic())
            await asyncio.sleep(0.02)

    def start(self) -> None:
        self._task = asyncio.create_task(self._tick())

    async def stop(self) -> None:
        assert self._task is not None
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)

    def longest_gap(self) -> float:
        return max(b - a for a, b in zip(self.times, self.times[1:], strict=False))

    def ticks_after(self, moment: float) -> int:
        return sum(t > moment for t in self.times)


@pytest.fixture
async def ticker() -> AsyncIterator[Ticker]:
    running = Ticker()
    running.start()
    yield running
    await running.stop()


def hold_row(db: Database) -> Callable[[], None]:
    """Lock probe row 1 in another session (as another worker would); returns its release."""
    conn = db.engine.connect()
    conn.execute(text("SELECT n FROM probe WHERE id = 1 FOR UPDATE"))

    def release() -> None:
        conn.commit()
        conn.close()

    return release


ADD_TEN = text("UPDATE probe SET n = n + 10 WHERE id = 1 RETURNING n")


def add_ten(db: Database) -> int:
    with db.engine.begin() as conn:
        return int(conn.execute(ADD_TEN).scalar_one())


def probe(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text("SELECT n FROM probe WHERE id = 1")).scalar_one())


async def release_later(release: Callable[[], None], seconds: float = HELD) -> None:
    await asyncio.sleep(seconds)
    await asyncio.to_thread(release)


# ---------------------------------------------------------------------------- SQLite
async def test_sqlite_calls_run_inline_on_the_loop_thread(sqlite_db: Database) -> None:
    calls = sqlite_db.on_loop
    assert await calls.run(threading.current_thread) is threading.current_thread()
    assert not calls.postgres and calls.cuts == 0


# ---------------------------------------------------------------------------- PostgreSQL
@pytest.mark.postgres
async def test_a_fast_call_runs_inline_on_the_loop_thread_without_a_ping(pg: Database) -> None:
    statements: list[str] = []
    event.listen(pg.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

    def call() -> threading.Thread:
        with pg.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return threading.current_thread()

    assert await pg.on_loop.run(call) is threading.current_thread()
    assert await pg.on_loop.run(call) is threading.current_thread()
    assert not pg.engine.pool._pre_ping  # type: ignore[attr-defined]
    assert statements == ["SELECT 1", "SELECT 1"]
    assert pg.on_loop.cuts == 0 and not pg.on_loop.suspect


@pytest.mark.postgres
async def test_a_held_up_call_is_cut_at_its_bound_then_done_once_in_a_thread(
    pg: Database, ticker: Ticker
) -> None:
    release = hold_row(pg)
    releasing = asyncio.create_task(release_later(release))
    started = time.monotonic()
    assert await pg.on_loop.run(lambda: add_ten(pg)) == 10
    await releasing
    # The loop was held for the bound (and a little), not for the whole wait.
    assert time.monotonic() - started >= HELD
    assert ticker.longest_gap() < BOUND + 0.5
    assert ticker.ticks_after(started + BOUND + 0.2) >= 10
    assert probe(pg) == 10  # the cut attempt rolled back: done once
    assert pg.on_loop.cuts == 1
    assert not pg.on_loop.suspect  # the thread's success cleared it: inline again
    assert await pg.on_loop.run(threading.current_thread) is threading.current_thread()


@pytest.mark.postgres
async def test_a_call_that_swallows_the_cut_is_still_run_again(pg: Database) -> None:
    """The engine catches its own errors and answers with an apology: that answer is dropped,
    and the update is handled again in a thread."""

    def engine_like() -> str:
        try:
            return f"handled {add_ten(pg)}"
        except Exception:
            try:  # the engine records the failure: no new connection while cut
                add_ten(pg)
            except Stalled:
                return "apology, unstored"
            return "apology, stored"

    release = hold_row(pg)
    releasing = asyncio.create_task(release_later(release))
    assert await pg.on_loop.run(engine_like) == "handled 10"
    await releasing
    assert probe(pg) == 10


@pytest.mark.postgres
async def test_without_retry_the_cut_is_raised_and_the_next_call_goes_to_a_thread(
    pg: Database, ticker: Ticker
) -> None:
    release = hold_row(pg)
    with pytest.raises(Stalled):
        await pg.on_loop.run(lambda: add_ten(pg), retry=False)
    assert pg.on_loop.suspect
    releasing = asyncio.create_task(release_later(release, 0.5))
    assert await pg.on_loop.run(threading.current_thread) is not threading.current_thread()
    assert await pg.on_loop.run(lambda: add_ten(pg)) == 10  # waits in a thread for the lock
    await releasing
    assert not pg.on_loop.suspect


@pytest.mark.postgres
async def test_a_stopped_backend_holds_the_loop_only_for_the_bound(
    pg: Database, ticker: Ticker
) -> None:
    """The fault matrix's stall: the server's process stops (its kernel still acknowledges
    every packet, so no TCP timeout can tell); the watchdog still cuts the call."""

    def backend() -> int:
        with pg.engine.connect() as conn:
            return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())

    pid = await pg.on_loop.run(backend)  # the pooled connection the next call gets
    os.kill(pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        assert await pg.on_loop.run(lambda: add_ten(pg)) == 10  # a new connection, in a thread
        assert time.monotonic() - started < BOUND + 5.0
        assert ticker.longest_gap() < BOUND + 0.5
        assert pg.on_loop.cuts == 1
    finally:
        os.kill(pid, signal.SIGCONT)


@pytest.mark.postgres
async def test_a_slow_call_sends_the_next_calls_to_threads_for_a_while(pg: Database) -> None:
    """A loaded server (each round trip slow): threads overlap the waits of several chats."""
    calls, now = pg.on_loop, [0.0]
    calls.spell_clock = lambda: now[0]
    await calls.run(lambda: probe(pg))  # opens the connection: never counted as slow

    def slow() -> None:
        with pg.engine.connect() as conn:
            conn.execute(text("SELECT pg_sleep(:s)"), {"s": calls.slow + 0.05})

    await calls.run(slow)
    assert calls.slow_spells == 1 and calls.cuts == 0
    assert await calls.run(threading.current_thread) is not threading.current_thread()
    now[0] += calls.slow_spell - 0.1
    assert await calls.run(threading.current_thread) is not threading.current_thread()
    now[0] += 0.2  # the spell is over: one call measures the pace again, on the loop
    assert await calls.run(lambda: probe(pg)) == 0
    assert await calls.run(threading.current_thread) is threading.current_thread()
    assert calls.slow_spells == 1


# ---------------------------------------------------------------------------- restart
@pytest.mark.postgres
async def test_after_a_restart_pooled_connections_are_replaced_and_no_call_fails(
    own_postgres_server: PostgresServer,
) -> None:
    db = Database(own_postgres_server.url())
    try:

        def backend() -> int:
            with db.engine.connect() as conn:
                return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())

        before = {await db.on_loop.run(backend) for _ in range(3)}
        await asyncio.to_thread(own_postgres_server.restart)
        after = await db.on_loop.run(backend)  # no OperationalError: replaced at checkout
        assert after not in before
        assert await db.on_loop.run(backend) == after  # and pooled again
        assert db.on_loop.cuts == 0
    finally:
        db.dispose()


# ---------------------------------------------------------------------------- the outbox
@pytest.mark.postgres
async def test_a_claim_held_up_is_cut_and_the_message_goes_out_once(
    pg: Database,
    warp: Warp,
    standin: BotApiStandIn,
    transport: Recorder,
    ticker: Ticker,
) -> None:
    """Another session holds the row (as a second worker's transaction would): the claim is
    cut at the bound, the sender's loop goes on (Bo's message goes out meanwhile), and the
    claim, run again in a thread, sends Alex's message once when the row is free."""
    held_id = enqueue(pg, warp, ALEX, "held up")
    conn = pg.engine.connect()
    conn.execute(text("SELECT id FROM outbox WHERE id = :id FOR UPDATE"), {"id": held_id})

    def release() -> None:
        conn.commit()
        conn.close()

    sender = make_sender(pg, transport, warp)
    started = time.monotonic()
    task = asyncio.create_task(run_until_done(sender, pg))
    assert await until(lambda: pg.on_loop.cuts == 1, 10)
    enqueue(pg, warp, BO, "not held")
    sender.poke()
    await standin.wait_for_bot_messages(BO, 1)  # while Alex's row is still held
    assert texts(standin, ALEX) == []
    await asyncio.to_thread(release)
    await task
    assert texts(standin, ALEX) == ["held up"] and texts(standin, BO) == ["not held"]
    assert ticker.longest_gap() < BOUND + 0.5
    assert time.monotonic() - started > BOUND
    statuses = {r.id: r.status.value for r in rows(pg).values()}
    assert statuses[held_id] == "sent"
