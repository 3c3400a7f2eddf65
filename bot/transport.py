"""The shared implementation of the sender's port (:class:`scheduler.transport.Transport`).

Each framework adapter builds a :class:`BotMethodsTransport` over its framework's bot object
and translates the framework's errors into :mod:`scheduler.transport`'s exceptions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from scheduler.transport import DEFAULT_SCOPE, ButtonRows, CommandScope, Rejected


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
