"""Outbox throughput: N messages to N chats through the real sender and PtbTransport.

The sender (this process: SQLite outbox, :class:`~scheduler.outbox.OutboxSender`, a real
python-telegram-bot ``Application`` as transport) delivers ``--messages`` rows, one to each of
as many private chats, to a Bot API stand-in running in its own process on 127.0.0.1.

Time is scaled: both processes read ``(CLOCK_MONOTONIC - origin) × --speed``, so a Telegram
second passes in ``1/speed`` real seconds.  The sender's limits and waits and the stand-in's
violation counter (1 msg/s per private chat, 20/min per group, 30/s overall) run on that same
clock.  The stand-in notes the scaled time of every message it accepts; throughput is
``(messages − 1) / (last − first)`` in scaled seconds, against Telegram's cap of 30/s (target
≥ 95 %).  Duplicates are counted in the stand-in (same chat, same text twice).

A higher ``--speed`` finishes sooner but makes every real millisecond of round trip count
``speed`` times against the cap (the sender charges a message from request to answer + 1 s),
so the figure drops once this machine cannot keep up with ``30 × speed`` requests per second.

    .venv/bin/python benchmarks/bench_outbox.py [--messages 10000] [--speed 2] [--json] [--check]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (
    Child,
    announce_ready,
    cpu_seconds,
    install_stop_handlers,
    launch,
    run_async_main,
)

TOKEN = "123456:BENCH-OUTBOX-abcdefghijklmnopqrstuvwxyz"
FIRST_CHAT = 1_000_001
CAP = 30.0
TARGET_RATIO = 0.95


class ScaledTime:
    """``(CLOCK_MONOTONIC − origin) × speed``: the same numbers in every process on the box."""

    def __init__(self, origin: float, speed: float) -> None:
        self.origin = origin
        self.speed = speed
        self.start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        """Scaled seconds since the origin."""
        return (time.monotonic() - self.origin) * self.speed

    async def sleep(self, seconds: float) -> None:
        """Sleep scaled seconds."""
        await asyncio.sleep(max(0.0, seconds) / self.speed)

    def now(self) -> datetime:
        """Scaled time as a UTC datetime (what the sender stores in the outbox)."""
        return self.start + timedelta(seconds=self.monotonic())


# ---------------------------------------------------------------------------- stand-in process
async def serve(origin: float, speed: float, first: int, count: int) -> None:
    """The stand-in with ``count`` users, a scaled clock and a ``GET /stats`` control API."""
    from aiohttp import web

    from bot.standin.server import BotApiStandIn

    stop = install_stop_handlers(asyncio.get_running_loop())
    scaled = ScaledTime(origin, speed)
    standin = BotApiStandIn(token=TOKEN, clock=scaled.monotonic)
    for user_id in range(first, first + count):
        standin.add_user(user_id, f"User{user_id}")
    accepted: list[float] = []
    meter = standin.world.rate
    record = meter.record

    def timed_record(chat_id: int, is_private: bool) -> bool:
        accepted.append(scaled.monotonic())
        return record(chat_id, is_private)

    meter.record = timed_record  # type: ignore[method-assign]

    async def stats(_request: web.Request) -> web.Response:
        seen: set[tuple[int, str]] = set()
        total = 0
        for chat_id, chat in standin.world.chats.items():
            for stored in chat.messages.values():
                if stored.from_bot:
                    total += 1
                    seen.add((chat_id, str(stored.wire.get("text", ""))))
        return web.json_response(
            {
                "violations": standin.rate_violations,
                "messages": total,
                "duplicates": total - len(seen),
                "first": accepted[0] if accepted else None,
                "last": accepted[-1] if accepted else None,
                "cpu_s": cpu_seconds(os.getpid()),
            }
        )

    control = web.Application()
    control.router.add_get("/stats", stats)
    runner = web.AppRunner(control, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    await standin.start()
    port = int(runner.addresses[0][1])
    announce_ready({"api_url": standin.url, "control_url": f"http://127.0.0.1:{port}"})
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        await standin.stop()


# ---------------------------------------------------------------------------- sender (this process)
def seed_outbox(url: str, count: int, now: datetime) -> Any:
    """A migrated database with ``count`` rows, one to each chat."""
    from storage import crypto
    from storage.db import Database
    from storage.migrate import upgrade
    from storage.uow import unit_of_work

    crypto.configure_keys(crypto.generate_key())
    db = Database(url)
    upgrade(db)
    with unit_of_work(db) as uow:
        for n in range(count):
            uow.outbox.enqueue(
                chat_id=FIRST_CHAT + n,
                text=f"Your plan review is due. ({n})",
                kind="bench",
                idempotency_key=f"bench:{n}",
                now=now,
            )
    return db


async def deliver(db: Any, api_url: str, scaled: ScaledTime, count: int) -> dict[str, Any]:
    """Run the sender until every row is sent or failed; the sender's own figures."""
    from sqlmodel import col, func, select
    from telegram.ext import Application
    from telegram.request import HTTPXRequest

    from bot.ptb import PtbTransport
    from scheduler.outbox.sender import OutboxSender
    from scheduler.wiring import domain_reactions
    from storage.models import OutboxMessage, OutboxStatus
    from storage.uow import unit_of_work

    request = HTTPXRequest(connection_pool_size=32, httpx_kwargs={"verify": False})
    application = Application.builder().token(TOKEN).base_url(f"{api_url}/bot").request(request)
    app = application.build()
    await app.initialize()
    sender = OutboxSender(
        db,
        PtbTransport(app),
        scaled,
        batch_size=1000,
        reactions=domain_reactions(),
        monotonic=scaled.monotonic,
        sleep=scaled.sleep,
    )

    unsent = [OutboxStatus.PENDING, OutboxStatus.SENDING]

    def left() -> int:
        with unit_of_work(db) as uow:
            query = select(func.count()).where(col(OutboxMessage.status).in_(unsent))
            return int(uow.session.exec(query).one())

    began_real, began_cpu = time.monotonic(), time.process_time()
    task = asyncio.create_task(sender.run_forever(interval=5.0))
    for _ in itertools.count():
        await asyncio.sleep(0.5)
        if task.done() or await asyncio.to_thread(left) == 0:
            break
    sender.stop()
    await task
    real = time.monotonic() - began_real
    cpu = time.process_time() - began_cpu
    await app.shutdown()
    with unit_of_work(db) as uow:
        by_status = dict(
            uow.session.exec(
                select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
            ).all()
        )
    return {
        "real_s": real,
        "sender_cpu_ms_per_msg": 1000 * cpu / max(1, count),
        "sent_rows": int(by_status.get(OutboxStatus.SENT, 0)),
        "failed_rows": int(by_status.get(OutboxStatus.FAILED, 0)),
        "retried": sender.stats.retried,
    }


async def run(messages: int, speed: float, database: str | None) -> dict[str, Any]:
    """Start the stand-in process, seed the outbox, deliver, collect both sides' figures."""
    import httpx

    origin = time.monotonic()
    scaled = ScaledTime(origin, speed)
    with tempfile.TemporaryDirectory(prefix="bench-outbox-") as tmp:
        log_dir = Path(tmp)
        args = ["benchmarks.bench_outbox", "standin", "--origin", repr(origin)]
        args += ["--speed", str(speed), "--count", str(messages)]
        child: Child = launch("standin", args, log_dir)
        try:
            info = await asyncio.to_thread(child.wait_ready, 120.0)
            url = database or f"sqlite:///{tmp}/outbox.db"
            db = await asyncio.to_thread(seed_outbox, url, messages, scaled.now())
            sender = await deliver(db, str(info["api_url"]), scaled, messages)
            async with httpx.AsyncClient(base_url=str(info["control_url"])) as http:
                response = await http.get("/stats", timeout=60.0)
                standin = response.json()
            db.dispose()
        finally:
            await asyncio.to_thread(child.stop)
    span = (standin["last"] or 0.0) - (standin["first"] or 0.0)
    rate = (standin["messages"] - 1) / span if span > 0 else 0.0
    return {
        "benchmark": "outbox",
        "messages": messages,
        "chats": messages,
        "speed": speed,
        "delivered": standin["messages"],
        "scaled_span_s": span,
        "messages_per_s": rate,
        "cap_per_s": CAP,
        "ratio": rate / CAP,
        "violations": standin["violations"],
        "duplicates": standin["duplicates"],
        "standin_cpu_s": standin["cpu_s"],
        **sender,
        "target_ratio": TARGET_RATIO,
        "passed": (
            rate / CAP >= TARGET_RATIO
            and standin["violations"] == 0
            and standin["duplicates"] == 0
            and standin["messages"] == messages
        ),
    }


def render(result: dict[str, Any]) -> str:
    """The human-readable table."""
    verdict = "PASS" if result["passed"] else "FAIL"
    return "\n".join(
        [
            "bench_outbox — OutboxSender + PtbTransport → Bot API stand-in (own process)",
            f"  {result['messages']} messages to {result['chats']} private chats; "
            f"time scaled ×{result['speed']:g} (limits and stand-in on the same clock)",
            "",
            f"  delivered          {result['delivered']:>10}   "
            f"(rows sent {result['sent_rows']}, failed {result['failed_rows']})",
            f"  messages/s         {result['messages_per_s']:>10.2f}   "
            f"cap {result['cap_per_s']:.0f}/s → {100 * result['ratio']:.1f} % "
            f"(target ≥ {100 * result['target_ratio']:.0f} %)",
            f"  limit violations   {result['violations']:>10}",
            f"  duplicates         {result['duplicates']:>10}",
            f"  scaled span        {result['scaled_span_s']:>10.1f} s   "
            f"real {result['real_s']:.1f} s; sender CPU "
            f"{result['sender_cpu_ms_per_msg']:.2f} ms/msg",
            "",
            f"  {verdict}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, with ``standin``, be the stand-in process)."""
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["standin"]:
        child = argparse.ArgumentParser()
        child.add_argument("--origin", type=float, required=True)
        child.add_argument("--speed", type=float, required=True)
        child.add_argument("--count", type=int, required=True)
        opts = child.parse_args(argv[1:])
        run_async_main(lambda: serve(opts.origin, opts.speed, FIRST_CHAT, opts.count))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--messages", type=int, default=10_000, help="rows, one per chat")
    parser.add_argument("--speed", type=float, default=2.0, help="scaled seconds per second")
    parser.add_argument("--database", help="SQLAlchemy URL (default: a fresh SQLite file)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--check", action="store_true", help="exit 1 if the target is missed")
    args = parser.parse_args(argv)
    result = asyncio.run(run(args.messages, args.speed, args.database))
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 1 if args.check and not result["passed"] else 0


if __name__ == "__main__":
    sys.exit(main())
