"""The outbox sender: delivers queued messages at most once each, within Telegram's limits.

**Steps.** Each message (each *part* of a long one) goes through three separately committed
steps: *claim* (a conditional ``pending`` → ``sending`` update, made right before the request,
so exactly one sender can win a row), *send*, *mark* (``sent`` with the Telegram message id,
or back to ``pending`` with the progress of a long text, or ``failed``).  Nothing is claimed
ahead of time: rows wait for their turn ``pending`` and unowned, so stopping or crashing
leaves them to the next run untouched.  The row states and their statements live in
:mod:`storage.outbox_states`; a row left ``sending`` while its picture was drawn (nothing
sent yet) is put back in line when the sender starts.

**Limits** (see :mod:`scheduler.outbox.limits`): ≤ 30 messages/s overall; per private chat a burst
of up to 4 messages, then 1/s sustained (a token bucket); ≤ 20/min per group.  The sender
cannot see when Telegram counts a message, only that it is somewhere between "request
started" and "answer received", so a send is charged from the start of its request until
one window after its answer.  That makes the limits hold however
requests overlap or are delayed on the way; the price is that throughput is
``30 / (1 + round trip)`` per second instead of exactly 30.  Requests are paced evenly, so
round trips stay short.  Chats are served concurrently (at most 30 requests in flight); each
chat gets its rows one at a time in queue (id) order.  A restarted sender counts the sends
recorded in the last minute against the limits before it starts.  On PostgreSQL one process
at a time sends (an advisory lock); the others wait to take over.

**Errors** (see :mod:`scheduler.outbox.classification`).  429: the chat (only that chat)
waits ``retry_after``, the row keeps its place.  5xx and failures to connect: the chat waits
an exponential backoff with jitter; after ``max_attempts`` the row is ``failed`` and
:meth:`storage.repositories.OutboxRepo.failures` lists it for the digest.  403 on a young
person's private chat: the case is marked ``unreachable`` and, on that change only, the
team gets ``notify.unreachable`` once; the row fails ("blocked").  403 elsewhere and other
400s: the row fails.  Texts are split into parts of ≤ 4096 characters (and ≤ 4096 UTF-16
units) before sending, so "message is too long" cannot happen; a long row is sent part by
part, progress committed after each part.

**The remaining window, honestly.** Telegram has no idempotency key, so two moments remain
where the sender cannot know whether a message arrived, and in both it chooses *at most
once* over *at least once*:

1. The process dies after Telegram received a request but before the mark was committed
   (normally a few milliseconds: the answer, then one small commit).  The row stays
   ``sending``; :meth:`OutboxSender.recover_interrupted` marks rows ``sending`` for longer
   than the lease ``failed`` ("interrupted: may have been delivered") instead of sending
   them again.  (A crash in the instant between claim and request ends the same way, for a
   message that was not sent.)  For a long text this covers one part: parts already marked
   are not resent, parts not yet started are not sent.  The progress of a long text is
   the row's ``parts_sent``, committed after each part.
2. A request times out or the connection drops *after* it was sent (a read timeout, a
   server disconnect).  Telegram may have delivered it; the row is marked ``failed``
   ("unconfirmed") rather than resent.  Timeouts and errors that happen before the request
   reaches Telegram (connect, pool) and 5xx answers are retried.

Both kinds are logged and listed by ``OutboxRepo.failures`` so the digest can report them.

Message text is never logged; only row ids, kinds and error classes are.
"""

from __future__ import annotations

import asyncio
import base64
import bisect
import contextlib
import functools
import heapq
import json
import logging
import math
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar, cast

from dialogs.core.clock import Clock
from dialogs.pictures.payload import OUTBOX_METHOD as DRAWING
from dialogs.pictures.worker import Renderer, render_in_thread
from dialogs.texts import DEFAULT_LANGUAGE, t
from scheduler.outbox.classification import MAX_ATTEMPTS, Verdict, backoff, classify
from scheduler.outbox.limits import RateLimiter, text_parts
from scheduler.reactions import DeliveryReactions
from scheduler.retry import exponential, retry
from scheduler.transport import (
    MAX_CAPTION,
    ButtonRows,
    ChatMoved,
    RetryLater,
    Transport,
)
from storage import failpoints
from storage.advisory import SenderLock
from storage.db import Database
from storage.models import OutboxMessage, RelayRole
from storage.outbox_states import WAIT, ClaimedRow, OutboxStates, RelayInfo, fail_in
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)
T = TypeVar("T")

ERROR_PAUSE = 30.0  # seconds a chat waits after an unexpected error (e.g. database away)
LEASE = timedelta(minutes=5)  # a row ``sending`` longer than this was interrupted
TARGET_WAIT = 1.0  # seconds a reply waits for the message it replies to
UNCONFIRMED_HOLD = 5.0  # seconds a chat waits after a send that timed out once it went out
DRAIN_TIMEOUT = 30.0  # real seconds sends in flight get to finish when the sender stops
STORE_ATTEMPTS = 3  # tries to record a result (the message is already out)
STORE_WAIT = exponential(0.05, factor=4)  # seconds between them: 0.05, then 0.2


def _note(done: int, total: int, reason: str | None = None) -> str | None:
    """``last_error`` for a row: progress of a long text first, then the reason."""
    progress = f"sent {done}/{total} parts" if done else None
    joined = "; ".join(p for p in (progress, reason) if p)
    return joined[:200] or None


# ---------------------------------------------------------------------------- the sender
@dataclass(eq=False)
class _Chat:
    """Rows of one chat known to be due, lowest id first; at most one in flight."""

    chat_id: int
    rows: list[int] = field(default_factory=list)
    busy: bool = False
    hold_until: float = -math.inf  # 429 or backoff (monotonic)
    queued: bool = False  # has an entry in the ready heap


@dataclass
class _Outcome:
    """What one attempt did to the head row of a chat."""

    finished: bool  # the row leaves the queue (sent, failed, or not ours)
    delivered: bool = False
    hold_until: float = -math.inf


@dataclass
class SenderStats:
    """Counters for operators and benchmarks (no content)."""

    delivered: int = 0  # rows fully sent
    parts: int = 0  # sendMessage calls that succeeded
    retried: int = 0  # 429s and transient failures that were rescheduled
    failed: int = 0  # rows marked failed
    blocked: int = 0  # rows failed because of 403


class OutboxSender:
    """Claims due outbox rows one by one as their turn comes and sends them via a transport.

    ``monotonic`` and ``sleep`` (seconds) drive every limit and wait, and ``clock`` gives the
    timestamps stored in the database; tests and benchmarks pass a scaled or fake time.
    ``retry_unconfirmed=True`` retries timeouts after sending too (at least once: a message
    may then arrive twice) instead of failing them as "unconfirmed" (at most once).
    ``reactions`` tell the domain what a send found out (a blocked user, a lost or moved
    group); :func:`scheduler.wiring.domain_reactions` gives the ones to use.
    """

    def __init__(
        self,
        db: Database,
        transport: Transport,
        clock: Clock,
        batch_size: int = 500,
        *,
        reactions: DeliveryReactions,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: Callable[[], float] = random.random,
        max_attempts: int = MAX_ATTEMPTS,
        backoff_base: float = 2.0,
        backoff_cap: float = 900.0,
        lease: timedelta = LEASE,
        per_chat_lookahead: int = 5,
        limiter: RateLimiter | None = None,
        retry_unconfirmed: bool = False,
        inline_steps: bool | None = None,
        renderer: Renderer | None = None,
    ) -> None:
        self.db = db
        self.transport = transport
        self.clock = clock
        self.reactions = reactions
        self.batch_size = batch_size
        self.monotonic = monotonic
        self.sleep = sleep
        self.rng = rng
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.lease = lease
        self.per_chat_lookahead = per_chat_lookahead
        self.limiter = limiter or RateLimiter()
        self.retry_unconfirmed = retry_unconfirmed
        # Draws a picture row (render inputs → PNG) off the event loop, just before it is sent.
        self.renderer = renderer or render_in_thread
        # SQLite answers every step in well under a millisecond, with one writer: a thread
        # hop would only add GIL hand-offs to every send (as in the runtime's engine).  On
        # PostgreSQL the claim and the mark (every message's two steps: a few short round
        # trips each, on one row) run inline too: while the event loop is busy, a thread
        # waits for the GIL at every round trip, and the hops cost more than the database
        # (docs/perf/2026-12-07-relay-profile.md, "A leaner send path").  There they are
        # bounded: a stalled server holds the loop for at most storage.onloop.BOUND, then
        # the step runs again in a thread.  The rarer steps (failures, blocks, moved
        # groups) still go to a thread there.
        self.inline_steps = not db.is_postgres if inline_steps is None else inline_steps
        self.inline_hot = True if inline_steps is None else inline_steps
        self.stats = SenderStats()
        self._stop = asyncio.Event()
        self._wake = asyncio.Event()
        self._look_now = False
        self._chats: dict[int, _Chat] = {}
        self._known: set[int] = set()
        self._heap: list[tuple[float, int, int]] = []
        self._seq = 0
        self._tasks: set[asyncio.Task[None]] = set()
        self._in_flight: set[int] = set()  # row ids being attempted now
        self._seeded = False
        self._serving = False  # holds the lock and runs the loop: the fast path may send
        self._lock = SenderLock(db, self.monotonic)
        # Read the clock when a change runs (a change run again records its own time).
        self.rows = OutboxStates(db, lambda: self.clock.now())

    # ------------------------------------------------------------------ public
    def poke(self) -> None:
        """New rows were queued: look at the outbox now rather than at the next interval."""
        self._look_now = True
        self._wake.set()

    def send_now(self, rows: Sequence[tuple[int, int]]) -> bool:
        """The fast path: start sending these (row id, chat id) rows now, in this process.

        Called by the runtime right after an update's transaction commits, with the rows it
        queued.  They join their chats' queues in id order and go through the same claim
        (``pending`` → ``sending``), the same limiter and the same error handling as every
        other row: a row that may not go yet (a limit, a 429, an earlier row of its chat)
        simply waits its turn here.  Returns False when this process is not the sender (on
        PostgreSQL another one holds the lock, or it is stopping): the rows then wait for
        the sender's next look at the outbox.
        """
        if not rows:
            return True
        if not self._serving or self._stop.is_set():
            self.poke()
            return False
        for row_id, chat_id in rows:
            self._add(row_id, chat_id)
        self._dispatch(self.monotonic())
        self._wake.set()  # the loop plans its next wake-up with these rows in view
        return True

    def stop(self) -> None:
        """Ask :meth:`run_forever` to finish: requests in flight complete, nothing new starts."""
        self._stop.set()
        self._wake.set()

    async def run_forever(self, interval: float = 1.0) -> None:
        """Send due rows until stopped; survives database and network hiccups.

        ``interval`` is how often (in ``monotonic`` seconds) the outbox is looked at for new
        rows when nothing else wakes the sender.
        """
        try:
            while not self._stop.is_set():
                if not await self._become_sender(interval):
                    break
                await self._serve(interval)
                await self._drain()
                self._forget()
        finally:
            await self._drain()
            await asyncio.to_thread(self._lock.release)

    async def run_once(self, max_wait: float = 2.0) -> int:
        """Look at the outbox once and send what is due; returns how many rows were delivered.

        Waits for the limits (e.g. one second between two messages to a chat) as long as the
        next send can start within ``max_wait``; rows held longer (429, backoff, a group's
        minute) are left ``pending`` for a later pass.  Unlike :meth:`run_forever` it does not
        take the PostgreSQL sender lock (for tests and one-off passes).
        """
        before = self.stats.delivered
        await self._seed_limits()
        await self._refill()
        while not self._stop.is_set():
            now = self.monotonic()
            next_at = self._dispatch(now)
            # A task that has just finished may still be in the set until its done-callback
            # runs; waiting for it to wake us would wait for ever.
            running = any(not task.done() for task in self._tasks)
            if not running and (next_at is None or next_at - now > max_wait):
                break
            await self._nap(None if next_at is None else next_at - now)
        await self._drain()
        return self.stats.delivered - before

    def recover_interrupted(self, older_than: timedelta | None = None) -> int:
        """Mark rows left ``sending`` (a crash mid-send) as failed rather than risk a resend.

        Rows this sender has in flight are left alone, and each change is conditional, so a
        result being recorded at the same moment is never overwritten.
        """
        cutoff = self.clock.now() - (self.lease if older_than is None else older_than)

        def note(row: OutboxMessage) -> str | None:
            done = row.parts_sent
            total = len(text_parts(row.text)) if done else 0
            return _note(done, total, "interrupted: may have been delivered")

        recovered = self.rows.fail_interrupted(cutoff, self._in_flight, DRAWING, note)
        for row in recovered:
            log.warning("outbox row %s (%s) was interrupted mid-send; not resent", row.id, row.kind)
        self.stats.failed += len(recovered)
        return len(recovered)

    def reset_drawing(self) -> int:
        """Put rows left ``sending`` mid-drawing (a stop or a crash) back in line at once.

        Drawing sends nothing, so they are drawn again rather than wait for the lease; rows
        this sender is drawing now are left alone.  Returns how many were reset.
        """
        reset = self.rows.reset_drawing(DRAWING, self._in_flight)
        if reset:
            log.info("outbox: %d picture(s) left mid-drawing go back in line", reset)
        return reset

    # ------------------------------------------------------------------ main loop
    async def _become_sender(self, interval: float) -> bool:
        """Wait until this process holds the sender lock (PostgreSQL); False if stopped."""
        told = False
        while not self._stop.is_set():
            try:
                if await asyncio.to_thread(self._lock.acquire):
                    await asyncio.to_thread(self.reset_drawing)
                    await asyncio.to_thread(self.recover_interrupted)
                    await self._seed_limits()
                    return True
            except Exception as exc:
                log.error("outbox: could not take the sender lock: %s", type(exc).__name__)
            if not told:
                log.info("outbox: another process is sending; waiting to take over")
                told = True
            await self._nap(interval)
        return False

    async def _serve(self, interval: float) -> None:
        """Dispatch until stopped or the sender lock is lost (the fast path may send meanwhile)."""
        self._serving = True
        try:
            await self._serve_loop(interval)
        finally:
            self._serving = False

    async def _serve_loop(self, interval: float) -> None:
        last_look = -math.inf
        last_recovery = self.monotonic()
        full = False
        while not self._stop.is_set():
            now = self.monotonic()
            low = full and len(self._known) < self.batch_size // 2
            due = now - last_look >= interval or (low and now - last_look >= interval / 20)
            if due or self._look_now:
                self._look_now = False
                last_look = now
                try:
                    if not await asyncio.to_thread(self._lock.alive):
                        log.warning("outbox: lost the sender lock; pausing")
                        return
                    full = await self._refill()
                    if now - last_recovery >= self.lease.total_seconds():
                        last_recovery = now
                        await asyncio.to_thread(self.recover_interrupted)
                except Exception as exc:
                    log.error("outbox pass failed: %s", type(exc).__name__)
            next_at = self._dispatch(self.monotonic())
            wake_at = (
                last_look + interval if next_at is None else min(next_at, last_look + interval)
            )
            await self._nap(wake_at - self.monotonic())

    async def _seed_limits(self) -> None:
        """Once per sender: count recent sends (by an earlier process) against the limits."""
        if self._seeded:
            return
        now = self.clock.now()
        since = now - timedelta(seconds=self.limiter.group_window + 1.0)
        recent = await asyncio.to_thread(self._recent_attempts, since)
        self._seeded = True
        per_chat: dict[int, list[datetime]] = {}
        for chat_id, when in recent:
            per_chat.setdefault(chat_id, []).append(when)
        mono = self.monotonic()
        last_second = now - timedelta(seconds=1.0 + self.limiter.margin)
        for chat_id, times in per_chat.items():
            overall = sum(when >= last_second for when in times)
            self.limiter.assume_recent(chat_id, len(times), overall, mono)

    def _recent_attempts(self, since: datetime) -> list[tuple[int, datetime]]:
        return self.rows.recent_attempts(since)

    async def _refill(self) -> bool:
        """Add due rows to the chat queues; True when the batch was full (more may wait)."""
        heads = await asyncio.to_thread(self._peek)
        for row_id, chat_id in heads:
            self._add(row_id, chat_id)
        return len(heads) >= self.batch_size

    def _add(self, row_id: int, chat_id: int) -> None:
        """Put a row in its chat's queue (in id order) unless it is there already."""
        if row_id in self._known:
            return
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = _Chat(chat_id)
        bisect.insort(chat.rows, row_id)
        self._known.add(row_id)
        if not chat.busy and not chat.queued:
            self._enqueue(chat)

    def _peek(self) -> list[tuple[int, int]]:
        return self.rows.due_heads(self.batch_size, self.per_chat_lookahead)

    def _enqueue(self, chat: _Chat) -> None:
        # First come, first served among chats that may send: without the time it was queued,
        # a group under its per-minute limit (ready since forever) would go before every
        # private answer while the overall limit holds rows back.
        ready = max(chat.hold_until, self.limiter.chat_ready_at(chat.chat_id), self.monotonic())
        self._seq += 1
        heapq.heappush(self._heap, (ready, self._seq, chat.chat_id))
        chat.queued = True

    def _dispatch(self, now: float) -> float | None:
        """Start every send that may start now; return when to look again (None: on a wake)."""
        while self._heap:
            ready, _, chat_id = self._heap[0]
            chat = self._chats.get(chat_id)
            if chat is None or chat.busy or not chat.rows:
                heapq.heappop(self._heap)
                if chat is not None:
                    chat.queued = False
                continue
            actual = max(chat.hold_until, self.limiter.chat_ready_at(chat_id))
            if actual > ready:  # the chat was held after it was queued
                self._seq += 1
                heapq.heapreplace(self._heap, (actual, self._seq, chat_id))
                continue
            if ready > now:
                return ready
            if self._stop.is_set():
                return None
            slot = self.limiter.slot_free_at(now)
            if slot > now:
                return None if math.isinf(slot) else slot
            heapq.heappop(self._heap)
            chat.queued = False
            chat.busy = True
            self.limiter.begin(chat_id, now)
            task = asyncio.create_task(self._deliver(chat, chat.rows[0]))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return None

    async def _nap(self, seconds: float | None) -> None:
        """Sleep (on the injected clock) until ``seconds`` pass or something wakes us."""
        if self._wake.is_set() or (seconds is not None and seconds <= 0):
            self._wake.clear()
            await asyncio.sleep(0)
            return
        waiter = asyncio.ensure_future(self._wake.wait())
        pending: set[asyncio.Future[Any]] = {waiter}
        if seconds is not None:
            pending.add(asyncio.ensure_future(self.sleep(seconds)))
        try:
            await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for future in pending:
                future.cancel()
        self._wake.clear()

    async def _drain(self) -> None:
        """Let every request in flight finish (and be marked), for a bounded time.

        A send still running after :data:`DRAIN_TIMEOUT` real seconds is cancelled: its row
        stays ``sending`` and is recovered as failed, never sent again.
        """
        while self._tasks:
            _, running = await asyncio.wait(set(self._tasks), timeout=DRAIN_TIMEOUT)
            if running:
                log.error("outbox: %d sends did not finish; cancelled", len(running))
                for task in running:
                    task.cancel()
                self._tasks.difference_update(running)

    def _forget(self) -> None:
        """Drop what is known in memory (after losing the sender lock)."""
        self._chats.clear()
        self._known.clear()
        self._heap.clear()

    # ------------------------------------------------------------------ one attempt
    async def _deliver(self, chat: _Chat, row_id: int) -> None:
        """Run one attempt for a chat's head row and put the chat back in line."""
        # If the attempt breaks (the database is away, mostly), the chat waits and retries;
        # a row it had claimed stays ``sending`` and is never sent again.
        outcome = _Outcome(finished=False, hold_until=self.monotonic() + ERROR_PAUSE)
        self._in_flight.add(row_id)
        try:
            outcome = await self._attempt(chat.chat_id, row_id)
        except asyncio.CancelledError:
            outcome = _Outcome(finished=True)  # the row stays ``sending``: recovered later
            raise
        except Exception as exc:
            log.error("outbox row %s: %s", row_id, type(exc).__name__)
        finally:
            self._in_flight.discard(row_id)
            chat.busy = False
            if outcome.finished:
                with contextlib.suppress(ValueError):
                    chat.rows.remove(row_id)
                self._known.discard(row_id)
            chat.hold_until = max(chat.hold_until, outcome.hold_until)
            if chat.rows:
                self._enqueue(chat)
            else:
                self._chats.pop(chat.chat_id, None)
            self._wake.set()

    async def _attempt(self, chat_id: int, row_id: int) -> _Outcome:
        """Claim the row, send its next part, record the result."""
        try:
            claimed = await self._step(
                _Claim(self._claim_with_target, row_id, self.clock.now()), hot=True
            )
        except BaseException:
            self.limiter.cancel()
            raise
        if claimed is None:
            self.limiter.cancel()
            return _Outcome(finished=True)
        row, target = claimed
        if target is WAIT:
            # The message this one replies to (or edits) is not out yet: try again shortly.
            self.limiter.cancel()
            await self._store(self._reschedule, row_id, TARGET_WAIT, None, False)
            return _Outcome(finished=False, hold_until=self.monotonic() + TARGET_WAIT)
        if row.method == "delete" and target is None:
            # The message to delete never went out (it failed or was cancelled): done.
            self.limiter.cancel()
            await self._store(self._mark_nothing_to_do, row_id)
            return _Outcome(finished=True)
        if row.method == DRAWING:
            self.limiter.cancel()  # this attempt only draws; the photo is sent by the next one
            return await self._draw(row)
        try:
            send, done, total, last = self._prepare(row, cast("int | None", target))
        except Exception as exc:  # nothing was sent: say why, never retry a broken row
            self.limiter.cancel()
            log.error("outbox row %s (%s) cannot be sent: %s", row_id, row.kind, type(exc).__name__)
            await self._give_up(row_id, f"rejected: {type(exc).__name__}: {exc}")
            return _Outcome(finished=True)
        failpoints.hit("outbox.sending")
        try:
            try:
                message_id = await send()
            finally:
                self.limiter.end(chat_id, self.monotonic())
        except Exception as exc:
            verdict = classify(exc, row.method, self.retry_unconfirmed)
            if verdict is not Verdict.DONE:
                return await self._on_error(row, done, total, exc, verdict)
            message_id = cast("int", target)  # what was asked holds already
        failpoints.hit("outbox.sent")
        self.stats.parts += 1
        if last:
            await self._store(self._mark_sent, row_id, message_id, row.relay_info(), hot=True)
            self.stats.delivered += 1
            log.debug("outbox row %s (%s) sent", row_id, row.kind)
            return _Outcome(finished=True, delivered=True)
        await self._store(self._mark_part, row_id, done + 1, message_id)
        return _Outcome(finished=False)

    def _prepare(
        self, row: ClaimedRow, target: int | None
    ) -> tuple[Callable[[], Awaitable[int]], int, int, bool]:
        """The request for the row's next part: (send, parts done, parts in all, is last)."""
        chat_id = row.chat_id
        if row.method == "copy":
            source_chat, source_id = row.source_chat_id, row.source_message_id
            if source_chat is None or source_id is None:
                raise ValueError("copy without a source message")
            return (
                lambda: self.transport.copy_message(chat_id, source_chat, source_id, target),
                0,
                1,
                True,
            )
        if row.method == "delete":
            if target is None:
                raise ValueError("the message to delete was never sent")
            gone = target

            async def delete() -> int:
                await self.transport.delete_message(chat_id, gone)
                return gone

            return delete, 0, 1, True
        buttons = _button_rows(row.buttons)
        if row.method in ("photo", "document"):
            return self._prepare_file(row, buttons), 0, 1, True
        if not row.text.strip():
            raise ValueError("empty text")
        if row.method == "edit":
            if target is None:
                raise ValueError("the message to edit was never sent")
            edited = target
            text = text_parts(row.text)[0]

            async def edit() -> int:
                await self.transport.edit_text(chat_id, edited, text, buttons or None)
                return edited

            return edit, 0, 1, True
        parts = text_parts(row.text)
        done = row.parts_sent
        if done >= len(parts):
            raise ValueError("progress mismatch")
        last = done == len(parts) - 1
        text, reply_to = parts[done], target if done == 0 else None
        force = row.force_reply and last
        markup = buttons if last and not force else None
        return (
            lambda: self.transport.send_text(chat_id, text, markup or None, reply_to, force),
            done,
            len(parts),
            last,
        )

    def _prepare_file(self, row: ClaimedRow, buttons: ButtonRows) -> Callable[[], Awaitable[int]]:
        """The request for a photo or a document (the row's text is its caption)."""
        if row.attachment is None:
            raise ValueError("a file without its bytes")
        chat_id, data = row.chat_id, base64.b64decode(row.attachment)
        caption = row.text[:MAX_CAPTION] or None
        if row.method == "photo":
            return lambda: self.transport.send_photo(chat_id, data, caption, buttons or None)
        name = row.filename or "lifelinks.txt"
        return lambda: self.transport.send_document(chat_id, data, name, caption)

    async def _draw(self, row: ClaimedRow) -> _Outcome:
        """Draw a picture row in the renderer's worker and store the PNG: the row becomes a
        pending "photo", which the chat's next attempt claims and sends like any other.

        Committed before anything is sent, so a crash while drawing leaves the row to be drawn
        again (see :meth:`recover_interrupted`).  A drawing that fails fails the row, and the
        young person gets the picture in words (its caption) instead.
        """
        try:
            if row.attachment is None:
                raise ValueError("a picture without its render inputs")
            png = await self.renderer(base64.b64decode(row.attachment))
        except Exception as exc:
            log.error(
                "outbox row %s (%s) could not be drawn: %s", row.id, row.kind, type(exc).__name__
            )
            fallback: list[int] = []
            await self._store(
                self._fail_drawing, row, f"drawing failed: {type(exc).__name__}", fallback
            )
            self.stats.failed += 1
            chat = self._chats.get(row.chat_id)
            if chat is not None:  # the words take the picture's place, before later rows
                chat.rows[:0] = [row_id for row_id in fallback if row_id not in self._known]
                self._known.update(fallback)
            return _Outcome(finished=True)
        await self._store(self._mark_drawn, row.id, png)
        return _Outcome(finished=False)

    async def _on_retry_later(
        self, row: ClaimedRow, done: int, total: int, exc: RetryLater
    ) -> _Outcome:
        assert row.id is not None
        wait = max(0.0, float(exc.retry_after))
        self.limiter.pause(row.chat_id, self.monotonic() + wait)
        log.info("outbox row %s (%s): 429, chat waits %.1fs", row.id, row.kind, wait)
        self.stats.retried += 1
        await self._store(self._reschedule, row.id, wait, _note(done, total, "429"), False)
        return _Outcome(finished=False, hold_until=self.monotonic() + wait)

    async def _on_error(
        self, row: ClaimedRow, done: int, total: int, exc: Exception, verdict: Verdict
    ) -> _Outcome:
        """Act on a send that raised, as :func:`classify` said."""
        assert row.id is not None
        if verdict is Verdict.WAIT:
            return await self._on_retry_later(row, done, total, cast("RetryLater", exc))
        if verdict is Verdict.UNCONFIRMED:
            return await self._on_unconfirmed(row, done, total, exc)
        if verdict is Verdict.RETRY:
            return await self._on_transient(row, done, total, exc)
        if verdict is Verdict.BLOCKED:
            return await self._on_blocked(row, done, total)
        if verdict is Verdict.MOVED:
            return await self._on_moved(row, done, total, cast("ChatMoved", exc).new_chat_id)
        if verdict is Verdict.REJECTED:
            log.warning("outbox row %s (%s) rejected by Telegram", row.id, row.kind)
            await self._give_up(row.id, _note(done, total, f"rejected: {exc}"))
            return _Outcome(finished=True)
        # unknown: it may have gone out, so never resend
        log.error("outbox row %s (%s) failed: %s", row.id, row.kind, type(exc).__name__)
        reason = f"error: {type(exc).__name__} (may have been delivered)"
        await self._give_up(row.id, _note(done, total, reason))
        return _Outcome(finished=True)

    async def _on_unconfirmed(
        self, row: ClaimedRow, done: int, total: int, exc: Exception
    ) -> _Outcome:
        assert row.id is not None
        name = type(exc.__context__ or exc).__name__
        log.warning("outbox row %s (%s): %s after sending; not resent", row.id, row.kind, name)
        reason = f"unconfirmed: {name}, may have been delivered"
        await self._give_up(row.id, _note(done, total, reason))
        # Telegram may still deliver (and count) it any moment now: the chat's next
        # message waits, so the two neither swap places nor break the chat's limit.
        hold = self.monotonic() + UNCONFIRMED_HOLD
        self.limiter.pause(row.chat_id, hold)
        return _Outcome(finished=True, hold_until=hold)

    async def _on_transient(
        self, row: ClaimedRow, done: int, total: int, exc: Exception
    ) -> _Outcome:
        assert row.id is not None
        name = type(exc.__context__ or exc).__name__
        attempts = row.attempts + 1
        if attempts >= self.max_attempts:
            log.warning("outbox row %s (%s): %s, giving up", row.id, row.kind, name)
            await self._give_up(row.id, _note(done, total, f"gave up: {name}"), attempts)
            return _Outcome(finished=True)
        delay = backoff(attempts, self.backoff_base, self.backoff_cap, self.rng)
        log.info("outbox row %s (%s): %s, retry in %.1fs", row.id, row.kind, name, delay)
        self.stats.retried += 1
        await self._store(self._reschedule, row.id, delay, _note(done, total, name), True)
        return _Outcome(finished=False, hold_until=self.monotonic() + delay)

    async def _on_blocked(self, row: ClaimedRow, done: int, total: int) -> _Outcome:
        assert row.id is not None
        where = "private chat" if row.chat_id > 0 else "group"
        log.warning("outbox row %s (%s): 403 from a %s", row.id, row.kind, where)
        note = _note(done, total, "blocked")
        await self._store(self._mark_blocked, row.id, note, row.chat_id, row.young_person_id)
        self.stats.failed += 1
        self.stats.blocked += 1
        return _Outcome(finished=True)

    async def _on_moved(self, row: ClaimedRow, done: int, total: int, new_chat_id: int) -> _Outcome:
        assert row.id is not None
        log.warning("outbox row %s (%s): the group became a supergroup", row.id, row.kind)
        note = _note(done, total, "group moved")
        await self._store(self._mark_group_moved, row.id, note, row.chat_id, new_chat_id)
        self.stats.failed += 1
        return _Outcome(finished=True)

    async def _give_up(self, row_id: int, reason: str | None, attempts: int | None = None) -> None:
        await self._store(self._fail, row_id, reason, attempts)
        self.stats.failed += 1

    async def _step(self, step: Callable[..., T], *args: Any, hot: bool = False) -> T:
        """Run a database step: inline on SQLite; on PostgreSQL inline if ``hot`` (the claim
        and the mark), bounded, and run again in a thread if the server stalls
        (:mod:`storage.onloop`: both steps are safe to repeat), else in a thread."""
        if self.inline_steps:
            return step(*args)
        if hot and self.inline_hot:
            return await self.db.on_loop.run(functools.partial(step, *args))
        return await asyncio.to_thread(step, *args)

    async def _store(self, step: Callable[..., None], *args: Any, hot: bool = False) -> None:
        """Commit a result; retried a few times, because the message is already out."""
        try:
            await retry(
                lambda: self._step(step, *args, hot=hot),
                wait=STORE_WAIT,
                attempts=STORE_ATTEMPTS,
                sleep=self.sleep,
            )
        except Exception as exc:
            # The row stays ``sending``: recover_interrupted fails it, never resends.
            log.error("outbox: could not record a result: %s", type(exc).__name__)
            raise

    # ------------------------------------------------------------------ database steps
    # The row states themselves are storage's (storage.outbox_states); these name them as
    # the sender's steps, which _step runs and tests replace one by one.
    def _claim_with_target(
        self, row_id: int, now: datetime | None = None, again: bool = False
    ) -> tuple[ClaimedRow, int | object | None] | None:
        """Claim a row and find the Telegram id of the message it replies to or edits."""
        return self.rows.claim(row_id, now, again)

    def _mark_sent(self, row_id: int, message_id: int, relay: RelayInfo | None = None) -> None:
        """The row went out: ``sent`` whatever happened meanwhile (it *was* delivered)."""
        self.rows.mark_sent(row_id, message_id, relay)

    def _mark_nothing_to_do(self, row_id: int) -> None:
        """A delete of a message that was never sent: done, without a request."""
        self.rows.mark_nothing_to_do(row_id)

    def _mark_part(self, row_id: int, done: int, message_id: int) -> None:
        """A part of a long row went out: record it and put the row back in line."""
        self.rows.mark_part(row_id, done, message_id)

    def _reschedule(self, row_id: int, delay: float, note: str | None, counts: bool) -> None:
        """Back to ``pending`` after ``delay``; ``last_error`` marks the chat as waiting."""
        self.rows.reschedule(row_id, delay, note, counts)

    def _fail(self, row_id: int, reason: str | None, attempts: int | None = None) -> None:
        self.rows.fail(row_id, reason, attempts)

    def _mark_drawn(self, row_id: int, png: bytes) -> None:
        """The picture is drawn: the row becomes a pending photo with the PNG (encrypted)."""
        self.rows.mark_drawn(row_id, png)

    def _fail_drawing(self, row: ClaimedRow, reason: str, fallback: list[int]) -> None:
        """Fail a picture that could not be drawn and queue its words (the caption) instead."""
        fallback.clear()  # a retried step starts again
        with unit_of_work(self.db) as uow:
            if not fail_in(uow, row.id, reason):
                return
            words = uow.outbox.enqueue(
                chat_id=row.chat_id,
                text=f"{t('ecomap.draw_failed', row.language or DEFAULT_LANGUAGE)}\n\n{row.text}",
                kind="reply:ecomap.draw_failed",
                idempotency_key=f"drawing-failed:{row.id}",
                now=self.clock.now(),
                service_id=row.service_id,
                young_person_id=row.young_person_id,
            )
            if words.id is not None:
                fallback.append(words.id)

    def _mark_group_moved(
        self, row_id: int, reason: str | None, chat_id: int, new_chat_id: int
    ) -> None:
        """Fail the row; the group's links, its waiting rows and this one follow it."""
        with unit_of_work(self.db) as uow:
            if fail_in(uow, row_id, reason or "moved"):
                self.reactions.group_moved(uow, chat_id, new_chat_id, self.clock.now(), row_id)

    def _mark_blocked(
        self, row_id: int, reason: str | None, chat_id: int, young_person_id: int | None
    ) -> None:
        """Fail the row; a young person's own chat makes the case unreachable (told once).

        In a group the bot was removed (or the group is gone): if it was linked, it is
        unlinked and what was on its way there is sent to the coordinators instead.
        """
        with unit_of_work(self.db) as uow:
            failed = fail_in(uow, row_id, reason or "blocked")
            if failed and chat_id < 0:
                self.reactions.group_lost(uow, chat_id, self.clock.now(), row_id)
                return
            if not failed or young_person_id is None or chat_id <= 0:
                return
            _tell_card_not_delivered(uow, row_id, self.clock.now())
            case = uow.cases.get_for_update(young_person_id)
            if case is None or case.telegram_user_id != chat_id:
                return
            key = f"unreachable:{case.id}:{row_id}"
            self.reactions.person_unreachable(uow, case, key, self.clock.now())


class _Claim:
    """One claim of a row, at one time: run again (storage.onloop, after a cut) it also
    takes back the row its first run claimed after all."""

    def __init__(
        self,
        step: Callable[[int, datetime, bool], tuple[ClaimedRow, int | object | None] | None],
        row_id: int,
        now: datetime,
    ) -> None:
        self.step = step
        self.row_id = row_id
        self.now = now
        self.runs = 0

    def __call__(self) -> tuple[ClaimedRow, int | object | None] | None:
        self.runs += 1
        return self.step(self.row_id, self.now, self.runs > 1)


def _button_rows(raw: str) -> ButtonRows:
    rows = json.loads(raw)
    return [[(str(label), str(data)) for label, data in row] for row in rows]


def _tell_card_not_delivered(uow: UnitOfWork, row_id: int, now: datetime) -> None:
    """A coordinator's reply could not reach the young person: say so under the card."""
    row = uow.outbox.get(row_id)
    if row is None or row.relay_request_id is None or row.service_id is None:
        return
    request = uow.support.get(row.service_id, row.relay_request_id)
    card = uow.outbox.get(request.card_outbox_id) if request and request.card_outbox_id else None
    if request is None or card is None:
        return
    uow.outbox.enqueue(
        chat_id=card.chat_id,
        text=t("relay.not_delivered", ref=request.reference),
        kind="relay.not_delivered",
        idempotency_key=f"not_delivered:{row_id}",
        now=now,
        service_id=row.service_id,
        young_person_id=row.young_person_id,
        target_outbox_id=card.id,
        relay=(request.id or 0, RelayRole.TO_GROUP),
    )
