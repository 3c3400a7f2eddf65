"""Per-stage timestamps of an update's path through the Lifelinks bot (bench_relay --stages).

Installed only in the benchmark's bot process, and only when asked for: it wraps the steps of
the path (poll, inbox store, hand-over, engine, fast path, claim, request, mark) with
``time.perf_counter`` stamps, so production code carries no timing hooks and costs nothing
when this is off.  ``perf_counter`` is the system's monotonic clock on Linux, so the stamps
share the driver's clock (t0, in another process).

Each update (by update id) gets the times it was fetched, stored, handed to the framework,
reached the runtime, entered and left the engine's transaction; each outbox row it queued
gets the times its send task started, its claim started and ended, its request started and
was answered, and its mark ended.  :func:`summarize` turns them into p50/p90 of each step,
per kind of the row (the card, the relay, the answer).
"""

from __future__ import annotations

import atexit
import functools
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Steps of an update, in path order: (name, start stamp, end stamp).
UPDATE_STEPS = (
    ("fetched -> stored", "fetched", "stored"),
    ("stored -> lane", "stored", "lane"),
    ("lane -> runtime", "lane", "runtime"),
    ("runtime -> engine", "runtime", "engine0"),
    ("engine txn", "engine0", "engine1"),
)
ROW_STEPS = (
    ("engine end -> send_now", "engine1", "send_now"),
    ("send_now itself", "send_now", "dispatched"),
    ("send_now -> task", "send_now", "deliver"),
    ("task -> claim", "deliver", "claim0"),
    ("claim txn", "claim0", "claim1"),
    ("claim -> request", "claim1", "req0"),
    ("request", "req0", "req1"),
    ("mark", "req1", "mark1"),
)


def install(path: str) -> None:
    """Wrap the path's steps and write the stamps as JSON to ``path`` when the process ends."""
    from bot.inbox import Inbox
    from bot.poller import Poller
    from bot.runtime import BotRuntime
    from dialogs.engine import Engine
    from scheduler.outbox.sender import OutboxSender

    clock = time.perf_counter
    updates: dict[int, dict[str, float]] = {}
    rows: dict[int, dict[str, Any]] = {}

    def stamp(update_id: int, name: str) -> None:
        updates.setdefault(update_id, {}).setdefault(name, clock())

    def wrap(cls: Any, name: str, make: Callable[[Any], Any]) -> None:
        setattr(cls, name, make(getattr(cls, name)))

    def get_updates(orig: Any) -> Any:
        @functools.wraps(orig)
        async def inner(self: Any) -> Any:
            batch = await orig(self)
            for item in batch:
                if isinstance(item, dict) and isinstance(item.get("update_id"), int):
                    stamp(item["update_id"], "fetched")
            return batch

        return inner

    def accept(orig: Any) -> Any:
        @functools.wraps(orig)
        async def inner(self: Any, items: Any) -> Any:
            items = list(items)
            await orig(self, items)
            for item in items:
                stamp(int(item["update_id"]), "stored")

        return inner

    def handle_lane(orig: Any) -> Any:
        @functools.wraps(orig)
        async def inner(self: Any, row: Any) -> Any:
            stamp(row.update_id, "lane")
            return await orig(self, row)

        return inner

    def runtime_handle(orig: Any) -> Any:
        @functools.wraps(orig)
        async def inner(self: Any, event: Any, transport: Any) -> Any:
            stamp(event.update_id, "runtime")
            try:
                return await orig(self, event, transport)
            finally:
                stamp(event.update_id, "handled")

        return inner

    current: list[int] = []

    def handle_queued(orig: Any) -> Any:
        @functools.wraps(orig)
        def inner(self: Any, event: Any) -> Any:
            stamp(event.update_id, "engine0")
            result = orig(self, event)
            updates[event.update_id]["engine1"] = clock()
            current[:] = [event.update_id]
            return result

        return inner

    def send_now(orig: Any) -> Any:
        @functools.wraps(orig)
        def inner(self: Any, due: Any) -> Any:
            now = clock()
            for row_id, _chat in due:
                rows[row_id] = {"update": current[0] if current else None, "send_now": now}
            result = orig(self, due)
            for row_id, _chat in due:
                rows[row_id]["dispatched"] = clock()
            return result

        return inner

    def row_stamp(row_id: int, name: str) -> None:
        row = rows.get(row_id)
        if row is not None:
            row.setdefault(name, clock())

    def deliver(orig: Any) -> Any:
        @functools.wraps(orig)
        async def inner(self: Any, chat: Any, row_id: int) -> Any:
            row_stamp(row_id, "deliver")
            return await orig(self, chat, row_id)

        return inner

    def claim(orig: Any) -> Any:
        @functools.wraps(orig)
        def inner(self: Any, row_id: int, *args: Any) -> Any:
            row_stamp(row_id, "claim0")
            result = orig(self, row_id, *args)
            row_stamp(row_id, "claim1")
            if result is not None and row_id in rows:
                rows[row_id]["kind"] = result[0].kind
            return result

        return inner

    def prepare(orig: Any) -> Any:
        @functools.wraps(orig)
        def inner(self: Any, row: Any, target: Any) -> Any:
            send, done, total, last = orig(self, row, target)

            async def timed() -> Any:
                row_stamp(row.id, "req0")
                try:
                    return await send()
                finally:
                    row_stamp(row.id, "req1")

            return timed, done, total, last

        return inner

    def mark(orig: Any) -> Any:
        @functools.wraps(orig)
        def inner(self: Any, row_id: int, *args: Any, **kwargs: Any) -> Any:
            result = orig(self, row_id, *args, **kwargs)
            row_stamp(row_id, "mark1")
            return result

        return inner

    wrap(Poller, "get_updates", get_updates)
    wrap(Inbox, "accept", accept)
    wrap(Inbox, "_handle", handle_lane)
    wrap(BotRuntime, "handle", runtime_handle)
    wrap(Engine, "handle_queued", handle_queued)
    wrap(OutboxSender, "send_now", send_now)
    wrap(OutboxSender, "_deliver", deliver)
    wrap(OutboxSender, "_claim_with_target", claim)
    wrap(OutboxSender, "_prepare", prepare)
    wrap(OutboxSender, "_mark_sent", mark)

    def dump() -> None:
        Path(path).write_text(json.dumps({"updates": updates, "rows": rows}))

    atexit.register(dump)


def summarize(path: str | Path, since: float = 0.0) -> str:
    """p50 / p90 ms of each step, per kind of row, for the rows queued after ``since``."""
    data = json.loads(Path(path).read_text())
    updates = {int(k): v for k, v in data["updates"].items()}
    per_kind: dict[str, dict[str, list[float]]] = {}
    for row in data["rows"].values():
        if row.get("send_now", 0.0) < since or row.get("update") is None:
            continue
        upd = updates.get(int(row["update"]), {})
        stamps = {**upd, **row}
        steps = per_kind.setdefault(row.get("kind", "?"), {})
        for name, start, end in (
            *UPDATE_STEPS,
            *ROW_STEPS,
            ("fetched -> request", "fetched", "req0"),
        ):
            if start in stamps and end in stamps:
                steps.setdefault(name, []).append((stamps[end] - stamps[start]) * 1000)
    lines = []
    for kind, steps in sorted(per_kind.items()):
        count = max((len(v) for v in steps.values()), default=0)
        lines.append(f"  {kind} (n={count}): p50 / p90 ms")
        for name, values in steps.items():
            values.sort()
            p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
            lines.append(f"    {name:<24} {statistics.median(values):7.2f} / {p90:7.2f}")
    return "\n".join(lines)
