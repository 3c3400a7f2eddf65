"""Outcome report at scale: 10,000 cases of one service, in at most 5 seconds.

For each backend (SQLite in WAL mode on a temporary file; PostgreSQL on a throw-away local
server started like the tests do) one database is migrated and seeded with ``--cases``
joined cases over a year (bulk Core inserts): each with 8 people added in its first weeks,
two later changes (a lead found, a closeness change), one person removed, a plan with three
reviews, two support requests and a safety alert every tenth case, and consent given (and
taken back every twentieth case). Another service holds a tenth as many cases, which the
report must not read.

Each timed run builds the whole report for the year, as ``lifelinks report`` and ``/report``
do: every figure (``storage.report.gather``), ``cases.csv``, ``summary.csv`` and the PNG
chart. One untimed warm-up comes first; the table shows the median of ``--repeats`` runs.

Target: ≤ 5 s on each backend.

    .venv/bin/python benchmarks/bench_report.py [--backend sqlite|postgres|both]
        [--cases 10000] [--repeats 3] [--json] [--check]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select, text

from dialogs.staff.report import build
from storage import crypto
from storage.bulk import table_of
from storage.db import Database
from storage.migrate import upgrade
from storage.models import (
    CaseStatus,
    ConsentEvent,
    PersonEvent,
    Plan,
    PlanReview,
    Service,
    SupportRequest,
    YoungPerson,
)
from storage.report import Period

TARGET_SECONDS = 5.0
CHUNK = 5_000
YEAR = Period.of_days(date(2026, 1, 1), date(2026, 12, 31))
NOW = datetime(2027, 1, 5, 12, 0, tzinfo=UTC)
PEOPLE = (
    ("mum", "family", 1, "in_touch"),
    ("nan", "family", 2, "in_touch"),
    ("friend", "friends", 1, "in_touch"),
    ("friend", "friends", 3, "lost_touch"),
    ("social_worker", "professionals", 1, "in_touch"),
    ("foster_carer", "carers", 2, "in_touch"),
    ("cousin", "family", 3, "would_like_to_find"),
    ("coach", "community", 2, "in_touch"),
)


def _chunks(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [rows[i : i + CHUNK] for i in range(0, len(rows), CHUNK)]


def seed_service(conn: Any, slug: str, cases: int) -> None:
    """One service with ``cases`` joined cases and their history (see the docstring)."""
    start = datetime(2025, 12, 1, tzinfo=UTC)
    service_id = conn.execute(
        insert(table_of(Service)).returning(table_of(Service).c.id),
        {"slug": slug, "name": slug.title(), "created_at": start},
    ).scalar_one()
    joined = [start + timedelta(minutes=52 * i % (365 * 24 * 60)) for i in range(cases)]
    for part in _chunks(
        [
            {
                "service_id": service_id,
                "reference": f"{slug[:2].upper()}-{i:07d}",
                "status": CaseStatus.ACTIVE.value,
                "unreachable": False,
                "created_at": joined[i] - timedelta(days=3),
                "joined_at": joined[i],
                "last_active_at": joined[i] + timedelta(days=30),
            }
            for i in range(cases)
        ]
    ):
        conn.execute(insert(table_of(YoungPerson)), part)
    case_ids = list(
        conn.execute(
            select(table_of(YoungPerson).c.id)
            .where(table_of(YoungPerson).c.service_id == service_id)
            .order_by(table_of(YoungPerson).c.id)
        ).scalars()
    )
    events: list[dict[str, Any]] = []
    plans: list[dict[str, Any]] = []
    requests: list[dict[str, Any]] = []
    consents: list[dict[str, Any]] = []
    person_id = 0
    for i, case_id in enumerate(case_ids):
        base = {"service_id": service_id, "young_person_id": case_id, "backfilled": False}
        for n, (relationship, circle, closeness, contact) in enumerate(PEOPLE):
            person_id += 1
            state = {"relationship": relationship, "circle": circle, "closeness": closeness}
            at = joined[i] + timedelta(days=n * 2, hours=1)
            person = {**base, **state, "person_id": person_id}
            events.append({**person, "kind": "added", "contact": contact, "created_at": at})
            if relationship == "cousin":
                found = at + timedelta(days=40)
                events.append(
                    {**person, "kind": "found", "contact": "in_touch", "created_at": found}
                )
            if n == 3:
                gone = at + timedelta(days=60)
                events.append({**person, "kind": "removed", "contact": contact, "created_at": gone})
        plans.append(
            {
                "service_id": service_id,
                "young_person_id": case_id,
                "review_every_days": 90,
                "nudges_sent": 0,
                "created_at": joined[i] + timedelta(days=20),
                "updated_at": joined[i] + timedelta(days=20),
            }
        )
        for k in range(2):
            sent = joined[i] + timedelta(days=10 + 30 * k, hours=3)
            requests.append(
                {
                    "service_id": service_id,
                    "young_person_id": case_id,
                    "reference": f"{slug[:1].upper()}{i:07d}{k}",
                    "category": ("money", "housing")[k],
                    "kind": "alert" if k == 1 and i % 10 == 0 else "request",
                    "crisis_category": "self_harm" if k == 1 and i % 10 == 0 else None,
                    "urgency": "week",
                    "status": "closed",
                    "media": "[]",
                    "share_text": False,
                    "created_at": sent,
                    "updated_at": sent,
                    "picked_up_at": sent + timedelta(hours=2 + i % 7),
                    "closed_at": sent + timedelta(days=2),
                    "escalate_at": sent + timedelta(hours=8),
                }
            )
        consent = {"service_id": service_id, "young_person_id": case_id, "text_version": "v1"}
        consents.append({**consent, "purpose": "share", "granted": True, "created_at": joined[i]})
        if i % 20 == 0:
            when = joined[i] + timedelta(days=50)
            consents.append({**consent, "purpose": "share", "granted": False, "created_at": when})
    for model, rows in (
        (PersonEvent, events),
        (Plan, plans),
        (SupportRequest, requests),
        (ConsentEvent, consents),
    ):
        for part in _chunks(rows):
            conn.execute(insert(table_of(model)), part)
    plan_rows = conn.execute(
        select(table_of(Plan).c.id, table_of(Plan).c.created_at).where(
            table_of(Plan).c.service_id == service_id
        )
    ).all()
    reviews = [
        {
            "service_id": service_id,
            "plan_id": plan_id,
            "answers": "{}",
            "wellbeing": 1 + (plan_id + k) % 5,
            "created_at": made + timedelta(days=85 + 100 * k),
        }
        for plan_id, made in plan_rows
        for k in range(3)
    ]
    for part in _chunks(reviews):
        conn.execute(insert(table_of(PlanReview)), part)


def seed(db: Database, cases: int) -> None:
    """The measured service and a smaller neighbour."""
    with db.engine.begin() as conn:
        seed_service(conn, "bench", cases)
        seed_service(conn, "other", max(1, cases // 10))


def time_report(db: Database, repeats: int) -> tuple[list[float], list[float], int]:
    """Wall and CPU seconds (this process) per full report build, after a warm-up, and
    the cases it covered. CPU time shows the work when other processes share the cores."""
    from storage.uow import unit_of_work

    runs: list[float] = []
    cpu: list[float] = []
    count = 0
    for attempt in range(repeats + 1):
        began, began_cpu = time.perf_counter(), time.process_time()
        with unit_of_work(db) as uow:
            service = uow.services.by_slug("bench")
            assert service is not None
            files = build(uow, service, YEAR, NOW)
        elapsed, used = time.perf_counter() - began, time.process_time() - began_cpu
        count = len(files.figures.cases)
        if attempt:
            runs.append(elapsed)
            cpu.append(used)
    return runs, cpu, count


def bench_backend(name: str, cases: int, repeats: int) -> dict[str, Any]:
    """Seed one backend and time the report there."""
    seeded = time.perf_counter()
    if name == "sqlite":
        root = Path(tempfile.mkdtemp(prefix="lifelinks-bench-report-"))
        db = Database(f"sqlite:///{root / 'report.db'}")
        try:
            upgrade(db)
            seed(db, cases)
            seed_seconds = time.perf_counter() - seeded
            runs, cpu, count = time_report(db, repeats)
        finally:
            db.dispose()
            shutil.rmtree(root, ignore_errors=True)
    else:
        from tests.support.postgres import start_postgres

        server = start_postgres()
        try:
            db = Database(server.url())
            upgrade(db)
            seed(db, cases)
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))  # as autovacuum would have
            seed_seconds = time.perf_counter() - seeded
            runs, cpu, count = time_report(db, repeats)
            db.dispose()
        finally:
            server.stop()
    seconds = statistics.median(runs)
    return {
        "backend": name,
        "cases": count,
        "seed_seconds": round(seed_seconds, 1),
        "runs": [round(r, 3) for r in runs],
        "seconds": round(seconds, 3),
        "cpu_seconds": round(statistics.median(cpu), 3),
        "target_seconds": TARGET_SECONDS,
        "ok": count == cases and seconds <= TARGET_SECONDS,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; with ``--check`` exit 1 when the target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--cases", type=int, default=10_000, help="cases in the service")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per backend")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args(argv)

    crypto.configure_keys(crypto.generate_key())
    names = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results: list[dict[str, Any]] = []
    errors: dict[str, str] = {}
    for name in names:
        try:
            results.append(bench_backend(name, args.cases, args.repeats))
        except Exception as exc:  # a backend that cannot run is reported, not hidden
            errors[name] = f"{type(exc).__name__}: {exc}"
    passed = not errors and all(r["ok"] for r in results)
    if args.json:
        print(json.dumps({"results": results, "errors": errors, "passed": passed}, indent=2))
    else:
        print(f"outcome report, {args.cases} cases, target <= {TARGET_SECONDS:.0f} s")
        for r in results:
            verdict = "ok" if r["ok"] else "MISSED"
            print(
                f"  {r['backend']:<9} {r['seconds']:>7.3f} s (median of {r['runs']}; "
                f"{r['cpu_seconds']:.3f} s CPU here)  {r['cases']} cases  "
                f"seeded in {r['seed_seconds']} s  {verdict}"
            )
        for name, error in errors.items():
            print(f"  {name:<9} failed: {error}")
        print(f"verdict: {'PASS' if passed else 'FAIL'}")
    return 1 if args.check and not passed else 0


if __name__ == "__main__":
    sys.exit(main())
