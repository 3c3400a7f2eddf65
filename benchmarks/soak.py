"""Soak: mixed traffic at a steady rate against one ``lifelinks run`` worker, for minutes.

One worker in webhook mode on a throw-away PostgreSQL, the stand-in and the proxy of
``benchmarks/scale.py``. First, untimed, the young people join. Then for ``--duration``
seconds updates are queued at ``--rate`` per second (50), evenly spaced, in this mix:

* 24 % a stranger writes (one answer);
* 8 % a young person who joined sends ``/menu`` (one answer: the menu), and 8 % taps
  "Help" on that menu (one answer);
* 60 % a coordinator writes in their team's group (stored and handled; no answer).

So about 20 answers a second go out, under Telegram's 30 messages/s that the one outbox
sender keeps to. Each person writes at most every ~12 s (the 1 message/s per private chat
limit never holds an answer back).

Measured: the worker's resident memory (VmRSS, sampled every second) and the latency
from queueing an update to its answer stored in the stand-in. Both are compared between
the first and the last window (a minute, or a third of a shorter run): the median RSS and
the p99 latency must each stay within 10 %. Then the audit of ``benchmarks/scale.py``:
nothing lost, nothing doubled.

    .venv/bin/python benchmarks/soak.py [--duration 600] [--rate 50] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import cpu_seconds
from benchmarks.scale import (
    Cluster,
    Driver,
    User,
    _buttons,
    audit_run,
    catalogue,
    clean,
    coordinator_of,
    fresh_database,
    seed,
)

MIX = ("stranger",) * 6 + ("menu", "help") * 2 + ("group",) * 15  # 25 slots, per 50 updates
TOLERANCE = 0.10


def rss_kib(pid: int) -> int | None:
    """Resident memory of a process in KiB (Linux), or None if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def p99(values: list[float]) -> float:
    """The 99th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else 0.0


@dataclass
class Soak:
    """The figures of one soak."""

    duration: float
    rate: float
    queued: int = 0
    answered: int = 0
    rss: list[tuple[float, int]] = field(default_factory=list)  # (seconds in, KiB)
    latency: list[tuple[float, float]] = field(default_factory=list)  # (seconds in, s)
    audit: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)
    cpu_ms_per_update: float = 0.0  # the worker's CPU time per update queued

    def window(self) -> float:
        """Length of the first and last windows compared."""
        return min(60.0, self.duration / 3)

    def _split(self, series: list[tuple[float, Any]]) -> tuple[list[Any], list[Any]]:
        w = self.window()
        first = [v for t, v in series if t < w]
        last = [v for t, v in series if t >= self.duration - w]
        return first, last

    def figures(self) -> dict[str, Any]:
        """Start and end figures, their change, and whether each is within 10 %."""
        rss_first, rss_last = self._split(self.rss)
        lat_first, lat_last = self._split(self.latency)
        rss_start = statistics.median(rss_first) / 1024 if rss_first else 0.0
        rss_end = statistics.median(rss_last) / 1024 if rss_last else 0.0
        p99_start, p99_end = p99(lat_first) * 1000, p99(lat_last) * 1000

        def change(start: float, end: float) -> float:
            return (end - start) / start if start else float("inf")

        return {
            "duration_s": self.duration,
            "rate_per_s": self.rate,
            "queued": self.queued,
            "answered": self.answered,
            "window_s": self.window(),
            "rss_mib": {"start": round(rss_start, 1), "end": round(rss_end, 1)},
            "rss_change": round(change(rss_start, rss_end), 3),
            "p99_ms": {"start": round(p99_start, 1), "end": round(p99_end, 1)},
            "p99_change": round(change(p99_start, p99_end), 3),
            "p50_ms": {
                "start": round(statistics.median(lat_first) * 1000, 1) if lat_first else 0.0,
                "end": round(statistics.median(lat_last) * 1000, 1) if lat_last else 0.0,
            },
            "rss_within": bool(rss_first and rss_last)
            and abs(change(rss_start, rss_end)) <= TOLERANCE,
            "p99_within": bool(lat_first and lat_last) and change(p99_start, p99_end) <= TOLERANCE,
            "worker_cpu_ms_per_update": round(self.cpu_ms_per_update, 2),
            "audit": self.audit,
            "clean": clean(self.audit) and not self.errors,
            "errors": self.errors[:5],
            "load_average": [round(x, 2) for x in self.load],
        }


async def soak(duration: float, rate: float, db_url: str, key: str, log_dir: Path) -> Soak:
    """Seed, start one worker, join the young people, then queue the mix for ``duration``."""
    users = max(100, 20 * round(rate * 8 / 20))  # each person writes every ~10 s or less often
    people = await asyncio.to_thread(seed, db_url, key, users)
    cluster = Cluster(1, db_url, key, log_dir)
    result = Soak(duration, rate)
    try:
        await cluster.start()
        cluster.populate(people)
        assert cluster.watcher is not None
        watcher, standin = cluster.watcher, cluster.standin
        driver = Driver(standin, watcher, [u for u in people if u.role == "join"])
        await driver.run()  # the young people join (not timed)
        if driver.errors:
            raise RuntimeError(f"joining failed: {driver.errors[:3]}")
        await cluster._settle()
        pid = cluster.workers[0].process.pid
        strangers = itertools.cycle([u for u in people if u.role == "stranger"])
        joiners = [u for u in people if u.role == "join"]
        members = itertools.cycle(joiners)
        # Help is tapped half a cycle after the same person asked for the menu.
        helpers = itertools.cycle(joiners[len(joiners) // 2 :] + joiners[: len(joiners) // 2])
        groups = itertools.cycle(sorted({u.group for u in people}))
        silent: set[int] = set()
        pending: list[asyncio.Task[None]] = []
        started = time.perf_counter()

        async def answer(chat: int, index: int, queued_at: float) -> None:
            try:
                await watcher.wait_count(chat, index + 1, 120.0)
            except TimeoutError as exc:
                result.errors.append(str(exc))
                return
            result.answered += 1
            stored = watcher.stored_at[chat][index]
            result.latency.append((queued_at - started, stored - queued_at))

        async def sample_rss() -> None:
            while True:
                kib = rss_kib(pid)
                if kib is not None:
                    result.rss.append((time.perf_counter() - started, kib))
                await asyncio.sleep(1.0)

        sampler = asyncio.create_task(sample_rss())
        cpu_start = cpu_seconds(pid)
        slots = itertools.cycle(MIX)
        for n in itertools.count():
            due = started + n / rate
            if due - started >= duration:
                break
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            kind = next(slots)
            queued_at = time.perf_counter()
            if kind == "group":
                group = next(groups)
                message = standin.user_sends(coordinator_of(group), "team chat", chat_id=group)
                silent.add(standin.world._next_update_id - 1)
                del message
            else:
                if kind == "stranger":
                    user = next(strangers)
                    standin.user_sends(user.user_id, "hello, is this the right place?")
                elif kind == "menu":
                    user = next(members)
                    standin.user_sends(user.user_id, "/menu")
                else:
                    user = next(helpers)
                    if not _tap(standin, user, catalogue("btn.help")):
                        standin.user_sends(user.user_id, "/help")
                index = len(standin.bot_messages(user.user_id))
                pending.append(asyncio.create_task(answer(user.user_id, index, queued_at)))
            result.queued += 1
        await asyncio.gather(*pending)
        sampler.cancel()
        cpu_end = cpu_seconds(pid)
        if cpu_start is not None and cpu_end is not None and result.queued:
            result.cpu_ms_per_update = 1000 * (cpu_end - cpu_start) / result.queued
        await cluster._settle()
        result.audit = audit_run(cluster.db_url, standin, frozenset(silent))
        result.load = os.getloadavg()
    finally:
        await cluster.stop()
    return result


def _tap(standin: Any, user: User, label: str) -> bool:
    """Press ``label`` on the user's newest bot message carrying it; False if none."""
    for message in reversed(standin.world.chats[user.user_id].messages.values()):
        if message.from_bot and label in _buttons(message):
            standin.user_presses(user.user_id, message.message_id, _buttons(message)[label])
            return True
    return False


def render(figures: dict[str, Any]) -> str:
    """The figures as a few lines."""
    rss, lat = figures["rss_mib"], figures["p99_ms"]
    verdict = "ok" if figures["rss_within"] and figures["p99_within"] else "OUTSIDE 10 %"
    return "\n".join(
        [
            f"soak: one lifelinks run worker (ptb, webhook, {figures.get('backend', '?')}), "
            f"{figures['duration_s']:.0f} s at {figures['rate_per_s']:.0f} updates/s, "
            f"{figures['queued']} queued, {figures['answered']} answered",
            f"  RSS (median, first/last {figures['window_s']:.0f} s): {rss['start']} MiB -> "
            f"{rss['end']} MiB ({figures['rss_change']:+.1%})",
            f"  p99 latency to the answer: {lat['start']} ms -> {lat['end']} ms "
            f"({figures['p99_change']:+.1%}); p50 {figures['p50_ms']['start']} -> "
            f"{figures['p50_ms']['end']} ms",
            f"  within 10 %: {verdict}; worker CPU {figures['worker_cpu_ms_per_update']} ms "
            f"per update; load average {figures['load_average']}",
            "  audit: " + "; ".join(f"{k} {v}" for k, v in figures["audit"].items()),
        ]
    )


async def _main(args: argparse.Namespace) -> dict[str, Any]:
    from storage import crypto
    from tests.support.postgres import start_postgres

    key = crypto.generate_key()
    with tempfile.TemporaryDirectory(prefix="lifelinks-soak-") as tmp:
        if args.backend == "sqlite":
            db_url = f"sqlite:///{tmp}/soak.db"
            result = await soak(args.duration, args.rate, db_url, key, Path(tmp))
            return result.figures() | {"backend": "sqlite"}
        server = await asyncio.to_thread(start_postgres)
        try:
            db_url = await asyncio.to_thread(fresh_database, server.url(), "soak")
            result = await soak(args.duration, args.rate, db_url, key, Path(tmp))
            return result.figures() | {"backend": "postgresql"}
        finally:
            await asyncio.to_thread(server.stop)


def main(argv: list[str] | None = None) -> int:
    """Run the soak; exit 1 when anything was lost or doubled or a figure moved over 10 %."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=600.0, help="seconds (600)")
    parser.add_argument("--rate", type=float, default=50.0, help="updates per second (50)")
    parser.add_argument(
        "--backend",
        choices=("sqlite", "postgres"),
        default="postgres",
        help="the worker's database (sqlite: one worker's own file; postgres: a throw-away server)",
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--check", action="store_true", help="accepted for run_all (no effect)")
    args = parser.parse_args(argv)
    figures = asyncio.run(_main(args))
    print(json.dumps(figures, indent=2) if args.json else render(figures))
    ok = figures["clean"] and figures["rss_within"] and figures["p99_within"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
