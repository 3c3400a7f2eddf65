"""The framework-neutral face of the Bot API that delivery and the outbox use.

Each adapter implements :class:`Transport` over its framework's bot object and translates
the framework's errors into the exceptions below, so retry and block handling is written once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol

ButtonRows = list[list[tuple[str, str]]]
# Who sees a command menu: ("default",), ("all_group_chats",) or ("chat", chat_id).
CommandScope = tuple[str] | tuple[str, int]
DEFAULT_SCOPE: CommandScope = ("default",)
GROUPS_SCOPE: CommandScope = ("all_group_chats",)


def chat_scope(chat_id: int) -> CommandScope:
    """The command menu of one chat (a member of staff's private chat)."""
    return ("chat", chat_id)


class TelegramError(Exception):
    """Base of the errors a transport raises; messages never include user content."""


class RetryLater(TelegramError):
    """429 Too Many Requests: wait ``retry_after`` seconds before trying this chat again."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"retry after {retry_after}s")
        self.retry_after = retry_after


class Blocked(TelegramError):
    """403: the user blocked the bot, or the bot is not in the group."""


class Transient(TelegramError):
    """5xx, timeouts, connection errors: worth retrying with backoff."""


class Rejected(TelegramError):
    """400 and other errors retrying cannot fix."""


class ChatMoved(Rejected):
    """400 with ``migrate_to_chat_id``: the group became a supergroup with a new chat id."""

    def __init__(self, new_chat_id: int) -> None:
        super().__init__(f"group moved to chat {new_chat_id}")
        self.new_chat_id = new_chat_id


class Transport(Protocol):
    """Sending primitives; each returns the Telegram message id where there is one."""

    async def send_text(
        self,
        chat_id: int,
        text: str,
        buttons: ButtonRows | None = None,
        reply_to: int | None = None,
        force_reply: bool = False,
    ) -> int:
        """Send a text message with optional inline buttons, as a reply or asking for one."""
        ...

    async def copy_message(
        self, chat_id: int, from_chat_id: int, message_id: int, reply_to: int | None = None
    ) -> int:
        """Copy a message (a photo, file, voice note ...) without a link to its sender."""
        ...

    async def send_photo(
        self, chat_id: int, photo: bytes, caption: str | None, buttons: ButtonRows | None = None
    ) -> int:
        """Send a PNG/JPEG photo."""
        ...

    async def send_document(
        self, chat_id: int, document: bytes, filename: str, caption: str | None
    ) -> int:
        """Send a file."""
        ...

    async def edit_text(
        self, chat_id: int, message_id: int, text: str, buttons: ButtonRows | None = None
    ) -> None:
        """Replace a message's text and buttons."""
        ...

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        """Delete a message the bot sent (Rejected when it is gone or too old)."""
        ...

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        """Stop the button's spinner, optionally with a notice."""
        ...

    async def set_commands(
        self, commands: list[tuple[str, str]], scope: CommandScope = DEFAULT_SCOPE
    ) -> None:
        """Set the bot's command menu, for everyone or for one scope of chats."""
        ...


class BotMethodsTransport:
    """A :class:`Transport` over any framework bot whose methods follow the Bot API names.

    python-telegram-bot and aiogram both expose ``send_message``, ``send_photo``,
    ``send_document``, ``edit_message_text``, ``delete_message``, ``answer_callback_query`` and
    ``set_my_commands`` with the Bot API's keyword names, and keyboard/command classes that
    take the Bot API's field names, so one implementation serves both. An adapter supplies
    only its framework's classes and how its errors map onto the ones above.
    """

    def __init__(
        self,
        bot: Any,
        keyboard: type[Any],
        button: type[Any],
        command: type[Any],
        upload: Callable[[bytes, str], Any],
        translate: Callable[[Callable[[], Awaitable[Any]]], Awaitable[Any]],
        reply_parameters: type[Any],
        force_reply: type[Any],
        scopes: Mapping[str, type[Any]] | None = None,
    ) -> None:
        self.bot = bot
        self._scopes = dict(scopes or {})
        self._reply_parameters = reply_parameters
        self._force_reply = force_reply
        self._keyboard = keyboard
        self._button = button
        self._command = command
        self._upload = upload
        self._translate = translate

    def _markup(self, buttons: ButtonRows | None) -> Any:
        if not buttons:
            return None
        rows = [
            [self._button(text=label, callback_data=data) for label, data in row] for row in buttons
        ]
        return self._keyboard(inline_keyboard=rows)

    def _reply(self, reply_to: int | None) -> Any:
        if reply_to is None:
            return None
        # A reply to a message deleted meanwhile still goes out, just not threaded.
        return self._reply_parameters(message_id=reply_to, allow_sending_without_reply=True)

    async def send_text(
        self,
        chat_id: int,
        text: str,
        buttons: ButtonRows | None = None,
        reply_to: int | None = None,
        force_reply: bool = False,
    ) -> int:
        """Send a text message."""
        markup = self._force_reply(selective=False) if force_reply else self._markup(buttons)
        sent = await self._translate(
            lambda: self.bot.send_message(
                chat_id=chat_id,
                text=text,
                reply_markup=markup,
                reply_parameters=self._reply(reply_to),
            )
        )
        return int(sent.message_id)

    async def copy_message(
        self, chat_id: int, from_chat_id: int, message_id: int, reply_to: int | None = None
    ) -> int:
        """Copy a message without a link to its sender (never forwardMessage)."""
        sent = await self._translate(
            lambda: self.bot.copy_message(
                chat_id=chat_id,
                from_chat_id=from_chat_id,
                message_id=message_id,
                reply_parameters=self._reply(reply_to),
            )
        )
        return int(sent.message_id)

    async def send_photo(
        self, chat_id: int, photo: bytes, caption: str | None, buttons: ButtonRows | None = None
    ) -> int:
        """Send a photo."""
        sent = await self._translate(
            lambda: self.bot.send_photo(
                chat_id=chat_id,
                photo=self._upload(photo, "picture.png"),
                caption=caption,
                reply_markup=self._markup(buttons),
            )
        )
        return int(sent.message_id)

    async def send_document(
        self, chat_id: int, document: bytes, filename: str, caption: str | None
    ) -> int:
        """Send a file."""
        sent = await self._translate(
            lambda: self.bot.send_document(
                chat_id=chat_id, document=self._upload(document, filename), caption=caption
            )
        )
        return int(sent.message_id)

    async def edit_text(
        self, chat_id: int, message_id: int, text: str, buttons: ButtonRows | None = None
    ) -> None:
        """Replace a message's text and buttons."""
        await self._translate(
            lambda: self.bot.edit_message_text(
                text=text,
                chat_id=chat_id,
                message_id=message_id,
                reply_markup=self._markup(buttons),
            )
        )

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        """Delete a message the bot sent."""
        await self._translate(
            lambda: self.bot.delete_message(chat_id=chat_id, message_id=message_id)
        )

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        """Stop the button's spinner, optionally with a notice."""
        await self._translate(
            lambda: self.bot.answer_callback_query(
                callback_query_id=callback_id, text=text, show_alert=alert
            )
        )

    async def set_commands(
        self, commands: list[tuple[str, str]], scope: CommandScope = DEFAULT_SCOPE
    ) -> None:
        """Set the bot's command menu, for everyone or for one scope of chats."""
        menu = [self._command(command=name, description=desc) for name, desc in commands]
        if scope == DEFAULT_SCOPE:
            await self._translate(lambda: self.bot.set_my_commands(commands=menu))
            return
        kind, *chat = scope
        scope_class = self._scopes.get(kind)
        if scope_class is None:
            raise Rejected(f"no command scope {kind!r} in this framework adapter")
        target = scope_class(chat_id=chat[0]) if chat else scope_class()
        await self._translate(lambda: self.bot.set_my_commands(commands=menu, scope=target))


def partial_upload(file_class: type[Any]) -> Callable[[bytes, str], Any]:
    """An upload factory for a framework's in-memory file class (``cls(data, filename=…)``)."""
    return lambda data, name: file_class(data, filename=name)
