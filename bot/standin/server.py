"""A local imitation of the Telegram Bot API for end-to-end tests and the playground.

``BotApiStandIn`` serves ``{url}/bot{token}/{method}`` and ``{url}/file/bot{token}/{path}`` well
enough for unmodified python-telegram-bot and aiogram bots, lets tests act as users, and records
everything the bot did.  It also serves a small web chat page at ``/`` (see ``page.py``).
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any

from aiohttp import web

from bot.standin.content import media_content, text_content
from bot.standin.methods import METHODS, BotApi
from bot.standin.page import normalise_panels, setup_page
from bot.standin.state import Fault, Notifier, StoredMessage, World
from bot.standin.wire import ApiError, error_response, ok_response, read_params

log = logging.getLogger(__name__)

MAX_UPLOAD = 60 * 1024 * 1024
PageAction = Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]
_POLL_STEP = 0.02


class BotApiStandIn:
    """An aiohttp server imitating the Telegram Bot API, plus helpers to act as users."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",  # noqa: S107 - a fake token for tests
        bot_id: int = 123456,
        bot_username: str = "LifelinksTestBot",
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        clock: Callable[[], float] = time.monotonic,
        bot_first_name: str = "Lifelinks",
        privacy_mode: bool = False,
    ) -> None:
        """Create a stand-in; nothing listens until :meth:`start`.

        ``clock`` measures the rate-limit windows; ``privacy_mode`` makes plain group messages
        invisible to the bot (only commands, replies to the bot and mentions arrive).
        """
        self.token = token
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.host = host
        self.port = port
        self.privacy_mode = privacy_mode
        self.bot_user: dict[str, Any] = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": not privacy_mode,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        sender = {key: self.bot_user[key] for key in ("id", "is_bot", "first_name", "username")}
        self.world = World(sender, clock)
        self.api = BotApi(self.world, self.bot_user)
        self.panels: list[dict[str, Any]] = []
        self.page_status: Callable[[], dict[str, Any]] | None = None
        self.page_actions: dict[str, PageAction] = {}
        self._runner: web.AppRunner | None = None

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        """Bind and serve (port 0 picks a free port)."""
        app = web.Application(client_max_size=MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        setup_page(app, self)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        address = self._runner.addresses[0]
        self.port = int(address[1])
        log.info("Bot API stand-in listening on %s", self.url)

    async def stop(self) -> None:
        """Stop serving; waiting long polls return at once."""
        self.api.closing = True
        self.world.notifier.notify()
        await self.api.webhook.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiStandIn:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """The API root to use as TELEGRAM_API_URL, e.g. ``http://127.0.0.1:43123``."""
        if self._runner is None:
            raise RuntimeError("the stand-in is not started")
        return f"http://{self.host}:{self.port}"

    @property
    def closing(self) -> bool:
        """True once :meth:`stop` was called."""
        return self.api.closing

    # ------------------------------------------------------------------ HTTP
    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return error_response(401, "Unauthorized")
        spec = METHODS.get(request.match_info["method"].lower())
        if spec is None:
            return error_response(404, "Not Found")
        try:
            params = await read_params(request)
            self.world.calls.append((spec.name, params.redacted()))
            fault = self.world.take_fault(spec.name, params.optional_chat_id())
            if fault is not None:
                await self._apply_fault(fault)
            result = await spec.handler(self.api, params)
        except ApiError as error:
            log.debug("stand-in %s -> %s", spec.name, error.code)
            return error.response()
        except Exception:
            log.exception("stand-in %s failed", spec.name)
            return error_response(500, "Internal Server Error")
        return ok_response(result)

    @staticmethod
    async def _apply_fault(fault: Fault) -> None:
        if fault.delay:
            await asyncio.sleep(fault.delay)
        error = fault.error()
        if error is not None:
            raise error

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return error_response(401, "Unauthorized")
        stored = self.world.files.by_path(request.match_info["path"])
        if stored is None:
            return error_response(404, "Not Found")
        content_type = stored.mime_type or "application/octet-stream"
        return web.Response(body=stored.data, content_type=content_type)

    # ------------------------------------------------------------------ world
    def add_user(
        self,
        user_id: int,
        first_name: str,
        username: str | None = None,
        last_name: str | None = None,
        *,
        started: bool = True,
    ) -> None:
        """Add a user (and their private chat with the bot).

        With ``started=False`` the bot cannot write to them until they send something
        (403 "bot can't initiate conversation with a user").
        """
        self.world.add_user(user_id, first_name, username, last_name, started)

    def add_group(
        self,
        chat_id: int,
        title: str,
        member_ids: list[int] | None = None,
        bot_is_member: bool = True,
    ) -> None:
        """Add a supergroup (negative id) with members."""
        self.world.add_group(chat_id, title, member_ids, bot_is_member)

    def set_blocked(self, user_id: int, blocked: bool = True, *, notify: bool = False) -> None:
        """Make the user block (or unblock) the bot; sends then fail with 403.

        ``notify=True`` also queues the ``my_chat_member`` update Telegram sends.
        """
        chat = self.world.chat_for_user(user_id, None)
        was_blocked, chat.blocked = chat.blocked, blocked
        if notify and was_blocked != blocked:
            old, new = ("member", "kicked") if blocked else ("kicked", "member")
            self._queue_my_chat_member(chat.chat_id, user_id, old, new)

    def set_bot_member(
        self, chat_id: int, is_member: bool, *, by_user_id: int | None = None
    ) -> None:
        """Add the bot to (or remove it from) a group; ``by_user_id`` queues my_chat_member."""
        chat = self.world.chats[chat_id]
        was_member, chat.bot_is_member = chat.bot_is_member, is_member
        if by_user_id is not None and was_member != is_member:
            old, new = ("left", "member") if is_member else ("member", "left")
            self._queue_my_chat_member(chat_id, by_user_id, old, new)

    def migrate_group(
        self, chat_id: int, new_chat_id: int, by_user_id: int, *, notify: bool = True
    ) -> None:
        """Telegram upgrades a group to a supergroup with a new id (same members, bot too).

        Sends to the old id then fail with 400 and ``migrate_to_chat_id``; both chats get
        the service message Telegram sends (``migrate_to_chat_id`` / ``migrate_from_chat_id``),
        which reach the bot unless ``notify`` is False (as if it missed them).
        """
        old = self.world.chats[chat_id]
        self.world.add_group(
            new_chat_id, str(old.chat.get("title", "")), sorted(old.members), old.bot_is_member
        )
        old.migrated_to = new_chat_id
        actor = self.world.user(by_user_id)
        new = self.world.chats[new_chat_id]
        moved_to = self.world.add_message(old, {"migrate_to_chat_id": new_chat_id}, sender=actor)
        moved_from = self.world.add_message(new, {"migrate_from_chat_id": chat_id}, sender=actor)
        for stored in (moved_to, moved_from):
            if notify and old.bot_is_member:
                self.world.queue({"message": copy.deepcopy(stored.wire)})

    def command_menu(self, scope: dict[str, Any] | None = None, language: str = "") -> list[str]:
        """The command names the bot set for a scope (``{"type": "chat", "chat_id": 1}``...)."""
        key = (json.dumps(scope or {"type": "default"}, sort_keys=True), language)
        return [command["command"] for command in self.api.commands.get(key, [])]

    def _queue_my_chat_member(self, chat_id: int, actor_id: int, old: str, new: str) -> None:
        bot = self.world.bot_user

        def member(status: str) -> dict[str, Any]:
            extra = {"until_date": 0} if status == "kicked" else {}
            return {"status": status, "user": copy.deepcopy(bot), **extra}

        self.world.queue(
            {
                "my_chat_member": {
                    "chat": copy.deepcopy(self.world.chats[chat_id].chat),
                    "from": copy.deepcopy(self.world.user(actor_id)),
                    "date": int(time.time()),
                    "old_chat_member": member(old),
                    "new_chat_member": member(new),
                }
            }
        )

    # ------------------------------------------------------------------ acting as users
    def user_sends(
        self,
        user_id: int,
        text: str,
        chat_id: int | None = None,
        reply_to_message_id: int | None = None,
    ) -> dict[str, Any]:
        """The user sends a text (private chat when ``chat_id`` is None); returns the Message."""
        chat = self.world.chat_for_user(user_id, chat_id)
        reply_to = None
        if reply_to_message_id is not None:
            reply_to = self.world.find_message(chat, reply_to_message_id)
            if reply_to is None:
                raise KeyError(f"no message {reply_to_message_id} in chat {chat.chat_id}")
        stored = self.world.add_message(
            chat, text_content(text), sender=self.world.user(user_id), reply_to=reply_to
        )
        self._deliver_message(stored, "message")
        return stored.public()

    def user_sends_media(
        self,
        user_id: int,
        kind: str,
        chat_id: int | None = None,
        caption: str | None = None,
        data: bytes | None = None,
        *,
        file_name: str | None = None,
        reply_to_message_id: int | None = None,
        duration: int | None = None,
    ) -> dict[str, Any]:
        """The user sends a photo, document, voice, sticker, location, contact or poll.

        ``data`` are the file bytes (a small valid placeholder when None); they are stored so
        getFile and the file download work.  For a poll the caption is the question.
        """
        chat = self.world.chat_for_user(user_id, chat_id)
        user = self.world.user(user_id)
        content = media_content(self.world.files, kind, user, caption, data, file_name, duration)
        reply_to = None
        if reply_to_message_id is not None:
            reply_to = self.world.find_message(chat, reply_to_message_id)
            if reply_to is None:
                raise KeyError(f"no message {reply_to_message_id} in chat {chat.chat_id}")
        stored = self.world.add_message(chat, content, sender=user, reply_to=reply_to)
        self._deliver_message(stored, "message")
        return stored.public()

    def user_presses(
        self, user_id: int, message_id: int, data: str, chat_id: int | None = None
    ) -> str:
        """The user presses an inline button of a bot message; returns the callback query id."""
        chat = self.world.chat_for_user(user_id, chat_id)
        stored = self.world.find_message(chat, message_id)
        if stored is None or not stored.from_bot:
            raise ValueError(f"no bot message {message_id} in chat {chat.chat_id}")
        query_id = self.world.new_query(chat.chat_id, message_id)
        query = {
            "id": query_id,
            "from": copy.deepcopy(self.world.user(user_id)),
            "message": copy.deepcopy(stored.wire),
            "chat_instance": str((chat.chat_id * 2654435761) % 10**19),
            "data": data,
        }
        self.world.queue({"callback_query": query})
        return query_id

    def user_edits(
        self, user_id: int, message_id: int, text: str, chat_id: int | None = None
    ) -> dict[str, Any]:
        """The user edits one of their text messages; queues an ``edited_message`` update."""
        chat = self.world.chat_for_user(user_id, chat_id)
        stored = self.world.find_message(chat, message_id)
        if stored is None or stored.wire["from"]["id"] != user_id or "text" not in stored.wire:
            raise ValueError(f"user {user_id} has no text message {message_id} in that chat")
        stored.wire.pop("entities", None)
        stored.wire.update(text_content(text))
        self.world.edited(stored)
        self._deliver_message(stored, "edited_message")
        return stored.public()

    def _deliver_message(self, stored: StoredMessage, kind: str) -> None:
        chat = self.world.chats[int(stored.wire["chat"]["id"])]
        if not chat.is_private and not self._bot_sees(chat.bot_is_member, stored):
            return
        self.world.queue({kind: copy.deepcopy(stored.wire)})

    def _bot_sees(self, bot_is_member: bool, stored: StoredMessage) -> bool:
        if not bot_is_member:
            return False
        if not self.privacy_mode:
            return True
        wire = stored.wire
        text = wire.get("text") or wire.get("caption") or ""
        replied = wire.get("reply_to_message", {}).get("from", {}).get("id") == self.bot_id
        command = any(e.get("type") == "bot_command" for e in wire.get("entities", []))
        return replied or command or f"@{self.bot_username}".lower() in text.lower()

    # ------------------------------------------------------------------ raw updates
    def queue_update(self, update: dict[str, Any]) -> int:
        """Queue a raw update (update_id assigned if missing); returns its update_id."""
        return self.world.queue(update)

    def redeliver(self, update_id: int) -> None:
        """Queue an earlier update again, with the same update_id (for dedupe tests)."""
        self.world.redeliver(update_id)

    @property
    def pending_update_count(self) -> int:
        """Updates not yet acknowledged (polling) or delivered (webhook)."""
        return len(self.world.pending)

    # ------------------------------------------------------------------ reading
    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """Every message in a chat, users' and the bot's, in order (deleted ones excluded)."""
        chat = self.world.chats.get(chat_id)
        return [stored.public() for stored in chat.messages.values()] if chat else []

    def bot_messages(self, chat_id: int) -> list[dict[str, Any]]:
        """The messages the bot sent to a chat (still present), in order."""
        chat = self.world.chats.get(chat_id)
        if chat is None:
            return []
        return [stored.public() for stored in chat.messages.values() if stored.from_bot]

    async def wait_for_bot_messages(
        self, chat_id: int, count: int, timeout: float = 5.0
    ) -> list[dict[str, Any]]:
        """Wait until the bot has sent at least ``count`` messages to a chat; return them."""

        def enough() -> bool:
            chat = self.world.chats.get(chat_id)
            return chat is not None and chat.bot_sent >= count

        try:
            await self.wait_until(enough, timeout)
        except AssertionError:
            seen = [m.get("text") or m.get("caption") or "" for m in self.bot_messages(chat_id)]
            raise AssertionError(
                f"expected {count} bot message(s) in chat {chat_id} within {timeout}s; "
                f"got {len(seen)}: {seen!r}"
            ) from None
        return self.bot_messages(chat_id)

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``predicate()`` is true; AssertionError after ``timeout`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = self.world.notifier.snapshot()
            if predicate():
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"condition not met within {timeout}s")
            await Notifier.wait(event, min(_POLL_STEP, remaining))

    async def wait_idle(self, timeout: float = 5.0) -> None:
        """Wait until every queued update was acknowledged (polling) or delivered (webhook)."""
        try:
            await self.wait_until(lambda: not self.world.pending, timeout)
        except AssertionError:
            pending = [p.update_id for p in self.world.pending]
            raise AssertionError(
                f"updates {pending} still pending after {timeout}s (is the bot polling?)"
            ) from None

    @property
    def callback_answers(self) -> list[dict[str, Any]]:
        """Parameters of every answerCallbackQuery call, in order."""
        return self.world.callback_answers

    @property
    def calls(self) -> list[tuple[str, dict[str, Any]]]:
        """Every API call as (method, params), in order; uploads are described, not stored."""
        return self.world.calls

    def file_bytes(self, file_id: str) -> bytes:
        """The bytes behind a file_id (sent by the bot or a user)."""
        stored = self.world.files.get(file_id)
        if stored is None:
            raise KeyError(f"unknown file_id {file_id}")
        return stored.data

    def my_commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, str]]:
        """The command list set with setMyCommands for a scope and language."""
        key = (json.dumps(scope or {"type": "default"}, sort_keys=True), language_code)
        return copy.deepcopy(self.api.commands.get(key, []))

    @property
    def webhook_url(self) -> str:
        """The webhook URL set by the bot ('' when polling)."""
        return self.api.webhook.url

    # ------------------------------------------------------------------ faults, limits
    def inject_fault(
        self,
        method: str,
        *,
        chat_id: int | None = None,
        status: int = 429,
        retry_after: int | None = None,
        description: str | None = None,
        times: int = 1,
        delay: float | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (optionally for one chat) fail.

        Errors have Telegram's shape; 429 carries ``parameters.retry_after`` (1 if not given).
        ``delay`` sleeps before answering; with ``status=200`` the call then succeeds normally
        (a slow but successful request, e.g. to provoke client timeouts).
        """
        self.world.faults.append(
            Fault(method.lower(), chat_id, status, retry_after, description, times, delay)
        )

    @property
    def rate_violations(self) -> int:
        """Sends over a limit: a private chat's bucket (4, then 1/s), 20/min a group, 30/s."""
        return self.world.rate.violations

    def reset(self) -> None:
        """Forget messages, updates, calls, answers and faults; keep users and groups."""
        self.world.reset()

    # ------------------------------------------------------------------ page
    def configure_page(
        self,
        panels: list[dict[str, Any]],
        *,
        status: Callable[[], dict[str, Any]] | None = None,
        actions: dict[str, PageAction] | None = None,
    ) -> None:
        """Set the chats shown side by side on the web page.

        Each panel is ``{"title", "chat_id", "as_user_id", "quick_texts"}``, optionally with a
        short ``"tab"`` label and an ``"intro"`` card ``{"title", "text", "button", "send"}``
        shown while the chat is empty.  ``status`` adds JSON of the host's own to the page's
        config and updates (say, a clock); ``actions`` are the host's controls the page may
        call by name (``POST /_page/api/act/{name}``).
        """
        self.panels = normalise_panels(panels)
        self.page_status = status
        self.page_actions = dict(actions or {})
