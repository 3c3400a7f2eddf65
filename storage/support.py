"""Support requests and the relay map between the young person's chat and the team's group.

Every staff-side lookup takes the service id, so one service never reaches another's
requests; a young person reaches only requests of their own case.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Table, bindparam, func, update
from sqlalchemy import select as core_select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select

from storage.models import (
    OutboxMessage,
    RelayMessage,
    RelayRole,
    RequestKind,
    RequestStatus,
    SupportCategory,
    SupportRequest,
    Urgency,
    YoungPerson,
)
from storage.repositories import Repository

RELAY: Table = RelayMessage.__table__  # type: ignore[attr-defined]
R = RELAY.c

# Easy to read aloud on the phone: no 0/O, 1/I/L.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
OPEN_STATUSES = (RequestStatus.SENT, RequestStatus.PICKED_UP, RequestStatus.ANSWERED)


class SupportRepo(Repository):
    """Support requests."""

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
        request = SupportRequest(
            service_id=case.service_id,
            young_person_id=case.id,
            reference=self._free_reference(),
            category=category,
            urgency=urgency,
            text=text,
            media=json.dumps([[message_id, kind] for message_id, kind in media]),
            share_text=share_text,
            created_at=now,
            updated_at=now,
            escalate_at=escalate_at,
            kind=kind,
            crisis_category=crisis_category,
            origin=origin,
        )
        self.session.add(request)
        self.session.flush()
        return request

    def _free_reference(self) -> str:
        length = 4
        for attempt in range(50):
            # Longer references once the short ones get crowded.
            size = length + attempt // 10
            ref = "R-" + "".join(secrets.choice(_ALPHABET) for _ in range(size))
            taken = self.session.execute(_REFERENCE_TAKEN, {"reference": ref}).first()
            if taken is None:
                return ref
        raise RuntimeError("no free request reference")

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
        request = self.session.get(SupportRequest, request_id)
        return request if request is not None and request.young_person_id == case.id else None

    def open_count(self, case: YoungPerson) -> int:
        """How many of their requests are still open."""
        return int(self.session.execute(_OPEN_COUNT, {"case_id": case.id}).scalar_one())

    def get(self, service_id: int, request_id: int) -> SupportRequest | None:
        """A request of this service."""
        request = self.session.get(SupportRequest, request_id)
        return request if request is not None and request.service_id == service_id else None

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
_REFERENCE_TAKEN = core_select(REQUEST.c.id).where(REQUEST.c.reference == bindparam("reference"))
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
