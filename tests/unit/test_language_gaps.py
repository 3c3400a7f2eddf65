"""The language layer's remaining gaps (issue 14): the Reply step, feelings in a request,
joining, staff flows, privacy words and the worker's name.

The world (Kent, Sam, the coordinators' group, a fake Telegram fed by the real outbox
sender) is the one of ``tests/support/world.py``.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import select

from dialogs.core.clock import FakeClock
from storage.db import Database
from storage.models import Person, SupportRequest, YoungPerson
from storage.uow import unit_of_work
from tests.support.world import ALEX, GROUP, SAM, Chat, World, ask, outbox, sam_writes, uk
from tests.support.world import world as world  # the fixture

__all__ = ["world"]  # the fixture, shared with test_support


def replying(world: World) -> Chat:
    """Alex has tapped *Reply* under Sam's answer: what they type next goes to Sam."""
    alex = world.join()
    ref = ask(alex)
    sam_writes(world, ref, "Can I call you at 2?")
    alex.press_data(world.tg.find(ALEX, "Can I call you at 2?").button("Reply"))
    assert alex.keys() == ["support.reply.ask"]
    return alex


def relayed(db: Database) -> list[str]:
    return [row.text for row in outbox(db, kind="relay.from_yp")]


# --- 1. a navigation word in the Reply step ----------------------------------------------------
@pytest.mark.parametrize("word", ["menu", "Menu!", "back", "stop", "cancel", "CANCEL"])
def test_a_navigation_word_in_the_reply_step_leaves_it(
    world: World, db: Database, word: str
) -> None:
    alex = replying(world)
    alex.text(word)
    assert alex.keys() == ["menu.title"]
    assert alex.said.startswith("OK, I didn't send") and "to Sam" in alex.said
    assert relayed(db) == []
    # They are out of the step: the next words are not taken as a reply from it.
    alex.press("My people")
    assert alex.keys()[-1].startswith("people.")


def test_longer_words_in_the_reply_step_still_go_to_the_worker(world: World, db: Database) -> None:
    alex = replying(world)
    alex.text("please stop calling me at 2, 3 is better")
    assert alex.keys() == ["support.reply.sent"]
    alex.text("back home by 3")
    assert alex.keys() == []  # the same burst
    texts = relayed(db)
    assert len(texts) == 2 and "please stop calling me" in texts[0] and "back home" in texts[1]


def test_a_telegram_reply_saying_stop_still_goes_to_the_worker(world: World, db: Database) -> None:
    alex = replying(world)
    sam_says = world.tg.find(ALEX, "Can I call you at 2?")
    alex.text("stop", reply_to=sam_says.message_id)
    assert "support.reply" in alex.keys()[0]
    [words] = relayed(db)
    assert words.endswith("stop") and GROUP


# --- 2. feelings typed in a request's description ------------------------------------------------
def describing(world: World) -> Chat:
    alex = world.join()
    alex.press("Ask for support")
    alex.press("Money")
    assert alex.keys() == ["support.ask.describe"]
    return alex


def test_a_feeling_in_a_description_is_kept_and_answered_warmly(world: World, db: Database) -> None:
    alex = describing(world)
    # "...low and alone" gets the safety net's check-in first since the 2026-12-07 model
    # (a known model false alarm, docs/safety-net.md); the warm answer is what this tests.
    alex.text("i just feel really low today")
    [reply] = alex.last
    assert reply.key == "lang.feeling.low" and "Got it" not in reply.text
    assert "I'm sorry you're feeling low" in reply.text
    assert "anything else you want to add" in reply.text  # the request goes on
    assert alex.labels()[0] == "Talk to someone" and "Next ➡" in alex.labels()
    alex.text("and I can't pay the gas bill")  # more words: the flow carries on as before
    assert alex.keys() == ["support.ask.more"] and "Added to your Money request" in alex.said
    alex.press("Next ➡")
    alex.press("As soon as possible")
    assert alex.keys()[-1] == "support.check.question"
    assert "feel really low" in alex.said and "gas bill" in alex.said
    alex.press("Send it")
    [request] = [r.text for r in _requests(db)]
    assert request == "i just feel really low today\n\nand I can't pay the gas bill"


def test_talk_to_someone_from_a_feeling_in_a_description(world: World, db: Database) -> None:
    alex = describing(world)
    alex.text("so lonely")
    alex.press("Talk to someone")
    assert alex.keys() == ["support.reply.ask"]
    assert [r.kind.value for r in _requests(db)] == ["talk"]


def test_the_safety_net_still_answers_first_in_a_description(world: World, db: Database) -> None:
    alex = describing(world)
    alex.text("i feel really low and i want to kill myself")
    said = [*alex.keys()]
    assert "crisis.reply" in said
    assert not any(key.startswith("lang.feeling") for key in said)


def _requests(db: Database) -> list[SupportRequest]:
    with unit_of_work(db) as uow:
        rows = list(uow.session.exec(select(SupportRequest).order_by(SupportRequest.id)).all())
        uow.session.expunge_all()
        return rows


# --- 3. joining: the consent questions -----------------------------------------------------------
def joining(world: World) -> Chat:
    alex = world.chat(ALEX)
    alex.command("start", world.codes["alex"])
    assert alex.keys() == ["welcome", "consent.use.ask"]
    return alex


QUESTION = "Is it OK for me to keep what you tell me"


@pytest.mark.parametrize(
    ("typed", "key", "says"),
    [
        ("hi", "lang.join.hello", "I'm Lifelinks"),
        ("heyy", "lang.join.hello", "I'm Lifelinks"),
        ("what is this", "lang.join.explain", "Tell me more"),
        ("?", "lang.join.explain", "keep in touch"),
        ("huh", "lang.join.explain", "keep in touch"),
        ("idk", "lang.join.unsure", "change your answer later"),
        ("menu", "consent.pending", "need your answer"),
        ("maybe later", "lang.join.off_script", "tap Yes or No"),  # "yes" is Yes now
        ("add my nan", "lang.join.off_script", "tap Yes or No"),
        ("who can see my stuff", "lang.join.privacy", "who can see it"),
        ("i want to talk to someone", "lang.join.talk", "116 123"),
        ("so lonely", "lang.join.feeling", "116 123"),
        ("thanks", "lang.thanks", "welcome"),
    ],
)
def test_words_before_joining_get_one_line_and_the_question(
    world: World, db: Database, typed: str, key: str, says: str
) -> None:
    alex = joining(world)
    alex.text(typed)
    [reply] = alex.last
    assert reply.key == key and says in reply.text, reply.text
    assert QUESTION in reply.text  # the question is short: said again under the line
    assert alex.labels() == ["Yes", "No", "Tell me more"]
    alex.press("Yes")  # the buttons still work
    assert alex.keys() == ["consent.share.ask"]
    assert _requests(db) == [] and outbox(db, kind="relay.from_yp") == []


def test_media_before_joining_and_words_after_a_no(world: World) -> None:
    alex = joining(world)
    alex.media("voice")
    assert alex.keys() == ["lang.join.media"] and alex.labels() == ["Yes", "No", "Tell me more"]
    alex.press("No")
    assert alex.keys() == ["consent.declined"]
    alex.text("what is this")
    assert alex.keys() == ["lang.join.declined"] and "change your mind" in alex.said
    assert alex.labels() == ["I'd like to use Lifelinks"]
    alex.text("hi")
    assert alex.keys() == ["lang.join.hello"]
    alex.press("I'd like to use Lifelinks")
    assert alex.keys() == ["consent.use.ask"]


# --- 3. staff flows -----------------------------------------------------------------------------
def test_staff_with_nothing_under_way(world: World) -> None:
    sam = world.chat(SAM)
    sam.text("hi")
    assert sam.keys() == ["staff.lang.hello_idle"] and "Hello Sam" in sam.said
    sam.text("thanks")
    assert sam.keys() == ["lang.thanks"]
    sam.text("what now")
    assert sam.keys() == ["staff.welcome"]  # the list of what they can do answers best


def test_newcase_steps_keep_names_and_dates_but_not_commands(world: World, db: Database) -> None:
    with unit_of_work(db) as uow:
        uow.settings.set("bot_username", "LifelinksTestBot")
    sam = world.chat(SAM)
    sam.command("newcase")
    assert sam.keys() == ["staff.newcase.ask_name"]
    sam.text("cancel")  # the step's own Cancel
    assert sam.keys() == ["staff.newcase.cancelled"]
    sam.command("newcase")
    sam.text("Robin")
    assert sam.keys() == ["staff.newcase.ask_dob"]
    sam.text("back")  # the step's own Back
    assert sam.keys() == ["staff.newcase.ask_name"]
    sam.text("Robin")
    sam.text("01/05/2008")
    assert sam.keys()[-1] == "staff.newcase.confirm"
    labels = sam.labels()
    for typed, key in [
        ("hello", "staff.lang.hello"),
        ("make it please", "staff.lang.off_script"),
        ("?", "staff.lang.off_script"),
    ]:
        sam.text(typed)
        assert sam.keys() == [key], typed
        assert sam.labels() == labels  # the same step's buttons, nothing else
        assert "wasn't expecting" not in sam.said
    sam.media("voice")
    assert sam.keys() == ["staff.lang.media"] and sam.labels() == labels
    sam.text("menu")
    assert sam.keys() == ["staff.welcome"]


def test_plan_editor_off_script_is_one_line(world: World, db: Database) -> None:
    world.join()
    sam = world.chat(SAM)
    sam.command("plan", _alex_ref(db))
    assert sam.keys()[-1] == "plan_editor.overview"
    labels = sam.labels()
    sam.text("hi")
    assert sam.keys() == ["staff.lang.hello"] and sam.labels() == labels
    sam.text("idk")
    assert sam.keys() == ["staff.lang.off_script"] and sam.labels() == labels
    sam.press("Plan lead")
    sam.text("stop")  # said alone at a step that takes a name: not a name
    assert sam.keys() == ["staff.welcome"]
    with unit_of_work(db) as uow:
        assert uow.session.exec(select(Person)).all() == []


def _alex_ref(db: Database) -> str:
    with unit_of_work(db) as uow:
        [case] = uow.session.exec(select(YoungPerson).where(YoungPerson.telegram_user_id == ALEX))
        return case.reference


# --- 4. privacy in their own words ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "screen"),
    [
        ("who can see my stuff", "who.text"),
        ("what do you know about me", "who.text"),
        ("what u know bout me??", "who.text"),
        ("my data", "who.text"),
        ("My info", "who.text"),
        ("is this private", "who.text"),
        ("who sees my messages", "who.text"),
        ("privacy", "who.text"),
        ("sharing", "who.text"),
        ("download my data", "data.menu"),
        ("send me my data", "data.menu"),
        ("delete my data", "delete.ask"),
        ("forget me", "delete.ask"),
        ("delete everything", "delete.ask"),
        ("my choices", "choices.summary"),
    ],
)
def test_privacy_words_go_to_the_screen_that_answers_them(
    world: World, db: Database, typed: str, screen: str
) -> None:
    alex = world.join(share=False)
    alex.press("My people")
    alex.text(typed)
    assert alex.keys()[-1] == screen
    if screen == "who.text":
        assert "Who can see what" in alex.said and "Sharing is off" in alex.said
        assert "Start sharing with my Lifelong Links worker" in alex.labels()
    if screen == "delete.ask":  # nothing goes without the two taps
        with unit_of_work(db) as uow:
            case = uow.session.exec(
                select(YoungPerson).where(YoungPerson.telegram_user_id == ALEX)
            ).one()
            assert case.status.value == "active"


# --- 5. their worker by name and role ---------------------------------------------------------
WORKER = "Sam, your Lifelong Links worker"


def test_talk_names_their_worker_in_and_out_of_hours(world: World, clock: FakeClock) -> None:
    clock.set(uk(2026, 11, 28, 22, 0))  # Saturday night
    alex = world.join()
    alex.press("Talk to someone")
    assert f"I've asked {WORKER}, to message you here. They're back on Monday" in alex.said
    assert f"Type your message to {WORKER}." in alex.said
    alex.command("menu")
    alex.press("Talk to someone")
    assert f"You've already asked to talk. {WORKER}, will reply here." in alex.said


def test_a_crisis_out_of_hours_names_their_worker(world: World, clock: FakeClock) -> None:
    clock.set(uk(2026, 11, 28, 22, 0))
    alex = world.join()
    alex.text("i want to kill myself")
    assert "crisis.reply" in [*alex.keys()]
    assert f"I've told {WORKER}. They're back on Monday at 9:00" in alex.said


@pytest.mark.parametrize(
    ("at", "says"),
    [
        (uk(2026, 11, 23, 12, 0), f"I've told {WORKER}, that you want to talk. They'll answer"),
        (uk(2026, 11, 28, 22, 0), f"I've told {WORKER}, that you want to talk. They're back"),
    ],
)
def test_talk_during_an_alert_names_their_worker(
    world: World, clock: FakeClock, at: datetime, says: str
) -> None:
    clock.set(at)
    alex = world.join()
    alex.text("i want to kill myself")
    alex.command("menu")
    alex.press("Talk to someone")
    assert says in alex.said
    assert f"Type your message to {WORKER}." in alex.said


# --- 7. at the name step, "?" and "😭" are not names ------------------------------------------
@pytest.mark.parametrize(("typed", "expected"), [("?", True), ("😭", True), ("👍", False)])
def test_question_marks_and_tears_are_not_names(typed: str, expected: bool) -> None:
    from dialogs.core import language

    assert language.not_a_name(typed) is expected
