"""A worker killed right after storing updates, restarted: it answers at once (issue #15).

On PostgreSQL, the updates a killed worker had stored are claimed under its worker id. The
restarted worker holds the same id (``LIFELINKS_WORKER_ID``, by default ``<host>-<PORT>``),
so it takes them back at start instead of waiting out the 2-minute lease that protects
another live worker's claims. Nothing is shortened here: the real ``lifelinks run``, the
real lease; the answer must come well within it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.inbox import LEASE
from tests.proof.conftest import PROOF
from tests.proof.faults import BASELINES, Cell, Run, clean_run, report
from tests.support.postgres import PostgresServer, fresh_database

# Start-up of a fresh process (imports, getMe) on a loaded machine takes a few seconds;
# the old behaviour waited for the lease (120 s) and the next sweep (up to 30 s more).
WELL_UNDER_LEASE = LEASE.total_seconds() / 3
# Alex's second update (the first "Yes"): the kill strikes right after it is stored.
KILL_AT = "inbox.stored:2"


@pytest.mark.postgres
@pytest.mark.timeout(600)
@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_a_restarted_worker_answers_what_it_stored_before_the_kill_at_once(
    mode: str, postgres_server: PostgresServer, tmp_path: Path
) -> None:
    framework, full = "ptb", PROOF
    if (framework, full) not in BASELINES:
        reference = await clean_run(framework, f"sqlite:///{tmp_path}/clean.db", tmp_path, full)
        assert not reference.detail, reference.detail
    db = fresh_database(postgres_server)
    db.dispose()
    workdir = tmp_path / "cell"
    workdir.mkdir()
    # Alex, then Blake: the kill strikes with no other message on its way (Cell docs).
    cell = Cell(f"take back ({mode})", "kill", mode, failpoint=KILL_AT, one_after_the_other=True)
    run = Run(cell, framework, db.url, workdir, postgres_server, full)
    outcome = await run.run(BASELINES[framework, full])
    report(outcome)
    assert outcome.restarts == 1, "the failpoint never fired"
    counts = (outcome.lost, outcome.doubled, outcome.unexpected, outcome.limit_breaks)
    assert counts == (0, 0, 0, 0), "\n".join(outcome.detail)
    assert not run.problems, "\n".join(run.problems)
    # The slowest step is the one whose update was stored by the killed worker.
    assert outcome.slowest < WELL_UNDER_LEASE, f"{outcome.slowest:.1f} s: waited for the lease"
    logs = "".join(p.read_text() for p in sorted(workdir.glob("bot-*.log")))
    assert "in use by another running process" not in logs  # it kept its own id
