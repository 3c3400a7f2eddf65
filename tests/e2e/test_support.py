"""Support requests over HTTP: asking, cards, pick-up, the two-way relay, closing, isolation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import select

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from dialogs.staff.admin import create_link_code
from storage.db import Database
from storage.models import (
    GroupPurpose,
    RelayMessage,
    RequestStatus,
    SupportRequest,
)
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, JO, PAT, SAM, STRANGER, SURREY_GROUP, buttons
from tests.support.journeys import YoungPerson, group_messages, request_card, wait_group


def requests(db: Database) -> list[SupportRequest]:
    with unit_of_work(db) as uow:
        return list(uow.session.exec(select(SupportRequest)).all())


async def test_request_life_cycle_across_a_restart(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        ref, card = await request_card(
            standin, db, alex, kent["alex"].code, "I can't pay my gas bill this month"
        )
        assert "Needed: as soon as possible" in card["text"] and "Alex (KENT-" in card["text"]
        assert "I can't pay my gas bill this month" in card["text"]
        assert set(buttons(card)) == {"Pick up", "Reply", "Close"}

        # Sam picks it up: the card changes in place and Alex is told who is looking.
        standin.user_presses(SAM, card["message_id"], buttons(card)["Pick up"], chat_id=GROUP)
        [told] = await alex._wait(1)
        assert f"Sam is looking at your request {ref}" in told["text"]
        await standin.wait_until(
            lambda: "Picked up by Sam" in standin.messages(GROUP)[card["message_id"] - 1]["text"]
        )

        # Sam replies to the card; Alex gets it with a Reply button and answers.
        standin.user_sends(SAM, "Hi Alex, I can help with that.", GROUP, card["message_id"])
        [relayed] = await alex._wait(1)
        assert relayed["text"].startswith("Sam from Lifelong Links:")
        assert "Hi Alex, I can help with that." in relayed["text"]
        [ask] = await alex.tap(relayed, "Reply", 1)
        assert "Type your message to Sam" in ask["text"]
        [ack] = await alex.send("Thank you so much", 1)
        assert "Sent to Sam ✓" in ack["text"]
        answer = await wait_group(standin, db, "Thank you so much")
        assert answer["reply_to_message"]["message_id"] == card["message_id"]
        assert "Alex (KENT-" in answer["text"]

    # A restart: the relay map is in the database, so both directions keep working.
    async with run_bot():
        standin.user_sends(SAM, "Great, I'll call you Monday.", GROUP, answer["message_id"])
        [second] = await alex._wait(1)
        assert "Great, I'll call you Monday." in second["text"]
        standin.user_sends(ALEX, "ok thanks", reply_to_message_id=second["message_id"])
        [short_ack] = await alex._wait(1)
        assert "Sent to Sam ✓" in short_ack["text"]
        await wait_group(standin, db, "ok thanks")

        # Closing asks for a one-line outcome, tells Alex kindly and offers a way back.
        card = standin.messages(GROUP)[card["message_id"] - 1]
        standin.user_presses(SAM, card["message_id"], buttons(card)["Close"], chat_id=GROUP)
        prompt = await wait_group(standin, db, "one line on how")
        assert prompt["reply_markup"].get("force_reply") is True
        standin.user_sends(SAM, "Paid via the hardship fund", GROUP, prompt["message_id"])
        [closed] = await alex._wait(1)
        # Which request: its reference and what it was about, never just "your request".
        assert f"Sam has closed your Money request ({ref})." in closed["text"]
        assert "Sam wrote: “Paid via the hardship fund”" in closed["text"]
        assert "Open it again" in buttons(closed)
        await standin.wait_until(
            lambda: (
                "Closed by Sam"
                in (standin.messages(GROUP)[card["message_id"] - 1].get("text") or "")
            )
        )
        assert (
            "Paid via the hardship fund" in standin.messages(GROUP)[card["message_id"] - 1]["text"]
        )

        # A reply to a closed request is not relayed; the group is offered a reopen.
        standin.user_sends(SAM, "one more thing", GROUP, card["message_id"])
        offer = await wait_group(standin, db, "This request is closed")
        assert "Reopen" in buttons(offer)
        await standin.wait_idle()
    assert all("one more thing" not in (m.get("text") or "") for m in standin.bot_messages(ALEX))

    [request] = requests(db)
    assert (
        request.status == RequestStatus.CLOSED and request.outcome == "Paid via the hardship fund"
    )
    with unit_of_work(db) as uow:
        roles = {r.role.value for r in uow.session.exec(select(RelayMessage)).all()}
        raw = uow.session.execute(text("SELECT outcome, text FROM support_request")).one()
    assert {"card", "to_group", "to_young_person", "close_prompt"} <= roles
    assert "hardship" not in str(raw[0]) and "gas bill" not in str(raw[1])


@pytest.mark.parametrize("framework", ["ptb"])
async def test_media_goes_both_ways_by_copy_never_forward(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        [category] = await alex.tap(menu, "Ask for support", 1)
        await alex.tap(category, "Housing", 1)
        standin.user_sends_media(ALEX, "photo", caption="the damp in my room")
        [more] = await alex._wait(1)
        standin.user_sends_media(ALEX, "voice")
        [more] = await alex._wait(1)
        [how_soon] = await alex.tap(more, "Next ➡", 1)
        [check] = await alex.tap(how_soon, "This week", 1)
        assert "Photos, files or voice notes: 2" in check["text"]
        await alex.tap(check, "Send it", 1)
        card = await wait_group(standin, db, "asked for help with: Housing")

        def copies() -> list[dict[str, Any]]:
            return [m for m in group_messages(standin) if "photo" in m or "voice" in m]

        await standin.wait_until(lambda: len(copies()) >= 2)
        await standin.wait_idle()
        assert len(copies()) == 2
        for copy in copies():
            assert copy["reply_to_message"]["message_id"] == card["message_id"]
            assert "forward_origin" not in copy and "forward_from" not in copy
        assert any(m.get("caption") == "the damp in my room" for m in copies())

        # A photo that is not a reply to the card stays in the group.
        standin.user_sends_media(SAM, "photo", chat_id=GROUP, caption="just for the team")
        await standin.wait_idle()
        assert len(standin.bot_messages(ALEX)) == alex.seen
        standin.user_sends_media(
            SAM,
            "photo",
            chat_id=GROUP,
            caption="form to fill in",
            reply_to_message_id=card["message_id"],
        )
        head, photo = await alex._wait(2)
        assert "Sam from Lifelong Links sent you this" in head["text"]
        assert "photo" in photo and photo["caption"] == "form to fill in"
        assert "forward_origin" not in photo


async def test_pick_up_race_one_wins_and_the_other_is_told(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        _, card = await request_card(standin, db, alex, kent["alex"].code, "Need help with rent")
        pick = buttons(card)["Pick up"]
        sam_query = standin.user_presses(SAM, card["message_id"], pick, chat_id=GROUP)
        jo_query = standin.user_presses(JO, card["message_id"], pick, chat_id=GROUP)
        await standin.wait_until(lambda: len(standin.world.callback_answers) >= 2)
        await alex._wait(1)
        await standin.wait_idle()
    answers = {a["callback_query_id"]: a for a in standin.world.callback_answers}
    assert "Thanks Sam" in answers[sam_query]["text"]
    assert "Sam has already picked this up" in answers[jo_query]["text"]
    assert answers[jo_query].get("show_alert") in (True, "true", "True")
    picked = [m for m in standin.bot_messages(ALEX) if "is looking at your request" in m["text"]]
    assert len(picked) == 1
    [request] = requests(db)
    assert request.status == RequestStatus.PICKED_UP


async def test_outsiders_and_other_services_cannot_act(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        ref, card = await request_card(standin, db, alex, kent["alex"].code, "Help with a job form")
        for outsider in (STRANGER, PAT):
            query = standin.user_presses(
                outsider, card["message_id"], buttons(card)["Pick up"], chat_id=GROUP
            )
            await standin.wait_until(
                lambda q=query: any(
                    a["callback_query_id"] == q for a in standin.world.callback_answers
                )
            )
            answer = next(
                a for a in standin.world.callback_answers if a["callback_query_id"] == query
            )
            assert "only the team" in answer["text"]
            standin.user_sends(outsider, "let me reply instead", GROUP, card["message_id"])
        await standin.wait_until(
            lambda: (
                sum(
                    "only the team" in (m.get("text") or "") for m in standin.bot_messages(STRANGER)
                )
                == 1
                and sum("only the team" in (m.get("text") or "") for m in standin.bot_messages(PAT))
                == 1
            )
        )
        await standin.wait_idle()
    assert not any("let me reply" in (m.get("text") or "") for m in standin.bot_messages(ALEX))
    assert not any(ref in (m.get("text") or "") for m in group_messages(standin, SURREY_GROUP))
    [request] = requests(db)
    assert request.status == RequestStatus.SENT and request.claimed_by_staff_id is None


async def test_linking_a_group_with_a_code(
    standin: BotApiStandIn, run_bot, kent, team, db: Database, clock: FakeClock
) -> None:
    new_group = -100700
    standin.add_group(new_group, "Kent managers", member_ids=[SAM, STRANGER])
    with unit_of_work(db) as uow:
        made = create_link_code(uow, "kent", GroupPurpose.MANAGERS, clock.now(), timedelta(days=7))
        code = made.code
    async with run_bot():
        standin.user_sends(SAM, f"/link {code}")
        [private] = await standin.wait_for_bot_messages(SAM, 1)
        assert "in the group you want to link" in private["text"]
        standin.user_sends(STRANGER, f"/link {code}", new_group)
        refused = await wait_group(standin, db, "Only staff", new_group)
        standin.user_sends(SAM, "/link not-a-real-code", new_group)
        await wait_group(standin, db, "That code doesn't work", new_group)
        standin.user_sends(SAM, f"/link {code}", new_group)
        await wait_group(standin, db, "reports and alerts for Kent Lifelong Links", new_group)
        standin.user_sends(SAM, f"/link {code}", new_group)
        await standin.wait_until(
            lambda: (
                sum(
                    "doesn't work" in (m.get("text") or "")
                    for m in group_messages(standin, new_group)
                )
                == 2
            )
        )
    assert refused
    with unit_of_work(db) as uow:
        assert uow.groups.chat_for(1, GroupPurpose.MANAGERS) == new_group


async def test_blocked_young_person_shows_on_the_card_and_edits_are_relayed(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        _, card = await request_card(standin, db, alex, kent["alex"].code, "Can someone call me")
        mine = standin.user_sends(SAM, "Calling at 3pm", GROUP, card["message_id"])
        [relayed] = await alex._wait(1)
        standin.user_edits(SAM, mine["message_id"], "Calling at 4pm instead", GROUP)
        [edited] = await alex._wait(1)
        assert "(edited)" in edited["text"] and "Calling at 4pm instead" in edited["text"]

        said = standin.user_sends(ALEX, "ok", reply_to_message_id=relayed["message_id"])
        await alex._wait(1)
        await wait_group(standin, db, "replied on")
        standin.user_edits(ALEX, said["message_id"], "ok, 4pm is fine")
        await wait_group(standin, db, "ok, 4pm is fine")

        standin.set_blocked(ALEX)
        standin.user_sends(SAM, "Are you there?", GROUP, card["message_id"])
        note = await wait_group(
            standin, db, "Not delivered: the young person can't receive messages"
        )
        assert note["reply_to_message"]["message_id"] == card["message_id"]
