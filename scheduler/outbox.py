"""The outbox sender: delivers queued messages once each, within Telegram's limits.

A row is *claimed* (status ``sending``) and committed, then sent, then marked ``sent`` with
the Telegram message id in a second commit. If the process dies after Telegram accepted a
message but before the mark was committed, the row stays ``sending``; on start-up such rows
are marked ``failed`` ("interrupted") rather than sent again, so nothing is ever sent twice.
That narrow window is the one place a message can be lost; it is logged and counted.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import time
from collections import deque
from datetime import datetime, timedelta

from sqlmodel import col, select

from bot.transport import Blocked, Rejected, RetryLater, Transient, Transport
from scheduler.clock import Clock
from storage.db import Database
from storage.models import OutboxMessage, OutboxStatus
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
GLOBAL_PER_SECOND = 30
PRIVATE_GAP = 1.0  # seconds between messages to one private chat
GROUP_PER_MINUTE = 20


class RateLimiter:
    """Telegram's broadcast limits, tracked with a monotonic clock."""

    def __init__(self) -> None:
        self._recent: deque[float] = deque()
        self._last_private: dict[int, float] = {}
        self._group_sends: dict[int, deque[float]] = {}
        self._paused_until: dict[int, float] = {}

    def wait_time(self, chat_id: int, now: float) -> float:
        """Seconds to wait before this chat may get a message (0 when it may go now)."""
        waits = [self._paused_until.get(chat_id, 0.0) - now]
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        if len(self._recent) >= GLOBAL_PER_SECOND:
            waits.append(1.0 - (now - self._recent[0]))
        if chat_id > 0:
            waits.append(self._last_private.get(chat_id, -1e9) + PRIVATE_GAP - now)
        else:
            sends = self._group_sends.setdefault(chat_id, deque())
            while sends and now - sends[0] >= 60.0:
                sends.popleft()
            if len(sends) >= GROUP_PER_MINUTE:
                waits.append(60.0 - (now - sends[0]))
        return max(0.0, *waits)

    def record(self, chat_id: int, now: float) -> None:
        """Count a send."""
        self._recent.append(now)
        if chat_id > 0:
            self._last_private[chat_id] = now
        else:
            self._group_sends.setdefault(chat_id, deque()).append(now)

    def pause(self, chat_id: int, until: float) -> None:
        """Hold one chat after a 429 (the rest of the bot carries on)."""
        self._paused_until[chat_id] = until


class OutboxSender:
    """Claims due outbox rows and sends them through a transport."""

    def __init__(
        self, db: Database, transport: Transport, clock: Clock, batch_size: int = 30
    ) -> None:
        self.db = db
        self.transport = transport
        self.clock = clock
        self.batch_size = batch_size
        self.limiter = RateLimiter()
        self._stop = asyncio.Event()

    def stop(self) -> None:
        """Ask :meth:`run_forever` to finish after the current message."""
        self._stop.set()

    async def run_forever(self, interval: float = 1.0) -> None:
        """Send due rows until stopped; survives database and network hiccups."""
        await asyncio.to_thread(self.recover_interrupted)
        while not self._stop.is_set():
            try:
                sent = await self.run_once()
            except Exception as exc:
                log.error("outbox pass failed: %s", type(exc).__name__)
                sent = 0
            if sent == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), interval)

    def recover_interrupted(self, older_than: timedelta = timedelta(minutes=5)) -> int:
        """Mark rows left ``sending`` by a crash as failed rather than risk a double send."""
        cutoff = self.clock.now() - older_than
        with unit_of_work(self.db) as uow:
            rows = uow.session.exec(
                select(OutboxMessage).where(
                    OutboxMessage.status == OutboxStatus.SENDING,
                    col(OutboxMessage.claimed_at) < cutoff,
                )
            ).all()
            for row in rows:
                row.status = OutboxStatus.FAILED
                row.last_error = "interrupted: may or may not have been delivered"
        if rows:
            log.warning("%d outbox rows were interrupted mid-send and not retried", len(rows))
        return len(rows)

    async def run_once(self) -> int:
        """Claim one batch of due rows and try to send each; returns how many were sent."""
        rows = await asyncio.to_thread(self._claim)
        sent = 0
        for row in rows:
            if self._stop.is_set():
                await asyncio.to_thread(self._release, row.id, self.clock.now())
                continue
            sent += await self._send_one(row)
        return sent

    def _claim(self) -> list[OutboxMessage]:
        with unit_of_work(self.db) as uow:
            return list(uow.outbox.claim_due(self.clock.now(), self.batch_size))

    async def _send_one(self, row: OutboxMessage) -> int:
        assert row.id is not None
        wait = self.limiter.wait_time(row.chat_id, time.monotonic())
        if wait > 0:
            await asyncio.sleep(wait)
        buttons = [[(label, data) for label, data in r] for r in json.loads(row.buttons)]
        try:
            self.limiter.record(row.chat_id, time.monotonic())
            message_id = await self.transport.send_text(row.chat_id, row.text, buttons or None)
        except RetryLater as exc:
            self.limiter.pause(row.chat_id, time.monotonic() + exc.retry_after)
            delay = timedelta(seconds=exc.retry_after)
            await asyncio.to_thread(self._retry, row.id, delay, "429")
            return 0
        except Transient as exc:
            backoff = min(3600.0, 2.0 ** min(row.attempts, 12)) * (0.5 + random.random())
            await asyncio.to_thread(self._retry, row.id, timedelta(seconds=backoff), str(exc))
            return 0
        except (Blocked, Rejected) as exc:
            await asyncio.to_thread(self._fail, row.id, type(exc).__name__)
            return 0
        await asyncio.to_thread(self._mark_sent, row.id, message_id)
        return 1

    def _mark_sent(self, row_id: int, message_id: int) -> None:
        with unit_of_work(self.db) as uow:
            row = uow.outbox.get(row_id)
            if row is not None:
                row.status = OutboxStatus.SENT
                row.sent_at = self.clock.now()
                row.telegram_message_id = message_id

    def _retry(self, row_id: int, delay: timedelta, reason: str) -> None:
        with unit_of_work(self.db) as uow:
            row = uow.outbox.get(row_id)
            if row is None:
                return
            row.last_error = reason[:200]
            if row.attempts >= MAX_ATTEMPTS:
                row.status = OutboxStatus.FAILED
            else:
                row.status = OutboxStatus.PENDING
                row.not_before = self.clock.now() + delay

    def _fail(self, row_id: int, reason: str) -> None:
        with unit_of_work(self.db) as uow:
            row = uow.outbox.get(row_id)
            if row is not None:
                row.status = OutboxStatus.FAILED
                row.last_error = reason[:200]

    def _release(self, row_id: int | None, now: datetime) -> None:
        with unit_of_work(self.db) as uow:
            row = uow.outbox.get(row_id or 0)
            if row is not None and row.status == OutboxStatus.SENDING:
                row.status = OutboxStatus.PENDING
                row.attempts = max(0, row.attempts - 1)
