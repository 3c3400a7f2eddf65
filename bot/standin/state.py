"""The simulated Telegram world: users, chats, messages, pending updates, limits and faults."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.standin.media import FileStore
from bot.standin.validate import inline_keyboard_of
from bot.standin.wire import ApiError, bad_request

# Update types delivered when allowed_updates was never given (or given as []).
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
FIRST_UPDATE_ID = 1000


class Notifier:
    """Wakes every waiter whenever the world changes."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def snapshot(self) -> asyncio.Event:
        """The event the next change will set; take it *before* checking a condition."""
        return self._event

    def notify(self) -> None:
        """Signal a change."""
        self._event.set()
        self._event = asyncio.Event()

    @staticmethod
    async def wait(event: asyncio.Event, timeout: float) -> None:
        """Wait for ``event`` at most ``timeout`` seconds."""
        if timeout <= 0:
            return
        # asyncio.timeout, not wait_for: no inner task, so cancelling the waiter is immediate.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await event.wait()


class RateMeter:
    """Counts sends that break Telegram's limits, on an injectable clock.

    Overall (30/s) and per group (20/min) are sliding windows.  A private chat is a token
    bucket, as Telegram describes it ("avoid more than one message per second in a single
    chat; short bursts over this limit may be allowed"): ``PRIVATE_BURST`` messages at once,
    refilled at ``PRIVATE_RATE`` per second.  These model Telegram on their own, apart from
    the bot's sender (``scheduler.outbox.limits.RateLimiter``): equal to its burst of 4 and its
    1/s, so a sender that keeps its own limits is never counted here, and one that sends a
    5th message at once (or keeps up more than 1/s) is.  A message over the limit is
    counted as a violation and takes no token (Telegram would have refused it).
    """

    OVERALL = (30, 1.0)
    GROUP = (20, 60.0)
    PRIVATE_BURST = 4.0  # messages a private chat may get at once
    PRIVATE_RATE = 1.0  # tokens per second, sustained
    EPSILON = 1e-9  # float rounding of the refill

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._overall: deque[float] = deque()
        self._per_chat: dict[int, deque[float]] = {}
        self._buckets: dict[int, tuple[float, float]] = {}  # chat: (tokens, at)
        self.private_burst = self.PRIVATE_BURST
        self.private_rate = self.PRIVATE_RATE
        self.violations = 0

    def pace_private(self, burst: float, per_second: float) -> None:
        """Change the private chats' bucket (a test compressing time on both sides)."""
        self.private_burst, self.private_rate = burst, per_second

    def record(self, chat_id: int, is_private: bool) -> bool:
        """Record one message sent by the bot; True if it broke a limit."""
        now = self._clock()
        if is_private:
            broke_chat = not self._take(chat_id, now)
        else:
            limit, window = self.GROUP
            times = self._per_chat.setdefault(chat_id, deque())
            broke_chat = self._push(times, now, window, limit)
        broke_overall = self._push(self._overall, now, self.OVERALL[1], self.OVERALL[0])
        if broke_chat or broke_overall:
            self.violations += 1
            return True
        return False

    def _take(self, chat_id: int, now: float) -> bool:
        """Take a token from a private chat's bucket; False when it is empty."""
        tokens, at = self._buckets.get(chat_id, (self.private_burst, now))
        tokens = min(self.private_burst, tokens + max(0.0, now - at) * self.private_rate)
        if tokens + self.EPSILON < 1.0:
            self._buckets[chat_id] = (tokens, now)
            return False
        self._buckets[chat_id] = (tokens - 1.0, now)
        return True

    @staticmethod
    def _push(times: deque[float], now: float, window: float, limit: int) -> bool:
        while times and times[0] <= now - window:
            times.popleft()
        times.append(now)
        return len(times) > limit

    def reset(self) -> None:
        """Forget every recorded send."""
        self._overall.clear()
        self._per_chat.clear()
        self._buckets.clear()
        self.violations = 0


_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class Fault:
    """An injected failure for the next ``times`` calls of ``method``."""

    method: str
    chat_id: int | None
    status: int
    retry_after: int | None
    description: str | None
    times: int
    delay: float | None

    def matches(self, method: str, chat_id: int | None) -> bool:
        """Whether this fault applies to a call."""
        if self.method != method.lower() or self.times <= 0:
            return False
        return self.chat_id is None or self.chat_id == chat_id

    def error(self) -> ApiError | None:
        """The error to answer with (None for a pure delay, status 200)."""
        if self.status == 200:
            return None
        if self.status == 429:
            retry_after = self.retry_after if self.retry_after is not None else 1
            description = self.description or f"Too Many Requests: retry after {retry_after}"
            return ApiError(429, description, {"retry_after": retry_after})
        description = self.description or _DEFAULT_DESCRIPTIONS.get(self.status, "Error")
        parameters = {"retry_after": self.retry_after} if self.retry_after else None
        return ApiError(self.status, description, parameters)


@dataclass
class StoredMessage:
    """A message in a chat; ``wire`` is the Bot API Message the bot sees."""

    wire: dict[str, Any]
    from_bot: bool
    markup: dict[str, Any] | None = None
    parse_mode: str | None = None
    rev: int = 0

    @property
    def message_id(self) -> int:
        """The message id."""
        return int(self.wire["message_id"])

    def public(self) -> dict[str, Any]:
        """A copy for tests: the wire message with ``reply_markup`` exactly as the bot sent it."""
        out = copy.deepcopy(self.wire)
        if self.markup is not None:
            out["reply_markup"] = copy.deepcopy(self.markup)
        return out


@dataclass
class ChatState:
    """One chat: its Bot API Chat object, messages and membership."""

    chat: dict[str, Any]
    members: set[int] = field(default_factory=set)
    bot_is_member: bool = True
    blocked: bool = False
    started: bool = True
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_message_id: int = 1
    bot_sent: int = 0
    migrated_to: int | None = None  # a group Telegram upgraded to this supergroup

    @property
    def chat_id(self) -> int:
        """The chat id."""
        return int(self.chat["id"])

    @property
    def is_private(self) -> bool:
        """Whether this is a private chat with a user."""
        return bool(self.chat["type"] == "private")


@dataclass(eq=False)
class PendingUpdate:
    """An update not yet acknowledged (polling) or delivered (webhook)."""

    update: dict[str, Any]
    delivered: bool = False

    @property
    def update_id(self) -> int:
        """The update id."""
        return int(self.update["update_id"])


@dataclass
class CallbackQueryState:
    """A callback query the bot may answer once."""

    chat_id: int
    message_id: int
    answered: bool = False


def update_type(update: dict[str, Any]) -> str:
    """The kind of an update (``message``, ``callback_query``...)."""
    return next((key for key in update if key != "update_id"), "")


class World:
    """Everything the stand-in knows; no I/O."""

    def __init__(self, bot_user: dict[str, Any], clock: Callable[[], float]) -> None:
        self.bot_user = bot_user
        self.users: dict[int, dict[str, Any]] = {}
        self.chats: dict[int, ChatState] = {}
        self.files = FileStore()
        self.notifier = Notifier()
        self.rate = RateMeter(clock)
        self.faults: list[Fault] = []
        self.pending: list[PendingUpdate] = []
        self.history: dict[int, dict[str, Any]] = {}
        self.allowed_updates: frozenset[str] | None = None
        self.queries: dict[str, CallbackQueryState] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.rev = 0
        self.epoch = 1
        self.deletions: list[tuple[int, int, int]] = []
        self.notices: list[dict[str, Any]] = []
        self.chat_actions: dict[int, tuple[float, str]] = {}
        # What stamps messages' dates; the playground moves it with its demo clock.
        self.wall_clock: Callable[[], float] = time.time
        self._next_update_id = FIRST_UPDATE_ID
        self._query_ids = itertools.count(int(time.time()) * 1000)

    # ----------------------------------------------------------------- world building
    def add_user(
        self,
        user_id: int,
        first_name: str,
        username: str | None = None,
        last_name: str | None = None,
        started: bool = True,
    ) -> None:
        """Register a user and their private chat with the bot."""
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        chat: dict[str, Any] = {"id": user_id, "type": "private", "first_name": first_name}
        for key, value in (("last_name", last_name), ("username", username)):
            if value:
                user[key] = value
                chat[key] = value
        user["language_code"] = "en"
        self.users[user_id] = user
        existing = self.chats.get(user_id)
        if existing:
            existing.chat = chat
            existing.started = started or existing.started
        else:
            self.chats[user_id] = ChatState(chat=chat, members={user_id}, started=started)

    def add_group(
        self, chat_id: int, title: str, member_ids: list[int] | None, bot_is_member: bool
    ) -> None:
        """Register a supergroup."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative (e.g. -1001234567890)")
        chat = {"id": chat_id, "type": "supergroup", "title": title}
        existing = self.chats.get(chat_id)
        if existing:
            existing.chat = chat
            existing.members |= set(member_ids or [])
            existing.bot_is_member = bot_is_member
        else:
            members = set(member_ids or [])
            self.chats[chat_id] = ChatState(chat=chat, members=members, bot_is_member=bot_is_member)

    def user(self, user_id: int) -> dict[str, Any]:
        """The User object of a registered user."""
        try:
            return self.users[user_id]
        except KeyError:
            raise KeyError(f"unknown user {user_id}: call add_user first") from None

    def chat_for_user(self, user_id: int, chat_id: int | None) -> ChatState:
        """The chat a user acts in (their private chat when ``chat_id`` is None)."""
        self.user(user_id)
        chat = self.chats.get(user_id if chat_id is None else chat_id)
        if chat is None:
            raise KeyError(f"unknown chat {chat_id}: call add_group first")
        chat.members.add(user_id)
        if chat.is_private:
            chat.started = True
        return chat

    def chat_for_bot(self, chat_id: int | str) -> ChatState:
        """A chat the bot may write to, or the error Telegram would answer."""
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        if chat.is_private and chat.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat.is_private and not chat.started:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        if chat.migrated_to is not None:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        if not chat.is_private and not chat.bot_is_member:
            raise ApiError(403, "Forbidden: bot is not a member of the supergroup chat")
        return chat

    # ------------------------------------------------------------------- messages
    def bump(self) -> int:
        """Advance the change counter (used by the web page) and wake waiters."""
        self.rev += 1
        self.notifier.notify()
        return self.rev

    def add_message(
        self,
        chat: ChatState,
        content: dict[str, Any],
        *,
        sender: dict[str, Any] | None = None,
        markup: dict[str, Any] | None = None,
        parse_mode: str | None = None,
        reply_to: StoredMessage | None = None,
    ) -> StoredMessage:
        """Append a message; ``sender`` None means the bot sent it."""
        from_bot = sender is None
        wire: dict[str, Any] = {
            "message_id": chat.next_message_id,
            "from": copy.deepcopy(self.bot_user if sender is None else sender),
            "chat": copy.deepcopy(chat.chat),
            "date": int(self.wall_clock()),
        }
        chat.next_message_id += 1
        if reply_to is not None:
            quoted = copy.deepcopy(reply_to.wire)
            quoted.pop("reply_to_message", None)
            wire["reply_to_message"] = quoted
        wire.update(copy.deepcopy(content))
        inline = inline_keyboard_of(markup)
        if inline:
            wire["reply_markup"] = copy.deepcopy(inline)
        stored = StoredMessage(wire, from_bot, copy.deepcopy(markup), parse_mode)
        chat.messages[stored.message_id] = stored
        if from_bot:
            chat.bot_sent += 1
            self.rate.record(chat.chat_id, chat.is_private)
            self.chat_actions.pop(chat.chat_id, None)  # a message ends "typing…", as in clients
        stored.rev = self.bump()
        return stored

    def edited(self, stored: StoredMessage) -> None:
        """Mark a message as edited now."""
        stored.wire["edit_date"] = int(self.wall_clock())
        stored.rev = self.bump()

    def delete_message(self, chat: ChatState, message_id: int) -> bool:
        """Remove a message; False if there was none."""
        if chat.messages.pop(message_id, None) is None:
            return False
        self.deletions.append((self.bump(), chat.chat_id, message_id))
        return True

    def find_message(self, chat: ChatState, message_id: int | None) -> StoredMessage | None:
        """A message of a chat by id."""
        return chat.messages.get(message_id) if message_id is not None else None

    # -------------------------------------------------------------------- updates
    def queue(self, update: dict[str, Any]) -> int:
        """Queue an update for the bot (update_id assigned if missing)."""
        update = copy.deepcopy(update)
        if update.get("update_id") is None:
            update["update_id"] = self._next_update_id
        update_id = int(update["update_id"])
        self._next_update_id = max(self._next_update_id, update_id + 1)
        self.history[update_id] = copy.deepcopy(update)
        if self.is_allowed(update):
            self.pending.append(PendingUpdate(update))
        self.notifier.notify()
        return update_id

    def redeliver(self, update_id: int) -> None:
        """Queue an earlier update again with its original update_id."""
        try:
            update = self.history[update_id]
        except KeyError:
            raise KeyError(f"no update {update_id} was ever queued") from None
        self.pending.append(PendingUpdate(copy.deepcopy(update)))
        self.notifier.notify()

    def set_allowed_updates(self, allowed: Any) -> None:
        """Remember allowed_updates (None keeps the previous setting, [] means the default)."""
        if allowed is None:
            return
        if not isinstance(allowed, list):
            raise bad_request("can't parse allowed updates")
        self.allowed_updates = frozenset(str(item) for item in allowed) or None

    def is_allowed(self, update: dict[str, Any]) -> bool:
        """Whether the current allowed_updates setting lets this update through."""
        kind = update_type(update)
        if self.allowed_updates is None:
            return kind not in DEFAULT_EXCLUDED_UPDATES
        return kind in self.allowed_updates

    def acknowledge(self, offset: int | None) -> None:
        """Apply a getUpdates offset: forget delivered updates before it."""
        if offset is None:
            return
        if offset < 0:
            self.pending = self.pending[offset:]
        else:
            self.pending = [p for p in self.pending if not (p.delivered and p.update_id < offset)]
        self.notifier.notify()

    def take_batch(self, limit: int) -> list[dict[str, Any]]:
        """Up to ``limit`` pending updates in update_id order, marked as delivered."""
        self.pending = [p for p in self.pending if self.is_allowed(p.update)]
        batch = sorted(self.pending, key=lambda p: p.update_id)[:limit]
        for entry in batch:
            entry.delivered = True
        return [copy.deepcopy(entry.update) for entry in batch]

    def next_undelivered(self) -> PendingUpdate | None:
        """The oldest update to push to a webhook."""
        allowed = [p for p in self.pending if self.is_allowed(p.update)]
        return min(allowed, key=lambda p: p.update_id) if allowed else None

    def delivered(self, entry: PendingUpdate) -> None:
        """A webhook accepted an update."""
        self.pending = [p for p in self.pending if p is not entry]
        self.notifier.notify()

    def drop_pending(self) -> None:
        """drop_pending_updates=True."""
        self.pending.clear()
        self.notifier.notify()

    # ----------------------------------------------------------------- callbacks
    def new_query(self, chat_id: int, message_id: int) -> str:
        """Create a callback query id."""
        query_id = str(next(self._query_ids))
        self.queries[query_id] = CallbackQueryState(chat_id, message_id)
        return query_id

    def note(self, chat_id: int, text: str, show_alert: bool) -> None:
        """A callback answer text for the web page to show."""
        self.notices.append(
            {"rev": self.bump(), "chat_id": chat_id, "text": text, "show_alert": show_alert}
        )

    # --------------------------------------------------------------------- faults
    def take_fault(self, method: str, chat_id: int | None) -> Fault | None:
        """The first injected fault matching a call, consuming one use of it."""
        for fault in self.faults:
            if fault.matches(method, chat_id):
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    def reset(self) -> None:
        """Forget messages, updates, calls and faults; keep users and groups."""
        for chat in self.chats.values():
            chat.messages.clear()
            chat.bot_sent = 0
        self.pending.clear()
        self.history.clear()
        self.queries.clear()
        self.calls.clear()
        self.callback_answers.clear()
        self.faults.clear()
        self.deletions.clear()
        self.notices.clear()
        self.chat_actions.clear()
        self.rate.reset()
        self.epoch += 1
        self.bump()
