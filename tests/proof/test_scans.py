"""Scans: after a full session, no secret in any log line or in a raw dump of the database.

The session: a young person joins by invite, adds people, asks for support in their own
words, their coordinator picks it up and writes back, they answer, they write something
alarming (the safety net answers and the team is alerted), and they export their data.
Logging runs at DEBUG, formatted as the bot formats it. Then every log line is searched for
the bot token, invite codes, names and words typed, and the database is dumped raw (the
SQLite file's bytes and its SQL dump; PostgreSQL's ``pg_dump`` under ``make proof``).
"""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from dialogs.staff.admin import create_invite
from storage.db import Database
from storage.migrate import upgrade
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, SAM, TOKEN, buttons
from tests.proof.conftest import PROOF
from tests.proof.world import (
    FRIEND,
    PERSON,
    RELAY_TO_TEAM,
    RELAY_TO_YP,
    WORDS,
    Session,
    build,
)
from tests.support.journeys import YoungPerson, wait_group
from tests.support.logs import logged_lines

NEW_PERSON = "Auntiebrxq"
ALARM = "i want to kill myself zentrophy"
SPARE_NAME = "Quillonqa"  # a name only the database holds (Alex's is too common to scan for)


def typed_secrets() -> list[str]:
    """Names and words that must never be found outside their encrypted columns."""
    return [PERSON, FRIEND, NEW_PERSON, WORDS, RELAY_TO_TEAM, RELAY_TO_YP, "zentrophy", SPARE_NAME]


def run_session(db: Database, clock: FakeClock) -> tuple[Session, list[str]]:
    """The full session through the Engine (with the outbox delivered); its secrets."""
    session = build(db, clock)  # joins, people, a plan, a request with words, its card
    world = session.world
    with unit_of_work(db) as uow:
        spare = create_invite(uow, "kent", SPARE_NAME, date(2007, 7, 7), clock.now())
    alex = world.chat(ALEX)
    # Add someone through the people flow.
    alex.command("people")
    alex.press("➕ Add someone")
    alex.text(NEW_PERSON)
    alex.press("Aunt")
    for label in ("Yes, that's right", "Very close", "In touch", "Yes"):
        alex.press(label)
    # The relay both ways.
    group = world.group(GROUP)
    card = world.tg.find(GROUP, session.request_ref)
    group.send(SAM, RELAY_TO_YP, reply_to=card.message_id)
    world.deliver()
    relayed = world.tg.find(ALEX, RELAY_TO_YP)
    alex.press_data(relayed.button("Reply"))
    alex.text(RELAY_TO_TEAM)
    world.deliver()
    assert world.tg.find(GROUP, RELAY_TO_TEAM)
    # A safety message, and the export.
    alex.command("menu")
    alex.text(ALARM)
    answered = alex.keys()
    assert "crisis.reply" in answered, answered
    alex.command("data")
    alex.press("What you hold about me")
    answered = alex.keys()
    assert "data.summary" in answered, answered
    world.deliver()
    codes = [*session.codes.values(), spare.code]
    return session, codes


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path}/scan.db")
    upgrade(db)
    yield db
    db.dispose()


def assert_clean_lines(lines: list[str], secrets: list[str]) -> None:
    assert lines, "nothing was logged: the capture is broken"
    for line in lines:
        lowered = line.lower()
        for secret in secrets:
            assert secret.lower() not in lowered, f"{secret!r} logged: {line[:200]!r}"


def test_a_full_session_leaves_no_secret_in_logs_or_the_sqlite_file(
    sqlite_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    with logged_lines("DEBUG") as lines:
        session, codes = run_session(sqlite_db, clock)
    assert_clean_lines(lines, [*typed_secrets(), *codes, TOKEN, ALARM])
    # The words did go where they belong (so the scan below looks at a real session).
    assert session.world.tg.find(GROUP, RELAY_TO_TEAM)
    sqlite_db.dispose()
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("scan.db*"))
    with sqlite3.connect(tmp_path / "scan.db") as conn:
        dump = "\n".join(conn.iterdump())
    for secret in [*typed_secrets(), *codes]:
        assert secret.encode() not in raw, f"{secret!r} in the database file"
        assert secret not in dump, f"{secret!r} in the SQL dump"


@pytest.mark.proof
@pytest.mark.postgres
def test_a_full_session_leaves_no_secret_in_pg_dump(postgres_server: Any, clock: FakeClock) -> None:
    from tests.support.postgres import fresh_database

    db = fresh_database(postgres_server)
    try:
        with logged_lines("DEBUG") as lines:
            _, codes = run_session(db, clock)
        assert_clean_lines(lines, [*typed_secrets(), *codes])
        name = db.url.rsplit("/", 1)[1]
    finally:
        db.dispose()
    dump = subprocess.run(
        [
            *postgres_server.as_user,
            f"{postgres_server.bindir}/pg_dump",
            "-h",
            "127.0.0.1",
            "-p",
            str(postgres_server.port),
            "-U",
            "postgres",
            name,
        ],
        check=True,
        capture_output=True,
    ).stdout.decode()
    assert "young_person" in dump
    for secret in [*typed_secrets(), *codes]:
        assert secret not in dump, f"{secret!r} in pg_dump"


# --- over HTTP: the frameworks' own logging too -----------------------------------------------
async def test_a_session_over_http_logs_no_secret(
    standin: BotApiStandIn, run_bot, kent, db: Database, framework: str
) -> None:
    if not PROOF and (framework != "ptb" or db.is_postgres):
        pytest.skip("one framework on SQLite in make test; all under make proof")
    alex = YoungPerson(standin)
    words = "my bike qwzxv was stolen from the hall"
    with logged_lines("DEBUG") as lines:
        async with run_bot():
            menu = await alex.join(kent["alex"].code)
            people = await alex.open_people(menu)
            await alex.tap(people, "➕ Add someone", 1)
            await alex.send(NEW_PERSON, 1)
            category = (await alex.send("/menu", 1))[0]
            category = (await alex.tap(category, "Ask for support", 1))[0]
            describe = (await alex.tap(category, "Money", 1))[0]
            more = (await alex.send(words, 1))[0]
            urgency = (await alex.tap(more, "Next ➡", 1))[0]
            check = (await alex.tap(urgency, "As soon as possible", 1))[-1]
            await alex.tap(check, "Send it", 1)
            card = await wait_group(standin, db, "qwzxv")
            standin.user_sends(
                SAM, RELAY_TO_YP, chat_id=GROUP, reply_to_message_id=card["message_id"]
            )
            await standin.wait_until(
                lambda: any(
                    RELAY_TO_YP in (m.get("text") or "") for m in standin.bot_messages(ALEX)
                ),
                timeout=15,
            )
            alex.seen = len(standin.bot_messages(ALEX))
            await alex.send(ALARM, 1)
            await alex.send("/data", 1)
            await standin.wait_idle()
            assert describe and buttons(card)
    secrets = [TOKEN, kent["alex"].code, kent["kim"].code, NEW_PERSON, words, "qwzxv"]
    assert_clean_lines(lines, [*secrets, RELAY_TO_YP, "zentrophy"])
