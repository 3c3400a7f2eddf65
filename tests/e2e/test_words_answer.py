"""Words answer the screen first, then go to the worker, over HTTP on both frameworks.

Issue 14 and the new-user trial of 6 December 2026: typed answers ("ye ok", "yeah", "very
close ❤️") are the buttons they mean; with Sam talking to Alex, "skip" and "my data" are
still the screen's, and "yes 2 is fine thanks" at the name step goes to Sam, not into Alex's
list as a person.
"""

from __future__ import annotations

from bot.standin.server import BotApiStandIn
from storage.db import Database
from tests.e2e.conftest import ALEX, GROUP, SAM, buttons
from tests.support.journeys import (
    YoungPerson,
    ask_for_support,
    group_messages,
    outbox_settled,
    person_rows,
    wait_group,
)


async def test_answers_typed_in_words_are_the_buttons(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.send(f"/start {kent['alex'].code}", 2)
        [more] = await alex.send("idk wat does that mean", 1)
        assert "If you say yes" in more["text"]  # Tell me more
        assert set(buttons(more)) == {"Yes", "No", "Tell me more"}
        [share_q] = await alex.send("ye ok", 1)
        assert "Can I share" in share_q["text"]
        menu = (await alex.send("yes", 2))[1]
        people = await alex.open_people(menu)
        [name_q] = await alex.tap(people, "➕ Add someone", 1)
        [who] = await alex.send("Mark", 1)
        [part] = await alex.tap(who, "Dad", 1)
        assert "Is that right?" in part["text"]
        [close_q] = await alex.send("yeah", 1)
        assert "How close are you to Mark?" in close_q["text"]
        [touch_q] = await alex.send("very close ❤️", 1)
        assert "Are you in touch with Mark now?" in touch_q["text"]
        assert name_q["text"].startswith("What do you call them?")
    await standin.wait_idle()


async def test_with_sam_talking_the_screen_answers_first(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        ref, _ = await ask_for_support(alex, menu, "I can't pay my gas bill")
        card = await wait_group(standin, db, f"Request {ref}")
        standin.user_sends(SAM, "Can I call you tomorrow at 2?", GROUP, card["message_id"])
        [asked] = await alex._wait(1)
        assert "Can I call you tomorrow at 2?" in asked["text"]

        [menu] = await alex.send("/menu", 1)
        people = await alex.open_people(menu)
        [name_q] = await alex.tap(people, "➕ Add someone", 1)
        sent, still = await alex.send("yes 2 is fine thanks", 2)
        assert sent["text"] == "Sent to Sam ✓"
        assert "type the name of the person you're adding" in still["text"]
        await wait_group(standin, db, "yes 2 is fine thanks")

        [who] = await alex.send("Kerry", 1)
        assert "Who is Kerry to you?" in who["text"]
        [part] = await alex.tap(who, "Friend", 1)
        [close_q] = await alex.tap(part, "Yes, that's right", 1)
        [touch_q] = await alex.send("skip", 1)  # the step's own Skip, not a message for Sam
        assert "Are you in touch with Kerry now?" in touch_q["text"]
        [data] = await alex.send("my data", 1)
        assert "Stop sharing with my Lifelong Links worker" in buttons(data)  # Who can see what
        await standin.wait_idle()
        await standin.wait_until(lambda: outbox_settled(db))
    relayed = [m.get("text") or "" for m in group_messages(standin)]
    assert any(text.endswith("yes 2 is fine thanks") for text in relayed)
    assert not any(text.endswith(("skip", "my data", "Kerry")) for text in relayed)
    assert person_rows(db) == []  # Kerry is not saved yet, and no "yes 2 is fine" person
    assert close_q["text"].startswith("How close")
    assert name_q["text"].startswith("What do you call them?")
    assert ALEX
