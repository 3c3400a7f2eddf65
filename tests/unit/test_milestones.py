"""Life milestones: 18, 21 and 25 (and 3 months before), once each, on UK days, in the outbox."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from dialogs.core.clock import FakeClock
from dialogs.core.events import EventKind
from dialogs.engine import Engine
from dialogs.staff.admin import add_staff, create_invite, create_service, link_group
from dialogs.texts import t
from dialogs.young.privacy import erase_case
from scheduler.jobs import SWEEPS
from scheduler.milestones import MILESTONE_LOCK, milestone_sweep
from storage.db import Database
from storage.milestones import due_on, milestones
from storage.models import (
    ActionToken,
    AuditEvent,
    CaseStatus,
    GroupPurpose,
    MilestoneSent,
    OutboxMessage,
    OutboxStatus,
    StaffRole,
)
from storage.uow import unit_of_work
from tests.support.chat import Chat

SAM = 1001
GROUP = -100500
START = datetime(2025, 1, 6, 12, 0, tzinfo=UTC)  # when the cases were opened


def _walk(db: Database, clock: FakeClock, start: datetime, end: datetime, step: timedelta) -> int:
    """Run the sweep at every ``step`` from ``start`` to ``end``; how many it queued."""
    clock.set(start)
    queued = 0
    while clock.now() <= end:
        queued += milestone_sweep(db, clock)
        clock.advance(step)
    return queued


@pytest.fixture
def kent(db: Database, clock: FakeClock) -> dict[str, int]:
    """Kent (quiet 21:00-09:00) with a coordinators' group; young people by birth date."""
    clock.set(START)
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent Lifelong Links", START, 90, 16)
        add_staff(uow, "kent", SAM, "Sam", StaffRole.COORDINATOR, START)
        link_group(uow, "kent", GroupPurpose.COORDINATORS, GROUP, START)
    return {}


def young_person(db: Database, name: str, born: date, user: int, **fields: object) -> int:
    """An active young person of Kent, in the chat as ``user``; their case id."""
    with unit_of_work(db) as uow:
        invite = create_invite(uow, "kent", name, born, START, coordinator_telegram_id=SAM)
        case = uow.cases.by_reference(1, invite.reference)
        assert case is not None and case.id is not None
        case.status = CaseStatus.ACTIVE
        case.telegram_user_id = user
        for field, value in fields.items():
            setattr(case, field, value)
        return case.id


def sent_to(db: Database, chat_id: int) -> list[OutboxMessage]:
    with unit_of_work(db) as uow:
        return list(
            uow.session.exec(
                select(OutboxMessage)
                .where(OutboxMessage.chat_id == chat_id, col(OutboxMessage.kind).like("milestone%"))
                .order_by(col(OutboxMessage.id))
            ).all()
        )


# --- which days -----------------------------------------------------------------------------
def test_milestone_days_of_a_leap_day_birthday_and_a_31st() -> None:
    leapling = {m.key: m.day for m in milestones(date(2008, 2, 29))}
    assert leapling["18"] == date(2026, 3, 1)  # no 29 February in 2026
    assert leapling["18_soon"] == date(2025, 12, 1)
    assert leapling["21_soon"] == date(2028, 12, 1) and leapling["25"] == date(2033, 3, 1)
    assert {m.key: m.day for m in milestones(date(2010, 5, 31))}["18_soon"] == date(2028, 2, 29)
    assert due_on(date(2010, 5, 29), date(2028, 2, 28)) is None
    found = due_on(date(2010, 5, 29), date(2028, 3, 6))  # a week late after downtime: still
    assert found is not None and found.key == "18_soon"
    assert due_on(date(2010, 5, 29), date(2028, 3, 7)) is None  # later: stale, not sent


# --- the sweep ------------------------------------------------------------------------------
def test_across_a_leap_day_each_goes_once_on_its_uk_day_after_quiet_hours(
    db: Database, clock: FakeClock, kent: dict[str, int]
) -> None:
    lee = young_person(db, "Lee", date(2010, 5, 29), 5001)  # 18 on 29 May 2028
    max_ = young_person(db, "Max", date(2010, 5, 31), 5002)  # 18 on 31 May 2028
    queued = _walk(
        db,
        clock,
        datetime(2028, 2, 27, tzinfo=UTC),
        datetime(2028, 3, 3, tzinfo=UTC),
        timedelta(hours=1),
    )
    assert queued == 2
    for user in (5001, 5002):
        [message] = sent_to(db, user)
        assert message.kind == "milestone.18.soon" and message.text == t("milestone.18.soon")
        assert message.created_at == datetime(2028, 2, 29, 0, 0, tzinfo=UTC)  # midnight GMT
        assert message.not_before == datetime(2028, 2, 29, 9, 0, tzinfo=UTC)  # quiet until 9
        labels = [label for row in json.loads(message.buttons) for label, _ in row]
        assert labels == ["Ask for support", "Menu"]
    cards = sent_to(db, GROUP)
    assert [c.kind for c in cards] == ["milestone.card.soon"] * 2
    assert "Lee" in cards[0].text and "turns 18 on 29 May 2028, in 3 months" in cards[0].text
    assert "31 May 2028" in cards[1].text and "personal adviser" in cards[1].text
    with unit_of_work(db) as uow:
        remembered = uow.session.exec(select(MilestoneSent.young_person_id)).all()
        assert sorted(remembered) == sorted([lee, max_])
        # Not in the audit trail, which outlives erasure: it would tell their birthday.
        audited = uow.session.exec(select(AuditEvent.action)).all()
        assert not [action for action in audited if "milestone" in action]


def test_a_29_february_birthday_is_kept_on_1_march(
    db: Database, clock: FakeClock, kent: dict[str, int]
) -> None:
    young_person(db, "Pip", date(2008, 2, 29), 5003)
    _walk(
        db,
        clock,
        datetime(2026, 2, 26, tzinfo=UTC),
        datetime(2026, 3, 3, tzinfo=UTC),
        timedelta(hours=1),
    )
    [message] = sent_to(db, 5003)
    assert message.kind == "milestone.18.day" and "Happy 18th birthday" in message.text
    assert message.created_at == datetime(2026, 3, 1, 0, 0, tzinfo=UTC)
    [card] = sent_to(db, GROUP)
    assert "turned 18 on 1 March 2026" in card.text


def test_on_the_days_the_clocks_change_the_uk_day_and_9am_are_kept(
    db: Database, clock: FakeClock, kent: dict[str, int]
) -> None:
    young_person(db, "Rio", date(2008, 3, 29), 5004)  # 18 on 29 March 2026: BST begins
    young_person(db, "Sky", date(2009, 1, 25), 5005)  # 3 months before 18: 25 Oct 2026, GMT
    step = timedelta(minutes=30)
    _walk(db, clock, datetime(2026, 3, 28, 12, tzinfo=UTC), datetime(2026, 3, 30, tzinfo=UTC), step)
    [rio] = sent_to(db, 5004)
    assert rio.created_at == datetime(2026, 3, 29, 0, 0, tzinfo=UTC)  # 00:00 GMT
    assert rio.not_before == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)  # 09:00 BST
    _walk(
        db, clock, datetime(2026, 10, 24, 12, tzinfo=UTC), datetime(2026, 10, 26, tzinfo=UTC), step
    )
    [sky] = sent_to(db, 5005)
    assert sky.kind == "milestone.18.soon"
    assert sky.created_at == datetime(2026, 10, 24, 23, 0, tzinfo=UTC)  # 00:00 BST on the 25th
    assert sky.not_before == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)  # 09:00 GMT


def test_sent_once_however_often_the_sweep_runs(
    db: Database, clock: FakeClock, kent: dict[str, int]
) -> None:
    young_person(db, "Lee", date(2010, 5, 29), 5001)
    clock.set(datetime(2028, 5, 29, 14, 0, tzinfo=UTC))  # the birthday, 15:00 BST
    assert milestone_sweep(db, clock) == 1
    [message] = sent_to(db, 5001)
    assert message.not_before == clock.now()  # not quiet hours: at once
    assert milestone_sweep(db, clock) == 0
    clock.advance(timedelta(days=3))
    assert milestone_sweep(db, clock) == 0
    assert len(sent_to(db, 5001)) == 1 and len(sent_to(db, GROUP)) == 1


def test_unreachable_late_joiners_and_cases_not_active(
    db: Database, clock: FakeClock, kent: dict[str, int]
) -> None:
    young_person(db, "Una", date(2010, 5, 29), 5006, unreachable=True)
    young_person(db, "Dee", date(2010, 5, 29), 5007, status=CaseStatus.DECLINED)
    clock.set(datetime(2028, 5, 29, 10, 0, tzinfo=UTC))
    assert milestone_sweep(db, clock) == 1  # Una's team is told; Dee said no to the bot
    assert sent_to(db, 5006) == [] and sent_to(db, 5007) == []
    [card] = sent_to(db, GROUP)
    assert "Una" in card.text
    young_person(db, "Ola", date(2010, 5, 21), 5008)  # 18 eight days ago: joined too late
    assert milestone_sweep(db, clock) == 0


def test_the_buttons_lead_to_ask_for_support_and_the_menu(
    db: Database, clock: FakeClock, kent: dict[str, int]
) -> None:
    young_person(db, "Lee", date(2010, 5, 29), 5001)
    clock.set(datetime(2028, 5, 29, 10, 0, tzinfo=UTC))
    milestone_sweep(db, clock)
    [message] = sent_to(db, 5001)
    data = {label: value for row in json.loads(message.buttons) for label, value in row}
    engine = Engine(db, clock)
    lee = Chat(engine, 5001)
    lee._send(kind=EventKind.BUTTON, button=data["Ask for support"], callback_id="c")
    assert lee.keys()[-1] == "support.ask.category"
    lee._send(kind=EventKind.BUTTON, button=data["Menu"], callback_id="c")
    assert lee.keys()[-1] == "menu.title"
    # Someone else's chat cannot use them.
    other = Chat(engine, 5099)
    other._send(kind=EventKind.BUTTON, button=data["Menu"], callback_id="c")
    assert other.sent() and "menu.title" not in other.sent()


def test_a_second_worker_is_kept_out_by_the_advisory_lock(
    db: Database, clock: FakeClock, kent: dict[str, int]
) -> None:
    if not db.is_postgres:
        pytest.skip("advisory locks are PostgreSQL's")
    young_person(db, "Lee", date(2010, 5, 29), 5001)
    clock.set(datetime(2028, 5, 29, 10, 0, tzinfo=UTC))
    with db.engine.connect() as other:
        other.execute(text("SELECT pg_advisory_lock(:id)"), {"id": MILESTONE_LOCK})
        assert milestone_sweep(db, clock) == 0
        other.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": MILESTONE_LOCK})
    assert milestone_sweep(db, clock) == 1


def test_the_scheduler_runs_the_milestone_and_retention_sweeps() -> None:
    assert "milestones" in SWEEPS and "retention" in SWEEPS


def test_erasing_a_case_forgets_its_milestones(
    db: Database, clock: FakeClock, kent: dict[str, int]
) -> None:
    """Which birthday message went when would give their date of birth away: all of it goes."""
    lee = young_person(db, "Lee", date(2010, 5, 29), 5001)
    other = young_person(db, "Max", date(2010, 5, 29), 5002)
    clock.set(datetime(2028, 5, 29, 10, 0, tzinfo=UTC))
    assert milestone_sweep(db, clock) == 2
    with unit_of_work(db) as uow:
        for row in uow.session.exec(select(OutboxMessage)).all():
            row.status, row.telegram_message_id = OutboxStatus.SENT, row.id
        case = uow.cases.get(1, lee)
        assert case is not None
        erase_case(uow, case, clock.now())
    with unit_of_work(db) as uow:
        assert uow.session.exec(select(MilestoneSent.young_person_id)).all() == [other]
        kinds = uow.session.exec(
            select(OutboxMessage.kind).where(OutboxMessage.young_person_id == lee)
        ).all()
        assert not [kind for kind in kinds if kind.startswith("milestone.")]
        assert kinds.count("card.deleted") == 1  # the team's card: scrubbed, not lost
        tokens = uow.session.exec(
            select(ActionToken.young_person_id).where(ActionToken.action == "milestone")
        ).all()
        assert tokens == [other]
    assert len(sent_to(db, 5002)) == 1  # the others' are left alone
