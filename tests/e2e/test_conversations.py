"""Conversations with the team over HTTP: typed replies both ways, bursts, forwards, media.

Alex has asked for help with money and Sam has answered from the card, so what Alex types
on any screen goes to that thread (issue 14, "Conversations" and "Bad input").
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.standin.content import text_content
from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from storage.db import Database
from tests.e2e.conftest import ALEX, GROUP, SAM, buttons
from tests.support.journeys import (
    YoungPerson,
    ask_for_support,
    group_messages,
    sam_answers,
    settle,
    talk_thread,
    talking,
    thread_texts,
    wait_group,
)
from tests.support.world import uk


async def test_typed_replies_go_both_ways_across_a_restart(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        ref, _ = await talking(standin, db, alex, kent["alex"].code)
        # No Reply button, no reply gesture: just typed on the menu.
        [ack] = await alex.send("yes 2 is fine thanks", 1)
        assert ack["text"] == "Sent to Sam ✓"
        answer = await wait_group(standin, db, "yes 2 is fine thanks")
        card = await wait_group(standin, db, f"Request {ref}")
        assert answer["reply_to_message"]["message_id"] == card["message_id"]

    clock.advance(timedelta(minutes=10))
    async with run_bot():  # a new runtime on the same database
        standin.user_sends(SAM, "Great, speak then", GROUP, answer["message_id"])
        [relayed] = await alex._wait(1)
        assert relayed["text"].startswith("Sam from Lifelong Links:")
        assert "Great, speak then" in relayed["text"]
        [ack] = await alex.send("cool", 1)  # typed again, not a reply gesture
        assert ack["text"] == "Sent to Sam ✓"
        more = await wait_group(standin, db, "cool")
        assert more["reply_to_message"]["message_id"] == card["message_id"]
    assert all("wasn't expecting" not in m.get("text", "") for m in standin.bot_messages(ALEX))


async def test_a_burst_of_five_arrives_in_order_once_each(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    burst = ["so", "basically", "the gas man", "came round", "and said 2 is fine"]
    async with run_bot():
        ref, _ = await talking(standin, db, alex, kent["alex"].code)
        card = await wait_group(standin, db, f"Request {ref}")
        for words in burst:
            standin.user_sends(ALEX, words)
        await wait_group(standin, db, "and said 2 is fine")
        await settle(standin, db)
        [ack] = await alex._wait(1)
        assert ack["text"] == "Sent to Sam ✓"
        assert len(standin.bot_messages(ALEX)) == alex.seen  # one "Sent" for the burst
    said = [text.rsplit("\n", 1)[-1] for text in thread_texts(standin, card["message_id"])]
    assert [s for s in said if s in burst] == burst


async def test_a_forwarded_message_never_shows_its_first_sender(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await talking(standin, db, alex, kent["alex"].code)
        chat = standin.world.chat_for_user(ALEX, None)
        content = {
            **text_content("Final notice: pay £212 by Friday"),
            "forward_origin": {
                "type": "hidden_user",
                "date": 1_700_000_000,
                "sender_user_name": "Mr Smith Lettings",
            },
        }
        stored = standin.world.add_message(chat, content, sender=standin.world.user(ALEX))
        standin._deliver_message(stored, "message")
        [ack] = await alex._wait(1)
        assert ack["text"] == "Sent to Sam ✓"
        note = await wait_group(standin, db, "Final notice")
        assert "Alex (KENT-" in note["text"] and "forwarded a message" in note["text"]
        await settle(standin, db)
    for message in group_messages(standin):
        assert "Mr Smith" not in (message.get("text") or "")
        assert "forward_origin" not in message and "forward_from" not in message
    assert not [method for method, _ in standin.calls if method == "forwardMessage"]


async def test_long_text_voice_notes_and_photos_reach_the_thread(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    long = " ".join(f"w{i}" for i in range(2500))  # about 12,000 characters
    async with run_bot():
        ref, _ = await talking(standin, db, alex, kent["alex"].code)
        card = await wait_group(standin, db, f"Request {ref}")
        [ack] = await alex.send(long, 1)
        assert ack["text"] == "Sent to Sam ✓"
        standin.user_sends_media(ALEX, "voice")
        standin.user_sends_media(ALEX, "photo", caption="the letter")
        await standin.wait_until(
            lambda: sum("voice" in m or "photo" in m for m in group_messages(standin)) == 2
        )
        await settle(standin, db)
        assert len(standin.bot_messages(ALEX)) == alex.seen  # the same burst
    under_card = [
        m
        for m in group_messages(standin)
        if (m.get("reply_to_message") or {}).get("message_id") == card["message_id"]
    ]
    # The first part answers the card; the rest follow it, nothing cut or lost.
    assert "w0 w1 w2" in "".join(m.get("text") or "" for m in under_card)
    words = " ".join(m.get("text") or "" for m in group_messages(standin))
    assert re.findall(r"\bw\d+\b", words) == [f"w{i}" for i in range(2500)]
    assert all(len(m.get("text") or "") <= 4096 for m in group_messages(standin))
    copies = [m for m in under_card if "voice" in m or "photo" in m]
    assert len(copies) == 2 and any(m.get("caption") == "the letter" for m in copies)


async def test_asked_which_thread_once_and_nothing_typed_meanwhile_is_lost(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        money, _ = await ask_for_support(alex, menu, "I can't pay my gas bill")
        [menu] = await alex.send("/menu", 1)
        housing, _ = await ask_for_support(alex, menu, "The damp is back", "This week")
        await sam_answers(standin, db, alex, money, "About the bill")
        await sam_answers(standin, db, alex, housing, "About the damp")
        [which] = await alex.send("one", 1)
        assert "Who is this message for?" in which["text"]
        standin.user_sends(ALEX, "two")
        await settle(standin, db)
        assert len(standin.bot_messages(ALEX)) == alex.seen  # asked once
        label = next(b for b in buttons(which) if b.startswith("Sam — Money"))
        [ack] = await alex.tap(which, label, 1)
        assert ack["text"] == "Sent to Sam ✓"
        standin.user_sends(ALEX, "three")
        await wait_group(standin, db, "three")
        card = await wait_group(standin, db, f"Request {money}")
        await settle(standin, db)
        assert len(standin.bot_messages(ALEX)) == alex.seen
    said = [text.rsplit("\n", 1)[-1] for text in thread_texts(standin, card["message_id"])]
    assert [s for s in said if s in ("one", "two", "three")] == ["one", "two", "three"]


async def test_talk_to_someone_in_working_hours(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        await talk_thread(standin, db, alex, menu, "can we talk about my brother")


async def test_talk_to_someone_out_of_hours_from_help(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    clock.set(uk(2026, 11, 28, 22, 0))  # Saturday night
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        [help_] = await alex.tap(menu, "Help", 1)
        [talk] = await alex.tap(help_, "Talk to someone", 1)
        assert "They're back on Monday at 9:00" in talk["text"]
        assert "999" in talk["text"] and "116 123" in talk["text"]
        await wait_group(standin, db, "would like to talk to someone")


async def test_staff_are_told_when_a_reply_or_edit_cannot_go(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        ref, _ = await talking(standin, db, alex, kent["alex"].code)
        # A reply to the team's "joined" note: no thread behind it.
        note = await wait_group(standin, db, "joined")
        standin.user_sends(SAM, "Welcome Alex!", GROUP, note["message_id"])
        explained = await wait_group(standin, db, "I can't send that")
        assert explained["reply_to_message"]["text"] == "Welcome Alex!"

        # Sam closes the request, then edits a message sent before: not sent, and told so.
        card = await wait_group(standin, db, f"Request {ref}")
        mine = standin.user_sends(SAM, "Calling at 3", GROUP, card["message_id"])
        await alex._wait(1)
        card = standin.messages(GROUP)[card["message_id"] - 1]
        standin.user_presses(SAM, card["message_id"], buttons(card)["Close"], chat_id=GROUP)
        prompt = await wait_group(standin, db, "one line on how")
        standin.user_sends(SAM, "Sorted", GROUP, prompt["message_id"])
        [closed] = await alex._wait(1)
        assert "has closed your Money request" in closed["text"]
        standin.user_edits(SAM, mine["message_id"], "Calling at 4", GROUP)
        told = await wait_group(standin, db, "that chat is closed")
        assert told["reply_to_message"]["message_id"] == mine["message_id"]

        # Alex writes after the close: told so, with a way to open it again.
        [back] = await alex.send("wait, one more thing", 1)
        assert "Your chat with Sam is closed, so I didn't send that" in back["text"]
        assert set(buttons(back)) == {"Open it again", "Talk to someone", "Menu"}
        await settle(standin, db)
    assert all("Calling at 4" not in (m.get("text") or "") for m in standin.bot_messages(ALEX))
    assert all("one more thing" not in (m.get("text") or "") for m in group_messages(standin))
