"""The outbox sender's claim and mark on PostgreSQL: how they reach the database, compared.

Each row is claimed, "sent" (an ``asyncio.sleep`` as long as a request to a local Bot API),
and marked sent, ``--concurrency`` rows at a time, while the event loop is kept busy the way
the bot's is (a task that computes for ``--busy-ms`` and yields, again and again).  The claim
and the mark run either in ``asyncio.to_thread`` (the default executor), in one long-lived
thread of the sender's own, or inline on the event loop.  Printed: the claim's latency (from
the call to its result, what a message waits before its request), and CPU ms per row.

    .venv/bin/python benchmarks/bench_sender_steps.py [--rows 600] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

Runner = Callable[[Callable[..., Any], tuple[Any, ...]], Awaitable[Any]]


def _setup(rows: int) -> tuple[Any, Any, list[int], Any]:
    from sqlalchemy import text

    from dialogs.core.clock import SystemClock
    from scheduler.outbox.sender import OutboxSender
    from scheduler.wiring import domain_reactions
    from storage import crypto
    from storage.db import Database
    from storage.migrate import upgrade
    from storage.uow import unit_of_work
    from tests.conftest import TEST_KEY
    from tests.support.postgres import start_postgres

    crypto.configure_keys(TEST_KEY)
    server = start_postgres()
    admin = Database(server.url())
    with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("CREATE DATABASE steps"))
    admin.dispose()
    db = Database(server.url("steps"))
    upgrade(db)
    clock = SystemClock()
    ids: list[int] = []
    with unit_of_work(db) as uow:
        for n in range(rows):
            row = uow.outbox.enqueue(
                chat_id=1000 + n % 50,
                text=f"message {n}",
                kind="bench",
                idempotency_key=f"bench:{n}",
                now=clock.now(),
            )
            assert row.id is not None
            ids.append(row.id)
    sender = OutboxSender(db, object(), clock, reactions=domain_reactions())  # type: ignore[arg-type]
    return server, db, ids, sender


async def _run(
    sender: Any, ids: list[int], runner: Runner, concurrency: int, busy_ms: float
) -> tuple[list[float], float]:
    """Claim latencies (ms) and CPU ms per row."""
    queue = iter(ids)
    latencies: list[float] = []
    stop = asyncio.Event()

    async def busy() -> None:
        while not stop.is_set():
            until = time.perf_counter() + busy_ms / 1000
            while time.perf_counter() < until:
                pass
            await asyncio.sleep(0)

    async def worker() -> None:
        for row_id in queue:
            started = time.perf_counter()
            claimed = await runner(sender._claim_with_target, (row_id,))
            latencies.append((time.perf_counter() - started) * 1000)
            assert claimed is not None
            await asyncio.sleep(0.003)  # the request
            await runner(sender._mark_sent, (row_id, row_id, claimed[0].relay_info()))

    hog = asyncio.create_task(busy()) if busy_ms > 0 else None
    cpu = time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    cpu = time.process_time() - cpu
    stop.set()
    if hog is not None:
        await hog
    return latencies, cpu * 1000 / len(ids)


async def _main(rows: int, concurrency: int, busy_ms: float) -> None:
    server, db, ids, sender = _setup(rows * 3)
    own = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox")

    async def to_thread(step: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        return await asyncio.to_thread(step, *args)

    async def one_thread(step: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        return await asyncio.get_running_loop().run_in_executor(own, step, *args)

    async def inline(step: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        return step(*args)

    runners = {"asyncio.to_thread": to_thread, "one own thread": one_thread, "inline": inline}
    try:
        print(f"{'steps run':<20} {'claim p50 ms':>13} {'claim p99 ms':>13} {'CPU ms/row':>11}")
        for index, (name, runner) in enumerate(runners.items()):
            chunk = ids[index * rows : (index + 1) * rows]
            latencies, cpu = await _run(sender, chunk, runner, concurrency, busy_ms)
            latencies.sort()
            p50 = statistics.median(latencies)
            p99 = latencies[int(len(latencies) * 0.99) - 1]
            print(f"{name:<20} {p50:>13.2f} {p99:>13.2f} {cpu:>11.2f}")
    finally:
        own.shutdown()
        db.dispose()
        server.stop()


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=600, help="rows per variant")
    parser.add_argument("--concurrency", type=int, default=4, help="rows in flight at once")
    parser.add_argument("--busy-ms", type=float, default=1.0, help="the loop's busy slices")
    args = parser.parse_args()
    asyncio.run(_main(args.rows, args.concurrency, args.busy_ms))


if __name__ == "__main__":
    main()
