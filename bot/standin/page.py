"""The web chat page of the playground and its small JSON API under ``/_page/``.

API (all JSON):

- ``GET  /_page/api/config`` -> ``{"bot": {...}, "panels": [...]}``
- ``GET  /_page/api/updates?since=REV&epoch=E&wait=SECONDS[&chat_id=ID...]`` -> changes since
  ``REV``: ``{"epoch", "rev", "reset", "messages": [view...], "deleted": [...],
  "notices": [...], "typing": {chat_id: action}}``; waits up to ``wait`` (max 25) seconds for a
  change.  A different ``epoch`` (the stand-in was reset) returns everything with ``reset: true``.
- ``POST /_page/api/send``  ``{"chat_id", "user_id", "text", "reply_to_message_id"?}``
- ``POST /_page/api/press`` ``{"chat_id", "user_id", "message_id", "data"}``
- ``POST /_page/api/send_media`` multipart ``chat_id, user_id, kind (photo|document|voice),
  file, caption?, reply_to_message_id?``: the user sends a file, as Telegram delivers it.
- ``POST /_page/api/act/{name}`` JSON: one of the host's own controls (the playground's clock
  and reset); ``config`` lists them under ``actions``, and ``config`` and ``updates`` carry the
  host's ``status``.
- ``GET  /_page/files/{file_id}[?download=1]`` -> the file bytes (no token in the page).
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.standin.state import ChatState, Notifier, StoredMessage, World

if TYPE_CHECKING:
    from bot.standin.server import BotApiStandIn

STATIC_DIR = Path(__file__).parent / "static"
STATIC_FILES = {"app.js": "text/javascript", "style.css": "text/css"}
MAX_WAIT = 25.0
TYPING_SECONDS = 5.0


MEDIA_KINDS = ("photo", "document", "voice")
INTRO_KEYS = ("title", "text", "button", "send")


def normalise_panels(panels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Check and copy panel definitions ``{"title", "chat_id", "as_user_id", "quick_texts"}``.

    Optional: ``"tab"`` (a short label for the phone's tabs), ``"intro"`` (a card shown
    while the chat is empty: ``{"title", "text", "button"?, "send"?}``) and ``"optional"``
    (on a laptop the chat is folded until its header toggle, labelled with its tab, is
    pressed; at most one panel).
    """
    out = []
    for panel in panels:
        try:
            intro = panel.get("intro")
            out.append(
                {
                    "title": str(panel["title"]),
                    "tab": str(panel.get("tab") or panel["title"]),
                    "chat_id": int(panel["chat_id"]),
                    "as_user_id": int(panel["as_user_id"]),
                    "quick_texts": [str(text) for text in panel.get("quick_texts", [])],
                    "optional": bool(panel.get("optional", False)),
                    "intro": (
                        {key: str(intro[key]) for key in INTRO_KEYS if intro.get(key)}
                        if intro
                        else None
                    ),
                }
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"bad panel {panel!r}: {exc}") from None
    return out


def setup_page(app: web.Application, host: BotApiStandIn) -> None:
    """Add the page, its assets and its JSON API to the stand-in's application."""
    page = _Page(host)
    app.router.add_get("/", page.index)
    app.router.add_get("/_page/static/{name}", page.static)
    app.router.add_get("/_page/api/config", page.config)
    app.router.add_get("/_page/api/updates", page.updates)
    app.router.add_post("/_page/api/send", page.send)
    app.router.add_post("/_page/api/press", page.press)
    app.router.add_post("/_page/api/send_media", page.send_media)
    app.router.add_post("/_page/api/act/{name}", page.act)
    app.router.add_get("/_page/files/{file_id}", page.file)


def _json_error(message: str, status: int = 400) -> web.Response:
    return web.json_response({"ok": False, "error": message}, status=status)


def _optional_int(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


def _display_name(user: dict[str, Any]) -> str:
    return " ".join(part for part in (user.get("first_name"), user.get("last_name")) if part)


def message_view(chat_id: int, stored: StoredMessage) -> dict[str, Any]:
    """What the page needs to draw one message bubble."""
    wire = stored.wire
    view: dict[str, Any] = {
        "chat_id": chat_id,
        "message_id": stored.message_id,
        "rev": stored.rev,
        "from_bot": stored.from_bot,
        "from_id": wire["from"]["id"],
        "sender": _display_name(wire["from"]),
        "date": wire["date"],
        "edited": "edit_date" in wire,
        "text": wire.get("text"),
        "caption": wire.get("caption"),
        "parse_mode": stored.parse_mode,
        "photo": _photo_view(wire),
        "document": _document_view(wire),
        "other": _other_summary(wire),
        "reply_to": _reply_view(wire),
    }
    view.update(_keyboard_view(stored.markup))
    # A ForceReply (or a reply keyboard's) hint: the page points its composer at the message.
    markup = stored.markup or {}
    view["force_reply"] = bool(markup.get("force_reply"))
    placeholder = markup.get("input_field_placeholder")
    view["input_field_placeholder"] = placeholder if isinstance(placeholder, str) else None
    return view


def _photo_view(wire: dict[str, Any]) -> dict[str, Any] | None:
    sizes = wire.get("photo")
    if not sizes:
        return None
    largest = sizes[-1]
    return {"file_id": largest["file_id"], "width": largest["width"], "height": largest["height"]}


def _document_view(wire: dict[str, Any]) -> dict[str, Any] | None:
    doc = wire.get("document")
    if not doc:
        return None
    return {
        "file_id": doc["file_id"],
        "file_name": doc.get("file_name") or "document",
        "file_size": doc.get("file_size", 0),
    }


def _other_summary(wire: dict[str, Any]) -> str | None:
    if "voice" in wire:
        return f"Voice message ({wire['voice'].get('duration', 0)} s)"
    if "sticker" in wire:
        return f"Sticker {wire['sticker'].get('emoji', '')}".strip()
    if "location" in wire:
        loc = wire["location"]
        return f"Location {loc['latitude']:.4f}, {loc['longitude']:.4f}"
    if "contact" in wire:
        return f"Contact: {wire['contact'].get('first_name', '')}"
    if "poll" in wire:
        poll = wire["poll"]
        options = " / ".join(option["text"] for option in poll.get("options", []))
        return f"Poll: {poll.get('question', '')} ({options})"
    return None


def _reply_view(wire: dict[str, Any]) -> dict[str, Any] | None:
    quoted = wire.get("reply_to_message")
    if not quoted:
        return None
    snippet = quoted.get("text") or quoted.get("caption") or "Attachment"
    return {
        "message_id": quoted["message_id"],
        "sender": _display_name(quoted["from"]),
        "snippet": snippet[:120],
    }


def _keyboard_view(markup: dict[str, Any] | None) -> dict[str, Any]:
    view: dict[str, Any] = {"inline_keyboard": None, "reply_keyboard": None}
    view["remove_keyboard"] = bool(markup and markup.get("remove_keyboard"))
    if markup and "inline_keyboard" in markup:
        view["inline_keyboard"] = [
            [
                {key: button[key] for key in ("text", "callback_data", "url") if key in button}
                for button in row
            ]
            for row in markup["inline_keyboard"]
        ]
    if markup and "keyboard" in markup:
        view["reply_keyboard"] = [
            [button if isinstance(button, str) else button.get("text", "") for button in row]
            for row in markup["keyboard"]
        ]
    return view


class _Page:
    """Request handlers of the page; all state lives in the stand-in's world."""

    def __init__(self, host: BotApiStandIn) -> None:
        self.host = host

    @property
    def world(self) -> World:
        return self.host.world

    async def index(self, request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC_DIR / "index.html", headers=_NO_CACHE)

    async def static(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in STATIC_FILES:
            raise web.HTTPNotFound()
        return web.FileResponse(STATIC_DIR / name, headers=_NO_CACHE)

    def panels(self) -> list[dict[str, Any]]:
        """Configured panels, or one per known chat when none were configured."""
        panels = self.host.panels or self._default_panels()
        return [panel for panel in panels if panel["chat_id"] in self.world.chats]

    def _default_panels(self) -> list[dict[str, Any]]:
        panels = []
        for chat in self.world.chats.values():
            members = sorted(uid for uid in chat.members if uid in self.world.users)
            if not members:
                continue
            title = chat.chat.get("title") or _display_name(chat.chat)
            quick = ["/start"] if chat.is_private else []
            panels.append(
                {
                    "title": title,
                    "tab": title,
                    "chat_id": chat.chat_id,
                    "as_user_id": members[0],
                    "quick_texts": quick,
                    "intro": None,
                }
            )
        return panels

    async def config(self, request: web.Request) -> web.Response:
        bot = self.host.bot_user
        panels = []
        for panel in self.panels():
            chat = self.world.chats[panel["chat_id"]]
            user = self.world.users.get(panel["as_user_id"], {})
            panels.append(
                {
                    **panel,
                    "chat_type": chat.chat["type"],
                    "as_user_name": _display_name(user) or str(panel["as_user_id"]),
                }
            )
        return web.json_response(
            {
                "bot": {k: bot[k] for k in ("id", "first_name", "username")},
                "panels": panels,
                "epoch": self.world.epoch,
                "actions": sorted(self.host.page_actions),
                "status": self._status(),
            },
            headers=_NO_CACHE,
        )

    async def updates(self, request: web.Request) -> web.Response:
        query = request.query
        try:
            since = int(query.get("since", "0"))
            epoch = int(query.get("epoch", "0"))
            wait = min(max(float(query.get("wait", "0")), 0.0), MAX_WAIT)
            chat_ids = [int(value) for value in query.getall("chat_id", [])]
        except ValueError:
            return _json_error("since, epoch, wait and chat_id must be numbers")
        chat_ids = chat_ids or [panel["chat_id"] for panel in self.panels()]
        reset = epoch != self.world.epoch
        if reset:
            since = 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while True:
            event = self.world.notifier.snapshot()
            remaining = deadline - loop.time()
            if reset or self.world.rev > since or remaining <= 0 or self.host.closing:
                break
            await Notifier.wait(event, remaining)
        return web.json_response(self._changes(since, chat_ids, reset), headers=_NO_CACHE)

    def _changes(self, since: int, chat_ids: list[int], reset: bool) -> dict[str, Any]:
        wanted = set(chat_ids)
        messages = []
        for chat_id in chat_ids:
            chat: ChatState | None = self.world.chats.get(chat_id)
            if chat is None:
                continue
            messages += [
                message_view(chat_id, stored)
                for stored in chat.messages.values()
                if stored.rev > since
            ]
        deleted = [
            {"chat_id": chat_id, "message_id": message_id}
            for rev, chat_id, message_id in self.world.deletions
            if rev > since and chat_id in wanted
        ]
        notices = [n for n in self.world.notices if n["rev"] > since and n["chat_id"] in wanted]
        now = time.monotonic()
        typing = {
            str(chat_id): action
            for chat_id, (at, action) in self.world.chat_actions.items()
            if chat_id in wanted and now - at < TYPING_SECONDS
        }
        return {
            "epoch": self.world.epoch,
            "rev": self.world.rev,
            "reset": reset,
            "messages": messages,
            "deleted": deleted,
            "notices": notices,
            "typing": typing,
            "status": self._status(),
        }

    def _status(self) -> dict[str, Any] | None:
        return self.host.page_status() if self.host.page_status is not None else None

    async def _body(self, request: web.Request, *keys: str) -> dict[str, Any]:
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or any(body.get(key) in (None, "") for key in keys):
            message = json.dumps({"ok": False, "error": f"expected JSON with {', '.join(keys)}"})
            raise web.HTTPBadRequest(text=message, content_type="application/json")
        return body

    async def send(self, request: web.Request) -> web.Response:
        body = await self._body(request, "chat_id", "user_id", "text")
        try:
            message = self.host.user_sends(
                int(body["user_id"]),
                str(body["text"]),
                chat_id=int(body["chat_id"]),
                reply_to_message_id=_optional_int(body.get("reply_to_message_id")),
            )
        except (KeyError, ValueError, TypeError) as exc:
            return _json_error(str(exc))
        stored = self.world.chats[int(body["chat_id"])].messages[message["message_id"]]
        return web.json_response(
            {"ok": True, "message": message_view(int(body["chat_id"]), stored)}
        )

    async def press(self, request: web.Request) -> web.Response:
        body = await self._body(request, "chat_id", "user_id", "message_id", "data")
        try:
            query_id = self.host.user_presses(
                int(body["user_id"]),
                int(body["message_id"]),
                str(body["data"]),
                chat_id=int(body["chat_id"]),
            )
        except (KeyError, ValueError, TypeError) as exc:
            return _json_error(str(exc))
        return web.json_response({"ok": True, "callback_query_id": query_id})

    async def send_media(self, request: web.Request) -> web.Response:
        """A photo, file or voice note from the page, delivered as Telegram delivers it."""
        try:
            form = await request.post()
            upload = form.get("file")
            kind = str(form.get("kind", ""))
            if kind not in MEDIA_KINDS:
                return _json_error(f"kind must be one of {', '.join(MEDIA_KINDS)}")
            if not isinstance(upload, web.FileField):
                return _json_error("expected a file")
            data = upload.file.read()
            if not data:
                return _json_error("the file is empty")
            chat_id = int(str(form.get("chat_id", "")))
            caption = str(form.get("caption", "")).strip() or None
            duration = _optional_int(form.get("duration"))
            if duration is not None and not 1 <= duration <= 3600:
                return _json_error("duration must be whole seconds, from 1 to 3600")
            message = self.host.user_sends_media(
                int(str(form.get("user_id", ""))),
                kind,
                chat_id=chat_id,
                caption=caption,
                data=data,
                file_name=upload.filename if kind == "document" else None,
                reply_to_message_id=_optional_int(form.get("reply_to_message_id")),
                duration=duration if kind == "voice" else None,
            )
        except (KeyError, ValueError, TypeError) as exc:
            return _json_error(str(exc))
        stored = self.world.chats[chat_id].messages[message["message_id"]]
        return web.json_response({"ok": True, "message": message_view(chat_id, stored)})

    async def act(self, request: web.Request) -> web.Response:
        """Run one of the host's controls by name."""
        action = self.host.page_actions.get(request.match_info["name"])
        if action is None:
            raise web.HTTPNotFound()
        try:
            body = await request.json() if request.can_read_body else {}
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return _json_error("expected a JSON object")
        try:
            result = await action(body)
        except ValueError as exc:
            return _json_error(str(exc))
        return web.json_response({"ok": True, **result}, headers=_NO_CACHE)

    async def file(self, request: web.Request) -> web.Response:
        stored = self.world.files.get(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound()
        headers = {"X-Content-Type-Options": "nosniff", **_NO_CACHE}
        if request.query.get("download"):
            name = (stored.file_name or stored.file_path.rsplit("/", 1)[-1]).replace('"', "")
            headers["Content-Disposition"] = f'attachment; filename="{name}"'
        content_type = stored.mime_type or "application/octet-stream"
        return web.Response(body=stored.data, content_type=content_type, headers=headers)


_NO_CACHE = {"Cache-Control": "no-store"}
