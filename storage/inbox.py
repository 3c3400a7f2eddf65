"""The inbox: Telegram updates stored (encrypted) before Telegram is told they arrived.

A row is inserted once per (bot, update id); a resend of the same update finds it and is
not stored again. The worker that stores a row claims it; another worker may take it over
only when that claim is older than a lease. Marking a row handled clears its body, so the
inbox keeps no content once an update is handled; the sweep deletes handled rows later.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, bindparam, delete, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlmodel import Session

from storage.models import InboxUpdate
from storage.repositories import UpdateRepo
from storage.types import UTCDateTime

TABLE: Table = InboxUpdate.__table__  # type: ignore[attr-defined]
C = TABLE.c


@dataclass(frozen=True)
class Incoming:
    """An update about to be stored: its id, its chat (for ordering) and its raw JSON."""

    update_id: int
    chat_id: int | None
    body: str
    # The update already parsed (the poller's or the webhook's), so handling it right after
    # the store does not parse the stored JSON again. Never stored, never compared.
    update: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def size(self) -> int:
        """Size of the raw JSON in bytes (what logs may show instead of content)."""
        return len(self.body.encode("utf-8"))


@dataclass(frozen=True)
class Waiting:
    """A stored update this worker has claimed and should handle."""

    update_id: int
    chat_id: int | None
    body: str
    attempts: int
    update: dict[str, Any] | None = field(default=None, compare=False, repr=False)


def _store_statement(insert: Any) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING RETURNING update_id`` in a dialect's own form."""
    conflict = insert(TABLE).on_conflict_do_nothing(index_elements=["bot_id", "update_id"])
    return conflict.returning(C.update_id)


def _restore_statement(insert: Any) -> Any:
    """The store run again after a cut: a row this very store inserted (its worker and its
    time, not handled yet) counts as new too, where a resend still inserts nothing."""
    stmt = insert(TABLE)
    conflict = stmt.on_conflict_do_update(
        index_elements=["bot_id", "update_id"],
        set_={"claimed_at": stmt.excluded.claimed_at},
        where=and_(
            C.claimed_by == stmt.excluded.claimed_by,
            C.claimed_at == stmt.excluded.claimed_at,
            C.handled_at.is_(None),
        ),
    )
    return conflict.returning(C.update_id)


# Built once: every update runs one (the values come as parameters).
_STORE = {"postgresql": _store_statement(pg_insert), "sqlite": _store_statement(sqlite_insert)}
_RESTORE = {
    "postgresql": _restore_statement(pg_insert),
    "sqlite": _restore_statement(sqlite_insert),
}


def store_rows(
    conn: Connection,
    bot_id: int,
    items: Sequence[Incoming],
    now: datetime,
    worker: str,
    again: bool = False,
) -> list[int]:
    """Insert updates claimed by ``worker`` on ``conn``; the new ids.

    A resend of a stored update inserts nothing and is not returned. ``again``: the same
    store (same ``now`` and worker) run once more after it was cut (:mod:`storage.onloop`):
    its first run, statement by statement, may have inserted some rows after all, and those
    are still new (not handled, and never handed on).
    """
    stmt = (_RESTORE if again else _STORE)[conn.dialect.name]
    new: list[int] = []
    for item in items:
        params = {
            "bot_id": bot_id,
            "update_id": item.update_id,
            "chat_id": item.chat_id,
            "body": item.body,
            "size": item.size,
            "received_at": now,
            "claimed_by": worker,
            "claimed_at": now,
            "attempts": 1,
        }
        if conn.execute(stmt, params).first() is not None:
            new.append(item.update_id)
    return new


class InboxRepo:
    """Queries on ``inbox_update``; every method runs in the caller's transaction.

    ``session`` is a unit of work's session, or, for :meth:`store` alone (the intake's hot
    path), a plain connection in a transaction.
    """

    def __init__(self, session: Session | Connection) -> None:
        self._bind = session

    @property
    def session(self) -> Session:
        """The unit of work's session (every method but :meth:`store` needs one)."""
        if isinstance(self._bind, Connection):
            raise TypeError("only store() runs on a plain connection")
        return self._bind

    def store(
        self,
        bot_id: int,
        items: Sequence[Incoming],
        now: datetime,
        worker: str,
        again: bool = False,
    ) -> list[int]:
        """Insert updates claimed by ``worker``; returns the ids that were new (not resends).

        ``again``: a store run again after a cut (see :func:`store_rows`).
        """
        bind = self._bind
        conn = bind if isinstance(bind, Connection) else bind.connection()
        return store_rows(conn, bot_id, items, now, worker, again)

    def take_over(
        self,
        bot_id: int,
        worker: str,
        now: datetime,
        expired_before: datetime | None,
        limit: int = 100,
        skip: Sequence[int] = (),
        own: str | None = None,
    ) -> list[Waiting]:
        """Claim unhandled rows whose claim is older than ``expired_before`` (None: any claim).

        ``own``: also rows claimed under this worker id whatever their age (a restarted
        worker taking back its own rows; the caller holds the id, so no live process does).
        Rows are claimed atomically (on PostgreSQL, rows another worker is claiming right now
        are skipped), so two workers never take the same row; returned in update id order.
        """
        waiting = [C.bot_id == bot_id, C.handled_at.is_(None)]
        if expired_before is not None:
            free = [C.claimed_at.is_(None), C.claimed_at < expired_before]
            if own is not None:
                free.append(C.claimed_by == own)
            waiting.append(or_(*free))
        if skip:
            waiting.append(C.update_id.not_in(list(skip)))
        chosen = select(C.update_id).where(*waiting).order_by(C.update_id).limit(limit)
        if self.session.get_bind().dialect.name == "postgresql":
            chosen = chosen.with_for_update(skip_locked=True)
        stmt = (
            update(TABLE)
            .where(C.bot_id == bot_id, C.update_id.in_(chosen.scalar_subquery()), *waiting[1:])
            .values(claimed_by=worker, claimed_at=now, attempts=C.attempts + 1)
            .returning(C.update_id, C.chat_id, C.body, C.attempts)
        )
        rows = self.session.execute(stmt).all()
        return sorted(
            (Waiting(r.update_id, r.chat_id, r.body or "", r.attempts) for r in rows),
            key=lambda w: w.update_id,
        )

    _MARK_HANDLED = (  # built once: every update runs it
        update(TABLE)
        .where(
            C.bot_id == bindparam("b_bot_id"),
            C.update_id == bindparam("b_update_id"),
            C.handled_at.is_(None),
        )
        .values(handled_at=bindparam("b_now"), body=None, outcome=bindparam("b_outcome"))
    )

    def mark_handled(self, bot_id: int, update_id: int, now: datetime, outcome: str = "ok") -> bool:
        """Record an update as handled and forget its body; False if it already was."""
        params = {"b_bot_id": bot_id, "b_update_id": update_id, "b_now": now, "b_outcome": outcome}
        return bool(self.session.execute(self._MARK_HANDLED, params).rowcount)  # type: ignore[attr-defined]

    def purge(self, handled_before: datetime) -> int:
        """Delete rows handled before ``handled_before``; returns how many."""
        stmt = delete(TABLE).where(C.handled_at.is_not(None), C.handled_at < handled_before)
        return int(self.session.execute(stmt).rowcount)  # type: ignore[attr-defined]

    def count_waiting(self, bot_id: int) -> int:
        """How many stored updates are not handled yet."""
        stmt = select(func.count()).where(and_(C.bot_id == bot_id, C.handled_at.is_(None)))
        return int(self.session.execute(stmt).scalar_one())

    def get(self, bot_id: int, update_id: int) -> InboxUpdate | None:
        """One row (tests and diagnostics)."""
        return self.session.get(InboxUpdate, (bot_id, update_id))


class InboxAwareUpdateRepo(UpdateRepo):
    """The engine's update dedupe, also marking the inbox row handled in the same transaction.

    The engine claims an update in the transaction that applies its effects, so the inbox
    row is marked handled exactly when those effects commit; a crash before that leaves it
    waiting, and it is handled again after the restart.
    """

    # PostgreSQL: the dedupe and the inbox row's close in one statement. It is the first of
    # every update's transaction, and each statement there is a round trip (twice: psycopg
    # sends the transaction's BEGIN with the first). SQLite runs the two statements.
    _CLAIM_AND_CLOSE = text(
        "WITH claimed AS ("
        " INSERT INTO processed_update (bot_id, update_id, processed_at, outcome)"
        " VALUES (:bot_id, :update_id, :now, :outcome)"
        " ON CONFLICT DO NOTHING RETURNING update_id"
        "), closed AS ("
        " UPDATE inbox_update SET body = NULL, handled_at = :now,"
        " outcome = CASE WHEN EXISTS (SELECT FROM claimed) THEN :outcome ELSE 'dup' END"
        " WHERE bot_id = :bot_id AND update_id = :update_id AND handled_at IS NULL"
        ") SELECT count(*) FROM claimed"
    ).bindparams(bindparam("now", type_=UTCDateTime()))

    def claim(self, bot_id: int, update_id: int, now: datetime, outcome: str = "ok") -> bool:
        """Record an update as handled (False when it was before) and close its inbox row."""
        if self.session.get_bind().dialect.name == "postgresql":
            params = {"bot_id": bot_id, "update_id": update_id, "now": now, "outcome": outcome}
            return bool(self.session.execute(self._CLAIM_AND_CLOSE, params).scalar_one())
        first = super().claim(bot_id, update_id, now, outcome)
        InboxRepo(self.session).mark_handled(bot_id, update_id, now, outcome if first else "dup")
        return first
