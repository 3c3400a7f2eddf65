"""Message content that users send: texts with command entities, and media of every kind."""

from __future__ import annotations

import re
import secrets
from typing import Any

from bot.standin.media import (
    PLACEHOLDER_PNG,
    FileStore,
    document_object,
    photo_sizes,
    voice_duration,
)

MEDIA_KINDS = ("photo", "document", "voice", "sticker", "location", "contact", "poll")
_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?=\s|$)")
_DEFAULT_BYTES = {
    "document": b"%PDF-1.4\n% Lifelinks stand-in document\n",
    "voice": b"OggS\x00\x02 stand-in voice",
    "sticker": b"RIFF\x10\x00\x00\x00WEBPVP8 stand-in sticker",
}


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def text_content(text: str) -> dict[str, Any]:
    """A text message; a leading ``/command`` (optionally ``@bot``) gets a bot_command entity."""
    content: dict[str, Any] = {"text": text}
    match = _COMMAND_RE.match(text)
    if match:
        length = utf16_len(match.group(0))
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return content


def media_content(
    files: FileStore,
    kind: str,
    user: dict[str, Any],
    caption: str | None,
    data: bytes | None,
    file_name: str | None = None,
    duration: int | None = None,
) -> dict[str, Any]:
    """The Message fields of a photo, document, voice, sticker, location, contact or poll.

    A voice note's ``duration`` (seconds) is the sender's word for it, as with Telegram's
    apps; without one it is read from the recording.
    """
    if kind not in MEDIA_KINDS:
        raise ValueError(f"unknown media kind {kind!r}; expected one of {MEDIA_KINDS}")
    if kind == "location":
        return {"location": {"latitude": 51.2802, "longitude": 1.0789}}
    if kind == "contact":
        return {"contact": _contact(user)}
    if kind == "poll":
        return {"poll": _poll(caption or "Which day suits you?")}
    return _file_content(files, kind, caption, data, file_name, duration)


def _file_content(
    files: FileStore,
    kind: str,
    caption: str | None,
    data: bytes | None,
    file_name: str | None,
    duration: int | None,
) -> dict[str, Any]:
    payload = data if data is not None else _DEFAULT_BYTES.get(kind, PLACEHOLDER_PNG)
    content: dict[str, Any]
    if kind == "photo":
        stored = files.add("photo", payload, file_name)
        content = {"photo": photo_sizes(files, stored)}
    elif kind == "document":
        stored = files.add("document", payload, file_name or "document.pdf")
        content = {"document": document_object(stored)}
    elif kind == "voice":
        stored = files.add("voice", payload, None, "audio/ogg")
        seconds = voice_duration(payload, duration)
        content = {"voice": {**stored.base(), "duration": seconds, "mime_type": "audio/ogg"}}
    else:
        stored = files.add("sticker", payload, None, "image/webp")
        content = {"sticker": _sticker(stored.base())}
    if caption and kind != "sticker":
        content["caption"] = caption
    return content


def _sticker(base: dict[str, Any]) -> dict[str, Any]:
    return {
        **base,
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "\U0001f642",
    }


def _contact(user: dict[str, Any]) -> dict[str, Any]:
    contact = {"phone_number": "+447700900123", "first_name": user["first_name"]}
    contact["user_id"] = user["id"]
    if user.get("last_name"):
        contact["last_name"] = user["last_name"]
    return contact


def _poll(question: str) -> dict[str, Any]:
    return {
        "id": str(secrets.randbelow(10**18)),
        "question": question,
        "options": [
            {"text": "Saturday", "voter_count": 0, "persistent_id": "0"},
            {"text": "Sunday", "voter_count": 0, "persistent_id": "1"},
        ],
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": True,
        "type": "regular",
        "allows_multiple_answers": False,
        "allows_revoting": False,
        "members_only": False,
    }
