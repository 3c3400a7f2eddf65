"""Safety-net speed and accuracy: µs per message for detect(), and recall / false alarms.

Prints the average CPU time per message over every corpus in tests/data (best of five passes,
after one warm-up that compiles the tables), against the 50 µs target, and each corpus's
recall and false-alarm rate (the held-out corpus is the one the rules were not tuned on).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dialogs.safety.matcher import detect  # noqa: E402

TARGET_US = 50.0


def load(path: Path) -> list[tuple[bool, str]]:
    """(is positive, message) for each corpus line."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, _category, message = line.split("\t", 2)
        rows.append((label == "POS", message))
    return rows


def main() -> int:
    """Run the benchmark; exit 1 with --check when the speed target is missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 if slower than target")
    args = parser.parse_args()
    corpora = {p.name: load(p) for p in sorted((ROOT / "tests" / "data").glob("crisis_*.txt"))}
    messages = [m for rows in corpora.values() for _, m in rows]
    detect("warm up")
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        for message in messages:
            detect(message)
        best = min(best, (time.process_time() - start) / len(messages))
    micros = best * 1e6
    scores = {}
    for name, rows in corpora.items():
        pos = [m for p, m in rows if p]
        neg = [m for p, m in rows if not p]
        hits = sum(detect(m) is not None for m in pos)
        alarms = sum(detect(m) is not None for m in neg)
        scores[name] = {"recall": hits / len(pos), "false_alarms": alarms / len(neg)}
    ok = micros <= TARGET_US
    if args.json:
        print(json.dumps({"us_per_message": micros, "target_us": TARGET_US, "corpora": scores}))
    else:
        print(
            f"bench_crisis: detect() {micros:.1f} µs per message over {len(messages)} "
            f"messages (target ≤ {TARGET_US:.0f} µs): {'PASS' if ok else 'FAIL'}"
        )
        for name, score in scores.items():
            print(
                f"  {name:28s} recall {score['recall']:6.1%}   "
                f"false alarms {score['false_alarms']:5.1%}"
            )
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
