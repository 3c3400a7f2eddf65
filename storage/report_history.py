"""Dated person events: the true history of each young person's network.

The storage layer writes one ``person_event`` wherever a person is added, changed, found
through a lead or removed (see :class:`storage.repositories.PersonRepo`). Each event holds
the person's categories *after* it, never a name or free text, so a network at any past
moment is each person's latest event up to then. :func:`network_at` replays them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from sqlmodel import Session, col, delete, select

from storage.models import ContactStatus, Person, PersonCircle, PersonEvent, PersonEventKind

# Relationship keys of people paid to be in a young person's life (current carers and
# workers). A former foster carer who stays in touch is not paid to, so "ex_foster_carer"
# is not here; the circles below cover anyone described only by their circle.
PAID_RELATIONSHIPS = frozenset({"foster_carer", "social_worker", "youth_worker", "teacher"})
PAID_CIRCLES = frozenset({PersonCircle.PROFESSIONALS.value, PersonCircle.CARERS.value})
IN_TOUCH = ContactStatus.IN_TOUCH.value
WOULD_LIKE_TO_FIND = ContactStatus.WOULD_LIKE_TO_FIND.value
REMOVED = PersonEventKind.REMOVED.value
UNPAID_RELATIONSHIPS = frozenset({"ex_foster_carer"})


class PersonState(NamedTuple):
    """One person's categories at some moment (no name), as stored strings."""

    relationship: str | None
    circle: str | None
    closeness: int | None
    contact: str | None

    @property
    def paid(self) -> bool:
        """Whether they are paid to be there: a worker or a current carer."""
        if self.relationship in PAID_RELATIONSHIPS:
            return True
        if self.relationship in UNPAID_RELATIONSHIPS:
            return False
        return self.circle in PAID_CIRCLES

    @property
    def close_unpaid(self) -> bool:
        """Close or very close, in touch, and not paid to be there."""
        return self.closeness in (1, 2) and self.contact == IN_TOUCH and not self.paid


def _text(value: str | None) -> str | None:
    return None if value is None else str(value)


def _state(person: Person) -> PersonState:
    return PersonState(
        person.relationship, _text(person.circle), person.closeness, _text(person.contact)
    )


def record_person_event(
    session: Session, person: Person, kind: PersonEventKind, at: datetime
) -> PersonEvent:
    """Add one dated event for ``person`` with their categories as they are now."""
    assert person.id is not None
    event = PersonEvent(
        service_id=person.service_id,
        young_person_id=person.young_person_id,
        person_id=person.id,
        kind=kind,
        relationship=person.relationship,
        circle=person.circle,
        closeness=person.closeness,
        contact=person.contact,
        created_at=at,
    )
    session.add(event)
    return event


def last_state(session: Session, person_id: int) -> PersonState | None:
    """The categories of a person's latest event (None if they have none)."""
    row = session.exec(
        select(PersonEvent)
        .where(PersonEvent.person_id == person_id)
        .order_by(col(PersonEvent.id).desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return PersonState(row.relationship, _text(row.circle), row.closeness, _text(row.contact))


def record_person_change(session: Session, person: Person, at: datetime) -> PersonEvent | None:
    """After an edit: a ``changed`` event (``found`` for a lead now in touch), or None.

    A change of name alone is not an event: no category moved.
    """
    assert person.id is not None
    session.flush()
    before = last_state(session, person.id)
    after = _state(person)
    if before == after:
        return None
    found = (
        before is not None and before.contact == WOULD_LIKE_TO_FIND and after.contact == IN_TOUCH
    )
    kind = PersonEventKind.FOUND if found else PersonEventKind.CHANGED
    return record_person_event(session, person, kind, at)


def forget_person_events(session: Session, service_id: int, young_person_id: int) -> None:
    """Delete a case's person history (they deleted their data: only counts stay)."""
    session.execute(
        delete(PersonEvent).where(
            col(PersonEvent.service_id) == service_id,
            col(PersonEvent.young_person_id) == young_person_id,
        )
    )


# One event as the report reads it: (young person id, person id, kind, state after it,
# seconds since the epoch (UTC), backfilled). A plain tuple: a report reads 100,000s of them.
EventRow = tuple[int, int, str, PersonState, float, bool]


def network_at(events: Iterable[EventRow], moment: float) -> dict[int, PersonState]:
    """Each person on the network at ``moment`` (epoch seconds; events in time order)."""
    network: dict[int, PersonState] = {}
    for _case, person, kind, state, at, _backfilled in events:
        if at > moment:
            break
        if kind == REMOVED:
            network.pop(person, None)
        else:
            network[person] = state
    return network
