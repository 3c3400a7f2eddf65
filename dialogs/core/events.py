"""What the engine receives (Event) and returns (Reply): no Telegram types here."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class EventKind(StrEnum):
    """What sort of thing the user did."""

    COMMAND = "command"  # /start, /help ...
    TEXT = "text"  # a plain text message
    BUTTON = "button"  # an inline button press
    MEDIA = "media"  # photo, document, voice ... (with optional caption in text)
    OTHER = "other"  # sticker, location, contact, poll: things the bot cannot take
    MEMBERSHIP = "membership"  # the bot added to, removed from or blocked in a chat; group moved


MIGRATED = "migrated"  # the member_status of a group that Telegram made a supergroup


@dataclass(frozen=True)
class Event:
    """One user action, translated from a framework update by an adapter."""

    update_id: int
    kind: EventKind
    chat_id: int
    user_id: int
    chat_type: str = "private"
    text: str | None = None
    command: str | None = None
    args: str = ""
    button: str | None = None
    callback_id: str | None = None
    message_id: int | None = None
    media_kind: str | None = None
    reply_to_message_id: int | None = None
    reply_to_bot: bool = False  # the message replied to was the bot's own
    edited: bool = False  # an edit of an earlier message, not a new one
    forwarded: bool = False  # forwarded from another chat: never relay its original sender
    member_status: str | None = None  # MEMBERSHIP: the bot's new status ("member", "left" ...)
    migrated_to: int | None = None  # MEMBERSHIP "migrated": the supergroup's new chat id
    # The language of the sender's Telegram app as Telegram names it ("en", "pt-br"), if known:
    # taken as theirs when they join (dialogs.texts.language_codes.language_for).
    language_code: str | None = None

    @property
    def is_private(self) -> bool:
        """True for a one-to-one chat with the bot."""
        return self.chat_type == "private"


@dataclass(frozen=True)
class Button:
    """An inline button: a label and the opaque data sent back when pressed."""

    label: str
    data: str


@dataclass(frozen=True)
class Reply:
    """Something to show a user.

    ``key`` is the catalogue key the text came from (safe to log, handy in tests).
    A reply with ``toast`` set is the answer to a button press (a small notice or alert)
    rather than a message.
    """

    chat_id: int
    text: str
    key: str = ""
    buttons: tuple[tuple[Button, ...], ...] = ()
    photo: bytes | None = None
    # A picture still to be drawn: its render inputs (dialogs.pictures.payload), drawn by the
    # outbox sender just before it is sent, off the update's transaction.
    drawing: bytes | None = None
    document: bytes | None = None
    filename: str | None = None
    edit_message_id: int | None = None
    toast: bool = False
    alert: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def button_rows(self) -> list[list[tuple[str, str]]]:
        """Buttons as plain (label, data) rows, for adapters and the outbox."""
        return [[(b.label, b.data) for b in row] for row in self.buttons]
