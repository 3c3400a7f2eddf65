"""Repositories: the only place that queries tables.

Staff-facing case queries always take the service id, so one service can never read
another's cases. The one lookup without a service is a young person finding their *own*
case from their Telegram id: that id is who they are, and the case tells the service.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from sqlalchemy import Table, and_, bindparam, delete, func, insert, or_, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select, update

from storage.bulk import bulk_insert
from storage.models import (
    AppSetting,
    AuditEvent,
    CaseStatus,
    ConsentEvent,
    ConsentPurpose,
    ConversationState,
    GroupLink,
    GroupPurpose,
    Invite,
    OutboxMessage,
    OutboxStatus,
    Person,
    PersonEventKind,
    Plan,
    PlanItem,
    ProcessedUpdate,
    RelayRole,
    Service,
    Staff,
    StaffRole,
    YoungPerson,
)
from storage.report_history import (
    forget_person_events,
    record_person_change,
    record_person_event,
)
from storage.rows import Rows
from storage.types import UTCDateTime

if TYPE_CHECKING:
    from sqlalchemy.engine import CursorResult

# Crockford-style alphabet without look-alikes (0/O, 1/I/L) for references read aloud.
_REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def hash_code(code: str) -> str:
    """SHA-256 of a join or link code: codes are 128-bit random, so no salt is needed."""
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def new_code() -> str:
    """A URL-safe random code of 128 bits (22 characters of A-Za-z0-9_-)."""
    return secrets.token_urlsafe(16)


class Repository:
    """Base: a repository works inside one session."""

    def __init__(self, session: Session) -> None:
        self.session = session


class ServiceRepo(Repository):
    """Services (council teams)."""

    def create(
        self, slug: str, name: str, now: datetime, review_every_days: int = 90, min_age: int = 16
    ) -> Service:
        """Add a service; the caller checks the slug is free."""
        service = Service(
            slug=slug,
            name=name,
            review_every_days=review_every_days,
            min_age=min_age,
            created_at=now,
        )
        self.session.add(service)
        self.session.flush()
        return service

    def by_slug(self, slug: str) -> Service | None:
        """Find a service by its slug."""
        return self.session.exec(select(Service).where(Service.slug == slug)).first()

    def get(self, service_id: int) -> Service | None:
        """Find a service by id."""
        return _SERVICE_ROWS.get(self.session, service_id)

    def all(self) -> Sequence[Service]:
        """Every service, oldest first (the sweeps and the digest go through them all)."""
        return self.session.exec(select(Service).order_by(col(Service.id))).all()


class StaffRepo(Repository):
    """Coordinators and managers."""

    def add(
        self, service_id: int, telegram_user_id: int, name: str, role: StaffRole, now: datetime
    ) -> Staff:
        """Add a member of staff to a service."""
        staff = Staff(
            service_id=service_id,
            telegram_user_id=telegram_user_id,
            name=name,
            role=role,
            created_at=now,
        )
        self.session.add(staff)
        self.session.flush()
        return staff

    def in_service(self, service_id: int, telegram_user_id: int) -> Staff | None:
        """The active staff record of this Telegram user in this service, if any."""
        return self.session.exec(
            select(Staff).where(
                Staff.service_id == service_id,
                Staff.telegram_user_id == telegram_user_id,
                col(Staff.active).is_(True),
            )
        ).first()

    def get(self, service_id: int, staff_id: int) -> Staff | None:
        """A member of staff of this service by id."""
        staff = _STAFF_ROWS.get(self.session, staff_id)
        return staff if staff is not None and staff.service_id == service_id else None

    def active_in(self, service_id: int) -> Sequence[Staff]:
        """The service's active coordinators and managers."""
        return self.session.exec(
            select(Staff)
            .where(Staff.service_id == service_id, col(Staff.active).is_(True))
            .order_by(col(Staff.id))
        ).all()

    def memberships(self, telegram_user_id: int) -> Sequence[Staff]:
        """Every active staff record of a Telegram user (one per service)."""
        return self.session.exec(
            select(Staff).where(
                Staff.telegram_user_id == telegram_user_id, col(Staff.active).is_(True)
            )
        ).all()

    def active_user_ids(self) -> list[int]:
        """The Telegram ids of everyone with an active staff record, each once, ascending."""
        ids = self.session.exec(
            select(Staff.telegram_user_id).where(col(Staff.active).is_(True)).distinct()
        ).all()
        return sorted(int(user_id) for user_id in ids)


class CaseRepo(Repository):
    """Young people's cases."""

    def create(
        self,
        service: Service,
        first_name: str,
        date_of_birth: date,
        now: datetime,
        coordinator_id: int | None = None,
    ) -> YoungPerson:
        """Open a case in the invited state with a fresh, unique reference."""
        assert service.id is not None
        case = YoungPerson(
            service_id=service.id,
            reference=self._free_reference(service.slug),
            first_name=first_name,
            date_of_birth=date_of_birth,
            coordinator_id=coordinator_id,
            created_at=now,
        )
        self.session.add(case)
        self.session.flush()
        return case

    def _free_reference(self, slug: str) -> str:
        prefix = "".join(ch for ch in slug.upper() if ch.isalnum())[:4] or "LL"
        while True:
            ref = prefix + "-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(5))
            taken = self.session.exec(
                select(YoungPerson.id).where(YoungPerson.reference == ref)
            ).first()
            if taken is None:
                return ref

    def own_case(self, telegram_user_id: int) -> YoungPerson | None:
        """The case bound to this Telegram user (the young person themselves)."""
        row = self.session.execute(_OWN_CASE, {"user_id": telegram_user_id}).first()
        if row is None:
            return None
        values = row._mapping
        return _CASE_ROWS.loaded(self.session, {c: values[c] for c in _CASE_ROWS.columns})

    def own_case_and_state(
        self, telegram_user_id: int, chat_id: int
    ) -> tuple[YoungPerson | None, StateColumns | None]:
        """:meth:`own_case`, and (when there is a case) :meth:`StateRepo.load` of ``chat_id``.

        One statement for the two reads every young person's update starts with.
        """
        params = {"user_id": telegram_user_id, "chat_id": chat_id}
        row = self.session.execute(_OWN_CASE_AND_STATE, params).first()
        if row is None:
            return None, None
        values = row._mapping
        case = _CASE_ROWS.loaded(self.session, {c: values[c] for c in _CASE_ROWS.columns})
        if values["state_flow"] is None:  # flow is never NULL in a stored state
            return case, None
        state = StateColumns(
            values["state_flow"], values["state_step"], values["state_screen"], values["state_data"]
        )
        return case, state

    def get(self, service_id: int, case_id: int) -> YoungPerson | None:
        """A case of this service by id."""
        case = _CASE_ROWS.get(self.session, case_id)
        return case if case is not None and case.service_id == service_id else None

    def get_for_update(self, case_id: int) -> YoungPerson | None:
        """A case by id, its row locked until the transaction ends (None if there is none).

        For the outbox sender, which knows only the case id an undeliverable row was about.
        """
        return self.session.get(YoungPerson, case_id, with_for_update=True)

    def of_service(self, service_id: int) -> Sequence[YoungPerson]:
        """Every case of the service, whatever its status."""
        return self.session.exec(
            select(YoungPerson).where(YoungPerson.service_id == service_id)
        ).all()

    def by_reference(self, service_id: int, reference: str) -> YoungPerson | None:
        """A case of this service by its reference."""
        return self.session.exec(
            select(YoungPerson).where(
                YoungPerson.service_id == service_id, YoungPerson.reference == reference.upper()
            )
        ).first()

    def service_of_reference(self, reference: str) -> int | None:
        """Which service a case reference belongs to (operators' tools start from a reference)."""
        return self.session.exec(
            select(YoungPerson.service_id).where(YoungPerson.reference == reference.upper())
        ).first()

    def count_by_status(self, service_id: int) -> dict[str, int]:
        """How many cases the service has in each status."""
        rows = self.session.exec(
            select(YoungPerson.status, func.count())
            .where(YoungPerson.service_id == service_id)
            .group_by(YoungPerson.status)
        ).all()
        return {str(status): int(count) for status, count in rows}


class PersonRepo(Repository):
    """A young person's important people; every query is scoped to their case."""

    def add(self, case: YoungPerson, person: Person) -> Person:
        """Store a new person on this case."""
        assert case.id is not None
        person.service_id = case.service_id
        person.young_person_id = case.id
        self.session.add(person)
        self.session.flush()
        record_person_event(self.session, person, PersonEventKind.ADDED, person.created_at)
        return person

    def _scope(self, case: YoungPerson) -> Any:
        return select(Person).where(
            Person.service_id == case.service_id, Person.young_person_id == case.id
        )

    def list(self, case: YoungPerson, offset: int = 0, limit: int | None = None) -> list[Person]:
        """People of this case in the order they were added."""
        stmt = self._scope(case).order_by(col(Person.id)).offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        return list(self.session.exec(stmt).all())

    def count(self, case: YoungPerson) -> int:
        """How many people this case has."""
        return int(
            self.session.exec(
                select(func.count())
                .select_from(Person)
                .where(Person.service_id == case.service_id, Person.young_person_id == case.id)
            ).one()
        )

    def get(self, case: YoungPerson, person_id: int) -> Person | None:
        """One person of this case (None if it belongs to anyone else or was removed)."""
        person = self.session.get(Person, person_id)
        if person is None or person.young_person_id != case.id:
            return None
        return person if person.service_id == case.service_id else None

    def changed(self, person: Person, now: datetime) -> None:
        """Note an edit to a person, dated ``now`` (nothing if no category changed)."""
        record_person_change(self.session, person, now)

    def delete(self, person: Person, now: datetime) -> None:
        """Remove a person; a plan that named them keeps its items, with nobody named yet."""
        self._unlink([person.id] if person.id is not None else [])
        record_person_event(self.session, person, PersonEventKind.REMOVED, now)
        self.session.delete(person)

    def delete_all(self, case: YoungPerson) -> int:
        """Remove every person of this case, and their history; returns how many."""
        people = self.list(case)
        self._unlink([p.id for p in people if p.id is not None])
        for person in people:
            self.session.delete(person)
        forget_person_events(self.session, case.service_id, case.id or 0)
        return len(people)

    def _unlink(self, person_ids: Sequence[int]) -> None:
        if not person_ids:
            return
        self.session.execute(
            update(Plan)
            .where(col(Plan.lead_person_id).in_(person_ids))
            .values(lead_person_id=None)
            .execution_options(synchronize_session="fetch")
        )
        self.session.execute(
            update(PlanItem)
            .where(col(PlanItem.person_id).in_(person_ids))
            .values(person_id=None)
            .execution_options(synchronize_session="fetch")
        )


class InviteRepo(Repository):
    """Join codes."""

    def create(
        self,
        case: YoungPerson,
        code: str,
        now: datetime,
        expires_at: datetime,
        created_by_staff_id: int | None = None,
    ) -> Invite:
        """Store an invite for a case; only the code's hash is kept."""
        assert case.id is not None
        invite = Invite(
            service_id=case.service_id,
            young_person_id=case.id,
            code_hash=hash_code(code),
            created_at=now,
            expires_at=expires_at,
            created_by_staff_id=created_by_staff_id,
        )
        self.session.add(invite)
        self.session.flush()
        return invite

    def by_code(self, code: str) -> Invite | None:
        """Find an invite from the code a young person sent."""
        return self.session.exec(select(Invite).where(Invite.code_hash == hash_code(code))).first()


class ConsentRepo(Repository):
    """Append-only consent answers."""

    def record(
        self,
        case: YoungPerson,
        purpose: ConsentPurpose,
        granted: bool,
        text_version: str,
        now: datetime,
    ) -> ConsentEvent:
        """Add one consent answer."""
        assert case.id is not None
        event = ConsentEvent(
            service_id=case.service_id,
            young_person_id=case.id,
            purpose=purpose,
            granted=granted,
            text_version=text_version,
            created_at=now,
        )
        self.session.add(event)
        self.session.flush()
        return event

    def current(self, case: YoungPerson) -> dict[ConsentPurpose, bool]:
        """The latest answer per purpose (purposes never answered are absent)."""
        events = self.history(case)
        return {event.purpose: event.granted for event in events}

    def history(self, case: YoungPerson) -> Sequence[ConsentEvent]:
        """Every answer of this case, oldest first."""
        return self.session.exec(
            select(ConsentEvent)
            .where(
                ConsentEvent.service_id == case.service_id,
                ConsentEvent.young_person_id == case.id,
            )
            .order_by(col(ConsentEvent.id))
        ).all()


STATE: Table = ConversationState.__table__  # type: ignore[attr-defined]


class StateColumns(NamedTuple):
    """A chat's stored state, as read (``data`` decrypted)."""

    flow: str
    step: str
    screen: str
    data: str


_STATE_COLUMNS = ("chat_id", "user_id", "flow", "step", "screen", "data", "updated_at")
_STATE_BINDS: dict[str, Any] = {column: bindparam(f"b_{column}") for column in _STATE_COLUMNS}


def _state_upsert(insert: Any) -> Any:
    stmt = insert(STATE).values(_STATE_BINDS)
    changed = {column: stmt.excluded[column] for column in _STATE_COLUMNS[1:]}
    return stmt.on_conflict_do_update(index_elements=["chat_id"], set_=changed)


class StateRepo(Repository):
    """Per-chat dialog state.

    The engine reads and writes a chat's state on every update: :meth:`load`, :meth:`put`
    and :meth:`delete` are Core statements built once (no ORM object, one statement each).
    """

    _LOAD = select(STATE.c.flow, STATE.c.step, STATE.c.screen, STATE.c.data).where(
        STATE.c.chat_id == bindparam("chat_id")
    )
    _PUT = {"sqlite": _state_upsert(sqlite_insert), "postgresql": _state_upsert(pg_insert)}
    _DELETE = delete(STATE).where(STATE.c.chat_id == bindparam("chat_id"))

    def get(self, chat_id: int) -> ConversationState | None:
        """The stored state of a chat."""
        return self.session.get(ConversationState, chat_id)

    def load(self, chat_id: int) -> Any | None:
        """A chat's stored flow, step, screen and (decrypted) data, or None."""
        return self.session.execute(self._LOAD, {"chat_id": chat_id}).first()

    def put(self, state: ConversationState | Mapping[str, Any]) -> None:
        """Insert or update a chat's state in one statement (a row, or its columns by name)."""
        dialect = self.session.get_bind().dialect.name
        statement = self._PUT.get(dialect, self._PUT["sqlite"])
        if isinstance(state, Mapping):
            values = {f"b_{column}": state[column] for column in _STATE_COLUMNS}
        else:
            values = {f"b_{column}": getattr(state, column) for column in _STATE_COLUMNS}
        self.session.execute(statement, values)

    def save(self, state: ConversationState) -> None:
        """Insert or update a chat's state."""
        self.session.merge(state)

    def delete(self, chat_id: int) -> None:
        """Forget a chat's state."""
        state = self.session.get(ConversationState, chat_id)
        if state is not None:
            self.session.delete(state)

    def forget(self, chat_id: int) -> None:
        """:meth:`delete` in one statement (nothing loaded first)."""
        self.session.execute(self._DELETE, {"chat_id": chat_id})


class UpdateRepo(Repository):
    """Dedupe of Telegram updates."""

    # Plain SQL that SQLite (3.35+) and PostgreSQL both run: this is on every update's path,
    # and a text statement skips building and caching an ORM insert each time.
    _CLAIM = text(
        "INSERT INTO processed_update (bot_id, update_id, processed_at, outcome) "
        "VALUES (:bot_id, :update_id, :processed_at, :outcome) "
        "ON CONFLICT DO NOTHING RETURNING update_id"
    ).bindparams(bindparam("processed_at", type_=UTCDateTime()))

    def claim(self, bot_id: int, update_id: int, now: datetime, outcome: str = "ok") -> bool:
        """Record an update as handled; False when it was handled before."""
        params = {"bot_id": bot_id, "update_id": update_id, "processed_at": now, "outcome": outcome}
        return self.session.execute(self._CLAIM, params).first() is not None

    def was_processed(self, bot_id: int, update_id: int) -> bool:
        """Whether this update id was handled already."""
        return self.session.get(ProcessedUpdate, (bot_id, update_id)) is not None


class GroupRepo(Repository):
    """Telegram groups linked to a service."""

    def chat_for(self, service_id: int, purpose: GroupPurpose) -> int | None:
        """The linked group's chat id for this service and purpose, if one is linked."""
        params = {"service_id": service_id, "purpose": purpose}
        return self.session.execute(_CHAT_FOR, params).scalar()

    def linked_to(self, chat_id: int) -> Sequence[GroupLink]:
        """Every link (any service, any purpose) that points at this Telegram chat."""
        return self.session.exec(select(GroupLink).where(GroupLink.chat_id == chat_id)).all()

    def by_code_hash(self, code_hash: str) -> GroupLink | None:
        """The link a ``/link`` code was made for (its hash is all that is stored)."""
        return self.session.exec(select(GroupLink).where(GroupLink.code_hash == code_hash)).first()

    def add(self, link: GroupLink) -> GroupLink:
        """Store a new link (or a code waiting to be used); returns it with its id."""
        self.session.add(link)
        self.session.flush()
        return link


class OutboxRepo(Repository):
    """Messages waiting to be delivered by the outbox sender."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.queued = 0  # rows queued in this transaction (the sender is woken for them)
        # (row id, chat id) of the rows due at once queued in this transaction, in order:
        # the runtime's fast path sends them right after the commit.
        self.due_now: list[tuple[int, int]] = []
        self._unflushed: list[OutboxMessage] = []  # added, not yet given an id
        self._on_id: dict[int, Callable[[int], None]] = {}  # id(row) -> told the row's id

    def enqueue(
        self,
        *,
        chat_id: int,
        text: str,
        kind: str,
        idempotency_key: str,
        now: datetime,
        buttons: list[list[tuple[str, str]]] | None = None,
        service_id: int | None = None,
        young_person_id: int | None = None,
        not_before: datetime | None = None,
        method: str = "send",
        source: tuple[int, int] | None = None,
        target_message_id: int | None = None,
        target_outbox_id: int | None = None,
        force_reply: bool = False,
        relay: tuple[int, RelayRole] | None = None,
        attachment: bytes | None = None,
        filename: str | None = None,
        flush: bool = True,
        on_id: Callable[[int], None] | None = None,
        language: str | None = None,
    ) -> OutboxMessage:
        """Queue a message in the caller's transaction (sent only if that commits).

        ``method`` "copy" copies ``source`` (chat id, message id) with copyMessage, "edit"
        replaces the target message's text, "delete" deletes it. The target (a Telegram
        message id, or an outbox row not sent yet) is the message replied to, edited or
        deleted. ``relay`` (support request
        id, role) maps the sent message in ``relay_message`` so replies to it are routed.
        ``method`` "photo" or "document" sends ``attachment`` (stored encrypted) with ``text``
        as its caption and ``filename`` as the document's name.  ``flush=False`` leaves the
        row without an id, and out of the database, until :meth:`flush` (one INSERT for
        several rows): :meth:`flush` or the end of the unit of work inserts it; ``on_id`` is
        then told its id. Nothing in the transaction reads such a row before that.
        ``language``: the reader's, for what the sender writes into the message itself.
        """
        row = _OUTBOX_ROWS.new(
            {
                "method": method,
                "source_chat_id": source[0] if source else None,
                "source_message_id": source[1] if source else None,
                "target_message_id": target_message_id,
                "target_outbox_id": target_outbox_id,
                "force_reply": force_reply,
                "relay_request_id": relay[0] if relay else None,
                "relay_role": relay[1] if relay else None,
                "service_id": service_id,
                "young_person_id": young_person_id,
                "chat_id": chat_id,
                "kind": kind,
                "text": text,
                "buttons": json.dumps(buttons or []),
                "idempotency_key": idempotency_key,
                "not_before": not_before or now,
                "created_at": now,
                "attachment": base64.b64encode(attachment).decode()
                if attachment is not None
                else None,
                "filename": filename,
                "language": language,
            }
        )
        self.queued += 1
        self._unflushed.append(row)  # not in the session yet: flush() inserts it
        if on_id is not None:
            self._on_id[id(row)] = on_id
        if flush:
            self.flush()
        return row

    def flush(self) -> None:
        """Give the rows queued so far their ids, noting those due at once, in order.

        The rows go in as one Core INSERT … RETURNING id (in their order), not through the
        ORM's unit of work, which cost several times more on every update's path. They are
        then attached to the session as loaded rows: changing one later is an UPDATE, and
        ``session.get`` finds it, as before.
        """
        self.session.flush()  # whatever was added before them (a request, a token) goes first
        rows, self._unflushed = self._unflushed, []
        if rows:
            params = [{f"b_{c}": row.__dict__[c] for c in _OUTBOX_COLUMNS} for row in rows]
            if len(rows) > 1 and self.session.get_bind().dialect.name == "sqlite":
                # Ordered RETURNING is one INSERT per row on SQLite (it has no sentinel).
                # SQLite inserts a multi-row VALUES in order, each row's id the largest so
                # far + 1, the database locked to this transaction: sorted, the ids are in
                # parameter order. (PostgreSQL does it in one statement as it is.)
                ids = sorted(self.session.execute(_OUTBOX_INSERT_MANY, params).scalars().all())
            else:
                ids = list(self.session.execute(_OUTBOX_INSERT, params).scalars().all())
            for row, row_id in zip(rows, ids, strict=True):
                row.__dict__["id"] = row_id
                _OUTBOX_ROWS.attach(self.session, row)
        for row in rows:
            if row.id is not None and row.not_before <= row.created_at:
                self.due_now.append((row.id, row.chat_id))
            told = self._on_id.pop(id(row), None)
            if told is not None and row.id is not None:
                told(row.id)

    @property
    def unflushed(self) -> bool:
        """Whether rows queued with ``flush=False`` still wait for :meth:`flush`."""
        return bool(self._unflushed)

    def exists(self, idempotency_key: str) -> bool:
        """Whether a message with this idempotency key was ever queued."""
        return (
            self.session.exec(
                select(OutboxMessage.id).where(OutboxMessage.idempotency_key == idempotency_key)
            ).first()
            is not None
        )

    def get(self, row_id: int) -> OutboxMessage | None:
        """One outbox row."""
        return self.session.get(OutboxMessage, row_id)

    def of_case(self, case: YoungPerson, except_kind: str) -> Sequence[OutboxMessage]:
        """Every row about this case in its service, whatever its state, but ``except_kind``."""
        return self.session.exec(
            select(OutboxMessage).where(
                OutboxMessage.service_id == case.service_id,
                OutboxMessage.young_person_id == case.id,
                col(OutboxMessage.kind) != except_kind,
            )
        ).all()

    def case_replied_to(self, chat_id: int, message_id: int | None) -> YoungPerson | None:
        """The case a message in this chat was about: the row that sent it, or edited it.

        None when no row about a case sent (or edited) that message.
        """
        row = self.session.exec(
            select(OutboxMessage).where(
                OutboxMessage.chat_id == chat_id,
                col(OutboxMessage.young_person_id).is_not(None),
                or_(
                    col(OutboxMessage.telegram_message_id) == message_id,
                    and_(
                        col(OutboxMessage.method) == "edit",
                        col(OutboxMessage.target_message_id) == message_id,
                    ),
                ),
            )
        ).first()
        if row is None or row.young_person_id is None:
            return None
        return self.session.get(YoungPerson, row.young_person_id)

    def told_in_thread(self, young_person_id: int, request_id: int, kinds: Sequence[str]) -> bool:
        """Whether a row of one of ``kinds`` was ever queued in this request's thread."""
        return (
            self.session.exec(
                select(OutboxMessage.id).where(
                    OutboxMessage.young_person_id == young_person_id,
                    OutboxMessage.relay_request_id == request_id,
                    col(OutboxMessage.kind).in_(kinds),
                )
            ).first()
            is not None
        )

    def failed_between(
        self, service_id: int, since: datetime, until: datetime, unless_error: str
    ) -> int:
        """How many of the service's rows made in [since, until) failed for good.

        Rows failed with ``unless_error`` were queued again elsewhere, so they do not count.
        """
        return int(
            self.session.exec(
                select(func.count())
                .select_from(OutboxMessage)
                .where(
                    OutboxMessage.service_id == service_id,
                    OutboxMessage.status == OutboxStatus.FAILED,
                    or_(
                        col(OutboxMessage.last_error).is_(None),
                        col(OutboxMessage.last_error) != unless_error,
                    ),
                    col(OutboxMessage.created_at) >= since,
                    col(OutboxMessage.created_at) < until,
                )
            ).one()
        )

    def sending_since(self, cutoff: datetime) -> Sequence[OutboxMessage]:
        """Rows still ``sending`` that were claimed at or before ``cutoff`` (a crash mid-send)."""
        return self.session.exec(
            select(OutboxMessage).where(
                OutboxMessage.status == OutboxStatus.SENDING,
                col(OutboxMessage.claimed_at) <= cutoff,
            )
        ).all()

    def transition(
        self, row_id: int, only_if_sending: bool = True, count_attempt: bool = False, **values: Any
    ) -> bool:
        """Update one row, by default only while it is ``sending``; True if it changed.

        A single conditional UPDATE: no read-modify-write, so two writers cannot undo each other.
        ``count_attempt`` adds one to its attempts in the same statement.
        """
        if count_attempt:
            values["attempts"] = col(OutboxMessage.attempts) + 1
        stmt = update(OutboxMessage).where(col(OutboxMessage.id) == row_id)
        if only_if_sending:
            stmt = stmt.where(col(OutboxMessage.status) == OutboxStatus.SENDING)
        result = self.session.execute(
            stmt.values(**values).execution_options(synchronize_session=False)
        )
        return cast("CursorResult[Any]", result).rowcount == 1

    def add_many(
        self,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        shared: Mapping[str, Any] | None = None,
    ) -> None:
        """Insert many rows at once (see :func:`storage.bulk.bulk_insert`); nothing returned."""

        bulk_insert(self.session, OutboxMessage, columns, rows, shared)

    # Built once: a thread's every message asks where its card went. Two columns, not the
    # row: its text is encrypted, and every row this transaction queued is flushed already.
    _CHAT_OF = select(OutboxMessage.__table__.c.chat_id).where(  # type: ignore[attr-defined]
        OutboxMessage.__table__.c.id == bindparam("row_id")  # type: ignore[attr-defined]
    )

    def chat_of(self, row_id: int) -> int | None:
        """The chat an outbox row is (or was) sent to; None if there is no such row."""
        return self.session.execute(self._CHAT_OF, {"row_id": row_id}).scalar()

    def pending(self) -> Sequence[OutboxMessage]:
        """Rows not yet delivered (for tests and operators)."""
        return self.session.exec(
            select(OutboxMessage).where(
                col(OutboxMessage.status).in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
            )
        ).all()

    def abandon_pending(self, chat_id: int, reason: str) -> Sequence[OutboxMessage]:
        """Fail every row still waiting for this chat (it can no longer be sent to).

        Returns them, oldest first, so the caller can send what matters somewhere else.
        """
        rows = self.session.exec(
            select(OutboxMessage)
            .where(
                OutboxMessage.chat_id == chat_id,
                OutboxMessage.status == OutboxStatus.PENDING,
            )
            .order_by(col(OutboxMessage.id))
            .with_for_update()
        ).all()
        for row in rows:
            row.status = OutboxStatus.FAILED
            row.last_error = reason[:200]
            row.attachment = None
        return rows

    def due_heads(self, now: datetime, limit: int, per_chat: int) -> list[tuple[int, int]]:
        """(row id, chat id) of due pending rows the sender may start on, oldest first.

        At most ``per_chat`` rows per chat (its lowest ids), so one chat's backlog cannot fill
        the batch; chats holding a row that waits for a retry (pending, ``last_error`` set,
        ``not_before`` in the future) are left out, so their later rows keep their place.
        """
        held = (
            select(OutboxMessage.chat_id)
            .where(
                OutboxMessage.status == OutboxStatus.PENDING,
                col(OutboxMessage.not_before) > now,
                col(OutboxMessage.last_error).is_not(None),
            )
            .distinct()
        )
        rank = (
            func.row_number()
            .over(partition_by=col(OutboxMessage.chat_id), order_by=col(OutboxMessage.id))
            .label("rank")
        )
        due = (
            select(
                col(OutboxMessage.id).label("id"),
                col(OutboxMessage.chat_id).label("chat_id"),
                col(OutboxMessage.not_before).label("not_before"),
                rank,
            )
            .where(
                OutboxMessage.status == OutboxStatus.PENDING,
                col(OutboxMessage.not_before) <= now,
                col(OutboxMessage.chat_id).not_in(held),
            )
            .subquery()
        )
        stmt = (
            select(due.c.id, due.c.chat_id)
            .where(due.c.rank <= per_chat)
            .order_by(due.c.not_before, due.c.id)
            .limit(limit)
        )
        return [(int(row_id), int(chat_id)) for row_id, chat_id in self.session.execute(stmt)]

    def claim_one(self, row_id: int, now: datetime) -> OutboxMessage | None:
        """Mark one pending row ``sending`` and return it; None if it is not pending.

        One conditional UPDATE … RETURNING, right before the row is sent: of any number of
        senders exactly one wins a row, on SQLite (3.35+) and PostgreSQL alike.
        """
        stmt = (
            update(OutboxMessage)
            .where(
                col(OutboxMessage.id) == row_id,
                col(OutboxMessage.status) == OutboxStatus.PENDING,
            )
            .values(status=OutboxStatus.SENDING, claimed_at=now)
            .returning(OutboxMessage)
        )
        options = {"synchronize_session": False}
        return self.session.scalars(stmt, execution_options=options).first()

    def recent_attempts(self, since: datetime) -> list[tuple[int, datetime]]:
        """(chat id, time) of every send attempt since ``since`` (claim or delivery time).

        A restarted sender starts its rate limits from these, so a quick restart does not
        message a chat again within its window.
        """
        tried = func.coalesce(col(OutboxMessage.sent_at), col(OutboxMessage.claimed_at))
        parts = col(OutboxMessage.parts_sent)
        stmt = select(col(OutboxMessage.chat_id), tried, parts).where(tried >= since)
        # A long text sent in parts was that many messages, even if it is not finished.
        return [
            (int(chat_id), when)
            for chat_id, when, sent in self.session.execute(stmt)
            for _ in range(max(1, sent or 0))
        ]

    def failures(
        self, service_id: int, since: datetime, until: datetime | None = None
    ) -> Sequence[OutboxMessage]:
        """Rows of a service that could not be delivered, last tried in [since, until).

        For the digest: ``kind``, ``young_person_id`` and ``last_error`` say what and why;
        nothing here needs the (encrypted) text.
        """
        tried = func.coalesce(col(OutboxMessage.claimed_at), col(OutboxMessage.created_at))
        stmt = select(OutboxMessage).where(
            OutboxMessage.service_id == service_id,
            OutboxMessage.status == OutboxStatus.FAILED,
            tried >= since,
        )
        if until is not None:
            stmt = stmt.where(tried < until)
        return self.session.exec(stmt.order_by(col(OutboxMessage.id))).all()


# Built once, on the tables (Core, no ORM query set-up): every private update finds its case,
# and every card and relay the team's chat, the service, the request and its staff member.
_SERVICE_ROWS = Rows(Service)
_STAFF_ROWS = Rows(Staff)
_CASE_ROWS = Rows(YoungPerson)
CASE: Table = _CASE_ROWS.table
_OWN_CASE = (
    select(*CASE.columns)
    .where(
        CASE.c.telegram_user_id == bindparam("user_id"),
        CASE.c.status.in_([CaseStatus.JOINING, CaseStatus.ACTIVE, CaseStatus.DECLINED]),
    )
    .order_by(CASE.c.id.desc())
    .limit(1)
)
_OWN_CASE_AND_STATE = (
    select(
        *CASE.columns,
        *(STATE.c[name].label(f"state_{name}") for name in ("flow", "step", "screen", "data")),
    )
    .select_from(CASE.outerjoin(STATE, STATE.c.chat_id == bindparam("chat_id")))
    .where(
        CASE.c.telegram_user_id == bindparam("user_id"),
        CASE.c.status.in_([CaseStatus.JOINING, CaseStatus.ACTIVE, CaseStatus.DECLINED]),
    )
    .order_by(CASE.c.id.desc())
    .limit(1)
)
GROUP: Table = GroupLink.__table__  # type: ignore[attr-defined]
_CHAT_FOR = (
    select(GROUP.c.chat_id)
    .where(
        GROUP.c.service_id == bindparam("service_id"),
        GROUP.c.purpose == bindparam("purpose"),
        GROUP.c.chat_id.is_not(None),
    )
    .order_by(GROUP.c.linked_at.desc())
    .limit(1)
)
OUTBOX: Table = OutboxMessage.__table__  # type: ignore[attr-defined]
_OUTBOX_ROWS = Rows(OutboxMessage)
_OUTBOX_COLUMNS = tuple(column.name for column in OUTBOX.columns if column.name != "id")
_OUTBOX_INSERT = (  # built once: every update queues its answers with it
    insert(OUTBOX)
    .values({column: bindparam(f"b_{column}") for column in _OUTBOX_COLUMNS})
    .returning(OUTBOX.c.id, sort_by_parameter_order=True)
)
_OUTBOX_INSERT_MANY = (
    insert(OUTBOX)
    .values({column: bindparam(f"b_{column}") for column in _OUTBOX_COLUMNS})
    .returning(OUTBOX.c.id)
)


class AuditRepo(Repository):
    """Who did what to which case, without content."""

    def record(
        self,
        actor: str,
        action: str,
        now: datetime,
        service_id: int | None = None,
        young_person_id: int | None = None,
        staff_id: int | None = None,
    ) -> None:
        """Add an audit event (one INSERT, at once: nothing is left for the next flush).
        Handlers call :func:`storage.audit.record`, which works out the actor and staff."""
        values = {
            "service_id": service_id,
            "young_person_id": young_person_id,
            "actor": actor,
            "action": action,
            "created_at": now,
            "staff_id": staff_id,
        }
        self.session.execute(_AUDIT_INSERT, values)

    def count_actions(
        self, service_id: int, actions: Sequence[str], since: datetime, until: datetime
    ) -> dict[str, int]:
        """How many times each of ``actions`` was recorded for the service in [since, until).

        Actions never recorded are left out.
        """
        rows = self.session.exec(
            select(AuditEvent.action, func.count())
            .where(
                AuditEvent.service_id == service_id,
                col(AuditEvent.action).in_(actions),
                col(AuditEvent.created_at) >= since,
                col(AuditEvent.created_at) < until,
            )
            .group_by(AuditEvent.action)
        ).all()
        return {action: int(count) for action, count in rows}

    def said_since(self, young_person_id: int, action: str, since: datetime) -> bool:
        """Whether ``action`` was recorded about this case at or after ``since``."""
        said = self.session.exec(
            select(AuditEvent.id).where(
                AuditEvent.young_person_id == young_person_id,
                AuditEvent.action == action,
                col(AuditEvent.created_at) >= since,
            )
        ).first()
        return said is not None


AUDIT: Table = AuditEvent.__table__  # type: ignore[attr-defined]
# Built once: most updates of a young person record one. A Core INSERT, not an ORM object:
# an added object was flushed by the next query's autoflush, the unit of work's whole cost.
_AUDIT_COLUMNS = ("service_id", "young_person_id", "actor", "action", "created_at", "staff_id")
_AUDIT_INSERT = insert(AUDIT).values({column: bindparam(column) for column in _AUDIT_COLUMNS})


class SettingRepo(Repository):
    """Installation facts."""

    def get(self, key: str) -> str | None:
        """Read a setting."""
        row = self.session.get(AppSetting, key)
        return row.value if row else None

    def set(self, key: str, value: str) -> None:
        """Write a setting: an upsert, since workers starting together may write it at once
        (a read-then-insert let one of them fail on the key)."""
        dialect = self.session.get_bind().dialect.name
        upsert = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = upsert(AppSetting).values(key=key, value=value)
        self.session.execute(
            statement.on_conflict_do_update(index_elements=["key"], set_={"value": value})
        )
        self.session.get(AppSetting, key, populate_existing=True)  # no stale copy in the session
