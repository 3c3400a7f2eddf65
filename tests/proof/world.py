"""A populated world for the proof suite, driven through the Engine (no Telegram).

Kent has Sam (coordinator), a linked coordinators' group, and Alex, who has joined, shares
with the team, named people, has a plan and an open support request whose card is in the
group. Surrey is another service with Pat and its own group. Every name and word Alex typed
is distinctive, so a scan can look for it anywhere.

The fake Telegram, the outbox delivery and the chat drivers are the shared ones
(``tests/support/world.py``), so the proof suite follows any change to them.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import inspect, text
from sqlmodel import col, select

from dialogs.core.clock import FakeClock
from dialogs.engine import Engine
from dialogs.staff.admin import add_staff, create_invite, create_service, link_group
from dialogs.staff.plan_import import import_plan
from storage.db import Database
from storage.models import (
    ContactStatus,
    GroupPurpose,
    OutboxMessage,
    Person,
    PersonCircle,
    StaffRole,
)
from storage.uow import unit_of_work
from tests.support.seed import seed_kent
from tests.support.world import ALEX, PAT, SURREY_GROUP, Telegram, World, ask

BOT = "LifelinksTestBot"
PERSON = "Grandmaqzv"
FRIEND = "Buddyxqj"
WORDS = "my phone qwzxv broke and I need a new charger"
RELAY_TO_TEAM = "thanks pliffsnorg for calling"
RELAY_TO_YP = "I will ring you at four zorblat"

# Tables whose rows say what the service holds and did: not the bookkeeping of updates, and
# not the outbox, where answers go too (see :func:`outbox_chats` for who they went to).
BOOKKEEPING = {
    "processed_update",
    "conversation_state",
    "alembic_version",
    "app_setting",
    "outbox",
    "inbox",
    "inbox_update",
}


@dataclass
class Session:
    """The world, and the references and codes made on the way."""

    world: World
    case_ref: str
    request_ref: str
    codes: dict[str, str]
    _saved: tuple[sqlite3.Connection, Telegram, datetime] | None = field(default=None, repr=False)

    def save(self) -> None:
        """Remember this moment (SQLite only): :meth:`restore` comes back to it."""
        memory = sqlite3.connect(":memory:")
        raw = self.db.engine.raw_connection()
        try:
            raw.driver_connection.backup(memory)  # type: ignore[union-attr]
        finally:
            raw.close()
        self._saved = (memory, copy.deepcopy(self.world.tg), self.world.clock.now())

    def restore(self) -> None:
        """Put the database and the fake Telegram back as :meth:`save` found them, so every
        Hypothesis example starts from the same world (and replays the same way)."""
        assert self._saved is not None
        memory, tg, now = self._saved
        raw = self.db.engine.raw_connection()
        try:
            memory.backup(raw.driver_connection)  # type: ignore[arg-type]
        finally:
            raw.close()
        self.world.tg = copy.deepcopy(tg)
        self.world.clock._now = now  # the fake clock too: time passes within an example

    def tick(self) -> None:
        """A second passes (people take at least that long between two messages)."""
        self.world.clock.advance(timedelta(seconds=1))

    @property
    def engine(self) -> Engine:
        return self.world.engine

    @property
    def db(self) -> Database:
        return self.world.db

    def secrets(self) -> list[str]:
        """Everything of Kent's case that must never reach another service."""
        return [self.case_ref, self.request_ref, "Alex", PERSON, FRIEND, WORDS, "Kent Lifelong"]


def build(db: Database, clock: FakeClock) -> Session:
    """Kent with Alex's case (people, plan, a request, its card delivered) and Surrey."""
    now = clock.now()
    with unit_of_work(db) as uow:
        uow.settings.set("bot_username", BOT)
        alex = seed_kent(uow, now)
        spare = create_invite(uow, "kent", "Bo", date(2007, 2, 2), now)
        create_service(uow, "surrey", "Surrey Lifelong Links", now, 90, 16)
        add_staff(uow, "surrey", PAT, "Pat", StaffRole.COORDINATOR, now)
        link_group(uow, "surrey", GroupPurpose.COORDINATORS, SURREY_GROUP, now)
        robin = create_invite(uow, "surrey", "Robin", date(2007, 3, 3), now)
    codes = {"alex": alex.code, "bo": spare.code, "robin": robin.code}
    world = World(Engine(db, clock), Telegram(), db, clock, codes)
    world.join("alex", ALEX, share=True)
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None
        for name, circle in ((PERSON, PersonCircle.FAMILY), (FRIEND, PersonCircle.FRIENDS)):
            uow.people.add(
                case,
                Person(
                    service_id=0,
                    young_person_id=0,
                    name=name,
                    relationship="nan" if circle == PersonCircle.FAMILY else "friend",
                    circle=circle,
                    closeness=1,
                    contact=ContactStatus.IN_TOUCH,
                    created_at=now,
                    updated_at=now,
                ),
            )
        case_ref = case.reference
    with unit_of_work(db) as uow:
        plan = f"lead: {PERSON}\nitems:\n  - help: food\n    what: Sunday dinners\n"
        import_plan(uow, case_ref, plan + f"    who: {PERSON}\n", now)
    request_ref = ask(world.chat(ALEX), words=(WORDS,))
    world.deliver()
    return Session(world, case_ref, request_ref, codes)


def snapshot(db: Database, skip: set[str] = BOOKKEEPING) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the bookkeeping ones, as stored (ciphertext included)."""
    with db.engine.connect() as conn:
        tables = [t for t in inspect(conn).get_table_names() if t not in skip]
        return {
            table: sorted(
                (tuple(row) for row in conn.execute(text(f'SELECT * FROM "{table}"'))),
                key=repr,
            )
            for table in tables
        }


def changed(
    before: dict[str, list[Any]], after: dict[str, list[Any]], may_add: frozenset[str] = frozenset()
) -> list[str]:
    """The tables whose rows differ. In ``may_add`` tables new rows are fine (the buttons of
    a screen shown again get fresh tokens) as long as every old row is still there as it was.
    """
    differ = []
    for table, rows in after.items():
        old = before.get(table, [])
        if table in may_add:
            if any(row not in rows for row in old):
                differ.append(table)
        elif old != rows:
            differ.append(table)
    return sorted(differ)


def outbox_texts(db: Database, after_id: int, chats: set[int]) -> list[str]:
    """Texts (and button labels) of outbox rows queued after ``after_id`` to these chats."""
    with unit_of_work(db) as uow:
        rows = uow.session.exec(select(OutboxMessage).where(col(OutboxMessage.id) > after_id)).all()
        found = []
        for row in rows:
            if row.chat_id in chats:
                labels = [label for line in json.loads(row.buttons or "[]") for label, _ in line]
                found.append(" ".join([row.text or "", *labels]))
        return found


def outbox_chats(db: Database, after_id: int) -> set[int]:
    """The chats that outbox rows queued after ``after_id`` go to."""
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT chat_id FROM outbox WHERE id > :id"), {"id": after_id})
        return {int(chat_id) for (chat_id,) in rows}


def last_outbox_id(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM outbox")).scalar_one())
