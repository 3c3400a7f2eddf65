"""Dated person events: written wherever people change, replayable, backfilled by 0012."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from sqlalchemy import text
from sqlmodel import col, select

from dialogs.core.clock import FakeClock
from dialogs.staff.admin import create_invite, create_service
from storage.db import Database
from storage.migrate import current_revision, downgrade, upgrade
from storage.models import (
    ContactStatus,
    Person,
    PersonCircle,
    PersonEvent,
    PersonEventKind,
    YoungPerson,
)
from storage.report_history import EventRow, PersonState, network_at
from storage.uow import unit_of_work
from tests.support.world import World, seed_plan
from tests.support.world import world as world  # the fixture


def _case(db: Database, clock: FakeClock) -> int:
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent Lifelong Links", clock.now(), 90, 16)
        ref = create_invite(uow, "kent", "Alex", date(2008, 5, 1), clock.now()).reference
        case = uow.session.exec(select(YoungPerson).where(YoungPerson.reference == ref)).one()
        assert case.id is not None
        return case.id


def _events(db: Database) -> list[PersonEvent]:
    with unit_of_work(db) as uow:
        rows = uow.session.exec(select(PersonEvent).order_by(col(PersonEvent.id))).all()
        uow.session.expunge_all()
        return list(rows)


def test_every_change_to_a_person_is_a_dated_event(db: Database, clock: FakeClock) -> None:
    case_id = _case(db, clock)
    with unit_of_work(db) as uow:
        case = uow.session.get(YoungPerson, case_id)
        assert case is not None
        nan = uow.people.add(
            case,
            Person(
                service_id=0,
                young_person_id=0,
                name="Nan Secretname",
                relationship="nan",
                circle=PersonCircle.FAMILY,
                closeness=1,
                contact=ContactStatus.WOULD_LIKE_TO_FIND,
                created_at=clock.now(),
                updated_at=clock.now(),
            ),
        )
        nan_id = nan.id
    clock.advance(timedelta(days=1))
    with unit_of_work(db) as uow:
        case = uow.session.get(YoungPerson, case_id)
        assert case is not None and nan_id is not None
        nan = uow.people.get(case, nan_id)
        assert nan is not None
        nan.name = "Nanna"  # a name alone is no event
        uow.people.changed(nan, clock.now())
        nan.contact = ContactStatus.IN_TOUCH
        uow.people.changed(nan, clock.now())
        nan.closeness = 2
        uow.people.changed(nan, clock.now() + timedelta(hours=1))
    clock.advance(timedelta(days=1))
    with unit_of_work(db) as uow:
        case = uow.session.get(YoungPerson, case_id)
        assert case is not None and nan_id is not None
        nan = uow.people.get(case, nan_id)
        assert nan is not None
        uow.people.delete(nan, clock.now())
    events = _events(db)
    assert [e.kind for e in events] == [
        PersonEventKind.ADDED,
        PersonEventKind.FOUND,
        PersonEventKind.CHANGED,
        PersonEventKind.REMOVED,
    ]
    assert [e.contact for e in events[:2]] == [
        ContactStatus.WOULD_LIKE_TO_FIND,
        ContactStatus.IN_TOUCH,
    ]
    assert events[2].closeness == 2 and events[0].relationship == "nan"
    assert {e.person_id for e in events} == {nan_id}
    assert events[1].created_at - events[0].created_at == timedelta(days=1)
    assert not any(e.backfilled for e in events)
    with db.engine.connect() as conn:
        dump = repr(conn.execute(text("SELECT * FROM person_event")).all())
    assert "Secretname" not in dump and "Nanna" not in dump


def test_replay_gives_the_network_at_a_moment(clock: FakeClock) -> None:
    t0 = clock.now().timestamp()
    day = 86_400.0
    close = PersonState("friend", "friends", 1, "in_touch")
    worker = PersonState("social_worker", "professionals", 1, "in_touch")
    events: list[EventRow] = [
        (1, 10, "added", close, t0, False),
        (1, 11, "added", worker, t0 + day, False),
        (1, 10, "removed", close, t0 + 3 * day, False),
    ]
    assert set(network_at(events, t0)) == {10}
    assert set(network_at(events, t0 + 2 * day)) == {10, 11}
    assert set(network_at(events, t0 + 3 * day)) == {11}
    assert close.close_unpaid and not worker.close_unpaid
    ex_carer = PersonState("ex_foster_carer", "carers", 2, "in_touch")
    carer = PersonState("foster_carer", "carers", 1, "in_touch")
    unnamed_carer = PersonState("other", "carers", 1, "in_touch")
    not_close = PersonState("friend", "friends", 3, "in_touch")
    assert ex_carer.close_unpaid and not carer.close_unpaid
    assert not unnamed_carer.close_unpaid and not not_close.close_unpaid


def test_migration_backfills_an_added_event_per_person(db_url: str, clock: FakeClock) -> None:
    db = Database(db_url)
    # Seeded through today's models, then taken back to the revision before person events:
    # the rows stay, the events table goes, and the upgrade must backfill it.
    upgrade(db)
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent Lifelong Links", clock.now(), 90, 16)
        ref = create_invite(uow, "kent", "Alex", date(2008, 5, 1), clock.now()).reference
        case = uow.session.exec(select(YoungPerson).where(YoungPerson.reference == ref)).one()
        for n, contact in enumerate((ContactStatus.IN_TOUCH, ContactStatus.LOST_TOUCH)):
            uow.session.add(
                Person(
                    service_id=case.service_id,
                    young_person_id=case.id or 0,
                    name=f"Person {n}",
                    circle=PersonCircle.FAMILY,
                    closeness=n + 1,
                    contact=contact,
                    created_at=clock.now() - timedelta(days=10 - n),
                    updated_at=clock.now(),
                )
            )
    downgrade(db, "0011")
    upgrade(db)
    events = _events(db)
    assert [(e.kind, e.closeness, e.contact, e.backfilled) for e in events] == [
        (PersonEventKind.ADDED, 1, ContactStatus.IN_TOUCH, True),
        (PersonEventKind.ADDED, 2, ContactStatus.LOST_TOUCH, True),
    ]
    assert events[0].created_at == clock.now() - timedelta(days=10)
    with unit_of_work(db) as uow:
        assert len(uow.session.exec(select(Person)).all()) == 2  # nothing lost
    downgrade(db, "0011")
    assert current_revision(db) == "0011"
    upgrade(db)
    assert len(_events(db)) == 2
    db.dispose()


def test_the_people_screens_write_the_events(db: Database, world: World) -> None:
    """Through the young person's own screens: a lead marked, found, then removed."""
    alex = world.join()
    seed_plan(db, world.clock.now())  # Nan and Jo, added by the plan's import
    alex.command("people")
    nan = next(label for label in alex.labels() if label.startswith("Nan — "))
    alex.press(nan)
    alex.press("Change contact")
    alex.press("I'd like to find them")
    world.clock.advance(timedelta(days=30))
    alex.command("people")
    alex.press(next(label for label in alex.labels() if label.startswith("Nan — ")))
    alex.press("Change contact")
    alex.press("In touch")
    world.clock.advance(timedelta(days=1))
    alex.command("people")
    alex.press(next(label for label in alex.labels() if label.startswith("Nan — ")))
    alex.press("Remove")
    alex.press("Yes, remove")
    assert alex.keys()[0] == "people.removed"
    with unit_of_work(db) as uow:
        added = uow.session.exec(
            select(PersonEvent)
            .where(PersonEvent.kind == PersonEventKind.ADDED)
            .order_by(col(PersonEvent.id))
        ).all()
        assert len(added) == 2  # Nan and Jo
    nan_events = [e for e in _events(db) if e.person_id == added[0].person_id]
    assert [(e.kind, e.contact) for e in nan_events][1:] == [
        (PersonEventKind.CHANGED, ContactStatus.WOULD_LIKE_TO_FIND),
        (PersonEventKind.FOUND, ContactStatus.IN_TOUCH),
        (PersonEventKind.REMOVED, ContactStatus.IN_TOUCH),
    ]
    gaps = [b.created_at - a.created_at for a, b in itertools.pairwise(nan_events[1:])]
    assert gaps == [timedelta(days=30), timedelta(days=1)]
