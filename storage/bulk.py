"""Bulk statements: many rows in a few statements, and writes that let the database work
while Python prepares the next rows.

On PostgreSQL a bulk pass (the review sweep) spends about as long in the server (index
entries, foreign-key checks) as in Python (encrypting each text, building rows). Sent one
at a time, each statement waits for the one before it; in psycopg's pipeline mode they are
queued on the connection and run by the server in order while Python carries on, so the
two overlap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Table
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

# Ids per IN (...) list in bulk statements: far below SQLite's (32,766) and PostgreSQL's
# (65,535) limits on bound parameters per statement. (PostgreSQL gets one array instead.)
IN_CHUNK = 5_000
# Rows per multi-row INSERT: at most this many, and at most INSERT_PARAMS values.
INSERT_ROWS = 1_000
INSERT_PARAMS = 20_000

_T = TypeVar("_T")


def chunks(items: Sequence[_T], size: int = IN_CHUNK) -> Iterator[Sequence[_T]]:
    """``items`` in consecutive slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def table_of(model: type[Any]) -> Table:
    """The Core table behind a SQLModel table class (for bulk Core statements)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def bulk_insert(
    session: Session,
    model: type[Any],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    shared: Mapping[str, Any] | None = None,
) -> None:
    """Insert many rows of ``model`` in the session's transaction, fast.

    ``rows`` hold values for ``columns``, in that order; ``shared`` gives values common to
    every row. Each value goes through its column's type for this database exactly as an
    ORM or Core insert would send it (so :class:`~storage.crypto.EncryptedText` encrypts,
    timestamps are stored in UTC, in the backend's format), but a shared value is converted
    once, not once per row, and the rows go in a few statements rather than one per row:
    on PostgreSQL one ``INSERT … SELECT … FROM unnest(arrays)``, on SQLite multi-row
    ``INSERT … VALUES`` of up to :data:`INSERT_ROWS` rows. Names come from the model, never
    from the data, and every value is a bound parameter.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    table = table_of(model)
    shared = shared or {}
    names = [*columns, *shared]

    def converter(name: str) -> Callable[[Any], Any] | None:
        return table.c[name].type.dialect_impl(dialect).bind_processor(dialect)

    fixed = tuple(
        value if (convert := converter(name)) is None else convert(value)
        for name, value in shared.items()
    )
    convert_at = [(i, f) for i, name in enumerate(columns) if (f := converter(name)) is not None]
    quote = dialect.identifier_preparer.quote
    target = f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name in names)}) "
    if dialect.name == "postgresql":
        # One statement, one array per column: short to parse, quick to bind (binary arrays).
        by_column = [list(values) for values in zip(*rows, strict=True)]
        for i, convert in convert_at:
            by_column[i] = [convert(value) for value in by_column[i]]
        # Casts without a length: the columns still check it on insert.
        sql_type = [
            re.sub(r"\(\d+\)", "", table.c[name].type.compile(dialect=dialect)) for name in names
        ]
        arrays = ", ".join(f"%b::{sql_type[i]}[]" for i in range(len(columns)))
        constants = "".join(f", %s::{sql_type[len(columns) + j]}" for j in range(len(fixed)))
        statement = target + f"SELECT *{constants} FROM unnest({arrays})"  # noqa: S608
        connection.exec_driver_sql(statement, (*fixed, *by_column))  # in the text's order
        return
    # Elsewhere (SQLite): multi-row INSERT … VALUES of up to INSERT_ROWS rows each.
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    one_row = "(" + ", ".join([mark] * len(names)) + ")"
    per_statement = max(1, min(INSERT_ROWS, INSERT_PARAMS // len(names)))
    statements: dict[int, str] = {}
    for part in chunks(rows, per_statement):
        values: list[Any] = []
        for row in part:
            if convert_at:
                converted = list(row)
                for i, convert in convert_at:
                    converted[i] = convert(converted[i])
                values.extend(converted)
            else:
                values.extend(row)
            values.extend(fixed)
        if len(part) not in statements:
            statements[len(part)] = target + "VALUES " + ", ".join([one_row] * len(part))
        connection.exec_driver_sql(statements[len(part)], tuple(values))


@contextmanager
def pipelined(session: Session) -> Iterator[None]:
    """Send the block's statements without waiting for each one's answer (PostgreSQL).

    Inside the block run only statements whose results nobody reads: INSERT, or UPDATE
    without RETURNING, and add no objects for the session to flush. SQLAlchemy cannot read
    a result here (the answer has not come when it looks; it raises ResourceClosedError),
    so do every read before the block. The statements still run in order, in the
    session's transaction, and an error in any of them is raised by the end of the block
    at the latest, so the unit of work rolls the whole transaction back as it would have
    otherwise.

    Elsewhere (SQLite, or a libpq without pipeline mode) the block runs as it is, one
    statement at a time.
    """
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        yield
        return
    import psycopg  # the PostgreSQL driver we ship (see storage.db.make_engine)

    driver = connection.connection.driver_connection
    if not isinstance(driver, psycopg.Connection) or not psycopg.Pipeline.is_supported():
        yield
        return
    session.flush()  # anything pending goes now, not as an autoflush inside the block
    try:
        with driver.pipeline():
            yield
    except psycopg.Error as exc:
        # Raised by the driver when the answers came in, outside SQLAlchemy: wrap it as
        # SQLAlchemy would have (a unique violation is an IntegrityError, and so on).
        raise DBAPIError.instance(None, None, exc, psycopg.Error) from exc
