"""The worker's stable id and its lock (issue #15): a restarted worker takes back its rows.

On PostgreSQL, a worker holds an advisory lock on its id for its life. A worker starting
under its own id takes back the rows claimed under that id at once; a second live process
with the same id falls back to a fresh id and leaves them alone.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import text

from bot.inbox import Inbox
from bot.settings import Settings, settings_problem
from bot.worker_id import WorkerIdLock, default_worker_id, resolve_worker_id
from dialogs.core.clock import FakeClock
from storage.advisory import SENDER_LOCK_KEY, TAKEOVER_GRACE, AdvisoryLock, SenderLock, key_for
from storage.db import Database
from storage.inbox import InboxRepo, Incoming
from storage.uow import unit_of_work
from tests.support.postgres import PostgresServer, advisory_holders, fresh_database

BOT = 42


def _settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


# --------------------------------------------------------------------------- the id
def test_the_default_id_is_the_host_and_port_so_it_survives_a_restart() -> None:
    assert default_worker_id(8081, "app-1") == "app-1-8081"
    assert default_worker_id(8081, "app-1") == default_worker_id(8081, "app-1")
    assert default_worker_id(8082, "app-1") != default_worker_id(8081, "app-1")
    long = default_worker_id(8081, "h" * 80 + " é")
    assert len(long) == 40 and long.endswith("-8081")
    assert default_worker_id(8080, "a b/c") == "a-b-c-8080"


def test_a_configured_id_wins_and_a_bad_one_is_one_clear_line() -> None:
    assert resolve_worker_id("lifelinks@8081", 8081, "host") == "lifelinks@8081"
    assert resolve_worker_id(None, 8081, "host") == "host-8081"
    assert _settings(LIFELINKS_WORKER_ID="w2", PORT=9000).worker_id == "w2"
    assert _settings(LIFELINKS_WORKER_ID="  ", PORT=9000).worker_id.endswith("-9000")
    for bad in ("x" * 41, "has space", "semi;colon", "ü"):
        with pytest.raises(ValidationError) as caught:
            _settings(LIFELINKS_WORKER_ID=bad)
        line = settings_problem(caught.value)
        assert line.startswith("LIFELINKS_WORKER_ID must be") and bad not in line


async def test_on_sqlite_the_wanted_id_is_always_this_processes(sqlite_db: Database) -> None:
    ids = WorkerIdLock(sqlite_db, "w1")
    assert ids.acquire() == "w1" and ids.own and ids.keep() == "w1"
    ids.release()


# --------------------------------------------------------------------------- the lock
@pytest.fixture
def pg(postgres_server: PostgresServer) -> Any:
    database = fresh_database(postgres_server)
    yield database
    database.dispose()


def _backend_of(lock: AdvisoryLock) -> int:
    assert lock._conn is not None
    return int(lock._conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _terminate(db: Database, pid: int) -> None:
    """End a session as a PostgreSQL restart would, and wait until it is gone.

    ``pg_terminate_backend`` only signals the backend: its locks go when it has exited.
    """
    with db.engine.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        conn.commit()
        alive = text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid")
        deadline = time.monotonic() + 10
        while conn.execute(alive, {"pid": pid}).scalar_one() and time.monotonic() < deadline:
            conn.rollback()  # a fresh snapshot of pg_stat_activity each look
            time.sleep(0.01)


@pytest.mark.postgres
def test_an_advisory_lock_is_one_sessions_and_never_goes_back_to_the_pool(pg: Database) -> None:
    key = key_for("test")
    a, b = AdvisoryLock(pg.engine, key), AdvisoryLock(pg.engine, key)
    assert a.try_acquire() and a.alive()
    assert not b.try_acquire() and not b.held
    assert advisory_holders(pg, key) == 1
    # Its session ends (a database restart, a dropped connection): the lock is gone, and
    # alive() notices from the server, then b can take it.
    _terminate(pg, _backend_of(a))
    assert not a.alive() and not a.held
    assert b.try_acquire() and b.alive()
    b.release()
    assert advisory_holders(pg, key) == 0
    # Pooled connections never carry the lock: every session the pool hands out is free.
    assert a.try_acquire()
    for _ in range(pg.engine.pool.size() + 2):  # type: ignore[attr-defined]
        with pg.engine.connect() as conn:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
            assert got is False
    a.release()
    assert advisory_holders(pg, key) == 0


@pytest.mark.postgres
def test_a_second_process_with_a_held_id_falls_back_to_a_fresh_one(
    pg: Database, caplog: pytest.LogCaptureFixture
) -> None:
    first = WorkerIdLock(pg, "lifelinks@8081")
    assert first.acquire() == "lifelinks@8081" and first.own
    second = WorkerIdLock(pg, "lifelinks@8081", wait=0.3, sleep=lambda _s: None)
    with caplog.at_level(logging.WARNING):
        got = second.acquire()
    assert got != "lifelinks@8081" and got.startswith("run-") and not second.own
    lines = [r.getMessage() for r in caplog.records if "in use" in r.getMessage()]
    assert len(lines) == 1 and pg.url not in lines[0]
    # Once the first process is gone, a restart under the id holds it again.
    first.release()
    third = WorkerIdLock(pg, "lifelinks@8081", wait=0.3)
    assert third.acquire() == "lifelinks@8081" and third.own
    third.release()
    second.release()


@pytest.mark.postgres
def test_a_lost_id_lock_is_taken_again_or_the_id_changes(pg: Database) -> None:
    ids = WorkerIdLock(pg, "w1")
    assert ids.acquire() == "w1"
    assert ids._lock is not None
    _terminate(pg, _backend_of(ids._lock))  # the database dropped the session
    assert ids.keep() == "w1" and ids.own  # taken again at once
    _terminate(pg, _backend_of(ids._lock))
    other = WorkerIdLock(pg, "w1", wait=0)
    assert other.acquire() == "w1"  # another process won the id meanwhile
    changed = ids.keep()
    assert changed != "w1" and not ids.own  # never two live processes under one id
    other.release()


@pytest.mark.postgres
def test_one_sender_lock_holder_and_a_new_holder_waits_for_the_old_one_to_notice(
    pg: Database,
) -> None:
    now = [0.0]
    a, b = SenderLock(pg, lambda: now[0]), SenderLock(pg, lambda: now[0])
    assert a.acquire() and not b.acquire()  # a first start sends at once
    assert a._lock is not None
    _terminate(pg, _backend_of(a._lock))  # a PostgreSQL restart ends a's session
    # b takes the lock at once but does not send yet: a may not know it lost the lock.
    assert not b.acquire() and advisory_holders(pg, SENDER_LOCK_KEY) == 1
    assert not a.alive() and not a.held  # a notices at its next look
    now[0] += TAKEOVER_GRACE / 2
    assert not b.acquire() and not a.acquire()
    now[0] += TAKEOVER_GRACE / 2
    assert b.acquire() and b.alive() and not a.acquire()  # exactly one holder
    b.release()
    assert advisory_holders(pg, SENDER_LOCK_KEY) == 0
    assert not a.acquire()  # a lost it before: it waits its grace too
    now[0] += TAKEOVER_GRACE
    assert a.acquire() and a.alive()
    a.release()


# --------------------------------------------------------------------------- the inbox
def _row(update_id: int, chat: int = 9) -> Incoming:
    body = f'{{"update_id":{update_id},"message":{{"chat":{{"id":{chat}}},"text":"hi"}}}}'
    return Incoming(update_id, chat, body)


def _recorder(db: Database, clock: FakeClock, fed: list[int]) -> Any:
    async def feed(update: dict[str, Any]) -> None:
        fed.append(update["update_id"])
        with unit_of_work(db) as uow:
            uow.updates.claim(BOT, update["update_id"], clock.now())

    return feed


@pytest.mark.postgres
async def test_a_restarted_worker_takes_back_its_own_rows_at_once(
    pg: Database, clock: FakeClock
) -> None:
    # The killed run stored 3 and 4 under "w1" a moment ago (the lease is far from over);
    # 5 belongs to another live worker.
    with unit_of_work(pg) as uow:
        uow.inbox.store(BOT, [_row(3), _row(4)], clock.now(), "w1")
        uow.inbox.store(BOT, [_row(5, chat=8)], clock.now(), "w2")
    fed: list[int] = []
    inbox = Inbox(pg, clock, _recorder(pg, clock, fed), worker="w1")
    await inbox.start(BOT)
    await inbox.drain()
    assert fed == [3, 4] and inbox.worker == "w1"
    with unit_of_work(pg) as uow:
        assert uow.inbox.count_waiting(BOT) == 1  # w2's row waits for its lease
    await inbox.stop()


@pytest.mark.postgres
async def test_a_live_worker_with_the_same_id_never_shares_its_rows(
    pg: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.inbox.SHUTDOWN_WAIT", 0.1)
    stuck = asyncio.Event()

    async def hangs(update: dict[str, Any]) -> None:
        stuck.set()
        await asyncio.Event().wait()  # the first process is handling it, slowly

    first = Inbox(pg, clock, hangs, worker="w1")
    await first.start(BOT)
    await first.accept([{"update_id": 7, "message": {"chat": {"id": 1}, "text": "hi"}}])
    await asyncio.wait_for(stuck.wait(), 5)
    fed: list[int] = []
    second = Inbox(pg, clock, _recorder(pg, clock, fed), worker="w1")
    second._ids.wait = 0.3  # type: ignore[union-attr]
    await second.start(BOT)
    await second.drain()
    assert fed == [] and second.worker != "w1"  # misconfigured: same id, still safe
    await second.stop()
    await first.stop()


@pytest.mark.postgres
async def test_own_rows_are_taken_back_by_the_sweep_if_the_database_was_down_at_start(
    pg: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with unit_of_work(pg) as uow:
        uow.inbox.store(BOT, [_row(3)], clock.now(), "w1")
    real = InboxRepo.take_over
    calls: list[str | None] = []

    def down_once(self: InboxRepo, *args: Any, **kwargs: Any) -> Any:
        calls.append(args[-1] if len(args) >= 7 else kwargs.get("own"))
        if len(calls) == 1:
            raise OSError("the database is down")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(InboxRepo, "take_over", down_once)
    fed: list[int] = []
    inbox = Inbox(pg, clock, _recorder(pg, clock, fed), worker="w1")
    await inbox.start(BOT)
    assert fed == []
    await inbox.sweep()  # the database answers again: the lease is far from over
    await inbox.drain()
    assert fed == [3] and calls == ["w1", "w1"]
    await inbox.sweep()
    assert calls[-1] is None  # later sweeps take over expired claims only
    await inbox.stop()
