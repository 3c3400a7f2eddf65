"""Truthful, specific answers from the new-user trial (issue 14, findings 7, 10-17).

Each test drives the bot over HTTP through both frameworks and asserts what the young
person or the coordinator reads, and what reaches the team's group.
"""

from __future__ import annotations

from typing import Any

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from storage.db import Database
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, SAM, buttons
from tests.support.journeys import (
    YoungPerson,
    ask_for_support,
    join_and_add_lead,
    outbox_settled,
    request_card,
    wait_group,
)
from tests.support.world import uk

DELETED = "(deleted at the young person's request)"
OWN_WORDS = "ive got no money left til friday and my phone is gona get cut off 😩 can u help"


async def test_their_first_message_is_their_words(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)
        [more] = await alex.send(OWN_WORDS, 1)
        assert "in your own words" not in more["text"]
        assert "Money" in more["text"] and OWN_WORDS in more["text"]
        assert "Anything to add?" in more["text"]
        [kept] = await alex.send("i just told u lol", 1)
        assert "got your words already" in kept["text"]
        [how_soon] = await alex.tap(kept, "Send it ➡", 1)
        [check] = await alex.tap(how_soon, "This week", 1)
        assert OWN_WORDS in check["text"] and "told" not in check["text"]
        [sent] = await alex.tap(check, "Send it", 1)
        ref = sent["text"].split("Your reference is ")[1].split(".")[0]
        card = await wait_group(standin, db, f"Request {ref}")
    assert f"Their words:\n{OWN_WORDS}" in card["text"]
    assert "told" not in card["text"]


async def test_told_you_at_the_describe_step_uses_what_they_said(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)
        [describe] = await alex.send("can u help me with money", 1)
        assert "in your own words" in describe["text"]
        [more] = await alex.send("i just told u", 1)
        assert "got your words already" in more["text"]
        assert "can u help me with money" in more["text"]
        assert set(buttons(more)) >= {"Send it ➡"}


async def test_sharing_off_says_what_already_went_and_sends_no_more_names(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        ask, before = await join_and_add_lead(standin, alex, kent["alex"].code, share=True)
        [sent] = await alex.tap(ask, "Send", 1)
        lead = (await standin.wait_for_bot_messages(GROUP, before + 1))[-1]
        assert "Dave" in lead["text"]  # shared while sharing was on
        [data] = await alex.send("/data", 1)
        [who] = await alex.tap(data, "Who can see what", 1)
        [off] = await alex.tap(who, "Stop sharing with my Lifelong Links worker", 1)
        done, who_off = off["text"].split("Who can see what", 1)
        assert "Things you've already sent them stay with them" in done
        assert "Delete everything" in done
        assert "Things you sent before you turned it off stay with" in who_off
        assert "Delete everything, in My data, removes them" in who_off
        await standin.wait_until(lambda: outbox_settled(db))
        after_off = len(standin.bot_messages(GROUP))
        await alex.send("i need help with money", 1)
        [more] = await alex.send("my nan Doreen lent me some and wants it back", 1)
        [how_soon] = await alex.tap(more, "Next ➡", 1)
        [share] = await alex.tap(how_soon, "This week", 1)
        [check] = await alex.tap(share, "No, just say I asked", 1)
        [sent] = await alex.tap(check, "Send it", 1)
        ref = sent["text"].split("Your reference is ")[1].split(".")[0]
        await wait_group(standin, db, f"Request {ref}")
        await standin.wait_until(lambda: outbox_settled(db))
    for message in standin.bot_messages(GROUP)[after_off:]:
        for words in ("Dave", "Doreen", "nan"):
            assert words not in (message.get("text") or "")


async def _deleted_card(
    standin: BotApiStandIn, db: Database, alex: YoungPerson, code: str
) -> dict[str, Any]:
    """Alex asks for help, then deletes everything: their card, once scrubbed."""
    _ref, card = await request_card(standin, db, alex, code, "I can't pay my gas bill")
    [data] = await alex.send("/data", 1)
    [ask] = await alex.tap(data, "Delete everything", 1)
    [again] = await alex.tap(ask, "Yes, go on", 1)
    await alex.tap(again, "Yes, delete it all", 1)
    await standin.wait_until(
        lambda: standin.messages(GROUP)[card["message_id"] - 1].get("text") == DELETED
    )
    await standin.wait_until(lambda: outbox_settled(db))
    return card


async def test_a_reply_to_a_deleted_card_gets_the_true_reason_in_the_group(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        card = await _deleted_card(standin, db, alex, kent["alex"].code)
        standin.user_sends(SAM, "Alex are you ok? just checking in", GROUP, card["message_id"])
        told = await wait_group(standin, db, "I can't pass that on")
    assert told["text"].startswith("Sam, I can't pass that on: the young person deleted their data")
    assert "Reply to their card" not in told["text"] and "Alex" not in told["text"]
    assert told["reply_to_message"]["message_id"] != card["message_id"]


async def test_a_reply_to_a_deleted_card_is_explained_privately(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        standin.user_sends(SAM, "/start")
        await standin.wait_for_bot_messages(SAM, 1)
        card = await _deleted_card(standin, db, alex, kent["alex"].code)
        before = len(standin.bot_messages(GROUP))
        standin.user_sends(SAM, "Alex are you ok? just checking in", GROUP, card["message_id"])
        private = standin.bot_messages(SAM)
        await standin.wait_until(lambda: len(standin.bot_messages(SAM)) > len(private))
        await standin.wait_until(lambda: outbox_settled(db))
        told = standin.bot_messages(SAM)[-1]["text"]
        group = standin.bot_messages(GROUP)[before:]
    assert "deleted their data, so I can't pass this on" in told
    assert "Reply to their card" not in told
    assert not [m for m in group if "can't" in (m.get("text") or "")]
    assert not [m for m in standin.bot_messages(ALEX) if "checking in" in (m.get("text") or "")]


async def test_coming_back_after_deleting_is_kind_and_keeps_nothing(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await _deleted_card(standin, db, alex, kent["alex"].code)
        done = standin.bot_messages(ALEX)[-1]["text"]
        assert "deleted everything" in done and "new link" in done
        alex.seen = len(standin.bot_messages(ALEX))
        [back] = await alex.send("wait can i get my ppl back", 1)
    assert "If you deleted your data, it's gone for good" in back["text"]
    assert "start again: ask your Lifelong Links worker for a new link" in back["text"]
    with unit_of_work(db) as uow:
        assert uow.cases.own_case(ALEX) is None  # nothing links them to the old case


async def test_a_misspelt_start_after_joining_suggests_the_menu(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)
        [meant] = await alex.send("/strat", 1)
    assert "Did you mean /menu?" in meant["text"]
    assert "/start" not in meant["text"]


async def test_the_people_list_after_a_lost_dad_does_not_preach(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await join_and_add_lead(standin, alex, kent["alex"].code, share=True)
        said = " ".join(m.get("text") or "" for m in standin.bot_messages(ALEX))
    assert "should have" not in said
    assert "Let's find the people in your corner" in said


async def test_a_money_request_out_of_hours_points_to_practical_help(
    standin: BotApiStandIn, run_bot, kent, team, db: Database, clock: FakeClock
) -> None:
    clock.set(uk(2026, 12, 6, 20, 50))  # Sunday evening, when the trial was run
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        ref, sent = await ask_for_support(alex, menu, "no money til fri n phone bill due")
        card = await wait_group(standin, db, f"Request {ref}")
        assert "not at work right now" in sent["text"] or "back on" in sent["text"]
        said = " ".join(m.get("text") or "" for m in standin.bot_messages(ALEX)[-3:])
        assert "Citizens Advice" in said and "0800 144 8848" in said
        assert "Samaritans" not in said

        # Closing says which request: its reference and what it was about.
        standin.user_presses(SAM, card["message_id"], buttons(card)["Close"], chat_id=GROUP)
        prompt = await wait_group(standin, db, "one line on how")
        standin.user_sends(SAM, "Hardship fund", GROUP, prompt["message_id"])
        [closed] = await alex._wait(1)
        assert f"Sam has closed your Money request ({ref})" in closed["text"]
        [again] = await alex.tap(closed, "Open it again", 1)
    assert f"{ref} is open again: your request about Money" in again["text"]
    assert "Open it again" not in buttons(again)  # one tap, not two


async def test_asking_if_the_worker_may_get_in_touch_is_honest_with_sharing_off(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code, share=False)
        people = await alex.open_people(menu)
        await alex.tap(people, "➕ Add someone", 1)
        q = (await alex.send("Kerry", 1))[0]
        q = (await alex.tap(q, "Friend", 1))[0]
        q = (await alex.tap(q, "Yes, that's right", 1))[0]
        q = (await alex.tap(q, "Skip", 1))[0]
        [ask] = await alex.tap(q, "In touch", 1)
    assert "Can your Lifelong Links worker get in touch with Kerry" in ask["text"]
    assert "they can't see who Kerry is. They'd need to ask you first" in ask["text"]
