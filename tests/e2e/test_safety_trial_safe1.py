"""The safety trial of 7 December 2026 over HTTP: the check-in answered in one's own words
(finding 1) and a warning sign typed as a request's words (finding 2)."""

from __future__ import annotations

from bot.standin.server import BotApiStandIn
from storage.db import Database
from storage.models import RequestKind
from tests.e2e.conftest import buttons
from tests.support.crisis import threads
from tests.support.journeys import (
    CHECK_IN,
    YoungPerson,
    check_in,
    settle,
    urgent_cards,
    wait_group,
)

DONE = "im so done w everything"  # the detector's check-in tier (rule un.hopeless)


async def test_leave_me_alone_to_are_you_safe_is_not_sure_and_the_team_is_told(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        check = await check_in(alex, kent["alex"].code, DONE)
        assert "Are you safe right now?" in check["text"]
        asked = await wait_group(standin, db, "asked if they are safe right now")
        assert DONE not in asked["text"]
        [unsure] = await alex.send("leave me alone", 1)
        assert "didn't get that" not in unsure["text"]
        assert "You don't have to talk" in unsure["text"] and "116 123" in unsure["text"]
        assert set(buttons(unsure)) == CHECK_IN
        card = await wait_group(standin, db, "didn't say yes")
        assert card["text"].startswith("Check-in R-") and "Pick up" in buttons(card)
        [again] = await alex.send("idk", 1)  # no loop, and no second card
        assert "I'm still here" in again["text"] and set(buttons(again)) == CHECK_IN
        await settle(standin, db)
        assert not urgent_cards(standin)
        assert [t.kind for t in threads(db)] == [RequestKind.TALK]
        [not_safe] = await alex.send("no", 1)  # a clear no is still URGENT
        assert "999" in not_safe["text"]
        urgent = await wait_group(standin, db, "said they are not safe")
        assert f"Their words:\n{DONE}" in urgent["text"]  # the words that led to the check-in
    assert [t.kind for t in threads(db)] == [RequestKind.TALK, RequestKind.ALERT]


async def test_a_warning_sign_in_a_requests_words_gets_the_check_in_and_a_flagged_card(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        [category] = await alex.tap(menu, "Ask for support", 1)
        await alex.tap(category, "Money", 1)
        [check] = await alex.send(DONE, 1)
        assert "Are you safe right now?" in check["text"] and "Got it" not in check["text"]
        await wait_group(standin, db, "asked if they are safe right now")  # the team knows
        [safe] = await alex.tap(check, "I'm safe", 1)
        [more] = await alex.tap(safe, "Back to where I was", 1)
        assert "Next ➡" in buttons(more)
        [how_soon] = await alex.tap(more, "Next ➡", 1)
        [confirm] = await alex.tap(how_soon, "As soon as possible", 1)
        assert DONE in confirm["text"]  # the words are still in the request
        [sent] = await alex.tap(confirm, "Send it", 1)
        assert "Sent ✓" in sent["text"]
        card = await wait_group(standin, db, "asked for help with: Money")
        assert (
            "safety net was worried" in card["text"]
            and "Needed: as soon as possible" in card["text"]
        )
        assert "URGENT" not in card["text"]
    [request] = threads(db)
    assert request.origin == "worry" and request.text == DONE
