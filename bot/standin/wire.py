"""HTTP wire format of the Bot API: reading parameters, answering results and errors.

Telegram accepts parameters in the query string, as ``application/x-www-form-urlencoded``,
``application/json`` or ``multipart/form-data``.  Structured values (``reply_markup``,
``entities``...) arrive as JSON strings in the form encodings; this module turns every encoding
into one typed :class:`Params` mapping.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "reply_parameters",
        "allowed_updates",
        "commands",
        "scope",
        "media",
        "link_preview_options",
        "message_ids",
        "menu_button",
        "rights",
    }
)
CHAT_ID_FIELDS = frozenset({"chat_id", "from_chat_id"})
INT_FIELDS = frozenset(
    {
        "message_id",
        "reply_to_message_id",
        "offset",
        "limit",
        "cache_time",
        "max_connections",
        "message_thread_id",
        "user_id",
        "duration",
        "width",
        "height",
    }
)
FLOAT_FIELDS = frozenset({"latitude", "longitude", "timeout"})
BOOL_FIELDS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "allow_sending_without_reply",
        "show_alert",
        "drop_pending_updates",
        "disable_web_page_preview",
        "has_spoiler",
        "disable_content_type_detection",
        "show_caption_above_media",
        "remove_caption",
    }
)
_INT_RE = re.compile(r"-?\d+")
_ATTACH = "attach://"


class ApiError(Exception):
    """An error answered in the Bot API shape ``{"ok": false, "error_code", "description"}``."""

    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def response(self) -> web.Response:
        """Render the error as Telegram does (HTTP status == error_code)."""
        return error_response(self.code, self.description, self.parameters)


def bad_request(detail: str) -> ApiError:
    """A 400 error with Telegram's ``Bad Request: ...`` prefix."""
    return ApiError(400, f"Bad Request: {detail}")


def ok_response(result: Any, description: str | None = None) -> web.Response:
    """A successful Bot API answer."""
    body: dict[str, Any] = {"ok": True, "result": result}
    if description:
        body["description"] = description
    return web.json_response(body)


def error_response(
    code: int, description: str, parameters: dict[str, Any] | None = None
) -> web.Response:
    """An unsuccessful Bot API answer."""
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=code)


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    field: str
    filename: str | None
    content_type: str | None
    data: bytes

    def describe(self) -> dict[str, Any]:
        """A short description used in the call log instead of the bytes."""
        return {"file_name": self.filename, "mime_type": self.content_type, "size": len(self.data)}


class Params:
    """Typed access to the parameters of one API call."""

    def __init__(self, values: dict[str, Any], files: dict[str, UploadedFile]) -> None:
        self.values = values
        self.files = files

    def get(self, key: str, default: Any = None) -> Any:
        """The raw (already coerced) value of ``key``."""
        value = self.values.get(key)
        return default if value is None else value

    def text(self, key: str) -> str | None:
        """A string parameter (numbers are accepted and turned into text, as Telegram does)."""
        value = self.values.get(key)
        if value is None:
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        return value if isinstance(value, str) else str(value)

    def integer(self, key: str, default: int | None = None) -> int | None:
        """An integer parameter."""
        value = self.values.get(key)
        if value is None or value == "":
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad_request(f"invalid {key} specified")
        return int(value)

    def number(self, key: str, default: float = 0.0) -> float:
        """A numeric parameter that may have a fraction (e.g. a getUpdates timeout)."""
        value = self.values.get(key)
        if value is None or value == "":
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad_request(f"invalid {key} specified")
        return float(value)

    def flag(self, key: str) -> bool:
        """A boolean parameter (absent = False)."""
        return bool(self.values.get(key))

    def chat_id(self, key: str = "chat_id") -> int | str:
        """The chat id (``@username`` strings are returned unchanged); required."""
        value = self.values.get(key)
        if value is None or value == "":
            raise bad_request(f"{key} is empty")
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise bad_request("chat not found")
        return value

    def optional_chat_id(self) -> int | None:
        """The integer ``chat_id`` if there is one (used to match injected faults)."""
        value = self.values.get("chat_id")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def input_file(self, key: str) -> UploadedFile | str | None:
        """A file parameter: an uploaded part, or a string (file_id or URL)."""
        value = self.values.get(key)
        if isinstance(value, str) and value.startswith(_ATTACH):
            return self.files.get(value[len(_ATTACH) :])
        if value is None:
            return self.files.get(key)
        return value if isinstance(value, str) else None

    def redacted(self) -> dict[str, Any]:
        """Parameters for the call log: values plus a description of uploaded files."""
        out = dict(self.values)
        for name, upload in self.files.items():
            out[name] = upload.describe()
        return out


def coerce(key: str, value: Any) -> Any:
    """Turn a string from a form encoding into the type Telegram reads for ``key``."""
    if not isinstance(value, str):
        return value
    if key in JSON_FIELDS:
        return _parse_json_field(key, value)
    if key in CHAT_ID_FIELDS:
        return int(value) if _INT_RE.fullmatch(value.strip()) else value
    if key in INT_FIELDS:
        return _parse_number(key, value, int)
    if key in FLOAT_FIELDS:
        return _parse_number(key, value, float)
    if key in BOOL_FIELDS:
        return value.strip().lower() in {"true", "1"}
    return value


def _parse_json_field(key: str, value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        what = "reply keyboard markup" if key == "reply_markup" else key
        raise bad_request(f"can't parse {what} JSON object") from None


def _parse_number(key: str, value: str, kind: type[int] | type[float]) -> int | float:
    try:
        return kind(float(value)) if kind is int else kind(value)
    except ValueError:
        raise bad_request(f"invalid {key} specified") from None


async def read_params(request: web.Request) -> Params:
    """Read the parameters of an API request in any of Telegram's encodings."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if request.can_read_body:
        content_type = request.content_type
        if content_type == "application/json":
            raw.update(await _read_json(request))
        elif content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, FileField):
                    files[key] = _upload(key, value)
                else:
                    raw[key] = value
    values = {key: coerce(key, value) for key, value in raw.items()}
    return Params(values, files)


async def _read_json(request: web.Request) -> dict[str, Any]:
    body = await request.read()
    if not body.strip():
        return {}
    try:
        parsed = json.loads(body)
    except ValueError:
        raise bad_request("can't parse JSON object") from None
    if not isinstance(parsed, dict):
        raise bad_request("can't parse JSON object")
    return parsed


def _upload(field: str, part: FileField) -> UploadedFile:
    data = part.file.read()
    return UploadedFile(
        field=field,
        filename=part.filename or None,
        content_type=part.content_type or None,
        data=data if isinstance(data, bytes) else bytes(data),
    )
