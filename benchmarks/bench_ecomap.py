"""Time to draw the ecomap PNG ("See my people") for 10, 50 and 200 people.

Each size: one untimed warm-up, then the median of ``--repeats`` timed runs of
``dialogs.pictures.render.render_ecomap`` (layout, drawing and PNG encoding, in this process).
The people are generated deterministically: realistic two-word names up to 20 characters,
spread over the five circles and "not sure", the three rings (and unknown closeness) and
every contact state.
The target is 50 people in under a second.

    .venv/bin/python benchmarks/bench_ecomap.py [--repeats 5] [--json] [--check]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dialogs.pictures.caption import describe
from dialogs.pictures.layout import layout
from dialogs.pictures.model import Circle, Contact, EcomapLabels, EcoPerson
from dialogs.pictures.picture import ecomap_labels
from dialogs.pictures.render import render_ecomap

SIZES = (10, 50, 200)
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


def benchmark(repeats: int) -> dict[str, Any]:
    """Every size, and the verdict for the target size."""
    import matplotlib

    rows = [time_render(count, repeats) for count in SIZES]
    target = next(row for row in rows if row["people"] == TARGET_PEOPLE)
    return {
        "benchmark": "ecomap",
        "repeats": repeats,
        "python": platform.python_version(),
        "matplotlib": matplotlib.__version__,
        "results": rows,
        "target_people": TARGET_PEOPLE,
        "target_seconds": TARGET_SECONDS,
        "passed": target["median_s"] < TARGET_SECONDS,
    }


def render(result: dict[str, Any]) -> str:
    """The human-readable table."""
    lines = [
        "bench_ecomap — render_ecomap (layout + draw + PNG) in this process",
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
    args = parser.parse_args(argv)
    result = benchmark(max(1, args.repeats))
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 1 if args.check and not result["passed"] else 0


if __name__ == "__main__":
    sys.exit(main())
