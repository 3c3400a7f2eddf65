"""Bot API updates (as plain JSON dicts) → engine Events. Shared by every adapter."""

from __future__ import annotations

import logging
from typing import Any

from bot.runtime import parse_command
from dialogs.core.events import MIGRATED, Event, EventKind

MEDIA_FIELDS = ("photo", "document", "voice", "video", "audio", "video_note", "animation")
FORWARD_FIELDS = ("forward_origin", "forward_from", "forward_from_chat", "forward_sender_name")
OTHER_FIELDS = ("sticker", "location", "venue", "contact", "poll", "dice", "game")

log = logging.getLogger(__name__)


def event_from_update(update: dict[str, Any], bot_username: str) -> Event | None:
    """Translate one update in Bot API JSON form; None for updates the engine ignores."""
    update_id = int(update["update_id"])
    if _forged(update):
        # In a private chat the sender is the chat: anything else is made up (it needs the
        # webhook secret or the token), and would serve one person's data into another's
        # chat. Only the update id is logged: the rest may be someone's words.
        log.warning("update %s ignored: its sender is not the private chat's user", update_id)
        return None
    query = update.get("callback_query")
    if query is not None:
        return _button(update_id, query)
    member = update.get("my_chat_member")
    if member is not None:
        return _membership(update_id, member)
    message = update.get("message")
    edited = message is None and update.get("edited_message") is not None
    if edited:
        message = update["edited_message"]
    if message and (message.get("migrate_to_chat_id") or message.get("migrate_from_chat_id")):
        return _migration(update_id, message)
    if not message or "from" not in message:
        return None
    base: dict[str, Any] = {
        "update_id": update_id,
        "chat_id": message["chat"]["id"],
        "user_id": message["from"]["id"],
        "chat_type": message["chat"]["type"],
        "message_id": message["message_id"],
        "reply_to_message_id": (message.get("reply_to_message") or {}).get("message_id"),
        "reply_to_bot": _from_bot(message.get("reply_to_message"), bot_username),
        "edited": edited,
        "forwarded": any(message.get(k) for k in FORWARD_FIELDS),
        "language_code": message["from"].get("language_code"),
    }
    text = message.get("text")
    if text is not None:
        command = parse_command(text, bot_username)
        if command is not None:
            name, args = command
            return Event(kind=EventKind.COMMAND, text=text, command=name, args=args, **base)
        return Event(kind=EventKind.TEXT, text=text, **base)
    for field in MEDIA_FIELDS:
        if message.get(field):
            return Event(
                kind=EventKind.MEDIA, media_kind=field, text=message.get("caption"), **base
            )
    for field in OTHER_FIELDS:
        if message.get(field):
            return Event(kind=EventKind.OTHER, media_kind=field, **base)
    return None


def _forged(update: dict[str, Any]) -> bool:
    """Whether a private-chat message, edit or button press comes from someone else."""
    query = update.get("callback_query")
    if query is not None:
        message = query.get("message") or {}
        sender = query.get("from") or {}
    else:
        message = update.get("message") or update.get("edited_message") or {}
        sender = message.get("from") or {}
    chat = message.get("chat") or {}
    if chat.get("type") != "private" or "id" not in sender:
        return False
    return bool(chat.get("id") != sender.get("id"))


def _from_bot(replied: dict[str, Any] | None, bot_username: str) -> bool:
    sender = (replied or {}).get("from") or {}
    if not sender.get("is_bot"):
        return False
    username = str(sender.get("username") or "")
    return not bot_username or username.lower() == bot_username.lower()


def _button(update_id: int, query: dict[str, Any]) -> Event:
    message = query.get("message") or {}
    chat = message.get("chat") or {}
    return Event(
        update_id=update_id,
        kind=EventKind.BUTTON,
        chat_id=chat.get("id", query["from"]["id"]),
        user_id=query["from"]["id"],
        chat_type=chat.get("type", "private"),
        button=query.get("data") or "",
        callback_id=query["id"],
        message_id=message.get("message_id"),
        language_code=query["from"].get("language_code"),
    )


def _membership(update_id: int, member: dict[str, Any]) -> Event:
    """``my_chat_member``: the bot's own status in a chat changed (and who changed it)."""
    chat = member["chat"]
    return Event(
        update_id=update_id,
        kind=EventKind.MEMBERSHIP,
        chat_id=chat["id"],
        user_id=member["from"]["id"],
        chat_type=chat.get("type", "private"),
        member_status=(member.get("new_chat_member") or {}).get("status", ""),
    )


def _migration(update_id: int, message: dict[str, Any]) -> Event:
    """A group became a supergroup: the old chat says where to, the new one where from."""
    here = int(message["chat"]["id"])
    if message.get("migrate_to_chat_id"):
        old, new = here, int(message["migrate_to_chat_id"])
    else:
        old, new = int(message["migrate_from_chat_id"]), here
    return Event(
        update_id=update_id,
        kind=EventKind.MEMBERSHIP,
        chat_id=old,
        user_id=(message.get("from") or {}).get("id", 0),
        chat_type="group",
        member_status=MIGRATED,
        migrated_to=new,
    )
