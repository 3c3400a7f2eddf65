"""Drive the dialog engine as Telegram users would, in private chats and groups (no Telegram).

The one chat driver of the engine-level tests. On its own it numbers updates from one
counter shared by every chat, as Telegram's are unique across chats. Given ``ids`` (the
world's fake Telegram, :class:`tests.support.world.World`), it takes update and message ids
from there instead, so replies and edits can point at the messages people sent.
"""

from __future__ import annotations

import itertools
from typing import Any, Protocol

from dialogs.core.events import Event, EventKind, Reply
from dialogs.engine import Engine

# Update ids are unique across chats, as Telegram's are.
_UPDATE_IDS = itertools.count(1)


class Ids(Protocol):
    """Where update ids and (per chat) message ids come from."""

    def next_update(self) -> int:
        """The next update id."""
        ...

    def new_id(self, chat_id: int) -> int:
        """The next message id in ``chat_id``."""
        ...


class _Driver:
    """What a private chat and a group share: sending an event and reading the answer."""

    def __init__(self, engine: Engine, chat_id: int, ids: Ids | None) -> None:
        self.engine = engine
        self.chat_id = chat_id
        self.ids = ids
        self.last: list[Reply] = []
        self.last_message_id = 0

    def _event(self, user_id: int, **kwargs: Any) -> list[Reply]:
        if self.ids is None:
            update_id = next(_UPDATE_IDS)
        else:
            if kwargs["kind"] != EventKind.BUTTON and "message_id" not in kwargs:
                kwargs["message_id"] = self.ids.new_id(self.chat_id)
                self.last_message_id = kwargs["message_id"]
            update_id = self.ids.next_update()
        event = Event(update_id=update_id, chat_id=self.chat_id, user_id=user_id, **kwargs)
        self.last = self.engine.handle(event)
        return self.last

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


class Chat(_Driver):
    """One user's private chat with the bot: send, press, and read what came back."""

    def __init__(
        self,
        engine: Engine,
        user_id: int,
        ids: Ids | None = None,
        language_code: str | None = None,
    ) -> None:
        """``language_code``: their Telegram app's language, as Telegram sends it."""
        super().__init__(engine, user_id, ids)
        self.user_id = user_id
        self.language_code = language_code

    def _send(self, **kwargs: Any) -> list[Reply]:
        return self._event(self.user_id, language_code=self.language_code, **kwargs)

    def command(self, command: str, args: str = "") -> list[Reply]:
        """``/command args``."""
        words = f"/{command} {args}".strip()
        return self._send(kind=EventKind.COMMAND, command=command, args=args, text=words)

    def join(self, code: str, share: bool = True) -> list[Reply]:
        """``/start code``, then yes to using Lifelinks and yes or no to sharing."""
        self.command("start", code)
        self.press("Yes")
        return self.press("Yes" if share else "No")

    def text(self, words: str, reply_to: int | None = None) -> list[Reply]:
        """A plain text message (a reply to message ``reply_to``, if given)."""
        return self._send(kind=EventKind.TEXT, text=words, reply_to_message_id=reply_to)

    def media(self, kind: str = "photo", caption: str | None = None) -> list[Reply]:
        """A photo (or another ``kind`` of media), with its caption."""
        return self._send(kind=EventKind.MEDIA, media_kind=kind, text=caption)

    def other(self) -> list[Reply]:
        """A sticker, location, contact or poll."""
        return self._send(kind=EventKind.OTHER)

    def edit(self, message_id: int, words: str) -> list[Reply]:
        """The user edits their message ``message_id`` to say ``words``."""
        return self._send(kind=EventKind.TEXT, text=words, message_id=message_id, edited=True)

    def press_data(self, data: str) -> list[Reply]:
        """Tap a button by its callback data."""
        return self._send(kind=EventKind.BUTTON, button=data, callback_id="c")

    def press(self, label: str, replies: list[Reply] | None = None) -> list[Reply]:
        """Tap the button with this label on the latest replies (or on ``replies``)."""
        for reply in reversed(replies if replies is not None else self.last):
            for row in reply.buttons:
                for button in row:
                    if button.label == label:
                        return self.press_data(button.data)
        raise AssertionError(f"no button {label!r} in {self.keys()}")


class Group(_Driver):
    """A group the bot is in; anyone in it can write or tap."""

    def _send(self, user: int, **kwargs: Any) -> list[Reply]:
        return self._event(user, chat_type="supergroup", **kwargs)

    def command(self, user: int, command: str, args: str = "") -> list[Reply]:
        """``user`` sends ``/command args`` in the group."""
        words = f"/{command} {args}".strip()
        return self._send(user, kind=EventKind.COMMAND, command=command, args=args, text=words)

    def send(self, user: int, words: str, reply_to: int | None = None) -> list[Reply]:
        """``user`` writes in the group (in reply to message ``reply_to``, if given)."""
        return self._send(user, kind=EventKind.TEXT, text=words, reply_to_message_id=reply_to)

    def media(self, user: int, reply_to: int | None, caption: str | None = None) -> list[Reply]:
        """``user`` sends a photo in reply to message ``reply_to``."""
        return self._send(
            user,
            kind=EventKind.MEDIA,
            media_kind="photo",
            text=caption,
            reply_to_message_id=reply_to,
        )

    def edit(self, user: int, message_id: int, words: str) -> list[Reply]:
        """``user`` edits their message ``message_id`` to say ``words``."""
        return self._send(user, kind=EventKind.TEXT, text=words, message_id=message_id, edited=True)

    def press(self, user: int, data: str) -> list[Reply]:
        """``user`` taps a button by its callback data."""
        return self._send(user, kind=EventKind.BUTTON, button=data, callback_id="c")
