"""Issue 14 leftovers from the young person's trial (h-flows), through the engine.

The world (Kent, Sam, the coordinators' group, a fake Telegram fed by the real outbox
sender) is the one of ``tests/support/world.py``; Monday 23 November 2026, 12:00 is
working time.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from dialogs.core.clock import FakeClock
from storage.db import Database
from storage.models import RequestKind, SupportRequest
from tests.support.world import ALEX, GROUP, SAM, Chat, World, ask, outbox, requests
from tests.support.world import world as world  # the fixture

__all__ = ["world"]  # the fixture, shared with test_support

HIGH = "i want to kill myself"
RETRACT = "wait no im not gonna do anything stupid i just meant im sad"


def sam_writes(world: World, ref: str, words: str) -> None:
    """Sam answers a request, talk thread or alert from its card; it reaches Alex."""
    world.deliver()
    world.group().send(SAM, words, reply_to=world.tg.find(GROUP, ref).message_id)
    world.deliver()


def two_threads(world: World) -> tuple[Chat, str, str]:
    """Alex has a money request and a talk thread, Sam wrote in both; Alex is on the menu."""
    alex = world.join()
    money = ask(alex)
    sam_writes(world, f"Request {money}", "Hi Alex, I can help with that.")
    alex.command("menu")
    alex.press("Talk to someone")
    world.deliver()
    talk = next(r for r in requests_of(world.db, RequestKind.TALK))
    sam_writes(world, f"Talk {talk.reference}", "I'm here. What's up?")
    alex.command("menu")
    return alex, money, talk.reference


def requests_of(db: Database, kind: RequestKind) -> list[SupportRequest]:
    return [r for r in requests(db) if r.kind == kind]


def the_alert(db: Database) -> SupportRequest:
    [alert] = requests_of(db, RequestKind.ALERT)
    return alert


def from_alex(db: Database, request: SupportRequest) -> list[str]:
    """What reached the team from Alex as messages in a thread."""
    return [
        row.text
        for row in outbox(db)
        if row.kind in ("relay.from_yp", "relay.from_yp.alert")  # on an alert: in context
        and row.target_outbox_id == request.card_outbox_id
    ]


# --- 1. words after an alert go to the alert ---------------------------------------------
def test_words_after_an_alert_go_to_it_without_asking(
    world: World, db: Database, clock: FakeClock
) -> None:
    alex, _money, _talk = two_threads(world)
    clock.advance(timedelta(minutes=1))
    alex.text(HIGH)
    assert alex.keys() == ["crisis.reply"]
    clock.advance(timedelta(minutes=1))
    alex.text(RETRACT)
    assert alex.keys() == ["support.reply.sent_short"], alex.keys()
    assert "✓" in alex.said
    alert = the_alert(db)
    [words] = from_alex(db, alert)
    assert RETRACT in words and alert.reference in words
    world.deliver()
    assert world.tg.find(GROUP, RETRACT)  # on the URGENT card's thread in the group
    # The same burst: one tick, and the next message goes to the alert too.
    clock.advance(timedelta(seconds=20))
    alex.text("sorry bout that")
    assert alex.keys() == []
    assert len(from_alex(db, the_alert(db))) == 2


def test_the_net_still_runs_first_after_an_alert(
    world: World, db: Database, clock: FakeClock
) -> None:
    alex, _money, _talk = two_threads(world)
    alex.text(HIGH)
    clock.advance(timedelta(minutes=5))
    alex.text("i want to end it all")
    assert alex.keys()[-1] == "crisis.reply"  # the numbers again, not just a tick
    assert len(requests_of(db, RequestKind.ALERT)) == 1  # the same alert, told again
    assert outbox(db, kind="relay.alert.again.words")


def test_an_alert_alone_is_a_conversation_and_the_worker_answers_in_it(
    world: World, db: Database, clock: FakeClock
) -> None:
    alex = world.join()
    alex.text(HIGH)
    clock.advance(timedelta(minutes=1))
    alex.text(RETRACT)
    assert alex.keys() == ["support.reply.sent_short"]
    # Nobody has picked it up yet: the tick names their own worker, as the feelings line does.
    assert alex.said.startswith("Sent to Sam ✓ Thanks for telling them how you feel.")
    alert = the_alert(db)
    assert len(from_alex(db, alert)) == 1
    sam_writes(world, f"URGENT {alert.reference}", "Thanks for telling me Alex. Can I call you?")
    assert world.tg.find(alex.user_id, "Can I call you?")
    clock.advance(timedelta(minutes=5))
    alex.text("yes call me")
    assert alex.keys() == ["support.reply.sent_short"]
    assert len(from_alex(db, the_alert(db))) == 2


def test_an_alert_older_than_two_hours_no_longer_takes_their_words(
    world: World, db: Database, clock: FakeClock
) -> None:
    alex, _money, _talk = two_threads(world)
    alex.text(HIGH)
    clock.advance(timedelta(hours=2, minutes=1))
    alex.command("menu")
    alex.text("ok im back")
    assert alex.keys()[0] == "thread.which"  # the team never wrote in the alert: as before
    assert not from_alex(db, the_alert(db))


def test_a_thread_they_choose_after_the_alert_is_respected(
    world: World, db: Database, clock: FakeClock
) -> None:
    alex, money, _talk = two_threads(world)
    alex.text(HIGH)
    clock.advance(timedelta(minutes=1))
    sam_line = world.tg.find(alex.user_id, "I can help with that")
    alex.text("about the money, is it sorted", reply_to=sam_line.message_id)
    clock.advance(timedelta(minutes=5))  # a new burst
    alex.text("i need it by friday")
    money_request = next(r for r in requests(db) if r.reference == money)
    assert len(from_alex(db, money_request)) == 2
    assert not from_alex(db, the_alert(db))


def test_words_after_an_alert_while_joining_stay_off_the_thread(
    world: World, db: Database, clock: FakeClock
) -> None:
    alex = world.chat(ALEX)
    alex.command("start", world.codes["alex"])  # not joined yet: nothing kept of their words
    alex.text(HIGH)
    assert alex.keys() == ["crisis.reply"]
    clock.advance(timedelta(minutes=1))
    alex.text(RETRACT)
    assert "support.reply.sent_short" not in [*alex.keys()]
    assert not from_alex(db, the_alert(db))


# --- 2. feelings inside an open thread, in working hours ------------------------------------
def test_a_feeling_in_a_thread_gets_one_warm_line_with_the_tick_per_burst(
    world: World, clock: FakeClock
) -> None:
    alex, _money, _talk = two_threads(world)
    alex.press("Talk to someone")  # writing in the talk thread Sam wrote in
    alex.text("i feel really low tbh")
    [sent] = alex.last
    assert sent.text.startswith("Sent to Sam ✓ Thanks for telling them how you feel.")
    assert "Sam will answer when they can." in sent.text
    assert "Send more, or tap Done." in sent.text  # the reply step's own words stay
    clock.advance(timedelta(seconds=30))
    alex.text("so lonely")
    assert alex.keys() == []  # the same burst: nothing again
    clock.advance(timedelta(minutes=5))
    alex.text("still feel low")  # a new burst: the tick and the line once more
    assert "Thanks for telling them how you feel" in alex.said


def test_a_feeling_later_in_a_burst_gets_the_line_once_on_its_own(
    world: World, clock: FakeClock
) -> None:
    alex = world.join()
    alex.press("Talk to someone")
    [talk] = requests_of(world.db, RequestKind.TALK)
    sam_writes(world, f"Talk {talk.reference}", "I'm here. What's up?")
    alex.command("menu")
    clock.advance(timedelta(minutes=3))
    alex.text("hey sam")
    assert alex.keys() == ["support.reply.sent_short"]
    assert "how you feel" not in alex.said
    clock.advance(timedelta(seconds=20))
    alex.text("im just so stressed")
    assert alex.keys() == ["flows.thread.feeling.working.alone"]
    assert alex.said == "Thanks for telling Sam how you feel. They'll answer when they can."
    clock.advance(timedelta(seconds=20))
    alex.text("really stressed")
    assert alex.keys() == []


def test_a_plain_message_in_a_thread_gets_only_the_tick(world: World) -> None:
    alex, _money, _talk = two_threads(world)
    alex.press("Talk to someone")
    alex.text("can we do thursday")
    assert "how you feel" not in alex.said


# --- 3. closing tells them what was agreed ---------------------------------------------------
def close_request(world: World, ref: str, outcome: str) -> None:
    """Sam closes a request from its card, with a one-line outcome."""
    world.deliver()
    card = world.tg.find(GROUP, f"Request {ref}")
    world.group().press(SAM, card.button("Close"))
    world.deliver()
    prompt = world.tg.find(GROUP, f"how {ref} ended")
    world.group().send(SAM, outcome, reply_to=prompt.message_id)
    world.deliver()


def test_closing_names_the_request_and_says_what_was_agreed(world: World, db: Database) -> None:
    alex = world.join()
    ref = ask(alex)
    outcome = "£30 emergency fund agreed, phone call booked Mon 2pm"
    close_request(world, ref, outcome)
    closed = world.tg.find(alex.user_id, "has closed your")
    assert closed.text.startswith(f"Sam has closed your Money request ({ref}).")
    assert f"Sam wrote: “{outcome}”" in closed.text
    assert "Open it again" in [label for row in closed.buttons for label, _ in row]
    # My requests: closed, and the view says what was agreed too.
    alex.command("menu")
    alex.press("My requests")
    assert f"{ref} · Money · closed" in alex.labels()
    alex.press(f"{ref} · Money · closed")
    assert f"Now: closed. How it ended: “{outcome}”" in alex.said


def test_the_closed_line_without_an_outcome_just_names_the_request() -> None:
    from dialogs.texts import t

    text = t("flows.support.closed", name="Sam", category="Money", ref="R-E8F9")
    assert text.startswith("Sam has closed your Money request (R-E8F9).")
    assert "wrote" not in text


def test_open_it_again_is_one_tap_and_then_reads_open_again(world: World, db: Database) -> None:
    alex = world.join()
    ref = ask(alex)
    close_request(world, ref, "Sorted")
    closed = world.tg.find(alex.user_id, "has closed your")
    alex.press_data(closed.button("Open it again"))
    assert alex.keys() == ["support.view"]
    assert "Open it again" not in alex.labels()  # done, not a second button
    assert "Now: open again" in alex.said and "Now: sent" not in alex.said
    alex.command("menu")
    alex.press("My requests")
    assert f"{ref} · Money · open again" in alex.labels()


def test_the_status_words_in_my_requests_for_every_state(world: World, db: Database) -> None:
    alex = world.join()
    waiting = ask(alex)
    picked = ask(alex, "Housing")
    answered = ask(alex, "Food")
    stopped = ask(alex, "Health")
    world.deliver()
    group = world.group()
    group.press(SAM, world.tg.find(GROUP, f"Request {picked}").button("Pick up"))
    sam_writes(world, f"Request {answered}", "On it")
    alex.command("menu")
    alex.press("My requests")
    alex.press(f"{stopped} · Health · sent")
    alex.press("I don't need this now")
    alex.press("Yes, stop it")
    labels = alex.labels()
    assert f"{waiting} · Money · sent" in labels
    assert f"{picked} · Housing · picked up by Sam" in labels
    assert f"{answered} · Food · answered by Sam" in labels
    assert f"{stopped} · Health · stopped by you" in labels
    alex.press(f"{stopped} · Health · stopped by you")
    alex.press("Open it again")
    assert "Now: open again" in alex.said


# --- 4. the family-finding question comes last, and typed answers answer it --------------
def add_lost_dad(alex: Chat) -> None:
    """Alex adds Mark, their dad, whom they lost touch with."""
    alex.command("people")
    alex.press("➕ Add someone")
    alex.text("Mark")
    alex.press("Dad")
    alex.press("Yes, that's right")
    alex.press("Skip")
    alex.press("Lost touch")
    alex.press("Yes")


def test_the_lead_question_comes_after_done_and_the_list(world: World) -> None:
    alex = world.join()
    add_lost_dad(alex)
    keys = alex.keys()
    assert keys[0] == "people.added" and "Done! I've added Mark" in alex.last[0].text
    assert keys[-1] == "share.lead.ask", keys
    assert keys.index("people.list") < keys.index("share.lead.ask")
    assert "should have" not in alex.said
    assert "Let's find the people in your corner" in alex.said
    labels = [b.label for row in alex.last[-1].buttons for b in row]
    assert labels == ["Send", "Don't send"]


def lead_notes(db: Database) -> list[str]:
    return [row.text for row in outbox(db, chat_id=GROUP) if "family-finding" in row.text.lower()]


@pytest.mark.parametrize(
    ("words", "key", "sent"),
    [
        ("ye send it", "share.sent", True),
        ("yes send", "share.sent", True),
        ("Send", "share.sent", True),
        ("dont send", "share.not_sent", False),
        ("no", "share.not_sent", False),
        ("nah dont", "share.not_sent", False),
    ],
)
def test_a_typed_answer_under_the_lead_question_answers_it(
    world: World, db: Database, words: str, key: str, sent: bool
) -> None:
    alex = world.join()
    add_lost_dad(alex)
    alex.text(words)
    assert alex.keys() == [key], alex.keys()
    assert len(lead_notes(db)) == int(sent)
    alex.text("yes")  # answered already: "yes" is no longer an answer to it
    assert alex.keys() != ["share.sent"]
    assert len(lead_notes(db)) == int(sent)


def test_a_muddled_no_never_sends_the_lead(world: World, db: Database) -> None:
    alex = world.join()
    add_lost_dad(alex)
    alex.text("no dont send it")
    assert "share.sent" not in [*alex.keys()]
    assert lead_notes(db) == []


def test_only_while_the_lead_question_is_the_last_one_asked(world: World, db: Database) -> None:
    alex = world.join()
    add_lost_dad(alex)
    alex.press("➕ Add someone")  # on to something else
    alex.text("yes")
    assert "share.sent" not in [*alex.keys()]
    assert lead_notes(db) == []


# --- 5. My data counts tell the truth --------------------------------------------------------
def stored_kinds(db: Database) -> dict[RequestKind, int]:
    counts = dict.fromkeys(RequestKind, 0)
    for row in requests(db):
        counts[row.kind] += 1
    return counts


def my_data(alex: Chat) -> str:
    alex.command("data")
    alex.press("What you hold about me")
    [summary] = [r.text for r in alex.last if r.key == "data.summary"]
    return summary


def test_my_data_counts_requests_chats_and_alerts_apart(
    world: World, db: Database, clock: FakeClock
) -> None:
    alex = world.join()
    ask(alex)
    ask(alex, "Housing")
    alex.command("menu")
    alex.press("Talk to someone")
    alex.command("menu")
    alex.text(HIGH)
    clock.advance(timedelta(hours=1))
    alex.command("menu")
    alex.text("i want to end it all")
    stored = stored_kinds(db)
    assert stored == {RequestKind.REQUEST: 2, RequestKind.TALK: 1, RequestKind.ALERT: 2}
    summary = my_data(alex)
    assert f"• Requests for support: {stored[RequestKind.REQUEST]}" in summary
    assert f"• Chats with your Lifelong Links worker: {stored[RequestKind.TALK]}" in summary
    assert f"• Safety alerts to your Lifelong Links worker: {stored[RequestKind.ALERT]}" in summary
    assert "Requests for support: 5" not in summary


def test_my_data_leaves_out_chats_and_alerts_they_never_had(world: World, db: Database) -> None:
    alex = world.join()
    summary = my_data(alex)
    assert "• Requests for support: 0" in summary
    assert "Chats with" not in summary and "Safety alerts" not in summary
    assert stored_kinds(db)[RequestKind.REQUEST] == 0
