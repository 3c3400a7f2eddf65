"""Key rotation while the bot runs: short batches, optimistic writes, nothing overwritten."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Text, select, type_coerce
from sqlmodel import col

from dialogs.core.clock import FakeClock
from dialogs.staff.admin import add_staff, create_service
from storage import crypto
from storage.db import Database
from storage.models import Staff, StaffRole
from storage.rotation import check_keys_read, rotate_keys
from storage.uow import unit_of_work

OLD = crypto.generate_key()
NEW = crypto.generate_key()


def seed_staff(db: Database, clock: FakeClock, count: int) -> list[int]:
    """``count`` staff written with the OLD key; their ids."""
    crypto.configure_keys(OLD)
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent", clock.now(), 90, 16)
        ids = [
            add_staff(uow, "kent", 1000 + n, f"Sam {n}", StaffRole.COORDINATOR, clock.now()).id
            for n in range(count)
        ]
    return [ident for ident in ids if ident is not None]


def raw_names(db: Database) -> dict[int, str]:
    """Staff names as stored (tokens), by id."""
    stmt = select(Staff.__table__.c.id, type_coerce(Staff.__table__.c.name, Text))  # type: ignore[attr-defined]
    with db.engine.connect() as conn:
        return {row[0]: row[1] for row in conn.execute(stmt)}


def on_newest_key(db: Database) -> int:
    """How many staff names are already encrypted with the newest key (committed data)."""
    return sum(crypto.is_current(token) for token in raw_names(db).values())


def names(db: Database) -> dict[int, str]:
    with unit_of_work(db) as uow:
        return {
            s.id: s.name for s in uow.session.exec(select(Staff).order_by(col(Staff.id))).scalars()
        }  # type: ignore[misc]


def rename(db: Database, ident: int, name: str) -> None:
    """What the bot does: an ordinary ORM write with its own key ring."""
    with unit_of_work(db) as uow:
        staff = uow.session.get(Staff, ident)
        assert staff is not None
        staff.name = name


def test_a_change_made_during_rotation_is_kept(db: Database, clock: FakeClock) -> None:
    ids = seed_staff(db, clock, 5)
    crypto.configure_keys(f"{NEW},{OLD}")  # the bot restarted with the new key first
    seen: list[list[Any]] = []

    def bot_renames_someone(table: str, column: str, keys: list[Any]) -> None:
        seen.append(keys)
        if table == "staff" and len(seen) == 1:
            rename(db, ids[2], "Samira")  # between rotation's read and its write

    report = rotate_keys(db, before_write=bot_renames_someone)
    assert report.rotated == 4 and report.skipped_changed == 1 and report.still_old == 0
    crypto.configure_keys(NEW)  # the old key is gone: everything reads, the rename survived
    assert names(db)[ids[2]] == "Samira"
    assert [names(db)[i] for i in ids] == ["Sam 0", "Sam 1", "Samira", "Sam 3", "Sam 4"]


def test_a_change_written_with_the_old_key_is_rotated_once_more(
    db: Database, clock: FakeClock
) -> None:
    ids = seed_staff(db, clock, 3)
    crypto.configure_keys(f"{NEW},{OLD}")
    done = False

    def bot_still_on_the_old_key(table: str, column: str, keys: list[Any]) -> None:
        nonlocal done
        if table == "staff" and not done:
            done = True
            crypto.configure_keys(OLD)  # a worker not yet restarted with the new ring
            rename(db, ids[0], "Alex")
            crypto.configure_keys(f"{NEW},{OLD}")

    report = rotate_keys(db, before_write=bot_still_on_the_old_key)
    assert report.rotated == 3 and report.skipped_changed == 0
    crypto.configure_keys(NEW)
    assert names(db)[ids[0]] == "Alex"


def test_batches_commit_one_by_one(db: Database, clock: FakeClock) -> None:
    seed_staff(db, clock, 7)
    crypto.configure_keys(f"{NEW},{OLD}")
    committed_before_each_batch: list[int] = []

    def watch(table: str, column: str, keys: list[Any]) -> None:
        if table == "staff":
            assert len(keys) <= 3
            committed_before_each_batch.append(on_newest_key(db))

    report = rotate_keys(db, batch_size=3, before_write=watch)
    assert committed_before_each_batch == [0, 3, 6]
    assert report.rotated == 7 and report.batches == 3
    assert on_newest_key(db) == 7


def test_a_value_no_key_reads_stops_rotation_but_keeps_earlier_batches(
    db: Database, clock: FakeClock
) -> None:
    ids = seed_staff(db, clock, 5)
    crypto.configure_keys(crypto.generate_key())  # a stranger's key wrote the last row
    token = crypto.encrypt("Unreadable")
    table = Staff.__table__  # type: ignore[attr-defined]
    with db.engine.begin() as conn:
        stmt = table.update().where(table.c.id == ids[-1]).values(name=type_coerce(token, Text))
        conn.execute(stmt)
    crypto.configure_keys(f"{NEW},{OLD}")
    with pytest.raises(crypto.KeyError_):
        rotate_keys(db, batch_size=2)
    assert on_newest_key(db) == 4  # two whole batches committed; the third wrote nothing


def test_running_it_again_rotates_nothing(db: Database, clock: FakeClock) -> None:
    seed_staff(db, clock, 4)
    crypto.configure_keys(f"{NEW},{OLD}")
    first = rotate_keys(db, batch_size=3)
    before = raw_names(db)
    second = rotate_keys(db, batch_size=3)
    assert first.rotated == 4 and first.already_current == 0
    assert second.rotated == 0 and second.batches == 0 and second.already_current == 4
    assert raw_names(db) == before  # not even re-encrypted: nothing written at all


def test_only_one_key_means_everything_is_current(db: Database, clock: FakeClock) -> None:
    seed_staff(db, clock, 2)
    report = rotate_keys(db)
    assert report.rotated == 0 and report.already_current == 2


def test_the_keys_must_read_what_is_stored(db: Database, clock: FakeClock) -> None:
    crypto.configure_keys(crypto.generate_key())
    check_keys_read(db)  # an empty database: any valid key will do
    seed_staff(db, clock, 10)
    check_keys_read(db)
    crypto.configure_keys(f"{NEW},{OLD}")
    check_keys_read(db)
    crypto.configure_keys(NEW)
    with pytest.raises(crypto.KeyError_, match="cannot read the data already stored"):
        check_keys_read(db)


def test_the_bot_keeps_writing_while_rotation_runs(tmp_path, clock: FakeClock) -> None:
    """SQLite, a real second thread: renames during rotation wait milliseconds, none is lost."""
    import random
    import threading
    import time

    db = Database(f"sqlite:///{tmp_path}/busy.db")
    from storage.migrate import upgrade

    upgrade(db)
    ids = seed_staff(db, clock, 1500)
    crypto.configure_keys(f"{NEW},{OLD}")
    expected: dict[int, str] = {}
    finished_at: list[float] = []
    stop = threading.Event()

    def bot() -> None:
        pick = random.Random(7)
        n = 0
        while not stop.is_set():
            ident, n = pick.choice(ids), n + 1
            rename(db, ident, f"Renamed {n}")
            finished_at.append(time.perf_counter())
            expected[ident] = f"Renamed {n}"

    writer = threading.Thread(target=bot)
    writer.start()
    try:
        began = time.perf_counter()
        report = rotate_keys(db, batch_size=100)
        ended = time.perf_counter()
    finally:
        stop.set()
        writer.join()
    # Had rotation held the database for its whole run, at most one rename (the one that
    # waited) could finish inside it; several finishing inside shows it yields between
    # batches. Counting, not timing, keeps this true on a loaded machine.
    assert sum(began < at < ended for at in finished_at) >= 2
    assert report.rotated + report.skipped_changed + report.already_current >= 1500
    second = rotate_keys(db)  # anything written meanwhile with the new ring is current
    assert second.rotated == 0 and second.still_old == 0
    crypto.configure_keys(NEW)
    now = names(db)
    assert all(now[ident] == name for ident, name in expected.items())
    db.dispose()
