"""The framework-neutral face of the Bot API that delivery and the outbox use.

Each adapter implements :class:`Transport` over its framework's bot object and translates
the framework's errors into the exceptions below, so retry and block handling is written once.
"""

from __future__ import annotations

from typing import Protocol

ButtonRows = list[list[tuple[str, str]]]


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


class Transport(Protocol):
    """Sending primitives; each returns the Telegram message id where there is one."""

    async def send_text(self, chat_id: int, text: str, buttons: ButtonRows | None = None) -> int:
        """Send a text message with optional inline buttons."""
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

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        """Stop the button's spinner, optionally with a notice."""
        ...

    async def set_commands(self, commands: list[tuple[str, str]]) -> None:
        """Set the bot's command menu."""
        ...
