"""Safety net: recall, false alarms and speed on every corpus, and leave-one-corpus-out.

For each corpus in ``tests/data/safety`` (and the older ones in ``tests/data``) and each
category it prints recall (the share of crisis messages that got any safety response: an
URGENT alert or a check-in), how many of those were URGENT, and false alarms (the share
of hard negatives that got any response). Speed is CPU time per message for ``assess``
(p50 and p99, one core). Sealed corpora are scored here and only here: figures, never
messages.

Leave-one-corpus-out: each new open corpus is scored by a model trained without it
(needs scikit-learn), which is what the model would do on a corpus it never saw.

Targets (issue 13): on every sealed corpus, in every category, recall >= 0.97 with false
alarms <= 0.03; p99 <= 2 ms per message.

    .venv/bin/python benchmarks/bench_crisis.py [--json] [--check] [--no-loco]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dialogs.safety.corpus import Corpus, open_corpora, sealed_corpora  # noqa: E402
from dialogs.safety.detector import Detector  # noqa: E402
from dialogs.safety.training import rulebook_corpus  # noqa: E402
from dialogs.safety.verdict import CrisisCategory, SafetyVerdict  # noqa: E402

TARGET_RECALL = 0.97
TARGET_FALSE_ALARMS = 0.03
TARGET_P99_MS = 2.0
CATEGORIES = [c.value for c in CrisisCategory]

Assess = Callable[[str], SafetyVerdict | None]


def score(corpus: Corpus, assess: Assess) -> dict[str, Any]:
    """Recall per category and false alarms for one corpus (figures only)."""
    per: dict[str, list[int]] = {}  # category -> [n, caught, urgent, right category]
    negatives = alarms = urgent_alarms = 0
    for sample in corpus.samples:
        verdict = assess(sample.text)
        if not sample.positive:
            negatives += 1
            alarms += verdict is not None
            urgent_alarms += verdict is not None and verdict.high
            continue
        row = per.setdefault(
            sample.label if len(sample.choices) == 1 else "/".join(sample.choices), [0, 0, 0, 0]
        )
        row[0] += 1
        if verdict is not None:
            row[1] += 1
            row[2] += verdict.high
            row[3] += verdict.category is not None and verdict.category.value in sample.choices
    positives = sum(r[0] for r in per.values())
    caught = sum(r[1] for r in per.values())
    return {
        "corpus": corpus.name,
        "sealed": corpus.sealed,
        "positives": positives,
        "negatives": negatives,
        "recall": _ratio(caught, positives),
        "urgent": _ratio(sum(r[2] for r in per.values()), positives),
        "category_right": _ratio(sum(r[3] for r in per.values()), positives),
        "false_alarms": _ratio(alarms, negatives),
        "false_urgent": _ratio(urgent_alarms, negatives),
        "categories": {
            name: {"n": r[0], "recall": _ratio(r[1], r[0]), "urgent": _ratio(r[2], r[0])}
            for name, r in sorted(per.items())
        },
    }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


def speed(corpora: Sequence[Corpus], assess: Assess) -> dict[str, float]:
    """CPU time per message (after a warm-up pass), p50 and p99 in milliseconds."""
    texts = [s.text for c in corpora for s in c.samples]
    for text in texts:
        assess(text)
    times: list[float] = []
    for _ in range(3):
        for text in texts:
            began = time.process_time_ns()
            assess(text)
            times.append((time.process_time_ns() - began) / 1e6)
    times.sort()
    return {
        "messages": len(texts),
        "p50_ms": round(statistics.median(times), 3),
        "p99_ms": round(times[int(0.99 * (len(times) - 1))], 3),
        "max_ms": round(times[-1], 3),
    }


def leave_one_out(corpora: Sequence[Corpus]) -> list[dict[str, Any]]:
    """Each new open corpus scored by a model trained on all the others."""
    from dialogs.safety.model import Model
    from dialogs.safety.training import fit

    shipped = Detector()
    out = []
    for held in corpora:
        if held.legacy:
            continue
        model = Model(fit([s for c in corpora if c is not held for s in c.samples]))
        model.thresholds = dict(shipped.model.thresholds) if shipped.model else {}
        out.append(score(held, Detector(model=model).assess))
    return out


def _line(row: dict[str, Any]) -> str:
    cats = "  ".join(f"{name[:11]:>11} {v['recall']:.2f}" for name, v in row["categories"].items())
    head = (
        f"{row['corpus']:<22}{'sealed' if row['sealed'] else '':>7} "
        f"{row['positives']:>4}/{row['negatives']:<4} recall {row['recall']:.3f} "
        f"(urgent {row['urgent']:.2f}, category {row['category_right']:.2f})  "
        f"false alarms {row['false_alarms']:.3f} (urgent {row['false_urgent']:.3f})"
    )
    return head + (f"\n{'':>29}{cats}" if cats else "")


def verdicts(rows: Sequence[dict[str, Any]]) -> list[str]:
    """Targets missed on the sealed corpora (an empty list is a pass)."""
    missed = []
    for row in rows:
        if not row["sealed"]:
            continue
        if row["false_alarms"] > TARGET_FALSE_ALARMS:
            missed.append(f"{row['corpus']}: false alarms {row['false_alarms']}")
        for name, v in row["categories"].items():
            if v["recall"] < TARGET_RECALL:
                missed.append(f"{row['corpus']}/{name}: recall {v['recall']}")
    return missed


def main() -> int:
    """Run the benchmark; with --check exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--no-loco", action="store_true", help="skip leave-one-corpus-out")
    parser.add_argument(
        "--no-sealed", action="store_true", help="leave the sealed corpora out (while tuning)"
    )
    args = parser.parse_args()
    detector = Detector()
    rules_only = Detector(use_model=False)
    corpora = [*open_corpora(), *([] if args.no_sealed else sealed_corpora())]
    rows = [score(c, detector.assess) for c in corpora]
    rule_rows = [score(c, rules_only.assess) for c in corpora]
    timing = speed(corpora, detector.assess)
    loco: list[dict[str, Any]] = []
    if not args.no_loco:
        try:
            loco = leave_one_out([*open_corpora(), rulebook_corpus()])
        except ImportError:
            print("(leave-one-corpus-out skipped: scikit-learn is not installed)")
    missed = verdicts(rows)
    if timing["p99_ms"] > TARGET_P99_MS:
        missed.append(f"p99 {timing['p99_ms']} ms")
    result = {
        "thresholds": {"high": detector.high, "unsure": detector.unsure},
        "corpora": rows,
        "rules_only": rule_rows,
        "leave_one_corpus_out": loco,
        "speed": timing,
        "targets_missed": missed,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"safety net: rules + model (thresholds: check-in >= {detector.unsure}, "
            f"urgent >= {detector.high})"
        )
        for row in rows:
            print(_line(row))
        print("\nrules alone:")
        for row in rule_rows:
            print(_line(row))
        if loco:
            print("\nleave-one-corpus-out (model trained without the corpus it is scored on):")
            for row in loco:
                print(_line(row))
        print(
            f"\nspeed over {timing['messages']} messages x3: p50 {timing['p50_ms']} ms, "
            f"p99 {timing['p99_ms']} ms (target <= {TARGET_P99_MS}), max {timing['max_ms']} ms"
        )
        verdict = "PASS" if not missed else "MISSED"
        if not any(row["sealed"] for row in rows):
            verdict = "not checked (no sealed corpus scored)"
        print("targets (sealed corpora, every category):", verdict)
        for item in missed:
            print("  -", item)
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
