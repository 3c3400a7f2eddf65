"""Review sweep at scale: 100,000 cases, of which 10,000 (then 1,000) are due for a nudge.

For each backend (SQLite in WAL mode on a temporary file; PostgreSQL on a throw-away local
server started like the tests do) one template database is migrated and seeded with
``--cases`` active cases in one service, each with a plan (bulk Core inserts; every name is
the same pre-encrypted value, so seeding does not spend its time in Fernet). Each plan's
``next_review_at`` is a distinct 100 ms step in a random order, so choosing the clock decides
how many plans are due, scattered over the whole id range: 10,000 or 1,000.

Each run copies the template into a fresh database (SQLite: a file copy; PostgreSQL:
``CREATE DATABASE … TEMPLATE``), then times one ``review_due_sweep`` (wall clock: select the
due plans with their cases, make one button token per nudge (its three buttons share it),
queue the outbox rows, update the plans, commit) and checks that it queued one nudge per due
plan and that a second sweep queues nothing. One untimed warm-up sweep per backend comes
first (a long-running scheduler has its statements compiled already). The table shows the
median of ``--repeats`` runs.

Targets: 10,000 due in ≤ 1 s on each backend, and 1,000 due in ≤ 1/5 of that time (the
sweep's cost follows the due plans, not the cases). Under the table, the database's own plan
for the selection query at each size shows whether it starts from the index on
``plan.next_review_at`` and whether it reads the whole ``young_person`` table (PostgreSQL's
planner may prefer a hash join over a sequential scan of the cases when a large share of
them is due; that is reported, not failed: the timing targets are the verdict).

    .venv/bin/python benchmarks/bench_sweep.py [--backend sqlite|postgres|both]
        [--cases 100000] [--repeats 3] [--json] [--check]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import bindparam, event, func, insert, select, text
from sqlalchemy.types import Text

from dialogs.core.clock import FakeClock
from scheduler.sweeps import SWEEP_BATCH, review_due_sweep
from storage import crypto
from storage.bulk import table_of
from storage.db import Database
from storage.migrate import upgrade
from storage.models import CaseStatus, OutboxMessage, Plan, Service, YoungPerson

DUE_SIZES = (10_000, 1_000)
TARGET_SECONDS = 1.0
TARGET_RATIO = 0.2
# Review times: START + rank × STEP, rank a random permutation of the plans. Noon GMT on a
# Tuesday in December is far from the quiet hours (21:00-09:00) for every due size.
START = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)
STEP = timedelta(milliseconds=100)
FIRST_CHAT = 10_000_001
INSERT_CHUNK = 10_000
# The due-date indexes: the partial one of open plans, or the plain one.
INDEX_NAMES = ("ix_plan_due_open", "ix_plan_next_review_at")


def clock_for(due: int) -> FakeClock:
    """A clock at which exactly ``due`` plans (ranks 0 … due-1) are due."""
    return FakeClock(START + due * STEP - STEP / 2)


# ---------------------------------------------------------------------------- seeding
def seed(db: Database, cases: int) -> None:
    """One service, ``cases`` active cases with plans; none due before ``START``."""
    now = START - timedelta(days=120)
    encrypted_name = crypto.encrypt("Alex")  # one Fernet token, reused by every case
    ranks = list(range(cases))
    random.Random(20261201).shuffle(ranks)
    yp_insert = insert(table_of(YoungPerson)).values(
        # A plain-text parameter: the value is stored as given (already encrypted).
        first_name=bindparam("first_name_raw", type_=Text())
    )
    with db.engine.begin() as conn:
        service_id = conn.execute(
            insert(table_of(Service)).returning(table_of(Service).c.id),
            {
                "slug": "bench",
                "name": "Bench",
                "review_every_days": 90,
                "min_age": 16,
                "quiet_start_hour": 21,
                "quiet_end_hour": 9,
                "created_at": now,
            },
        ).scalar_one()
        for first in range(0, cases, INSERT_CHUNK):
            conn.execute(
                yp_insert,
                [
                    {
                        "service_id": service_id,
                        "reference": f"BNCH-{i:07d}",
                        "first_name_raw": encrypted_name,
                        "date_of_birth": date(2008, 5, 1),
                        "telegram_user_id": FIRST_CHAT + i,
                        "status": CaseStatus.ACTIVE,
                        "coordinator_id": None,
                        "unreachable": False,
                        "created_at": now,
                        "joined_at": now,
                        "last_active_at": None,
                        "final_people_count": None,
                        "final_close_count": None,
                        "left_at": None,
                    }
                    for i in range(first, min(first + INSERT_CHUNK, cases))
                ],
            )
        case_ids = list(
            conn.execute(
                select(table_of(YoungPerson).c.id).order_by(table_of(YoungPerson).c.id)
            ).scalars()
        )
        for first in range(0, cases, INSERT_CHUNK):
            conn.execute(
                insert(table_of(Plan)),
                [
                    {
                        "service_id": service_id,
                        "young_person_id": case_ids[i],
                        "lead_person_id": None,
                        "review_every_days": 90,
                        "next_review_at": START + ranks[i] * STEP,
                        "nudges_sent": 0,
                        "last_nudged_at": None,
                        "overdue_since": None,
                        "review_draft": None,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for i in range(first, min(first + INSERT_CHUNK, cases))
                ],
            )


# ---------------------------------------------------------------------------- backends
class Backend:
    """Makes fresh copies of a seeded template database."""

    name = "?"

    def prepare(self, cases: int) -> None:
        """Create, migrate and seed the template."""
        raise NotImplementedError

    @contextmanager
    def fresh(self) -> Iterator[Database]:
        """A new database copied from the template, dropped afterwards."""
        raise NotImplementedError
        yield

    def close(self) -> None:
        """Remove everything this backend made."""


class SqliteBackend(Backend):
    """SQLite files in a temporary directory (WAL, as in production)."""

    name = "sqlite"

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="lifelinks-bench-sweep-"))
        self.template = self.root / "template.db"
        self.copies = 0

    def prepare(self, cases: int) -> None:
        db = Database(f"sqlite:///{self.template}")
        upgrade(db)
        seed(db, cases)
        db.dispose()  # the last connection closing checkpoints the WAL into the file

    @contextmanager
    def fresh(self) -> Iterator[Database]:
        self.copies += 1
        path = self.root / f"copy{self.copies}.db"
        shutil.copyfile(self.template, path)
        db = Database(f"sqlite:///{path}")
        try:
            yield db
        finally:
            db.dispose()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class PostgresBackend(Backend):
    """A throw-away local server (``tests.support.postgres``); copies via TEMPLATE."""

    name = "postgres"

    def __init__(self) -> None:
        from tests.support.postgres import start_postgres

        self.server = start_postgres()
        self.admin = Database(self.server.url())
        self.copies = 0

    def _admin(self, sql: str) -> None:
        with self.admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(sql))

    def prepare(self, cases: int) -> None:
        self._admin("CREATE DATABASE bench_template")
        db = Database(self.server.url("bench_template"))
        upgrade(db)
        seed(db, cases)
        # Autovacuum would have analysed a table this size in production.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        db.dispose()

    @contextmanager
    def fresh(self) -> Iterator[Database]:
        self.copies += 1
        name = f"bench_copy{self.copies}"
        self._admin(f"CREATE DATABASE {name} TEMPLATE bench_template")
        db = Database(self.server.url(name))
        try:
            yield db
        finally:
            db.dispose()
            self._admin(f"DROP DATABASE {name}")

    def close(self) -> None:
        self.admin.dispose()
        self.server.stop()


# ---------------------------------------------------------------------------- measuring
@dataclass
class Measure:
    """The runs of one backend at one due size."""

    backend: str
    cases: int
    due: int
    seconds: list[float] = field(default_factory=list)
    queued: list[int] = field(default_factory=list)
    outbox_rows: list[int] = field(default_factory=list)
    second_run: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        """Median wall-clock seconds of the sweep."""
        return float(statistics.median(self.seconds))

    @property
    def correct(self) -> bool:
        """Every run queued one row per due plan, and a second sweep queued nothing."""
        return (
            all(q == self.due for q in self.queued)
            and all(n == self.due for n in self.outbox_rows)
            and all(s == 0 for s in self.second_run)
        )

    @property
    def ok(self) -> bool:
        """Correct and within the time target."""
        return self.correct and self.median <= TARGET_SECONDS


@contextmanager
def capture_selection(db: Database) -> Iterator[list[tuple[str, Any]]]:
    """Collect the (SQL, parameters) of the sweep's joined selection as it runs."""
    seen: list[tuple[str, Any]] = []

    def before(_conn: Any, _cursor: Any, statement: str, params: Any, *_rest: Any) -> None:
        head = statement.lstrip()[:6].upper()
        if head == "SELECT" and "young_person" in statement and "next_review_at" in statement:
            seen.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def explain(db: Database, statement: str, params: Any) -> list[str]:
    """The database's plan for a captured statement (not executed)."""
    prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(prefix + statement, params)
        rows = cursor.fetchall()
        cursor.close()
    finally:
        raw.close()
    if db.engine.dialect.name == "sqlite":
        return [str(row[-1]) for row in rows]
    return [str(row[0]) for row in rows]


def one_run(backend: Backend, due: int, measure: Measure | None) -> list[str]:
    """Sweep a fresh copy with ``due`` plans due; record it unless ``measure`` is None."""
    clock = clock_for(due)
    with backend.fresh() as db, capture_selection(db) as seen:
        began = time.perf_counter()
        queued = review_due_sweep(db, clock)
        elapsed = time.perf_counter() - began
        again = review_due_sweep(db, clock)
        with db.engine.connect() as conn:
            rows = conn.execute(select(func.count()).select_from(table_of(OutboxMessage)))
            outbox_rows = int(rows.scalar_one())
        plan = explain(db, *seen[0]) if seen else ["(selection not captured)"]
    if measure is not None:
        measure.seconds.append(elapsed)
        measure.queued.append(queued)
        measure.second_run.append(again)
        measure.outbox_rows.append(outbox_rows)
    return plan


def bench_backend(backend: Backend, cases: int, repeats: int) -> dict[str, Any]:
    """Seed, warm up and measure one backend at every due size."""
    began = time.perf_counter()
    backend.prepare(cases)
    seeded = time.perf_counter() - began
    one_run(backend, 100, None)  # warm-up: imports, compiled statements, connections
    measures: list[Measure] = []
    plans: dict[int, list[str]] = {}
    for due in DUE_SIZES:
        measure = Measure(backend.name, cases, due)
        for repeat in range(repeats):
            lines = one_run(backend, due, measure)
            if repeat == 0:
                plans[due] = lines
        measures.append(measure)
    big, small = measures
    ratio = small.median / big.median if big.median > 0 else float("inf")
    return {
        "backend": backend.name,
        "seed_seconds": round(seeded, 2),
        "measures": measures,
        "ratio": ratio,
        "ratio_ok": ratio <= TARGET_RATIO,
        "uses_index": {
            due: any(name in line for name in INDEX_NAMES for line in plan)
            for due, plan in plans.items()
        },
        "scans_cases": {due: scans_every_case(plan) for due, plan in plans.items()},
        "plans": plans,
    }


def scans_every_case(plan: list[str]) -> bool:
    """Whether a query plan reads the whole ``young_person`` table."""
    return any(
        "Seq Scan on young_person" in line or line.strip().startswith("SCAN young_person")
        for line in plan
    )


# ---------------------------------------------------------------------------- output
def verdict(ok: bool) -> str:
    """PASS or FAIL."""
    return "PASS" if ok else "FAIL"


def to_json(results: list[dict[str, Any]], errors: dict[str, str], passed: bool) -> str:
    """Everything measured, as one JSON document."""
    out: list[dict[str, Any]] = []
    for result in results:
        out.append(
            {
                "backend": result["backend"],
                "seed_seconds": result["seed_seconds"],
                "runs": [
                    {
                        "cases": m.cases,
                        "due": m.due,
                        "median_seconds": round(m.median, 4),
                        "seconds": [round(s, 4) for s in m.seconds],
                        "queued": m.queued,
                        "outbox_rows": m.outbox_rows,
                        "second_run_queued": m.second_run,
                        "correct": m.correct,
                        "target_seconds": TARGET_SECONDS,
                        "pass": m.ok,
                    }
                    for m in result["measures"]
                ],
                "ratio_1k_10k": round(result["ratio"], 4),
                "target_ratio": TARGET_RATIO,
                "ratio_pass": result["ratio_ok"],
                "selection_uses_due_index": {str(k): v for k, v in result["uses_index"].items()},
                "selection_scans_every_case": {str(k): v for k, v in result["scans_cases"].items()},
                "selection_plans": {str(k): v for k, v in result["plans"].items()},
            }
        )
    document = {
        "benchmark": "sweep",
        "sweep_batch": SWEEP_BATCH,
        "results": out,
        "errors": errors,
        "pass": passed,
    }
    return json.dumps(document, indent=2)


def to_table(results: list[dict[str, Any]], errors: dict[str, str], passed: bool) -> str:
    """A plain-text table of the medians and verdicts."""
    lines = [
        f"{'backend':<9} {'cases':>7} {'due':>6} {'seconds':>8} {'runs':<22} {'queued':>6} "
        f"{'2nd run':>7} {'ratio 1k/10k':>12}  verdict",
    ]
    for result in results:
        for m in result["measures"]:
            runs = "/".join(f"{s:.3f}" for s in m.seconds)
            ratio = f"{result['ratio']:.3f}" if m.due == DUE_SIZES[-1] else ""
            checks = [f"≤ {TARGET_SECONDS:g} s {verdict(m.ok)}"]
            if not m.correct:
                checks.append("WRONG COUNT")
            if m.due == DUE_SIZES[-1]:
                checks.append(f"ratio ≤ {TARGET_RATIO:g} {verdict(result['ratio_ok'])}")
            lines.append(
                f"{m.backend:<9} {m.cases:>7} {m.due:>6} {m.median:>8.3f} {runs:<22} "
                f"{min(m.queued):>6} {max(m.second_run):>7} {ratio:>12}  {', '.join(checks)}"
            )
    for name, error in errors.items():
        lines.append(f"{name:<9} FAIL: {error}")
    for result in results:
        lines.append(f"\n{result['backend']}: seeded in {result['seed_seconds']:.1f} s.")
        for due, plan in result["plans"].items():
            used = "yes" if result["uses_index"][due] else "NO"
            scans = "YES" if result["scans_cases"][due] else "no"
            lines.append(
                f"  selection plan with {due:,} due: uses a due-date index: {used}; "
                f"reads every case: {scans}"
            )
            lines += [f"    {line}" for line in plan]
    lines.append(f"\noverall: {verdict(passed)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; with ``--check`` exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--cases", type=int, default=100_000, help="cases (each with a plan)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per due size")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.cases < max(DUE_SIZES):
        parser.error(f"--cases must be at least {max(DUE_SIZES)}")

    crypto.configure_keys(crypto.generate_key())
    names = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results: list[dict[str, Any]] = []
    errors: dict[str, str] = {}
    for name in names:
        backend: Backend | None = None
        try:
            backend = SqliteBackend() if name == "sqlite" else PostgresBackend()
            results.append(bench_backend(backend, args.cases, args.repeats))
        except Exception as exc:  # a backend that cannot run is reported, not hidden
            errors[name] = f"{type(exc).__name__}: {exc}"
        finally:
            if backend is not None:
                backend.close()
    passed = not errors and all(r["ratio_ok"] and all(m.ok for m in r["measures"]) for r in results)
    print(to_json(results, errors, passed) if args.json else to_table(results, errors, passed))
    return 1 if args.check and not passed else 0


if __name__ == "__main__":
    sys.exit(main())
