"""The network record: safe / not safe / not sure (staff, from /case) and the young person's
wish for contact (in their own words), and the rule that no lead goes out about someone
marked not safe or no contact."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text
from sqlmodel import select

from dialogs.cases.network_record import blocks_lead, wish_of
from dialogs.core.clock import FakeClock
from dialogs.engine import Engine
from dialogs.young import team_notes
from storage.db import Database
from storage.migrate import downgrade, upgrade
from storage.models import (
    AuditEvent,
    ContactStatus,
    ContactWish,
    OutboxMessage,
    Person,
    PersonCircle,
    PersonSafety,
)
from storage.uow import unit_of_work
from tests.support.chat import Chat
from tests.support.seed import seed_kent

ALEX = 5001
SAM = 1001
RILEY = 2001  # staff of another service
GROUP = -100500


@pytest.fixture
def engine(db: Database, clock: FakeClock) -> Engine:
    now = clock.now()
    with unit_of_work(db) as uow:
        invite = seed_kent(uow, now, sussex=True)
    engine = Engine(db, clock)
    engine.invite_code = invite.code  # type: ignore[attr-defined]
    return engine


def join(engine: Engine, share: bool = True) -> Chat:
    alex = Chat(engine, ALEX)
    alex.command("start", engine.invite_code)  # type: ignore[attr-defined]
    alex.press("Yes")
    alex.press("Yes" if share else "No")
    assert alex.keys()[-1] == "menu.title"
    return alex


def add_person(
    db: Database,
    now: datetime,
    name: str,
    relationship: str = "dad",
    contact: ContactStatus | None = ContactStatus.IN_TOUCH,
) -> int:
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None
        person = uow.people.add(
            case,
            Person(
                service_id=0,
                young_person_id=0,
                name=name,
                relationship=relationship,
                circle=PersonCircle.FAMILY,
                contact=contact,
                created_at=now,
                updated_at=now,
            ),
        )
        assert person.id is not None
        return person.id


def stored(db: Database, person_id: int) -> Person:
    with unit_of_work(db) as uow:
        person = uow.session.get(Person, person_id)
        assert person is not None
        uow.session.expunge(person)
        return person


def reference(db: Database) -> str:
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None
        return case.reference


# --- the young person's words -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("words", "wish"),
    [
        ("yes", ContactWish.WANT),
        ("ye", ContactWish.WANT),
        ("Yes please x", ContactWish.WANT),
        ("defo", ContactWish.WANT),
        ("i miss her so much", ContactWish.WANT),
        ("nah", ContactWish.NO_CONTACT),
        ("not him", ContactWish.NO_CONTACT),
        ("Not her!!", ContactWish.NO_CONTACT),
        ("i dont want to see him", ContactWish.NO_CONTACT),
        ("no way", ContactWish.NO_CONTACT),
        ("dunno", ContactWish.MAYBE),
        ("idk", ContactWish.MAYBE),
        ("not sure tbh", ContactWish.MAYBE),
        ("dunno tbh", ContactWish.MAYBE),
        ("nah mate", ContactWish.NO_CONTACT),
        ("hmm yes i think", ContactWish.WANT),
        ("maybe", ContactWish.MAYBE),
        ("not now", ContactWish.MAYBE),
        ("hmm", None),
        ("what is this about and why do you want to know about my family", None),
    ],
)
def test_wish_in_their_own_words(words: str, wish: ContactWish | None) -> None:
    assert wish_of(words) == wish


@pytest.mark.parametrize(
    ("words", "wish", "shown"),
    [
        ("nah", ContactWish.NO_CONTACT, "Would you like to be in touch? No"),
        ("dunno", ContactWish.MAYBE, "Would you like to be in touch? Maybe"),
        ("not him", ContactWish.NO_CONTACT, "Would you like to be in touch? No"),
        ("yes", ContactWish.WANT, "Would you like to be in touch? Yes"),
    ],
)
def test_young_person_sets_their_wish_in_their_words(
    engine: Engine, db: Database, clock: FakeClock, words: str, wish: ContactWish, shown: str
) -> None:
    alex = join(engine)
    dave = add_person(db, clock.now(), "Dave")
    alex.press("My people")
    alex.press("Dave — Dad")
    assert "Would you like to be in touch? Not said yet" in alex.said
    assert "Safe to be in touch? Not talked about yet" in alex.said
    alex.press("Do I want contact?")
    assert alex.keys() == ["people.ask.wish"]
    assert "Would you like to be in touch with Dave?" in alex.said
    assert "no wrong answer" in alex.said  # kind, no judgement
    alex.text(words)
    assert alex.keys()[:2] == ["people.wish.saved", "people.view"]
    assert shown in alex.said
    assert stored(db, dave).wish == wish


def test_wish_by_button_and_changed_again(engine: Engine, db: Database, clock: FakeClock) -> None:
    alex = join(engine)
    dave = add_person(db, clock.now(), "Dave")
    alex.press("My people")
    alex.press("Dave — Dad")
    alex.press("Do I want contact?")
    alex.press("No, I'd rather not")
    assert stored(db, dave).wish == ContactWish.NO_CONTACT
    alex.press("Do I want contact?")
    alex.press("Maybe, I'm not sure")
    assert stored(db, dave).wish == ContactWish.MAYBE
    alex.press("Do I want contact?")
    alex.text("what even is this")  # not an answer: nothing stored, asked again
    assert stored(db, dave).wish == ContactWish.MAYBE
    assert "people.wish.saved" not in alex.sent()


# --- staff: who is safe --------------------------------------------------------------------
def test_staff_mark_someone_not_safe_from_case(
    engine: Engine, db: Database, clock: FakeClock
) -> None:
    join(engine)
    dave = add_person(db, clock.now(), "Dave")
    add_person(db, clock.now(), "Nan Rose", "nan")
    ref = reference(db)
    sam = Chat(engine, SAM)
    sam.command("case", ref)
    assert sam.keys() == ["staff.case.summary"]
    assert sam.labels() == ["Who is safe", "Genogram (GEDCOM)"]
    sam.press("Who is safe")
    assert sam.keys() == ["geno.staff.people"]
    assert "Dave — Dad" in sam.labels() and "Nan Rose — Nan" in sam.labels()
    sam.press("Dave — Dad")
    assert "Dave (Dad)" in sam.said and "Safe: not recorded" in sam.said
    sam.press("⚠ Not safe")
    assert "Saved: Dave is marked NOT SAFE." in sam.said
    assert "⚠ Dave — Dad" in sam.labels()  # the list shows the mark
    assert stored(db, dave).safety == PersonSafety.NOT_SAFE
    sam.press("⚠ Dave — Dad")
    sam.press("Not sure")
    assert stored(db, dave).safety == PersonSafety.NOT_SURE
    sam.press("? Dave — Dad")
    sam.press("Clear")
    assert stored(db, dave).safety is None
    with unit_of_work(db) as uow:
        marks = uow.session.exec(
            select(AuditEvent).where(AuditEvent.action == "person_safety_set")
        ).all()
        assert len(marks) == 3 and all(mark.actor == "staff" for mark in marks)
    # The young person reads it kindly on their card.
    with unit_of_work(db) as uow:
        person = uow.session.get(Person, dave)
        assert person is not None
        person.safety = PersonSafety.NOT_SAFE
    alex = Chat(engine, ALEX)
    alex.command("people")
    alex.press("Dave — Dad")
    assert "Safe to be in touch? Not right now" in alex.said


def test_sharing_off_shows_no_names_and_marks_nothing(
    engine: Engine, db: Database, clock: FakeClock
) -> None:
    join(engine, share=False)
    add_person(db, clock.now(), "Dave")
    sam = Chat(engine, SAM)
    sam.command("case", reference(db))
    sam.press("Who is safe")
    assert sam.keys() == ["geno.staff.private"]
    assert "doesn't share their people with you" in sam.said and "Dave" not in sam.said
    sam.press("Genogram (GEDCOM)")
    assert sam.keys() == ["geno.staff.gedcom.private"]
    assert all(reply.document is None for reply in sam.last)


def test_another_service_cannot_reach_the_case(
    engine: Engine, db: Database, clock: FakeClock
) -> None:
    join(engine)
    add_person(db, clock.now(), "Dave")
    riley = Chat(engine, RILEY)
    riley.command("case", reference(db))
    assert riley.keys() == ["staff.case.not_found"] and riley.labels() == []


def test_staff_who_left_the_service_reach_nothing_from_an_old_screen(
    engine: Engine, db: Database, clock: FakeClock
) -> None:
    join(engine)
    dave = add_person(db, clock.now(), "Dave")
    sam = Chat(engine, SAM)
    sam.command("case", reference(db))
    sam.press("Who is safe")
    listing = sam.last
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None
        member = uow.staff.in_service(case.service_id, SAM)
        assert member is not None
        member.active = False
    sam.press("Dave — Dad", listing)
    assert "Dave" not in sam.said
    assert stored(db, dave).safety is None


# --- the lead rule ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("safety", "wish", "blocked"),
    [
        (None, None, False),
        (PersonSafety.SAFE, ContactWish.WANT, False),
        (PersonSafety.NOT_SURE, ContactWish.MAYBE, False),
        (PersonSafety.NOT_SAFE, None, True),
        (None, ContactWish.NO_CONTACT, True),
        (PersonSafety.SAFE, ContactWish.NO_CONTACT, True),
    ],
)
def test_no_lead_about_someone_not_safe_or_no_contact(
    safety: PersonSafety | None, wish: ContactWish | None, blocked: bool
) -> None:
    person = Person(
        service_id=1,
        young_person_id=1,
        name="Dave",
        relationship="dad",
        circle=PersonCircle.FAMILY,
        contact=ContactStatus.WOULD_LIKE_TO_FIND,
        safety=safety,
        wish=wish,
    )
    assert blocks_lead(person) is blocked
    assert team_notes.is_lead(person) is not blocked


def lead_notes(db: Database) -> list[OutboxMessage]:
    with unit_of_work(db) as uow:
        rows = uow.session.exec(select(OutboxMessage).where(OutboxMessage.chat_id == GROUP))
        return [row for row in rows if row.kind.endswith("lead.named")]


def test_no_lead_is_offered_when_they_want_no_contact(
    engine: Engine, db: Database, clock: FakeClock
) -> None:
    alex = join(engine)
    add_person(db, clock.now(), "Dave", contact=ContactStatus.IN_TOUCH)
    alex.press("My people")
    alex.press("Dave — Dad")
    alex.press("Do I want contact?")
    alex.text("not him")
    alex.press("Change contact")
    alex.press("I'd like to find them")
    assert "share.lead.ask" not in alex.sent()
    assert lead_notes(db) == []


def test_a_lead_offered_before_marked_not_safe_is_not_sent(
    engine: Engine, db: Database, clock: FakeClock
) -> None:
    alex = join(engine)
    dave = add_person(db, clock.now(), "Dave", contact=ContactStatus.IN_TOUCH)
    alex.press("My people")
    alex.press("Dave — Dad")
    alex.press("Change contact")
    alex.press("I'd like to find them")
    assert alex.keys()[-1] == "share.lead.ask"
    offer = alex.last
    sam = Chat(engine, SAM)
    sam.command("case", reference(db))
    sam.press("Who is safe")
    sam.press("Dave — Dad")
    sam.press("⚠ Not safe")
    assert stored(db, dave).safety == PersonSafety.NOT_SAFE
    alex.press("Send", offer)
    assert alex.keys() == ["share.gone"]
    assert lead_notes(db) == []


def test_a_lead_is_still_sent_for_someone_safe(
    engine: Engine, db: Database, clock: FakeClock
) -> None:
    alex = join(engine)
    add_person(db, clock.now(), "Dave", contact=ContactStatus.IN_TOUCH)
    alex.press("My people")
    alex.press("Dave — Dad")
    alex.press("Do I want contact?")
    alex.text("yes")
    alex.press("Change contact")
    alex.press("I'd like to find them")
    alex.press("Send")
    assert alex.keys() == ["share.sent"]
    assert len(lead_notes(db)) == 1


# --- migration -------------------------------------------------------------------------------
def test_existing_people_migrate_without_loss(db_url: str) -> None:
    db = Database(db_url)
    upgrade(db, "0011")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO service (id, slug, name, review_every_days, min_age, "
                "quiet_start_hour, quiet_end_hour, urgent_response_minutes, "
                "normal_response_minutes, work_start_hour, work_end_hour, created_at) "
                "VALUES (1, 'kent', 'Kent', 90, 16, 21, 9, 60, 480, 9, 17, "
                "'2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO young_person (id, service_id, reference, status, unreachable, "
                "created_at) VALUES (1, 1, 'KENT-AB2CD', 'active', false, "
                "'2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO person (id, service_id, young_person_id, name, relationship, "
                "circle, closeness, contact, may_contact, created_at, updated_at) VALUES "
                "(7, 1, 1, 'sealed-name', 'nan', 'family', 1, 'lost_touch', true, "
                "'2026-01-01 00:00:00', '2026-01-02 00:00:00')"
            )
        )
    columns = "name, relationship, circle, closeness, contact, may_contact"
    with db.engine.connect() as conn:
        before = conn.execute(text(f"SELECT {columns} FROM person")).all()
    upgrade(db)
    with db.engine.connect() as conn:
        after = conn.execute(text(f"SELECT {columns}, safety, wish FROM person")).all()
    assert [tuple(row)[:6] for row in after] == [tuple(row) for row in before]
    assert [tuple(row)[6:] for row in after] == [(None, None)]
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE person SET safety = 'not_safe', wish = 'maybe'"))
    downgrade(db, "0011")  # and back: the rest is kept
    with db.engine.connect() as conn:
        assert [tuple(r) for r in conn.execute(text(f"SELECT {columns} FROM person"))] == [
            tuple(row) for row in before
        ]
    db.dispose()


def test_their_data_file_holds_both(engine: Engine, db: Database, clock: FakeClock) -> None:
    from dialogs.core.context import Context
    from dialogs.core.events import Event, EventKind
    from dialogs.young.privacy import export

    join(engine)
    dave = add_person(db, clock.now(), "Dave")
    with unit_of_work(db) as uow:
        person = uow.session.get(Person, dave)
        assert person is not None
        person.safety, person.wish = PersonSafety.NOT_SURE, ContactWish.MAYBE
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None
        event = Event(update_id=1, chat_id=ALEX, user_id=ALEX, kind=EventKind.TEXT, text="x")
        data = export(Context(uow, event, clock.now(), None, case), case)
    [row] = data["people"]
    assert (row["you_want_contact"], row["safe_to_be_in_touch"]) == ("maybe", "not_sure")


def test_the_lead_is_offered_again_only_when_no_contact_is_lifted(
    engine: Engine, db: Database, clock: FakeClock
) -> None:
    alex = join(engine)
    add_person(db, clock.now(), "Dave", contact=ContactStatus.LOST_TOUCH)
    alex.press("My people")
    alex.press("Dave — Dad")
    alex.press("Do I want contact?")
    alex.text("yes")  # nothing was blocking a lead: not asked again
    assert "share.lead.ask" not in alex.sent()
    alex.press("Do I want contact?")
    alex.text("nah")
    assert "share.lead.ask" not in alex.sent()
    alex.press("Do I want contact?")
    alex.text("maybe")  # no longer "no contact": theirs to send, or not
    assert alex.keys()[-1] == "share.lead.ask"
