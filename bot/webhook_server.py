"""The webhook endpoint both adapters use: 200 only once the update is stored.

One small aiohttp server: POST only; the secret header compared in constant time; a body
limit; the body must be one JSON object with an integer ``update_id``. The answer is 200
only after the inbox transaction committed; if the database fails it is 500, so Telegram
sends the update again. Refusals are logged by reason and size, never by content.
"""

from __future__ import annotations

import logging
import secrets

from aiohttp import web

from bot.inbox import MAX_BODY, BrokenUpdate, Inbox, parse_update

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
_CHUNK = 64 * 1024


class WebhookServer:
    """Receives updates on ``/<path>`` and stores each in the inbox before answering."""

    def __init__(self, inbox: Inbox, path: str, secret: str | None, port: int) -> None:
        self.inbox = inbox
        self.path = "/" + path.lstrip("/")
        self.secret = (secret or "").encode("utf-8")
        self.port = port
        self._runner: web.AppRunner | None = None

    def app(self) -> web.Application:
        """The aiohttp application (without binding a port)."""
        # aiohttp's own limit guards reads made elsewhere; this handler reads in chunks.
        application = web.Application(client_max_size=MAX_BODY)
        application.router.add_route("*", self.path, self.receive)
        return application

    async def start(self, host: str = "0.0.0.0") -> None:  # noqa: S104 - Telegram must reach it
        """Bind and serve."""
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, self.port).start()

    async def stop(self) -> None:
        """Stop accepting requests."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _refuse(self, status: int, reason: str, size: int) -> web.Response:
        log.warning("webhook request refused (%s): %s, %s bytes", status, reason, size)
        return web.Response(status=status)

    async def receive(self, request: web.Request) -> web.Response:
        """Check, store, and only then answer 200."""
        declared = request.content_length or 0
        if request.method != "POST":
            return self._refuse(405, "not POST", declared)
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8")
        if self.secret and not secrets.compare_digest(given, self.secret):
            return self._refuse(401 if not given else 403, "wrong secret", declared)
        if declared > MAX_BODY:
            return self._refuse(413, "body too large", declared)
        body = bytearray()
        async for chunk in request.content.iter_chunked(_CHUNK):
            body += chunk
            if len(body) > MAX_BODY:
                return self._refuse(413, "body too large", len(body))
        try:
            update = parse_update(bytes(body))
        except BrokenUpdate as exc:
            return self._refuse(400, str(exc), len(body))
        try:
            await self.inbox.accept([update])
        except Exception as exc:
            log.error("webhook update %s not stored: %s", update["update_id"], type(exc).__name__)
            return web.Response(status=500)
        return web.Response(status=200)
