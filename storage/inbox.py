"""The inbox: Telegram updates stored (encrypted) before Telegram is told they arrived.

A row is inserted once per (bot, update id); a resend of the same update finds it and is
not stored again. The worker that stores a row claims it; another worker may take it over
only when that claim is older than a lease. Marking a row handled clears its body, so the
inbox keeps no content once an update is handled; the sweep deletes handled rows later.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, and_, bindparam, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from storage.models import InboxUpdate
from storage.repositories import UpdateRepo

TABLE: Table = InboxUpdate.__table__  # type: ignore[attr-defined]
C = TABLE.c


@dataclass(frozen=True)
class Incoming:
    """An update about to be stored: its id, its chat (for ordering) and its raw JSON."""

    update_id: int
    chat_id: int | None
    body: str

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


class InboxRepo:
    """Queries on ``inbox_update``; every method runs in the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def store(
        self, bot_id: int, items: Sequence[Incoming], now: datetime, worker: str
    ) -> list[int]:
        """Insert updates claimed by ``worker``; returns the ids that were new (not resends)."""
        dialect = self.session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        new: list[int] = []
        for item in items:
            stmt = (
                insert(TABLE)
                .values(
                    bot_id=bot_id,
                    update_id=item.update_id,
                    chat_id=item.chat_id,
                    body=item.body,
                    size=item.size,
                    received_at=now,
                    claimed_by=worker,
                    claimed_at=now,
                    attempts=1,
                )
                .on_conflict_do_nothing(index_elements=["bot_id", "update_id"])
                .returning(C.update_id)
            )
            if self.session.execute(stmt).first() is not None:
                new.append(item.update_id)
        return new

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

    def claim(self, bot_id: int, update_id: int, now: datetime, outcome: str = "ok") -> bool:
        """Record an update as handled (False when it was before) and close its inbox row."""
        first = super().claim(bot_id, update_id, now, outcome)
        InboxRepo(self.session).mark_handled(bot_id, update_id, now, outcome if first else "dup")
        return first
