"""The safety net over HTTP: check-ins, URGENT alerts answered from the group, talk threads.

Messages are ones the detector is clear about: "i want to kill myself" and "my stepdad hits
me" (high), "help" and "im scared" (unsure).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from dialogs.staff.admin import add_staff, link_group
from scheduler.escalation import escalation_sweep
from storage.db import Database
from storage.models import (
    GroupPurpose,
    OutboxMessage,
    RequestKind,
    RequestStatus,
    StaffRole,
)
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, SAM, buttons
from tests.support.crisis import audit, threads
from tests.support.journeys import (
    CHECK_IN,
    YoungPerson,
    check_in,
    request_card,
    settle,
    talk_thread,
    urgent_cards,
    wait_group,
)
from tests.support.world import uk

MANAGERS = -100700
MORGAN = 1004
WAY_ON = {"Talk to someone", "Back to where I was", "Menu"}


async def test_check_in_im_safe_tells_the_worker_only_when_asked(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        check = await check_in(alex, kent["alex"].code)
        assert "Are you safe right now?" in check["text"]
        assert set(buttons(check)) == CHECK_IN
        [safe] = await alex.tap(check, "I'm safe", 1)
        assert "glad you're safe" in safe["text"]
        assert "Let my Lifelong Links worker know" in buttons(safe)
        await settle(standin, db)
        before = len(standin.bot_messages(GROUP))
        assert not urgent_cards(standin)  # nothing for the team unless they ask
        [told] = await alex.tap(safe, "Let my Lifelong Links worker know", 1)
        assert "let your Lifelong Links worker know" in told["text"]
        assert set(buttons(told)) == WAY_ON
        note = await wait_group(standin, db, "said they are safe")
        assert "No rush" in note["text"] and kent["alex"].reference in note["text"]
        assert len(standin.bot_messages(GROUP)) == before + 1
        [menu] = await alex.tap(told, "Menu", 1)
        assert "What would you like to do?" in menu["text"]
    assert threads(db) == []
    assert {"checkin_asked", "checkin_safe", "checkin_safe_told_worker"} <= set(audit(db))


async def test_not_safe_alert_is_picked_up_and_answered_from_the_group(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        check = await check_in(alex, kent["alex"].code, "im scared", share=False)
        assert set(buttons(check)) == CHECK_IN
        [reply] = await alex.tap(check, "I'm not safe", 1)
        assert "999" in reply["text"] and "55" in reply["text"]  # danger: the silent call
        assert "I've told Sam" in reply["text"]
        assert set(buttons(reply)) == WAY_ON
        card = await wait_group(standin, db, "said they are not safe")
        assert card["text"].startswith("URGENT") and "immediate danger" in card["text"]
        assert "scared" not in card["text"]  # not shared
        assert set(buttons(card)) == {"Pick up", "Reply", "Close"}

        standin.user_presses(SAM, card["message_id"], buttons(card)["Pick up"], chat_id=GROUP)
        [seen] = await alex._wait(1)
        assert "Sam, your Lifelong Links worker, has seen this" in seen["text"]
        standin.user_sends(
            SAM, "Alex, are you somewhere safe? I can call.", GROUP, card["message_id"]
        )
        [relayed] = await alex._wait(1)
        assert relayed["text"].startswith("Sam from Lifelong Links:")
        assert "are you somewhere safe" in relayed["text"]
        [ask] = await alex.tap(relayed, "Reply", 1)
        assert "Type your message to Sam" in ask["text"]
        [ack] = await alex.send("yes please call me", 1)
        assert "Sent to Sam" in ack["text"]
        answer = await wait_group(standin, db, "yes please call me")
        assert answer["reply_to_message"]["message_id"] == card["message_id"]
    [alert] = threads(db)
    assert (alert.kind, alert.origin, alert.crisis_category) == (
        RequestKind.ALERT,
        "checkin",
        "danger",
    )
    assert alert.status == RequestStatus.ANSWERED and alert.picked_up_at is not None
    assert alert.text is None  # not shared: their words are not kept on the alert
    assert "checkin_not_safe" in audit(db)


async def test_talk_to_someone_from_the_check_in_opens_a_thread(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        check = await check_in(alex, kent["alex"].code)
        _card, words = await talk_thread(standin, db, alex, check, "its about my placement")
        standin.user_sends(SAM, "Happy to talk, calling at 2", GROUP, words["message_id"])
        [relayed] = await alex._wait(1)
        assert "Happy to talk, calling at 2" in relayed["text"]
    [talk] = threads(db)
    assert talk.kind == RequestKind.TALK and talk.status == RequestStatus.ANSWERED


async def test_typed_answers_to_the_check_in(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await check_in(alex, kent["alex"].code)
        [safe] = await alex.send("yes im ok", 1)
        assert "glad you're safe" in safe["text"]
        await alex.send("help", 1)
        [talk] = await alex.send("i want to talk to someone", 1)
        assert "message you here" in talk["text"]
        [menu] = await alex.send("/menu", 1)
        assert "What would you like to do?" in menu["text"]
        await alex.send("im scared", 1)
        [unclear] = await alex.send("hmm", 1)  # not a clear yes: not sure, never a loop
        assert "didn't get that" not in unclear["text"] and set(buttons(unclear)) == CHECK_IN
        assert "You don't have to talk" in unclear["text"] and "116 123" in unclear["text"]
        [not_safe] = await alex.send("not really", 1)
        assert "999" in not_safe["text"] and set(buttons(not_safe)) == WAY_ON
        await wait_group(standin, db, "said they are not safe")
    kinds = [(r.kind, r.origin) for r in threads(db)]
    # "hmm" raised no card of its own: the talk thread already open got the note.
    assert kinds == [(RequestKind.TALK, "talk"), (RequestKind.ALERT, "checkin")]


async def test_high_alert_signposts_and_never_reshows_a_delete_button(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        menu = await alex.join(kent["alex"].code)
        [data_menu] = await alex.tap(menu, "My data", 1)
        [choices] = await alex.tap(data_menu, "Change my choices", 1)
        assert "Stop and delete my data" in buttons(choices)
        [reply] = await alex.send("i want to kill myself", 1)
        for number in ("999", "116 123", "85258", "0800 1111", "111"):
            assert number in reply["text"]
        assert set(buttons(reply)) == WAY_ON  # nothing destructive under the crisis reply
        card = await wait_group(standin, db, "thoughts of suicide")
        assert "kill myself" in card["text"]  # they share with their worker
        [again] = await alex.tap(reply, "Back to where I was", 1)
        assert "Stop and delete my data" in buttons(again)  # they chose to go back
        [reply2] = await alex.send("my stepdad hits me", 1)
        assert "0808 2000 247" in reply2["text"] and "ceop.police.uk" in reply2["text"]
        [menu2] = await alex.tap(reply2, "Menu", 1)
        assert "What would you like to do?" in menu2["text"]
        # A second worry soon after the first joins the open alert: one card, not two.
        again = await wait_group(standin, db, "another worrying message")
        assert again["reply_to_message"]["message_id"] == card["message_id"]
        assert "my stepdad hits me" in again["text"]  # shared
    alerts = threads(db)
    assert [a.kind for a in alerts] == [RequestKind.ALERT]
    assert len(urgent_cards(standin)) == 1


async def test_split_bubbles_alert_once(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)
        # Alone, it says nothing worrying: one short line and the menu's buttons.
        first = await alex.send("i might just", 1)
        assert all("999" not in m["text"] for m in first)
        [reply] = await alex.send("end it", 1)
        assert "116 123" in reply["text"]
        card = await wait_group(standin, db, "URGENT")
        # Only the words the verdict rests on are quoted (the detector finds "end it" enough).
        assert "end it" in card["text"]
        # The burst was used up: no second alert; the word goes to the alert's thread.
        [sent] = await alex.send("tonight", 1)
        assert sent["text"].startswith("Sent to")
        await settle(standin, db)
    assert len(urgent_cards(standin)) == 1
    assert len(threads(db)) == 1
    with unit_of_work(db) as uow:
        rows = uow.session.exec(select(OutboxMessage).where(OutboxMessage.kind == "card_new"))
        assert len(list(rows)) == 1


async def test_an_edited_message_passes_the_net(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)
        sent = standin.user_sends(ALEX, "hello there")
        await alex._wait(1)  # a hello back, with the menu's buttons
        standin.user_edits(ALEX, sent["message_id"], "my stepdad hits me")
        [reply] = await alex._wait(1)
        assert "0808 2000 247" in reply["text"] and set(buttons(reply)) == WAY_ON
        card = await wait_group(standin, db, "URGENT")
        assert "abuse" in card["text"]
    [alert] = threads(db)
    assert alert.crisis_category == "abuse"


@pytest.fixture
def managers(db: Database, clock: FakeClock, kent: Any, standin: BotApiStandIn) -> None:
    standin.add_user(MORGAN, "Morgan")
    standin.add_group(MANAGERS, "Kent managers", member_ids=[MORGAN])
    with unit_of_work(db) as uow:
        add_staff(uow, "kent", MORGAN, "Morgan", StaffRole.MANAGER, clock.now())
        link_group(uow, "kent", GroupPurpose.MANAGERS, MANAGERS, clock.now())


async def test_an_unpicked_alert_goes_to_the_managers_after_15_working_minutes(
    standin: BotApiStandIn, run_bot, kent, managers, db: Database, clock: FakeClock
) -> None:
    clock.set(uk(2026, 11, 23, 16, 50))  # Monday, ten minutes before the team goes home
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)
        [reply] = await alex.send("i want to kill myself", 1)
        assert "I've told Sam" in reply["text"]
        await wait_group(standin, db, "URGENT")
        await settle(standin, db)
        clock.set(uk(2026, 11, 23, 23, 0))  # 10 working minutes: not yet
        assert escalation_sweep(db, clock) == 0
        clock.set(uk(2026, 11, 24, 9, 4))
        assert escalation_sweep(db, clock) == 0
        clock.set(uk(2026, 11, 24, 9, 5))  # 15 working minutes
        assert escalation_sweep(db, clock) == 1
        late = await wait_group(standin, db, "Late request", MANAGERS)
        assert "URGENT safety alert: thoughts of suicide" in late["text"]
        assert "kill" not in late["text"]
        [told] = await alex._wait(1)
        assert "told a manager" in told["text"] and "116 123" in told["text"]
        assert escalation_sweep(db, clock) == 0


@pytest.mark.parametrize("framework", ["ptb"])
async def test_out_of_hours_the_young_person_is_told_when_the_team_is_back(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    clock.set(uk(2026, 11, 28, 22, 0))  # Saturday night
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)
        [reply] = await alex.send("my stepdad hits me", 1)
        assert "back on Monday at 9:00" in reply["text"] and "999" in reply["text"]
        [menu] = await alex.tap(reply, "Menu", 1)
        [help_] = await alex.tap(menu, "Help", 1)
        [talk] = await alex.tap(help_, "Talk to someone", 1)
        # The alert is still open: the same chat, with the numbers for its kind of danger.
        assert "back on Monday at 9:00" in talk["text"] and "same chat" in talk["text"]
        assert "0808 2000 247" in talk["text"]


@pytest.mark.parametrize("framework", ["ptb"])
async def test_a_reply_that_cannot_be_relayed_is_explained(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)  # the team's "joined" note: no thread behind it
        note = await wait_group(standin, db, "joined")
        standin.user_sends(SAM, "Welcome Alex!", GROUP, note["message_id"])
        explained = await wait_group(standin, db, "I can't send that")
        assert explained["reply_to_message"]["text"] == "Welcome Alex!"
        # Once Sam has a private chat with the bot, the explanation goes there instead.
        standin.user_sends(SAM, "/start")
        await standin.wait_for_bot_messages(SAM, 1)
        await settle(standin, db)
        before = len(standin.bot_messages(SAM))
        standin.user_sends(SAM, "Welcome again", GROUP, note["message_id"])
        private = await standin.wait_for_bot_messages(SAM, before + 1)
        assert "reply to their card" in private[-1]["text"]
    assert all("Welcome" not in (m.get("text") or "") for m in standin.bot_messages(ALEX))


async def _alert_answered_by_sam(
    standin: BotApiStandIn, db: Database, alex: YoungPerson
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Alex says they are not safe; Sam picks up and writes. Returns the card and Alex's copy.

    Where a thread the team wrote in is open, "im scared" goes to it too ("Sent to Sam ✓")
    before the check-in."""
    [check] = await alex.send("im scared", 1)
    if check["text"].startswith("Sent to Sam ✓"):
        [check] = await alex._wait(1)
    [reply] = await alex.tap(check, "I'm not safe", 1)
    card = await wait_group(standin, db, "said they are not safe")
    standin.user_presses(SAM, card["message_id"], buttons(card)["Pick up"], chat_id=GROUP)
    await alex._wait(1)  # Sam has seen this
    standin.user_sends(SAM, "Are you somewhere safe right now?", GROUP, card["message_id"])
    await alex._wait(1)
    await settle(standin, db)
    return card, reply


async def test_typed_answers_go_to_the_worker_who_wrote(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)
        card, _ = await _alert_answered_by_sam(standin, db, alex)
        # Typed, not a reply gesture, on the crisis follow-up screen.
        [ack] = await alex.send("yeah im in my room. i just feel really low", 1)
        assert ack["text"].startswith("Sent to Sam ✓")  # with a warm line for the feeling
        answer = await wait_group(standin, db, "i just feel really low")
        assert answer["reply_to_message"]["message_id"] == card["message_id"]
        # More in the same burst: relayed too, without another "Sent".
        standin.user_sends(ALEX, "its been a bad week")
        more = await wait_group(standin, db, "its been a bad week")
        assert more["reply_to_message"]["message_id"] == card["message_id"]
        await settle(standin, db)
        assert len(standin.bot_messages(ALEX)) == alex.seen
        # Later, on the menu, a new burst: relayed with one "Sent" again.
        clock.advance(timedelta(minutes=5))
        await alex.send("/menu", 1)
        [ack2] = await alex.send("thanks for checking", 1)
        assert ack2["text"] == "Sent to Sam ✓"
        await wait_group(standin, db, "thanks for checking")
    assert all("wasn't expecting" not in m.get("text", "") for m in standin.bot_messages(ALEX))


async def test_a_worry_typed_to_the_worker_reaches_them_and_checks_in(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)
        card, _ = await _alert_answered_by_sam(standin, db, alex)
        sent, checkin = await alex.send("everything is too much", 2)
        assert sent["text"].startswith("Sent to Sam ✓")
        assert "Are you safe right now?" in checkin["text"]
        words = await wait_group(standin, db, "everything is too much")
        assert words["reply_to_message"]["message_id"] == card["message_id"]


async def test_with_two_threads_words_after_an_alert_go_to_it_without_asking(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        _ref, money = await request_card(
            standin, db, alex, kent["alex"].code, "I can't pay my gas bill"
        )
        standin.user_sends(SAM, "I can help with the bill", GROUP, money["message_id"])
        await alex._wait(1)
        card, _ = await _alert_answered_by_sam(standin, db, alex)
        clock.advance(timedelta(minutes=5))  # a new burst: "im scared" went to the money thread
        # The alert was raised minutes ago and is open: their words go there, no question.
        [ack] = await alex.send("ok thank you", 1)
        assert ack["text"] == "Sent to Sam ✓"
        answer = await wait_group(standin, db, "ok thank you")
        assert answer["reply_to_message"]["message_id"] == card["message_id"]
        standin.user_sends(ALEX, "and sorry")  # same burst: same thread, no question
        more = await wait_group(standin, db, "and sorry")
        assert more["reply_to_message"]["message_id"] == card["message_id"]
        await settle(standin, db)
        assert len(standin.bot_messages(ALEX)) == alex.seen


async def test_changing_your_mind_on_an_old_check_in_is_honoured(
    standin: BotApiStandIn, run_bot, kent, db: Database, clock: FakeClock
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        check = await check_in(alex, kent["alex"].code)
        [safe] = await alex.tap(check, "I'm safe", 1)
        [menu] = await alex.tap(safe, "Menu", 1)
        assert "What would you like to do?" in menu["text"]
        clock.advance(timedelta(days=40))
        [reply] = await alex.tap(check, "I'm not safe", 1)  # scrolled up, weeks later
        assert "expired" not in reply["text"]
        assert "999" in reply["text"] and set(buttons(reply)) == WAY_ON
        card = await wait_group(standin, db, "said they are not safe")
        assert card["text"].startswith("URGENT")
        await alex.send("/menu", 1)
        [talk] = await alex.tap(reply, "Talk to someone", 1)  # an old crisis reply
        assert "expired" not in talk["text"]
        assert "message you here" in talk["text"] or "same chat" in talk["text"]
    assert threads(db)[0].kind == RequestKind.ALERT


async def test_a_new_worry_on_an_open_alert_is_urgent_and_updates_the_card(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)
        await alex.send("my stepdad hits me", 1)
        card = await wait_group(standin, db, "URGENT")
        assert "abuse" in card["text"]
        await alex.send("i want to kill myself", 1)
        again = await wait_group(standin, db, "another worrying message")
        assert again["text"].startswith("URGENT: Alex sent another worrying message")
        assert "(thoughts of suicide)" in again["text"]
        assert again["reply_to_message"]["message_id"] == card["message_id"]
        await standin.wait_until(
            lambda: "thoughts of suicide" in standin.messages(GROUP)[card["message_id"] - 1]["text"]
        )
        # Every kind stays in the headline, most serious first: never downgraded.
        head = standin.messages(GROUP)[card["message_id"] - 1]["text"].split("\n")[0]
        assert "(thoughts of suicide; abuse or someone hurting them)" in head
    [alert] = threads(db)
    assert alert.crisis_category == "su+ab"


async def test_asking_to_talk_again_gives_one_instruction(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        check = await check_in(alex, kent["alex"].code)
        await alex.tap(check, "Talk to someone", 1)
        await alex.send("/menu", 1)
        await alex.send("help", 1)
        [again] = await alex.send("i want to talk to someone", 1)
        assert "already asked to talk" in again["text"]
        assert again["text"].lower().count("type") == 1  # one instruction, not two


async def test_closing_a_safety_chat_is_warm_and_leads_on(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)
        card, _ = await _alert_answered_by_sam(standin, db, alex)
        card = standin.messages(GROUP)[card["message_id"] - 1]
        standin.user_presses(SAM, card["message_id"], buttons(card)["Close"], chat_id=GROUP)
        prompt = await wait_group(standin, db, "one line on how")
        standin.user_sends(SAM, "Talked it through", GROUP, prompt["message_id"])
        [closed] = await alex._wait(1)
        assert "Sam, your Lifelong Links worker, has finished this chat with you" in closed["text"]
        assert "R-" not in closed["text"] and "Help" not in closed["text"]
        assert set(buttons(closed)) == {"Talk to someone", "Menu"}
        [menu] = await alex.tap(closed, "Menu", 1)
        assert "What would you like to do?" in menu["text"]
        assert "Help" in buttons(menu) and "Help / talk to a person" not in buttons(menu)
        [talk] = await alex.tap(closed, "Talk to someone", 1)
        assert "message you here" in talk["text"]
    assert [r.kind for r in threads(db)] == [RequestKind.ALERT, RequestKind.TALK]


async def test_talk_to_someone_during_an_alert_stays_in_its_thread(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await alex.join(kent["alex"].code)
        [reply] = await alex.send("i want to kill myself", 1)
        card = await wait_group(standin, db, "URGENT")
        [talk] = await alex.tap(reply, "Talk to someone", 1)
        assert "same chat" in talk["text"] and "NHS 111, then option 2" in talk["text"]
        note = await wait_group(standin, db, "asked to talk")
        assert note["reply_to_message"]["message_id"] == card["message_id"]
        [ack] = await alex.send("please call me", 1)
        assert "Sent to" in ack["text"]
        words = await wait_group(standin, db, "please call me")
        assert words["reply_to_message"]["message_id"] == card["message_id"]
    assert [r.kind for r in threads(db)] == [RequestKind.ALERT]
    assert all("would like to talk" not in m.get("text", "") for m in standin.bot_messages(GROUP))
