"""The engine world of the unit tests: Kent and Surrey, chats and groups, a fake Telegram.

``World.deliver`` runs the real :class:`~scheduler.outbox.OutboxSender` into the fake
Telegram on a fake clock (so nothing waits for real), and the fake stores the relay map as a
real send does. The helpers below ask for support and read back requests, outbox rows,
relays, the audit trail and conversation state.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select, update

from dialogs.core.clock import FakeClock
from dialogs.core.events import Reply
from dialogs.engine import Engine
from dialogs.staff.admin import add_staff, create_invite, create_service, link_group
from scheduler.outbox.sender import OutboxSender
from scheduler.wiring import domain_reactions
from storage.db import Database
from storage.models import (
    AuditEvent,
    ContactStatus,
    ConversationState,
    GroupPurpose,
    HelpKind,
    OutboxMessage,
    OutboxStatus,
    Person,
    PersonCircle,
    PlanItem,
    PlanReview,
    RelayMessage,
    StaffRole,
    SupportRequest,
)
from storage.uow import unit_of_work
from tests.support.chat import Chat, Group
from tests.support.seed import ALEX, GROUP, SAM

BO = 5002  # another Kent young person
JO = 1002  # Kent coordinator
MORGAN = 1004  # Kent manager
PAT = 1003  # Surrey coordinator
STRANGER = 7001
MANAGERS = -100700  # Kent managers (linked with /link)
SURREY_GROUP = -100600
LONDON = ZoneInfo("Europe/London")
NUMBERS = ("999", "116 123")
WORDS = "I can't pay my gas bill this month"


def uk(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A London wall-clock time, as UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON).astimezone(UTC)


@dataclass
class Sent:
    """One message the bot sent (or a copy it made), as the fake Telegram keeps it."""

    chat_id: int
    message_id: int
    text: str
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)
    reply_to: int | None = None
    force_reply: bool = False
    source: tuple[int, int] | None = None

    def button(self, label: str) -> str:
        for row in self.buttons:
            for text, data in row:
                if text == label:
                    return data
        raise AssertionError(f"no button {label!r} on {self.text[:60]!r}")


class Telegram:
    """A fake transport; message ids are counted per chat, shared by people and the bot."""

    def __init__(self) -> None:
        self._ids: dict[int, int] = {}
        self._updates = 0
        self.sent: list[Sent] = []

    def new_id(self, chat_id: int) -> int:
        self._ids[chat_id] = self._ids.get(chat_id, 0) + 1
        return self._ids[chat_id]

    def next_update(self) -> int:
        self._updates += 1
        return self._updates

    def messages(self, chat_id: int) -> list[Sent]:
        return [m for m in self.sent if m.chat_id == chat_id]

    def find(self, chat_id: int, words: str) -> Sent:
        found = [m for m in self.messages(chat_id) if words in m.text]
        assert found, f"nothing with {words!r} in {chat_id}"
        return found[-1]

    async def send_text(
        self,
        chat_id: int,
        text: str,
        buttons: list[list[tuple[str, str]]] | None = None,
        reply_to: int | None = None,
        force_reply: bool = False,
    ) -> int:
        message = Sent(chat_id, self.new_id(chat_id), text, buttons or [], reply_to, force_reply)
        self.sent.append(message)
        return message.message_id

    async def copy_message(
        self, chat_id: int, from_chat_id: int, message_id: int, reply_to: int | None = None
    ) -> int:
        copy = Sent(
            chat_id, self.new_id(chat_id), "", [], reply_to, source=(from_chat_id, message_id)
        )
        self.sent.append(copy)
        return copy.message_id

    async def edit_text(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        buttons: list[list[tuple[str, str]]] | None = None,
    ) -> None:
        [message] = [m for m in self.messages(chat_id) if m.message_id == message_id]
        message.text, message.buttons = text, buttons or []

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        [message] = [m for m in self.messages(chat_id) if m.message_id == message_id]
        self.sent.remove(message)

    async def send_photo(
        self, chat_id: int, photo: bytes, caption: Any, buttons: Any = None
    ) -> int:
        return await self.send_text(chat_id, caption or "")

    async def send_document(
        self, chat_id: int, document: bytes, filename: str, caption: Any
    ) -> int:
        return await self.send_text(chat_id, caption or "")

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        return None

    async def set_commands(
        self, commands: list[tuple[str, str]], scope: Any = ("default",)
    ) -> None:
        return None


class FakeTime:
    """The sender's monotonic clock: sleeping only moves it on."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


@dataclass
class World:
    """Kent and Surrey behind one engine, with the fake Telegram the outbox delivers to."""

    engine: Engine
    tg: Telegram
    db: Database
    clock: FakeClock
    codes: dict[str, str]

    def chat(self, user_id: int) -> Chat:
        """Someone's private chat, numbered by the fake Telegram."""
        return Chat(self.engine, user_id, self)

    def group(self, chat_id: int = GROUP) -> Group:
        """A group the bot is in, numbered by the fake Telegram."""
        return Group(self.engine, chat_id, self)

    # Ids for the chat drivers, read from ``tg`` each time: the proof suite puts a saved
    # copy of the fake Telegram back between examples.
    def next_update(self) -> int:
        """The next update id."""
        return self.tg.next_update()

    def new_id(self, chat_id: int) -> int:
        """The next message id in ``chat_id``."""
        return self.tg.new_id(chat_id)

    def deliver(self) -> int:
        """Send everything due, as the outbox sender would (marks rows and maps relays).

        Answers to updates are outbox rows too; here they were read from ``engine.handle``
        (what the chat drivers show), so they count as delivered and are not sent again.
        """
        with unit_of_work(self.db) as uow:
            uow.session.execute(
                update(OutboxMessage)
                .where(
                    col(OutboxMessage.kind).startswith("reply:"),
                    col(OutboxMessage.status) == OutboxStatus.PENDING,
                )
                .values(status=OutboxStatus.SENT)
            )
        time = FakeTime()
        sender = OutboxSender(
            self.db,
            self.tg,
            self.clock,
            reactions=domain_reactions(),
            monotonic=time.monotonic,
            sleep=time.sleep,
        )
        return asyncio.run(sender.run_once(max_wait=600))

    def join(self, name: str = "alex", user_id: int = ALEX, share: bool = True) -> Chat:
        """``name``'s invite is used in ``user_id``'s chat; their chat, on the main menu."""
        chat = self.chat(user_id)
        chat.join(self.codes[name], share=share)
        assert chat.keys()[-1] == "menu.title", chat.keys()
        return chat


@pytest.fixture
def world(db: Database, clock: FakeClock) -> World:
    """Kent (two coordinators, a manager, a linked coordinators' group) and Surrey."""
    now = clock.now()  # Monday 23 November 2026, 12:00 in London: working time
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent Lifelong Links", now, 90, 16)
        add_staff(uow, "kent", SAM, "Sam", StaffRole.COORDINATOR, now)
        add_staff(uow, "kent", JO, "Jo", StaffRole.COORDINATOR, now)
        add_staff(uow, "kent", MORGAN, "Morgan", StaffRole.MANAGER, now)
        link_group(uow, "kent", GroupPurpose.COORDINATORS, GROUP, now)
        alex = create_invite(
            uow, "kent", "Alex", date(2008, 5, 1), now, coordinator_telegram_id=SAM
        )
        bo = create_invite(uow, "kent", "Bo", date(2007, 2, 2), now, coordinator_telegram_id=SAM)
        create_service(uow, "surrey", "Surrey Lifelong Links", now, 90, 16)
        add_staff(uow, "surrey", PAT, "Pat", StaffRole.COORDINATOR, now)
        link_group(uow, "surrey", GroupPurpose.COORDINATORS, SURREY_GROUP, now)
    return World(Engine(db, clock), Telegram(), db, clock, {"alex": alex.code, "bo": bo.code})


def ask(
    chat: Chat,
    category: str = "Money",
    words: tuple[str, ...] = (WORDS,),
    urgency: str = "As soon as possible",
    share: str | None = None,
) -> str:
    """Ask for support from the main menu; returns the request's reference."""
    chat.command("menu")
    chat.press("Ask for support")
    assert chat.keys() == ["support.ask.category"]
    chat.press(category)
    assert chat.keys() == ["support.ask.describe"]
    for piece in words:
        chat.text(piece)
        assert chat.keys() == ["support.ask.more"], chat.keys()
    chat.press("Next ➡")
    assert chat.keys() == ["support.ask.urgency"]
    chat.press(urgency)
    if share is not None:
        assert chat.keys() == ["support.ask.share"]
        chat.press(share)
    assert chat.keys() == ["support.check.question"], chat.keys()
    chat.press("Send it")
    assert chat.keys() == ["support.after_sent"], chat.keys()
    match = re.search(r"Your reference is (R-[0-9A-Z]+)\.", chat.said)
    assert match, chat.said
    return match.group(1)


def requests(db: Database) -> list[SupportRequest]:
    """Every support request, oldest first."""
    with unit_of_work(db) as uow:
        return list(uow.session.exec(select(SupportRequest).order_by(SupportRequest.id)).all())


def request(db: Database, reference: str) -> SupportRequest:
    """The support request ``reference``."""
    [found] = [r for r in requests(db) if r.reference == reference]
    return found


def outbox(db: Database, **where: Any) -> list[OutboxMessage]:
    """Rows queued outside the direct answers (answers are rows too: ``kind="reply:…"``)."""
    with unit_of_work(db) as uow:
        rows = uow.session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    if not str(where.get("kind", "")).startswith("reply:"):
        rows = [row for row in rows if not row.kind.startswith("reply:")]
    return [row for row in rows if all(getattr(row, k) == v for k, v in where.items())]


def card_of(db: Database, reference: str) -> OutboxMessage:
    """The outbox row of the card of request ``reference``."""
    card_id = request(db, reference).card_outbox_id
    [card] = outbox(db, id=card_id)
    return card


def buttons(row: OutboxMessage) -> dict[str, str]:
    """Label → callback data of an outbox row's buttons."""
    return {label: data for line in json.loads(row.buttons) for label, data in line}


def relays(db: Database) -> list[RelayMessage]:
    """Every relayed message, oldest first."""
    with unit_of_work(db) as uow:
        return list(uow.session.exec(select(RelayMessage).order_by(RelayMessage.id)).all())


def audit(db: Database) -> list[tuple[str, str]]:
    """(actor, action) of every audit event, oldest first."""
    with unit_of_work(db) as uow:
        rows = uow.session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    return [(row.actor, row.action) for row in rows]


def state(db: Database, chat_id: int) -> tuple[str, str, str]:
    """(flow, step, data) of the conversation in ``chat_id``."""
    with unit_of_work(db) as uow:
        row = uow.session.get(ConversationState, chat_id)
        assert row is not None
        return row.flow, row.step, row.data


def toasts(replies: list[Reply]) -> list[tuple[str, bool]]:
    """(key, alert) of the replies shown as a toast."""
    return [(r.key, r.alert) for r in replies if r.toast]


def count(db: Database, model: type[Any]) -> int:
    """How many rows ``model`` has."""
    with unit_of_work(db) as uow:
        return len(uow.session.exec(select(model)).all())


def seed_plan(db: Database, now: datetime, user_id: int = ALEX) -> dict[str, int]:
    """Nan (plan lead, gives money help) and Jo (someone to talk to), and two reviews."""
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(user_id)
        assert case is not None
        ids = {}
        for name, rel, circle in (
            ("Nan", "nan", PersonCircle.FAMILY),
            ("Jo", "friend", PersonCircle.FRIENDS),
        ):
            person = uow.people.add(
                case,
                Person(
                    service_id=0,
                    young_person_id=0,
                    name=name,
                    relationship=rel,
                    circle=circle,
                    closeness=1,
                    contact=ContactStatus.IN_TOUCH,
                    created_at=now,
                    updated_at=now,
                ),
            )
            assert person.id is not None
            ids[name] = person.id
        plan = uow.plans.create(case, 90, now)
        assert plan.id is not None
        plan.lead_person_id = ids["Nan"]
        for position, (kind, who) in enumerate(
            ((HelpKind.MONEY, "Nan"), (HelpKind.TALK, "Jo"), (HelpKind.FOOD, "Nan"))
        ):
            uow.plans.add_item(
                PlanItem(
                    service_id=case.service_id,
                    plan_id=plan.id,
                    kind=kind,
                    person_id=ids[who],
                    details=f"{kind.value} help",
                    position=position,
                    created_at=now,
                )
            )
        for wellbeing in (3, 4):
            uow.plans.add_review(
                PlanReview(
                    service_id=case.service_id,
                    plan_id=plan.id,
                    answers=json.dumps({"1": "yes"}),
                    wellbeing=wellbeing,
                    comments="all good",
                    created_at=now,
                )
            )
        ids["plan"] = plan.id
        return ids


def sam_writes(world: World, ref: str, words: str = "Hi Alex, I can help with that.") -> None:
    """Sam answers a request from its card, and the answer reaches Alex."""
    world.deliver()
    world.group().send(SAM, words, reply_to=world.tg.find(GROUP, f"Request {ref}").message_id)
    world.deliver()


def talking(world: World) -> tuple[Chat, str]:
    """Alex has a money request Sam wrote in, and is on the main menu."""
    alex = world.join()
    ref = ask(alex)
    sam_writes(world, ref)
    alex.command("menu")
    return alex, ref


def card_button(db: Database, ref: str, label: str) -> str:
    """The callback data of ``label`` on the request's latest card (edits included)."""
    edits = [r for r in outbox(db, kind="card_edit") if ref in r.text]
    row = edits[-1] if edits else card_of(db, ref)
    return buttons(row)[label]
