"""The outbox sender's row states: claim, mark sent, a part, a retry or a failure, reset, lease.

Every change a row goes through while it is sent lives here, each its own short transaction
(the sender commits claim, send and mark separately). The hot path (claim a row, find its
target, mark it sent) is Core statements built once at import (so only its cache key is made
per call, never a new ORM query), run on a plain connection (``Database.statements``: on
PostgreSQL each statement commits on its own, one round trip; on SQLite one short
transaction). The claim is a conditional ``pending`` → ``sending`` UPDATE … RETURNING, so of
any number of senders exactly one wins a row; the mark is unconditional (the message *was*
delivered) and records the relay mapping first. The rarer changes are conditional updates
through :meth:`storage.repositories.OutboxRepo.transition` (only while the row is
``sending``), so two writers cannot undo each other.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, and_, bindparam, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from storage.db import Database
from storage.models import (
    OutboxMessage,
    OutboxStatus,
    RelayMessage,
    RelayRole,
    SupportRequest,
)
from storage.uow import UnitOfWork, unit_of_work

# The target of a claimed row is still on its way: the row waits (see OutboxStates.claim).
WAIT = object()

_OUTBOX: Table = OutboxMessage.__table__  # type: ignore[attr-defined]
_RELAY: Table = RelayMessage.__table__  # type: ignore[attr-defined]
_REQUEST: Table = SupportRequest.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class RelayInfo:
    """The part of a row that says which support request its message belongs to."""

    chat_id: int
    method: str
    service_id: int | None
    relay_request_id: int | None
    relay_role: RelayRole | None


@dataclass(frozen=True, slots=True)
class ClaimedRow:
    """What the sender needs of a row it claimed (a snapshot taken by the claim itself)."""

    id: int
    chat_id: int
    kind: str
    method: str
    text: str
    buttons: str
    attempts: int
    parts_sent: int
    force_reply: bool
    service_id: int | None
    young_person_id: int | None
    source_chat_id: int | None
    source_message_id: int | None
    target_message_id: int | None
    target_outbox_id: int | None
    relay_request_id: int | None
    relay_role: RelayRole | None
    attachment: str | None
    filename: str | None
    language: str | None  # the reader's, for words the sender adds (a picture not drawn)

    def relay_info(self) -> RelayInfo:
        """The fields :func:`mark_sent` maps the sent message with."""
        return RelayInfo(
            self.chat_id, self.method, self.service_id, self.relay_request_id, self.relay_role
        )


_FIELDS = tuple(ClaimedRow.__dataclass_fields__)

_CLAIM = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id == bindparam("row_id"), _OUTBOX.c.status == OutboxStatus.PENDING)
    .values(status=OutboxStatus.SENDING, claimed_at=bindparam("now"))
    .returning(*(_OUTBOX.c[name] for name in _FIELDS))
)
# A claim run again by storage.onloop after a cut: its first run may have committed after
# all (an autocommit UPDATE reaches a stalled or lock-waiting server and runs later), so the
# row it claimed then, ``sending`` since exactly this claim's time, is taken back too.
_RECLAIM = (
    update(_OUTBOX)
    .where(
        _OUTBOX.c.id == bindparam("row_id"),
        or_(
            _OUTBOX.c.status == OutboxStatus.PENDING,
            and_(
                _OUTBOX.c.status == OutboxStatus.SENDING,
                _OUTBOX.c.claimed_at == bindparam("now"),
            ),
        ),
    )
    .values(status=OutboxStatus.SENDING, claimed_at=bindparam("now"))
    .returning(*(_OUTBOX.c[name] for name in _FIELDS))
)
_TARGET = select(_OUTBOX.c.status, _OUTBOX.c.telegram_message_id).where(
    _OUTBOX.c.id == bindparam("row_id")
)
_RELAY_INFO = select(
    _OUTBOX.c.chat_id,
    _OUTBOX.c.method,
    _OUTBOX.c.service_id,
    _OUTBOX.c.relay_request_id,
    _OUTBOX.c.relay_role,
).where(_OUTBOX.c.id == bindparam("row_id"))
_MARK_SENT = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id == bindparam("row_id"))
    .values(
        status=OutboxStatus.SENT,
        sent_at=bindparam("now"),
        telegram_message_id=bindparam("message_id"),
        last_error=None,
        attachment=None,  # a picture or an export is not kept once it was sent
    )
)


def _relay_add(insert: Any) -> Any:
    """Map a sent message to its request in one statement: only if the request still exists
    (``INSERT … SELECT … WHERE``), and a second mapping of the message is ignored (its
    unique chat and message id: ``ON CONFLICT DO NOTHING``)."""
    columns = ("service_id", "support_request_id", "chat_id", "message_id", "role", "created_at")
    values = [
        _REQUEST.c.service_id,
        _REQUEST.c.id,
        bindparam("chat_id", type_=_RELAY.c.chat_id.type),
        bindparam("message_id", type_=_RELAY.c.message_id.type),
        bindparam("role", type_=_RELAY.c.role.type),
        bindparam("created_at", type_=_RELAY.c.created_at.type),
    ]
    source = select(*values).where(
        _REQUEST.c.id == bindparam("request_id"), _REQUEST.c.service_id == bindparam("service_id")
    )
    stmt = insert(_RELAY).from_select(columns, source)
    return stmt.on_conflict_do_nothing(index_elements=["chat_id", "message_id"])


# Built once per dialect (the upsert's form differs).
_RELAY_ADD = {"postgresql": _relay_add(pg_insert), "sqlite": _relay_add(sqlite_insert)}


def claim(conn: Connection, row_id: int, now: datetime, again: bool = False) -> ClaimedRow | None:
    """Mark one pending row ``sending`` and return it; None if it is not pending.

    ``again``: this is the same claim (same ``now``) run once more after it was cut, so a row
    ``sending`` since exactly ``now`` is its own and is returned too (see ``_RECLAIM``).
    """
    found = conn.execute(_RECLAIM if again else _CLAIM, {"row_id": row_id, "now": now}).first()
    if found is None:
        return None
    values: dict[str, Any] = dict(found._mapping)
    return ClaimedRow(**values)


def target_of(conn: Connection, target_row_id: int) -> tuple[OutboxStatus, int | None] | None:
    """(status, Telegram message id) of the row another one replies to, edits or deletes."""
    found = conn.execute(_TARGET, {"row_id": target_row_id}).first()
    if found is None:
        return None
    return found.status, found.telegram_message_id


def relay_info(conn: Connection, row_id: int) -> RelayInfo | None:
    """A row's relay fields, read in the caller's transaction."""
    found = conn.execute(_RELAY_INFO, {"row_id": row_id}).first()
    return None if found is None else RelayInfo(**dict(found._mapping))


def mark_sent(
    conn: Connection, row_id: int, message_id: int, now: datetime, relay: RelayInfo | None
) -> None:
    """The row went out: ``sent`` whatever happened meanwhile, and its relay mapped.

    ``relay`` is the row's relay fields (from the claim); the mapping's own statement looks
    the request up, so a request erased meanwhile gets no mapping. The mapping is written
    before the row is marked.
    """
    if relay is not None:
        _map_relay(conn, relay, message_id, now)
    conn.execute(_MARK_SENT, {"row_id": row_id, "now": now, "message_id": message_id})


def _map_relay(conn: Connection, relay: RelayInfo, message_id: int, now: datetime) -> None:
    """Remember which request a sent message belongs to, so replies to it find the request."""
    request_id, role, service_id = relay.relay_request_id, relay.relay_role, relay.service_id
    if request_id is None or role is None or service_id is None or relay.method == "edit":
        return
    params = {
        "request_id": request_id,
        "service_id": service_id,
        "chat_id": relay.chat_id,
        "message_id": message_id,
        "role": role,
        "created_at": now,
    }
    # A request deleted meanwhile (the young person erased their data) gets no mapping.
    conn.execute(_RELAY_ADD[conn.dialect.name], params)


class OutboxStates:
    """The state changes of rows being sent, each its own short transaction.

    ``now`` gives the time stored with each change (the sender's clock), read when the
    change runs, so a change run again records the time it ran.
    """

    def __init__(self, db: Database, now: Callable[[], datetime]) -> None:
        self.db = db
        self.now = now

    def claim(
        self, row_id: int, now: datetime | None = None, again: bool = False
    ) -> tuple[ClaimedRow, int | object | None] | None:
        """Claim a row and find the Telegram id of the message it replies to or edits.

        The target is :data:`WAIT` while the target row is still on its way, None when there
        is none (or it could not be sent: a reply then goes out unthreaded).  ``now`` is the
        claim's time; ``again``: the same claim run once more after a cut (see ``_RECLAIM``).
        """
        # Core, statement by statement: on PostgreSQL the claim is one round trip (an
        # autocommit UPDATE … RETURNING), where a transaction took three (BEGIN, UPDATE,
        # COMMIT), on every message's path. A claim cut at its bound may still commit once
        # the server answers; run again, it takes back the row it claimed then (its own
        # claim time), so the message is neither lost nor sent twice (_RECLAIM).
        with self.db.statements() as conn:  # Core: this runs for every message sent
            row = claim(conn, row_id, self.now() if now is None else now, again)
            if row is None:
                return None
            if row.target_message_id is not None or row.target_outbox_id is None:
                return row, row.target_message_id
            target = target_of(conn, row.target_outbox_id)
            if target is None or target[0] == OutboxStatus.FAILED:
                return row, None
            if target[0] != OutboxStatus.SENT:
                return row, WAIT
            return row, target[1]

    def mark_sent(self, row_id: int, message_id: int, relay: RelayInfo | None = None) -> None:
        """The row went out: ``sent`` whatever happened meanwhile (it *was* delivered).

        ``relay``: the row's relay fields as claimed (read again here when not given).
        """
        # Statement by statement (on PostgreSQL no BEGIN and COMMIT round trips): marking
        # is idempotent, so a mark cut at its bound that commits later does no harm when it
        # runs again. The relay's mapping is written before the row is marked; a crash
        # between the two leaves the row ``sending``, failed later as interrupted, never
        # resent (as a crash before a commit would).
        with self.db.statements() as conn:
            info = relay if relay is not None else relay_info(conn, row_id)
            mark_sent(conn, row_id, message_id, self.now(), info)

    def mark_nothing_to_do(self, row_id: int) -> None:
        """A delete of a message that was never sent: done, without a request."""
        with unit_of_work(self.db) as uow:
            uow.outbox.transition(row_id, status=OutboxStatus.SENT, sent_at=self.now())

    def mark_part(self, row_id: int, done: int, message_id: int) -> None:
        """A part of a long row went out: record it and put the row back in line."""
        with unit_of_work(self.db) as uow:
            _map_part(uow, row_id, message_id, self.now())
            uow.outbox.transition(
                row_id,
                status=OutboxStatus.PENDING,
                telegram_message_id=message_id,
                parts_sent=done,
                last_error=None,
            )

    def reschedule(self, row_id: int, delay: float, note: str | None, counts: bool) -> None:
        """Back to ``pending`` after ``delay``; ``last_error`` marks the chat as waiting."""
        values: dict[str, Any] = {
            "status": OutboxStatus.PENDING,
            "not_before": self.now() + timedelta(seconds=delay),
            "last_error": note or "retry",
        }
        with unit_of_work(self.db) as uow:
            uow.outbox.transition(row_id, count_attempt=counts, **values)

    def fail(self, row_id: int, reason: str | None, attempts: int | None = None) -> None:
        """Give a row being sent up: ``failed``, for good."""
        with unit_of_work(self.db) as uow:
            fail_in(uow, row_id, reason or "failed", attempts)

    def mark_drawn(self, row_id: int, png: bytes) -> None:
        """The picture is drawn: the row becomes a pending photo with the PNG (encrypted)."""
        with unit_of_work(self.db) as uow:
            uow.outbox.transition(
                row_id,
                status=OutboxStatus.PENDING,
                method="photo",
                attachment=base64.b64encode(png).decode(),
            )

    def reset_drawing(self, method: str, skip: Collection[int] = ()) -> int:
        """Put every row left ``sending`` while its picture was drawn back to ``pending``.

        Drawing sends nothing, so such a row (the process stopped mid-drawing) is simply
        drawn again; ``method`` is the drawing rows' method, ``skip`` the rows being drawn
        now. Returns how many were reset.
        """
        stmt = update(_OUTBOX).where(
            _OUTBOX.c.status == OutboxStatus.SENDING, _OUTBOX.c.method == method
        )
        if skip:
            stmt = stmt.where(_OUTBOX.c.id.not_in(list(skip)))
        with self.db.engine.begin() as conn:
            return int(conn.execute(stmt.values(status=OutboxStatus.PENDING)).rowcount)

    def fail_interrupted(
        self,
        cutoff: datetime,
        skip: Collection[int],
        drawing: str,
        note: Callable[[OutboxMessage], str | None],
    ) -> list[OutboxMessage]:
        """The lease: rows ``sending`` since ``cutoff`` or before were interrupted mid-send.

        Each is marked ``failed`` (``note`` says why) rather than risk a resend, but for rows
        of the ``drawing`` method, which sent nothing yet and go back to ``pending``. Rows in
        ``skip`` (in flight now) are left alone, and each change is conditional, so a result
        being recorded at the same moment is never overwritten. Returns the rows failed.
        """
        recovered: list[OutboxMessage] = []
        with unit_of_work(self.db) as uow:
            stuck = uow.outbox.sending_since(cutoff)
            for row in stuck:
                if row.id is None or row.id in skip:
                    continue
                if row.method == drawing:  # stopped while drawing: nothing was sent yet
                    uow.outbox.transition(row.id, status=OutboxStatus.PENDING)
                    continue
                if fail_in(uow, row.id, note(row) or "interrupted"):
                    recovered.append(row)
        return recovered

    def due_heads(self, limit: int, per_chat: int) -> list[tuple[int, int]]:
        """(row id, chat id) of the due rows the sender may start on now (see ``OutboxRepo``)."""
        with unit_of_work(self.db) as uow:
            return uow.outbox.due_heads(self.now(), limit, per_chat)

    def recent_attempts(self, since: datetime) -> list[tuple[int, datetime]]:
        """(chat id, time) of every send attempt since ``since`` (see ``OutboxRepo``)."""
        with unit_of_work(self.db) as uow:
            return uow.outbox.recent_attempts(since)


def fail_in(uow: UnitOfWork, row_id: int, reason: str, attempts: int | None = None) -> bool:
    """Mark a row being sent ``failed`` in the caller's transaction; True if it changed."""
    values: dict[str, Any] = {
        "status": OutboxStatus.FAILED,
        "last_error": reason[:200],
        "attachment": None,  # never sent again, so the bytes are not kept
    }
    if attempts is not None:
        values["attempts"] = attempts
    return uow.outbox.transition(row_id, **values)


def _map_part(uow: UnitOfWork, row_id: int, message_id: int, now: datetime) -> None:
    """Remember which request a sent message belongs to, so replies to it find the request."""
    row = uow.outbox.get(row_id)
    if row is None or row.relay_request_id is None or row.relay_role is None:
        return
    if row.service_id is None or row.method == "edit":
        return
    if uow.support.get(row.service_id, row.relay_request_id) is None:
        return  # deleted meanwhile (the young person erased their data)
    uow.relays.add(
        row.service_id, row.relay_request_id, row.chat_id, message_id, row.relay_role, now
    )
