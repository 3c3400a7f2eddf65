"""Bot API methods implemented by the stand-in."""

from __future__ import annotations

import asyncio
import copy
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot.standin.media import PLACEHOLDER_PNG, StoredFile, document_object, photo_sizes
from bot.standin.state import ChatState, Notifier, StoredMessage, World
from bot.standin.validate import (
    check_callback_answer,
    check_caption,
    check_chat_action,
    check_commands,
    check_reply_markup,
    check_text,
    inline_keyboard_of,
)
from bot.standin.webhook import WebhookPusher
from bot.standin.wire import ApiError, Params, UploadedFile, bad_request

Handler = Callable[["BotApi", Params], Awaitable[Any]]

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
MEDIA_KEYS = ("photo", "document", "voice", "audio", "video", "animation")
COPYABLE_KEYS = (
    "text",
    "entities",
    "link_preview_options",
    *MEDIA_KEYS,
    "caption",
    "caption_entities",
    "sticker",
    "location",
    "contact",
    "poll",
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
_ACCEPTED_GIFTS = {
    "unlimited_gifts": False,
    "limited_gifts": False,
    "unique_gifts": False,
    "premium_subscription": False,
    "gifts_from_channels": False,
}


@dataclass(frozen=True)
class MethodSpec:
    """A Bot API method: its canonical name and implementation."""

    name: str
    handler: Handler


METHODS: dict[str, MethodSpec] = {}


def api_method(*names: str) -> Callable[[Handler], Handler]:
    """Register a handler under one or more (case-insensitive) method names."""

    def register(handler: Handler) -> Handler:
        for name in names:
            METHODS[name.lower()] = MethodSpec(name, handler)
        return handler

    return register


def _copy(stored: StoredMessage) -> dict[str, Any]:
    return copy.deepcopy(stored.wire)


class BotApi:
    """State of the bot's side of the API (webhook, polling, commands) and the method handlers."""

    def __init__(self, world: World, bot_user: dict[str, Any]) -> None:
        self.world = world
        self.bot_user = bot_user
        self.webhook = WebhookPusher(world)
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.closing = False
        self._poll_generation = 0

    # ------------------------------------------------------------------ helpers
    def _send(
        self,
        chat: ChatState,
        content: dict[str, Any],
        params: Params,
        parse_mode: str | None = None,
    ) -> StoredMessage:
        markup = check_reply_markup(params.get("reply_markup"))
        reply_to = self._reply_target(chat, params)
        return self.world.add_message(
            chat, content, markup=markup, parse_mode=parse_mode, reply_to=reply_to
        )

    def _reply_target(self, chat: ChatState, params: Params) -> StoredMessage | None:
        reply = params.get("reply_parameters")
        if isinstance(reply, dict):
            message_id, allow = (
                reply.get("message_id"),
                bool(reply.get("allow_sending_without_reply")),
            )
        else:
            message_id = params.integer("reply_to_message_id")
            allow = params.flag("allow_sending_without_reply")
        if message_id is None:
            return None
        found = self.world.find_message(chat, int(message_id))
        if found is None and not allow:
            raise bad_request("message to be replied not found")
        return found

    def _input_file(self, params: Params, key: str) -> StoredFile:
        value = params.input_file(key)
        files = self.world.files
        if isinstance(value, UploadedFile):
            if not value.data:
                raise bad_request("file must be non-empty")
            mime = value.content_type
            mime = None if mime in {None, "application/octet-stream"} else mime
            return files.add(key, value.data, value.filename, mime)
        if not value:
            raise bad_request(f"there is no {key} in the request")
        if value.startswith(("http://", "https://")):
            name = value.rstrip("/").rsplit("/", 1)[-1] or None
            return files.add(key, PLACEHOLDER_PNG if key == "photo" else b"", name)
        found = files.get(value)
        if found is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return found

    def _caption_content(self, params: Params, parse_mode: str | None) -> dict[str, Any]:
        content: dict[str, Any] = {}
        caption = check_caption(params.text("caption"), parse_mode)
        if caption:
            content["caption"] = caption
            if params.get("caption_entities"):
                content["caption_entities"] = params.get("caption_entities")
        for flag in ("has_spoiler", "show_caption_above_media"):
            if params.flag(flag):
                content[flag] = True
        return content

    def _editable(self, params: Params) -> StoredMessage:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self.world.chat_for_bot(params.chat_id())
        message_id = params.integer("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        stored = self.world.find_message(chat, message_id)
        if stored is None:
            raise bad_request("message to edit not found")
        if not stored.from_bot:
            raise bad_request("message can't be edited")
        return stored

    @staticmethod
    def _edit_markup(params: Params) -> dict[str, Any] | None:
        markup = check_reply_markup(params.get("reply_markup"))
        if markup is not None and "inline_keyboard" not in markup:
            raise bad_request("inline keyboard expected")
        return markup

    def _apply_edit(
        self,
        stored: StoredMessage,
        changes: dict[str, Any],
        markup: dict[str, Any] | None,
        parse_mode: str | None,
    ) -> dict[str, Any]:
        wire = stored.wire
        current = {key: wire.get(key) for key in changes}
        inline = inline_keyboard_of(markup)
        same_format = (stored.parse_mode or "").lower() == (parse_mode or "").lower()
        if current == changes and inline == wire.get("reply_markup") and same_format:
            raise bad_request(NOT_MODIFIED)
        stored.parse_mode = parse_mode
        for key, value in changes.items():
            if value is None:
                wire.pop(key, None)
            else:
                wire[key] = copy.deepcopy(value)
        if inline is None:
            wire.pop("reply_markup", None)
        else:
            wire["reply_markup"] = copy.deepcopy(inline)
        stored.markup = copy.deepcopy(markup)
        self.world.edited(stored)
        return _copy(stored)

    def _source(self, params: Params, what: str) -> StoredMessage:
        from_chat = params.chat_id("from_chat_id")
        chat = self.world.chats.get(from_chat) if isinstance(from_chat, int) else None
        if chat is None:
            raise bad_request("chat not found")
        stored = self.world.find_message(chat, params.integer("message_id"))
        if stored is None:
            raise bad_request(f"message to {what} not found")
        return stored

    # ------------------------------------------------------------------ bot, updates
    @api_method("getMe")
    async def get_me(self, params: Params) -> Any:
        """getMe."""
        return copy.deepcopy(self.bot_user)

    @api_method("getUpdates")
    async def get_updates(self, params: Params) -> Any:
        """getUpdates with long polling."""
        if self.webhook.url:
            raise ApiError(409, WEBHOOK_CONFLICT)
        limit = min(max(params.integer("limit", 100) or 100, 1), 100)
        timeout = max(params.number("timeout"), 0.0)
        self.world.set_allowed_updates(params.get("allowed_updates"))
        self.world.acknowledge(params.integer("offset"))
        self._poll_generation += 1
        generation = self._poll_generation
        self.world.notifier.notify()
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            event = self.world.notifier.snapshot()
            if generation != self._poll_generation:
                raise ApiError(409, POLL_CONFLICT)
            if self.webhook.url:
                raise ApiError(409, WEBHOOK_CONFLICT)
            batch = self.world.take_batch(limit)
            remaining = deadline - asyncio.get_running_loop().time()
            if batch or remaining <= 0 or self.closing:
                return batch
            await Notifier.wait(event, remaining)

    @api_method("setWebhook")
    async def set_webhook(self, params: Params) -> Any:
        """setWebhook."""
        self.webhook.configure(
            params.text("url") or "", params.text("secret_token"), params.integer("max_connections")
        )
        self.world.set_allowed_updates(params.get("allowed_updates"))
        if params.flag("drop_pending_updates"):
            self.world.drop_pending()
        self._poll_generation += 1
        self.world.notifier.notify()
        return True

    @api_method("deleteWebhook")
    async def delete_webhook(self, params: Params) -> Any:
        """deleteWebhook."""
        self.webhook.configure("", None, None)
        if params.flag("drop_pending_updates"):
            self.world.drop_pending()
        return True

    @api_method("getWebhookInfo")
    async def get_webhook_info(self, params: Params) -> Any:
        """getWebhookInfo."""
        return self.webhook.info()

    @api_method(
        "close",
        "logOut",
        "setMyDescription",
        "setMyShortDescription",
        "setMyName",
        "setChatMenuButton",
    )
    async def accept(self, params: Params) -> Any:
        """Methods that only need to succeed."""
        return True

    # ------------------------------------------------------------------ sending
    @api_method("sendMessage")
    async def send_message(self, params: Params) -> Any:
        """sendMessage."""
        chat = self.world.chat_for_bot(params.chat_id())
        parse_mode = params.text("parse_mode")
        content: dict[str, Any] = {"text": check_text(params.text("text"), parse_mode)}
        if params.get("entities"):
            content["entities"] = params.get("entities")
        return _copy(self._send(chat, content, params, parse_mode))

    @api_method("sendPhoto")
    async def send_photo(self, params: Params) -> Any:
        """sendPhoto (upload, file_id or URL)."""
        chat = self.world.chat_for_bot(params.chat_id())
        parse_mode = params.text("parse_mode")
        caption = self._caption_content(params, parse_mode)
        stored = self._input_file(params, "photo")
        content = {"photo": photo_sizes(self.world.files, stored), **caption}
        return _copy(self._send(chat, content, params, parse_mode))

    @api_method("sendDocument")
    async def send_document(self, params: Params) -> Any:
        """sendDocument (upload, file_id or URL)."""
        chat = self.world.chat_for_bot(params.chat_id())
        parse_mode = params.text("parse_mode")
        caption = self._caption_content(params, parse_mode)
        stored = self._input_file(params, "document")
        content = {"document": document_object(stored), **caption}
        return _copy(self._send(chat, content, params, parse_mode))

    @api_method("sendChatAction")
    async def send_chat_action(self, params: Params) -> Any:
        """sendChatAction."""
        chat = self.world.chat_for_bot(params.chat_id())
        action = check_chat_action(params.text("action"))
        self.world.chat_actions[chat.chat_id] = (time.monotonic(), action)
        self.world.bump()
        return True

    @api_method("copyMessage")
    async def copy_message(self, params: Params) -> Any:
        """copyMessage: the content without a link to the original; returns the new id."""
        target = self.world.chat_for_bot(params.chat_id())
        source = self._source(params, "copy")
        content = {key: source.wire[key] for key in COPYABLE_KEYS if key in source.wire}
        parse_mode = params.text("parse_mode")
        if params.get("caption") is not None and any(key in content for key in MEDIA_KEYS):
            content.pop("caption_entities", None)
            content.update(self._caption_content(params, parse_mode))
        elif params.flag("remove_caption"):
            content.pop("caption", None)
            content.pop("caption_entities", None)
        stored = self._send(target, content, params, parse_mode or source.parse_mode)
        return {"message_id": stored.message_id}

    @api_method("forwardMessage")
    async def forward_message(self, params: Params) -> Any:
        """forwardMessage (implemented so tests can prove it is never used)."""
        target = self.world.chat_for_bot(params.chat_id())
        source = self._source(params, "forward")
        content = {key: source.wire[key] for key in COPYABLE_KEYS if key in source.wire}
        content["forward_origin"] = {
            "type": "user",
            "sender_user": source.wire["from"],
            "date": source.wire["date"],
        }
        stored = self.world.add_message(target, content, parse_mode=source.parse_mode)
        return _copy(stored)

    # ------------------------------------------------------------------ editing
    @api_method("editMessageText")
    async def edit_message_text(self, params: Params) -> Any:
        """editMessageText (a missing reply_markup removes the inline keyboard, as on Telegram)."""
        stored = self._editable(params)
        if "text" not in stored.wire:
            raise bad_request("there is no text in the message to edit")
        parse_mode = params.text("parse_mode")
        text = check_text(params.text("text"), parse_mode)
        markup = self._edit_markup(params)
        changes = {"text": text, "entities": params.get("entities") or None}
        return self._apply_edit(stored, changes, markup, parse_mode)

    @api_method("editMessageCaption")
    async def edit_message_caption(self, params: Params) -> Any:
        """editMessageCaption."""
        stored = self._editable(params)
        if not any(key in stored.wire for key in MEDIA_KEYS):
            raise bad_request("there is no caption in the message to edit")
        parse_mode = params.text("parse_mode")
        caption = check_caption(params.text("caption"), parse_mode) or None
        entities = params.get("caption_entities") or None
        markup = self._edit_markup(params)
        changes = {"caption": caption, "caption_entities": entities}
        return self._apply_edit(stored, changes, markup, parse_mode)

    @api_method("editMessageReplyMarkup")
    async def edit_message_reply_markup(self, params: Params) -> Any:
        """editMessageReplyMarkup."""
        stored = self._editable(params)
        markup = self._edit_markup(params)
        return self._apply_edit(stored, {}, markup, stored.parse_mode)

    @api_method("deleteMessage")
    async def delete_message(self, params: Params) -> Any:
        """deleteMessage."""
        chat = self.world.chat_for_bot(params.chat_id())
        message_id = params.integer("message_id")
        if message_id is None or not self.world.delete_message(chat, message_id):
            raise bad_request("message to delete not found")
        return True

    @api_method("deleteMessages")
    async def delete_messages(self, params: Params) -> Any:
        """deleteMessages (missing ids are skipped)."""
        chat = self.world.chat_for_bot(params.chat_id())
        ids = params.get("message_ids")
        if not isinstance(ids, list) or not ids:
            raise bad_request("message identifiers are not specified")
        for message_id in ids:
            self.world.delete_message(chat, int(message_id))
        return True

    # ------------------------------------------------------------------ callbacks
    @api_method("answerCallbackQuery")
    async def answer_callback_query(self, params: Params) -> Any:
        """answerCallbackQuery: each query can be answered once."""
        self.world.callback_answers.append(params.redacted())
        query = self.world.queries.get(params.text("callback_query_id") or "")
        if query is None or query.answered:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = params.text("text")
        check_callback_answer(text)
        query.answered = True
        if text:
            self.world.note(query.chat_id, text, params.flag("show_alert"))
        return True

    # ------------------------------------------------------------------ commands
    @staticmethod
    def _commands_key(params: Params) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), params.text("language_code") or ""

    @api_method("setMyCommands")
    async def set_my_commands(self, params: Params) -> Any:
        """setMyCommands."""
        commands = check_commands(params.get("commands"))
        self.commands[self._commands_key(params)] = commands
        return True

    @api_method("getMyCommands")
    async def get_my_commands(self, params: Params) -> Any:
        """getMyCommands."""
        return copy.deepcopy(self.commands.get(self._commands_key(params), []))

    @api_method("deleteMyCommands")
    async def delete_my_commands(self, params: Params) -> Any:
        """deleteMyCommands."""
        self.commands.pop(self._commands_key(params), None)
        return True

    # ------------------------------------------------------------------ chats, files
    def _known_chat(self, params: Params) -> ChatState:
        chat_id = params.chat_id()
        chat = self.world.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        if not chat.is_private and not chat.bot_is_member:
            raise ApiError(403, "Forbidden: bot is not a member of the supergroup chat")
        return chat

    @api_method("getChat")
    async def get_chat(self, params: Params) -> Any:
        """getChat (ChatFullInfo)."""
        chat = self._known_chat(params)
        return {
            **copy.deepcopy(chat.chat),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": dict(_ACCEPTED_GIFTS),
        }

    @api_method("getChatMember")
    async def get_chat_member(self, params: Params) -> Any:
        """getChatMember (users and the bot itself)."""
        chat = self._known_chat(params)
        user_id = params.integer("user_id")
        if user_id == self.bot_user["id"]:
            member = chat.is_private or chat.bot_is_member
            return {"status": "member" if member else "left", "user": self._bot_as_user()}
        user = self.world.users.get(user_id) if user_id is not None else None
        if user is None:
            raise bad_request("PARTICIPANT_ID_INVALID")
        status = "member" if user_id in chat.members else "left"
        return {"status": status, "user": copy.deepcopy(user)}

    def _bot_as_user(self) -> dict[str, Any]:
        keys = ("id", "is_bot", "first_name", "username")
        return {key: self.bot_user[key] for key in keys}

    @api_method("getFile")
    async def get_file(self, params: Params) -> Any:
        """getFile."""
        stored = self.world.files.get(params.text("file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        return stored.file_object()
