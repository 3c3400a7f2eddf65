"""Pushing updates to a webhook, as Telegram does while one is set."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from typing import Any

import aiohttp

from bot.standin.state import Notifier, World
from bot.standin.wire import bad_request
from scheduler.retry import exponential, retry

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
MIN_BACKOFF = 0.05
MAX_BACKOFF = 1.0
BACKOFF = exponential(MIN_BACKOFF, cap=MAX_BACKOFF)
POST_TIMEOUT = 10.0
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")


class _Refused(Exception):
    """The webhook did not answer 2xx (why is kept for getWebhookInfo)."""


class WebhookPusher:
    """Delivers pending updates one by one to the webhook URL, retrying until it answers 2xx."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.url = ""
        self.secret: str | None = None
        self.max_connections = 40
        self.last_error: tuple[int, str] | None = None
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None

    def configure(self, url: str, secret: str | None, max_connections: int | None) -> None:
        """Set (or, with an empty url, remove) the webhook."""
        if secret is not None and not _SECRET_RE.fullmatch(secret):
            raise bad_request("secret token contains unallowed characters")
        if url and not url.startswith(("http://", "https://")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self._cancel()
        self.url = url
        self.secret = secret if url else None
        self.max_connections = max_connections or 40
        self.last_error = None
        if url:
            self._task = asyncio.get_running_loop().create_task(self._run())

    def info(self) -> dict[str, Any]:
        """The WebhookInfo object."""
        info: dict[str, Any] = {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.world.pending),
        }
        if self.url:
            info["max_connections"] = self.max_connections
            info["ip_address"] = "127.0.0.1"
            if self.world.allowed_updates is not None:
                info["allowed_updates"] = sorted(self.world.allowed_updates)
        if self.last_error:
            info["last_error_date"], info["last_error_message"] = self.last_error
        return info

    async def close(self) -> None:
        """Stop delivering and release the HTTP client."""
        task = self._task
        self._cancel()
        if task is not None:
            await asyncio.wait({task}, timeout=1.0)
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _run(self) -> None:
        while True:
            await retry(self._deliver_next, wait=BACKOFF, on=(_Refused,))

    async def _deliver_next(self) -> None:
        """Wait for the next undelivered update and post it; :class:`_Refused` if not taken."""
        while True:
            event = self.world.notifier.snapshot()
            entry = self.world.next_undelivered()
            if entry is not None:
                break
            await Notifier.wait(event, 1.0)
        if not await self._post(entry.update):
            raise _Refused
        self.world.delivered(entry)

    async def _post(self, update: dict[str, Any]) -> bool:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        headers = {SECRET_HEADER: self.secret} if self.secret else {}
        timeout = aiohttp.ClientTimeout(total=POST_TIMEOUT)
        try:
            async with self._session.post(
                self.url, json=update, headers=headers, timeout=timeout
            ) as response:
                await response.read()
                if 200 <= response.status < 300:
                    return True
                self._failed(
                    f"Wrong response from the webhook: {response.status} {response.reason}"
                )
        except (aiohttp.ClientError, TimeoutError) as exc:
            self._failed(f"Connection failed: {type(exc).__name__}")
        return False

    def _failed(self, message: str) -> None:
        self.last_error = (int(time.time()), message)
        log.debug("stand-in webhook delivery failed: %s", message)
