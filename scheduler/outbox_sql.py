"""The outbox sender's hot-path statements: claim a row, find its target, mark it sent.

Each is one Core statement built once at import (so only its cache key is made per call,
never a new ORM query), run on a plain connection (``Database.statements``: on PostgreSQL
each statement commits on its own, one round trip; on SQLite one short transaction).  They
do exactly what the ORM versions in :mod:`storage.repositories` and :mod:`scheduler.outbox`
did: the claim is the same conditional ``pending`` → ``sending`` UPDATE … RETURNING, so
of any number of senders exactly one wins a row; the mark is unconditional (the message
*was* delivered) and records the relay mapping first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, and_, bindparam, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from storage.models import (
    OutboxMessage,
    OutboxStatus,
    RelayMessage,
    RelayRole,
    SupportRequest,
)

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
