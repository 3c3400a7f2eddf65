"""Guards against letting the wrong thing in: staff opening invites, forged senders, bad names."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from bot.updates import event_from_update
from dialogs.core.clock import FakeClock
from dialogs.engine import Engine
from dialogs.staff.admin import AdminError, add_staff, create_invite, create_service
from storage.db import Database
from storage.models import CaseStatus, Invite, StaffRole, YoungPerson
from storage.repositories import hash_code
from storage.uow import unit_of_work
from tests.support.chat import Chat
from tests.support.seed import seed_kent

SAM = 1001
ALEX = 5001
INTRUDER = 7001
BOT = "LifelinksTestBot"


@pytest.fixture
def world(db: Database, clock: FakeClock) -> tuple[Engine, str]:
    with unit_of_work(db) as uow:
        uow.settings.set("bot_username", BOT)
        invite = seed_kent(uow, clock.now(), group=None)
    return Engine(db, clock), invite.code


def invite_row(db: Database, code: str) -> tuple[Invite, YoungPerson]:
    with unit_of_work(db) as uow:
        invite = uow.session.exec(select(Invite).where(Invite.code_hash == hash_code(code))).one()
        case = uow.session.get(YoungPerson, invite.young_person_id)
        assert case is not None
        uow.session.expunge_all()
        return invite, case


def case_count(db: Database) -> int:
    with unit_of_work(db) as uow:
        return int(uow.session.exec(select(func.count()).select_from(YoungPerson)).one())


# --- staff can't redeem invites -------------------------------------------------------------
def test_staff_opening_an_invite_keeps_it_unused(world: tuple[Engine, str], db: Database) -> None:
    engine, code = world
    sam = Chat(engine, SAM)
    sam.command("start", code)
    assert sam.keys() == ["invite.staff_kept", "staff.welcome"]
    assert "You're staff, so I kept it unused" in sam.said
    invite, case = invite_row(db, code)
    assert invite.used_at is None
    assert case.status == CaseStatus.INVITED and case.telegram_user_id is None
    # Sam keeps the staff commands…
    sam.command("caseload")
    assert "Alex" in sam.said
    # …and Alex can still use the link.
    alex = Chat(engine, ALEX)
    alex.command("start", code)
    assert alex.keys() == ["welcome", "consent.use.ask"]


def test_staff_with_a_code_that_is_no_invite_just_get_their_help(
    world: tuple[Engine, str],
) -> None:
    engine, _ = world
    sam = Chat(engine, SAM)
    for code in ("nosuchcode", "bad code!", "x" * 80):
        sam.command("start", code)
        assert sam.keys() == ["staff.welcome"], code


# --- private chats: the sender is the chat ----------------------------------------------------
def private_message(update_id: int, chat: int, sender: int, field: str = "message") -> dict:
    return {
        "update_id": update_id,
        field: {
            "message_id": 3,
            "date": 1_700_000_000,
            "chat": {"id": chat, "type": "private", "first_name": "Alex"},
            "from": {"id": sender, "is_bot": False, "first_name": "Secretname"},
            "text": "secret words",
        },
    }


def press_in(update_id: int, chat: int, chat_type: str, sender: int) -> dict:
    return {
        "update_id": update_id,
        "callback_query": {
            "id": "q1",
            "from": {"id": sender, "is_bot": False, "first_name": "Secretname"},
            "chat_instance": "1",
            "data": "secret-data",
            "message": {
                "message_id": 4,
                "date": 1_700_000_000,
                "chat": {"id": chat, "type": chat_type},
                "from": {"id": 123, "is_bot": True, "first_name": "Bot"},
                "text": "secret card",
            },
        },
    }


@pytest.mark.parametrize(
    "update",
    [
        private_message(41, ALEX, INTRUDER),
        private_message(42, ALEX, INTRUDER, "edited_message"),
        press_in(43, ALEX, "private", INTRUDER),
    ],
    ids=["message", "edit", "button"],
)
def test_a_forged_sender_in_a_private_chat_is_ignored_and_logged_by_id_only(
    update: dict, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        assert event_from_update(update, BOT) is None
    [record] = [r for r in caplog.records if r.name == "bot.updates"]
    line = record.getMessage()
    assert str(update["update_id"]) in line
    for secret in ("secret", "Secretname", str(ALEX), str(INTRUDER)):
        assert secret not in line


def test_genuine_updates_still_pass() -> None:
    assert event_from_update(private_message(51, ALEX, ALEX), BOT) is not None
    assert event_from_update(private_message(52, ALEX, ALEX, "edited_message"), BOT) is not None
    assert event_from_update(press_in(53, ALEX, "private", ALEX), BOT) is not None
    group = private_message(54, -100500, SAM)
    group["message"]["chat"]["type"] = "supergroup"
    assert event_from_update(group, BOT) is not None
    assert event_from_update(press_in(55, -100500, "supergroup", SAM), BOT) is not None


# --- /newcase validates names and ages like the CLI ------------------------------------------
@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Al\u202eex", "staff.newcase.bad_name.chars"),  # right-to-left override
        ("Al\u2066ex", "staff.newcase.bad_name.chars"),  # isolate
        ("Al\x00ex", "staff.newcase.bad_name.chars"),  # NUL
        ("Al\x1bex", "staff.newcase.bad_name.chars"),  # escape
        ("\u200b\u200b\u200d", "staff.newcase.bad_name.empty"),  # zero-width only
    ],
)
def test_newcase_refuses_hidden_characters_in_names(
    world: tuple[Engine, str], db: Database, name: str, key: str
) -> None:
    engine, _ = world
    before = case_count(db)
    sam = Chat(engine, SAM)
    sam.command("newcase")
    sam.text(name)
    assert sam.keys() == [key, "staff.newcase.ask_name"]
    assert "\n" not in sam.last[0].text  # one kind line
    sam.command("newcase", name)  # the name typed with the command
    assert sam.keys() == [key, "staff.newcase.ask_name"]
    assert case_count(db) == before


@pytest.mark.parametrize(
    ("born", "ok"),
    [
        ("22/11/2026", False),  # yesterday
        ("01/01/2000", False),  # 26
        ("01/06/1991", False),  # 35
        ("24/11/2011", False),  # 15 tomorrow
        ("23/11/2011", True),  # 15 today (under Kent's 16: a note, still allowed)
        ("24/11/2000", True),  # 25, 26 tomorrow
    ],
)
def test_newcase_keeps_ages_in_the_cli_range(
    world: tuple[Engine, str], db: Database, born: str, ok: bool
) -> None:
    engine, _ = world
    before = case_count(db)
    sam = Chat(engine, SAM)
    sam.command("newcase", "Kai")
    sam.text(born)
    if ok:
        assert sam.keys()[-1] == "staff.newcase.confirm"
        sam.press("Make the invite")
        assert sam.keys()[0] == "staff.newcase.done"
        assert case_count(db) == before + 1
    else:
        assert sam.keys() == ["staff.newcase.age_range", "staff.newcase.ask_dob"]
        assert "aged 15 to 25" in sam.last[0].text
        assert case_count(db) == before


def test_admin_actions_refuse_what_the_cli_refuses(db: Database, clock: FakeClock) -> None:
    now = clock.now()
    with unit_of_work(db) as uow:
        create_service(uow, "kent", "Kent Lifelong Links", now, 90, 16)
    bad_calls = [
        lambda uow: add_staff(uow, "kent", 1001, "Sa\u202em", StaffRole.COORDINATOR, now),
        lambda uow: add_staff(uow, "kent", 1001, "\u200b", StaffRole.COORDINATOR, now),
        lambda uow: add_staff(uow, "kent", 2**60, "Sam", StaffRole.COORDINATOR, now),
        lambda uow: create_invite(uow, "kent", "Al\x00ex", date(2008, 5, 1), now),
        lambda uow: create_invite(uow, "kent", "\u200b\u200c", date(2008, 5, 1), now),
        lambda uow: create_service(uow, "sussex", "Su\u202essex", now, 90, 16),
    ]
    for call in bad_calls:
        with pytest.raises(AdminError), unit_of_work(db) as uow:
            call(uow)
    assert case_count(db) == 0
    with unit_of_work(db) as uow:
        assert uow.staff.memberships(1001) == []
        assert uow.services.by_slug("sussex") is None


def test_make_invite_rechecks_the_age_for_the_chosen_service(
    world: tuple[Engine, str], db: Database, clock: FakeClock
) -> None:
    engine, _ = world
    sam = Chat(engine, SAM)
    sam.command("newcase", "Kai")
    sam.text("24/11/2000")  # 25 today, 26 tomorrow
    assert sam.keys()[-1] == "staff.newcase.confirm"
    clock.advance(timedelta(days=1))  # 26 by the time Sam confirms
    before = case_count(db)
    sam.press("Make the invite")
    assert sam.keys()[0] == "staff.newcase.failed"
    assert case_count(db) == before
