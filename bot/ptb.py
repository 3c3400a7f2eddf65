"""python-telegram-bot adapter: PTB updates → Event, Reply → PTB calls. Nothing else."""

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
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
)
from telegram import error as tg_error
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.runtime import BotRuntime
from bot.transport import Blocked, ButtonRows, Rejected, RetryLater, Transient
from bot.updates import event_from_update

log = logging.getLogger(__name__)
T = TypeVar("T")


def _markup(buttons: ButtonRows | None) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data) for label, data in row]
            for row in buttons
        ]
    )


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
    except (tg_error.TimedOut, tg_error.NetworkError) as exc:
        if isinstance(exc, tg_error.BadRequest):
            raise Rejected(str(exc)) from None
        raise Transient(type(exc).__name__) from None
    except tg_error.TelegramError as exc:
        raise Rejected(str(exc)) from None


class PtbTransport:
    """:class:`~bot.transport.Transport` over a PTB ``Bot``."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        self.bot = application.bot

    async def send_text(self, chat_id: int, text: str, buttons: ButtonRows | None = None) -> int:
        """Send a text message."""
        message: Message = await _translate(
            lambda: self.bot.send_message(chat_id, text, reply_markup=_markup(buttons))
        )
        return message.message_id

    async def send_photo(
        self, chat_id: int, photo: bytes, caption: str | None, buttons: ButtonRows | None = None
    ) -> int:
        """Send a photo."""
        message: Message = await _translate(
            lambda: self.bot.send_photo(
                chat_id,
                InputFile(photo, filename="picture.png"),
                caption=caption,
                reply_markup=_markup(buttons),
            )
        )
        return message.message_id

    async def send_document(
        self, chat_id: int, document: bytes, filename: str, caption: str | None
    ) -> int:
        """Send a file."""
        message: Message = await _translate(
            lambda: self.bot.send_document(
                chat_id, InputFile(document, filename=filename), caption=caption
            )
        )
        return message.message_id

    async def edit_text(
        self, chat_id: int, message_id: int, text: str, buttons: ButtonRows | None = None
    ) -> None:
        """Edit a message's text and buttons."""
        await _translate(
            lambda: self.bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, reply_markup=_markup(buttons)
            )
        )

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        """Answer a callback query."""
        await _translate(
            lambda: self.bot.answer_callback_query(callback_id, text=text, show_alert=alert)
        )

    async def set_commands(self, commands: list[tuple[str, str]]) -> None:
        """Set the command menu."""
        await _translate(
            lambda: self.bot.set_my_commands([BotCommand(name, desc) for name, desc in commands])
        )


class PtbAdapter:
    """Runs the engine on python-telegram-bot, by long polling or webhook."""

    def __init__(self, runtime: BotRuntime) -> None:
        self.runtime = runtime
        settings = runtime.settings
        assert settings.TELEGRAM_BOT_TOKEN is not None
        api = settings.TELEGRAM_API_URL
        self.application = (
            Application.builder()
            .token(settings.TELEGRAM_BOT_TOKEN)
            .base_url(f"{api}/bot")
            .base_file_url(f"{api}/file/bot")
            .concurrent_updates(runtime.concurrency)
            .build()
        )
        self.application.add_handler(TypeHandler(Update, self._on_update))
        self.application.add_error_handler(self._on_error)
        self.transport = PtbTransport(self.application)

    async def _on_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        event = event_from_update(update.to_dict(), self.runtime.bot_username)
        if event is not None:
            await self.runtime.handle(event, self.transport)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        log.error("python-telegram-bot error: %s", type(error).__name__ if error else "unknown")

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Start polling or the webhook server; stop cleanly on exit."""
        settings = self.runtime.settings
        app = self.application
        await app.initialize()
        me = app.bot.bot
        await self.runtime.started(me.id, me.username or "", self.transport)
        await app.start()
        updater = app.updater
        assert updater is not None
        if settings.webhook_mode:
            assert settings.WEBHOOK_URL is not None
            await updater.start_webhook(
                listen="0.0.0.0",  # noqa: S104 - a webhook must be reachable from Telegram
                port=settings.PORT,
                url_path=self.runtime.webhook_path,
                webhook_url=settings.WEBHOOK_URL,
                secret_token=settings.WEBHOOK_SECRET,
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            await updater.start_polling(
                poll_interval=0.0,
                timeout=timedelta(seconds=self.runtime.poll_timeout),
                allowed_updates=Update.ALL_TYPES,
            )
        try:
            yield
        finally:
            await self.runtime.stopping()
            if updater.running:
                await updater.stop()
            await app.stop()
            await app.shutdown()
            self.runtime.closed()

    async def run_forever(self) -> None:
        """Run until cancelled (Ctrl-C / SIGTERM)."""
        async with self.running():
            await asyncio.Event().wait()
