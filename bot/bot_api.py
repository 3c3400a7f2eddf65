"""A lean Bot API :class:`~scheduler.transport.Transport` for the hot methods: JSON as is.

Every outbox message and every callback answer is one of ``sendMessage``,
``answerCallbackQuery``, ``editMessageText``, ``copyMessage`` or ``deleteMessage``.  Through a
framework each of them builds the framework's request objects, then parses the whole answer
into its ``Message`` (users, chat, entities, markup), only for the sender to read one number
from it.  That was about 2 ms of CPU per message (python-telegram-bot and httpx), more than the
request itself.  :class:`BotApiTransport` posts the JSON the Bot API documents over one
keep-alive ``aiohttp`` session and reads only ``ok``, ``result.message_id``, ``error_code``,
``description`` and ``parameters`` (``retry_after``, ``migrate_to_chat_id``).  Everything else
(photos, documents, command menus) goes through the framework's transport, given as
``fallback``; updates are still received and parsed by the framework.

**Errors** map onto the transport's exceptions as the framework transports map them:

* ``parameters.migrate_to_chat_id`` → :class:`ChatMoved`; ``parameters.retry_after`` →
  :class:`RetryLater` (whatever the status, as python-telegram-bot does);
* 403 → :class:`Blocked`; 5xx → :class:`Transient` (retried: the answer says Telegram did not
  act on it); other statuses without those parameters (400, 401, 404, 409, 413 ...) →
  :class:`Rejected`, except a 429 without ``retry_after``, which is :class:`Transient`;
* no answer: :class:`Transient` raised while the ``aiohttp`` error is being handled, so the
  error stays its ``__context__`` and
  :func:`scheduler.outbox.classification.may_have_been_sent` can tell a failure to connect
  (never sent: retried) from a read timeout or a dropped connection after the request was
  written (maybe sent: never resent).  ``aiohttp`` does not retry a ``POST``.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

import aiohttp

from scheduler.transport import (
    DEFAULT_SCOPE,
    Blocked,
    ButtonRows,
    ChatMoved,
    CommandScope,
    Rejected,
    RetryLater,
    Transient,
    Transport,
)

CONNECT_TIMEOUT = 5.0  # seconds to get a connection (from the pool or a new one)
POOL_SIZE = 64  # connections: the sender has at most 30 requests in flight, plus answers
_HEADERS = {"Content-Type": "application/json"}
_dumps = json.JSONEncoder(separators=(",", ":")).encode


class ServerError(Exception):
    """A 5xx (or a 429 without ``retry_after``): Telegram answered and did not act on it."""


def _markup(buttons: ButtonRows | None) -> dict[str, Any] | None:
    if not buttons:
        return None
    rows = [[{"text": label, "callback_data": data} for label, data in row] for row in buttons]
    return {"inline_keyboard": rows}


def _reply(reply_to: int | None) -> dict[str, Any] | None:
    if reply_to is None:
        return None
    # A reply to a message deleted meanwhile still goes out, just not threaded.
    return {"message_id": reply_to, "allow_sending_without_reply": True}


def _raise_for(status: int, answer: Any) -> NoReturn:
    """Raise the transport's exception for a Bot API error answer."""
    body = answer if isinstance(answer, dict) else {}
    description = str(body.get("description") or f"HTTP {status}")
    parameters = body.get("parameters")
    if isinstance(parameters, dict):
        if parameters.get("migrate_to_chat_id"):
            raise ChatMoved(int(parameters["migrate_to_chat_id"]))
        if parameters.get("retry_after"):
            raise RetryLater(float(parameters["retry_after"]))
    if status == 403:
        raise Blocked(description)
    if status >= 500 or status == 429:
        try:
            raise ServerError(status)
        except ServerError:
            raise Transient(f"HTTP {status}") from None
    raise Rejected(description)


class BotApiTransport:
    """Posts the hot Bot API methods as JSON; the rest goes to the framework's ``fallback``.

    ``api_url`` is the server (``https://api.telegram.org`` or a stand-in); ``read_timeout``
    the seconds an answer may take once the request is written (the framework's own default,
    so a framework's timeouts stay what they were).  The session is opened on first use and
    closed by :meth:`close`.
    """

    def __init__(
        self,
        api_url: str,
        token: str,
        fallback: Transport,
        read_timeout: float,
        connect_timeout: float = CONNECT_TIMEOUT,
    ) -> None:
        self._base = f"{api_url.rstrip('/')}/bot{token}/"
        self.fallback = fallback
        self._connect_timeout = connect_timeout
        self._timeout = self._timeouts(read_timeout)
        self._session: aiohttp.ClientSession | None = None

    def _timeouts(self, read_timeout: float) -> aiohttp.ClientTimeout:
        connect = self._connect_timeout
        return aiohttp.ClientTimeout(
            total=None, connect=connect, sock_connect=connect, sock_read=read_timeout
        )

    @property
    def read_timeout(self) -> float:
        """Seconds an answer may take once the request is written."""
        return float(self._timeout.sock_read or 0.0)

    @read_timeout.setter
    def read_timeout(self, seconds: float) -> None:
        self._timeout = self._timeouts(seconds)

    def _open(self) -> aiohttp.ClientSession:
        session = self._session
        if session is None or session.closed:
            connector = aiohttp.TCPConnector(limit=POOL_SIZE)
            session = self._session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),
                headers=_HEADERS,
            )
        return session

    async def close(self) -> None:
        """Close the HTTP session (its connections)."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _call(self, method: str, payload: dict[str, Any]) -> Any:
        """POST one method; its ``result`` or the transport's exception."""
        body = _dumps({k: v for k, v in payload.items() if v is not None}).encode()
        try:
            post = self._open().post(self._base + method, data=body, timeout=self._timeout)
            async with post as response:
                status = response.status
                raw = await response.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            # Raised here, so the aiohttp error is the context may_have_been_sent looks at.
            raise Transient(type(exc).__name__) from None
        try:
            answer = json.loads(raw)
        except ValueError:
            answer = None
        if 200 <= status < 300 and isinstance(answer, dict) and answer.get("ok"):
            return answer.get("result")
        if 200 <= status < 300:
            raise Rejected(f"invalid answer to {method}")
        _raise_for(status, answer)

    @staticmethod
    def _message_id(result: Any) -> int:
        if not isinstance(result, dict) or "message_id" not in result:
            raise Rejected("no message id in the answer")
        return int(result["message_id"])

    async def send_text(
        self,
        chat_id: int,
        text: str,
        buttons: ButtonRows | None = None,
        reply_to: int | None = None,
        force_reply: bool = False,
    ) -> int:
        """Send a text message."""
        markup = {"force_reply": True, "selective": False} if force_reply else _markup(buttons)
        payload = {
            "chat_id": chat_id,
            "text": text,
            "reply_markup": markup,
            "reply_parameters": _reply(reply_to),
        }
        return self._message_id(await self._call("sendMessage", payload))

    async def copy_message(
        self, chat_id: int, from_chat_id: int, message_id: int, reply_to: int | None = None
    ) -> int:
        """Copy a message without a link to its sender (never forwardMessage)."""
        payload = {
            "chat_id": chat_id,
            "from_chat_id": from_chat_id,
            "message_id": message_id,
            "reply_parameters": _reply(reply_to),
        }
        return self._message_id(await self._call("copyMessage", payload))

    async def edit_text(
        self, chat_id: int, message_id: int, text: str, buttons: ButtonRows | None = None
    ) -> None:
        """Replace a message's text and buttons."""
        payload = {
            "chat_id": chat_id,
            "message_id": message_id,
            "text": text,
            "reply_markup": _markup(buttons),
        }
        await self._call("editMessageText", payload)

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        """Delete a message the bot sent."""
        await self._call("deleteMessage", {"chat_id": chat_id, "message_id": message_id})

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        """Stop the button's spinner, optionally with a notice."""
        payload = {"callback_query_id": callback_id, "text": text, "show_alert": alert}
        await self._call("answerCallbackQuery", payload)

    async def send_photo(
        self, chat_id: int, photo: bytes, caption: str | None, buttons: ButtonRows | None = None
    ) -> int:
        """Send a photo (through the framework: an upload)."""
        return await self.fallback.send_photo(chat_id, photo, caption, buttons)

    async def send_document(
        self, chat_id: int, document: bytes, filename: str, caption: str | None
    ) -> int:
        """Send a file (through the framework: an upload)."""
        return await self.fallback.send_document(chat_id, document, filename, caption)

    async def set_commands(
        self, commands: list[tuple[str, str]], scope: CommandScope = DEFAULT_SCOPE
    ) -> None:
        """Set a command menu (through the framework: rare)."""
        await self.fallback.set_commands(commands, scope)
