"""The dialog engine without Telegram: joining, consent, buttons, dedupe, errors."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from dialogs.admin import add_staff, create_invite, create_service
from dialogs.engine import Engine
from dialogs.events import Event, EventKind, Reply
from scheduler.clock import FakeClock
from storage.db import Database
from storage.models import CaseStatus, ConsentEvent, ConversationState, OutboxMessage, StaffRole
from storage.uow import unit_of_work

USER = 5001


class Chat:
    """Drives the engine as one Telegram user would."""

    def __init__(self, engine: Engine, user_id: int = USER) -> None:
        self.engine = engine
        self.user_id = user_id
        self.update_id = 1000 * user_id
        self.last: list[Reply] = []

    def _send(self, **kwargs) -> list[Reply]:
        self.update_id += 1
        event = Event(
            update_id=self.update_id, chat_id=self.user_id, user_id=self.user_id, **kwargs
        )
        self.last = self.engine.handle(event)
        return self.last

    def command(self, command: str, args: str = "") -> list[Reply]:
        return self._send(kind=EventKind.COMMAND, command=command, args=args, text=f"/{command}")

    def text(self, text: str) -> list[Reply]:
        return self._send(kind=EventKind.TEXT, text=text)

    def press(self, label: str, replies: list[Reply] | None = None) -> list[Reply]:
        for reply in reversed(replies or self.last):
            for row in reply.buttons:
                for button in row:
                    if button.label == label:
                        return self._send(
                            kind=EventKind.BUTTON, button=button.data, callback_id="c"
                        )
        raise AssertionError(f"no button {label!r} in {[r.key for r in self.last]}")

    def keys(self) -> list[str]:
        return [r.key for r in self.last]


@pytest.fixture
def world(db: Database, clock: FakeClock):
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent Lifelong Links", clock.now(), 90, 16)
        add_staff(uow, "kent", 1001, "Sam", StaffRole.COORDINATOR, clock.now())
        invite = create_invite(
            uow, "kent", "Alex", date(2008, 5, 1), clock.now(), coordinator_telegram_id=1001
        )
        young = create_invite(
            uow, "kent", "Kim", date(2012, 1, 1), clock.now(), coordinator_telegram_id=1001
        )
    return Engine(db, clock), invite, young


def test_happy_path_records_consent_and_opens_menu(world, db: Database) -> None:
    engine, invite, _ = world
    chat = Chat(engine)
    replies = chat.command("start", invite.code)
    assert chat.keys() == ["welcome", "consent.use.ask"]
    assert "Alex" in replies[0].text
    more = chat.press("Tell me more")
    assert chat.keys() == ["consent.use.ask"]
    assert "locked so only Lifelinks can read them" in more[0].text
    chat.press("Yes")
    assert chat.keys() == ["consent.share.ask"]
    chat.press("No")
    assert chat.keys() == ["consent.done.private", "menu.title"]
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(USER)
        assert case is not None and case.status == CaseStatus.ACTIVE
        events = uow.session.exec(select(ConsentEvent)).all()
        assert [(e.purpose.value, e.granted) for e in events] == [("use", True), ("share", False)]
        notes = uow.session.exec(select(OutboxMessage)).all()
        assert [n.kind for n in notes] == ["notify.joined"]
        assert notes[0].chat_id == 1001


def test_stale_and_forged_buttons_change_nothing(world, db: Database) -> None:
    engine, invite, _ = world
    chat = Chat(engine)
    first = chat.command("start", invite.code)
    chat.press("Yes", first)  # now at the share question
    chat.press("No", first)  # a button of the earlier screen
    assert chat.keys() == ["button.expired", "consent.share.ask"]
    chat._send(kind=EventKind.BUTTON, button="forged.0", callback_id="c")
    assert chat.keys() == ["button.expired", "consent.share.ask"]
    with unit_of_work(db) as uow:
        assert len(uow.session.exec(select(ConsentEvent)).all()) == 1


def test_bad_codes_store_nothing(world, db: Database, clock: FakeClock) -> None:
    engine, invite, _ = world
    for args in ["", "nope", "bad code!", "x" * 65]:
        chat = Chat(engine, user_id=7000 + len(args))
        chat.command("start", args)
        assert chat.keys() == ["not_invited"]
    Chat(engine).command("start", invite.code)
    other = Chat(engine, user_id=7777)
    other.command("start", invite.code)
    assert other.keys() == ["invite.used"]
    with unit_of_work(db) as uow:
        assert uow.session.exec(select(ConversationState)).all()[0].chat_id == USER


def test_expired_code(world, clock: FakeClock) -> None:
    engine, invite, _ = world
    clock.advance(timedelta(days=15))
    chat = Chat(engine)
    chat.command("start", invite.code)
    assert chat.keys() == ["invite.expired"]


def test_under_age_tells_coordinator_and_activates_nothing(world, db: Database) -> None:
    engine, _, young = world
    chat = Chat(engine, user_id=6001)
    chat.command("start", young.code)
    assert chat.keys() == ["under_age"]
    with unit_of_work(db) as uow:
        assert uow.cases.own_case(6001) is None
        notes = uow.session.exec(select(OutboxMessage)).all()
        assert [n.kind for n in notes] == ["notify.under_age"]


def test_decline_then_change_mind(world, db: Database) -> None:
    engine, invite, _ = world
    chat = Chat(engine)
    chat.command("start", invite.code)
    chat.press("No")
    assert chat.keys() == ["consent.declined"]
    chat.text("hello?")
    assert chat.keys() == ["nudge.unexpected", "consent.declined"]
    chat.press("I'd like to use Lifelinks")
    assert chat.keys() == ["consent.use.ask"]


def test_duplicate_update_handled_once(world) -> None:
    engine, invite, _ = world
    event = Event(
        update_id=1,
        kind=EventKind.COMMAND,
        chat_id=USER,
        user_id=USER,
        command="start",
        args=invite.code,
    )
    assert [r.key for r in engine.handle(event)] == ["welcome", "consent.use.ask"]
    assert engine.handle(event) == []


def test_crash_in_handler_gives_friendly_error(world, monkeypatch) -> None:
    engine, invite, _ = world

    def boom(*args, **kwargs):
        raise RuntimeError("secret stuff")

    monkeypatch.setattr("dialogs.consent.start", boom)
    chat = Chat(engine)
    chat.command("start", invite.code)
    assert chat.keys() == ["error.generic"]


def test_help_and_cancel_always_answer(world) -> None:
    engine, invite, _ = world
    chat = Chat(engine)
    chat.command("help")
    assert chat.keys() == ["not_invited"]
    chat.command("start", invite.code)
    chat.command("cancel")
    assert chat.keys() == ["consent.pending", "consent.use.ask"]
    chat.press("Yes")
    chat.press("Yes")
    chat.command("help")
    assert chat.keys() == ["help.text"]
    chat.command("cancel")
    assert chat.keys() == ["menu.title"]
