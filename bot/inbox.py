"""The durable inbox: store every update before Telegram is told, then handle it from there.

Framework-neutral. An adapter gives the inbox a ``feed`` coroutine that hands one raw
update (a Bot API JSON dict) to its framework, which translates it and calls
:meth:`bot.runtime.BotRuntime.handle`; the engine's claim marks the inbox row handled in
the same transaction (:class:`storage.inbox.InboxAwareUpdateRepo`).

- :meth:`Inbox.accept` stores a batch in one transaction and only then returns, so the
  caller (the poller or the webhook server) acknowledges only stored updates.
- Stored updates are handled one at a time per chat, in update id order, chats side by side.
- After a restart, updates stored but not handled are handled first. With several workers
  on one PostgreSQL, a worker takes back the rows claimed under its own stable id at once
  (it holds that id, :mod:`bot.worker_id`), and takes over another's rows only when that
  claim is older than :data:`LEASE`; the engine's dedupe stays the final guard.

Nothing here logs an update's content: only update ids, counts, sizes and error types.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from bot.worker_id import WorkerIdLock
from dialogs.core.clock import Clock
from storage import failpoints
from storage.db import Database
from storage.inbox import InboxRepo, Incoming, Waiting
from storage.uow import unit_of_work

if TYPE_CHECKING:
    from bot.runtime import BotRuntime

log = logging.getLogger(__name__)
T = TypeVar("T")

Feed = Callable[[dict[str, Any]], Awaitable[None]]
# (url, secret, allowed updates): the framework's own setWebhook call.
SetWebhook = Callable[[str, str | None, list[str]], Awaitable[object]]

MAX_BODY = 1024 * 1024  # bytes; Telegram's updates are far smaller
MAX_UPDATE_ID = 2**63 - 1
LEASE = timedelta(minutes=2)  # another worker's claim younger than this is left alone
KEEP_HANDLED = timedelta(hours=24)  # handled rows (already without body) are deleted after
MAX_ATTEMPTS = 5  # an update whose handling failed this often is given up, by id in the log
SWEEP_EVERY = 30.0  # seconds between take-over and purge passes
RECOVER_BATCH = 100
SHUTDOWN_WAIT = 10.0  # seconds running handlers get to finish on shutdown


_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class BrokenUpdate(ValueError):
    """A body that is not a Telegram update; the message is a reason, never content."""


def check_update(value: Any) -> dict[str, Any]:
    """The update itself if it is a JSON object with an integer ``update_id``."""
    if not isinstance(value, dict):
        raise BrokenUpdate("not a JSON object")
    update_id = value.get("update_id")
    if type(update_id) is not int:
        raise BrokenUpdate("no integer update_id")
    if not 0 <= update_id <= MAX_UPDATE_ID:
        raise BrokenUpdate("update_id out of range")
    return value


def parse_update(body: bytes) -> dict[str, Any]:
    """Parse and check one update body; :class:`BrokenUpdate` if it is not one."""
    if len(body) > MAX_BODY:
        raise BrokenUpdate("too large")
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        raise BrokenUpdate("not JSON") from None
    return check_update(value)


def chat_of(update: dict[str, Any]) -> int | None:
    """The chat an update belongs to (its handling order), or None if it has none."""
    for field in ("message", "edited_message", "my_chat_member", "chat_member"):
        chat = _dig(update, field, "chat", "id")
        if chat is not None:
            return chat
    query = update.get("callback_query")
    if isinstance(query, dict):
        return _dig(query, "message", "chat", "id") or _dig(query, "from", "id")
    return None


def _dig(value: Any, *path: str) -> int | None:
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value if type(value) is int else None


def encode(update: dict[str, Any]) -> Incoming:
    """The row to store for an update that passed :func:`check_update`."""
    body = _dumps(update)
    return Incoming(int(update["update_id"]), chat_of(update), body, update)


class Lanes:
    """Runs jobs one at a time per key, in submission order, with a cap on jobs at once."""

    def __init__(self, limit: int) -> None:
        self._slots = asyncio.Semaphore(max(limit, 1))
        self._queues: dict[Any, deque[Callable[[], Awaitable[None]]]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False

    def submit(self, key: Any, job: Callable[[], Awaitable[None]]) -> None:
        """Queue a job behind the other jobs of the same key."""
        if self._closed:
            return
        queue = self._queues.get(key)
        if queue is not None:
            queue.append(job)
            return
        self._queues[key] = deque([job])
        task = asyncio.create_task(self._drain(key))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _drain(self, key: Any) -> None:
        queue = self._queues[key]
        try:
            while queue and not self._closed:
                async with self._slots:
                    if self._closed:
                        break
                    await queue[0]()
                queue.popleft()
        finally:
            del self._queues[key]

    async def join(self) -> None:
        """Wait until every queued job has run."""
        while self._tasks:
            await asyncio.wait(set(self._tasks))

    @property
    def busy(self) -> bool:
        """True while any job is queued or running."""
        return bool(self._tasks)

    async def close(self, wait: float) -> None:
        """Start nothing new; give running jobs ``wait`` seconds, then cancel them."""
        self._closed = True
        tasks = set(self._tasks)
        if not tasks:
            return
        _, late = await asyncio.wait(tasks, timeout=wait)
        for task in late:
            task.cancel()
        if late:
            await asyncio.wait(late)


class Inbox:
    """Stores updates before they are acknowledged, and feeds stored updates to handling."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        feed: Feed,
        concurrency: int = 8,
        lease: timedelta = LEASE,
        worker: str | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.feed = feed
        self.lease = lease
        self.bot_id = 0
        # A stable id (the setting) is held for the process's life; without one, a random id
        # is unique anyway and its rows wait for the lease after a crash.
        self._ids = WorkerIdLock(db, worker) if worker else None
        self.worker = worker or uuid.uuid4().hex[:16]
        self._lanes = Lanes(concurrency)
        self._in_flight: set[int] = set()
        self._sweeper: asyncio.Task[None] | None = None
        self._take_back = False  # own rows still to take back (start-up recovery failed)
        # SQLite answers at once and has one writer: the event loop's thread does it, as the
        # runtime does. On PostgreSQL the store of new updates runs on the loop too (bounded,
        # storage.onloop); the rarer steps (take-over, purge, closing a row) go to a small
        # pool of their own.
        self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="inbox")

    @classmethod
    def for_runtime(cls, runtime: BotRuntime, feed: Feed) -> Inbox:
        """The inbox of an adapter: the runtime's database, clock, concurrency and worker id."""
        return cls(
            runtime.db,
            runtime.clock,
            feed,
            runtime.concurrency,
            worker=runtime.settings.worker_id,
        )

    async def _run(self, call: Callable[[], T]) -> T:
        if not self.db.is_postgres:
            return call()
        return await asyncio.get_running_loop().run_in_executor(self._executor, call)

    # --- intake -----------------------------------------------------------------------
    async def accept(self, updates: Iterable[dict[str, Any]]) -> None:
        """Store checked updates in one transaction, then queue the new ones for handling.

        Returns only once the transaction has committed; raises if it did not, and then
        nothing may be acknowledged.
        """
        items = [encode(update) for update in updates]
        if not items:
            return
        now = self.clock.now()

        runs = 0

        def store() -> list[int]:
            # A plain connection and the repository's prebuilt statement: no ORM session
            # and no unit of work's seventeen repositories for one INSERT per update.
            # Statement by statement: on PostgreSQL an update's store is one round trip,
            # where a transaction took three. A store cut at its bound while PostgreSQL is
            # stalled may still commit when the server answers; run again, it counts the
            # rows it inserted then (its worker and time) as new, so they are handed on at
            # once, and a resend from Telegram is still not.
            # A batch of several stays one transaction: stored all or none, so a failed
            # store leaves none of them waiting for the take-over's lease.
            nonlocal runs
            runs += 1
            with self.db.statements() if len(items) == 1 else self.db.engine.begin() as conn:
                return InboxRepo(conn).store(self.bot_id, items, now, self.worker, runs > 1)

        # Inline, bounded on PostgreSQL; run again in a thread if it stalls (a stored update
        # is not stored twice, storage.onloop).
        new = set(await self.db.on_loop.run(store))
        failpoints.hit("inbox.stored")
        for item in items:
            if item.update_id in new:
                self._dispatch(Waiting(item.update_id, item.chat_id, item.body, 1, item.update))

    # --- handling ---------------------------------------------------------------------
    def _dispatch(self, row: Waiting) -> None:
        if row.update_id in self._in_flight:
            return
        self._in_flight.add(row.update_id)
        self._lanes.submit(row.chat_id, lambda: self._handle(row))

    async def _handle(self, row: Waiting) -> None:
        try:
            update = row.update if row.update is not None else json.loads(row.body)
            await self.feed(update)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # The framework could not take it (a shape it can't read): it never will.
            log.warning("update %s could not be handled: %s", row.update_id, type(exc).__name__)
            await self._close_row(row.update_id, "failed")
        finally:
            self._in_flight.discard(row.update_id)

    async def mark_handled(self, update_id: int, outcome: str = "ignored") -> None:
        """Close the row of an update that never reaches the engine (nothing to do for it)."""
        await self._close_row(update_id, outcome)

    async def _close_row(self, update_id: int, outcome: str) -> None:
        now = self.clock.now()

        def close() -> None:
            with unit_of_work(self.db) as uow:
                uow.inbox.mark_handled(self.bot_id, update_id, now, outcome)

        try:
            await self._run(close)
        except Exception as exc:
            # It stays waiting and is tried again once its lease runs out.
            log.warning("update %s not marked handled: %s", update_id, type(exc).__name__)

    # --- restart, take-over, purge ----------------------------------------------------
    async def recover(self, everything: bool = False, own: bool = False) -> int:
        """Claim and queue waiting updates: all of them, or those whose lease ran out.

        ``everything`` is for start-up with SQLite, where this process is the only worker.
        ``own`` (start-up, holding a stable id): also the rows claimed under this worker's
        id, at once, since the process that claimed them under it is gone.
        """
        now = self.clock.now()
        cutoff = None if everything else now - self.lease
        mine = self.worker if own else None
        taken = 0
        while True:
            skip = sorted(self._in_flight)

            def take(skip: list[int] = skip) -> list[Waiting]:
                with unit_of_work(self.db) as uow:
                    rows = uow.inbox.take_over(
                        self.bot_id, self.worker, now, cutoff, RECOVER_BATCH, skip, mine
                    )
                    for row in rows:
                        if row.attempts > MAX_ATTEMPTS:
                            uow.inbox.mark_handled(self.bot_id, row.update_id, now, "gave_up")
                    return rows

            rows = await self._run(take)
            for row in rows:
                if row.attempts > MAX_ATTEMPTS:
                    log.error("update %s given up after %s attempts", row.update_id, MAX_ATTEMPTS)
                else:
                    self._dispatch(row)
            taken += len(rows)
            if len(rows) < RECOVER_BATCH:
                break
        if taken:
            log.info("inbox: %s stored update(s) taken up for handling", taken)
        return taken

    async def sweep(self) -> None:
        """One pass: take over updates whose lease ran out, delete old handled rows."""
        if self._ids is not None:
            # A database restart drops the id's lock: take it again (or change id).
            self.worker = await self._run(self._ids.keep)
        own = self._take_back and self._ids is not None and self._ids.own
        await self.recover(own=own)
        self._take_back = False
        before = self.clock.now() - KEEP_HANDLED

        def purge() -> int:
            with unit_of_work(self.db) as uow:
                return uow.inbox.purge(before)

        purged = await self._run(purge)
        if purged:
            log.info("inbox: %s handled row(s) deleted", purged)

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_EVERY)
            try:
                await self.sweep()
            except Exception as exc:
                log.warning("inbox sweep failed: %s", type(exc).__name__)

    # --- lifecycle --------------------------------------------------------------------
    async def start(self, bot_id: int) -> None:
        """Know the bot, handle what a previous run left, then sweep in the background."""
        self.bot_id = bot_id
        own = False
        if self._ids is not None:
            try:
                self.worker = await self._run(self._ids.acquire)
                own = self._ids.own
            except Exception as exc:
                self.worker = uuid.uuid4().hex[:16]
                log.warning("worker id lock failed, using a fresh id: %s", type(exc).__name__)
        try:
            await self.recover(everything=not self.db.is_postgres, own=own)
        except Exception as exc:
            self._take_back = own  # the sweep takes them back once the database answers
            log.warning("inbox recovery failed, the sweep retries: %s", type(exc).__name__)
        self._sweeper = asyncio.create_task(self._sweep_forever())

    @property
    def idle(self) -> bool:
        """True when no stored update is queued or being handled in this process."""
        return not self._lanes.busy

    async def drain(self) -> None:
        """Wait until every update queued in this process has been handled (tests, shutdown)."""
        await self._lanes.join()

    async def stop(self) -> None:
        """Stop handling: running handlers finish (briefly); the rest waits in the database."""
        if self._sweeper is not None:
            self._sweeper.cancel()
            await asyncio.gather(self._sweeper, return_exceptions=True)
        await self._lanes.close(SHUTDOWN_WAIT)
        if self._ids is not None:
            with contextlib.suppress(Exception):
                await self._run(self._ids.release)
        self._executor.shutdown(wait=False, cancel_futures=True)
