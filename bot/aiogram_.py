"""aiogram 3 adapter: aiogram updates → Event, Reply → aiogram calls. Nothing else.

Updates come in through the inbox (:mod:`bot.inbox`): the poller or the webhook server
stores them first, then each stored update is fed to aiogram with ``feed_raw_update``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from aiogram import Bot, Dispatcher
from aiogram import exceptions as ag_error
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    BufferedInputFile,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyParameters,
    TelegramObject,
    Update,
)

from bot import transport as tp
from bot.bot_api import BotApiTransport
from bot.inbox import Inbox
from bot.intake import start_intake
from bot.runtime import BotRuntime
from bot.updates import event_from_update
from scheduler import transport as port

log = logging.getLogger(__name__)
T = TypeVar("T")
ALL_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member", "chat_member"]


async def _translated(call: Callable[[], Awaitable[T]]) -> T:
    """Run an aiogram call, turning its errors into the transport's error types."""
    try:
        return await call()
    except ag_error.TelegramRetryAfter as exc:
        raise port.RetryLater(float(exc.retry_after)) from None
    except ag_error.TelegramForbiddenError as exc:
        raise port.Blocked(exc.message) from None
    except ag_error.TelegramMigrateToChat as exc:
        raise port.ChatMoved(exc.migrate_to_chat_id) from None
    except (ag_error.TelegramServerError, ag_error.TelegramNetworkError, TimeoutError) as exc:
        raise port.Transient(type(exc).__name__) from None
    except ag_error.TelegramAPIError as exc:
        raise port.Rejected(exc.message) from None


def aiogram_transport(bot: Bot) -> tp.BotMethodsTransport:
    """The shared transport over aiogram's ``Bot``."""
    upload = tp.partial_upload(BufferedInputFile)
    kit = (InlineKeyboardMarkup, InlineKeyboardButton, BotCommand, upload, _translated)
    scopes = {"all_group_chats": BotCommandScopeAllGroupChats, "chat": BotCommandScopeChat}
    return tp.BotMethodsTransport(bot, *kit, ReplyParameters, ForceReply, scopes)


class AiogramAdapter:
    """Runs the engine on aiogram 3, by long polling or webhook."""

    def __init__(self, runtime: BotRuntime) -> None:
        self.runtime = runtime
        session = AiohttpSession(api=TelegramAPIServer.from_base(runtime.settings.TELEGRAM_API_URL))
        self.bot = Bot(runtime.token, session=session)
        self.http = session  # the Bot API's HTTP client (closed on stop), not a database session
        self.dispatcher = Dispatcher()
        self.dispatcher.update.outer_middleware(self._on_update)
        # The hot methods (every outbox message, every callback answer) are posted as JSON
        # directly, with aiogram's own timeout; uploads and command menus go through aiogram.
        self.transport = BotApiTransport(
            runtime.settings.TELEGRAM_API_URL,
            runtime.token,
            aiogram_transport(self.bot),
            float(session.timeout),
        )
        self.inbox = Inbox.for_runtime(runtime, self._feed)

    async def _feed(self, raw: dict[str, Any]) -> None:
        """Hand one stored update to aiogram, whose middleware is :meth:`_on_update`."""
        await self.dispatcher.feed_raw_update(self.bot, raw)

    async def _on_update(
        self,
        _handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        update: TelegramObject,
        _data: dict[str, Any],
    ) -> None:
        assert isinstance(update, Update)
        raw = update.model_dump(mode="json", exclude_none=True, by_alias=True)
        event = event_from_update(raw, self.runtime.bot_username)
        if event is not None:
            await self.runtime.handle(event, self.transport)
        else:
            await self.inbox.mark_handled(update.update_id)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Start polling or the webhook server; stop cleanly on exit."""
        me = await self.bot.get_me()
        await self.runtime.started(me.id, me.username or "", self.transport)
        await self.inbox.start(me.id)
        intake = await start_intake(
            self.inbox,
            self.runtime,
            ALL_UPDATES,
            lambda url, secret, allowed: self.bot.set_webhook(
                url, secret_token=secret, allowed_updates=allowed
            ),
            lambda: self.bot.delete_webhook(drop_pending_updates=False),
        )
        try:
            yield
        finally:
            await intake.stop()
            await self.inbox.stop()
            await self.runtime.stopping()
            await self.transport.close()
            await self.http.close()
            self.runtime.closed()

    async def run_forever(self) -> None:
        """Run until cancelled (Ctrl-C / SIGTERM)."""
        async with self.running():
            await asyncio.Event().wait()
