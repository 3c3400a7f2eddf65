"""Telegram's limits, counted in one place: how fast, and how long a text may be.

**Rates** (:class:`RateLimiter`): ≤ 30 messages/s overall; per private chat a burst of up
to 4 messages, then 1/s sustained (a token bucket); ≤ 20/min per group.  The sender cannot
see when Telegram counts a message, only that it is somewhere between "request started" and
"answer received", so a send is charged from the start of its request until one window after
its answer.  That makes the limits hold however requests overlap or are delayed on the way;
the price is that throughput is ``30 / (1 + round trip)`` per second instead of exactly 30.

**Sizes** (:func:`text_parts`): texts go out in parts of ≤ 4096 characters and ≤ 4096
UTF-16 units (the port's ``MAX_TEXT``), so "message is too long" cannot happen.
"""

from __future__ import annotations

import math
from collections import deque

from scheduler.transport import MAX_TEXT, split_text

GLOBAL_PER_SECOND = 30
PRIVATE_GAP = 1.0  # seconds per message to one private chat, sustained (1/s)
# Messages one private chat may get at once before the 1/s pace applies.  Telegram says
# "avoid more than one message per second in a single chat; short bursts over this limit
# may be allowed".  Our answers are at most 4 messages (a reply and a menu; crisis
# signposting, its follow-up and the way on), so 4 lets every answer go out at once while
# staying a *short* burst; anything longer (a conversation of many quick answers) is paced.
PRIVATE_BURST = 4
GROUP_PER_MINUTE = 20
GROUP_WINDOW = 60.0
SAFETY_MARGIN = 0.002  # seconds added to every limit, against clock rounding


def utf16_length(value: str) -> int:
    """Length in UTF-16 code units (how Telegram measures text)."""
    return len(value.encode("utf-16-le")) // 2


def text_parts(value: str) -> list[str]:
    """The parts a text is sent in: ≤ 4096 characters and ≤ 4096 UTF-16 units each.

    Deterministic, so a row resumed after a crash splits exactly as before.
    """
    parts: list[str] = []
    for chunk in split_text(value):
        if utf16_length(chunk) <= MAX_TEXT:
            parts.append(chunk)
        else:  # astral characters count twice; half as many code points always fit
            parts.extend(split_text(chunk, MAX_TEXT // 2))
    return parts


class RateLimiter:
    """Telegram's broadcast limits on an injectable monotonic clock.

    Telegram counts a message at some moment between the start of its request and the
    answer.  So a send occupies an overall slot from :meth:`begin` until one second after
    :meth:`end`, and the next message to a chat waits for the *answer* to the one before
    plus the gap.  With at most 30 slots occupied at any time, no one-second window (and no
    per-chat window) as Telegram sees it can hold more than allowed.

    Requests are also paced at ``per_second`` (a small burst allowed, to catch up after a late
    wake-up): spread out, each is answered quickly, where a burst of 30 would queue behind
    each other and hold their slots longer.

    **A private chat** is a token bucket: ``private_burst`` messages at once, refilled at one
    per ``private_gap``.  It is kept as a theoretical arrival time (GCRA): ``_private_tat``
    moves on by ``private_gap`` per message, counted from the message's *answer* (the
    latest Telegram can have counted it), and the next request may *start* once it is
    within ``(private_burst - 1) * private_gap`` of it.  Checking the earliest moment and
    charging the latest means any order in which Telegram counts them fits the bucket.
    ``private_burst=1`` is the old strict "one second after the last answer".
    """

    def __init__(
        self,
        per_second: int = GLOBAL_PER_SECOND,
        private_gap: float = PRIVATE_GAP,
        private_burst: int = PRIVATE_BURST,
        group_per_minute: int = GROUP_PER_MINUTE,
        group_window: float = GROUP_WINDOW,
        margin: float = SAFETY_MARGIN,
    ) -> None:
        self.per_second = per_second
        self.private_gap = private_gap
        self.private_burst = max(1, private_burst)
        self.group_per_minute = group_per_minute
        self.group_window = group_window
        self.margin = margin
        self.spacing = 1.0 / per_second
        self.burst = 4 * self.spacing
        self.in_flight = 0
        self._pace = -math.inf  # when the next request is due at an even pace
        self._done: deque[float] = deque()  # answers in the last second (overall)
        # Per private chat: when its bucket is full again (theoretical arrival time).
        self._private_tat: dict[int, float] = {}
        self._group_done: dict[int, deque[float]] = {}
        self._paused_until: dict[int, float] = {}
        self._ends = 0

    # -- per chat
    def chat_ready_at(self, chat_id: int) -> float:
        """Earliest monotonic time the next message to this chat may start."""
        ready = self._paused_until.get(chat_id, -math.inf)
        if chat_id > 0:
            tat = self._private_tat.get(chat_id)
            if tat is not None:
                tolerance = (self.private_burst - 1) * self.private_gap
                ready = max(ready, tat - tolerance + self.margin)
        else:
            sends = self._group_done.get(chat_id)
            if sends is not None and len(sends) >= self.group_per_minute:
                ready = max(ready, sends[0] + self.group_window + self.margin)
        return ready

    def pause(self, chat_id: int, until: float) -> None:
        """Hold one chat after a 429 (the rest of the bot carries on)."""
        self._paused_until[chat_id] = max(until, self._paused_until.get(chat_id, -math.inf))

    # -- overall
    def slot_free_at(self, now: float) -> float:
        """When a new request may start as far as the overall limit goes (inf: wait for one)."""
        while self._done and self._done[0] + 1.0 + self.margin <= now:
            self._done.popleft()
        paced = max(now, self._pace - self.burst)
        occupied = self.in_flight + len(self._done)
        if occupied < self.per_second:
            return paced
        if self.in_flight >= self.per_second:
            return math.inf
        return max(paced, self._done[occupied - self.per_second] + 1.0 + self.margin)

    def wait_time(self, chat_id: int, now: float) -> float:
        """Seconds to wait before this chat may get a message (0 when it may go now)."""
        ready = max(self.chat_ready_at(chat_id), self.slot_free_at(now))
        return max(0.0, ready - now)

    # -- accounting
    def begin(self, chat_id: int, now: float) -> None:
        """A request to ``chat_id`` is about to start."""
        self.in_flight += 1
        self._pace = max(self._pace, now) + self.spacing

    def cancel(self) -> None:
        """A begun request was never made (the row was gone)."""
        self.in_flight = max(0, self.in_flight - 1)

    def end(self, chat_id: int, now: float) -> None:
        """The request's answer (or error) arrived at ``now``."""
        self.in_flight = max(0, self.in_flight - 1)
        self._done.append(now)
        if chat_id > 0:
            self._charge_private(chat_id, now, 1)
        else:
            self._group_done.setdefault(chat_id, deque(maxlen=self.group_per_minute)).append(now)
        self._ends += 1
        if self._ends % 1024 == 0:
            self.prune(now)

    def assume_recent(self, chat_id: int, count: int, overall: int, now: float) -> None:
        """After a restart: count ``count`` sends to a chat (``overall`` of them in the last
        second) as if answered ``now``, the latest they can have been answered."""
        if chat_id > 0:
            self._charge_private(chat_id, now, min(count, self.private_burst))
        else:
            sends = self._group_done.setdefault(chat_id, deque(maxlen=self.group_per_minute))
            sends.extend([now] * min(count, self.group_per_minute))
        self._done.extend([now] * min(overall, self.per_second))

    def _charge_private(self, chat_id: int, now: float, count: int) -> None:
        """Take ``count`` tokens from a private chat's bucket at ``now``."""
        tat = max(self._private_tat.get(chat_id, -math.inf), now)
        self._private_tat[chat_id] = tat + count * self.private_gap

    def record(self, chat_id: int, now: float) -> None:
        """Count a send that started and ended at ``now``."""
        self.begin(chat_id, now)
        self.end(chat_id, now)

    def prune(self, now: float) -> None:
        """Forget chats whose limits no longer matter (keeps memory flat over many chats)."""
        # A bucket full again (its arrival time passed) is the same as no bucket.
        margin = self.margin
        self._private_tat = {c: t for c, t in self._private_tat.items() if t + margin > now}
        window = self.group_window + self.margin
        self._group_done = {c: d for c, d in self._group_done.items() if d and d[-1] + window > now}
        self._paused_until = {c: t for c, t in self._paused_until.items() if t > now}
