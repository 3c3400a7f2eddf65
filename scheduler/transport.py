"""The port the outbox sender sends through: what a transport offers and how it fails.

The sender (:mod:`scheduler.outbox`) owns this port; the framework adapters in ``bot/``
implement :class:`Transport` and translate their framework's errors into the exceptions
below, so retry and block handling is written once.  The text limits and the splitting of
long texts live here too, because the sender splits before it sends.
"""

from __future__ import annotations

from typing import Protocol

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


MAX_TEXT = 4096  # characters in one message
MAX_CAPTION = 1024  # characters in a photo's or file's caption


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split text into chunks of at most ``limit`` characters, at paragraph, line or word ends."""
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        if cut < limit // 2:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    chunks.append(rest)
    return [chunk for chunk in chunks if chunk] or [""]
