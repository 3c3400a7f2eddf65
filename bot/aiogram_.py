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
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    TelegramObject,
    Update,
)
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.runtime import BotRuntime
from bot.transport import Blocked, ButtonRows, Rejected, RetryLater, Transient
from bot.updates import event_from_update

log = logging.getLogger(__name__)
T = TypeVar("T")
ALL_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member", "chat_member"]


def _keyboard(buttons: ButtonRows | None) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=data) for label, data in row]
            for row in buttons
        ]
    )


async def _translated(call: Callable[[], Awaitable[T]]) -> T:
    """Run an aiogram call, turning its errors into the transport's error types."""
    try:
        return await call()
    except ag_error.TelegramRetryAfter as exc:
        raise RetryLater(float(exc.retry_after)) from None
    except ag_error.TelegramForbiddenError as exc:
        raise Blocked(exc.message) from None
    except (ag_error.TelegramServerError, ag_error.TelegramNetworkError, TimeoutError) as exc:
        raise Transient(type(exc).__name__) from None
    except ag_error.TelegramAPIError as exc:
        raise Rejected(exc.message) from None


class AiogramTransport:
    """:class:`~bot.transport.Transport` over an aiogram ``Bot``."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_text(self, chat_id: int, text: str, buttons: ButtonRows | None = None) -> int:
        """Send a text message."""
        sent = await _translated(
            lambda: self.bot.send_message(chat_id, text, reply_markup=_keyboard(buttons))
        )
        return sent.message_id

    async def send_photo(
        self, chat_id: int, photo: bytes, caption: str | None, buttons: ButtonRows | None = None
    ) -> int:
        """Send a photo."""
        sent = await _translated(
            lambda: self.bot.send_photo(
                chat_id,
                BufferedInputFile(photo, filename="picture.png"),
                caption=caption,
                reply_markup=_keyboard(buttons),
            )
        )
        return sent.message_id

    async def send_document(
        self, chat_id: int, document: bytes, filename: str, caption: str | None
    ) -> int:
        """Send a file."""
        sent = await _translated(
            lambda: self.bot.send_document(
                chat_id, BufferedInputFile(document, filename=filename), caption=caption
            )
        )
        return sent.message_id

    async def edit_text(
        self, chat_id: int, message_id: int, text: str, buttons: ButtonRows | None = None
    ) -> None:
        """Edit a message's text and buttons."""
        await _translated(
            lambda: self.bot.edit_message_text(
                text=text, chat_id=chat_id, message_id=message_id, reply_markup=_keyboard(buttons)
            )
        )

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        """Answer a callback query."""
        await _translated(
            lambda: self.bot.answer_callback_query(callback_id, text=text, show_alert=alert)
        )

    async def set_commands(self, commands: list[tuple[str, str]]) -> None:
        """Set the command menu."""
        await _translated(
            lambda: self.bot.set_my_commands(
                [BotCommand(command=name, description=desc) for name, desc in commands]
            )
        )


class AiogramAdapter:
    """Runs the engine on aiogram 3, by long polling or webhook."""

    def __init__(self, runtime: BotRuntime) -> None:
        self.runtime = runtime
        settings = runtime.settings
        assert settings.TELEGRAM_BOT_TOKEN is not None
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.TELEGRAM_API_URL))
        self.bot = Bot(settings.TELEGRAM_BOT_TOKEN, session=session)
        self.dispatcher = Dispatcher()
        self.dispatcher.update.outer_middleware(self._on_update)
        self.transport = AiogramTransport(self.bot)

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
