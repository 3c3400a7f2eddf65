"""A worker's stable id, so a restarted worker takes back its own stored updates at once.

The inbox row of every stored update names the worker that claimed it. After a crash, the
same worker (same id) starting again takes back the rows claimed under its id at once;
any other worker waits for the claim's lease (2 minutes), because the claimant may still
be alive. For that to be safe, two live processes must never use one id. On PostgreSQL a
worker holds a session advisory lock on its id for its whole life
(:class:`WorkerIdLock`); a process that finds its id held by another live process uses a
fresh random id for this run instead, and says so in the log.

The id comes from ``LIFELINKS_WORKER_ID``, or by default ``<hostname>-<PORT>``: stable across
restarts of one systemd instance (``lifelinks@8081``) or one container (compose replicas
each have their own hostname), and different for workers side by side on one machine.
"""

from __future__ import annotations

import logging
import re
import socket
import time
import uuid
from collections.abc import Callable

from storage.advisory import AdvisoryLock, key_for
from storage.db import Database

log = logging.getLogger(__name__)

MAX_LENGTH = 40  # inbox_update.claimed_by
PATTERN = re.compile(r"^[A-Za-z0-9._:@-]{1,40}$")
WORKER_ID_HELP = (
    "LIFELINKS_WORKER_ID must be 1 to 40 characters of letters, digits and . _ : @ -, "
    "different for each worker running at the same time"
)
ACQUIRE_WAIT = 5.0  # seconds to wait for a dead predecessor's session to end
ACQUIRE_STEP = 0.25


def default_worker_id(port: int, host: str | None = None) -> str:
    """``<hostname>-<port>``, cleaned to the allowed characters and cut to fit."""
    name = re.sub(r"[^A-Za-z0-9._:@-]", "-", host if host is not None else socket.gethostname())
    suffix = f"-{port}"
    return (name or "worker")[: MAX_LENGTH - len(suffix)] + suffix


def resolve_worker_id(configured: str | None, port: int, host: str | None = None) -> str:
    """The configured id (checked with :data:`PATTERN`), else :func:`default_worker_id`."""
    if configured:
        if not PATTERN.match(configured):
            raise ValueError(WORKER_ID_HELP)
        return configured
    return default_worker_id(port, host)


def fresh_worker_id() -> str:
    """A random id for one run, when the stable one is taken."""
    return "run-" + uuid.uuid4().hex[:16]


class WorkerIdLock:
    """Holds a worker id for this process's life (a PostgreSQL advisory lock on the id).

    On SQLite there is one process, so the wanted id is always this process's.
    """

    def __init__(
        self,
        db: Database,
        wanted: str,
        wait: float = ACQUIRE_WAIT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.db = db
        self.wanted = wanted
        self.wait = wait
        self.sleep = sleep
        self.worker = wanted
        self._lock: AdvisoryLock | None = None

    @property
    def own(self) -> bool:
        """True when this process holds its stable id (its rows may be taken back at once)."""
        if not self.db.is_postgres:
            return True
        return self.worker == self.wanted and self._lock is not None and self._lock.held

    def acquire(self) -> str:
        """Hold the wanted id, or fall back to a fresh one; returns the id to use.

        A process killed a moment ago may still hold its session for a second or two, so
        the wanted id is tried for up to :attr:`wait` seconds before giving up on it.
        """
        if not self.db.is_postgres:
            self.worker = self.wanted
            return self.worker
        lock = AdvisoryLock(self.db.engine, key_for("lifelinks.worker:" + self.wanted))
        deadline = time.monotonic() + self.wait
        while True:
            if lock.try_acquire():
                self._lock = lock
                self.worker = self.wanted
                return self.worker
            if time.monotonic() >= deadline:
                break
            self.sleep(ACQUIRE_STEP)
        self.worker = fresh_worker_id()
        log.warning(
            "worker id %s is in use by another running process; this run uses %s "
            "(set LIFELINKS_WORKER_ID differently for each worker)",
            self.wanted,
            self.worker,
        )
        return self.worker

    def keep(self) -> str:
        """Check the id is still held (a database restart drops it); returns the id to use.

        If the lock was lost, it is taken again at once; if another process took the id
        meanwhile, this process goes on under a fresh id, so the two never share one.
        """
        if not self.db.is_postgres or self._lock is None:
            return self.worker
        if self._lock.alive():
            return self.worker
        if self._lock.try_acquire():
            log.info("worker id lock taken again after the database connection dropped")
            return self.worker
        self._lock = None
        self.worker = fresh_worker_id()
        log.warning(
            "worker id taken by another process meanwhile; this run now uses %s", self.worker
        )
        return self.worker

    def release(self) -> None:
        """Let the id go (on shutdown)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None
