"""Scale-out: 1, 2 and 3 ``lifelinks run`` workers in webhook mode on one PostgreSQL.

Each run gets a fresh database on one throw-away PostgreSQL server, the Bot API stand-in
delivering webhooks (up to 40 at once) to one local port, and a small proxy spreading the
connections over the workers (``benchmarks/scale.py``). ``--users`` simulated people play
their scripts: of every 20, 15 strangers write once, 4 young people join by invite (a text,
two taps) and 1 joins and asks for support (six more steps and a card in the group).

Figures per worker count:

* **answered/s**: updates per second from the first update queued to the last message
  sent. Every answer goes through the one outbox sender, which keeps Telegram's limits
  (30 messages/s overall), so this is capped near 30 answers/s whatever the workers.
* **handled/s**: updates per second stored and handled in the opening burst (every
  stranger writes at once): the time the first half of all updates took to be handled
  (inbox ``received_at`` / ``handled_at``). This is the part that several workers share.
* the audit: updates lost or doubled, messages lost or doubled, rows not sent, limit
  breaks. Each must be 0. ``--kill`` kills one worker (SIGKILL, not the outbox sender)
  once a quarter of the updates were delivered.

    .venv/bin/python benchmarks/bench_scale.py [--users 1000] [--workers 1,2,3] [--kill]
        [--real-lease] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.scale import Result, clean, fresh_database, run_cluster


def figures(result: Result) -> dict[str, Any]:
    """One run as a JSON-able dict."""
    return {
        "workers": result.workers,
        "users": result.users,
        "updates": result.updates,
        "seconds": round(result.seconds, 1),
        "answered_per_s": round(result.updates_per_s, 1),
        "handled_per_s": round(result.handled_per_s, 1),
        "worker_cpu_ms_per_update": round(result.cpu_ms_per_update, 1),
        "killed": result.killed,
        "connections_per_worker": result.per_worker,
        "audit": result.audit,
        "clean": clean(result.audit) and not result.errors,
        "errors": result.errors[:5],
        "load_average": [round(x, 2) for x in result.load],
    }


def render(rows: list[dict[str, Any]]) -> str:
    """A small table."""
    lines = [
        f"scale-out: lifelinks run (ptb, webhook) on one PostgreSQL, {rows[0]['users']} users",
        "workers  updates  seconds  answered/s  handled/s  cpu ms/upd  killed   lost/doubled  "
        "load(1m)",
    ]
    for row in rows:
        audit = row["audit"]
        lost = audit["updates_lost"] + audit["messages_lost"] + audit["unanswered"]
        lost += audit["rows_not_sent"]
        doubled = audit["updates_doubled"] + audit["messages_doubled"]
        lines.append(
            f"{row['workers']:>7}  {row['updates']:>7}  {row['seconds']:>7}  "
            f"{row['answered_per_s']:>10}  {row['handled_per_s']:>9}  "
            f"{row['worker_cpu_ms_per_update']:>10}  "
            f"{row['killed'] or '-':<7}  {lost:>4}/{doubled:<7}  {row['load_average'][0]:>8}"
        )
    lines.append("audit: " + "; ".join(f"{k} {v}" for k, v in rows[-1]["audit"].items()))
    return "\n".join(lines)


async def benchmark(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Run each worker count on a fresh database."""
    from storage import crypto
    from tests.support.postgres import start_postgres

    key = crypto.generate_key()
    server = await asyncio.to_thread(start_postgres)
    rows: list[dict[str, Any]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="lifelinks-scale-") as tmp:
            for n, workers in enumerate(args.workers):
                db_url = await asyncio.to_thread(fresh_database, server.url(), f"scale{n}")
                kill = 0.25 if args.kill and workers > 1 else None
                result = await run_cluster(
                    workers,
                    args.users,
                    db_url,
                    key,
                    Path(tmp),
                    kill_after=kill,
                    fast_lease=not args.real_lease,
                )
                rows.append(figures(result))
                if not args.json:
                    print(render(rows[-1:]).splitlines()[-2], flush=True)
    finally:
        await asyncio.to_thread(server.stop)
    return rows


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument(
        "--workers", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2, 3]
    )
    parser.add_argument("--kill", action="store_true", help="SIGKILL one worker mid-run")
    parser.add_argument(
        "--real-lease",
        action="store_true",
        help="after --kill, wait for the real 2-minute inbox lease (default: fast-forward it)",
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--check", action="store_true", help="accepted for run_all (a dirty run always exits 1)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run and print; exit 1 if any run lost or doubled anything."""
    args = parse_args(argv)
    rows = asyncio.run(benchmark(args))
    print(json.dumps(rows, indent=2) if args.json else render(rows))
    return 0 if all(row["clean"] for row in rows) else 1


if __name__ == "__main__":
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.exit(main())
