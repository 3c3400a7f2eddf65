"""Telegram's checks on what a bot sends: lengths, keyboards, parse modes, commands."""

from __future__ import annotations

import re
from typing import Any

from bot.standin.wire import ApiError, bad_request

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_CALLBACK_ANSWER = 200

_INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_URL_SCHEMES = ("http://", "https://", "tg://")
_HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)
_TAG_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
_MDV2_RESERVED = frozenset("#+-=|{}.!()>")
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def check_text(text: str | None, parse_mode: str | None) -> str:
    """Validate a message text; returns it unchanged."""
    if text is None or not text.strip():
        raise bad_request("message text is empty")
    if len(text) > MAX_TEXT:
        raise bad_request("message is too long")
    check_parse_mode(text, parse_mode)
    return text


def check_caption(caption: str | None, parse_mode: str | None) -> str | None:
    """Validate an optional media caption."""
    if caption is None:
        return None
    if len(caption) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    check_parse_mode(caption, parse_mode)
    return caption


def check_parse_mode(text: str, parse_mode: str | None) -> None:
    """Reject formatting Telegram could not parse (HTML and MarkdownV2)."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        _check_html(text)
    elif mode == "markdownv2":
        _check_markdown_v2(text)
    elif mode not in {"", "markdown"}:
        raise bad_request("unsupported parse_mode")


def _entities_error(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _check_html(text: str) -> None:
    stack: list[str] = []
    index = text.find("<")
    while index >= 0:
        end = text.find(">", index)
        if end < 0:
            offset = _byte_offset(text, index)
            raise _entities_error(f"Can't find end of the tag starting at byte offset {offset}")
        _html_tag(text, index, text[index + 1 : end], stack)
        index = text.find("<", end + 1)
    if stack:
        raise _entities_error(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')


def _html_tag(text: str, index: int, inner: str, stack: list[str]) -> None:
    offset = _byte_offset(text, index)
    if inner.startswith("/"):
        name = inner[1:].strip().lower()
        if not stack:
            raise _entities_error(f'Unexpected end tag "{name}" at byte offset {offset}')
        if name != stack[-1]:
            raise _entities_error(
                f'Unmatched end tag at byte offset {offset}, expected "</{stack[-1]}>", '
                f'found "</{name}>"'
            )
        stack.pop()
        return
    match = _TAG_NAME.match(inner)
    name = match.group(0).lower() if match else inner
    if name not in _HTML_TAGS:
        raise _entities_error(f'Unsupported start tag "{name}" at byte offset {offset}')
    stack.append(name)


def _check_markdown_v2(text: str) -> None:
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
        elif char == "`":
            index = _skip_code(text, index)
        elif char == "]" and text.startswith("(", index + 1):
            index = _skip_link_url(text, index + 2)
        elif char == "|" and text.startswith("||", index):
            index += 2
        elif char == ">" and (index == 0 or text[index - 1] == "\n"):
            index += 1
        elif char in _MDV2_RESERVED:
            raise _entities_error(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        else:
            index += 1


def _skip_code(text: str, index: int) -> int:
    fence = "```" if text.startswith("```", index) else "`"
    end = text.find(fence, index + len(fence))
    if end < 0:
        kind = "Pre" if fence == "```" else "Code"
        offset = _byte_offset(text, index)
        raise _entities_error(f"Can't find end of {kind} entity at byte offset {offset}")
    return end + len(fence)


def _skip_link_url(text: str, index: int) -> int:
    end = text.find(")", index)
    if end < 0:
        raise _entities_error("Can't find end of a URL")
    return end + 1


def check_reply_markup(markup: Any) -> dict[str, Any] | None:
    """Validate ``reply_markup``; returns the markup (a dict) or None."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"])
    elif "keyboard" in markup:
        _check_rows(markup["keyboard"], "keyboard")
    elif not (markup.get("remove_keyboard") or markup.get("force_reply")):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup


def _check_rows(rows: Any, what: str) -> list[list[Any]]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(f'field "{what}" of the reply markup must be an Array of Arrays')
    return rows


def _check_inline_keyboard(rows: Any) -> None:
    for row in _check_rows(rows, "inline_keyboard"):
        for button in row:
            _check_inline_button(button)


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed")
    actions = [key for key in _INLINE_ACTIONS if button.get(key) is not None]
    if len(actions) != 1:
        raise bad_request("text buttons are unallowed in the inline keyboard")
    if "callback_data" in actions:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in actions:
        url = button["url"]
        if not isinstance(url, str) or not url.startswith(_URL_SCHEMES):
            raise bad_request("BUTTON_URL_INVALID")


def inline_keyboard_of(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """The part of a markup that Telegram echoes back in Message objects (inline only)."""
    if markup and "inline_keyboard" in markup:
        return {"inline_keyboard": markup["inline_keyboard"]}
    return None


def check_callback_answer(text: str | None) -> None:
    """answerCallbackQuery text is limited to 200 characters."""
    if text is not None and len(text) > MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")


def check_chat_action(action: str | None) -> str:
    """sendChatAction accepts a fixed set of actions."""
    if action not in _CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return action


def check_commands(commands: Any) -> list[dict[str, str]]:
    """setMyCommands: 1-100 commands of ``[a-z0-9_]{1,32}`` with 1-256 character descriptions."""
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    out: list[dict[str, str]] = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand")
        command = str(item.get("command", "")).lstrip("/")
        description = str(item.get("description", ""))
        if not _COMMAND_RE.fullmatch(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description) <= 256:
            raise bad_request("command description is empty or too long")
        out.append({"command": command, "description": description})
    return out
