"""Run every ``benchmarks/bench_*.py`` in turn and print their figures (``make bench``).

Each benchmark runs as its own process (a fresh interpreter, nothing shared), with a time limit.
``--json`` collects every benchmark's JSON into one document; ``--check`` is passed on, so a
benchmark below its target exits non-zero and so does this script.

    .venv/bin/python benchmarks/run_all.py [--json] [--check] [--only NAME] [--timeout 600]

Optional, not run by default: ``--only scale`` (``bench_scale.py``, several workers on
PostgreSQL, some minutes), and the soak, ``benchmarks/soak.py`` (10 minutes by default).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


# Heavy and long: run only when named with --only (e.g. --only scale).
OPTIONAL = frozenset({"bench_scale"})


def discover(only: list[str] | None = None) -> list[Path]:
    """The benchmark scripts, by name; ``only`` keeps those whose name contains one of them.

    The :data:`OPTIONAL` ones run only when ``only`` names them.
    """
    scripts = sorted(HERE.glob("bench_*.py"))
    if only:
        return [s for s in scripts if any(word in s.stem for word in only)]
    return [s for s in scripts if s.stem not in OPTIONAL]


def run_one(script: Path, flags: list[str], timeout: float, capture: bool) -> dict[str, Any]:
    """Run one benchmark; its output goes straight to ours unless ``capture``."""
    began = time.monotonic()
    try:
        completed = subprocess.run(
            [sys.executable, str(script), *flags],
            cwd=HERE.parent,
            stdout=subprocess.PIPE if capture else None,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"returncode": None, "error": f"timed out after {timeout:.0f} s"}
    outcome: dict[str, Any] = {
        "returncode": completed.returncode,
        "seconds": round(time.monotonic() - began, 1),
    }
    if capture:
        try:
            outcome["result"] = json.loads(completed.stdout)
        except json.JSONDecodeError:
            outcome["error"] = "no JSON on stdout"
            outcome["stdout"] = completed.stdout[-2000:]
    return outcome


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; exit 1 if any failed (or, with --check, missed its target)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="one JSON document with every result")
    parser.add_argument("--check", action="store_true", help="fail when a target is missed")
    parser.add_argument("--only", action="append", metavar="NAME", help="run only these")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per benchmark")
    args = parser.parse_args(argv)

    scripts = discover(args.only)
    if not scripts:
        print("no benchmarks matched", file=sys.stderr)
        return 1
    flags = ["--json"] if args.json else []
    if args.check:
        flags.append("--check")
    outcomes: dict[str, dict[str, Any]] = {}
    for script in scripts:
        if not args.json:
            print(f"=== {script.stem} ===", flush=True)
        outcome = run_one(script, flags, args.timeout, capture=args.json)
        outcomes[script.stem] = outcome
        if not args.json:
            if "error" in outcome:
                print(f"  {script.stem}: {outcome['error']}")
            print(flush=True)

    failed = [name for name, o in outcomes.items() if o["returncode"] != 0 or "error" in o]
    if args.json:
        print(json.dumps({"benchmarks": outcomes, "failed": failed}, indent=2))
    else:
        print("=== summary ===")
        for name, outcome in outcomes.items():
            code = outcome["returncode"]
            state = "ok" if name not in failed else outcome.get("error", f"exit code {code}")
            print(f"  {name:<20} {state:<24} {outcome.get('seconds', '-')} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
