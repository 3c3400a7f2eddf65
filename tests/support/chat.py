"""Drive the dialog engine as one Telegram user would, in their private chat (no Telegram)."""

from __future__ import annotations

import itertools
from typing import Any

from dialogs.engine import Engine
from dialogs.events import Event, EventKind, Reply

# Update ids are unique across chats, as Telegram's are.
_UPDATE_IDS = itertools.count(1)


class Chat:
    """One user's private chat with the bot: send, press, and read what came back."""

    def __init__(self, engine: Engine, user_id: int, language_code: str | None = None) -> None:
        """``language_code``: their Telegram app's language, as Telegram sends it."""
        self.engine = engine
        self.user_id = user_id
        self.language_code = language_code
        self.last: list[Reply] = []

    def _send(self, **kwargs: Any) -> list[Reply]:
        event = Event(
            update_id=next(_UPDATE_IDS),
            chat_id=self.user_id,
            user_id=self.user_id,
            language_code=self.language_code,
            **kwargs,
        )
        self.last = self.engine.handle(event)
        return self.last

    def command(self, command: str, args: str = "") -> list[Reply]:
        """``/command args``."""
        text = f"/{command} {args}".strip()
        return self._send(kind=EventKind.COMMAND, command=command, args=args, text=text)

    def text(self, text: str) -> list[Reply]:
        """A plain text message."""
        return self._send(kind=EventKind.TEXT, text=text)

    def press(self, label: str, replies: list[Reply] | None = None) -> list[Reply]:
        """Tap the button with this label on the latest replies (or on ``replies``)."""
        for reply in reversed(replies if replies is not None else self.last):
            for row in reply.buttons:
                for button in row:
                    if button.label == label:
                        return self._send(
                            kind=EventKind.BUTTON, button=button.data, callback_id="c"
                        )
        raise AssertionError(f"no button {label!r} in {[r.key for r in self.last]}")

    def keys(self) -> list[str]:
        """Catalogue keys of the latest replies."""
        return [r.key for r in self.last]

    # For "key not in chat.sent()": ruff reads "in x.keys()" as a dict lookup.
    sent = keys

    def labels(self) -> list[str]:
        """Button labels of the latest replies, in order."""
        return [b.label for r in self.last for row in r.buttons for b in row]

    def says(self, words: str) -> bool:
        """Whether any latest reply contains ``words``."""
        return any(words in r.text for r in self.last)

    @property
    def said(self) -> str:
        """All latest replies' text."""
        return "\n".join(r.text for r in self.last)
