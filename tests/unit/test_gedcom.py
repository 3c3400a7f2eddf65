"""The genogram export: GEDCOM 5.5.1 read back by python-gedcom and ged4py (names, family
links, notes, the round trip), the CLI's refusals, and the /case button."""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from bot.cli import app
from dialogs.core.clock import FakeClock
from dialogs.engine import Engine
from dialogs.staff import gedcom
from dialogs.staff.admin import create_invite
from storage.db import Database
from storage.models import (
    AuditEvent,
    CaseStatus,
    ConsentPurpose,
    OutboxMessage,
    Person,
    PersonCircle,
    YoungPerson,
)
from storage.uow import unit_of_work
from tests.conftest import TEST_KEY
from tests.support.chat import Chat
from tests.support.gedcom_read import NOW, ReadBack, family, person, with_ged4py, with_python_gedcom
from tests.support.seed import seed_kent

SIDE = "Mum or dad (side not recorded)"
SHARED = "Shared parent (not recorded)"
COUSINS_PARENT = "Aunt or uncle (not recorded)"
STEP_PARENT = "Step-mum or step-dad (not named)"


def case() -> YoungPerson:
    return YoungPerson(
        id=1,
        service_id=1,
        reference="KENT-AB2CD",
        first_name="Alex",
        date_of_birth=date(2008, 5, 1),
        created_at=NOW,
    )


def export(tmp_path: Path, people: list[Person]) -> tuple[str, ReadBack, ReadBack]:
    """Write the file, read it with both libraries, and check they agree."""
    text = gedcom.write(case(), people, NOW, "Kent Lifelong Links")
    path = tmp_path / "alex.ged"
    path.write_text(text, encoding="utf-8")
    first, second = with_python_gedcom(path), with_ged4py(path)
    assert first.names == second.names
    assert first.parents == second.parents
    assert first.notes == second.notes
    assert first.asso == second.asso
    assert first.sex == second.sex
    assert first.families == second.families
    return text, first, second


def test_header_and_lines_are_gedcom_5_5_1(tmp_path: Path) -> None:
    text, _, _ = export(tmp_path, family())
    lines = text.splitlines()
    assert lines[0] == "0 HEAD" and lines[-1] == "0 TRLR"
    assert "1 GEDC" in lines and "2 VERS 5.5.1" in lines and "2 FORM LINEAGE-LINKED" in lines
    assert "1 CHAR UTF-8" in lines and "1 DATE 7 DEC 2026" in lines
    assert all(len(line) <= 255 for line in lines)
    assert all(re.match(r"^\d ", line) for line in lines)
    defined = set(re.findall(r"^0 (@[A-Z0-9]+@) ", text, re.M))
    used = set(re.findall(r"^\d [A-Z]+ (@[A-Z0-9]+@)$", text, re.M))
    assert used <= defined  # every pointer leads somewhere


@pytest.mark.parametrize("reader", ["python-gedcom", "ged4py"])
def test_names_and_links_read_back(tmp_path: Path, reader: str) -> None:
    _, by_python_gedcom, by_ged4py = export(tmp_path, family())
    read = by_python_gedcom if reader == "python-gedcom" else by_ged4py
    stand_ins = {SIDE, SHARED, COUSINS_PARENT}
    names = {p.name.replace("/", gedcom.NAME_SLASH) for p in family()}
    assert set(read.names.values()) == {"Alex"} | names | stand_ins
    # The birth family: the first mum and dad, with the brother and sister.
    assert read.parents["Alex"] == {"Mum Jo", "Dave", SHARED, SIDE}
    assert read.parents["Kai"] == read.parents["Mia 🌸"] == {"Mum Jo", "Dave"}
    assert read.sex["Mum Jo"] == "F" and read.sex["Dave"] == "M" and read.sex["Alex"] == "U"
    # Half-siblings share a stand-in, never a named parent.
    assert read.parents["Lou"] == read.parents["Rob"] == {SHARED}
    assert read.sex["Lou"] == "F" and read.sex["Rob"] == "M"
    assert read.children_of("Mum Jo") == read.children_of("Dave") == {"Alex", "Kai", "Mia 🌸"}
    # Grandparents, aunts and uncles on a side not recorded; cousins under a stand-in.
    assert read.parents[SIDE] == {"Nan Betty", "Grandad Ron"}
    assert read.parents["Aunt Sue"] == read.parents["Uncle Pete"] == {"Nan Betty", "Grandad Ron"}
    assert read.parents["Cuz Liam"] == {COUSINS_PARENT}
    assert read.parents[COUSINS_PARENT] == {"Nan Betty", "Grandad Ron"}
    assert read.children_of(SIDE) == {"Alex"}
    # Step family: the step-sister is the step-dad's child; both linked to Alex by ASSO.
    assert read.parents["Tia"] == {"Steve"}
    assert read.parents["Steve"] == set()
    # Everyone else by ASSO, with who they are.
    assert read.asso["Alex"] == {
        ("Steve", "step dad"),
        ("Tia", "step sister"),
        ("Cara", "Mum"),
        ("Great Aunt May", "nans sister"),
        (f"Jay @home {gedcom.NAME_SLASH} Jay2", "Friend"),
        ("Pat", "Foster carer"),
        ("Mr Khan", "Teacher"),
    }
    assert read.families == 6


def test_notes_carry_contact_closeness_safety_and_wish(tmp_path: Path) -> None:
    _, read, _ = export(tmp_path, family())
    [mum] = [n for n in read.notes["Mum Jo"] if n.startswith("Recorded as")]
    assert "Contact: In touch" in mum and "Closeness: Very close" in mum
    assert "Their wish: wants contact" in mum and "Safety: not recorded" in mum
    [dave] = [n for n in read.notes["Dave"] if n.startswith("Recorded as")]
    assert "Safety: NOT SAFE" in dave and "Their wish: no contact" in dave
    assert "Contact: Lost touch" in dave
    assert any("Which parent they share is not recorded" in n for n in read.notes["Lou"])
    assert any("Half or step is not recorded" in n for n in read.notes["Kai"])
    assert any("Which side of the family" in n for n in read.notes["Nan Betty"])
    assert any("Not a real person" in n for n in read.notes[SIDE])
    assert any("How they are related is not recorded" in n for n in read.notes["Cara"])
    assert any("place in the family is not recorded" in n for n in read.notes["Great Aunt May"])


def test_round_trip_every_person_once_with_what_they_are(tmp_path: Path) -> None:
    people = family()
    _, read, _ = export(tmp_path, people)
    for original in people:
        name = original.name.replace("/", gedcom.NAME_SLASH)
        [recorded] = [n for n in read.notes[name] if n.startswith("Recorded as")]
        assert recorded == gedcom.person_note(original)
    assert len(read.names) == len(set(read.names.values()))  # nobody twice


def test_two_grandparent_couples_are_two_sides(tmp_path: Path) -> None:
    people = [
        person("Nan A", "nan"),
        person("Grandad A", "grandad"),
        person("Nan B", "nan"),
        person("Grandad B", "grandad"),
    ]
    _, read, _ = export(tmp_path, people)
    assert read.parents[f"{SIDE} 1"] == {"Nan A", "Grandad A"}
    assert read.parents[f"{SIDE} 2"] == {"Nan B", "Grandad B"}
    assert read.parents["Alex"] == {f"{SIDE} 1", f"{SIDE} 2"}


def test_cousins_without_grandparents_still_reach_alex(tmp_path: Path) -> None:
    _, read, _ = export(tmp_path, [person("Cuz", "cousin")])
    assert read.parents["Cuz"] == {COUSINS_PARENT}
    assert read.parents["Alex"] == {SIDE}
    assert read.families == 3  # side, grandparents (none named), the cousin's parent


def test_nobody_yet_is_just_the_young_person(tmp_path: Path) -> None:
    text, read, _ = export(tmp_path, [])
    assert set(read.names.values()) == {"Alex"} and read.families == 0
    assert "2 DATE 1 MAY 2008" in text


def test_long_notes_continue_and_read_back_whole(tmp_path: Path) -> None:
    words = " ".join(f"word{i}" for i in range(120))
    lines = gedcom._note(1, words)
    assert len(lines) > 2 and all(len(line) <= 255 for line in lines)
    assert all(not line.endswith(" ") for line in lines)
    long_other = person("Kim", "other", PersonCircle.FRIENDS, other="x" * 64)
    long_other.relationship_other = "y" * 64
    people = [long_other]
    _, read, _ = export(tmp_path, people)
    [recorded] = [n for n in read.notes["Kim"] if n.startswith("Recorded as")]
    assert recorded == gedcom.person_note(long_other)


def test_a_leading_at_sign_is_never_a_pointer(tmp_path: Path) -> None:
    text, read, _ = export(tmp_path, [person("@nan", "nan")])
    assert "1 NAME @@nan //" in text
    assert len(read.names) == 3  # Alex, the side stand-in, and her


# --- the CLI ----------------------------------------------------------------------------------
class Cli:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.runner = CliRunner()

    def __call__(self, *args: str):  # type: ignore[no-untyped-def]
        return self.runner.invoke(app, list(args))

    def dump(self) -> str:
        with sqlite3.connect(self.tmp / "cli.db") as conn:
            return "\n".join(conn.iterdump())


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "WEBHOOK_URL", "WEBHOOK_SECRET", "BOT_FRAMEWORK"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("ENCRYPTION_KEY", TEST_KEY)
    runner = Cli(tmp_path)
    assert runner("migrate").exit_code == 0
    assert runner("service", "create", "--slug", "kent", "--name", "Kent").exit_code == 0
    return runner


def seed_case(tmp_path: Path, share: bool) -> str:
    db = Database(f"sqlite:///{tmp_path}/cli.db")
    with unit_of_work(db) as uow:
        made = create_invite(uow, "kent", "Alex", date(2008, 5, 1), NOW)
        service_id = uow.cases.service_of_reference(made.reference)
        assert service_id is not None
        found = uow.cases.by_reference(service_id, made.reference)
        assert found is not None
        found.status = CaseStatus.ACTIVE
        uow.consents.record(found, ConsentPurpose.USE, True, "en-test", NOW)
        uow.consents.record(found, ConsentPurpose.SHARE, share, "en-test", NOW)
        for made_person in family():
            uow.people.add(found, made_person)
    db.dispose()
    return made.reference


def test_cli_writes_the_file_and_never_prints_a_name(cli: Cli, tmp_path: Path) -> None:
    ref = seed_case(tmp_path, share=True)
    out = tmp_path / "alex.ged"
    result = cli("export-gedcom", "--case", ref.lower(), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"genogram for {ref} (18 people) written to {out}"
    for secret in ("Alex", "Dave", "Nan Betty"):
        assert secret not in result.output
    by_python_gedcom, by_ged4py = with_python_gedcom(out), with_ged4py(out)
    assert by_python_gedcom.parents == by_ged4py.parents
    assert by_ged4py.parents["Kai"] == {"Mum Jo", "Dave"}
    assert list(tmp_path.glob(".gedcom-*")) == []  # no temporary file left
    db = Database(f"sqlite:///{tmp_path}/cli.db")
    with unit_of_work(db) as uow:
        events = uow.session.exec(
            select(AuditEvent).where(AuditEvent.action == "gedcom_exported")
        ).all()
        assert [(e.actor, e.young_person_id is not None) for e in events] == [("operator", True)]
    db.dispose()
    json_out = cli("export-gedcom", "--case", ref, "--out", str(out), "--json")
    assert json_out.exit_code == 0 and '"people": 18' in json_out.stdout


def refused(cli: Cli, out: Path, *args: str, says: str) -> None:
    before = cli.dump()
    result = cli("export-gedcom", *args, "--out", str(out))
    lines = result.stderr.strip().splitlines()
    assert result.exit_code != 0 and len(lines) == 1, result.output
    assert lines[0].startswith("error: ") and says in lines[0], lines[0]
    assert "Traceback" not in result.output
    assert cli.dump() == before
    assert not out.exists() or out.is_dir()


def test_cli_refuses_unknown_cases_sharing_off_and_unwritable_files(
    cli: Cli, tmp_path: Path
) -> None:
    shared = seed_case(tmp_path, share=True)
    private = seed_case(tmp_path, share=False)
    out = tmp_path / "x.ged"
    refused(cli, out, "--case", "KENT-ZZZZZ", says="no case KENT-ZZZZZ")
    refused(cli, out, "--case", "../../etc", says="no case")
    refused(cli, out, "--case", private, says="sharing is off")
    refused(cli, tmp_path / "missing" / "x.ged", "--case", shared, says="is not a folder")
    (tmp_path / "folder.ged").mkdir()
    refused(cli, tmp_path / "folder.ged", "--case", shared, says="it is a folder")
    db = Database(f"sqlite:///{tmp_path}/cli.db")
    with unit_of_work(db) as uow:
        left = uow.cases.by_reference(1, private)
        assert left is not None
        left.status = CaseStatus.LEFT
        uow.consents.record(left, ConsentPurpose.SHARE, True, "en-test", NOW)
    db.dispose()
    refused(cli, out, "--case", private, says="deleted their data")
    (tmp_path / "a-file").write_text("not a folder")
    refused(cli, tmp_path / "a-file" / "x.ged", "--case", shared, says="is not a folder")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_cli_refuses_a_folder_it_may_not_write(cli: Cli, tmp_path: Path) -> None:
    shared = seed_case(tmp_path, share=True)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        refused(cli, locked / "x.ged", "--case", shared, says="permission denied")
    finally:
        locked.chmod(0o700)


# --- the /case button ---------------------------------------------------------------------------
SAM, RILEY, ALEX, GROUP = 1001, 2001, 5001, -100500


@pytest.fixture
def engine(db: Database, clock: FakeClock) -> Engine:
    now = clock.now()
    with unit_of_work(db) as uow:
        invite = seed_kent(uow, now, sussex=True)
    engine = Engine(db, clock)
    alex = Chat(engine, ALEX)
    alex.join(invite.code)
    with unit_of_work(db) as uow:
        found = uow.cases.own_case(ALEX)
        assert found is not None
        for made_person in family():
            uow.people.add(found, made_person)
        engine.ref = found.reference  # type: ignore[attr-defined]
    return engine


def test_staff_get_the_genogram_as_a_document(engine: Engine, db: Database, tmp_path: Path) -> None:
    sam = Chat(engine, SAM)
    summary = sam.command("case", engine.ref)  # type: ignore[attr-defined]
    sam.press("Genogram (GEDCOM)")
    [sent] = sam.last
    assert sent.key == "geno.staff.gedcom.sent" and sent.document is not None
    assert sent.filename == f"{engine.ref}.ged"  # type: ignore[attr-defined]
    assert "Dave" not in sent.text and "18 people" in sent.text
    path = tmp_path / "sent.ged"
    path.write_bytes(sent.document)
    assert with_python_gedcom(path).parents == with_ged4py(path).parents
    assert with_ged4py(path).parents["Alex"] == {"Mum Jo", "Dave", SHARED, SIDE}
    with unit_of_work(db) as uow:
        [row] = uow.session.exec(
            select(OutboxMessage).where(OutboxMessage.method == "document")
        ).all()
        assert row.chat_id == SAM and row.filename == sent.filename
        assert row.attachment  # queued in the outbox, like every message
        assert (
            len(
                uow.session.exec(
                    select(AuditEvent).where(AuditEvent.action == "gedcom_exported")
                ).all()
            )
            == 1
        )
    sam.press("Who is safe", summary)  # the summary's buttons still work after the file
    assert sam.keys() == ["geno.staff.people"]


def test_another_service_gets_no_genogram(engine: Engine) -> None:
    riley = Chat(engine, RILEY)
    riley.command("case", engine.ref)  # type: ignore[attr-defined]
    assert riley.keys() == ["staff.case.not_found"]
    assert "Genogram (GEDCOM)" not in riley.labels()


def test_no_genogram_once_they_deleted_their_data(engine: Engine, db: Database) -> None:
    sam = Chat(engine, SAM)
    summary = sam.command("case", engine.ref)  # type: ignore[attr-defined]
    with unit_of_work(db) as uow:
        found = uow.cases.own_case(ALEX)
        assert found is not None
        found.status = CaseStatus.LEFT
    sam.press("Genogram (GEDCOM)", summary)
    assert sam.keys() == ["geno.staff.gedcom.left"]
    assert all(reply.document is None for reply in sam.last)
