"""python-telegram-bot adapter: PTB updates → Event, Reply → PTB calls. Nothing else.

Updates come in through the inbox (:mod:`bot.inbox`): the poller or the webhook server
stores them first, then each stored update is fed to PTB with ``process_update``.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any, TypeVar

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    ReplyParameters,
    Update,
)
from telegram import error as tg_error
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.bot_api import BotApiTransport
from bot.inbox import Inbox
from bot.intake import start_intake
from bot.runtime import BotRuntime
from bot.transport import BotMethodsTransport, partial_upload
from bot.updates import event_from_update
from scheduler.transport import Blocked, ChatMoved, Rejected, RetryLater, Transient

log = logging.getLogger(__name__)
T = TypeVar("T")
# python-telegram-bot's default read timeout (HTTPXRequest): the sends keep it.
READ_TIMEOUT = 5.0


def _seconds(value: int | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def _translate(call: Callable[[], Awaitable[T]]) -> T:
    """Run a PTB call, turning its errors into the transport's error types."""
    try:
        return await call()
    except tg_error.RetryAfter as exc:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raise RetryLater(_seconds(exc.retry_after)) from None
    except tg_error.Forbidden as exc:
        raise Blocked(str(exc)) from None
    except tg_error.ChatMigrated as exc:
        raise ChatMoved(exc.new_chat_id) from None
    except (tg_error.TimedOut, tg_error.NetworkError) as exc:
        if isinstance(exc, tg_error.BadRequest):
            raise Rejected(str(exc)) from None
        raise Transient(type(exc).__name__) from None
    except tg_error.TelegramError as exc:
        raise Rejected(str(exc)) from None


def ptb_transport(application: Application[Any, Any, Any, Any, Any, Any]) -> BotMethodsTransport:
    """The shared transport over python-telegram-bot's ``Bot``."""
    upload = partial_upload(InputFile)
    kit = (InlineKeyboardMarkup, InlineKeyboardButton, BotCommand, upload, _translate)
    scopes = {"all_group_chats": BotCommandScopeAllGroupChats, "chat": BotCommandScopeChat}
    return BotMethodsTransport(application.bot, *kit, ReplyParameters, ForceReply, scopes)


class PtbAdapter:
    """Runs the engine on python-telegram-bot, by long polling or webhook."""

    def __init__(self, runtime: BotRuntime) -> None:
        self.runtime = runtime
        api = runtime.settings.TELEGRAM_API_URL
        self.application = (
            Application.builder()
            .token(runtime.token)
            .base_url(f"{api}/bot")
            .base_file_url(f"{api}/file/bot")
            .concurrent_updates(runtime.concurrency)
            .updater(None)  # updates come in through the inbox, not PTB's Updater
            .build()
        )
        self.application.add_handler(TypeHandler(Update, self._on_update))
        self.application.add_error_handler(self._on_error)
        # The hot methods (every outbox message, every callback answer) are posted as JSON
        # directly; uploads and command menus go through PTB's bot (bot.bot_api).
        self.transport = BotApiTransport(
            api, runtime.token, ptb_transport(self.application), READ_TIMEOUT
        )
        self.inbox = Inbox.for_runtime(runtime, self._feed)
        # The stored JSON of the updates being fed, by update id: the engine reads the
        # update as Telegram sent it, without turning PTB's objects back into JSON.
        self._raw: dict[int, dict[str, Any]] = {}

    async def _feed(self, raw: dict[str, Any]) -> None:
        """Hand one stored update to PTB, which calls :meth:`_on_update`."""
        update = Update.de_json(raw, self.application.bot)
        self._raw[update.update_id] = raw
        try:
            await self.application.process_update(update)
        finally:
            self._raw.pop(update.update_id, None)

    async def _on_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        raw = self._raw.get(update.update_id) or update.to_dict()
        event = event_from_update(raw, self.runtime.bot_username)
        if event is not None:
            await self.runtime.handle(event, self.transport)
        else:
            await self.inbox.mark_handled(update.update_id)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        log.error("python-telegram-bot error: %s", type(error).__name__ if error else "unknown")

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Start polling or the webhook server; stop cleanly on exit."""
        app = self.application
        await app.initialize()
        me = app.bot.bot
        await self.runtime.started(me.id, me.username or "", self.transport)
        await app.start()
        await self.inbox.start(me.id)
        intake = await start_intake(
            self.inbox,
            self.runtime,
            Update.ALL_TYPES,
            lambda url, secret, allowed: app.bot.set_webhook(
                url, secret_token=secret, allowed_updates=allowed
            ),
            lambda: app.bot.delete_webhook(drop_pending_updates=False),
        )
        try:
            yield
        finally:
            await intake.stop()
            await self.inbox.stop()
            await self.runtime.stopping()
            await self.transport.close()
            await app.stop()
            await app.shutdown()
            self.runtime.closed()

    async def run_forever(self) -> None:
        """Run until cancelled (Ctrl-C / SIGTERM)."""
        async with self.running():
            await asyncio.Event().wait()


# Older name, kept for callers that build a transport from an Application.
PtbTransport = ptb_transport
