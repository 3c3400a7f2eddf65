"""Bulk writes that let the database work while Python prepares the next rows.

On PostgreSQL a bulk pass (the review sweep) spends about as long in the server (index
entries, foreign-key checks) as in Python (encrypting each text, building rows). Sent one
at a time, each statement waits for the one before it; in psycopg's pipeline mode they are
queued on the connection and run by the server in order while Python carries on, so the
two overlap.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError
from sqlmodel import Session


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
