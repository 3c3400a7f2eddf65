"""Engine creation and the unit of work."""

from __future__ import annotations

import select
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import Session, create_engine

from storage.onloop import LoopCalls

# Client-side bounds on every PostgreSQL connection (libpq's own, so they hold even when
# the server says nothing): how long a connect may take, and when a connection whose peer
# has gone quiet (the network, the machine) counts as dead.
PG_CONNECT_ARGS: dict[str, Any] = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 15_000,  # ms unacknowledged data may wait before the socket fails
}


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine for SQLite or PostgreSQL with sensible production settings."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        # psycopg 3 is the driver we ship; plain postgresql:// would look for psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            parsed, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # No pre-ping (a SELECT 1 round trip on every checkout): a pooled connection the server
    # closed (a restart) is noticed by looking at its socket instead (_alive).
    kwargs.setdefault("pool_pre_ping", False)
    connect_args = {**PG_CONNECT_ARGS, **kwargs.pop("connect_args", {})}
    engine = create_engine(parsed, connect_args=connect_args, **kwargs)
    event.listen(engine, "checkout", _alive)
    return engine


def _alive(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
    """Refuse a pooled connection that is broken or that its server has closed.

    An idle connection has nothing to read: a readable socket means the server said goodbye
    (a restart sends its last words and closes). The pool then opens a new connection, so a
    restart costs no failed call, and a healthy checkout costs one ``poll``, no round trip.
    """
    if dbapi_conn.closed or dbapi_conn.broken:
        raise exc.DisconnectionError("connection closed")
    poller = select.poll()
    poller.register(dbapi_conn.fileno(), select.POLLIN | select.POLLPRI)
    if poller.poll(0):
        raise exc.DisconnectionError("the server closed the connection")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    # WAL lets the scheduler read while the bot writes; NORMAL is durable across app crashes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def safe_url(url: str) -> str:
    """Render a database URL for logs and messages with any password hidden."""
    return make_url(url).render_as_string(hide_password=True)


class Database:
    """Owns the engine and hands out units of work."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)

    @property
    def is_postgres(self) -> bool:
        """True when the backend is PostgreSQL (row locks, advisory locks available)."""
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def statements(self) -> Iterator[Connection]:
        """A connection for steps whose statements may each commit on their own.

        On PostgreSQL it is in autocommit: a statement is one round trip, where a
        transaction adds two (psycopg's ``BEGIN``, then ``COMMIT``). Only for steps that are
        safe statement by statement, even when a statement cut by :mod:`storage.onloop`
        commits after all: the outbox's mark (idempotent), its claim and a one-update inbox
        store (run again, each takes back what its first run wrote). On SQLite, which has
        no round trips to save, it is one transaction.
        """
        if self.is_postgres:
            with self._autocommit.connect() as conn:
                yield conn
        else:
            with self.engine.begin() as conn:
                yield conn

    @cached_property
    def _autocommit(self) -> Engine:
        return self.engine.execution_options(isolation_level="AUTOCOMMIT")

    @cached_property
    def on_loop(self) -> LoopCalls:
        """How the event loop runs blocking calls on this database (:mod:`storage.onloop`)."""
        return LoopCalls(self.engine)

    def dispose(self) -> None:
        """Close every pooled connection."""
        if "on_loop" in self.__dict__:
            self.on_loop.close()
        self.engine.dispose()
