"""A PostgreSQL session advisory lock held on a connection of its own.

A session lock belongs to the database session that took it, so it must live on a
connection nobody else uses. A pooled connection would be handed back to the pool still
holding the lock when this code lets go of it (after an error, say): the pool would then
give that session to other work, the lock would outlive our interest in it, and a later
``pg_try_advisory_lock`` on that same session would succeed twice over. So the connection
is detached from the pool: closing it ends the session, and the session's locks with it.

:meth:`AdvisoryLock.alive` asks PostgreSQL whether *this* session holds the lock, not
only whether the connection answers, so a lock lost to a server restart is noticed even
if the connection was somehow re-established.

:class:`SenderLock` is the outbox sender's use of it (one sending process at a time, with a
grace period on takeover); :class:`SweepLockRepo` takes transaction-scoped locks for sweeps.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, SessionTransaction

from storage.db import Database
from storage.repositories import Repository

log = logging.getLogger(__name__)

SENDER_LOCK_KEY = 0x4C4C_0B07  # PostgreSQL advisory lock: one sending process at a time
TAKEOVER_GRACE = 2.0  # seconds a new lock holder waits: twice the sender's look interval

_HELD = sql_text(
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND pid = pg_backend_pid() AND classid = CAST(:high AS oid)"
    " AND objid = CAST(:low AS oid) AND objsubid = 1)"
)


def key_for(name: str) -> int:
    """A stable signed 64-bit advisory lock key for a name (same on every machine)."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class AdvisoryLock:
    """``pg_try_advisory_lock(key)`` on a dedicated connection, for as long as it is held.

    Not thread-safe: call it from one thread at a time (``asyncio.to_thread`` calls made one
    after another are fine).
    """

    def __init__(self, engine: Engine, key: int) -> None:
        self.engine = engine
        self.key = key
        self._conn: Connection | None = None

    @property
    def held(self) -> bool:
        """True while this object believes it holds the lock (see :meth:`alive`)."""
        return self._conn is not None

    def try_acquire(self) -> bool:
        """Take the lock if it is free; True when this session holds it (again, no-op)."""
        if self._conn is not None:
            return True
        conn = self.engine.connect()
        try:
            # Never back to the pool: closing this connection must end its session.
            conn.detach()
            got = bool(
                conn.execute(
                    sql_text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}
                ).scalar()
            )
            conn.commit()  # the session-level lock outlives the transaction
        except Exception:
            with contextlib.suppress(Exception):
                conn.close()
            raise
        if not got:
            conn.close()
            return False
        self._conn = conn
        return True

    def alive(self) -> bool:
        """Whether this session still holds the lock; if not, it is let go of for good."""
        if self._conn is None:
            return False
        high, low = (self.key >> 32) & 0xFFFFFFFF, self.key & 0xFFFFFFFF
        try:
            held = bool(self._conn.execute(_HELD, {"high": high, "low": low}).scalar())
            self._conn.commit()
        except Exception:
            held = False
        if not held:
            self._close()
        return held

    def release(self) -> None:
        """Give the lock up: unlock, then end the session (which would release it anyway)."""
        if self._conn is None:
            return
        with contextlib.suppress(Exception):
            self._conn.execute(sql_text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            self._conn.commit()
        self._close()

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()


class SenderLock:
    """On PostgreSQL, a session advisory lock so that one process sends.

    The limits are counted in memory, so two sending processes would each allow 30/s.
    Rows would still go out once each (claims are conditional), only faster than allowed.
    On SQLite there is one process, and this is a no-op.

    The lock lives on a connection of its own, outside the pool
    (:class:`AdvisoryLock`): a lock left on a pooled connection would
    outlive the sender's interest in it, and a later try on that same session would
    "succeed" twice. When PostgreSQL restarts, the session and its lock are gone;
    :meth:`alive` asks the server whether this session still holds the lock, and the
    sender takes it again on a new connection (or waits, if another process won it).

    A process that takes the lock after waiting for it (another process held it) or after
    losing it starts sending only :data:`TAKEOVER_GRACE` seconds later, holding the lock
    meanwhile. The earlier holder may not know yet that it lost the lock (a PostgreSQL
    restart ended its session); it asks at each look at the outbox (every second), so by
    then it has stopped starting sends, and two senders never count limits side by side.
    """

    def __init__(self, db: Database, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.db = db
        self.monotonic = monotonic
        self._lock = AdvisoryLock(db.engine, SENDER_LOCK_KEY) if db.is_postgres else None
        self._contended = False  # another process held the lock, or this one lost it
        self._taken_at: float | None = None
        self.held = False

    def acquire(self) -> bool:
        """Try to become the sender; True when this process holds the lock (and may send)."""
        if self._lock is None:
            self.held = True
            return True
        if self.held:
            return True
        if not self._lock.try_acquire():
            self._contended = True
            self._taken_at = None
            return False
        if self._contended:
            now = self.monotonic()
            if self._taken_at is None:
                self._taken_at = now
                log.info("outbox: took the sender lock; sending in %.0f s", TAKEOVER_GRACE)
            if now - self._taken_at < TAKEOVER_GRACE:
                return False
        self._contended = False
        self._taken_at = None
        self.held = True
        return True

    def alive(self) -> bool:
        """Whether this process still holds the lock (PostgreSQL is asked)."""
        if self._lock is None:
            return True
        self.held = self._lock.alive()
        if not self.held:
            self._contended = True
            self._taken_at = None
        return self.held

    def release(self) -> None:
        """Give the lock up (closing its connection releases it too)."""
        if self._lock is not None:
            self._lock.release()
            self.held = False
            self._taken_at = None


class SweepLockRepo(Repository):
    """Transaction-scoped locks: one run of a sweep at a time.

    On PostgreSQL an advisory lock, across workers. On SQLite there is one process, but the
    playground runs sweeps from its clock beside the scheduler's own runs, so two runs of one
    sweep can overlap in it: an in-process lock per key (:func:`_local_lock`) stands in,
    held until the unit of work's transaction ends (commit or rollback).
    """

    def try_take(self, lock_id: int) -> bool:
        """Take the lock ``lock_id`` for this transaction; False if another run holds it.

        Taking it again in the same transaction succeeds (as PostgreSQL's does).
        """
        if self.session.get_bind().dialect.name == "postgresql":
            got = self.session.execute(
                sql_text("SELECT pg_try_advisory_xact_lock(:id)"), {"id": lock_id}
            )
            return bool(got.scalar())
        return _take_local(self.session, lock_id)


_LOCAL_LOCKS: dict[int, threading.Lock] = {}
_LOCAL_LOCKS_GUARD = threading.Lock()
_HELD_KEY = "lifelinks.sweep_locks"  # in Session.info: the local locks this session holds


def _local_lock(lock_id: int) -> threading.Lock:
    """The process's one lock for ``lock_id`` (made on first use)."""
    with _LOCAL_LOCKS_GUARD:
        return _LOCAL_LOCKS.setdefault(lock_id, threading.Lock())


def _take_local(session: Session, lock_id: int) -> bool:
    """Take the in-process lock ``lock_id`` without waiting, until ``session``'s transaction
    ends; True if taken (or already held by this session)."""
    held: set[int] | None = session.info.get(_HELD_KEY)
    if held is not None and lock_id in held:
        return True
    lock = _local_lock(lock_id)
    if not lock.acquire(blocking=False):
        return False
    try:
        # The lock lives as long as a transaction: begin one now if none has begun, so that
        # its end (commit, rollback, or the session closing) is what lets go of it.
        if session.get_transaction() is None:
            session.begin()
        if not event.contains(session, "after_transaction_end", _release_local):
            event.listen(session, "after_transaction_end", _release_local)
    except BaseException:
        lock.release()
        raise
    session.info.setdefault(_HELD_KEY, set()).add(lock_id)
    return True


def _release_local(session: Session, ended: SessionTransaction) -> None:
    """Let go of the session's in-process locks when its outermost transaction ends."""
    if ended.parent is not None:
        return  # a savepoint: the locks belong to the whole transaction
    for lock_id in session.info.pop(_HELD_KEY, set()):
        _local_lock(lock_id).release()
