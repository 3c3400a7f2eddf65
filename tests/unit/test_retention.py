"""Retention: cases are erased as "Delete everything" erases them once their time is up."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import func, select

from dialogs.cases.notify import notify_team
from dialogs.core.clock import FakeClock
from dialogs.staff.admin import add_staff, create_invite, create_service, link_group
from dialogs.texts import t
from scheduler.digest import digest_text
from scheduler.retention import RETENTION_LOCK, due_next_month, retention_sweep
from storage.db import Database
from storage.lifedates import add_months, birthday
from storage.migrate import current_revision, head_revision, upgrade
from storage.models import (
    AuditEvent,
    CaseStatus,
    ConsentPurpose,
    ContactStatus,
    ConversationState,
    GroupPurpose,
    OutboxMessage,
    OutboxStatus,
    Person,
    PersonCircle,
    Plan,
    StaffRole,
    SupportCategory,
    SupportRequest,
    Urgency,
    YoungPerson,
)
from storage.retention import check_months, closed_on, due_on
from storage.uow import UnitOfWork, unit_of_work

SAM = 1001
GROUP = -100500
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # the fake clock's start
# Turned 25 on 24 November 2024: 24 months later is 24 November 2026.
TURNED_25 = date(1999, 11, 24)


# --- dates -------------------------------------------------------------------------------------
def test_a_29_february_birthday_is_1_march_in_other_years() -> None:
    born = date(2008, 2, 29)
    assert birthday(born, 18) == date(2026, 3, 1)
    assert birthday(born, 20) == date(2028, 2, 29)
    assert birthday(date(2008, 5, 1), 25) == date(2033, 5, 1)


def test_months_are_calendar_months_and_the_31st_becomes_the_last_day() -> None:
    assert add_months(date(2028, 5, 31), -3) == date(2028, 2, 29)
    assert add_months(date(2027, 5, 31), -3) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 24), 24) == date(2028, 11, 24)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)


def test_the_retention_setting_must_be_sensible() -> None:
    assert check_months(24) == 24
    for bad in (0, -1, 121, 10**9):
        with pytest.raises(ValueError, match="between 1 and 120"):
            check_months(bad)


def case_row(status: CaseStatus, born: date | None, created: datetime) -> YoungPerson:
    return YoungPerson(
        service_id=1, reference="KENT-X", status=status, date_of_birth=born, created_at=created
    )


def test_due_is_24_months_after_closing_or_turning_25_whichever_comes_first() -> None:
    created = datetime(2026, 1, 10, 12, tzinfo=UTC)
    active = case_row(CaseStatus.ACTIVE, date(2008, 5, 1), created)
    assert closed_on(active, None) is None
    assert due_on(active, 24, None) == date(2035, 5, 1)  # 25 on 1 May 2033
    declined = case_row(CaseStatus.DECLINED, date(2008, 5, 1), created)
    declined.last_active_at = datetime(2026, 2, 1, 23, 30, tzinfo=UTC)  # said no (GMT)
    assert due_on(declined, 24, None) == date(2028, 2, 1)
    invited = case_row(CaseStatus.INVITED, date(2008, 5, 1), created)
    expiry = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 1 July, 00:30 BST
    assert closed_on(invited, expiry) == date(2026, 7, 1)
    assert due_on(invited, 6, expiry) == date(2027, 1, 1)
    old = case_row(CaseStatus.DECLINED, date(2001, 1, 1), created)  # 25 on 1 Jan 2026
    assert due_on(old, 24, None) == date(2028, 1, 1)  # before the closing's 2028-01-10
    left = case_row(CaseStatus.LEFT, None, created)
    assert due_on(left, 24, None) is None


# --- the sweep --------------------------------------------------------------------------------
def _case(uow: UnitOfWork, name: str, born: date, status: CaseStatus, user: int) -> YoungPerson:
    invite = create_invite(uow, "kent", name, born, NOW - timedelta(days=800))
    case = uow.cases.by_reference(1, invite.reference)
    assert case is not None
    case.status = status
    case.telegram_user_id = user
    case.created_at = NOW - timedelta(days=800)
    case.last_active_at = NOW - timedelta(days=790)
    return case


@pytest.fixture
def kent(db: Database) -> dict[str, int]:
    """Kent with a group; Alex (turned 25 two years ago tomorrow) with people, a plan and a
    request carded in the group; Billie (20, active); Casey (said no, invite long expired)."""
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent Lifelong Links", NOW, 90, 16)
        add_staff(uow, "kent", SAM, "Sam", StaffRole.COORDINATOR, NOW)
        link_group(uow, "kent", GroupPurpose.COORDINATORS, GROUP, NOW)
        link_group(uow, "kent", GroupPurpose.MANAGERS, -100700, NOW)
        alex = _case(uow, "Alex", TURNED_25, CaseStatus.ACTIVE, 5001)
        alex.last_active_at = NOW - timedelta(days=1)
        uow.consents.record(alex, ConsentPurpose.USE, True, "t", NOW)
        for name, closeness in (("Nan Betty", 1), ("Jordan", 1), ("Mr Khan", 3)):
            uow.people.add(
                alex,
                Person(
                    service_id=0,
                    young_person_id=0,
                    name=name,
                    circle=PersonCircle.FAMILY,
                    closeness=closeness,
                    contact=ContactStatus.IN_TOUCH,
                    created_at=NOW,
                    updated_at=NOW,
                ),
            )
        uow.plans.create(alex, 90, NOW)
        uow.support.create(
            alex, SupportCategory.MONEY, Urgency.WEEK, "bus money please", [], True, NOW, NOW
        )
        notify_team(uow, alex, "notify.lead", "lead:alex", NOW)
        uow.session.flush()
        for row in uow.session.exec(select(OutboxMessage)).all():
            row.status, row.telegram_message_id = OutboxStatus.SENT, 77
        uow.states.save(
            ConversationState(
                chat_id=5001,
                user_id=5001,
                flow="support",
                step="text",
                screen="s",
                data="{}",
                updated_at=NOW,
            )
        )
        billie = _case(uow, "Billie", date(2006, 5, 5), CaseStatus.ACTIVE, 5002)
        casey = _case(uow, "Casey", date(2008, 3, 3), CaseStatus.DECLINED, 5003)
        ids = {"alex": alex.id, "billie": billie.id, "casey": casey.id}
    return {name: case_id or 0 for name, case_id in ids.items()}


def case(db: Database, case_id: int) -> YoungPerson:
    with unit_of_work(db) as uow:
        found = uow.cases.get(1, case_id)
        assert found is not None
        return found


def count(db: Database, model: type, **where: int) -> int:
    with unit_of_work(db) as uow:
        stmt = select(func.count()).select_from(model)
        for column, value in where.items():
            stmt = stmt.where(getattr(model, column) == value)
        return int(uow.session.exec(stmt).one())


def test_the_sweep_erases_a_case_on_the_day_its_time_is_up_and_not_before(
    db: Database, clock: FakeClock, kent: dict[str, int]
) -> None:
    # Casey said no more than 24 months ago: due already. Alex is due tomorrow (UK day).
    assert retention_sweep(db, clock) == 1
    assert case(db, kent["casey"]).status == CaseStatus.LEFT
    assert case(db, kent["alex"]).first_name == "Alex"
    clock.set(datetime(2026, 11, 24, 0, 5, tzinfo=UTC))  # 00:05 GMT on the day
    assert retention_sweep(db, clock) == 1
    alex = case(db, kent["alex"])
    assert alex.status == CaseStatus.LEFT and alex.left_at == clock.now()
    assert (alex.first_name, alex.date_of_birth, alex.telegram_user_id) == (None, None, None)
    # Counts stay for outcome reports; everything else about them is gone.
    assert (alex.final_people_count, alex.final_close_count) == (3, 2)
    assert count(db, Person, young_person_id=kent["alex"]) == 0
    assert count(db, Plan, young_person_id=kent["alex"]) == 0
    assert count(db, SupportRequest, young_person_id=kent["alex"]) == 0
    assert count(db, ConversationState, chat_id=5001) == 0
    assert case(db, kent["billie"]).status == CaseStatus.ACTIVE
    # The team's message about them is edited to say why it was deleted; no "left" note.
    with unit_of_work(db) as uow:
        rows = uow.session.exec(
            select(OutboxMessage).where(OutboxMessage.young_person_id == kent["alex"])
        ).all()
        edits = [r for r in rows if r.method == "edit"]
        assert [(r.chat_id, r.target_message_id, r.text) for r in edits] == [
            (GROUP, 77, t("retention.card.deleted"))
        ]
        assert all(r.text in ("", t("retention.card.deleted")) for r in rows)
        assert not [r for r in rows if r.kind == "notify.left"]
        # The audit trail stays, with who erased it.
        actions = [
            (a.actor, a.action)
            for a in uow.session.exec(
                select(AuditEvent).where(AuditEvent.young_person_id == kent["alex"])
            ).all()
        ]
    assert actions[0] == ("operator", "invite_created")
    assert actions[-1] == ("scheduler", "case_erased_retention")
    # Nothing more is due: a second run (or another worker) does nothing.
    assert retention_sweep(db, clock) == 0


def test_the_service_setting_decides_how_long(
    db: Database, clock: FakeClock, kent: dict[str, int]
) -> None:
    with unit_of_work(db) as uow:
        service = uow.services.by_slug("kent")
        assert service is not None and service.retention_months == 24
        service.retention_months = 30
    # Casey's invite expired on 28 September 2024 after they said no: kept until 28 March
    # 2027 (the day the clocks go forward), from the start of that UK day.
    assert retention_sweep(db, clock) == 0
    clock.set(datetime(2027, 3, 27, 23, 59, tzinfo=UTC))
    assert retention_sweep(db, clock) == 0
    clock.set(datetime(2027, 3, 28, 0, 0, tzinfo=UTC))
    assert retention_sweep(db, clock) == 1
    assert case(db, kent["casey"]).status == CaseStatus.LEFT
    assert case(db, kent["alex"]).status == CaseStatus.ACTIVE
    clock.set(datetime(2027, 5, 23, 23, 0, tzinfo=UTC))  # 24 May, 00:00 BST
    assert retention_sweep(db, clock) == 1  # Alex: 25 on 24 Nov 2024, + 30 months
    assert case(db, kent["alex"]).status == CaseStatus.LEFT


def test_the_digest_says_how_many_are_due_next_month(
    db: Database, clock: FakeClock, kent: dict[str, int]
) -> None:
    clock.set(datetime(2026, 10, 1, 9, 0, tzinfo=UTC))  # Alex falls due in November
    with unit_of_work(db) as uow:
        service = uow.services.by_slug("kent")
        assert service is not None
        assert due_next_month(uow, service, date(2026, 10, 1)) == 1
        assert due_next_month(uow, service, date(2026, 11, 1)) == 0
        digest = digest_text(uow, service, clock.now(), "Europe/London")
    assert "Cases to be deleted next month (kept 24 months" in digest
    assert "turns 25): 1" in digest
    assert "Turning 15 next month" in digest  # the referral line is still there


def test_a_second_worker_is_kept_out_by_the_advisory_lock(
    db: Database, clock: FakeClock, kent: dict[str, int]
) -> None:
    if not db.is_postgres:
        pytest.skip("advisory locks are PostgreSQL's")
    with db.engine.connect() as other:
        other.execute(text("SELECT pg_advisory_lock(:id)"), {"id": RETENTION_LOCK})
        assert retention_sweep(db, clock) == 0
        other.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": RETENTION_LOCK})
    assert retention_sweep(db, clock) == 1


def test_migrating_gives_every_service_24_months(db_url: str) -> None:
    db = Database(db_url)
    upgrade(db, "0011")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO service (id, slug, name, review_every_days, min_age, created_at, "
                "quiet_start_hour, quiet_end_hour, urgent_response_minutes, "
                "normal_response_minutes, work_start_hour, work_end_hour) "
                "VALUES (1, 'kent', 'Kent', 90, 16, '2026-01-01 00:00:00', 21, 9, 60, 480, 9, 17)"
            )
        )
    upgrade(db)
    assert current_revision(db) == head_revision(db)
    with unit_of_work(db) as uow:
        service = uow.services.by_slug("kent")
        assert service is not None and service.retention_months == 24
    db.dispose()
