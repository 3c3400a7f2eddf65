"""The inbox repository, its migration, the update checks and the poller (issue #15)."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import inspect, text

import bot.poller
from bot.inbox import BrokenUpdate, Inbox, chat_of, encode, parse_update
from bot.poller import Poller
from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from storage.db import Database
from storage.inbox import InboxRepo, Incoming
from storage.migrate import current_revision, downgrade, upgrade
from storage.repositories import UpdateRepo
from storage.uow import unit_of_work

BOT = 42
TOKEN = "42:UNIT-TOKEN"


def _incoming(update_id: int, chat: int = 9, text_: str = "hello Zebedee") -> Incoming:
    return encode({"update_id": update_id, "message": {"chat": {"id": chat}, "text": text_}})


# --------------------------------------------------------------------------- repository
def test_a_resend_is_stored_once_and_the_body_is_encrypted(db: Database, clock: FakeClock) -> None:
    with unit_of_work(db) as uow:
        assert uow.inbox.store(BOT, [_incoming(1), _incoming(2)], clock.now(), "w1") == [1, 2]
    with unit_of_work(db) as uow:
        assert uow.inbox.store(BOT, [_incoming(2), _incoming(3)], clock.now(), "w2") == [3]
        row = uow.inbox.get(BOT, 2)
        assert row is not None and row.claimed_by == "w1" and row.chat_id == 9
        assert json.loads(row.body or "")["message"]["text"] == "hello Zebedee"
        assert uow.inbox.count_waiting(BOT) == 3
    with db.engine.connect() as conn:
        raw = [tuple(r) for r in conn.execute(text("SELECT * FROM inbox_update"))]
    assert len(raw) == 3 and "Zebedee" not in repr(raw)


def test_a_store_run_again_after_a_cut_counts_its_own_rows_as_new_and_resends_still_not(
    db: Database, clock: FakeClock
) -> None:
    """Statement by statement (one round trip per update on PostgreSQL), a store cut at its
    bound may commit after all; run again (same worker, same time) it hands its rows on."""
    now = clock.now()
    with db.statements() as conn:  # the first run: committed, but its answer was lost
        assert InboxRepo(conn).store(BOT, [_incoming(1), _incoming(2)], now, "w1") == [1, 2]
    with db.statements() as conn:
        again = InboxRepo(conn).store(BOT, [_incoming(1), _incoming(3)], now, "w1", again=True)
    assert again == [1, 3]
    later = now + timedelta(seconds=1)
    with db.statements() as conn:  # another worker's or another store's: a resend, not new
        repo = InboxRepo(conn)
        assert repo.store(BOT, [_incoming(1)], now, "w2", again=True) == []
        assert repo.store(BOT, [_incoming(1)], later, "w1", again=True) == []
        assert repo.store(BOT, [_incoming(1)], now, "w1") == []
    with unit_of_work(db) as uow:
        assert uow.updates.claim(BOT, 2, later)  # handled: never handed on again
    with db.statements() as conn:
        assert InboxRepo(conn).store(BOT, [_incoming(2)], now, "w1", again=True) == []
    with unit_of_work(db) as uow:
        row = uow.inbox.get(BOT, 1)
        assert row is not None and row.claimed_by == "w1"
        assert uow.inbox.count_waiting(BOT) == 2


def test_the_engine_claim_marks_the_row_handled_and_forgets_its_body(
    db: Database, clock: FakeClock
) -> None:
    with unit_of_work(db) as uow:
        uow.inbox.store(BOT, [_incoming(1)], clock.now(), "w1")
    with unit_of_work(db) as uow:
        assert uow.updates.claim(BOT, 1, clock.now())
    with unit_of_work(db) as uow:
        row = uow.inbox.get(BOT, 1)
        assert row is not None and row.handled_at is not None
        assert row.body is None and row.outcome == "ok"
        assert uow.inbox.count_waiting(BOT) == 0
        assert not uow.updates.claim(BOT, 1, clock.now())  # the dedupe still answers


def test_a_claim_of_an_update_handled_before_closes_its_row_as_a_duplicate(
    db: Database, clock: FakeClock
) -> None:
    with unit_of_work(db) as uow:
        uow.inbox.store(BOT, [_incoming(1)], clock.now(), "w1")
        UpdateRepo(uow.session).claim(BOT, 1, clock.now())  # handled before it was stored
    with unit_of_work(db) as uow:
        assert not uow.updates.claim(BOT, 1, clock.now())
    with unit_of_work(db) as uow:
        row = uow.inbox.get(BOT, 1)
        assert row is not None and row.handled_at is not None
        assert row.body is None and row.outcome == "dup"


def test_a_claim_rolled_back_leaves_the_row_waiting(db: Database, clock: FakeClock) -> None:
    with unit_of_work(db) as uow:
        uow.inbox.store(BOT, [_incoming(1)], clock.now(), "w1")
    with pytest.raises(RuntimeError), unit_of_work(db) as uow:
        uow.updates.claim(BOT, 1, clock.now())
        raise RuntimeError("crash before commit")
    with unit_of_work(db) as uow:
        assert uow.inbox.count_waiting(BOT) == 1
        assert not uow.updates.was_processed(BOT, 1)


def test_take_over_waits_for_the_lease_and_never_hands_a_row_out_twice(
    db: Database, clock: FakeClock
) -> None:
    with unit_of_work(db) as uow:
        uow.inbox.store(BOT, [_incoming(3), _incoming(1, chat=8), _incoming(2)], clock.now(), "w1")
    lease = timedelta(minutes=2)
    with unit_of_work(db) as uow:
        assert uow.inbox.take_over(BOT, "w2", clock.now(), clock.now() - lease) == []
    clock.advance(timedelta(minutes=3))
    with unit_of_work(db) as uow:
        taken = uow.inbox.take_over(BOT, "w2", clock.now(), clock.now() - lease, skip=[2])
    assert [w.update_id for w in taken] == [1, 3] and {w.attempts for w in taken} == {2}
    with unit_of_work(db) as uow:
        # w2's claims are fresh: a third worker gets only the row w2 skipped.
        again = uow.inbox.take_over(BOT, "w3", clock.now(), clock.now() - lease)
        assert [w.update_id for w in again] == [2]
        assert uow.inbox.get(BOT, 1).claimed_by == "w2"  # type: ignore[union-attr]
        # Start-up of the only worker (SQLite) takes everything not handled.
        assert len(uow.inbox.take_over(BOT, "w4", clock.now(), None)) == 3


def test_purge_deletes_only_old_handled_rows(db: Database, clock: FakeClock) -> None:
    with unit_of_work(db) as uow:
        uow.inbox.store(BOT, [_incoming(1), _incoming(2), _incoming(3)], clock.now(), "w1")
        uow.inbox.mark_handled(BOT, 1, clock.now())
    clock.advance(timedelta(hours=25))
    with unit_of_work(db) as uow:
        uow.inbox.mark_handled(BOT, 2, clock.now())
        assert uow.inbox.purge(clock.now() - timedelta(hours=24)) == 1
        assert uow.inbox.get(BOT, 1) is None
        assert uow.inbox.get(BOT, 2) is not None and uow.inbox.get(BOT, 3) is not None


def test_migration_0009_up_and_down(db_url: str) -> None:
    db = Database(db_url)
    upgrade(db, "0008")
    assert "inbox_update" not in inspect(db.engine).get_table_names()
    upgrade(db)
    assert current_revision(db) is not None and current_revision(db) >= "0009"
    assert "inbox_update" in inspect(db.engine).get_table_names()
    downgrade(db, "0008")
    assert current_revision(db) == "0008"
    assert "inbox_update" not in inspect(db.engine).get_table_names()
    upgrade(db)
    assert "inbox_update" in inspect(db.engine).get_table_names()
    db.dispose()


# --------------------------------------------------------------------------- checks
@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"[]", "not a JSON object"),
        (b'"x"', "not a JSON object"),
        (b"{}", "no integer update_id"),
        (b'{"update_id": "7"}', "no integer update_id"),
        (b'{"update_id": true}', "no integer update_id"),
        (b'{"update_id": -1}', "update_id out of range"),
        (b"not json", "not JSON"),
        (b"\xff\xfe\x00", "not JSON"),
        (b"[" * 100_000, "not JSON"),
        (b'{"update_id": 1, "x": "' + b"a" * (1024 * 1024) + b'"}', "too large"),
    ],
)
def test_broken_bodies_are_refused_with_a_reason_only(body: bytes, reason: str) -> None:
    with pytest.raises(BrokenUpdate) as caught:
        parse_update(body)
    assert str(caught.value) == reason


def test_chat_of_finds_the_chat_of_each_kind_of_update() -> None:
    assert chat_of({"update_id": 1, "message": {"chat": {"id": 5}}}) == 5
    assert chat_of({"update_id": 1, "edited_message": {"chat": {"id": -7}}}) == -7
    assert chat_of({"update_id": 1, "callback_query": {"from": {"id": 3}}}) == 3
    press = {"from": {"id": 3}, "message": {"chat": {"id": -9}}}
    assert chat_of({"update_id": 1, "callback_query": press}) == -9
    assert chat_of({"update_id": 1, "my_chat_member": {"chat": {"id": -2}}}) == -2
    assert chat_of({"update_id": 1, "message": "garbage"}) is None


# --------------------------------------------------------------------------- poller
class _Flaky:
    """Makes the inbox's store fail while ``down`` is set."""

    def __init__(self) -> None:
        self.down = True
        self.tries = 0


@pytest.fixture
async def standin() -> Any:
    server = BotApiStandIn(token=TOKEN, bot_id=BOT)
    await server.start()
    server.add_user(5001, "Alex")
    yield server
    await server.stop()


async def test_the_offset_moves_only_past_stored_updates(
    standin: BotApiStandIn, db: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot.poller, "MIN_BACKOFF", 0.01)
    fed: list[int] = []

    async def feed(update: dict[str, Any]) -> None:
        fed.append(update["update_id"])

    inbox = Inbox(db, clock, feed)
    inbox.bot_id = BOT
    flaky = _Flaky()
    real_accept = inbox.accept

    async def accept(updates: Any) -> None:
        flaky.tries += 1
        if flaky.down:
            raise OSError("database is down")
        await real_accept(updates)

    monkeypatch.setattr(inbox, "accept", accept)
    poller = Poller(inbox, standin.url, TOKEN, ["message"], timeout=0)
    message = {"chat": {"id": 5001, "type": "private"}, "date": 0, "message_id": 1}
    first = standin.queue_update({"message": message})
    standin.queue_update({"message": {**message, "message_id": 2}})
    task = asyncio.create_task(poller.poll_once())
    await standin.wait_until(lambda: flaky.tries >= 3)
    # Still failing: nothing stored, nothing acknowledged, the offset never moved.
    assert poller.offset is None and standin.pending_update_count == 2
    with unit_of_work(db) as uow:
        assert uow.inbox.count_waiting(BOT) == 0
    flaky.down = False
    assert await asyncio.wait_for(task, 5) == 2
    assert poller.offset == first + 2
    await inbox.drain()
    assert fed == [first, first + 1]
    await poller.poll_once()  # the next call tells Telegram the batch arrived
    assert standin.pending_update_count == 0
    with unit_of_work(db) as uow:
        assert uow.inbox.count_waiting(BOT) == 2  # nobody marked them: the feed is a stub
    await poller.stop()
    await inbox.stop()


async def test_inbox_recovers_what_a_crash_left_in_update_order(
    db: Database, clock: FakeClock
) -> None:
    with unit_of_work(db) as uow:
        uow.inbox.store(BOT, [_incoming(5), _incoming(4), _incoming(6, chat=1)], clock.now(), "x")
        uow.inbox.mark_handled(BOT, 6, clock.now())
    fed: list[int] = []

    async def feed(update: dict[str, Any]) -> None:
        fed.append(update["update_id"])
        with unit_of_work(db) as uow:
            uow.updates.claim(BOT, update["update_id"], clock.now())

    # SQLite (one process) takes up everything at once; PostgreSQL waits for the lease.
    clock.advance(timedelta(minutes=3))
    inbox = Inbox(db, clock, feed)
    await inbox.start(BOT)
    await inbox.drain()
    assert fed == [4, 5]
    with unit_of_work(db) as uow:
        assert uow.inbox.count_waiting(BOT) == 0
    await inbox.stop()


async def test_a_second_worker_takes_over_only_after_the_lease(
    db: Database, clock: FakeClock
) -> None:
    handled: list[tuple[str, int]] = []
    stuck = asyncio.Event()

    async def dies(update: dict[str, Any]) -> None:
        stuck.set()
        await asyncio.Event().wait()  # worker A hangs (or died) with the update claimed

    def handles(worker: str) -> Any:
        async def feed(update: dict[str, Any]) -> None:
            handled.append((worker, update["update_id"]))
            with unit_of_work(db) as uow:
                uow.updates.claim(BOT, update["update_id"], clock.now())

        return feed

    a, b, c = Inbox(db, clock, dies), Inbox(db, clock, handles("b")), Inbox(db, clock, handles("c"))
    for inbox in (a, b, c):
        inbox.bot_id = BOT
    await a.accept([{"update_id": 10, "message": {"chat": {"id": 1}, "text": "hi"}}])
    await asyncio.wait_for(stuck.wait(), 5)
    await b.sweep()
    await b.drain()
    assert handled == []  # A's claim is still fresh
    clock.advance(timedelta(minutes=3))
    await asyncio.gather(b.sweep(), c.sweep())
    await asyncio.gather(b.drain(), c.drain())
    assert len(handled) == 1 and handled[0][1] == 10
    with unit_of_work(db) as uow:
        assert uow.inbox.count_waiting(BOT) == 0
    for inbox in (a, b, c):
        await inbox.stop()


def test_concurrent_take_overs_never_share_a_row(db: Database, clock: FakeClock) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with unit_of_work(db) as uow:
        uow.inbox.store(BOT, [_incoming(i, chat=i % 7) for i in range(200)], clock.now(), "dead")
    clock.advance(timedelta(minutes=3))
    cutoff = clock.now() - timedelta(minutes=2)

    def take(worker: str) -> list[int]:
        got: list[int] = []
        while True:
            with unit_of_work(db) as uow:
                rows = uow.inbox.take_over(BOT, worker, clock.now(), cutoff, limit=10)
            if not rows:
                return got
            got += [row.update_id for row in rows]

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(take, ["w1", "w2", "w3", "w4"]))
    every = [i for got in results for i in got]
    assert sorted(every) == list(range(200))  # each row to exactly one worker
