"""The dialog engine without Telegram: joining, consent, buttons, dedupe, errors."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlmodel import select

from dialogs.core.clock import FakeClock
from dialogs.core.events import Event, EventKind
from dialogs.engine import TOKEN_ACTIONS, Engine
from dialogs.staff.admin import create_invite
from scheduler.sweeps import NUDGE_ACTION, NUDGE_BUTTONS, review_due_sweep
from storage.db import Database
from storage.models import CaseStatus, ConsentEvent, ConversationState, OutboxMessage
from storage.plans import TokenGrant
from storage.uow import unit_of_work
from tests.support.chat import Chat
from tests.support.seed import seed_kent

USER = 5001


@pytest.fixture
def world(db: Database, clock: FakeClock):
    with unit_of_work(db) as uow:
        invite = seed_kent(uow, clock.now(), group=None)
        young = create_invite(
            uow, "kent", "Kim", date(2012, 1, 1), clock.now(), coordinator_telegram_id=1001
        )
    return Engine(db, clock), invite, young


def test_happy_path_records_consent_and_opens_menu(world, db: Database) -> None:
    engine, invite, _ = world
    chat = Chat(engine, USER)
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
        rows = uow.session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        notes = [n for n in rows if not n.kind.startswith("reply:")]
        assert [n.kind for n in notes] == ["notify.joined"]
        assert notes[0].chat_id == 1001
        # Every answer is an outbox row too, in the order it was said.
        answers = [n.kind for n in rows if n.kind.startswith("reply:") and n.chat_id == USER]
        assert answers[-2:] == ["reply:consent.done.private", "reply:menu.title"]


def test_stale_and_forged_buttons_change_nothing(world, db: Database) -> None:
    engine, invite, _ = world
    chat = Chat(engine, USER)
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
    Chat(engine, USER).command("start", invite.code)
    other = Chat(engine, user_id=7777)
    other.command("start", invite.code)
    assert other.keys() == ["invite.used"]
    with unit_of_work(db) as uow:
        assert uow.session.exec(select(ConversationState)).all()[0].chat_id == USER


def test_expired_code(world, clock: FakeClock) -> None:
    engine, invite, _ = world
    clock.advance(timedelta(days=15))
    chat = Chat(engine, USER)
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
        assert [n.kind for n in notes if n.chat_id != 6001] == ["notify.under_age"]


def test_decline_then_change_mind(world, db: Database) -> None:
    engine, invite, _ = world
    chat = Chat(engine, USER)
    chat.command("start", invite.code)
    chat.press("No")
    assert chat.keys() == ["consent.declined"]
    chat.text("hello?")  # one short line, and the button to change their mind
    assert chat.keys() == ["lang.join.hello"]
    assert chat.last[0].buttons and "Lifelinks" in chat.last[0].text
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

    monkeypatch.setattr("dialogs.young.consent.start", boom)
    chat = Chat(engine, USER)
    chat.command("start", invite.code)
    assert chat.keys() == ["error.generic"]


def test_help_and_cancel_always_answer(world) -> None:
    engine, invite, _ = world
    chat = Chat(engine, USER)
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


# --- buttons behind action tokens (a nudge's three buttons share one token) ---------------
def _joined_and_nudged(world, db: Database, clock: FakeClock) -> tuple[Chat, dict[str, str]]:
    """Alex joins, their plan falls due and the sweep nudges them: the nudge's buttons."""
    engine, invite, _ = world
    chat = Chat(engine, USER)
    chat.join(invite.code)
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(USER)
        assert case is not None
        uow.plans.create(case, 90, clock.now()).next_review_at = clock.now()
    assert review_due_sweep(db, clock) == 1
    with unit_of_work(db) as uow:
        [nudge] = uow.session.exec(
            select(OutboxMessage).where(OutboxMessage.kind == "review.nudge")
        ).all()
        return chat, {label: data for [[label, data]] in json.loads(nudge.buttons)}


def _press_data(chat: Chat, data: str) -> list[str]:
    chat._send(kind=EventKind.BUTTON, button=data, callback_id="c")
    return chat.keys()


def _plan_state(db: Database) -> tuple[object, ...]:
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(USER)
        assert case is not None
        plan = uow.plans.for_case(case)
        assert plan is not None
        return plan.next_review_at, plan.nudges_sent, plan.last_nudged_at


def test_every_nudge_button_has_an_action() -> None:
    for _label, choice in NUDGE_BUTTONS:
        assert f"{NUDGE_ACTION}.{choice}" in TOKEN_ACTIONS
    assert NUDGE_ACTION not in TOKEN_ACTIONS  # the token alone, without a choice, does nothing


def test_nudge_buttons_share_a_token_and_each_does_its_own_thing(
    world, db: Database, clock: FakeClock
) -> None:
    chat, buttons = _joined_and_nudged(world, db, clock)
    assert list(buttons) == ["Start now", "Remind me tomorrow", "Next week"]
    assert len({data.rsplit(".", 1)[0] for data in buttons.values()}) == 1
    assert _press_data(chat, buttons["Start now"]) == ["review.wellbeing"]  # the review starts
    assert _press_data(chat, buttons["Remind me tomorrow"]) == ["review.snoozed", "menu.title"]
    assert "tomorrow" in chat.last[0].text
    # Snoozing retired the nudge's token: every one of its buttons has expired.
    state = _plan_state(db)
    assert _press_data(chat, buttons["Next week"]) == ["button.expired", "menu.title"]
    assert _plan_state(db) == state


def test_forged_or_other_choice_on_a_valid_token_is_refused(
    world, db: Database, clock: FakeClock
) -> None:
    chat, buttons = _joined_and_nudged(world, db, clock)
    state = _plan_state(db)
    token = buttons["Start now"].rsplit(".", 1)[0]
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(USER)
        assert case is not None
        # A token of its own per button (as nudges had), and another kind of token, both
        # for this chat and case: a choice steers neither.
        own, other = uow.tokens.issue_many(
            [
                TokenGrant(USER, case.service_id, action, case.id)
                for action in ("review:next_week", "review:other")
            ],
            clock.now(),
            timedelta(days=1),
        )
    forged = [
        token,  # the shared token without a choice
        f"{token}.",
        f"{token}.delete",  # not a choice of a nudge
        f"{token}.START",
        f"{token}.start.tomorrow",
        f"{token}:start",
        f"{token}.start ",
        f"{token}x.start",  # not the token
        f"{own}.start",  # a choice on a token that takes none
        f"{own}.next_week",
        f"{other}.start",
        f"{other}.tomorrow",
    ]
    for data in forged:
        assert _press_data(chat, data) == ["button.expired", "menu.title"], data
    assert _plan_state(db) == state  # nothing was snoozed
    # The nudge's own buttons still work (and snoozing retires every review button).
    assert _press_data(chat, buttons["Next week"]) == ["review.snoozed", "menu.title"]
    assert _press_data(chat, own) == ["button.expired", "menu.title"]


def test_a_button_with_a_token_of_its_own_still_works(
    world, db: Database, clock: FakeClock
) -> None:
    """Nudges queued before their buttons shared a token keep working until they expire."""
    chat, _buttons = _joined_and_nudged(world, db, clock)
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(USER)
        assert case is not None
        [own] = uow.tokens.issue_many(
            [TokenGrant(USER, case.service_id, "review:tomorrow", case.id)],
            clock.now(),
            timedelta(days=1),
        )
    assert _press_data(chat, own) == ["review.snoozed", "menu.title"]


def test_a_nudge_button_pressed_in_another_chat_is_refused(
    world, db: Database, clock: FakeClock
) -> None:
    _chat, buttons = _joined_and_nudged(world, db, clock)
    with unit_of_work(db) as uow:
        for data in buttons.values():
            assert uow.tokens.redeem_button(data, USER + 1, clock.now()) is None
            assert uow.tokens.redeem_button(data, USER, clock.now()) is not None
