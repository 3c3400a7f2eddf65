"""Long polling that moves the offset only past stored updates.

``getUpdates`` is called with a raw HTTP request, so updates arrive as the Bot API's JSON
and nothing is lost or changed by a framework's parsing before they are stored. A batch is
stored in one transaction (:meth:`bot.inbox.Inbox.accept`); only then is the next batch
asked for with ``offset`` = last stored + 1, which is what tells Telegram the batch arrived.
If the database fails or stalls, the batch is kept and stored again with backoff, and the
offset stays where it is: a crash meanwhile loses nothing, as Telegram sends it again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import aiohttp

from bot.inbox import BrokenUpdate, Inbox, check_update
from scheduler.retry import exponential, retry

log = logging.getLogger(__name__)

MIN_BACKOFF = 0.5
MAX_BACKOFF = 30.0
BACKOFF = exponential(MIN_BACKOFF, cap=MAX_BACKOFF)
BATCH = 100


class PollError(RuntimeError):
    """getUpdates did not answer with a list of updates; the message has no content."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


# What stops a poll for a while (anything else is a bug, and ends the poller).
POLL_ERRORS = (PollError, aiohttp.ClientError, TimeoutError)


class Poller:
    """Asks Telegram for updates and hands each batch to the inbox before asking again."""

    def __init__(
        self,
        inbox: Inbox,
        api_url: str,
        token: str,
        allowed_updates: Sequence[str],
        timeout: int = 10,
    ) -> None:
        self.inbox = inbox
        self._url = f"{api_url.rstrip('/')}/bot{token}/getUpdates"  # never logged
        self.allowed_updates = list(allowed_updates)
        self.timeout = timeout
        self.offset: int | None = None
        self._session: aiohttp.ClientSession | None = None
        self._task: asyncio.Task[None] | None = None

    async def get_updates(self) -> list[Any]:
        """One getUpdates call from the current offset; the raw JSON list it returns."""
        if self._session is None:
            self._session = aiohttp.ClientSession()
        params: dict[str, Any] = {
            "timeout": self.timeout,
            "limit": BATCH,
            "allowed_updates": self.allowed_updates,
        }
        if self.offset is not None:
            params["offset"] = self.offset
        wait = aiohttp.ClientTimeout(total=self.timeout + 15)
        async with self._session.post(self._url, json=params, timeout=wait) as response:
            try:
                answer = await response.json(content_type=None)
            except ValueError:
                raise PollError(f"HTTP {response.status}, not JSON") from None
        if not isinstance(answer, dict) or answer.get("ok") is not True:
            code = answer.get("error_code") if isinstance(answer, dict) else None
            extra = answer.get("parameters") if isinstance(answer, dict) else None
            retry = extra.get("retry_after") if isinstance(extra, dict) else None
            raise PollError(f"error {code}", float(retry) if isinstance(retry, int) else None)
        result = answer.get("result")
        if not isinstance(result, list):
            raise PollError("result is not a list")
        return result

    async def poll_once(self) -> int:
        """Fetch one batch and store it (retrying until stored); returns how many arrived."""
        batch = await self.get_updates()
        good: list[dict[str, Any]] = []
        last: int | None = None
        for item in batch:
            try:
                update = check_update(item)
            except BrokenUpdate as exc:
                log.warning("getUpdates gave a broken update: %s", exc)
                continue
            good.append(update)
            last = max(last or 0, int(update["update_id"]))
        await self._store(good)
        if last is not None:
            self.offset = last + 1
        return len(batch)

    async def _store(self, updates: list[dict[str, Any]]) -> None:
        def retrying(exc: Exception, delay: float) -> None:
            log.warning(
                "could not store %s update(s) (%s); offset kept, retrying in %.1f s",
                len(updates),
                type(exc).__name__,
                delay,
            )

        await retry(lambda: self.inbox.accept(updates), wait=BACKOFF, before_sleep=retrying)

    async def run(self) -> None:
        """Poll until cancelled; network and API errors back off and retry."""
        while True:
            await retry(self.poll_once, wait=_poll_wait, on=POLL_ERRORS, before_sleep=_poll_failed)

    def start(self) -> None:
        """Run :meth:`run` in the background."""
        self._task = asyncio.create_task(self.run())

    async def stop(self) -> None:
        """Stop polling (the offset of stored updates is confirmed on the next start)."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if self._session is not None:
            await self._session.close()
            self._session = None


def _poll_wait(failures: int, exc: Exception) -> float:
    """Telegram's ``retry_after`` when it gives one, else the backoff."""
    if isinstance(exc, PollError) and exc.retry_after is not None:
        return exc.retry_after
    return BACKOFF(failures, exc)


def _poll_failed(exc: Exception, delay: float) -> None:
    # An API error's text is Telegram's description; a network error's, only its class.
    reason: object = exc if isinstance(exc, PollError) else type(exc).__name__
    log.warning("getUpdates failed: %s; retrying in %.1f s", reason, delay)
