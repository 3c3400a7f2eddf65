"""The coordinator's plan editor (/plan <case ref>) driven through the engine."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from dialogs.core.clock import FakeClock
from dialogs.core.typed_words import MAX_TEXT
from dialogs.engine import Engine
from dialogs.staff.admin import add_staff, create_service
from dialogs.staff.plan_editor import add_months, every_label, parse_day
from dialogs.staff.plan_import import MAX_ITEMS, import_plan, parse_interval
from storage.db import Database
from storage.models import (
    AuditEvent,
    CaseStatus,
    ConversationState,
    HelpKind,
    Person,
    Plan,
    PlanItem,
    StaffRole,
)
from storage.uow import unit_of_work
from tests.support.chat import Chat
from tests.support.seed import seed_kent

SAM = 1001
ROBIN = 2002  # staff of another service
ALEX = 5001
STRANGER = 7001


@pytest.fixture
def world(db: Database, clock: FakeClock) -> tuple[Engine, str]:
    """Kent with Sam and an active Alex; Sussex with Robin. Returns the engine, Alex's ref."""
    now = clock.now()
    with unit_of_work(db) as uow:
        invite = seed_kent(uow, now, group=None)
        create_service(uow, "sussex", "East Sussex Lifelong Links", now, 120, 16)
        add_staff(uow, "sussex", ROBIN, "Robin", StaffRole.COORDINATOR, now)
    engine = Engine(db, clock)
    alex = Chat(engine, ALEX)
    alex.join(invite.code)
    assert alex.keys()[-1] == "menu.title"
    return engine, invite.reference


def plan_rows(db: Database) -> tuple[Plan | None, list[PlanItem], dict[int, str]]:
    with unit_of_work(db) as uow:
        plan = uow.session.exec(select(Plan)).first()
        items = list(uow.session.exec(select(PlanItem).order_by(PlanItem.position)).all())
        names = {p.id or 0: p.name for p in uow.session.exec(select(Person)).all()}
        uow.session.expunge_all()
        return plan, items, names


def audits(db: Database) -> list[tuple[str, str]]:
    with unit_of_work(db) as uow:
        return [(a.actor, a.action) for a in uow.session.exec(select(AuditEvent)).all()]


def set_status(db: Database, reference: str, status: CaseStatus) -> None:
    with unit_of_work(db) as uow:
        service_id = uow.cases.service_of_reference(reference)
        assert service_id is not None
        case = uow.cases.by_reference(service_id, reference)
        assert case is not None
        case.status = status


def record_plan(db: Database, reference: str, clock: FakeClock, items: int = 2) -> None:
    lines = [
        "  - help: food\n    what: Sunday dinners\n    who: Nan\n    how_often: every week",
        "  - help: money\n    what: Help with bills\n    who: Uncle Dev",
    ]
    extra = [f"  - help: talk\n    who: Friend {n}" for n in range(items - 2)]
    source = "lead: Nan\nfirst_review: 2026-12-01\nitems:\n" + "\n".join(lines + extra)
    with unit_of_work(db) as uow:
        import_plan(uow, reference, source, clock.now())


# --- pure helpers -------------------------------------------------------------------------
def test_parsers() -> None:
    assert parse_interval("90d") == 90 and parse_interval("12w") == 84
    assert parse_interval(" 12 weeks ") == 84 and parse_interval("90") == 90
    assert parse_interval("6 days") is None and parse_interval("800d") is None
    assert parse_interval("soon") is None and parse_interval("") is None
    assert parse_day("01/02/2027") == date(2027, 2, 1) == parse_day("1-2-2027")
    assert parse_day("2027-02-01") == date(2027, 2, 1)
    assert parse_day("31/02/2027") is None and parse_day("next week") is None
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert [every_label(d) for d in (7, 28, 30, 90, 365, 730, 10)] == [
        "1 week",
        "4 weeks",
        "1 month",
        "3 months",
        "1 year",
        "2 years",
        "10 days",
    ]


# --- the whole way -------------------------------------------------------------------------
def test_happy_path_lead_two_items_interval_and_date(world, db: Database, clock) -> None:
    engine, ref = world
    sam = Chat(engine, SAM)
    sam.command("plan", ref.lower())
    assert sam.keys() == ["plan_editor.overview"]
    assert sam.says("Alex has no plan yet") and sam.says(f"Plan for Alex ({ref})")
    assert "Change or remove help" not in sam.labels()
    assert plan_rows(db)[0] is None  # looking changes nothing

    sam.press("Plan lead")
    assert sam.keys() == ["plan_editor.ask.lead.empty"]
    sam.text("  Nan  ")
    assert sam.keys() == ["plan_editor.lead.saved", "plan_editor.overview"]
    assert sam.says("Plan lead: Nan")
    plan, _, _ = plan_rows(db)
    assert plan is not None and plan.review_every_days == 90  # the service's interval
    # Its first review: 90 days on, at 10:00 London time (GMT in February).
    assert plan.next_review_at == datetime(2027, 2, 21, 10, 0, tzinfo=UTC)

    sam.press("➕ Add help")
    assert sam.keys() == ["plan_editor.ask.kind"] and len(HelpKind) == 10
    assert {"Food and cooking", "Someone to talk to", "Checking in"} <= set(sam.labels())
    sam.press("Food and cooking")
    assert sam.keys() == ["plan_editor.ask.who"] and "Nan" in sam.labels()
    sam.press("Nan")
    assert sam.keys() == ["plan_editor.ask.what"]
    sam.text("Sunday dinners")
    assert sam.keys() == ["plan_editor.ask.often"]
    sam.press("every week")
    assert sam.keys() == ["plan_editor.item.added", "plan_editor.overview"]
    assert sam.says("Added to the plan: Nan — Sunday dinners, every week")

    sam.press("➕ Add help")
    sam.press("Money")
    sam.text("Uncle Dev")  # a new person, added to Alex's people
    sam.press("Skip")
    sam.text("when his pay comes in")
    assert sam.says("Uncle Dev — Money, when his pay comes in")

    sam.press("How often to review")
    assert sam.keys() == ["plan_editor.ask.interval"] and sam.says("every 3 months now")
    sam.press("6 months")
    assert sam.keys() == ["plan_editor.interval.saved", "plan_editor.overview"]

    sam.press("First review date")
    assert sam.keys() == ["plan_editor.ask.first_review"]
    sam.text("01/02/2027")
    assert sam.keys() == ["plan_editor.first_review.saved", "plan_editor.overview"]
    assert sam.says("Monday 1 February 2027") and sam.says("Review every: 6 months")
    assert sam.says("• Nan — Sunday dinners, every week")

    sam.press("✅ Done")
    assert sam.keys() == ["plan_editor.done"] and sam.says(f"/plan {ref}")
    plan, items, names = plan_rows(db)
    assert plan is not None and plan.lead_person_id is not None
    assert names[plan.lead_person_id] == "Nan"
    assert plan.review_every_days == 180
    assert plan.next_review_at == datetime(2027, 2, 1, 10, 0, tzinfo=UTC)
    assert [(i.kind, names[i.person_id or 0], i.details, i.how_often) for i in items] == [
        (HelpKind.FOOD, "Nan", "Sunday dinners", "every week"),
        (HelpKind.MONEY, "Uncle Dev", None, "when his pay comes in"),
    ]
    assert sorted(names.values()) == ["Nan", "Uncle Dev"]
    assert audits(db).count(("staff", "plan_edited")) == 5
    with unit_of_work(db) as uow:
        assert uow.states.get(SAM) is None

    alex = Chat(engine, ALEX)
    alex.command("plan")
    assert alex.keys() == ["plan.show"]
    assert alex.says("Nan — Sunday dinners, every week")
    assert alex.says("Uncle Dev — Money, when his pay comes in")
    assert alex.says("Plan lead: Nan") and alex.says("Monday 1 February")


def test_summer_dates_are_london_time(world, db: Database) -> None:
    engine, ref = world
    sam = Chat(engine, SAM)
    sam.command("plan", ref)
    sam.press("First review date")
    sam.text("1.7.2027")
    plan, _, _ = plan_rows(db)
    assert plan is not None and plan.next_review_at == datetime(2027, 7, 1, 9, 0, tzinfo=UTC)
    sam.press("First review date")
    sam.press("In 3 months")  # from Monday 23 November 2026
    assert sam.says("Tuesday 23 February 2027")


def test_edit_each_field_and_remove(world, db: Database, clock) -> None:
    engine, ref = world
    record_plan(db, ref, clock)
    sam = Chat(engine, SAM)
    sam.command("plan", ref)
    assert sam.says("• Nan — Sunday dinners, every week")
    sam.press("Change or remove help")
    assert sam.keys() == ["plan_editor.items"]
    sam.press("Uncle Dev — Help with bills")
    assert sam.keys() == ["plan_editor.item"] and sam.says("Kind of help: Money")
    sam.press("Change what")
    assert sam.keys() == ["plan_editor.ask.what.edit"]
    sam.text("Help with the gas bill")
    assert sam.keys() == ["plan_editor.item.saved", "plan_editor.item"]
    sam.press("Change who")
    sam.text("Auntie Sue")
    assert sam.says("Who: Auntie Sue")
    sam.press("Change how often")
    sam.press("every month")
    assert sam.says("How often: every month")
    sam.press("Change kind")
    sam.press("Housing")
    assert sam.says("Kind of help: Housing")
    sam.press("Change what")
    sam.press("Clear")
    assert sam.says("Auntie Sue — Housing, every month")

    sam.press("⬅ Back")  # to the list
    sam.press("Nan — Sunday dinners, every week")
    sam.press("Remove")
    assert sam.keys() == ["plan_editor.remove.ask"]
    sam.press("No, keep")
    assert sam.keys() == ["plan_editor.item"]
    sam.press("Remove")
    sam.press("Yes, remove")
    assert sam.keys() == ["plan_editor.removed", "plan_editor.overview"]
    assert "Sunday dinners" not in sam.last[1].text
    _, items, names = plan_rows(db)
    assert [(i.kind, names[i.person_id or 0], i.details, i.how_often) for i in items] == [
        (HelpKind.HOUSING, "Auntie Sue", None, "every month")
    ]
    assert audits(db).count(("staff", "plan_edited")) == 6


def test_lead_from_people_paged_and_cleared(world, db: Database, clock) -> None:
    engine, ref = world
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None
        for n in range(10):
            person = Person(
                service_id=0,
                young_person_id=0,
                name=f"Person {n + 1}",
                relationship="friend",
                created_at=clock.now(),
                updated_at=clock.now(),
            )
            uow.people.add(case, person)
    sam = Chat(engine, SAM)
    sam.command("plan", ref)
    sam.press("Plan lead")
    assert sam.keys() == ["plan_editor.ask.lead"]
    assert "Person 1 — Friend" in sam.labels() and "Person 9 — Friend" not in sam.labels()
    sam.press("More ▶")
    sam.press("Person 9 — Friend")
    assert sam.says("Person 9 is the plan lead")
    sam.text("person 2")  # text at a buttons-only screen: one line, the same buttons
    assert sam.keys() == ["staff.lang.off_script"] and "Plan lead" in sam.labels()
    sam.press("Plan lead")
    sam.text("person 2")  # an existing name is matched, not added again
    sam.press("Plan lead")
    sam.press("No lead for now")
    assert sam.keys() == ["plan_editor.lead.cleared", "plan_editor.overview"]
    plan, _, names = plan_rows(db)
    assert plan is not None and plan.lead_person_id is None and len(names) == 10


def test_back_keeps_the_draft_and_done_mid_way_adds_nothing(world, db: Database) -> None:
    engine, ref = world
    sam = Chat(engine, SAM)
    sam.command("plan", ref)
    sam.press("➕ Add help")
    sam.press("Health")
    sam.text("Kim")
    sam.press("⬅ Back")
    assert sam.keys() == ["plan_editor.ask.who"] and "Kim" in sam.labels()
    sam.press("⬅ Back")
    assert sam.keys() == ["plan_editor.ask.kind"]
    sam.press("⬅ Back")
    assert sam.keys() == ["plan_editor.overview"]
    sam.press("➕ Add help")
    sam.press("Health")
    sam.press("Not agreed yet")
    sam.press("✅ Done")
    assert sam.keys() == ["plan_editor.dropped", "plan_editor.done"]
    _, items, names = plan_rows(db)
    assert items == [] and list(names.values()) == ["Kim"]


# --- who may -------------------------------------------------------------------------------
def test_refusals_change_nothing(world, db: Database) -> None:
    engine, ref = world
    stranger = Chat(engine, STRANGER)
    stranger.command("plan", ref)
    assert stranger.keys() == ["not_invited"]
    robin = Chat(engine, ROBIN)
    robin.command("plan", ref)
    assert robin.keys() == ["plan_editor.unknown"]
    unknown = robin.last[0].text
    robin.command("plan", "KENT-ZZZZZ")
    assert robin.keys() == ["plan_editor.unknown"] and robin.last[0].text == unknown
    robin.command("plan", "not a ref at all; drop table")
    assert robin.keys() == ["plan_editor.unknown"]
    robin.command("plan")
    assert robin.keys() == ["plan_editor.usage"]
    assert plan_rows(db)[0] is None
    assert ("staff", "plan_edited") not in audits(db)
    with unit_of_work(db) as uow:
        chats = {s.chat_id for s in uow.session.exec(select(ConversationState)).all()}
    assert chats == {ALEX}


def test_a_young_person_cannot_use_it(world, db: Database) -> None:
    engine, ref = world
    alex = Chat(engine, ALEX)
    alex.command("plan", ref)
    assert alex.keys() == ["plan.none", "menu.title"]  # their own My plan, nothing else
    assert plan_rows(db)[0] is None


@pytest.mark.parametrize(
    ("status", "key"),
    [
        (CaseStatus.DECLINED, "plan_editor.declined"),
        (CaseStatus.LEFT, "plan_editor.left"),
        (CaseStatus.INVITED, "plan_editor.not_joined"),
    ],
)
def test_cases_not_active_get_a_kind_explanation(world, db: Database, status, key) -> None:
    engine, ref = world
    set_status(db, ref, status)
    sam = Chat(engine, SAM)
    sam.command("plan", ref)
    assert sam.keys() == [key] and sam.says(ref)
    assert plan_rows(db)[0] is None


def test_checked_again_on_every_step(world, db: Database, clock) -> None:
    engine, ref = world
    sam = Chat(engine, SAM)
    sam.command("plan", ref)
    overview = sam.last
    set_status(db, ref, CaseStatus.LEFT)
    sam.press("Plan lead", overview)
    assert sam.keys() == ["plan_editor.left"]
    set_status(db, ref, CaseStatus.ACTIVE)
    sam.press("Plan lead", overview)  # the editor was closed: its buttons are gone
    assert sam.keys() == ["staff.welcome"]
    # A coordinator who is no longer staff of that service cannot carry on.
    sam.command("plan", ref)
    with unit_of_work(db) as uow:
        kent = uow.services.by_slug("kent")
        assert kent is not None and kent.id is not None
        add_staff(uow, "sussex", SAM, "Sam", StaffRole.COORDINATOR, clock.now())
        staff = uow.staff.in_service(kent.id, SAM)
        assert staff is not None
        staff.active = False
    sam.press("Plan lead")
    assert sam.keys() == ["plan_editor.unknown"]
    assert plan_rows(db)[0] is None


# --- bad input -----------------------------------------------------------------------------
def test_bad_dates_intervals_and_words_change_nothing(world, db: Database, clock) -> None:
    engine, ref = world
    sam = Chat(engine, SAM)
    sam.command("plan", ref)
    sam.press("First review date")
    for typed, key in [
        ("someday", "plan_editor.bad_date"),
        ("31/02/2027", "plan_editor.bad_date"),
        ("01/01/2026", "plan_editor.past_date"),
        ("23/11/2026", "plan_editor.past_date"),  # today is not in the future enough
        ("01/01/2030", "plan_editor.far_date"),
    ]:
        sam.text(typed)
        assert sam.keys() == [key, "plan_editor.ask.first_review"], typed
    sam.press("⬅ Back")
    sam.press("How often to review")
    for typed in ("soon", "3d", "200w"):
        sam.text(typed)
        assert sam.keys() == ["plan_editor.bad_interval", "plan_editor.ask.interval"]
    sam.press("⬅ Back")
    sam.press("Plan lead")
    sam.text("x" * (MAX_TEXT + 1))
    assert sam.keys() == ["plan_editor.too_long", "plan_editor.ask.lead.empty"]
    sam.text(" 👍 ")
    assert sam.keys() == ["plan_editor.empty", "plan_editor.ask.lead.empty"]
    sam.press("⬅ Back")
    sam.press("➕ Add help")
    sam.text("food")  # the kind is picked with a button
    assert sam.keys() == ["staff.lang.off_script"] and "Family time" in sam.labels()
    assert plan_rows(db)[0] is None
    assert audits(db).count(("staff", "plan_edited")) == 0
    sam.text("x" * MAX_TEXT)  # still at the kind: a nudge again
    sam.press("Family time")
    sam.text("Mum")
    sam.text("y" * (MAX_TEXT + 1))
    assert sam.keys() == ["plan_editor.too_long", "plan_editor.ask.what"]
    sam.text("y" * MAX_TEXT)
    sam.text("z" * (MAX_TEXT + 1))
    assert sam.keys() == ["plan_editor.too_long", "plan_editor.ask.often"]
    _, items, _ = plan_rows(db)
    assert items == []


def test_stale_buttons_change_nothing(world, db: Database) -> None:
    engine, ref = world
    sam = Chat(engine, SAM)
    sam.command("plan", ref)
    overview = sam.last
    sam.press("How often to review")
    sam.press("Plan lead", overview)
    assert sam.keys() == ["button.expired", "plan_editor.ask.interval"]
    assert plan_rows(db)[0] is None


def test_at_most_max_items(world, db: Database, clock) -> None:
    engine, ref = world
    record_plan(db, ref, clock, items=MAX_ITEMS)
    sam = Chat(engine, SAM)
    sam.command("plan", ref)
    sam.press("➕ Add help")
    assert sam.keys() == ["plan_editor.full", "plan_editor.overview"]
    sam.press("Change or remove help")
    assert "More ▶" in sam.labels()
    assert len(plan_rows(db)[1]) == MAX_ITEMS
