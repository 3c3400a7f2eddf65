"""Database calls made from the event loop: inline while PostgreSQL answers, and bounded.

On SQLite every call runs inline: the file answers in well under a millisecond.

On PostgreSQL the hot steps (an update's store in the inbox, the engine's transaction, the
outbox's claim and mark) also run inline on the event loop's thread while the server
answers. A thread would cost more than the round trips: at each one it gives the GIL up and
then waits, up to the switch interval, for a busy loop to hand it back
(docs/perf/2026-12-08-ingress-and-postgres.md). The price of inline calls is that a server
that stops answering (stalled, or its network gone quiet) would hold the whole loop, every
chat and every timer. So each inline call has a deadline (:data:`BOUND`):

- a watchdog thread cuts the sockets of the connections the call has checked out when the
  deadline passes (``shutdown``; no answer from the server is needed), so the call fails
  at once with a disconnect and SQLAlchemy drops the pool's connections;
- from then on in that call, no connection is opened or handed out (:class:`Stalled`), so
  the call ends quickly and does not reconnect to a stalled server on the loop;
- the database is then *suspect*: every call goes to a thread (the loop keeps running)
  until one of them succeeds, and then calls are inline again;
- a call that ``retry`` allows is run again, in a thread. Every hot step is safe to run
  again: the inbox store ignores a stored update, the engine's dedupe skips an update whose
  transaction did commit, the claim is conditional (a row it claimed already is not claimed
  again, and is failed as interrupted, never sent twice) and the mark is idempotent.

A cut that lands while a ``COMMIT`` is on its way cannot tell whether it committed: the
steps above are safe either way.

Inline calls run one after another, so their round trips add up. When the server is merely
slow (a loaded machine: each round trip waits for the server to be scheduled), threads
overlap the waits of different chats. So an inline call slower than :data:`SLOW` (one that
opened a connection aside) sends the calls of the next :data:`SLOW_SPELL` seconds to threads;
then one inline call measures again. Connections are not pre-pinged (one round trip per
checkout): :func:`storage.db.make_engine` drops a pooled connection whose server has closed
it (a restart) by looking at its socket, without a round trip.
"""

from __future__ import annotations

import asyncio
import logging
import math
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)
T = TypeVar("T")

BOUND = 2.0  # seconds an inline call may take before its connections are cut
WORKERS = 8  # threads for calls made while the database is suspect or slow
SLOW = 0.1  # seconds: an inline call slower than this sends calls to threads for a while
SLOW_SPELL = 5.0  # seconds calls go to threads after a slow inline call


class Stalled(RuntimeError):
    """An inline database call ran past its deadline; its connections were cut."""


@dataclass(eq=False)
class _Section:
    """One inline call: its thread, its deadline and the connections it holds."""

    thread: int
    deadline: float
    sockets: dict[int, int] = field(default_factory=dict)  # id(dbapi connection) → fd
    cut: bool = False
    connected: bool = False  # opened a new connection (its time is not the server's pace)


class _Watchdog:
    """A daemon thread that cuts the connections of an inline call past its deadline."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._section: _Section | None = None
        self._thread: threading.Thread | None = None
        self._idle = True

    def begin(self, section: _Section) -> None:
        """Watch ``section`` (one at a time: inline calls run one after another)."""
        with self._cond:
            self._section = section
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="db-watchdog", daemon=True)
                self._thread.start()
            # Woken only from an idle wait: one already waiting for an earlier deadline
            # wakes then and finds this later one (so it wakes about once per bound).
            if self._idle:
                self._cond.notify()

    def end(self, section: _Section) -> None:
        """Stop watching ``section``; after this no socket of it is ever cut."""
        with self._cond:
            if self._section is section:
                self._section = None

    def current(self) -> _Section | None:
        """The section of the calling thread, if it is in one."""
        section = self._section
        if section is not None and section.thread == threading.get_ident():
            return section
        return None

    def checked_out(self, dbapi_connection: Any) -> None:
        """A connection was handed to the calling thread: cut it too if its call overruns."""
        section = self.current()
        if section is None:
            return
        if section.cut:
            raise Stalled("the database did not answer in time")
        with self._cond:
            section.sockets[id(dbapi_connection)] = int(dbapi_connection.fileno())

    def checked_in(self, dbapi_connection: Any) -> None:
        """A connection went back to the pool: it is no longer the call's to cut."""
        section = self.current()
        if section is not None:
            with self._cond:
                section.sockets.pop(id(dbapi_connection), None)

    def connecting(self) -> None:
        """Refuse a new connection inside a call that was already cut."""
        section = self.current()
        if section is not None:
            if section.cut:
                raise Stalled("the database did not answer in time")
            section.connected = True

    def _watch(self) -> None:
        with self._cond:
            while True:
                section = self._section
                if section is None or section.cut:
                    self._idle = True
                    self._cond.wait()
                    self._idle = False
                    continue
                left = section.deadline - time.monotonic()
                if left > 0:
                    self._cond.wait(left)
                    continue
                # Under the lock: the section cannot end, nor hand a socket back, meanwhile.
                section.cut = True
                for fd in section.sockets.values():
                    _shut(fd)


def _shut(fd: int) -> None:
    """Shut a connection's socket down (both ways) without closing the driver's descriptor."""
    try:
        sock = socket.socket(fileno=fd)
    except OSError:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.detach()  # the descriptor stays the driver's to close


class LoopCalls:
    """Runs blocking database calls for the event loop (see the module's docstring)."""

    def __init__(self, engine: Engine, bound: float = BOUND, workers: int = WORKERS) -> None:
        self.engine = engine
        self.bound = bound
        self.postgres = engine.dialect.name == "postgresql"
        self.suspect = False  # a call overran: calls go to threads until one succeeds
        self.cuts = 0  # inline calls cut at their deadline (for operators and tests)
        self.slow = SLOW
        self.slow_spell = SLOW_SPELL
        self.slow_spells = 0  # times a slow inline call sent calls to threads
        self._threads_until = -math.inf  # calls go to threads until then (``spell_clock``)
        self.spell_clock: Callable[[], float] = time.monotonic  # tests may pass their own
        self._workers = workers
        self._executor: ThreadPoolExecutor | None = None
        self._watchdog = _Watchdog()
        if self.postgres:
            event.listen(engine, "checkout", self._on_checkout)
            event.listen(engine, "checkin", self._on_checkin)
            event.listen(engine, "do_connect", self._on_connect)

    def _on_checkout(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        self._watchdog.checked_out(dbapi_connection)

    def _on_checkin(self, dbapi_connection: Any, _record: Any) -> None:
        if dbapi_connection is not None:
            self._watchdog.checked_in(dbapi_connection)

    def _on_connect(self, *_args: Any) -> None:
        self._watchdog.connecting()

    async def run(self, call: Callable[[], T], retry: bool = True) -> T:
        """``call()`` inline (SQLite; PostgreSQL while it answers quickly) or in a thread.

        An inline call cut at its deadline is run again in a thread when ``retry`` (see the
        module's docstring for why every hot step may be); otherwise :class:`Stalled`.
        """
        if not self.postgres:
            return call()
        if self.suspect or self.spell_clock() < self._threads_until:
            return await self.off_loop(call)
        started = time.monotonic()
        section = _Section(threading.get_ident(), started + self.bound)
        self._watchdog.begin(section)
        try:
            result = call()
        except Exception:
            if not section.cut:
                raise
            result = None
        finally:
            self._watchdog.end(section)
        if not section.cut:
            if time.monotonic() - started > self.slow and not section.connected:
                self._threads_until = self.spell_clock() + self.slow_spell
                self.slow_spells += 1
                log.debug("database: slow on the event loop; calls go to threads for a while")
            return result  # type: ignore[return-value]
        self.cuts += 1
        self.suspect = True
        log.warning(
            "database: a call on the event loop took over %.1f s; cut, and calls go to "
            "threads until the database answers again",
            self.bound,
        )
        if not retry:
            raise Stalled("the database did not answer in time")
        return await self.off_loop(call)

    async def off_loop(self, call: Callable[[], T]) -> T:
        """``call()`` in a thread; a success clears the suspicion."""
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self._workers, thread_name_prefix="db-call")
        result = await asyncio.get_running_loop().run_in_executor(self._executor, call)
        if self.suspect:
            self.suspect = False
            log.info("database: answering again; calls run on the event loop")
        return result

    def close(self) -> None:
        """Let the threads go (calls still running finish on their own)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
