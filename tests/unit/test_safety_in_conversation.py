"""Alarm and feelings inside a live conversation (trial findings 3 and 8), through the engine.

The world is the one of ``tests/support/world.py``: Kent, Sam, the coordinators' group
and a fake Telegram fed by the real outbox sender. Monday 23 November 2026, 12:00 is
working time; Sunday 29 November, 21:40 is not.
"""

from __future__ import annotations

from datetime import timedelta

from dialogs.core.clock import FakeClock
from scheduler.escalation import escalation_sweep
from storage.db import Database
from storage.models import RequestKind, RequestStatus
from tests.support.world import GROUP, JO, SAM, Chat, World, ask, outbox, requests, uk
from tests.support.world import world as world  # the fixture

__all__ = ["world"]  # the fixture, shared with test_support

HIGH = "i want to kill myself"
SUNDAY_NIGHT = uk(2026, 11, 29, 21, 30)


def talking(world: World, share: bool = True, words: str = "I'm here. What's up?") -> Chat:
    """Alex taps Talk to someone, Sam answers in the thread; Alex is back on the menu."""
    alex = world.join(share=share)
    alex.press("Talk to someone")
    world.deliver()
    card = world.tg.find(GROUP, "would like to talk")
    world.group().send(SAM, words, reply_to=card.message_id)
    world.deliver()
    alex.command("menu")
    return alex


def talk_and_alert(db: Database) -> tuple[object, object]:
    found = requests(db)
    [talk] = [r for r in found if r.kind == RequestKind.TALK]
    [alert] = [r for r in found if r.kind == RequestKind.ALERT]
    return talk, alert


# --- 1. an alarm while a worker is talking with them ---------------------------------------
def test_flagged_words_reach_the_thread_the_worker_is_in(
    world: World, db: Database, clock: FakeClock
) -> None:
    alex = talking(world)
    clock.advance(timedelta(minutes=3))
    alex.text(HIGH)
    assert alex.keys() == ["crisis.reply"]
    assert "116 123" in alex.said  # still signposted
    assert "I've told Sam, your Lifelong Links worker, right now" in alex.said
    assert "back" not in alex.said.split("116 123")[-1]
    talk, alert = talk_and_alert(db)
    assert alert.origin == f"net:{talk.id}"  # the alert links to the live thread
    [note] = outbox(db, kind="calm.thread.flagged.words")
    assert note.chat_id == GROUP and note.target_outbox_id == talk.card_outbox_id
    assert HIGH in note.text and "URGENT" in note.text and alert.reference in note.text
    [card] = outbox(db, id=alert.card_outbox_id)
    assert f"talking with Sam in {talk.reference}" in card.text
    assert "URGENT" in card.text and HIGH in card.text  # they share: as on any alert card


def test_words_typed_to_the_worker_are_flagged_not_repeated(
    world: World, db: Database, clock: FakeClock
) -> None:
    alex = talking(world)
    alex.press("Talk to someone")  # back in the thread: typing to Sam
    alex.text(HIGH)
    assert alex.keys()[-1] == "crisis.reply"
    [words] = outbox(db, kind="relay.from_yp")
    assert HIGH in words.text
    [note] = outbox(db, kind="calm.thread.flagged.above")
    assert HIGH not in note.text and "message above" in note.text


def test_not_shared_words_stay_off_the_thread_as_off_the_card(world: World, db: Database) -> None:
    alex = talking(world, share=False)
    alex.text(HIGH)
    [note] = outbox(db, kind="calm.thread.flagged.private")
    assert HIGH not in note.text and "chose not to share" in note.text
    _talk, alert = talk_and_alert(db)
    [card] = outbox(db, id=alert.card_outbox_id)
    assert HIGH not in card.text


def test_an_open_alert_is_linked_when_a_worker_starts_talking(
    world: World, db: Database, clock: FakeClock
) -> None:
    alex = world.join()
    alex.text("my stepdad hits me")  # an alert, nobody talking yet
    [alert] = requests(db)
    assert alert.origin == "net"
    # Sam is talking with Alex in a money request when the next worry comes.
    ref = ask(alex)
    world.deliver()
    world.group().send(
        SAM, "I can help", reply_to=world.tg.find(GROUP, f"Request {ref}").message_id
    )
    world.deliver()
    alex.command("menu")
    clock.advance(timedelta(minutes=2))
    alex.text(HIGH)
    money = next(r for r in requests(db) if r.reference == ref)
    alert = next(r for r in requests(db) if r.kind == RequestKind.ALERT)
    assert alert.origin == f"net:{money.id}" and alert.crisis_category == "su+ab"  # both kinds
    [note] = outbox(db, kind="calm.thread.flagged.words")
    assert note.target_outbox_id == money.card_outbox_id
    edit = outbox(db, kind="card_edit")[-1]
    assert f"talking with Sam in {ref}" in edit.text


def test_not_safe_at_a_check_in_is_flagged_in_the_thread(world: World, db: Database) -> None:
    alex = talking(world)
    alex.text("im scared")  # unsure: the words go to Sam, then the net checks in
    assert alex.keys()[-1] == "checkin.ask"
    alex.press("I'm not safe")
    assert "I've told Sam, your Lifelong Links worker, right now" in alex.said
    [note] = outbox(db, kind="calm.thread.flagged.checkin")
    talk, alert = talk_and_alert(db)
    assert note.target_outbox_id == talk.card_outbox_id and alert.reference in note.text
    assert alert.origin == f"checkin:{talk.id}"
    [card] = outbox(db, id=alert.card_outbox_id)
    assert card.text.startswith("URGENT") and "said they are not safe" in card.text


def test_out_of_hours_with_a_worker_who_just_wrote(
    world: World, db: Database, clock: FakeClock
) -> None:
    alex = world.join()
    clock.set(SUNDAY_NIGHT)
    alex.press("Talk to someone")
    world.deliver()
    card = world.tg.find(GROUP, "would like to talk")
    world.group().send(SAM, "saw this, I'm about for a bit", reply_to=card.message_id)
    world.deliver()
    alex.command("menu")
    clock.advance(timedelta(minutes=10))
    alex.text(HIGH)
    said = alex.said
    assert "I've told Sam, your Lifelong Links worker, right now" in said
    assert "out of working hours" in said and "back tomorrow at 9:00" in said
    assert "They're back tomorrow at 9:00. Until then" not in said


def test_a_worker_who_wrote_hours_ago_is_not_said_to_be_there(
    world: World, db: Database, clock: FakeClock
) -> None:
    alex = talking(world)
    clock.advance(timedelta(hours=3))
    alex.text(HIGH)
    assert "worker, right now" not in alex.said
    assert "Someone will message you here soon" in alex.said
    assert outbox(db, kind="calm.thread.flagged.words") == []
    [alert] = [r for r in requests(db) if r.kind == RequestKind.ALERT]
    assert alert.origin == "net"


def test_closing_the_alert_says_what_was_closed_and_the_chat_goes_on(
    world: World, db: Database, clock: FakeClock
) -> None:
    alex = talking(world)
    alex.text(HIGH)
    world.deliver()
    _talk, alert = talk_and_alert(db)
    card = world.tg.find(GROUP, f"URGENT {alert.reference}")
    world.group().press(SAM, card.button("Close"))
    world.deliver()
    prompt = world.tg.find(GROUP, "one line on how")
    world.group().send(SAM, "not at risk, talked it through", reply_to=prompt.message_id)
    world.deliver()
    [closed] = outbox(db, kind="calm.alert.closed.open")
    assert "Sam has marked your worry as dealt with" in closed.text
    assert "closed this chat" not in closed.text
    talk, alert = talk_and_alert(db)
    assert alert.status == RequestStatus.CLOSED and talk.status.is_open
    clock.advance(timedelta(minutes=5))
    alex.command("menu")
    alex.text("wait did u just leave")
    assert alex.keys() == ["support.reply.sent_short"]
    note = outbox(db, kind="relay.from_yp")[-1]
    assert "wait did u just leave" in note.text and note.target_outbox_id == talk.card_outbox_id


# --- 2. feelings, honest about when ----------------------------------------------------------
def test_a_feeling_out_of_hours_says_when_and_the_numbers_once(
    world: World, clock: FakeClock
) -> None:
    alex = world.join()
    clock.set(uk(2026, 11, 29, 21, 40))
    for words in ("i feel really low tbh", "😭😭😭"):
        alex.command("menu")
        alex.text(words)
        said = alex.said
        assert "Sam, your Lifelong Links worker, is back tomorrow at 9:00" in said, said
        assert "116 123" in said and "85258" in said
        assert alex.labels().count("Talk to someone") == 1
        assert "is there to talk" not in said


def test_a_feeling_in_working_hours_says_today(world: World) -> None:
    alex = world.join()
    alex.text("i feel really low tbh")
    assert "Sam, your Lifelong Links worker, can talk today" in alex.said
    assert alex.labels().count("Talk to someone") == 1
    alex.press("Talk to someone")
    assert alex.keys()[-1] == "support.reply.ask"


def test_a_feeling_in_a_talk_thread_out_of_hours_gets_one_line_per_burst(
    world: World, db: Database, clock: FakeClock
) -> None:
    alex = world.join()
    clock.set(SUNDAY_NIGHT)
    alex.press("Talk to someone")
    alex.text("i feel really low tbh")
    assert alex.keys() == ["support.reply.sent", "calm.thread.feeling"]
    assert "Sent to" in alex.last[0].text
    line = alex.last[1].text
    assert "back tomorrow at 9:00" in line or "tomorrow at 9:00" in line
    assert "116 123" in line and "85258" in line
    clock.advance(timedelta(seconds=40))
    alex.text("like really sad")
    assert alex.keys() == []  # the same burst: relayed, nothing said
    clock.advance(timedelta(minutes=10))
    alex.text("still feel low")
    assert alex.keys()[-1] == "calm.thread.feeling"


def test_a_feeling_in_a_thread_in_working_hours_gets_a_warm_tick(world: World) -> None:
    alex = world.join()
    alex.press("Talk to someone")
    alex.text("i feel really low tbh")
    assert alex.keys() == ["support.reply.sent"]  # one message: the tick says it
    assert "Thanks for telling them how you feel" in alex.said
    assert "116 123" not in alex.said  # in working hours: no "until then" numbers


def test_someone_else_on_the_team_is_named_without_the_role(
    world: World, db: Database, clock: FakeClock
) -> None:
    alex = world.join()
    alex.press("Talk to someone")
    world.deliver()
    card = world.tg.find(GROUP, "would like to talk")
    world.group().send(JO, "Hi Alex, Jo here, Sam's off today.", reply_to=card.message_id)
    world.deliver()
    alex.command("menu")
    alex.text(HIGH)
    assert "I've told Jo right now" in alex.said
    assert "Jo, your Lifelong Links worker" not in alex.said


def close(world: World, reference: str, outcome: str) -> None:
    """Sam closes a thread from its card, with a one-line outcome."""
    world.deliver()
    card = world.tg.find(GROUP, reference)
    world.group().press(SAM, card.button("Close"))
    world.deliver()
    prompt = world.tg.find(GROUP, "one line on how")
    world.group().send(SAM, outcome, reply_to=prompt.message_id)
    world.deliver()


def test_an_alert_raised_in_a_chat_that_has_ended_is_a_worry_dealt_with(
    world: World, db: Database
) -> None:
    alex = talking(world)
    alex.text(HIGH)
    talk, alert = talk_and_alert(db)
    close(world, f"Talk {talk.reference}", "talked it through")
    close(world, f"URGENT {alert.reference}", "safe, plan made")
    [closed] = outbox(db, kind="calm.alert.closed.worry")
    assert "Sam has marked your worry as dealt with" in closed.text
    assert "still open" not in closed.text


def test_answering_in_the_thread_picks_the_alert_up(
    world: World, db: Database, clock: FakeClock
) -> None:
    alex = talking(world)
    alex.text(HIGH)
    world.deliver()
    talk, alert = talk_and_alert(db)
    assert alert.status == RequestStatus.SENT
    card = world.tg.find(GROUP, f"Talk {talk.reference}")
    world.group().send(SAM, "Alex, I'm calling you now", reply_to=card.message_id)
    world.deliver()
    talk, alert = talk_and_alert(db)
    assert alert.status == RequestStatus.PICKED_UP and alert.picked_up_at is not None
    assert "Sam" in world.tg.find(GROUP, f"URGENT {alert.reference}").text.split("Sent:")[-1]
    clock.advance(timedelta(minutes=30))
    assert escalation_sweep(db, clock) == 0  # someone is answering: no managers' alarm


def test_a_second_feeling_soon_after_gets_a_short_line_not_the_same_paragraph(
    world: World, clock: FakeClock
) -> None:
    alex = world.join()
    clock.set(uk(2026, 11, 29, 21, 40))
    alex.command("menu")
    alex.text("😭😭😭")
    first = alex.said
    assert "is back tomorrow at 9:00" in first
    alex.text("i feel really low tbh")
    again = alex.said
    assert again != first and "I'm still here" in again and "116 123" in again
    assert alex.labels().count("Talk to someone") == 1
