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

from bot.runtime import BotRuntime, parse_command
from bot.transport import Blocked, ButtonRows, Rejected, RetryLater, Transient
from dialogs.events import Event, EventKind

log = logging.getLogger(__name__)
T = TypeVar("T")

MEDIA_FIELDS = ("photo", "document", "voice", "video", "audio", "video_note", "animation")
OTHER_FIELDS = ("sticker", "location", "venue", "contact", "poll", "dice", "game")


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


def to_event(update: Update, bot_username: str) -> Event | None:
    """Translate a PTB update into an engine Event (None for updates we ignore)."""
    query = update.callback_query
    if query is not None:
        chat = query.message.chat if query.message is not None else None
        return Event(
            update_id=update.update_id,
            kind=EventKind.BUTTON,
            chat_id=chat.id if chat else query.from_user.id,
            user_id=query.from_user.id,
            chat_type=chat.type if chat else "private",
            button=query.data or "",
            callback_id=query.id,
            message_id=query.message.message_id if query.message is not None else None,
        )
    message = update.message
    if message is None or message.from_user is None:
        return None
    base: dict[str, Any] = {
        "update_id": update.update_id,
        "chat_id": message.chat.id,
        "user_id": message.from_user.id,
        "chat_type": message.chat.type,
        "message_id": message.message_id,
        "reply_to_message_id": (
            message.reply_to_message.message_id if message.reply_to_message else None
        ),
    }
    if message.text is not None:
        command = parse_command(message.text, bot_username)
        if command is not None:
            name, args = command
            return Event(kind=EventKind.COMMAND, text=message.text, command=name, args=args, **base)
        return Event(kind=EventKind.TEXT, text=message.text, **base)
    for field in MEDIA_FIELDS:
        if getattr(message, field, None):
            return Event(kind=EventKind.MEDIA, media_kind=field, text=message.caption, **base)
    for field in OTHER_FIELDS:
        if getattr(message, field, None):
            return Event(kind=EventKind.OTHER, media_kind=field, **base)
    return None


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
        event = to_event(update, self.runtime.bot_username)
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

    async def run_forever(self) -> None:
        """Run until cancelled (Ctrl-C / SIGTERM)."""
        async with self.running():
            await asyncio.Event().wait()
