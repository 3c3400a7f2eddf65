"""Words answer the screen first, then go to the worker (issue 14; new-user trial 1, 2, 5, 6, 9).

The world (Kent, Sam, the coordinators' group, a fake Telegram fed by the real outbox
sender) is the one of ``tests/support/world.py``.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from dialogs.core import answers
from dialogs.texts import t
from storage.db import Database
from storage.models import Person
from storage.uow import unit_of_work
from tests.support.world import (
    ALEX,
    Chat,
    World,
    ask,
    outbox,
    sam_writes,
    seed_plan,
    state,
    talking,
)
from tests.support.world import world as world  # the fixture

__all__ = ["world"]  # the fixture, shared with test_support


def relayed(db: Database) -> list[str]:
    return [row.text for row in outbox(db, kind="relay.from_yp")]


def people(db: Database) -> list[Person]:
    with unit_of_work(db) as uow:
        rows = list(uow.session.exec(select(Person).order_by(Person.id)).all())
        uow.session.expunge_all()
        return rows


def two_threads(world: World) -> Chat:
    """Sam wrote in a Money request and in a Housing one: two threads are open."""
    alex = world.join()
    sam_writes(world, ask(alex, "Money"))
    sam_writes(world, ask(alex, "Housing"), "About the flat: can we talk?")
    alex.command("menu")
    return alex


def add_kerry_to_closeness(alex: Chat) -> None:
    alex.command("people")
    alex.press("➕ Add someone")
    alex.text("Kerry")
    alex.press("Friend")
    alex.press("Yes, that's right")
    assert alex.keys() == ["people.ask.closeness"]


# --- 1. with a conversation open, the screen's answers and plain intents win --------------------
def test_skip_on_a_step_with_skip_is_the_screen_not_the_thread(world: World, db: Database) -> None:
    alex = two_threads(world)
    add_kerry_to_closeness(alex)
    alex.text("skip")
    assert alex.keys() == ["people.ask.contact"]
    assert relayed(db) == []


def test_a_category_word_chooses_the_category(world: World, db: Database) -> None:
    alex = two_threads(world)
    alex.press("Ask for support")
    alex.text("housing")
    assert alex.keys() == ["support.ask.describe"]
    assert relayed(db) == []


def test_a_buttons_own_words_are_that_button(world: World, db: Database) -> None:
    alex, _ = talking(world)
    add_kerry_to_closeness(alex)
    alex.text("Very close ❤️")
    assert alex.keys() == ["people.ask.contact"]
    assert relayed(db) == []


@pytest.mark.parametrize(
    ("typed", "screen"),
    [
        ("my data", "data.menu"),
        ("who can see my stuff", "who.text"),
        ("delete my data", "delete.ask"),
        ("Delete everything", "delete.ask"),
    ],
)
def test_privacy_words_are_never_sent_to_the_worker(
    world: World, db: Database, typed: str, screen: str
) -> None:
    alex = two_threads(world)
    alex.text(typed)
    assert alex.keys()[-1] == screen
    assert relayed(db) == []


def test_yes_delete_it_all_on_the_confirmation_deletes(world: World, db: Database) -> None:
    alex, _ = talking(world)
    alex.text("delete my data")
    alex.text("yes")
    assert alex.keys() == ["delete.ask_again"]
    alex.text("yes delete it all")
    assert alex.keys() == ["delete.done"]
    assert relayed(db) == []


def test_yes_delete_it_all_on_the_first_question_moves_to_the_last(
    world: World, db: Database
) -> None:
    alex, _ = talking(world)
    alex.text("delete my data")
    assert alex.keys() == ["delete.ask"]
    alex.text("yes delete it all")
    assert alex.keys() == ["delete.ask_again"]  # one more question before anything goes
    alex.text("yes delete it all")
    assert alex.keys() == ["delete.done"]
    assert relayed(db) == []


def test_can_i_talk_to_someone_opens_talk_not_the_request(world: World, db: Database) -> None:
    alex, _ = talking(world)
    alex.text("can i talk to someone")
    assert alex.keys() == ["support.reply.ask"]
    assert relayed(db) == []


def test_the_rest_still_goes_to_the_thread(world: World, db: Database) -> None:
    alex, _ = talking(world)
    add_kerry_to_closeness(alex)
    alex.text("thanks, 2 is fine")
    assert alex.keys() == ["support.reply.sent_short"]
    assert relayed(db)[-1].endswith("thanks, 2 is fine")


def test_the_two_thread_question_loses_no_flow(world: World, db: Database) -> None:
    alex = two_threads(world)
    add_kerry_to_closeness(alex)
    closeness = alex.last
    alex.text("see you at 2")
    assert alex.keys() == ["thread.which"]
    alex.press("Very close", closeness)  # the screen above the question still works
    assert "people.ask.contact" in list(alex.keys())
    assert state(db, ALEX)[:2] == ("people", "contact")
    assert [text for text in relayed(db) if text.endswith("see you at 2")]  # and none lost


def test_the_screens_answer_typed_under_the_two_thread_question(world: World, db: Database) -> None:
    alex = two_threads(world)
    add_kerry_to_closeness(alex)
    alex.text("see you at 2")
    assert alex.keys() == ["thread.which"]
    alex.text("skip")  # for the screen behind the question, not a second message
    assert "people.ask.contact" in list(alex.keys())
    assert state(db, ALEX)[:2] == ("people", "contact")
    # What they typed before is never lost: it goes to the thread Sam wrote in last.
    assert "support.reply.sent_short" in list(alex.keys())
    assert [text for text in relayed(db) if text.endswith("see you at 2")]


def test_leaving_the_question_for_another_screen_still_sends_what_they_typed(
    world: World, db: Database
) -> None:
    alex = two_threads(world)
    alex.text("yes 2 is fine thanks")
    assert alex.keys() == ["thread.which"]
    alex.command("data")  # off to My data without choosing
    assert "support.reply.sent_short" in list(alex.keys())
    assert [text for text in relayed(db) if text.endswith("yes 2 is fine thanks")]
    alex.text("also can u help with food shop")  # the same burst: the same thread, once
    alex.text("like tesco vouchers")
    sent = relayed(db)
    assert [t for t in sent if t.endswith("also can u help with food shop")]
    assert [t for t in sent if t.endswith("like tesco vouchers")]
    assert len(sent) == len(set(sent))


# --- 3. answer in words -------------------------------------------------------------------------
YES_NO = [("Yes", "yes"), ("No", "no"), ("Tell me more", "more")]
DELETE = [("Yes, go on", "go"), ("No, keep it", "keep")]
CHECK = [("Send it", "send"), ("Change what I said", "change"), ("Cancel", "cancel")]
CLOSE = [("Very close", "1"), ("Close", "2"), ("Not so close", "3"), ("Skip", "skip")]
MAY = [("Yes", "set:yes"), ("No", "set:no"), ("Not sure", "skip")]
STATUS = [("Yes", "yes"), ("Sometimes", "sometimes"), ("No", "no"), ("Pause", "pause")]
CIRCLE = [("Yes, that's right", "right"), ("Family", "family"), ("Friends", "friends")]
URGENCY = [
    ("As soon as possible", "urg:today"),
    ("This week", "urg:week"),
    ("Whenever", "urg:whenever"),
]
CONTACT = [
    ("In touch", "in_touch"),
    ("Lost touch", "lost_touch"),
    ("I'd like to find them", "find"),
    ("I don't want contact", "no_contact"),
]


@pytest.mark.parametrize(
    ("typed", "buttons", "expected"),
    [
        ("yes", YES_NO, "yes"),
        ("Yes!", YES_NO, "yes"),
        ("ye ok", YES_NO, "yes"),
        ("yeah", YES_NO, "yes"),
        ("ok", YES_NO, "yes"),
        ("sure", YES_NO, "yes"),
        ("no", YES_NO, "no"),
        ("nah", YES_NO, "no"),
        ("not now", YES_NO, "no"),
        ("idk wat does that mean", YES_NO, "more"),
        ("wats sharing mean", YES_NO, "more"),
        ("tell me more", YES_NO, "more"),
        ("yes", DELETE, "go"),
        ("no thanks", DELETE, "keep"),
        ("ye", CHECK, "send"),
        ("send it", CHECK, "send"),
        ("ye send it", CHECK, "send"),
        ("very close", CLOSE, "1"),
        ("very close ❤️", CLOSE, "1"),
        ("VERY CLOSE", CLOSE, "1"),
        ("v close", CLOSE, "1"),
        ("vrey close", CLOSE, "1"),
        ("close", CLOSE, "2"),
        ("not so close", CLOSE, "3"),
        ("skip", CLOSE, "skip"),
        ("no", MAY, "set:no"),
        ("not sure", MAY, "skip"),
        ("yeah", CIRCLE, "right"),
        ("family", CIRCLE, "family"),
        ("asap pls", URGENCY, "urg:today"),
        ("no rush", URGENCY, "urg:whenever"),
        ("we dont talk no more", CONTACT, "lost_touch"),
        ("in touch", CONTACT, "in_touch"),
        ("ye", CONTACT, "in_touch"),
        ("yeah we do", CONTACT, "in_touch"),
        ("not close", CLOSE, "3"),
        # "Is this happening?": a yes or a no, then what happens (trial 2026-12-07).
        ("ye every sunday 😋", STATUS, "yes"),
        ("yeah she comes round weekends", STATUS, "yes"),
        ("nah not rly", STATUS, "no"),
        ("no not really", STATUS, "no"),
        ("sometimes", STATUS, "sometimes"),
        # Not answers.
        ("yeah but not much", STATUS, None),
        ("yes sometimes", STATUS, None),
        ("yeah wat do u mean", STATUS, None),
        ("no idea", STATUS, None),
        ("nah shes moved to leeds", STATUS, None),
        ("not now", URGENCY, None),
        ("yes", CLOSE, None),
        ("yeah ill do it tonight", YES_NO, None),
        ("yes 2 is fine thanks", CHECK, None),
        ("hello", YES_NO, None),
        ("cl", CLOSE, None),
        ("no", CHECK, None),
    ],
)
def test_which_button_words_mean(
    typed: str, buttons: list[tuple[str, str]], expected: str | None
) -> None:
    assert answers.pick(typed, buttons) == expected


def test_consent_answered_in_words(world: World) -> None:
    alex = world.chat(ALEX)
    alex.command("start", world.codes["alex"])
    alex.text("idk wat does that mean")
    assert alex.keys() == ["consent.use.ask"] and "If you say yes" in alex.said
    alex.text("ye ok")
    assert alex.keys() == ["consent.share.ask"]
    alex.text("yes")
    assert alex.keys()[-1] == "menu.title"


def test_a_request_answered_in_words(world: World, db: Database) -> None:
    alex = world.join()
    alex.press("Ask for support")
    alex.text("money")
    alex.text("I can't pay my gas bill")
    alex.press("Next ➡")
    alex.text("today")
    assert alex.keys() == ["support.check.question"]
    alex.text("ye")
    assert alex.keys() == ["support.after_sent"]


def test_yeah_to_is_that_right(world: World, db: Database) -> None:
    alex = world.join()
    alex.command("people")
    alex.press("➕ Add someone")
    alex.text("Mark")
    alex.press("Dad")
    assert alex.keys() == ["people.ask.circle.inferred"]
    alex.text("yeah")
    assert alex.keys() == ["people.ask.closeness"]


# --- 2. a reply to Sam at the name step is not a name --------------------------------------------
def adding(world: World) -> Chat:
    """Sam wrote to Alex lately; Alex is on Add someone's name step."""
    alex, _ = talking(world)
    alex.command("people")
    alex.press("➕ Add someone")
    assert alex.keys() == ["people.ask.name"]
    return alex


@pytest.mark.parametrize("words", ["yes 2 is fine thanks", "yeah ill do it tonight"])
def test_a_reply_at_the_name_step_goes_to_sam(world: World, db: Database, words: str) -> None:
    alex = adding(world)
    alex.text(words)
    assert alex.keys() == ["support.reply.sent_short", "answers.name.still"]
    assert alex.last[0].text == "Sent to Sam ✓"
    assert relayed(db)[-1].endswith(words)
    assert state(db, ALEX)[:2] == ("people", "name")  # the name step stays open
    alex.text("Kerry")
    assert alex.keys() == ["people.ask.relationship"]
    assert people(db) == []


def test_a_name_at_the_name_step_is_still_a_name(world: World, db: Database) -> None:
    alex = adding(world)
    alex.text("Big Dave")
    assert alex.keys() == ["people.ask.relationship"] and "Big Dave" in alex.said
    assert relayed(db) == []


@pytest.mark.parametrize(("choice", "sent"), [("Send to Sam", True), ("It's a name", False)])
def test_unsure_asks_once_with_two_buttons(
    world: World, db: Database, choice: str, sent: bool
) -> None:
    alex = adding(world)
    alex.text("will")
    assert alex.keys() == ["answers.reply_or_name"]
    assert alex.labels() == ["Send to Sam", "It's a name"]
    alex.press(choice)
    if sent:
        assert alex.keys() == ["support.reply.sent_short", "answers.name.still"]
        assert relayed(db)[-1].endswith("will")
    else:
        assert alex.keys() == ["people.ask.relationship"] and "Will" in alex.said
        assert relayed(db) == []


@pytest.mark.parametrize("words", ["yes 2 is fine thanks", "ok i will do it later"])
def test_with_no_one_to_send_to_a_reply_is_checked_not_saved_as_a_name(
    world: World, db: Database, words: str
) -> None:
    alex = world.join()
    alex.command("people")
    alex.press("➕ Add someone")
    alex.text(words)
    assert alex.keys() == ["answers.is_it_a_name"] and alex.labels() == ["It's a name"]
    assert relayed(db) == [] and state(db, ALEX)[:2] == ("people", "name")
    alex.text("Kerry")  # typing the real name carries on
    assert alex.keys() == ["people.ask.relationship"] and "Kerry" in alex.said


def test_it_is_a_name_after_all(world: World, db: Database) -> None:
    alex = world.join()
    alex.command("people")
    alex.press("➕ Add someone")
    alex.text("Will Smith")  # "will" is never in a name… except when it is
    assert alex.keys() == ["answers.is_it_a_name"]
    alex.press("It's a name")
    assert alex.keys() == ["people.ask.relationship"] and "Will Smith" in alex.said


@pytest.mark.parametrize(
    ("typed", "verdict"),
    [
        ("Kerry", "name"),
        ("Big Dave", "name"),
        ("Mary Jo Smith", "name"),
        ("Zoë", "name"),
        ("O'Brien", "name"),
        ("my best mate Jay", "name"),
        ("me nan", "name"),
        ("just nan", "name"),
        ("idk", "name"),  # the name step's own kind of answer (a skip)
        ("yes 2 is fine thanks", "not"),
        ("yeah ill do it tonight", "not"),
        ("ok see u then", "not"),
        ("can u call me", "not"),
        ("Jay2", "not"),
        ("at 3?", "not"),
        ("sorry cant talk", "not"),
        ("will", "unsure"),
        ("the one from football club", "unsure"),
    ],
)
def test_what_looks_like_a_name(typed: str, verdict: str) -> None:
    from dialogs.core.language import name_verdict

    assert name_verdict(typed) == verdict


# --- 4. names -------------------------------------------------------------------------------------
def test_can_i_add_ppl_is_not_a_name(world: World, db: Database) -> None:
    alex = world.join()
    alex.text("can i add ppl")
    assert alex.keys() == ["people.ask.name"]
    alex.text("can i add ppl")
    assert alex.keys() == ["answers.name.again"] and "You're adding someone" in alex.said
    alex.text("people")
    assert alex.keys()[-1] in ("answers.name.again", "people.name.needed")
    alex.text("Kerry")
    assert alex.keys() == ["people.ask.relationship"] and "Kerry" in alex.said


@pytest.mark.parametrize(
    "typed", ["her names chloe", "her name is chloe", "shes called chloe", "its chloe"]
)
def test_her_name_is_before_a_name_is_left_out(world: World, db: Database, typed: str) -> None:
    alex = world.join()
    alex.command("people")
    alex.press("➕ Add someone")
    alex.text("my sis")
    assert alex.keys() == ["people.ask.name.for"]
    alex.text(typed)
    assert "How close are you to chloe?" in alex.said or "How close are you to Chloe?" in alex.said


@pytest.mark.parametrize("typed", ["its my nan", "prob my nan", "my nan"])
def test_fillers_before_a_name_are_left_out(world: World, db: Database, typed: str) -> None:
    alex = world.join()
    alex.command("people")
    alex.press("➕ Add someone")
    alex.text(typed)
    assert alex.keys() == ["people.ask.name.for"]  # "my nan": what's her name?
    alex.text("just nan")
    assert alex.keys() == ["people.ask.closeness"], alex.keys()
    assert "How close are you to Nan?" in alex.said


def test_just_before_a_plain_name_is_left_out(world: World, db: Database) -> None:
    alex = world.join()
    alex.command("people")
    alex.press("➕ Add someone")
    alex.text("just Kerry")
    assert alex.keys() == ["people.ask.relationship"]
    assert "Who is Kerry to you?" in alex.said


# --- 5. a tick after changing screen --------------------------------------------------------------
def test_a_new_screen_gets_a_new_tick(world: World, db: Database) -> None:
    alex, _ = talking(world)
    alex.text("yes 2 is fine thanks")
    assert alex.keys() == ["support.reply.sent_short"]
    alex.text("see you then")
    assert alex.keys() == []  # back to back, same place: one tick
    alex.command("data")
    alex.text("also can u help with food shop pls")
    assert alex.keys() == ["support.reply.sent_short"]
    alex.text("like vouchers or sumthin")
    assert alex.keys() == []
    assert len(relayed(db)) == 4


def test_a_tick_again_after_we_told_them_something(world: World, db: Database) -> None:
    from tests.support.world import GROUP, SAM, card_button, requests

    alex = world.join()
    money = ask(alex, "Money")
    sam_writes(world, money)
    housing = ask(alex, "Housing")
    sam_writes(world, housing, "About the flat: can we talk?")
    alex.command("menu")
    alex.text("see you at 2")
    alex.press("Sam — Money request")
    assert alex.keys() == ["support.reply.sent_short"]
    alex.text("and thanks")
    assert alex.keys() == []  # back to back: one tick
    group = world.group()
    group.press(SAM, card_button(db, housing, "Close"))
    world.deliver()
    group.send(SAM, "Sorted", reply_to=world.tg.find(GROUP, f"how {housing} ended").message_id)
    world.deliver()  # "Sam has closed your request" reaches Alex
    assert [r.status.value for r in requests(db)][1] == "closed"
    alex.text("wait did u just leave??")
    assert alex.keys() == ["support.reply.sent_short"]
    assert relayed(db)[-1].endswith("wait did u just leave??")


def test_a_thread_nobody_picked_up_is_labelled_with_their_own_worker(
    world: World, db: Database
) -> None:
    from sqlmodel import select as choose

    from dialogs.core.context import Context
    from dialogs.core.events import Event, EventKind
    from dialogs.young.support import thread_label
    from storage.models import SupportRequest, YoungPerson

    alex = world.join()
    ref = ask(alex, "Money")
    with unit_of_work(db) as uow:
        request = uow.session.exec(
            choose(SupportRequest).where(SupportRequest.reference == ref)
        ).one()
        assert request.claimed_by_staff_id is None  # nobody has picked it up
        case = uow.session.get(YoungPerson, request.young_person_id)
        event = Event(update_id=1, kind=EventKind.TEXT, chat_id=ALEX, user_id=ALEX)
        ctx = Context(uow, event, world.clock.now(), None, case)
        assert thread_label(ctx, request) == "Sam — Money request"


def test_talking_during_a_housing_alert_gives_lines_to_talk_to(world: World, db: Database) -> None:
    alex = world.join()
    alex.text("i have nowhere to sleep tonight")
    assert "0808 800 4444" in alex.said  # Shelter, for the housing worry itself
    alex.command("menu")
    alex.text("can i talk to someone")
    assert "116 123" in alex.said and "85258" in alex.said  # Samaritans, Shout
    assert "0808 800 4444" not in alex.said


def test_a_review_answered_in_words_while_sam_talks_stays_in_the_review(
    world: World, db: Database
) -> None:
    """Trial 2026-12-07, finding 2: "ye every sunday 😋" under "Is this happening?" went to
    Sam on an old request, and the review stalled. It answers the question."""
    alex, _ref = talking(world)
    seed_plan(db, world.clock.now())
    world.clock.advance(timedelta(days=2))
    alex.command("plan")
    alex.press("Review my plan")
    assert alex.keys()[-1] == "review.item"
    first = alex.said
    sent_before = len(relayed(db))
    alex.text("ye every sunday 😋")
    assert alex.keys()[-1] == "review.item" and alex.said != first  # the next question
    alex.text("nah not rly")
    assert alex.keys()[-1] == "review.blocker"
    assert len(relayed(db)) == sent_before
    flow, step, data = state(db, ALEX)
    assert (flow, step) == ("review", "blocker")
    answered = json.loads(data)["data"]["answers"].values()
    assert [answer["status"] for answer in answered] == ["yes", "no"]


SCORE_BUTTONS = [(t(f"wellbeing.{n}"), f"score:{n}") for n in range(5, 0, -1)]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2", "score:2"),
        ("2 i guess", "score:2"),
        ("yes 2 is fine thanks", "score:2"),
        ("prob a 4 tbh", "score:4"),
        ("5!!", "score:5"),
        ("1 or 2", None),  # two numbers: they are still choosing
        ("7", None),  # not one of the buttons
        ("idk", None),
    ],
)
def test_one_number_picks_the_numbered_button_it_starts(typed: str, expected: str | None) -> None:
    """The review's "How supported do you feel?" in their words (trial, evening: finding 4)."""
    assert answers.pick(typed, SCORE_BUTTONS) == expected
