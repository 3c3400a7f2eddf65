"""The coordinator's plan editor over HTTP: /plan <ref> in a private chat with the bot."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from dialogs.core.clock import FakeClock
from dialogs.staff.admin import add_staff, create_service
from dialogs.staff.plan_import import import_plan
from storage.db import Database
from storage.models import AuditEvent, HelpKind, Person, Plan, PlanItem, StaffRole
from storage.uow import unit_of_work
from tests.e2e.conftest import SAM, buttons
from tests.support.journeys import NOT_INVITED, YoungPerson
from tests.support.seed import PLAN

ROBIN = 2002  # a coordinator of another service
STRANGER = 7001


Item = tuple[HelpKind, str, str | None, str | None]


def stored(db: Database) -> tuple[Plan | None, str | None, list[Item]]:
    """The plan, its lead's name, and its items as (kind, who, what, how often)."""
    with unit_of_work(db) as uow:
        plan = uow.session.exec(select(Plan)).first()
        names = {p.id: p.name for p in uow.session.exec(select(Person)).all()}
        items = [
            (i.kind, names.get(i.person_id, ""), i.details, i.how_often)
            for i in uow.session.exec(select(PlanItem).order_by(PlanItem.position)).all()
        ]
        lead = names.get(plan.lead_person_id) if plan is not None else None
        uow.session.expunge_all()
        return plan, lead, items


def plan_edits(db: Database) -> int:
    with unit_of_work(db) as uow:
        rows = uow.session.exec(select(AuditEvent).where(AuditEvent.action == "plan_edited"))
        return len(rows.all())


async def test_coordinator_writes_a_plan_and_alex_sees_it(standin, run_bot, kent, db) -> None:
    alex, sam = YoungPerson(standin), YoungPerson(standin, SAM)
    ref = kent["alex"].reference
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        [overview] = await sam.send(f"/plan {ref}", 1)
        assert f"Plan for Alex ({ref})" in overview["text"]
        assert "Alex has no plan yet" in overview["text"]

        [lead_q] = await sam.tap(overview, "Plan lead", 1)
        assert "please type a name" in lead_q["text"]
        saved, overview = await sam.send("Nan", 2)
        assert "Nan is the plan lead" in saved["text"]

        [kind_q] = await sam.tap(overview, "➕ Add help", 1)
        assert len(buttons(kind_q)) == 10 + 2  # the ten kinds, Back and Done
        [who_q] = await sam.tap(kind_q, "Food and cooking", 1)
        [what_q] = await sam.tap(who_q, "Nan", 1)
        [often_q] = await sam.send("Sunday dinners", 1)
        added, overview = await sam.tap(often_q, "every week", 2)
        assert "Nan — Sunday dinners, every week" in added["text"]

        [kind_q] = await sam.tap(overview, "➕ Add help", 1)
        [who_q] = await sam.tap(kind_q, "Someone to talk to", 1)
        [what_q] = await sam.send("Coach Lee", 1)
        [often_q] = await sam.tap(what_q, "Skip", 1)
        added, overview = await sam.tap(often_q, "now and then", 2)
        assert "Coach Lee — Someone to talk to, now and then" in added["text"]

        [interval_q] = await sam.tap(overview, "How often to review", 1)
        assert "every 3 months now" in interval_q["text"]
        saved, overview = await sam.tap(interval_q, "6 months", 2)
        assert "every 6 months" in saved["text"]

        [date_q] = await sam.tap(overview, "First review date", 1)
        assert "Sunday 21 February 2027" in date_q["text"]  # 90 days from the first change
        saved, overview = await sam.send("15/01/2027", 2)
        assert "Friday 15 January 2027" in saved["text"]
        assert "• Nan — Sunday dinners, every week" in overview["text"]
        assert "• Coach Lee — Someone to talk to, now and then" in overview["text"]
        assert "Review every: 6 months" in overview["text"]

        [done] = await sam.tap(overview, "✅ Done", 1)
        assert "All saved" in done["text"] and f"/plan {ref}" in done["text"]

        [plan_msg] = await alex.tap(menu, "My plan", 1)
    assert "Nan — Sunday dinners, every week" in plan_msg["text"]
    assert "Coach Lee — Someone to talk to, now and then" in plan_msg["text"]
    assert "Plan lead: Nan" in plan_msg["text"] and "Friday 15 January" in plan_msg["text"]
    plan, lead, items = stored(db)
    assert plan is not None and lead == "Nan"
    assert plan.review_every_days == 180
    assert plan.next_review_at == datetime(2027, 1, 15, 10, 0, tzinfo=UTC)
    assert items == [
        (HelpKind.FOOD, "Nan", "Sunday dinners", "every week"),
        (HelpKind.TALK, "Coach Lee", None, "now and then"),
    ]
    assert plan_edits(db) == 5


async def test_edit_and_remove_items(standin, run_bot, kent, db, clock: FakeClock) -> None:
    alex, sam = YoungPerson(standin), YoungPerson(standin, SAM)
    ref = kent["alex"].reference
    async with run_bot():
        await alex.join(kent["alex"].code)
        with unit_of_work(db) as uow:
            import_plan(uow, ref, PLAN, clock.now())
        [overview] = await sam.send(f"/plan {ref}", 1)
        assert "Tuesday 1 December 2026" in overview["text"]
        [listing] = await sam.tap(overview, "Change or remove help", 1)
        [item] = await sam.tap(listing, "Uncle Dev — Help with bills", 1)
        assert "Kind of help: Money" in item["text"]
        [often_q] = await sam.tap(item, "Change how often", 1)
        assert "every month" in buttons(often_q)
        saved, item = await sam.send("every payday", 2)
        assert "Saved" in saved["text"] and "How often: every payday" in item["text"]
        [who_q] = await sam.tap(item, "Change who", 1)
        assert "Nan" in buttons(who_q) and "Uncle Dev" in buttons(who_q)
        _saved, item = await sam.tap(who_q, "Nan", 2)
        assert "Who: Nan" in item["text"]
        [ask] = await sam.tap(item, "Remove", 1)
        assert "Remove this from the plan?" in ask["text"]
        [item] = await sam.tap(ask, "No, keep", 1)
        [ask] = await sam.tap(item, "Remove", 1)
        removed, overview = await sam.tap(ask, "Yes, remove", 2)
        assert "Nan — Help with bills, every payday" in removed["text"]
        assert "Help with bills" not in overview["text"]
        [stale] = await sam.tap(ask, "Yes, remove", 1)  # a second tap on the old screen
        assert "That button has expired" in stale["text"]
    _plan, _lead, items = stored(db)
    assert items == [(HelpKind.FOOD, "Nan", "Sunday dinners", "every week")]
    assert plan_edits(db) == 3


async def test_only_staff_of_the_service_may(standin, run_bot, kent, db, clock) -> None:
    with unit_of_work(db) as uow:
        create_service(uow, "sussex", "East Sussex Lifelong Links", clock.now(), 90, 16)
        add_staff(uow, "sussex", ROBIN, "Robin", StaffRole.COORDINATOR, clock.now())
    standin.add_user(ROBIN, "Robin")
    alex = YoungPerson(standin)
    stranger, robin = YoungPerson(standin, STRANGER), YoungPerson(standin, ROBIN)
    ref = kent["alex"].reference
    async with run_bot():
        await alex.join(kent["alex"].code)
        [refused] = await stranger.send(f"/plan {ref}", 1)
        assert NOT_INVITED in refused["text"]
        [refused] = await robin.send(f"/plan {ref}", 1)
        assert "can't find a case with that reference in your team" in refused["text"]
        [unknown] = await robin.send("/plan SUSS-22222", 1)
        assert unknown["text"] == refused["text"]  # another service's case looks unknown
        [usage] = await robin.send("/plan", 1)
        assert "/plan and their case reference" in usage["text"]
        assert "reply_markup" not in refused or not buttons(refused)
    assert stored(db) == (None, None, [])
    assert plan_edits(db) == 0


async def test_bad_input_is_refused_kindly(standin, run_bot, kent, db) -> None:
    alex, sam = YoungPerson(standin), YoungPerson(standin, SAM)
    ref = kent["alex"].reference
    async with run_bot():
        await alex.join(kent["alex"].code)
        [overview] = await sam.send(f"/plan {ref}", 1)
        [date_q] = await sam.tap(overview, "First review date", 1)
        past, date_q = await sam.send("01/06/2026", 2)  # the fake clock says 23/11/2026
        assert (
            "isn't in the future" in past["text"] and "When is the first review" in date_q["text"]
        )
        garbage, date_q = await sam.send("after christmas", 2)
        assert "can't read that date" in garbage["text"]
        [overview] = await sam.tap(date_q, "⬅ Back", 1)
        [lead_q] = await sam.tap(overview, "Plan lead", 1)
        long, lead_q = await sam.send("N" * 201, 2)
        assert "too long" in long["text"] and "200" in long["text"]
        [overview] = await sam.tap(lead_q, "⬅ Back", 1)
        [kind_q] = await sam.tap(overview, "➕ Add help", 1)
        [kind_q] = await sam.send("money please", 1)
        assert "didn't quite get that" in kind_q["text"] and "Family time" in buttons(kind_q)
    assert stored(db) == (None, None, [])
    assert plan_edits(db) == 0
