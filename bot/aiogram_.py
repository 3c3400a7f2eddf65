"""aiogram 3 adapter: aiogram updates → Event, Reply → aiogram calls. Nothing else."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
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
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot import transport as tp
from bot.runtime import BotRuntime
from bot.updates import event_from_update

log = logging.getLogger(__name__)
T = TypeVar("T")
ALL_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member", "chat_member"]


async def _translated(call: Callable[[], Awaitable[T]]) -> T:
    """Run an aiogram call, turning its errors into the transport's error types."""
    try:
        return await call()
    except ag_error.TelegramRetryAfter as exc:
        raise tp.RetryLater(float(exc.retry_after)) from None
    except ag_error.TelegramForbiddenError as exc:
        raise tp.Blocked(exc.message) from None
    except ag_error.TelegramMigrateToChat as exc:
        raise tp.ChatMoved(exc.migrate_to_chat_id) from None
    except (ag_error.TelegramServerError, ag_error.TelegramNetworkError, TimeoutError) as exc:
        raise tp.Transient(type(exc).__name__) from None
    except ag_error.TelegramAPIError as exc:
        raise tp.Rejected(exc.message) from None


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
        self.dispatcher = Dispatcher()
        self.dispatcher.update.outer_middleware(self._on_update)
        self.transport = aiogram_transport(self.bot)

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

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Start polling or the webhook server; stop cleanly on exit."""
        settings = self.runtime.settings
        me = await self.bot.get_me()
        await self.runtime.started(me.id, me.username or "", self.transport)
        runner: web.AppRunner | None = None
        polling: asyncio.Task[None] | None = None
        if settings.webhook_mode:
            runner = await self._start_webhook()
        else:
            await self.bot.delete_webhook(drop_pending_updates=False)
            polling = asyncio.create_task(
                self.dispatcher.start_polling(
                    self.bot,
                    polling_timeout=self.runtime.poll_timeout,
                    handle_signals=False,
                    close_bot_session=False,
                    allowed_updates=ALL_UPDATES,
                    tasks_concurrency_limit=self.runtime.concurrency,
                )
            )
        try:
            yield
        finally:
            await self.runtime.stopping()
            if polling is not None:
                with suppress(RuntimeError):
                    await self.dispatcher.stop_polling()
                with suppress(asyncio.CancelledError):
                    await polling
            if runner is not None:
                await runner.cleanup()
            await self.bot.session.close()
            self.runtime.closed()

    async def _start_webhook(self) -> web.AppRunner:
        settings = self.runtime.settings
        assert settings.WEBHOOK_URL is not None
        app = web.Application()
        # aiogram compares the secret header with secrets.compare_digest and answers 401.
        SimpleRequestHandler(
            dispatcher=self.dispatcher, bot=self.bot, secret_token=settings.WEBHOOK_SECRET
        ).register(app, path="/" + self.runtime.webhook_path)
        setup_application(app, self.dispatcher, bot=self.bot)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "0.0.0.0", settings.PORT).start()  # noqa: S104
        await self.bot.set_webhook(
            settings.WEBHOOK_URL,
            secret_token=settings.WEBHOOK_SECRET,
            allowed_updates=ALL_UPDATES,
        )
        return runner

    async def run_forever(self) -> None:
        """Run until cancelled (Ctrl-C / SIGTERM)."""
        async with self.running():
            await asyncio.Event().wait()
