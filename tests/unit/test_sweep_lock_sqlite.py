"""On SQLite a sweep's lock is an in-process lock held for its transaction: the playground's
clock and the scheduler may run one sweep at the same moment, and the second run skips."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

import scheduler.sweeps
from dialogs.core.clock import FakeClock
from scheduler.sweeps import REVIEW_LOCK, review_due_sweep
from storage.db import Database
from storage.models import OutboxMessage
from storage.uow import unit_of_work
from tests.support.seed import record_plan, seed

DUE = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def due_plan(sqlite_db: Database, clock: FakeClock) -> None:
    reference = seed(sqlite_db, clock.now(), groups=())
    record_plan(sqlite_db, reference, clock)
    clock.set(DUE)


def nudges(db: Database) -> int:
    with unit_of_work(db) as uow:
        return len(uow.session.exec(select(OutboxMessage)).all())


def free(db: Database, lock_id: int) -> bool:
    """Whether another unit of work can take ``lock_id`` now (it lets go at once)."""
    with unit_of_work(db) as uow:
        return uow.locks.try_take(lock_id)


def test_an_overlapping_run_skips_and_nothing_is_doubled(
    sqlite_db: Database, clock: FakeClock, due_plan: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    overlapping: list[int] = []
    read_quiet_hours = scheduler.sweeps.in_quiet_hours

    def second_run_meanwhile(*args: object) -> bool:
        # The first run holds the lock and is reading; another run starts now (as the
        # playground's clock would, beside the scheduler's own run).
        if not overlapping:
            overlapping.append(review_due_sweep(sqlite_db, clock))
        return read_quiet_hours(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(scheduler.sweeps, "in_quiet_hours", second_run_meanwhile)
    assert review_due_sweep(sqlite_db, clock) == 1
    assert overlapping == [0]  # the second run skipped
    assert nudges(sqlite_db) == 1
    assert free(sqlite_db, REVIEW_LOCK)  # the first run's commit let go of it
    assert review_due_sweep(sqlite_db, clock) == 0  # nothing left to do, nothing doubled
    assert nudges(sqlite_db) == 1


def test_the_lock_is_free_again_after_an_exception(sqlite_db: Database) -> None:
    with pytest.raises(RuntimeError), unit_of_work(sqlite_db) as uow:
        assert uow.locks.try_take(REVIEW_LOCK)
        assert not free(sqlite_db, REVIEW_LOCK)  # held by the unit of work above
        raise RuntimeError("the sweep failed half-way")
    assert free(sqlite_db, REVIEW_LOCK)


def test_one_unit_of_work_may_take_its_lock_again(sqlite_db: Database) -> None:
    with unit_of_work(sqlite_db) as uow:
        assert uow.locks.try_take(REVIEW_LOCK)
        assert uow.locks.try_take(REVIEW_LOCK)  # as PostgreSQL's transaction locks allow
        assert free(sqlite_db, REVIEW_LOCK + 1)  # other keys are other locks
    assert free(sqlite_db, REVIEW_LOCK)


def test_a_lock_taken_before_any_query_lasts_the_whole_transaction(
    sqlite_db: Database,
) -> None:
    with unit_of_work(sqlite_db) as uow:
        assert uow.locks.try_take(REVIEW_LOCK)
        uow.session.commit()  # the transaction ends: so does the lock
        assert free(sqlite_db, REVIEW_LOCK)
        assert uow.locks.try_take(REVIEW_LOCK)  # a new transaction takes it afresh
        assert not free(sqlite_db, REVIEW_LOCK)
    assert free(sqlite_db, REVIEW_LOCK)
