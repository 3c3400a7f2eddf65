"""After an alert, over HTTP through both frameworks (trial of 7 December 2026, 6, 7, 10).

6. Out of hours, words after an alert get the tick and, once per burst, when Sam will read
   them; Sam's group reads them "after seeing the crisis numbers", under the card.
7. After Sam closes the alert, "thanks" gets a kind answer and a way back, never "I didn't
   send that".
10. Sam's plain group message during an alert is answered in the group: it reached no one,
    tap Reply on the card. The card says so too.
"""

from __future__ import annotations

from datetime import timedelta

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from storage.db import Database
from tests.e2e.conftest import GROUP, SAM, buttons
from tests.support.journeys import YoungPerson, group_messages, wait_group
from tests.support.world import uk

SUNDAY_NIGHT = uk(2026, 11, 29, 21, 40)
HIGH = "i want to kill myself"


async def test_out_of_hours_words_after_an_alert_are_honest_and_in_context(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    clock.set(SUNDAY_NIGHT)
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)
        await alex.send(HIGH, 1)
        card = await wait_group(standin, db, "URGENT")
        clock.advance(timedelta(seconds=20))
        tick, honest = await alex.send("not really", 2)
        assert tick["text"] == "Sent to Sam ✓"
        assert honest["text"].startswith("Sam will see this tomorrow at 9:00")
        assert "116 123" in honest["text"]
        words = await wait_group(standin, db, "after seeing the crisis numbers")
        assert words["reply_to_message"]["message_id"] == card["message_id"]
        assert words["text"].endswith("not really")
        clock.advance(timedelta(seconds=20))
        standin.user_sends(alex.user, "idk")  # the same burst: no second line
        await wait_group(standin, db, "idk")
        assert not any("idk" in m["text"] for m in standin.bot_messages(alex.user))
        assert len([m for m in standin.bot_messages(alex.user) if "116 123" in m["text"]]) == 2


async def test_thanks_after_sam_closes_the_alert_is_answered_kindly(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)
        await alex.send(HIGH, 1)
        card = await wait_group(standin, db, "URGENT")
        assert "To write to Alex, tap Reply below" in card["text"]
        standin.user_presses(SAM, card["message_id"], buttons(card)["Pick up"], chat_id=GROUP)
        await alex._wait(1)
        card = standin.messages(GROUP)[card["message_id"] - 1]
        standin.user_presses(SAM, card["message_id"], buttons(card)["Close"], chat_id=GROUP)
        prompt = await wait_group(standin, db, "one line on how")
        standin.user_sends(SAM, "Spoke on phone, safe at home", GROUP, prompt["message_id"])
        [closed] = await alex._wait(1)
        assert "has finished this chat with you" in closed["text"]
        clock.advance(timedelta(minutes=30))
        [thanks] = await alex.send("thanks", 1)
        assert thanks["text"].startswith("You're welcome 💛")
        assert "didn't send" not in thanks["text"]
        assert set(buttons(thanks)) == {"Talk to someone", "Menu"}
        [talk] = await alex.tap(thanks, "Talk to someone", 1)
        assert "message you here" in talk["text"]


async def test_a_plain_group_message_during_an_alert_is_not_silent(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)
        await alex.send(HIGH, 1)
        await wait_group(standin, db, "URGENT")
        standin.user_sends(SAM, "Alex are you ok? I'm here", GROUP)
        hint = await wait_group(standin, db, "that message stayed in this group")
        assert hint["text"].startswith("Sam, that message stayed in this group: Alex can't see")
        assert "tap Reply on the card R-" in hint["text"]
        assert "reply_to_message" in hint  # under Sam's own message
        assert not any("are you ok" in m["text"] for m in standin.bot_messages(alex.user))
        hints = [m for m in group_messages(standin, GROUP) if "stayed in this group" in m["text"]]
        assert len(hints) == 1
