"""The fault matrix: the real ``lifelinks run`` against the Bot API stand-in, under faults.

Each cell starts a stand-in and ``lifelinks run`` on a fresh database, drives two young
people through a script (join, menus, free text, a support request, an alarming message),
injects its fault, restarts the bot if it was killed, and counts from what each chat
received, against the clean run: messages **lost**, messages **doubled**, messages
**unexpected**, and **limit breaks** (the stand-in's rate meter). Each must be 0.

``make test`` runs a quick sample on SQLite with python-telegram-bot; ``make proof``
(``LIFELINKS_PROOF=1``) runs every cell on both frameworks, on SQLite and PostgreSQL.
The table is printed at the end of the run (and per cell with ``-s``). See docs/proof.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.proof.conftest import PROOF
from tests.proof.faults import BASELINES, Cell, Run, clean_run, report
from tests.support.postgres import PostgresServer, fresh_database

# The documented at-most-once window (docs/inbox-outbox.md, "The window that remains"):
# Telegram has no idempotency key, so a message whose request may or may not have reached
# Telegram is never sent again. When it did not reach Telegram, it is lost.
AT_MOST_ONCE = (
    "at most once, by design: a request that may have reached Telegram is never resent, "
    "so when it did not, its one message is lost (and listed for the digest)"
)


class LostByDesign(AssertionError):
    """Exactly one message was lost, in the at-most-once window, and nothing else went wrong.

    The known cells expect this exception (``xfail(raises=LostByDesign)``): anything else
    (two messages lost, one doubled, a limit broken) fails them for real.
    """


CELLS = [
    Cell("none"),
    Cell("429 storm (retry_after)", "429"),
    Cell("5xx", "5xx"),
    Cell("slow responses", "slow"),
    Cell("hung response", "hung", at_step=4),
    Cell("reset, answer lost", "reset-answer"),
    Cell("reset, request lost", "reset-request", xfail=AT_MOST_ONCE),
    Cell("duplicate + out of order", "duplicates", at_step=0),
    # The kill cells walk Alex, then Blake (Cell.one_after_the_other), so the kill strikes
    # Alex's 6th update (or 8th message) with nothing else on its way.
    Cell("kill -9 stored", "kill", failpoint="inbox.stored:6", one_after_the_other=True),
    Cell("kill -9 handled", "kill", failpoint="update.handled:6", one_after_the_other=True),
    Cell("kill -9 committed", "kill", failpoint="update.committed:6", one_after_the_other=True),
    # The 33rd of about 36 rows: one of the last answers, so the loss stops no later step.
    # One chat after the other: side by side, another chat's message can be in flight at the
    # kill too, and each message in flight is in the window (docs/inbox-outbox.md, Crashes).
    Cell(
        "kill -9 sending",
        "kill",
        failpoint="outbox.sending:33",
        xfail=AT_MOST_ONCE,
        one_after_the_other=True,
    ),
    Cell("kill -9 sent", "kill", failpoint="outbox.sent:8", one_after_the_other=True),
    Cell("webhook", mode="webhook"),
    Cell(
        "webhook kill -9 stored",
        "kill",
        "webhook",
        failpoint="inbox.stored:6",
        one_after_the_other=True,
    ),
    Cell("webhook duplicates", "duplicates", "webhook", at_step=0),
    Cell("postgres stalled", "pg-stall", postgres_only=True),
    Cell("postgres restarted", "pg-restart", postgres_only=True),
]
# make test: a quick sample, python-telegram-bot on SQLite.
QUICK = {"none", "kill -9 committed"}


def _params() -> Iterator[object]:
    for cell in CELLS:
        for backend in ("sqlite", "postgres"):
            if cell.postgres_only and backend == "sqlite":
                continue
            for framework in ("ptb", "aiogram"):
                marks: list[pytest.MarkDecorator] = []
                quick = cell.name in QUICK and backend == "sqlite" and framework == "ptb"
                if not quick:
                    marks.append(pytest.mark.proof)
                if backend == "postgres":
                    marks.append(pytest.mark.postgres)
                if cell.xfail:
                    marks.append(
                        pytest.mark.xfail(strict=True, raises=LostByDesign, reason=cell.xfail)
                    )
                marks.append(pytest.mark.timeout(900))
                yield pytest.param(
                    cell, framework, backend, marks=marks, id=f"{cell.name}-{framework}-{backend}"
                )


def _database(request: pytest.FixtureRequest, backend: str, tmp_path: Path, name: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path}/{name}.db"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    db = fresh_database(server)
    db.dispose()
    return db.url


@pytest.mark.parametrize(("cell", "framework", "backend"), list(_params()))
async def test_fault_cell(
    cell: Cell, framework: str, backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """0 lost, 0 doubled, 0 unexpected, 0 limit breaks; a kill cell's kill did happen."""
    full = PROOF  # make test walks a shorter script
    if (framework, full) not in BASELINES:
        url = f"sqlite:///{tmp_path}/clean.db"
        reference = await clean_run(framework, url, tmp_path, full)
        report(reference)
        assert not reference.detail, reference.detail
        assert reference.limit_breaks == 0
    if cell.fault == "none" and cell.mode == "polling" and backend == "sqlite":
        return  # the clean run above was this cell
    postgres = request.getfixturevalue("postgres_server") if backend == "postgres" else None
    url = _database(request, backend, tmp_path, "cell")
    workdir = tmp_path / "cell"
    workdir.mkdir()
    run = Run(cell, framework, url, workdir, postgres, full)
    outcome = await run.run(BASELINES[framework, full])
    report(outcome)
    if cell.fault == "kill":
        assert outcome.restarts >= 1, f"the failpoint {cell.failpoint} never fired"
    counts = (outcome.lost, outcome.doubled, outcome.unexpected, outcome.limit_breaks)
    detail = "\n".join(outcome.detail)
    if cell.xfail and counts == (1, 0, 0, 0):
        raise LostByDesign(detail)
    assert counts == (0, 0, 0, 0), detail
    if not cell.xfail:
        assert not run.problems, "\n".join(run.problems)
