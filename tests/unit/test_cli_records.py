"""`lifelinks audit`, `lifelinks service retention` and `lifelinks backup` through the real CLI."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from storage import audit, crypto
from storage.db import Database
from storage.models import AuditEvent, CaseStatus
from storage.uow import unit_of_work
from tests.support.cli import Cli, shell


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The app on a SQLite database of its own (logging as configured)."""
    return shell(tmp_path, monkeypatch)


@pytest.fixture
def world(cli: Cli) -> str:
    """Kent, its coordinator 1001 and an active case made at the shell; the reference."""
    cli.ok("migrate")
    cli.ok("service", "create", "--slug", "kent", "--name", "Kent")
    cli.ok("staff", "add", "--service", "kent", "--telegram-id", "1001", "--name", "Sam")
    out = cli.ok("invite", "create", "--service", "kent", "--name", "Alex", "--dob", "2008-05-01")
    reference = out.split()[1]
    db = Database(f"sqlite:///{cli.db_path}")
    with unit_of_work(db) as uow:
        case = uow.cases.by_reference(uow.cases.service_of_reference(reference) or 0, reference)
        assert case is not None
        case.status = CaseStatus.ACTIVE
    db.dispose()
    return reference


def add_view(cli: Cli, reference: str, telegram_id: int, when: datetime) -> None:
    """Record that a member of staff read the case, at ``when``."""
    db = Database(f"sqlite:///{cli.db_path}")
    with unit_of_work(db) as uow:
        case_id = audit.case_id(uow.session, reference)
        assert case_id is not None
        case = uow.cases.get(uow.cases.service_of_reference(reference) or 0, case_id)
        member = uow.staff.memberships(telegram_id)
        audit.record(uow, "case_viewed", when, case=case, staff=member)
    db.dispose()


# --- audit ---------------------------------------------------------------------------------
def test_audit_by_case_lists_who_did_what_in_uk_time(cli: Cli, world: str) -> None:
    add_view(cli, world, 1001, datetime(2025, 7, 1, 8, 30, tzinfo=UTC))  # 09:30 BST
    add_view(cli, world, 1001, datetime(2025, 12, 1, 8, 30, tzinfo=UTC))  # 08:30 GMT
    out = cli.ok("audit", "--case", world.lower()).splitlines()
    assert out[0] == f"2025-07-01 09:30 BST  {world}  staff 1001 (coordinator)  case_viewed"
    assert out[1] == f"2025-12-01 08:30 GMT  {world}  staff 1001 (coordinator)  case_viewed"
    assert out[2].endswith(f"{world}  operator  invite_created")  # made now, at the shell
    assert "Alex" not in "\n".join(out)


def test_audit_by_staff_lists_only_theirs_and_json_too(cli: Cli, world: str) -> None:
    cli.ok("staff", "add", "--service", "kent", "--telegram-id", "1002", "--name", "Jo")
    add_view(cli, world, 1001, datetime(2026, 7, 1, 8, 30, tzinfo=UTC))
    add_view(cli, world, 1002, datetime(2026, 7, 2, 8, 30, tzinfo=UTC))
    out = cli.ok("audit", "--staff", "1002").splitlines()
    assert out == [f"2026-07-02 09:30 BST  {world}  staff 1002 (coordinator)  case_viewed"]
    data = json.loads(cli.ok("audit", "--staff", "1001", "--json"))
    assert data["ok"] is True
    [event] = data["events"]
    assert event["case"] == world and event["staff_telegram_id"] == 1001
    assert event["at_uk"] == "2026-07-01 09:30 BST" and event["action"] == "case_viewed"


def test_audit_of_staff_who_did_nothing_yet(cli: Cli, world: str) -> None:
    assert cli.ok("audit", "--staff", "1001").strip() == "no events"


def test_audit_bad_input_is_one_line(cli: Cli, world: str) -> None:
    cli.refused("audit", says="--case")
    cli.refused("audit", "--case", world, "--staff", "1001", says="one of them")
    cli.refused("audit", "--case", "KENT-NOPE1", says="no case KENT-NOPE1")
    cli.refused("audit", "--staff", "4242", says="no member of staff")
    cli.refused("audit", "--staff", "sam", says="--staff")


# --- service retention ---------------------------------------------------------------------
def retention_of(cli: Cli, slug: str) -> int:
    db = Database(f"sqlite:///{cli.db_path}")
    with unit_of_work(db) as uow:
        service = uow.services.by_slug(slug)
        assert service is not None
        months = service.retention_months
    db.dispose()
    return months


def test_service_retention_is_set_and_audited(cli: Cli, world: str) -> None:
    assert retention_of(cli, "kent") == 24
    out = cli.ok("service", "retention", "--service", "kent", "--months", "36")
    assert "36 months" in out and "was 24" in out
    assert retention_of(cli, "kent") == 36
    data = json.loads(
        cli.ok("service", "retention", "--service", "kent", "--months", "12", "--json")
    )
    assert data == {"ok": True, "service": "kent", "months": 12, "was": 36}
    db = Database(f"sqlite:///{cli.db_path}")
    with unit_of_work(db) as uow:
        actions = [e.action for e in uow.session.exec(select(AuditEvent)).all()]
    db.dispose()
    assert actions.count("retention_set") == 2


@pytest.mark.parametrize(
    ("months", "says"),
    [
        ("0", "between 1 and 120 months, not 0"),
        ("-3", "between 1 and 120 months, not -3"),
        ("121", "between 1 and 120 months"),
        ("99999999999999999999", "between 1 and 120 months"),
        ("two years", "--months"),
        ("", "--months"),
        ("1.5", "--months"),
    ],
)
def test_service_retention_bad_input_is_one_line(
    cli: Cli, world: str, months: str, says: str
) -> None:
    cli.refused("service", "retention", "--service", "kent", "--months", months, says=says)
    assert retention_of(cli, "kent") == 24


def test_service_retention_for_an_unknown_service(cli: Cli, world: str) -> None:
    cli.refused("service", "retention", "--service", "essex", "--months", "12", says="no service")
    cli.refused("service", "retention", "--service", "kent", says="--months")


# --- backup ----------------------------------------------------------------------------------
def test_a_backup_restores_and_its_names_read_back_with_the_key(cli: Cli, world: str) -> None:
    out = cli.ok("backup", "--out", str(cli.tmp / "copy.db"))
    assert "backup written to" in out and "ENCRYPTION_KEY" in out
    backup_file = cli.tmp / "copy.db"
    raw = backup_file.read_bytes()
    assert raw.startswith(b"SQLite format 3\x00") and b"Alex" not in raw  # encrypted at rest
    assert not list(cli.tmp.glob(".copy.db.partial-*"))
    # Restore: the backup becomes the database; the same key reads the name back.
    restored = cli.tmp / "restored" / "lifelinks.db"
    restored.parent.mkdir()
    shutil.copyfile(backup_file, restored)
    cli.monkeypatch.setenv("DATABASE_URL", f"sqlite:///{restored}")
    assert world in cli.ok("audit", "--case", world)
    db = Database(f"sqlite:///{restored}")
    with unit_of_work(db) as uow:
        case = uow.cases.by_reference(uow.cases.service_of_reference(world) or 0, world)
        assert case is not None and case.first_name == "Alex"
    db.dispose()
    # Without the key, the name is not readable.
    crypto.configure_keys(crypto.generate_key())
    db = Database(f"sqlite:///{restored}")
    with pytest.raises(crypto.KeyError_), unit_of_work(db) as uow:
        uow.cases.by_reference(1, world)
    db.dispose()


def test_a_backup_is_taken_while_the_bot_writes(cli: Cli, world: str) -> None:
    """Online: a writer mid-transaction neither blocks the backup nor leaks into it."""
    writer = sqlite3.connect(cli.db_path, timeout=1)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE young_person SET status = 'declined'")
    try:
        cli.ok("backup", "--out", str(cli.tmp / "online.db"))
    finally:
        writer.rollback()
        writer.close()
    with sqlite3.connect(cli.tmp / "online.db") as copy:
        assert copy.execute("SELECT status FROM young_person").fetchall() == [("active",)]
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_backup_bad_input_is_one_line(cli: Cli, world: str) -> None:
    taken = cli.tmp / "taken.db"
    taken.write_bytes(b"keep me")
    cli.refused("backup", "--out", str(taken), says="already exists")
    assert taken.read_bytes() == b"keep me"
    cli.refused("backup", "--out", str(cli.tmp / "no" / "such" / "x.db"), says="does not exist")
    cli.refused("backup", says="--out")
    cli.monkeypatch.setenv("DATABASE_URL", f"sqlite:///{cli.tmp}/missing.db")
    cli.refused("backup", "--out", str(cli.tmp / "b.db"), says="no database file")
    assert not (cli.tmp / "missing.db").exists() and not (cli.tmp / "b.db").exists()


def test_backup_on_postgresql_points_to_pg_dump(cli: Cli) -> None:
    cli.monkeypatch.setenv("DATABASE_URL", "postgresql://lifelinks@localhost/lifelinks")
    result = cli("backup", "--out", str(cli.tmp / "pg.db"))
    assert result.exit_code != 0
    assert result.stderr.strip().splitlines() == [
        "error: DATABASE_URL is PostgreSQL: back it up with pg_dump -Fc (see Backups in the README)"
    ]
    assert not (cli.tmp / "pg.db").exists()
