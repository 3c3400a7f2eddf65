"""Storage: migrations, encryption at rest, service scoping, dedupe, outbox claims."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import inspect, text

from dialogs.core.clock import FakeClock
from dialogs.staff.admin import AdminError, add_staff, create_invite, create_service
from storage import crypto
from storage.db import Database
from storage.migrate import current_revision, downgrade, head_revision, upgrade
from storage.models import StaffRole
from storage.uow import unit_of_work


def test_migrate_empty_database_and_back(db_url: str) -> None:
    db = Database(db_url)
    assert current_revision(db) is None
    upgrade(db)
    assert current_revision(db) == head_revision(db)
    tables = set(inspect(db.engine).get_table_names())
    for table in (
        "service",
        "staff",
        "group_link",
        "young_person",
        "invite",
        "consent_event",
        "conversation_state",
        "processed_update",
        "outbox",
        "audit_event",
    ):
        assert table in tables
    downgrade(db, "base")
    assert "young_person" not in set(inspect(db.engine).get_table_names())
    upgrade(db)  # and up again from nothing
    assert current_revision(db) == head_revision(db)
    db.dispose()


def _raw_dump(db: Database) -> str:
    parts = []
    with db.engine.connect() as conn:
        for table in inspect(db.engine).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                parts.append(repr(tuple(row)))
    return "\n".join(parts)


def test_names_are_encrypted_at_rest(db: Database, clock: FakeClock) -> None:
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent Lifelong Links", clock.now(), 90, 16)
        add_staff(uow, "kent", 1001, "Samira Quartermaine", StaffRole.COORDINATOR, clock.now())
        invite = create_invite(uow, "kent", "Zebedee", date(2008, 5, 1), clock.now())
    dump = _raw_dump(db)
    assert "Zebedee" not in dump and "Samira" not in dump
    assert invite.code not in dump  # only the hash is kept
    with unit_of_work(db) as uow:
        case = uow.cases.by_reference(1, invite.reference)
        assert case is not None and case.first_name == "Zebedee"


def test_key_rotation_keeps_old_rows_readable(db: Database, clock: FakeClock) -> None:
    old = crypto.generate_key()
    crypto.configure_keys(old)
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent", clock.now(), 90, 16)
        invite = create_invite(uow, "kent", "Alex", date(2008, 5, 1), clock.now())
    crypto.configure_keys(f"{crypto.generate_key()},{old}")
    with unit_of_work(db) as uow:
        case = uow.cases.by_reference(1, invite.reference)
        assert case is not None and case.first_name == "Alex"
    crypto.configure_keys(crypto.generate_key())
    with pytest.raises(crypto.KeyError_), unit_of_work(db) as uow:
        uow.cases.by_reference(1, invite.reference)


def test_bad_keys_are_refused() -> None:
    with pytest.raises(crypto.KeyError_):
        crypto.parse_keys("")
    with pytest.raises(crypto.KeyError_):
        crypto.parse_keys("not-a-key")


def test_case_queries_are_scoped_by_service(db: Database, clock: FakeClock) -> None:
    with unit_of_work(db) as uow:
        kent = create_service(uow, "kent", "Kent", clock.now(), 90, 16)
        sussex = create_service(uow, "sussex", "East Sussex", clock.now(), 90, 16)
        invite = create_invite(uow, "kent", "Alex", date(2008, 5, 1), clock.now())
    with unit_of_work(db) as uow:
        assert kent.id is not None and sussex.id is not None
        case = uow.cases.by_reference(kent.id, invite.reference)
        assert case is not None and case.id is not None
        assert uow.cases.by_reference(sussex.id, invite.reference) is None
        assert uow.cases.get(sussex.id, case.id) is None


def test_update_dedupe(db: Database, clock: FakeClock) -> None:
    with unit_of_work(db) as uow:
        assert uow.updates.claim(1, 42, clock.now())
    with unit_of_work(db) as uow:
        assert not uow.updates.claim(1, 42, clock.now())
        assert uow.updates.claim(2, 42, clock.now())  # another bot's update 42


def test_two_workers_writing_a_setting_at_once_both_succeed(db: Database) -> None:
    """Workers starting together both store the bot's username: neither fails on the key
    (the scale-out test's second worker once died of it)."""
    errors: list[BaseException] = []

    def other_worker() -> None:
        try:
            with unit_of_work(db) as uow:
                uow.settings.set("bot_username", "lifelinks_bot")
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    with unit_of_work(db) as uow:
        uow.settings.set("bot_username", "lifelinks_bot")
        racer = threading.Thread(target=other_worker)
        racer.start()
        racer.join(0.5)  # it waits for this transaction, or (wrongly) goes first
    racer.join(30)
    assert errors == []
    with unit_of_work(db) as uow:
        assert uow.settings.get("bot_username") == "lifelinks_bot"


def test_outbox_claims_each_row_once(db: Database, clock: FakeClock) -> None:
    with unit_of_work(db) as uow:
        for n in range(5):
            uow.outbox.enqueue(
                chat_id=n + 1, text="hi", kind="t", idempotency_key=f"k{n}", now=clock.now()
            )
        uow.outbox.enqueue(
            chat_id=9,
            text="later",
            kind="t",
            idempotency_key="later",
            now=clock.now(),
            not_before=clock.now() + timedelta(hours=1),
        )
    with unit_of_work(db) as uow:
        due = [row_id for row_id, _chat in uow.outbox.due_heads(clock.now(), 10, 1)]
    assert len(due) == 5  # the row for later is not due yet
    with unit_of_work(db) as uow:
        first = [uow.outbox.claim_one(row_id, clock.now()) for row_id in due]
    with unit_of_work(db) as uow:
        second = [uow.outbox.claim_one(row_id, clock.now()) for row_id in due]
    assert all(row is not None for row in first) and second == [None] * 5


def test_admin_errors_are_clear(db: Database, clock: FakeClock) -> None:
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent", clock.now(), 90, 16)
    cases = [
        lambda uow: create_service(uow, "kent", "Again", clock.now(), 90, 16),
        lambda uow: create_service(uow, "Bad Slug", "x", clock.now(), 90, 16),
        lambda uow: create_invite(uow, "nowhere", "Alex", date(2008, 1, 1), clock.now()),
        lambda uow: create_invite(uow, "kent", "  ", date(2008, 1, 1), clock.now()),
        lambda uow: create_invite(uow, "kent", "Alex", date(2030, 1, 1), clock.now()),
        lambda uow: create_invite(
            uow, "kent", "Alex", date(2008, 1, 1), clock.now(), coordinator_telegram_id=99
        ),
        lambda uow: add_staff(uow, "kent", -5, "Sam", StaffRole.MANAGER, clock.now()),
    ]
    for action in cases:
        with pytest.raises(AdminError), unit_of_work(db) as uow:
            action(uow)


def test_keys_rotate_rewrites_every_encrypted_value(db: Database, clock: FakeClock) -> None:
    from storage.rotation import rotate_all

    old = crypto.generate_key()
    crypto.configure_keys(old)
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent", clock.now(), 90, 16)
        add_staff(uow, "kent", 1001, "Samira", StaffRole.COORDINATOR, clock.now())
        invite = create_invite(uow, "kent", "Alex", date(2008, 5, 1), clock.now())
    new = crypto.generate_key()
    crypto.configure_keys(f"{new},{old}")
    assert rotate_all(db) == 2
    crypto.configure_keys(new)  # the old key is gone: everything must still read
    with unit_of_work(db) as uow:
        case = uow.cases.by_reference(1, invite.reference)
        assert case is not None and case.first_name == "Alex"
        assert uow.staff.in_service(1, 1001) is not None
    assert "Alex" not in _raw_dump(db)


def test_migrate_from_the_previous_revision_keeps_data(db_url: str) -> None:
    db = Database(db_url)
    upgrade(db, "0001")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO service (slug, name, review_every_days, min_age, created_at) "
                "VALUES ('kent', 'Kent', 90, 16, '2026-01-01 00:00:00')"
            )
        )
    upgrade(db)
    assert current_revision(db) == head_revision(db)
    assert "person" in set(inspect(db.engine).get_table_names())
    with unit_of_work(db) as uow:
        service = uow.services.by_slug("kent")
        assert service is not None and service.name == "Kent"
    db.dispose()


def test_migrating_the_outbox_keeps_a_long_texts_progress(db_url: str) -> None:
    db = Database(db_url)
    upgrade(db, "0006")
    with db.engine.begin() as conn:
        for row_id, note in ((1, "sent 2/3 parts; 429"), (2, "429"), (3, None)):
            conn.execute(
                text(
                    "INSERT INTO outbox (id, chat_id, kind, text, buttons, idempotency_key, "
                    "status, attempts, not_before, created_at, last_error, method, force_reply) "
                    "VALUES (:id, 5001, 'test', 'x', '[]', :key, 'pending', 0, "
                    "'2026-01-01 00:00:00', '2026-01-01 00:00:00', :note, 'send', false)"
                ),
                {"id": row_id, "key": f"k{row_id}", "note": note},
            )
    upgrade(db)
    with db.engine.connect() as conn:
        progress = dict(conn.execute(text("SELECT id, parts_sent FROM outbox")).all())
    assert progress == {1: 2, 2: 0, 3: 0}
    db.dispose()


def test_migrating_support_requests_makes_them_plain_requests_and_back(db_url: str) -> None:
    db = Database(db_url)
    upgrade(db, "0007")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO service (id, slug, name, review_every_days, min_age, created_at, "
                "quiet_start_hour, quiet_end_hour, urgent_response_minutes, "
                "normal_response_minutes, work_start_hour, work_end_hour) "
                "VALUES (1, 'kent', 'Kent', 90, 16, '2026-01-01 00:00:00', 21, 9, 60, 480, 9, 17)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO young_person (id, service_id, reference, status, created_at, "
                "unreachable) VALUES (1, 1, 'KENT-1', 'active', '2026-01-01 00:00:00', false)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO support_request (id, service_id, young_person_id, reference, "
                "category, urgency, status, media, share_text, created_at, updated_at, "
                "escalate_at) VALUES (1, 1, 1, 'R-2345', 'money', 'today', 'sent', '[]', "
                "false, '2026-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-01 01:00:00')"
            )
        )
    upgrade(db)
    with db.engine.connect() as conn:
        row = conn.execute(text("SELECT kind, crisis_category, origin FROM support_request")).one()
    assert tuple(row) == ("request", None, None)
    downgrade(db, "0007")
    assert current_revision(db) == "0007"
    upgrade(db)
    assert current_revision(db) == head_revision(db)  # 0008 or later
    db.dispose()


def test_migrating_the_outbox_encrypts_button_labels_and_back(db_url: str) -> None:
    db = Database(db_url)
    upgrade(db, "0010")
    labels = '[[["Nan Rose", "p:1"]]]'
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO outbox (id, chat_id, kind, text, buttons, idempotency_key, "
                "status, attempts, not_before, created_at, method, force_reply, parts_sent) "
                "VALUES (1, 5001, 'test', :text, :buttons, 'k1', 'pending', 0, "
                "'2026-01-01 00:00:00', '2026-01-01 00:00:00', 'send', false, 0)"
            ),
            {"text": crypto.encrypt("Your people"), "buttons": labels},
        )
    upgrade(db)
    with db.engine.connect() as conn:
        stored = conn.execute(text("SELECT buttons FROM outbox")).scalar_one()
    assert "Nan Rose" not in stored and crypto.decrypt(stored) == labels
    downgrade(db, "0010")
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT buttons FROM outbox")).scalar_one() == labels
    db.dispose()
