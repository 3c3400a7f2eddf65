"""Support requests and the relay map between the young person's chat and the team's group.

Every staff-side lookup takes the service id, so one service never reaches another's
requests; a young person reaches only requests of their own case.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, func, update
from sqlalchemy import select as core_select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from storage.models import (
    GroupLink,
    GroupPurpose,
    OutboxMessage,
    Plan,
    RelayMessage,
    RelayRole,
    RequestKind,
    RequestStatus,
    Service,
    SupportCategory,
    SupportRequest,
    Urgency,
    YoungPerson,
)
from storage.repositories import Repository
from storage.rows import Rows

RELAY: Table = RelayMessage.__table__  # type: ignore[attr-defined]
R = RELAY.c

# Easy to read aloud on the phone: no 0/O, 1/I/L.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
OPEN_STATUSES = (RequestStatus.SENT, RequestStatus.PICKED_UP, RequestStatus.ANSWERED)


@dataclass(frozen=True)
class SendingFacts:
    """What "Send it" reads before opening a request, read in one statement."""

    service: Service
    open_requests: int  # the case's open requests (kind request)
    group_chat: int | None  # the service's coordinators' group, if one is linked
    plan_lead: int | None  # the person the case's plan names as lead, if any


class SupportRepo(Repository):
    """Support requests."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        # (request id, card row id) -> the card's chat, read with the request (see card_chat).
        self._card_chats: dict[tuple[int, int], int] = {}

    def before_sending(self, case: YoungPerson) -> SendingFacts | None:
        """The service, open requests, team group and plan lead for a new request's card.

        One statement instead of four (service, count, group, plan); None if the service is
        gone.
        """
        params = {
            "service_id": case.service_id,
            "case_id": case.id,
            "purpose": GroupPurpose.COORDINATORS,
        }
        row = self.session.execute(_BEFORE_SENDING, params).first()
        if row is None:
            return None
        values = row._mapping
        service = _SERVICE_ROWS.loaded(
            self.session, {column: values[column] for column in _SERVICE_ROWS.columns}
        )
        return SendingFacts(
            service=service,
            open_requests=int(values["open_requests"] or 0),
            group_chat=values["group_chat"],
            plan_lead=values["plan_lead"],
        )

    def create(
        self,
        case: YoungPerson,
        category: SupportCategory,
        urgency: Urgency,
        text: str | None,
        media: list[tuple[int, str]],
        share_text: bool,
        now: datetime,
        escalate_at: datetime,
        kind: RequestKind = RequestKind.REQUEST,
        crisis_category: str | None = None,
        origin: str | None = None,
    ) -> SupportRequest:
        """Open a request (or a safety alert, or a talk thread) with a reference like ``R-7F3K``."""
        assert case.id is not None
        values = {
            "service_id": case.service_id,
            "young_person_id": case.id,
            "reference": None,  # chosen below
            "category": category,
            "urgency": urgency,
            "text": text,
            "media": json.dumps([[message_id, kind] for message_id, kind in media]),
            "share_text": share_text,
            "created_at": now,
            "updated_at": now,
            "escalate_at": escalate_at,
            "kind": kind,
            "crisis_category": crisis_category,
            "origin": origin,
        }
        request = _REQUEST_ROWS.new(values)
        params = {column: request.__dict__[column] for column in _REQUEST_COLUMNS}
        dialect = self.session.get_bind().dialect.name
        statement = _CREATE[dialect] if dialect in _CREATE else _CREATE["sqlite"]
        for attempt in range(50):
            # A free reference, in the INSERT itself: a taken one inserts nothing. Longer
            # references once the short ones get crowded.
            params["reference"] = _reference(4 + attempt // 10)
            request_id = self.session.execute(statement, params).scalar()
            if request_id is not None:
                request.__dict__.update(id=request_id, reference=params["reference"])
                return _REQUEST_ROWS.attach(self.session, request)
        raise RuntimeError("no free request reference")

    def set_card(self, request: SupportRequest, card_outbox_id: int | None) -> None:
        """Note which outbox row is the request's card (one UPDATE, at once)."""
        self.session.execute(_SET_CARD, {"request_id": request.id, "card": card_outbox_id})
        set_committed_value(request, "card_outbox_id", card_outbox_id)

    def of_case(
        self, case: YoungPerson, limit: int = 20, requests_only: bool = False
    ) -> Sequence[SupportRequest]:
        """A young person's requests (with alerts and talk threads unless told), newest first."""
        query = select(SupportRequest).where(SupportRequest.young_person_id == case.id)
        if requests_only:
            query = query.where(SupportRequest.kind == RequestKind.REQUEST)
        return self.session.exec(query.order_by(col(SupportRequest.id).desc()).limit(limit)).all()

    def open_of_kind(
        self, case: YoungPerson, kind: RequestKind, since: datetime | None = None
    ) -> SupportRequest | None:
        """Their newest open alert or talk thread (opened since ``since``, when given)."""
        query = select(SupportRequest).where(
            SupportRequest.young_person_id == case.id,
            SupportRequest.kind == kind,
            col(SupportRequest.status).in_(OPEN_STATUSES),
        )
        if since is not None:
            query = query.where(col(SupportRequest.created_at) >= since)
        return self.session.exec(query.order_by(col(SupportRequest.id).desc())).first()

    def alerts_between(
        self, service_id: int, since: datetime, until: datetime
    ) -> Sequence[SupportRequest]:
        """Safety alerts opened in [since, until), for the digest."""
        return self.session.exec(
            select(SupportRequest).where(
                SupportRequest.service_id == service_id,
                SupportRequest.kind == RequestKind.ALERT,
                col(SupportRequest.created_at) >= since,
                col(SupportRequest.created_at) < until,
            )
        ).all()

    def own(self, case: YoungPerson, request_id: int) -> SupportRequest | None:
        """One of the young person's own requests."""
        request = self._load(request_id)
        return request if request is not None and request.young_person_id == case.id else None

    def _load(self, request_id: int) -> SupportRequest | None:
        """``session.get``, reading the chat its card went to in the same statement."""
        if self.session.identity_map.get(_REQUEST_ROWS.identity(request_id)) is not None:
            return _REQUEST_ROWS.get(self.session, request_id)  # no statement
        row = self.session.execute(_WITH_CARD_CHAT, {"key": request_id}).first()
        if row is None:
            return None
        values = row._mapping
        request = _REQUEST_ROWS.loaded(
            self.session, {column: values[column] for column in _REQUEST_ROWS.columns}
        )
        card_chat = values["card_chat"]
        if card_chat is not None and request.id is not None and request.card_outbox_id:
            self._card_chats[(request.id, request.card_outbox_id)] = int(card_chat)
        return request

    def card_chat(self, request: SupportRequest) -> int | None:
        """The chat a request's card went to (None: no card, or no such row).

        Read with the request when it was loaded here: an outbox row's chat is written once
        (a group that moves is followed by the sender, in a transaction of its own), and the
        cache is keyed by the card's row, so a card sent anew is looked up afresh.
        """
        card_id = request.card_outbox_id
        if not card_id or request.id is None:
            return None
        known = self._card_chats.get((request.id, card_id))
        if known is not None:
            return known
        return self.session.execute(_CHAT_OF_ROW, {"row_id": card_id}).scalar()

    def open_count(self, case: YoungPerson) -> int:
        """How many of their requests are still open."""
        return int(self.session.execute(_OPEN_COUNT, {"case_id": case.id}).scalar_one())

    def get(self, service_id: int, request_id: int) -> SupportRequest | None:
        """A request of this service."""
        request = self._load(request_id)
        return request if request is not None and request.service_id == service_id else None

    def by_id(self, request_id: int) -> SupportRequest | None:
        """A request by id in any service (the escalation sweep starts from a due id)."""
        return self.session.get(SupportRequest, request_id)

    def reload(self, request: SupportRequest) -> None:
        """Read the request's row again (after a statement changed it behind the session)."""
        self.session.refresh(request)

    def close_open(self, case: YoungPerson, now: datetime) -> None:
        """Close their open requests, alerts and talk threads at ``now``."""
        for request in self.of_case(case, limit=100_000):
            if request.status.is_open:
                request.status = RequestStatus.CLOSED
                request.closed_at = now
                request.updated_at = now
        self.session.flush()

    def count_by_kind(self, case: YoungPerson) -> dict[RequestKind, int]:
        """How many requests, talk threads and alerts of theirs are stored (kinds with none
        are left out)."""
        rows = self.session.exec(
            select(SupportRequest.kind, func.count())
            .where(
                SupportRequest.service_id == case.service_id,
                SupportRequest.young_person_id == case.id,
            )
            .group_by(SupportRequest.kind)
        ).all()
        return {RequestKind(kind): int(count) for kind, count in rows}

    def unpicked_alerts(self, thread: SupportRequest) -> Sequence[SupportRequest]:
        """The alerts of the thread's young person that nobody has picked up yet."""
        return self.session.exec(
            select(SupportRequest).where(
                SupportRequest.service_id == thread.service_id,
                SupportRequest.young_person_id == thread.young_person_id,
                SupportRequest.kind == RequestKind.ALERT,
                SupportRequest.status == RequestStatus.SENT,
            )
        ).all()

    def other_open(self, request: SupportRequest) -> Sequence[SupportRequest]:
        """The young person's other open requests, alerts and talk threads."""
        return self.session.exec(
            select(SupportRequest).where(
                SupportRequest.service_id == request.service_id,
                SupportRequest.young_person_id == request.young_person_id,
                SupportRequest.id != request.id,
                col(SupportRequest.status).in_(OPEN_STATUSES),
            )
        ).all()

    def newest_written_in(
        self, case: YoungPerson, since: datetime
    ) -> tuple[SupportRequest, int, datetime] | None:
        """Their open thread a worker wrote in most recently, at or after ``since``.

        Returns the thread, the worker's staff id and when they wrote; None when none.
        """
        row = self.session.exec(
            select(SupportRequest, RelayMessage.staff_id, RelayMessage.created_at)
            .join(RelayMessage, col(RelayMessage.support_request_id) == col(SupportRequest.id))
            .where(
                SupportRequest.service_id == case.service_id,
                SupportRequest.young_person_id == case.id,
                col(SupportRequest.status).in_(OPEN_STATUSES),
                RelayMessage.role == RelayRole.TO_YOUNG_PERSON,
                col(RelayMessage.staff_id).is_not(None),
                RelayMessage.created_at >= since,
            )
            .order_by(col(RelayMessage.created_at).desc(), col(RelayMessage.id).desc())
        ).first()
        if row is None:
            return None
        request, staff_id, wrote_at = row
        assert staff_id is not None
        return request, staff_id, wrote_at

    def open_with_card_in(
        self,
        service_id: int,
        chat_id: int,
        kind: RequestKind | None = None,
        since: datetime | None = None,
    ) -> Sequence[SupportRequest]:
        """Open requests of this service whose card was posted in this chat, oldest first.

        ``kind`` and ``since`` narrow it to one kind, opened since then.
        """
        query = (
            select(SupportRequest)
            .join(OutboxMessage, col(OutboxMessage.id) == col(SupportRequest.card_outbox_id))
            .where(
                SupportRequest.service_id == service_id,
                col(SupportRequest.status).in_(OPEN_STATUSES),
                OutboxMessage.chat_id == chat_id,
            )
        )
        if kind is not None:
            query = query.where(SupportRequest.kind == kind)
        if since is not None:
            query = query.where(col(SupportRequest.created_at) >= since)
        return self.session.exec(query.order_by(col(SupportRequest.id))).all()

    def open_for_cases(self, service_id: int, case_ids: Sequence[int]) -> dict[int, int]:
        """Open requests per case, for a caseload."""
        if not case_ids:
            return {}
        rows = self.session.exec(
            select(SupportRequest.young_person_id, func.count())
            .where(
                SupportRequest.service_id == service_id,
                col(SupportRequest.young_person_id).in_(list(case_ids)),
                col(SupportRequest.status).in_(OPEN_STATUSES),
            )
            .group_by(col(SupportRequest.young_person_id))
        ).all()
        return {int(case_id): int(count) for case_id, count in rows}

    def pick_up(self, service_id: int, request_id: int, staff_id: int, now: datetime) -> bool:
        """Claim a request for a coordinator; True only for the one who wins.

        One conditional UPDATE, so of two coordinators pressing at once exactly one wins,
        whatever process handles each press.
        """
        result = self.session.execute(
            update(SupportRequest)
            .where(
                col(SupportRequest.id) == request_id,
                col(SupportRequest.service_id) == service_id,
                col(SupportRequest.status) == RequestStatus.SENT,
            )
            .values(
                status=RequestStatus.PICKED_UP,
                claimed_by_staff_id=staff_id,
                picked_up_at=now,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        won = bool(getattr(result, "rowcount", 0) == 1)
        if won:
            request = self.session.get(SupportRequest, request_id)
            if request is not None:
                self.session.refresh(request)
        return won

    def due_escalations(self, now: datetime, limit: int = 500) -> Sequence[SupportRequest]:
        """Requests nobody has picked up whose response time has passed (partial index)."""
        return self.session.exec(
            select(SupportRequest)
            .where(
                SupportRequest.status == RequestStatus.SENT,
                col(SupportRequest.escalated_at).is_(None),
                col(SupportRequest.escalate_at) <= now,
            )
            .order_by(col(SupportRequest.escalate_at))
            .limit(limit)
        ).all()

    def mark_escalated(self, request_id: int, now: datetime) -> bool:
        """Record the escalation once; False if another sweep (or a pick-up) got there first."""
        result = self.session.execute(
            update(SupportRequest)
            .where(
                col(SupportRequest.id) == request_id,
                col(SupportRequest.status) == RequestStatus.SENT,
                col(SupportRequest.escalated_at).is_(None),
            )
            .values(escalated_at=now)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0) == 1)

    def opened_and_answered(
        self, service_id: int, since: datetime, until: datetime
    ) -> tuple[int, int]:
        """Requests opened in [since, until), and how many of those got an answer."""
        opened = col(SupportRequest.created_at)
        answered = col(SupportRequest.answered_at)
        row = self.session.exec(
            select(func.count(), func.count(answered)).where(
                SupportRequest.service_id == service_id,
                SupportRequest.kind == RequestKind.REQUEST,
                opened >= since,
                opened < until,
            )
        ).one()
        return int(row[0]), int(row[1])

    def delete_for_case(self, case: YoungPerson) -> int:
        """Remove a case's requests and their relay map (when they delete their data)."""
        requests = self.of_case(case, limit=100_000)
        ids = [request.id for request in requests if request.id is not None]
        if ids:
            for relay in self.session.exec(
                select(RelayMessage).where(col(RelayMessage.support_request_id).in_(ids))
            ).all():
                self.session.delete(relay)
            self.session.flush()
        for request in requests:
            self.session.delete(request)
        self.session.flush()
        return len(requests)


class RelayRepo(Repository):
    """Which message in which chat belongs to which request."""

    def add(
        self,
        service_id: int,
        request_id: int,
        chat_id: int,
        message_id: int,
        role: RelayRole,
        now: datetime,
        staff_id: int | None = None,
    ) -> RelayMessage:
        """Map a message to a request (a second mapping of the same message is ignored)."""
        existing = self.find(chat_id, message_id)
        if existing is not None:
            return existing
        relay = RelayMessage(
            service_id=service_id,
            support_request_id=request_id,
            chat_id=chat_id,
            message_id=message_id,
            role=role,
            staff_id=staff_id,
            created_at=now,
        )
        self.session.add(relay)
        self.session.flush()
        return relay

    def link(
        self,
        service_id: int,
        request_id: int,
        chat_id: int,
        message_id: int,
        role: RelayRole,
        now: datetime,
    ) -> None:
        """:meth:`add` for a message of a thread's hot path: one INSERT, nothing read back.

        A second mapping of the same message is ignored (the unique chat and message id).
        """
        dialect = self.session.get_bind().dialect.name
        statement = _LINK[dialect] if dialect in _LINK else _LINK["sqlite"]
        values = (service_id, request_id, chat_id, message_id, role, None, now)
        self.session.execute(statement, dict(zip(_BINDS, values, strict=True)))

    def newest(self, request_id: int | None, chat_id: int) -> tuple[int, int]:
        """:meth:`newest_from_team` and :meth:`newest_to` in one statement."""
        row = self.session.execute(
            _NEWEST_BOTH, {"request_id": request_id, "chat_id": chat_id}
        ).one()
        return int(row[0] or 0), int(row[1] or 0)

    def newest_from_team(self, request_id: int | None) -> int:
        """The id of the newest staff message mapped in a request's thread (0 when none)."""
        newest = self.session.execute(_NEWEST_FROM_TEAM, {"request_id": request_id}).scalar()
        return int(newest or 0)

    def newest_to(self, chat_id: int) -> int:
        """The id of the newest message to a young person about any thread (0 when none)."""
        newest = self.session.execute(_NEWEST_TO, {"chat_id": chat_id}).scalar()
        return int(newest or 0)

    def find(self, chat_id: int, message_id: int) -> RelayMessage | None:
        """The mapping of a message, if it belongs to a request."""
        return self.session.exec(
            select(RelayMessage).where(
                RelayMessage.chat_id == chat_id, RelayMessage.message_id == message_id
            )
        ).first()

    def recent_requests(self, chat_id: int, role: RelayRole, since: datetime) -> list[int]:
        """Requests with a message of ``role`` in ``chat_id`` since ``since``, newest first."""
        rows = self.session.exec(
            select(RelayMessage.support_request_id, RelayMessage.created_at)
            .where(
                RelayMessage.chat_id == chat_id,
                RelayMessage.role == role,
                RelayMessage.created_at >= since,
            )
            .order_by(col(RelayMessage.created_at).desc(), col(RelayMessage.id).desc())
        ).all()
        seen: list[int] = []
        for request_id, _ in rows:
            if request_id not in seen:
                seen.append(request_id)
        return seen

    def forget(self, request_id: int, role: RelayRole) -> None:
        """Drop a request's mappings of one role (replies to those messages are ignored)."""
        for relay in self.session.exec(
            select(RelayMessage).where(
                RelayMessage.support_request_id == request_id, RelayMessage.role == role
            )
        ).all():
            self.session.delete(relay)
        self.session.flush()

    def card_message_id(self, request_id: int) -> int | None:
        """The Telegram id of a request's card in the group, once it has been sent."""
        return self.session.exec(
            select(RelayMessage.message_id).where(
                RelayMessage.support_request_id == request_id,
                RelayMessage.role == RelayRole.CARD,
            )
        ).first()

    @staticmethod
    def _from_worker(request_id: int | None) -> tuple[Any, ...]:
        """Where a worker's message to the young person in this thread is."""
        return (
            RelayMessage.support_request_id == request_id,
            RelayMessage.role == RelayRole.TO_YOUNG_PERSON,
            col(RelayMessage.staff_id).is_not(None),
        )

    def last_from_worker(self, request_id: int | None) -> datetime | None:
        """When a worker last wrote to the young person in this thread (None when nobody has)."""
        return self.session.exec(
            select(RelayMessage.created_at)
            .where(*self._from_worker(request_id))
            .order_by(col(RelayMessage.created_at).desc())
        ).first()

    def worker_wrote(self, request_id: int | None) -> bool:
        """Whether a worker ever wrote to the young person in this thread."""
        wrote = self.session.exec(
            select(RelayMessage.id).where(*self._from_worker(request_id))
        ).first()
        return wrote is not None

    def times_to_group(self, request_id: int | None, chat_id: int, limit: int) -> list[datetime]:
        """When the young person's last ``limit`` messages in this thread went to the team,
        from ``chat_id``, newest first."""
        return list(
            self.session.exec(
                select(RelayMessage.created_at)
                .where(
                    RelayMessage.support_request_id == request_id,
                    RelayMessage.chat_id == chat_id,
                    RelayMessage.role == RelayRole.TO_GROUP,
                )
                .order_by(col(RelayMessage.created_at).desc())
                .limit(limit)
            ).all()
        )


# Built once: every message of a young person in a thread runs these (Core, on the table:
# no ORM objects, and every mapping they read was flushed when it was added).
_LINK_COLUMNS = (
    "service_id",
    "support_request_id",
    "chat_id",
    "message_id",
    "role",
    "staff_id",
    "created_at",
)
_BINDS = tuple(f"b_{column}" for column in _LINK_COLUMNS)
_LINK = {
    name: insert(RELAY)
    .values({column: bindparam(f"b_{column}") for column in _LINK_COLUMNS})
    .on_conflict_do_nothing(index_elements=["chat_id", "message_id"])
    for name, insert in (("sqlite", sqlite_insert), ("postgresql", pg_insert))
}
REQUEST: Table = SupportRequest.__table__  # type: ignore[attr-defined]
_REQUEST_ROWS = Rows(SupportRequest)
_REQUEST_COLUMNS = tuple(column for column in _REQUEST_ROWS.columns if column != "id")
# Built once: "Send it" opens a request with it. A reference already taken inserts nothing.
_CREATE = {
    name: insert(REQUEST)
    .values({column: bindparam(column) for column in _REQUEST_COLUMNS})
    .on_conflict_do_nothing(index_elements=["reference"])
    .returning(REQUEST.c.id)
    for name, insert in (("sqlite", sqlite_insert), ("postgresql", pg_insert))
}
_SET_CARD = (
    update(REQUEST)
    .where(REQUEST.c.id == bindparam("request_id"))
    .values(card_outbox_id=bindparam("card"))
)


def _reference(size: int) -> str:
    return "R-" + "".join(secrets.choice(_ALPHABET) for _ in range(size))


_OPEN_COUNT = core_select(func.count()).where(  # every "Send it" asks it
    REQUEST.c.young_person_id == bindparam("case_id"),
    REQUEST.c.kind == RequestKind.REQUEST,
    REQUEST.c.status.in_(OPEN_STATUSES),
)
_NEWEST_FROM_TEAM = core_select(func.max(R.id)).where(
    R.support_request_id == bindparam("request_id"),
    R.role == RelayRole.TO_YOUNG_PERSON,
    R.staff_id.is_not(None),
)
_NEWEST_TO = core_select(func.max(R.id)).where(
    R.chat_id == bindparam("chat_id"), R.role == RelayRole.TO_YOUNG_PERSON
)
_NEWEST_BOTH = core_select(
    _NEWEST_FROM_TEAM.scalar_subquery(), _NEWEST_TO.scalar_subquery()
)  # a thread message's burst asks both at once

SERVICE: Table = Service.__table__  # type: ignore[attr-defined]
_SERVICE_ROWS = Rows(Service)
PLAN: Table = Plan.__table__  # type: ignore[attr-defined]
GROUP: Table = GroupLink.__table__  # type: ignore[attr-defined]
OUTBOX: Table = OutboxMessage.__table__  # type: ignore[attr-defined]
_BEFORE_SENDING = core_select(
    *SERVICE.columns,
    _OPEN_COUNT.scalar_subquery().label("open_requests"),
    core_select(GROUP.c.chat_id)
    .where(
        GROUP.c.service_id == SERVICE.c.id,
        GROUP.c.purpose == bindparam("purpose"),
        GROUP.c.chat_id.is_not(None),
    )
    .order_by(GROUP.c.linked_at.desc())
    .limit(1)
    .scalar_subquery()
    .label("group_chat"),
    core_select(PLAN.c.lead_person_id)
    .where(PLAN.c.service_id == SERVICE.c.id, PLAN.c.young_person_id == bindparam("case_id"))
    .limit(1)
    .scalar_subquery()
    .label("plan_lead"),
).where(SERVICE.c.id == bindparam("service_id"))
_WITH_CARD_CHAT = (
    core_select(*REQUEST.columns, OUTBOX.c.chat_id.label("card_chat"))
    .select_from(REQUEST.outerjoin(OUTBOX, OUTBOX.c.id == REQUEST.c.card_outbox_id))
    .where(REQUEST.c.id == bindparam("key"))
)
_CHAT_OF_ROW = core_select(OUTBOX.c.chat_id).where(OUTBOX.c.id == bindparam("row_id"))
