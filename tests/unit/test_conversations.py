"""Conversations with the team through the engine: what goes into a thread, and what doesn't.

The world (Kent, Sam, the coordinators' group, a fake Telegram fed by the real outbox
sender) is the one of ``tests/support/world.py``.
"""

from __future__ import annotations

import re

from dialogs.core.clock import FakeClock
from dialogs.core.events import EventKind
from dialogs.young.support import BURST
from scheduler.transport import MAX_TEXT
from storage.db import Database
from storage.models import RequestStatus
from tests.support.world import (
    ALEX,
    GROUP,
    SAM,
    Chat,
    World,
    ask,
    card_button,
    outbox,
    request,
    sam_writes,
    talking,
    uk,
)
from tests.support.world import world as world  # the fixture

__all__ = ["world"]  # the fixture, shared with test_support


def forwarded(alex: Chat, words: str) -> None:
    alex._send(kind=EventKind.TEXT, text=words, forwarded=True)


def test_a_forwarded_message_goes_without_its_first_sender(world: World, db: Database) -> None:
    alex, ref = talking(world)
    forwarded(alex, "Dear tenant, your rent is overdue. Regards, Mr Smith")
    assert alex.keys() == ["support.reply.sent_short"]
    [note] = outbox(db, kind="relay.from_yp.forwarded")
    assert note.chat_id == GROUP and ref in note.text
    assert "Alex (KENT-" in note.text and "forwarded a message" in note.text
    assert "Regards, Mr Smith" in note.text
    assert outbox(db, kind="relay.from_yp") == []

    alex._send(kind=EventKind.MEDIA, media_kind="photo", text=None, forwarded=True)
    [head] = outbox(db, kind="relay.from_yp.forwarded_media")
    assert "Alex (KENT-" in head.text and "forwarded this" in head.text
    [copy] = outbox(db, method="copy", chat_id=GROUP)
    assert copy.source_chat_id == ALEX  # a copy, never forwardMessage
    assert all(row.method in ("send", "copy", "edit") for row in outbox(db))


def test_voice_notes_and_stickers_go_into_the_thread(world: World, db: Database) -> None:
    alex, _ = talking(world)
    alex.media("voice")
    assert alex.keys() == ["support.reply.sent_short"]
    alex._send(kind=EventKind.OTHER, media_kind="sticker")
    assert alex.keys() == []  # the same burst
    copies = outbox(db, method="copy", chat_id=GROUP)
    assert len(copies) == 2 and all(c.source_chat_id == ALEX for c in copies)
    # A poll or a dice is not something a person reads: declined kindly, not relayed.
    alex._send(kind=EventKind.OTHER, media_kind="dice")
    assert "media.other_declined" in [r.key for r in alex.last]
    assert len(outbox(db, method="copy", chat_id=GROUP)) == 2


def test_outside_a_conversation_stickers_are_declined(world: World, db: Database) -> None:
    alex = world.join()
    alex._send(kind=EventKind.OTHER, media_kind="sticker")
    # The language layer answers a sticker with a kind line about what the bot can take.
    assert "lang.media.sticker" in [r.key for r in alex.last]
    assert outbox(db, method="copy") == []


def test_long_text_and_any_script_reach_the_thread_whole(world: World, db: Database) -> None:
    alex, _ = talking(world)
    long = " ".join(f"word{i}" for i in range(1500))  # about 12,000 characters
    assert len(long) > 2 * MAX_TEXT
    alex.text(long)
    assert alex.keys() == ["support.reply.sent_short"]
    scripts = "{name} ꦲꦏ꧀ꦱꦫ 𓀀𓀁 مرحبا ᚠᚢᚦ 👩🏽‍🚒 {0} }{"
    alex.text(scripts)
    world.deliver()
    parts = [m.text for m in world.tg.messages(GROUP) if "word" in m.text]
    assert len(parts) >= 3
    # Split at spaces, in order, nothing cut or lost.
    assert re.findall(r"word\d+", " ".join(parts)) == [f"word{i}" for i in range(1500)]
    assert all(len(part) <= MAX_TEXT for part in parts)
    assert scripts in world.tg.find(GROUP, "ꦲꦏ꧀ꦱꦫ").text


def test_a_long_reply_from_staff_reaches_alex_whole(world: World, db: Database) -> None:
    alex = world.join()
    ref = ask(alex)
    long = "x" * 5000 + " the end"
    sam_writes(world, ref, long)
    parts = [m.text for m in world.tg.messages(ALEX) if "x" * 100 in m.text]
    assert len(parts) == 2 and parts[-1].endswith(" the end")
    assert "".join(parts).count("x") == 5000


def test_a_closed_thread_says_so_and_offers_to_open_it_again(
    world: World, db: Database, clock: FakeClock
) -> None:
    alex, ref = talking(world)
    alex.text("ok see you then")
    said = world.tg.messages(ALEX)
    group = world.group()
    group.press(SAM, card_button(db, ref, "Close"))
    world.deliver()
    group.send(SAM, "Sorted", reply_to=world.tg.find(GROUP, f"how {ref} ended").message_id)
    world.deliver()
    assert request(db, ref).status == RequestStatus.CLOSED
    clock.advance(BURST * 2)
    relayed = len(outbox(db, kind="relay.from_yp"))

    alex.command("menu")
    alex.text("wait one more thing")
    assert alex.keys() == ["thread.closed"]
    assert "Your chat with Sam is closed, so I didn't send that" in alex.said
    assert alex.labels() == ["Open it again", "Talk to someone", "Menu"]
    assert len(outbox(db, kind="relay.from_yp")) == relayed
    alex.press("Open it again")  # one tap is enough
    assert alex.keys() == ["support.view"] and "is open again" in alex.said

    # An edit of a message sent before the close: not sent, and they are told.
    assert said
    group.press(SAM, card_button(db, ref, "Close"))
    world.deliver()
    group.send(SAM, "Done", reply_to=world.tg.find(GROUP, f"how {ref} ended").message_id)
    mine = [r for r in outbox(db, kind="relay.from_yp") if "ok see you then" in r.text]
    assert mine
    edited = _alex_message_id(db, "ok see you then")
    alex.edit(edited, "ok see you at 3")
    assert "thread.edit_closed" in [r.key for r in alex.last]
    assert not [r for r in outbox(db) if "see you at 3" in r.text]


def test_staff_edit_after_close_and_reply_to_a_gone_case_are_explained(
    world: World, db: Database
) -> None:
    alex = world.join()
    ref = ask(alex)
    world.deliver()
    group = world.group()
    card = world.tg.find(GROUP, f"Request {ref}")
    group.send(SAM, "Calling at 3", reply_to=card.message_id)
    sam_message = group.last_message_id
    group.press(SAM, card_button(db, ref, "Close"))
    world.deliver()
    group.send(SAM, "Sorted", reply_to=world.tg.find(GROUP, f"how {ref} ended").message_id)
    to_alex = len(outbox(db, chat_id=ALEX))
    group.edit(SAM, sam_message, "Calling at 4")
    [told] = outbox(db, kind="team.edit_closed.group")
    assert told.chat_id == GROUP and told.target_message_id == sam_message
    assert "Sam, that chat is closed" in told.text
    assert len(outbox(db, chat_id=ALEX)) == to_alex

    # Alex deletes everything; a later reply to their card is explained, never silent.
    alex.command("data")
    alex.press("Delete everything")
    alex.press("Yes, go on")
    alex.press("Yes, delete it all")
    world.deliver()
    group._send(
        SAM,
        kind=EventKind.TEXT,
        text="Are you still there?",
        reply_to_message_id=card.message_id,
        reply_to_bot=True,
    )
    [explained] = [r for r in outbox(db) if r.kind.startswith("team.cannot_relay")]
    # The true reason, naming no young person, in the group only because Sam never
    # started a private chat with the bot.
    assert explained.chat_id == GROUP and explained.kind == "team.cannot_relay.deleted.group"
    assert explained.text.startswith("Sam, I can't pass that on")
    assert "deleted their data" in explained.text and "Alex" not in explained.text
    assert "Reply to their card" not in explained.text
    assert not [r for r in outbox(db, chat_id=ALEX) if "still there" in r.text]


def test_messages_typed_while_asked_which_thread_are_kept_in_order(
    world: World, db: Database
) -> None:
    alex = world.join()
    money = ask(alex)
    housing = ask(alex, category="Housing", words=("The damp is back",))
    sam_writes(world, money, "About the bill")
    sam_writes(world, housing, "About the damp")
    alex.command("menu")
    alex.text("one")
    assert alex.keys() == ["thread.which"]
    question = alex.last
    alex.text("two")
    assert alex.keys() == []  # the question is right above
    alex.media("voice")
    assert alex.keys() == []
    alex.press("Sam — Housing request", question)
    assert "Sent to Sam ✓" in alex.said
    alex.text("three")  # the same burst: the same thread, no question
    assert alex.keys() == []
    world.deliver()
    thread = [m for m in world.tg.messages(GROUP) if "replied on" in m.text or m.source]
    words = [m.text.rsplit("\n", 1)[-1] if m.text else "(copy)" for m in thread]
    assert words == ["one", "two", "(copy)", "three"]
    assert all(housing in m.text for m in thread if m.text)


def test_talk_to_someone_late_in_the_day_says_when(
    world: World, db: Database, clock: FakeClock
) -> None:
    clock.set(uk(2026, 11, 23, 16, 45))  # Monday, a quarter of an hour before closing
    alex = world.join()
    alex.press("Talk to someone")
    assert "I've asked Sam, your Lifelong Links worker, to message you here" in alex.said
    assert "by tomorrow at 9:45" in alex.said and "999" in alex.said


def test_talk_to_someone_out_of_hours_is_honest(
    world: World, db: Database, clock: FakeClock
) -> None:
    clock.set(uk(2026, 11, 28, 22, 0))  # Saturday night
    alex = world.join()
    alex.press("Talk to someone")
    assert "They're back on Monday at 9:00" in alex.said
    assert "999" in alex.said and "116 123" in alex.said


def test_a_reply_to_a_message_the_bot_does_not_know_still_reaches_the_thread(
    world: World, db: Database
) -> None:
    alex, _ = talking(world)
    alex._send(kind=EventKind.TEXT, text="about this", reply_to_message_id=99_999)
    assert alex.keys() == ["support.reply.sent_short"]
    assert "about this" in outbox(db, kind="relay.from_yp")[-1].text


def _alex_message_id(db: Database, words: str) -> int:
    relayed = [r for r in outbox(db, kind="relay.from_yp") if words in r.text]
    assert relayed
    key = relayed[-1].idempotency_key  # from_yp:<chat>:<message id>
    return int(key.split(":")[2])


def test_one_sent_per_burst_and_a_new_one_after_the_team_writes(world: World, db: Database) -> None:
    alex, ref = talking(world)
    alex.text("a")
    assert alex.keys() == ["support.reply.sent_short"]
    alex.text("b")
    assert alex.keys() == []
    # Sam answers (not yet delivered to Alex when Alex writes again): a new exchange.
    world.group().send(SAM, "ok", reply_to=world.tg.find(GROUP, f"Request {ref}").message_id)
    alex.text("c")
    assert alex.keys() == ["support.reply.sent_short"]
    assert [r.text.rsplit("\n", 1)[-1] for r in outbox(db, kind="relay.from_yp")] == [
        "a",
        "b",
        "c",
    ]
