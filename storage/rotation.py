"""Re-encrypt every encrypted column with the newest key (``lifelinks keys rotate``).

Rotation runs while the bot is up, so it must never undo a change the bot makes meanwhile
and must never hold the database for long:

- Values are read and written raw (``type_coerce`` to Text skips the column's own
  encryption), one column at a time, in batches of :data:`BATCH` rows walked by primary key.
- A batch is read in one short read, re-encrypted outside any transaction, then written in
  one short transaction of its own (a few milliseconds for 500 rows), so a SQLite bot waits
  at most that long for the write lock.
- Each row is written with an optimistic check,
  ``UPDATE t SET col = :new WHERE id = :id AND col = :old``: if the bot changed the value
  between the read and the write, the update matches nothing and the bot's value is kept.
  Such a row is read again: a writer already running with the new key ring wrote it with the
  newest key (nothing to do); otherwise it is rotated once more, with the same check.
- Values already encrypted with the newest key are left alone, so running it again rewrites
  nothing, and an interrupted rotation can simply be run again.

:func:`rotate_keys` returns a :class:`RotationReport` of what it did; :func:`check_keys_read`
proves the configured keys can read what is already stored (a wrong ``ENCRYPTION_KEY`` is
refused before anything is written).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Table, Text, and_, select, tuple_, type_coerce, update
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables)
from storage import crypto
from storage.db import Database

BATCH = 500
SAMPLE = 3

Key = tuple[Any, ...]
BatchHook = Callable[[str, str, list[Key]], None]


@dataclass
class RotationReport:
    """What a rotation did, value by value."""

    rotated: int = 0
    """Rewritten by this run with the newest key."""
    already_current: int = 0
    """Already encrypted with the newest key: left alone."""
    skipped_changed: int = 0
    """Changed by someone else while this run worked; their value was kept as written."""
    still_old: int = 0
    """Changed again during the one retry, and still on an older key: run rotation again."""
    batches: int = 0
    """Write transactions committed."""

    def as_dict(self) -> dict[str, int]:
        """The counts, for ``--json``."""
        return {
            "rotated": self.rotated,
            "already_current": self.already_current,
            "skipped_changed": self.skipped_changed,
            "still_old": self.still_old,
            "batches": self.batches,
        }


def encrypted_columns() -> list[tuple[Table, str]]:
    """Every (table, column) stored encrypted."""
    return [
        (table, column.name)
        for table in SQLModel.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, crypto.EncryptedText)
    ]


def _key_match(table: Table, ident: Key) -> ColumnElement[bool]:
    keys = list(table.primary_key.columns)
    return and_(*[key == value for key, value in zip(keys, ident, strict=True)])


def _after(table: Table, last: Key | None) -> list[ColumnElement[bool]]:
    if last is None:
        return []
    keys = list(table.primary_key.columns)
    if len(keys) == 1:
        return [keys[0] > last[0]]
    return [tuple_(*keys) > tuple_(*last)]


def _read_batch(db: Database, table: Table, name: str, last: Key | None, size: int) -> list[Any]:
    keys = list(table.primary_key.columns)
    raw = type_coerce(table.c[name], Text)
    stmt = (
        select(*keys, raw)
        .where(table.c[name].is_not(None), *_after(table, last))
        .order_by(*keys)
        .limit(size)
    )
    with db.engine.connect() as conn:
        return list(conn.execute(stmt).all())


def _write_if_unchanged(
    conn: Connection, table: Table, name: str, ident: Key, old: str, new: str
) -> bool:
    """Write ``new`` only if the row still holds ``old`` (the optimistic check)."""
    raw = type_coerce(table.c[name], Text)
    stmt = (
        update(table)
        .where(_key_match(table, ident), raw == old)
        .values({name: type_coerce(new, Text)})
    )
    return conn.execute(stmt).rowcount == 1


def _retry(db: Database, table: Table, name: str, ident: Key, report: RotationReport) -> None:
    """A row changed between our read and write: look once more, rotate once more."""
    raw = type_coerce(table.c[name], Text)
    with db.engine.begin() as conn:
        token = conn.execute(select(raw).where(_key_match(table, ident))).scalar()
        if token is None or crypto.is_current(str(token)):
            report.skipped_changed += 1  # deleted, emptied, or written with the newest key
        elif _write_if_unchanged(conn, table, name, ident, str(token), crypto.rotate(str(token))):
            report.rotated += 1
        else:
            report.still_old += 1


def rotate_column(
    db: Database,
    table: Table,
    name: str,
    report: RotationReport,
    batch_size: int = BATCH,
    before_write: BatchHook | None = None,
) -> None:
    """Rotate one column in batches of ``batch_size`` rows, each its own short transaction."""
    width = len(table.primary_key.columns)
    last: Key | None = None
    while True:
        rows = _read_batch(db, table, name, last, batch_size)
        if not rows:
            return
        last = tuple(rows[-1][:width])
        stale: list[tuple[Key, str, str]] = []
        for row in rows:
            ident, token = tuple(row[:width]), str(row[width])
            if crypto.is_current(token):
                report.already_current += 1
            else:  # a value no key can read raises here, before this batch writes anything
                stale.append((ident, token, crypto.rotate(token)))
        if not stale:
            continue
        if before_write is not None:
            before_write(table.name, name, [ident for ident, _, _ in stale])
        changed: list[Key] = []
        with db.engine.begin() as conn:
            for ident, old, new in stale:
                if _write_if_unchanged(conn, table, name, ident, old, new):
                    report.rotated += 1
                else:
                    changed.append(ident)
        report.batches += 1
        for ident in changed:
            _retry(db, table, name, ident, report)


def rotate_keys(
    db: Database, batch_size: int = BATCH, before_write: BatchHook | None = None
) -> RotationReport:
    """Re-encrypt every stored value with the newest key, in short batches; see the module.

    ``before_write(table, column, keys)`` runs between reading a batch and writing it (tests
    use it to play a concurrent writer). Raises :class:`crypto.KeyError_` when a value cannot
    be decrypted with any configured key; batches written before that stay written.
    """
    report = RotationReport()
    for table, name in encrypted_columns():
        rotate_column(db, table, name, report, batch_size, before_write)
    return report


def rotate_all(db: Database) -> int:
    """Rotate everything; how many values were rewritten (see :func:`rotate_keys`)."""
    return rotate_keys(db).rotated


def check_keys_read(db: Database, sample: int = SAMPLE) -> None:
    """Raise :class:`crypto.KeyError_` unless the configured keys can read stored values.

    Reads the oldest and newest few values of every encrypted column: a wrong
    ``ENCRYPTION_KEY`` fails here, before anything is written. An empty database passes.
    """
    for table, name in encrypted_columns():
        keys = list(table.primary_key.columns)
        raw = type_coerce(table.c[name], Text)
        present = table.c[name].is_not(None)
        tokens: list[str] = []
        with db.engine.connect() as conn:
            for order in (keys, [key.desc() for key in keys]):
                stmt = select(raw).where(present).order_by(*order).limit(sample)
                tokens.extend(str(token) for token in conn.execute(stmt).scalars())
        if not all(crypto.readable(token) for token in tokens):
            raise crypto.KeyError_(
                f"ENCRYPTION_KEY cannot read the data already stored ({table.name}.{name}): "
                "set the key(s) it was written with, newest first"
            )
