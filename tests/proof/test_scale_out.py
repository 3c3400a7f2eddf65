"""Scale-out: several ``lifelinks run`` workers on one PostgreSQL, one killed mid-run.

The workers run in webhook mode behind one local port (``benchmarks/scale.py``), the
stand-in delivering up to 40 webhooks at once. Every update must be handled once and every
answer reach its chat once (:func:`benchmarks.scale.audit_run`), although one worker is
killed with SIGKILL half-way through.

``make test``: 2 workers, 150 users; the killed worker's claims are fast-forwarded past
the inbox lease so another worker takes them over within the inbox sweep (30 s).
``make proof``: 3 workers, 10,000 users, and the real two-minute lease.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.scale import clean, fresh_database, run_cluster
from tests.conftest import TEST_KEY
from tests.proof.conftest import PROOF
from tests.support.postgres import PostgresServer

pytestmark = [pytest.mark.postgres]


async def _prove(
    server: PostgresServer, tmp_path: Path, name: str, workers: int, users: int, fast: bool
) -> None:
    db_url = fresh_database(server.url(), name)
    result = await run_cluster(
        workers, users, db_url, TEST_KEY, tmp_path, kill_after=0.25, fast_lease=fast
    )
    print(  # the figures, for pytest -s
        f"\nscale-out {workers} workers, {users} users: {result.updates} updates in "
        f"{result.seconds:.1f}s ({result.updates_per_s:.1f}/s answered, "
        f"{result.handled_per_s:.1f}/s handled), killed {result.killed}, "
        f"connections {result.per_worker}, audit {result.audit}"
    )
    assert result.killed is not None
    assert not result.errors, result.errors[:5]
    assert result.audit["updates"] == result.updates
    assert clean(result.audit), result.audit


@pytest.mark.skipif(PROOF, reason="make proof runs the full scale-out instead")
@pytest.mark.timeout(180)
async def test_two_workers_one_killed_lose_and_double_nothing(
    postgres_server: PostgresServer, tmp_path: Path
) -> None:
    await _prove(postgres_server, tmp_path, "scale_quick", 2, 150, fast=True)


@pytest.mark.proof
@pytest.mark.timeout(3600)
async def test_three_workers_ten_thousand_users_one_killed(
    postgres_server: PostgresServer, tmp_path: Path
) -> None:
    await _prove(postgres_server, tmp_path, "scale_full", 3, 10_000, fast=False)
