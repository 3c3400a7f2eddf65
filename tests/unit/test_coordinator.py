"""A coordinator's private chat through the engine: /caseload, /case <ref> and /newcase."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import col, func, select

from dialogs.core.clock import FakeClock
from dialogs.engine import Engine
from dialogs.staff.admin import add_staff, create_invite, create_service
from dialogs.staff.coordinator import PAGE_SIZE, qr_png
from storage.db import Database
from storage.models import (
    AuditEvent,
    CaseStatus,
    ConsentPurpose,
    ContactStatus,
    ConversationState,
    Invite,
    Person,
    PersonCircle,
    PlanReview,
    StaffRole,
    SupportCategory,
    Urgency,
    YoungPerson,
)
from storage.repositories import hash_code
from storage.uow import UnitOfWork, unit_of_work
from tests.support.chat import Chat

SAM = 1001  # Kent coordinator
PAT = 1002  # another Kent coordinator
MORGAN = 1003  # Kent manager
RILEY = 2001  # Sussex coordinator
STRANGER = 7001
BOT = "LifelinksTestBot"
LINK = re.compile(r"https://t\.me/LifelinksTestBot\?start=([A-Za-z0-9_-]+)")
NOT_FOUND = "I can't find that case in your service"


@dataclass
class World:
    engine: Engine
    refs: dict[str, str]


def _person(name: str, circle: PersonCircle, closeness: int, now: datetime) -> Person:
    return Person(
        service_id=0,
        young_person_id=0,
        name=name,
        relationship="nan" if circle == PersonCircle.FAMILY else "friend",
        circle=circle,
        closeness=closeness,
        contact=ContactStatus.IN_TOUCH,
        created_at=now,
        updated_at=now,
    )


def _activate(
    uow: UnitOfWork, ref: str, user_id: int, share: bool, now: datetime, last: timedelta
) -> YoungPerson:
    service_id = uow.cases.service_of_reference(ref)
    assert service_id is not None
    case = uow.cases.by_reference(service_id, ref)
    assert case is not None
    case.status = CaseStatus.ACTIVE
    case.telegram_user_id = user_id
    case.joined_at = now - timedelta(days=30)
    case.last_active_at = now - last
    uow.consents.record(case, ConsentPurpose.USE, True, "en-test", now)
    uow.consents.record(case, ConsentPurpose.SHARE, not share, "en-test", now)
    uow.consents.record(case, ConsentPurpose.SHARE, share, "en-test", now)  # latest wins
    return case


def _plan(uow: UnitOfWork, case: YoungPerson, lead: Person, now: datetime) -> None:
    plan = uow.plans.create(case, 90, now)
    plan.lead_person_id = lead.id
    plan.next_review_at = datetime(2027, 2, 21, 10, 0, tzinfo=now.tzinfo)
    assert plan.id is not None
    uow.plans.add_review(
        PlanReview(
            service_id=case.service_id,
            plan_id=plan.id,
            answers="{}",
            wellbeing=4,
            comments="secret comment about home",
            created_at=now - timedelta(days=2),
        )
    )


@pytest.fixture
def world(db: Database, clock: FakeClock) -> World:
    now = clock.now()
    with unit_of_work(db) as uow:
        uow.settings.set("bot_username", BOT)
        create_service(uow, "kent", "Kent Lifelong Links", now, 90, 16)
        create_service(uow, "sussex", "East Sussex Lifelong Links", now, 90, 16)
        add_staff(uow, "kent", SAM, "Sam", StaffRole.COORDINATOR, now)
        add_staff(uow, "kent", PAT, "Pat", StaffRole.COORDINATOR, now)
        add_staff(uow, "kent", MORGAN, "Morgan", StaffRole.MANAGER, now)
        add_staff(uow, "sussex", RILEY, "Riley", StaffRole.COORDINATOR, now)

        def invite(service: str, name: str, born: date, coordinator: int) -> str:
            result = create_invite(
                uow, service, name, born, now, coordinator_telegram_id=coordinator
            )
            return result.reference

        refs = {
            "alex": invite("kent", "Alex", date(2008, 5, 1), SAM),
            "jo": invite("kent", "Jo", date(2007, 3, 3), SAM),
            "lee": invite("kent", "Lee", date(2014, 1, 1), SAM),
            "casey": invite("kent", "Casey", date(2006, 6, 6), PAT),
            "robin": invite("sussex", "Robin", date(2008, 8, 8), RILEY),
        }
        lee = uow.cases.by_reference(1, refs["lee"])
        assert lee is not None
        lee.status = CaseStatus.UNDER_AGE  # not on any caseload

        alex = _activate(uow, refs["alex"], 5001, True, now, timedelta(days=3))
        alex.unreachable = True
        nan = uow.people.add(alex, _person("Nan Betty", PersonCircle.FAMILY, 1, now))
        uow.people.add(alex, _person("Jordan", PersonCircle.FRIENDS, 2, now))
        uow.people.add(alex, _person("Mr Khan", PersonCircle.PROFESSIONALS, 1, now))
        _plan(uow, alex, nan, now)
        uow.support.create(
            alex,
            SupportCategory.MONEY,
            Urgency.WEEK,
            "I need money for the bus",
            [],
            True,
            now,
            now + timedelta(hours=8),
        )

        casey = _activate(uow, refs["casey"], 5002, False, now, timedelta(0))
        aunt = uow.people.add(casey, _person("Auntie Secretname", PersonCircle.FAMILY, 1, now))
        _plan(uow, casey, aunt, now)

        robin = _activate(uow, refs["robin"], 5003, True, now, timedelta(0))
        uow.people.add(robin, _person("Sussex Person", PersonCircle.FAMILY, 1, now))
    return World(Engine(db, clock), refs)


def case_count(db: Database) -> int:
    with unit_of_work(db) as uow:
        return int(uow.session.exec(select(func.count()).select_from(YoungPerson)).one())


def viewed(db: Database) -> list[tuple[int | None, int | None]]:
    with unit_of_work(db) as uow:
        rows = uow.session.exec(
            select(AuditEvent).where(AuditEvent.action == "case_viewed").order_by(AuditEvent.id)
        ).all()
        return [(row.service_id, row.young_person_id) for row in rows]


# --- /caseload --------------------------------------------------------------------------------
def test_caseload_shows_only_the_coordinators_own_cases(world: World) -> None:
    sam = Chat(world.engine, SAM)
    sam.command("caseload")
    assert sam.keys() == ["staff.caseload.page"]
    text = sam.said
    refs = world.refs
    assert refs["alex"] in text and refs["jo"] in text
    for other in ("casey", "robin", "lee"):  # Pat's, another service's, not on a caseload
        assert refs[other] not in text
    assert "Your young people: 2." in text
    # Active first, then invited.
    assert text.index(refs["alex"]) < text.index(refs["jo"])
    alex, jo = text.split("\n\n")[1:3]
    assert f"{refs['alex']}: Alex (active)" in alex
    assert "Last active: 3 days ago" in alex
    assert "People named: 3" in alex
    assert "Next review: 21 Feb 2027" in alex
    assert "Open requests: 1" in alex
    assert "Keeps data: yes. Shares: yes" in alex
    assert "Can't get messages" in alex
    assert f"{refs['jo']}: Jo (invited)" in jo
    assert "Last active: not yet" in jo and "Next review: no plan yet" in jo
    assert "Keeps data: not asked" in jo and "Can't get messages" not in jo
    # Counts only: never a name of someone they named, nor what they wrote.
    for secret in ("Nan Betty", "Jordan", "bus", "secret comment"):
        assert secret not in text
    assert sam.labels() == []  # one page: no buttons


def test_manager_sees_the_whole_service(world: World) -> None:
    morgan = Chat(world.engine, MORGAN)
    morgan.command("caseload")
    text = morgan.said
    assert "Young people in your service: 3." in text
    for ref in ("alex", "jo", "casey"):
        assert world.refs[ref] in text
    assert world.refs["robin"] not in text and world.refs["lee"] not in text
    assert "Last active: today" in text


def test_other_service_coordinator_sees_only_theirs(world: World) -> None:
    riley = Chat(world.engine, RILEY)
    riley.command("caseload")
    assert world.refs["robin"] in riley.said
    assert all(world.refs[ref] not in riley.said for ref in ("alex", "jo", "casey"))


def test_empty_caseload(world: World, db: Database, clock: FakeClock) -> None:
    with unit_of_work(db) as uow:
        add_staff(uow, "kent", 1009, "New", StaffRole.COORDINATOR, clock.now())
    new = Chat(world.engine, 1009)
    new.command("caseload")
    assert new.keys() == ["staff.caseload.empty"]


def test_long_caseload_is_paged(world: World, db: Database, clock: FakeClock) -> None:
    now = clock.now()
    with unit_of_work(db) as uow:
        for n in range(2 * PAGE_SIZE + 3):
            ref = create_invite(
                uow,
                "kent",
                f"{n:02d}" + "x" * 62,
                date(2008, 1, 1),
                now,
                coordinator_telegram_id=SAM,
            ).reference
            case = uow.cases.by_reference(1, ref)
            assert case is not None
            case.unreachable = True
    total = 2 * PAGE_SIZE + 3 + 2
    sam = Chat(world.engine, SAM)
    first = sam.command("caseload")
    assert sam.keys() == ["staff.caseload.page"]
    assert f"Your young people: {total}. Page 1 of 3." in sam.said
    assert sam.labels() == ["More ▶"]
    seen = re.findall(r"^([A-Z]+-[A-Z0-9]{5}):", sam.said, re.MULTILINE)
    sam.press("More ▶")
    assert "Page 2 of 3" in sam.said and sam.labels() == ["◀ Back a page", "More ▶"]
    seen += re.findall(r"^([A-Z]+-[A-Z0-9]{5}):", sam.said, re.MULTILINE)
    sam.press("More ▶")
    assert "Page 3 of 3" in sam.said and sam.labels() == ["◀ Back a page"]
    seen += re.findall(r"^([A-Z]+-[A-Z0-9]{5}):", sam.said, re.MULTILINE)
    assert len(seen) == len(set(seen)) == total
    assert seen[0] == world.refs["alex"]  # the active case leads
    assert all(len(reply.text) <= 4096 for reply in sam.last)
    # A button of an earlier page is stale: the current page is shown again.
    sam.press("More ▶", first)
    assert sam.keys() == ["button.expired", "staff.caseload.page"]
    assert "Page 3 of 3" in sam.said
    sam.press("◀ Back a page")
    assert "Page 2 of 3" in sam.said
    sam.text("hello")  # a short hello, and the page's buttons still there
    assert sam.keys() == ["staff.lang.hello"] and sam.labels() == ["◀ Back a page", "More ▶"]
    assert "Page 3 of 3" not in sam.said


def test_page_text_fits_with_the_longest_names(world: World, db: Database, clock) -> None:
    now = clock.now()
    with unit_of_work(db) as uow:
        for _ in range(PAGE_SIZE):
            ref = create_invite(
                uow, "kent", "W" * 64, date(2008, 1, 1), now, coordinator_telegram_id=SAM
            ).reference
            case = uow.cases.by_reference(1, ref)
            assert case is not None
            case.status = CaseStatus.ACTIVE
            case.unreachable = True
            case.last_active_at = now - timedelta(days=400)
    sam = Chat(world.engine, SAM)
    sam.command("caseload")
    assert all(len(reply.text) <= 4096 for reply in sam.last)


# --- /case <ref> ------------------------------------------------------------------------------
def test_case_summary_with_sharing_shows_names(world: World, db: Database) -> None:
    sam = Chat(world.engine, SAM)
    sam.command("case", world.refs["alex"].lower())
    assert sam.keys() == ["staff.case.summary"]
    text = sam.said
    assert f"{world.refs['alex']}: Alex, age 18" in text
    assert "Status: active. Joined: 24 Oct 2026. Last active: 3 days ago." in text
    assert "Keeps data: yes. Shares with you: yes." in text
    assert "Can't get messages" in text
    assert "People named: 3." in text
    assert "• Family (1): Nan Betty" in text
    assert "• Friends (1): Jordan" in text
    assert "• Workers (1): Mr Khan" in text
    assert "who aren't paid to be there: 2." in text
    assert "Plan lead: Nan Betty (Nan). Next review: 21 Feb 2027." in text
    assert "Last review: 4 out of 5, on 21 Nov 2026." in text
    assert "Open requests: 1" in text and "money, waiting to be picked up" in text
    # What they typed in a request or a review is not part of a summary.
    assert "bus" not in text and "secret comment" not in text
    with unit_of_work(db) as uow:
        alex = uow.cases.by_reference(1, world.refs["alex"])
        assert alex is not None
        assert viewed(db) == [(1, alex.id)]


def test_case_summary_without_sharing_gives_counts_only(world: World, db: Database) -> None:
    sam = Chat(world.engine, SAM)  # Casey is Pat's, but in Sam's service
    sam.command("case", world.refs["casey"])
    text = sam.said
    assert sam.keys() == ["staff.case.summary"]
    assert "Shares with you: no." in text
    assert "Secretname" not in text and "Auntie" not in text
    assert "People named: 1. They don't share with you" in text
    assert "• Family: 1" in text
    assert "Plan lead: chosen (name not shared)" in text
    assert "No open requests." in text
    assert "secret comment" not in text
    assert len(viewed(db)) == 1


def test_case_of_another_service_or_unknown_is_refused_the_same(world: World, db: Database) -> None:
    sam = Chat(world.engine, SAM)
    answers = []
    for ref in (world.refs["robin"], "KENT-ZZZZZ", "not a ref!", "x" * 200):
        sam.command("case", ref)
        assert sam.keys() == ["staff.case.not_found"]
        answers.append(sam.said)
    assert len(set(answers)) == 1 and NOT_FOUND in answers[0]
    assert "Sussex" not in answers[0] and "Robin" not in answers[0]
    sam.command("case")
    assert sam.keys() == ["staff.case.usage"]
    assert viewed(db) == []


def test_strangers_and_young_people_get_no_staff_screens(world: World) -> None:
    stranger = Chat(world.engine, STRANGER)
    for command, args in (("caseload", ""), ("case", world.refs["alex"]), ("newcase", "")):
        stranger.command(command, args)
        assert stranger.keys()[0] in {"nudge.unknown_command", "not_invited"}
        assert "Alex" not in stranger.said and world.refs["alex"] not in stranger.said
    alex = Chat(world.engine, 5001)  # a young person, not staff
    alex.command("caseload")
    assert "staff.caseload.page" not in alex.sent()
    assert world.refs["jo"] not in alex.said


# --- /newcase --------------------------------------------------------------------------------
def _newcase_to_confirm(sam: Chat, name: str = "Robin", dob: str = "01/05/2008") -> None:
    sam.command("newcase")
    assert sam.keys() == ["staff.newcase.ask_name"]
    sam.text(name)
    assert sam.keys() == ["staff.newcase.ask_dob"]
    sam.text(dob)


def test_newcase_makes_a_case_an_invite_and_a_qr(world: World, db: Database) -> None:
    before = case_count(db)
    sam = Chat(world.engine, SAM)
    _newcase_to_confirm(sam, "  Robin   Lee ")
    assert sam.keys() == ["staff.newcase.confirm"]
    assert "Name: Robin Lee" in sam.said and "Born: 1 May 2008 (age 18)" in sam.said
    assert "Kent Lifelong Links" in sam.said
    assert case_count(db) == before  # nothing is written before confirming
    confirm = sam.last
    sam.press("Make the invite")
    assert sam.keys() == ["staff.newcase.done", "photo"]
    done, photo = sam.last
    match = LINK.search(done.text)
    assert match is not None
    code = match.group(1)
    assert "until 7 December 2026" in done.text
    assert photo.photo is not None and photo.photo.startswith(b"\x89PNG")
    assert photo.photo == qr_png(match.group(0))
    ref = re.search(r"\(([A-Z]+-[A-Z0-9]{5})\)", done.text)
    assert ref is not None and ref.group(1) in photo.text
    with unit_of_work(db) as uow:
        case = uow.cases.by_reference(1, ref.group(1))
        sam_staff = uow.staff.in_service(1, SAM)
        assert case is not None and sam_staff is not None
        assert (case.first_name, case.date_of_birth) == ("Robin Lee", date(2008, 5, 1))
        assert case.status == CaseStatus.INVITED and case.coordinator_id == sam_staff.id
        [invite] = uow.session.exec(select(Invite).where(Invite.young_person_id == case.id))
        assert invite.code_hash == hash_code(code) and code not in invite.code_hash
        assert invite.created_by_staff_id == sam_staff.id
        assert uow.session.get(ConversationState, SAM) is None
    assert case_count(db) == before + 1
    # A second tap on the old confirm screen makes nothing more.
    sam.press("Make the invite", confirm)
    assert "staff.newcase.done" not in sam.sent()
    assert case_count(db) == before + 1
    # The code lets a new young person join.
    young = Chat(world.engine, 5009)
    young.command("start", code)
    assert young.keys() == ["welcome", "consent.use.ask"]
    assert "Robin Lee" in young.last[0].text
    # And the new case is on Sam's caseload.
    sam.command("caseload")
    assert f"{ref.group(1)}: Robin Lee (joining)" in sam.said


def test_newcase_bad_answers_get_kind_help(world: World, db: Database) -> None:
    before = case_count(db)
    sam = Chat(world.engine, SAM)
    sam.command("newcase")
    for bad, key in (
        ("   ", "staff.newcase.bad_name.empty"),
        ("!!! 123", "staff.newcase.bad_name.empty"),
        ("A" * 65, "staff.newcase.bad_name.long"),
    ):
        sam.text(bad)
        assert sam.keys() == [key, "staff.newcase.ask_name"], bad
    sam.text("Kai")
    for bad, key in (
        ("tomorrow", "staff.newcase.bad_date"),
        ("2008-05-01", "staff.newcase.bad_date"),
        ("31/02/2008", "staff.newcase.no_such_date"),
        ("01/13/2008", "staff.newcase.no_such_date"),
        ("01/01/2030", "staff.newcase.future_date"),
        ("23/11/2026", "staff.newcase.future_date"),
        ("01/01/1970", "staff.newcase.old_date"),
    ):
        sam.text(bad)
        assert sam.keys() == [key, "staff.newcase.ask_dob"], bad
    sam.press("⬅ Back")
    assert sam.keys() == ["staff.newcase.ask_name"]
    sam.command("newcase", "Kai")  # the name can come with the command
    assert sam.keys() == ["staff.newcase.ask_dob"]
    sam.text("2.1.2011")  # under the service's minimum age: allowed, with a note
    assert sam.keys() == ["staff.newcase.confirm"]
    assert "Kai is under 16" in sam.said and "age 15" in sam.said
    sam.press("Start again")
    assert sam.keys() == ["staff.newcase.ask_name"]
    assert case_count(db) == before


def test_cancel_creates_nothing(world: World, db: Database) -> None:
    before = case_count(db)
    sam = Chat(world.engine, SAM)
    _newcase_to_confirm(sam)
    confirm = sam.last
    sam.command("cancel")
    assert sam.keys() == ["staff.welcome"]
    sam.press("Make the invite", confirm)  # the old screen no longer works
    assert "staff.newcase.done" not in sam.sent()
    _newcase_to_confirm(sam)
    sam.press("Cancel")
    assert sam.keys() == ["staff.newcase.cancelled"]
    sam.command("newcase")
    sam.text("Ash")
    sam.command("caseload")  # another command leaves the half-made invite too
    sam.text("01/01/2008")
    assert "staff.newcase.confirm" not in sam.sent()
    assert case_count(db) == before
    with unit_of_work(db) as uow:
        assert uow.session.exec(select(func.count()).select_from(Invite)).one() == 5


def test_newcase_asks_which_service_for_staff_of_several(
    world: World, db: Database, clock: FakeClock
) -> None:
    with unit_of_work(db) as uow:
        add_staff(uow, "sussex", SAM, "Sam", StaffRole.COORDINATOR, clock.now())
    sam = Chat(world.engine, SAM)
    _newcase_to_confirm(sam, "Noor", "09/09/2009")
    assert sam.keys() == ["staff.newcase.ask_service"]
    assert {"Kent Lifelong Links", "East Sussex Lifelong Links"} <= set(sam.labels())
    sam.press("East Sussex Lifelong Links")
    assert sam.keys() == ["staff.newcase.confirm"] and "East Sussex" in sam.said
    sam.press("⬅ Back")
    assert sam.keys() == ["staff.newcase.ask_service"]
    sam.press("East Sussex Lifelong Links")
    sam.press("Make the invite")
    assert sam.keys() == ["staff.newcase.done", "photo"]
    with unit_of_work(db) as uow:
        sussex_sam = uow.staff.in_service(2, SAM)
        assert sussex_sam is not None
        newest = uow.session.exec(select(YoungPerson).order_by(col(YoungPerson.id).desc())).first()
        assert newest is not None and newest.first_name == "Noor"
        assert (newest.service_id, newest.coordinator_id) == (2, sussex_sam.id)
    # Sam now has cases in two services: the caseload shows both, /case finds both.
    sam.command("caseload")
    assert world.refs["alex"] in sam.said and newest.reference in sam.said
    sam.command("case", newest.reference)
    assert sam.keys() == ["staff.case.summary"]
    sam.command("case", world.refs["robin"])  # Riley's, but Sam is Sussex staff now
    assert sam.keys() == ["staff.case.summary"]


def test_newcase_without_a_bot_username(world: World, db: Database) -> None:
    before = case_count(db)
    sam = Chat(world.engine, SAM)
    _newcase_to_confirm(sam)
    with unit_of_work(db) as uow:
        uow.settings.set("bot_username", "")
    sam.press("Make the invite")
    assert sam.keys() == ["staff.newcase.no_username", "staff.newcase.confirm"]
    sam.command("newcase")
    assert sam.keys() == ["staff.newcase.no_username"]
    assert case_count(db) == before


def test_a_caseload_page_costs_the_same_queries_however_many_cases(
    world: World, db: Database, clock: FakeClock
) -> None:
    from sqlalchemy import event

    statements: list[str] = []

    def count_statement(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    sam = Chat(world.engine, SAM)
    event.listen(db.engine, "before_cursor_execute", count_statement)
    try:
        sam.command("caseload")  # 2 cases
        few = len(statements)
        with unit_of_work(db) as uow:
            for n in range(PAGE_SIZE):
                ref = create_invite(
                    uow,
                    "kent",
                    f"Case {n}",
                    date(2008, 1, 1),
                    clock.now(),
                    coordinator_telegram_id=SAM,
                ).reference
                case = _activate(uow, ref, 6000 + n, n % 2 == 0, clock.now(), timedelta(n))
                uow.people.add(case, _person("Someone", PersonCircle.FRIENDS, 2, clock.now()))
        statements.clear()
        sam.command("caseload")  # a full page of 10, with people and consents each
        assert "Page 1 of 2" in sam.said
    finally:
        event.remove(db.engine, "before_cursor_execute", count_statement)
    # The state row a paged list saves is the only extra work; nothing per case.
    assert len(statements) <= few + 1, statements
