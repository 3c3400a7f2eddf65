"""Time to draw the ecomap PNG ("See my people"), and what drawing does to the event loop.

**Render time.** Each size (10, 40, 50 and 120 people): one untimed warm-up, then the median
of ``--repeats`` timed runs of ``dialogs.pictures.render.render_ecomap`` (layout, drawing and
PNG encoding, in this process).
The people are generated deterministically: realistic two-word names up to 20 characters,
spread over the five circles and "not sure", the three rings (and unknown closeness) and
every contact state.
The target is 50 people in under a second.

**Event-loop stall.** A ticker on the event loop wakes every 2 ms and records how late it
woke, while ``--rate`` pictures a second (40 people) are drawn for ``--seconds``: on the loop
itself ("loop": how the update's transaction drew it before), in a worker thread ("thread") and
in a worker process ("process": :class:`dialogs.pictures.worker.ProcessRenderer`).  The worst
and the 99th-percentile lateness is how long another chat's update would have waited.

    .venv/bin/python benchmarks/bench_ecomap.py [--repeats 5] [--rate 5] [--seconds 3]
        [--modes loop,thread,process] [--json] [--check]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import random
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dialogs.pictures.caption import describe
from dialogs.pictures.layout import layout
from dialogs.pictures.model import Circle, Contact, EcomapLabels, EcoPerson
from dialogs.pictures.payload import encode
from dialogs.pictures.render import render_ecomap
from dialogs.pictures.worker import ProcessRenderer, Renderer, render_in_thread, render_payload
from dialogs.young.picture import ecomap_labels

SIZES = (10, 40, 50, 120)
STALL_PEOPLE = 40
TICK = 0.002  # seconds between two ticks of the loop's ticker
MODES = ("loop", "thread", "process")
TARGET_PEOPLE = 50
TARGET_SECONDS = 1.0
SEED = 2026

FIRST = (
    "Mum", "Dad", "Nan", "Grandad", "Aunt Sophie", "Uncle Kwame", "Jay", "Priya", "Tom",
    "Aisha", "Mohammed", "Chloe", "Oliver", "Amelia", "Leo", "Zara", "Kai", "Ruby", "Coach Dave",
    "Mrs Okonkwo", "Pastor John", "Ms Henderson",
)  # fmt: skip
LAST = (
    "Smith", "Jones", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson", "Thomas",
    "Roberts", "Johnson", "Patel", "Khan", "Nowak", "O'Connor",
)  # fmt: skip


def labels() -> EcomapLabels:
    """The product's own labels, from the text catalogue."""
    return ecomap_labels()


def people(count: int, seed: int = SEED) -> list[EcoPerson]:
    """``count`` made-up people, the same for the same arguments."""
    rng = random.Random(seed + count)
    circles: list[Circle | None] = [*Circle, None]
    contacts: list[Contact | None] = [*Contact, None]
    return [
        EcoPerson(
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)}"[:20],
            circle=rng.choice(circles),
            closeness=rng.choice([1, 2, 2, 3, 3, None]),
            contact=rng.choice(contacts),
        )
        for _ in range(count)
    ]


def time_render(count: int, repeats: int) -> dict[str, Any]:
    """Warm up once, then time ``repeats`` renders of ``count`` people."""
    crowd = people(count)
    words = labels()
    png = render_ecomap(crowd, words)  # warm-up: fonts, caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        render_ecomap(crowd, words)
        times.append(time.perf_counter() - start)
    nodes = layout(crowd, words)
    return {
        "people": count,
        "median_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
        "nodes": len(nodes),
        "grouped_nodes": sum(node.is_group for node in nodes),
        "png_bytes": len(png),
        "caption_chars": len(describe(crowd, words)),
    }


async def _on_loop(data: bytes) -> bytes:
    return render_payload(data)  # drawn right here, as the update's transaction used to


async def _stall(renderer: Renderer, rate: float, seconds: float) -> dict[str, Any]:
    """Draw ``rate`` pictures a second for ``seconds`` while a ticker measures the loop."""
    data = encode(people(STALL_PEOPLE), labels())
    await renderer(data)  # warm-up: a worker's imports and fonts are not what we measure
    lateness: list[float] = []
    stop = asyncio.Event()

    async def ticker() -> None:
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            due = loop.time() + TICK
            await asyncio.sleep(TICK)
            lateness.append(max(0.0, loop.time() - due))

    tick_task = asyncio.create_task(ticker())
    await asyncio.sleep(0.1)
    draws: list[asyncio.Task[bytes]] = []
    start = time.perf_counter()
    for i in range(round(rate * seconds)):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        draws.append(asyncio.create_task(renderer(data)))
        await asyncio.sleep(0)  # let "loop" mode start drawing, as an update's turn would
    await asyncio.gather(*draws)
    elapsed = time.perf_counter() - start
    stop.set()
    await tick_task
    ordered = sorted(lateness)
    return {
        "renders": len(draws),
        "elapsed_s": elapsed,
        "worst_stall_ms": 1000 * ordered[-1],
        "p99_stall_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
        "median_stall_ms": 1000 * statistics.median(ordered),
        "ticks": len(ordered),
    }


def stall(mode: str, rate: float, seconds: float) -> dict[str, Any]:
    """The loop's lateness while drawing in ``mode`` (loop, thread or process)."""
    pool = ProcessRenderer() if mode == "process" else None
    renderer: Renderer = pool if pool is not None else _on_loop
    if mode == "thread":
        renderer = render_in_thread
    try:
        return {"mode": mode, **asyncio.run(_stall(renderer, rate, seconds))}
    finally:
        if pool is not None:
            pool.close()


def load_average() -> float:
    """The 1-minute load average (0 where there is none)."""
    try:
        import os

        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return 0.0


def benchmark(
    repeats: int, rate: float = 5.0, seconds: float = 3.0, modes: Sequence[str] = MODES
) -> dict[str, Any]:
    """Every size, the loop's stall in each mode, and the verdict for the target size."""
    import matplotlib

    load_start = load_average()
    rows = [time_render(count, repeats) for count in SIZES]
    stalls = [stall(mode, rate, seconds) for mode in modes]
    target = next(row for row in rows if row["people"] == TARGET_PEOPLE)
    return {
        "benchmark": "ecomap",
        "repeats": repeats,
        "python": platform.python_version(),
        "matplotlib": matplotlib.__version__,
        "results": rows,
        "stall": stalls,
        "rate": rate,
        "seconds": seconds,
        "load": [load_start, load_average()],
        "target_people": TARGET_PEOPLE,
        "target_seconds": TARGET_SECONDS,
        "passed": target["median_s"] < TARGET_SECONDS,
    }


def render(result: dict[str, Any]) -> str:
    """The human-readable table."""
    lines = [
        "bench_ecomap — render_ecomap (layout + draw + PNG), and the event loop while drawing",
        f"  matplotlib {result['matplotlib']}, Python {result['python']}; "
        f"median of {result['repeats']} runs after one warm-up",
        "",
        f"  {'people':>6}{'median ms':>11}{'min ms':>9}{'max ms':>9}{'nodes':>7}{'groups':>8}"
        f"{'PNG KB':>8}{'caption':>9}",
    ]
    for row in result["results"]:
        lines.append(
            f"  {row['people']:>6}{1000 * row['median_s']:>11.0f}{1000 * row['min_s']:>9.0f}"
            f"{1000 * row['max_s']:>9.0f}{row['nodes']:>7}{row['grouped_nodes']:>8}"
            f"{row['png_bytes'] / 1024:>8.0f}{row['caption_chars']:>9}"
        )
    target = next(r for r in result["results"] if r["people"] == result["target_people"])
    verdict = "PASS" if result["passed"] else "FAIL"
    lines += [
        "",
        f"  event loop while drawing {result['rate']:g} pictures/s of {STALL_PEOPLE} people "
        f"for {result['seconds']:g} s (ticker every {1000 * TICK:.0f} ms):",
        f"  {'mode':>8}{'renders':>9}{'wall s':>8}{'worst ms':>10}{'p99 ms':>9}{'median ms':>11}",
    ]
    for row in result["stall"]:
        lines.append(
            f"  {row['mode']:>8}{row['renders']:>9}{row['elapsed_s']:>8.1f}"
            f"{row['worst_stall_ms']:>10.1f}{row['p99_stall_ms']:>9.1f}"
            f"{row['median_stall_ms']:>11.2f}"
        )
    lines += [
        "",
        f"  load average {result['load'][0]:.2f} → {result['load'][1]:.2f}",
        f"  {result['target_people']} people: {target['median_s']:.3f} s "
        f"(target < {result['target_seconds']:.1f} s) {verdict}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per size (median)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--check", action="store_true", help="exit 1 if 50 people take ≥ 1 s")
    parser.add_argument("--rate", type=float, default=5.0, help="pictures a second (stall)")
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to draw (stall)")
    parser.add_argument("--modes", default=",".join(MODES), help="loop, thread, process")
    args = parser.parse_args(argv)
    modes = [mode for mode in args.modes.split(",") if mode in MODES]
    result = benchmark(max(1, args.repeats), args.rate, args.seconds, modes)
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 1 if args.check and not result["passed"] else 0


if __name__ == "__main__":
    sys.exit(main())
