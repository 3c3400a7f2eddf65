"""The audit trail: every staff action on a case says who, what, which case and when."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlmodel import select

from dialogs.core.clock import FakeClock
from dialogs.engine import Engine
from dialogs.staff.admin import add_staff, create_invite, create_service
from storage import audit
from storage.db import Database
from storage.migrate import current_revision, downgrade, head_revision, upgrade
from storage.models import AuditEvent, StaffRole
from storage.uow import unit_of_work
from tests.support.chat import Chat

SAM = 1001
MORGAN = 1003  # Kent manager, also staff of Sussex
ALEX = 5001


def events(db: Database) -> list[AuditEvent]:
    with unit_of_work(db) as uow:
        return list(uow.session.exec(select(AuditEvent).order_by(AuditEvent.id)).all())


def staff_id(db: Database, service: str, telegram_id: int) -> int:
    with unit_of_work(db) as uow:
        found = uow.services.by_slug(service)
        assert found is not None and found.id is not None
        member = uow.staff.in_service(found.id, telegram_id)
        assert member is not None and member.id is not None
        return member.id


@pytest.fixture
def kent(db: Database, clock: FakeClock) -> tuple[Engine, str]:
    """Kent with Sam (and Morgan, also of Sussex); Alex joined. Returns the engine, Alex's ref."""
    now = clock.now()
    with unit_of_work(db) as uow:
        create_service(uow, "sussex", "East Sussex Lifelong Links", now, 90, 16)
        create_service(uow, "kent", "Kent Lifelong Links", now, 90, 16)
        add_staff(uow, "kent", SAM, "Sam", StaffRole.COORDINATOR, now)
        add_staff(uow, "sussex", MORGAN, "Morgan", StaffRole.MANAGER, now)
        add_staff(uow, "kent", MORGAN, "Morgan", StaffRole.MANAGER, now)
        invite = create_invite(
            uow, "kent", "Alex", date(2008, 5, 1), now, coordinator_telegram_id=SAM
        )
    engine = Engine(db, clock)
    alex = Chat(engine, ALEX)
    alex.join(invite.code, share=False)  # not sharing with their worker
    assert alex.keys()[-1] == "menu.title"
    return engine, invite.reference


def test_reading_a_case_records_who_what_which_case_and_when(
    kent: tuple[Engine, str], db: Database, clock: FakeClock
) -> None:
    engine, ref = kent
    clock.advance(timedelta(minutes=5))
    Chat(engine, MORGAN).command("case", ref)
    [view] = [e for e in events(db) if e.action == "case_viewed"]
    with unit_of_work(db) as uow:
        case = uow.cases.by_reference(view.service_id or 0, ref)
        assert case is not None
    # Morgan is staff of two services: the Kent record is the one that read a Kent case.
    assert (view.actor, view.staff_id) == ("staff", staff_id(db, "kent", MORGAN))
    assert view.young_person_id == case.id and view.service_id == case.service_id
    assert view.created_at == clock.now()


def test_no_audit_row_for_a_case_that_is_not_found(kent: tuple[Engine, str], db: Database) -> None:
    engine, _ = kent
    before = len(events(db))
    Chat(engine, SAM).command("case", "KENT-ZZZZZ")
    assert len(events(db)) == before


def test_staff_reads_and_changes_carry_the_staff_id(kent: tuple[Engine, str], db: Database) -> None:
    engine, ref = kent
    sam = Chat(engine, SAM)
    sam.command("caseload")
    sam.command("plan", ref)
    sam_id = staff_id(db, "kent", SAM)
    done = {(e.action, e.staff_id) for e in events(db)}
    assert ("caseload_viewed", sam_id) in done
    assert ("plan_opened", sam_id) in done


def test_an_invite_made_in_the_chat_is_the_staffs_and_one_made_at_the_shell_the_operators(
    kent: tuple[Engine, str], db: Database, clock: FakeClock
) -> None:
    engine, _ = kent
    with unit_of_work(db) as uow:
        uow.settings.set("bot_username", "LifelinksTestBot")
    sam = Chat(engine, SAM)
    sam.command("newcase")
    sam.text("Kim")
    sam.text("02/02/2009")
    sam.press("Make the invite")
    invites = [(e.actor, e.staff_id) for e in events(db) if e.action == "invite_created"]
    assert invites == [("operator", None), ("staff", staff_id(db, "kent", SAM))]


def test_the_young_persons_consent_answers_are_each_audited(
    kent: tuple[Engine, str], db: Database
) -> None:
    engine, _ = kent
    actions = [(e.actor, e.action) for e in events(db)]
    assert ("young_person", "consent_use_yes") in actions
    assert ("young_person", "consent_share_no") in actions
    alex = Chat(engine, ALEX)
    alex.text("menu")
    before = len(events(db))
    alex.command("start")  # nothing changes: nothing audited as a consent change
    assert not [e for e in events(db)[before:] if e.action.startswith("consent_")]


def test_record_picks_the_writers_record_in_the_cases_service(
    db: Database, clock: FakeClock
) -> None:
    now = clock.now()
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent", now, 90, 16)
        create_service(uow, "sussex", "Sussex", now, 90, 16)
        add_staff(uow, "kent", MORGAN, "Morgan", StaffRole.MANAGER, now)
        add_staff(uow, "sussex", MORGAN, "Morgan", StaffRole.MANAGER, now)
        case = uow.cases.create(uow.services.by_slug("sussex"), "Robin", date(2008, 1, 1), now)  # type: ignore[arg-type]
        both = uow.staff.memberships(MORGAN)
        audit.record(uow, "case_viewed", now, case=case, staff=both)
        audit.record(uow, "report_made", now, service_id=case.service_id)
        audit.record(uow, "case_erased_retention", now, case=case, actor=audit.SCHEDULER)
    sussex_morgan = staff_id(db, "sussex", MORGAN)
    rows = [(e.actor, e.action, e.staff_id, e.service_id) for e in events(db)[-3:]]
    assert rows == [
        ("staff", "case_viewed", sussex_morgan, case.service_id),
        ("operator", "report_made", None, case.service_id),
        ("scheduler", "case_erased_retention", None, case.service_id),
    ]
    with pytest.raises(ValueError), unit_of_work(db) as uow:
        audit.record(uow, "x" * 61, now)


def test_audit_lines_read_by_case_and_by_staff(kent: tuple[Engine, str], db: Database) -> None:
    engine, ref = kent
    Chat(engine, SAM).command("case", ref)
    Chat(engine, MORGAN).command("case", ref)
    with unit_of_work(db) as uow:
        case_id = audit.case_id(uow.session, ref.lower())
        assert case_id is not None
        lines = audit.for_case(uow.session, case_id)
        assert [line.action for line in lines][-2:] == ["case_viewed", "case_viewed"]
        assert {line.case for line in lines} == {ref}
        morgan = audit.for_staff(uow.session, audit.staff_ids(uow.session, MORGAN))
        assert [(m.action, m.staff_telegram_id, m.staff_role) for m in morgan] == [
            ("case_viewed", MORGAN, StaffRole.MANAGER)
        ]
        assert audit.staff_ids(uow.session, 999) == []
        assert audit.case_id(uow.session, "KENT-NOPE1") is None


def test_the_audit_table_holds_no_content(kent: tuple[Engine, str], db: Database) -> None:
    engine, ref = kent
    Chat(engine, SAM).command("case", ref)
    columns = set(AuditEvent.model_fields)
    assert columns == {
        "id",
        "service_id",
        "young_person_id",
        "actor",
        "action",
        "created_at",
        "staff_id",
    }
    assert all("Alex" not in e.action for e in events(db))


def test_migrating_keeps_the_audit_trail_and_back(db_url: str) -> None:
    db = Database(db_url)
    upgrade(db, "0011")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_event (id, actor, action, created_at) "
                "VALUES (1, 'operator', 'invite_created', '2026-01-01 00:00:00')"
            )
        )
    upgrade(db)
    assert current_revision(db) == head_revision(db)
    with unit_of_work(db) as uow:
        [row] = uow.session.exec(select(AuditEvent)).all()
        assert (row.actor, row.action, row.staff_id) == ("operator", "invite_created", None)
        assert row.created_at == datetime(2026, 1, 1, tzinfo=UTC)
    downgrade(db, "0011")
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT action FROM audit_event")).scalar_one() == "invite_created"
    upgrade(db)
    db.dispose()
