"""The audit trail: who did what to which case, and when; never any content.

One call records an event, from a handler, a sweep or the command line::

    audit.record(uow, "case_viewed", now, case=case, staff=ctx.staff)
    audit.record(uow, "report_made", now, service_id=service.id)  # the operator, at the shell

``staff`` is the member of staff acting (a :class:`~storage.models.Staff`), or every staff
record of the person writing (``ctx.staff``, one per service): the one of the case's
service is kept. Without staff the actor is the operator unless ``actor`` says otherwise.
The action is a short fixed name (``case_viewed``, ``plan_edited``): never a name, a
message or anything the young person said.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from storage.models import AuditEvent, Service, Staff, StaffRole, YoungPerson
from storage.repositories import AuditRepo, Repository


class WithAudit(Protocol):
    """What :func:`record` needs of a unit of work: its audit repository.

    (A protocol, not :class:`storage.uow.UnitOfWork`, which builds on this module.)
    """

    @property
    def audit(self) -> AuditRepo:
        """The unit of work's audit repository."""
        ...


STAFF = "staff"
YOUNG_PERSON = "young_person"
OPERATOR = "operator"  # someone at the shell (the lifelinks command)
SCHEDULER = "scheduler"  # a sweep, on its own

MAX_ACTION = 60  # the column's length


def record(
    uow: WithAudit,
    action: str,
    now: datetime,
    *,
    case: YoungPerson | None = None,
    service_id: int | None = None,
    staff: Staff | Sequence[Staff] | None = None,
    actor: str | None = None,
) -> None:
    """Add one audit event: ``action`` on ``case`` (or on a service) at ``now``."""
    if len(action) > MAX_ACTION:
        raise ValueError(f"audit action longer than {MAX_ACTION} characters")
    service = case.service_id if case is not None else service_id
    member = _acting(staff, service)
    if service is None and member is not None:
        service = member.service_id
    uow.audit.record(
        actor or (STAFF if staff is not None else OPERATOR),
        action,
        now,
        service_id=service,
        young_person_id=case.id if case is not None else None,
        staff_id=member.id if member is not None else None,
    )


def _acting(staff: Staff | Sequence[Staff] | None, service_id: int | None) -> Staff | None:
    """The acting staff record: the one given, or the writer's record in the service."""
    if staff is None or isinstance(staff, Staff):
        return staff
    for member in staff:
        if service_id is None or member.service_id == service_id:
            return member
    return None


@dataclass(frozen=True)
class AuditLine:
    """One audit event as an operator reads it (no content: there is none to show)."""

    at: datetime  # UTC
    service: str  # the service's slug
    case: str | None  # the case reference
    actor: str
    staff_telegram_id: int | None
    staff_role: StaffRole | None
    action: str


def _lines(session: Session, where: ColumnElement[bool]) -> list[AuditLine]:
    rows = session.exec(
        select(AuditEvent, YoungPerson.reference, Service.slug, Staff)
        .join(YoungPerson, col(YoungPerson.id) == AuditEvent.young_person_id, isouter=True)
        .join(Service, col(Service.id) == AuditEvent.service_id, isouter=True)
        .join(Staff, col(Staff.id) == AuditEvent.staff_id, isouter=True)
        .where(where)
        .order_by(col(AuditEvent.created_at), col(AuditEvent.id))
    ).all()
    return [
        AuditLine(
            at=event.created_at,
            service=slug or "",
            case=reference,
            actor=event.actor,
            staff_telegram_id=member.telegram_user_id if member is not None else None,
            staff_role=member.role if member is not None else None,
            action=event.action,
        )
        for event, reference, slug, member in rows
    ]


def case_id(session: Session, reference: str) -> int | None:
    """The id of the case with this reference, in any service (None if there is none)."""
    return session.exec(
        select(YoungPerson.id).where(YoungPerson.reference == reference.strip().upper())
    ).first()


def for_case(session: Session, young_person_id: int) -> list[AuditLine]:
    """Everything done to one case, oldest first."""
    return _lines(session, col(AuditEvent.young_person_id) == young_person_id)


def staff_ids(session: Session, telegram_user_id: int) -> list[int]:
    """The staff records of a Telegram user, in every service, active or not."""
    found = session.exec(select(Staff.id).where(Staff.telegram_user_id == telegram_user_id))
    return [staff_id for staff_id in found.all() if staff_id is not None]


def for_staff(session: Session, ids: Sequence[int]) -> list[AuditLine]:
    """Everything these staff records did, oldest first."""
    return _lines(session, col(AuditEvent.staff_id).in_(list(ids)))


class AuditTrailRepo(Repository):
    """Reading the audit trail back (the operator's ``records`` commands)."""

    def case_id(self, reference: str) -> int | None:
        """:func:`case_id`: the id of the case with this reference, in any service."""
        return case_id(self.session, reference)

    def for_case(self, young_person_id: int) -> list[AuditLine]:
        """:func:`for_case`: everything done to one case, oldest first."""
        return for_case(self.session, young_person_id)

    def staff_ids(self, telegram_user_id: int) -> list[int]:
        """:func:`staff_ids`: the staff records of a Telegram user, in every service."""
        return staff_ids(self.session, telegram_user_id)

    def for_staff(self, ids: Sequence[int]) -> list[AuditLine]:
        """:func:`for_staff`: everything these staff records did, oldest first."""
        return for_staff(self.session, ids)
