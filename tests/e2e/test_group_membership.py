"""The bot removed from the coordinators' group, added to a new one, blocked and unblocked.

Over HTTP through python-telegram-bot: nothing a young person sent may be lost when the
group goes away, whether Telegram says so (``my_chat_member``) or the next send finds out.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from storage.db import Database
from storage.models import AuditEvent, GroupPurpose, OutboxMessage, OutboxStatus, YoungPerson
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, JO, SAM, buttons
from tests.support.journeys import YoungPerson as Teen
from tests.support.journeys import ask_for_support, outbox_settled, request_card, wait_group

NEW_GROUP = -100700


async def request_with_a_question(
    standin: BotApiStandIn, db: Database, alex: Teen, code: str, words: str, question: str
) -> tuple[str, dict[str, Any]]:
    """Alex asks for help; Sam asks a question under the card; returns (ref, the question)."""
    ref, card = await request_card(standin, db, alex, code, words)
    standin.user_sends(SAM, question, GROUP, card["message_id"])
    [relayed] = await alex._wait(1)
    await standin.wait_until(lambda: outbox_settled(db))  # as a person would, not in 1 ms
    return ref, relayed


def linked_group(db: Database) -> int | None:
    with unit_of_work(db) as uow:
        return uow.groups.chat_for(1, GroupPurpose.COORDINATORS)


def audit_actions(db: Database) -> list[str]:
    with unit_of_work(db) as uow:
        return [e.action for e in uow.session.exec(select(AuditEvent)).all()]


async def test_removed_from_the_group_the_open_request_comes_to_the_coordinator(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = Teen(standin)
    async with run_bot():
        ref, _ = await request_card(standin, db, alex, kent["alex"].code, "My phone was stolen")

        standin.set_bot_member(GROUP, False, by_user_id=JO)  # Jo removes the bot
        note = await wait_group(standin, db, chat=SAM, words="I was removed from it")
        assert "sent its open requests here again (1 in all)" in note["text"]
        assert "/link" in note["text"]
        await wait_group(
            standin, db, chat=JO, words="I was removed from it"
        )  # every coordinator is told
        assert linked_group(db) is None
        assert "group_lost_coordinators" in audit_actions(db)

        # The fresh card is in Sam's private chat (Alex's coordinator), with working buttons.
        card = await wait_group(standin, db, chat=SAM, words=f"Request {ref}")
        assert "My phone was stolen" in card["text"]
        assert set(buttons(card)) == {"Pick up", "Reply", "Close"}
        standin.user_presses(SAM, card["message_id"], buttons(card)["Pick up"])
        [told] = await alex._wait(1)
        assert f"Sam is looking at your request {ref}" in told["text"]

        # Sam answers from the private chat; Alex's answer comes back under the new card.
        standin.user_sends(SAM, "I'll ring you at 2", reply_to_message_id=card["message_id"])
        [relayed] = await alex._wait(1)
        assert "I'll ring you at 2" in relayed["text"]
        await standin.wait_until(lambda: outbox_settled(db))  # as a person would, not in 1 ms
        standin.user_sends(ALEX, "Thanks, 2 is fine", reply_to_message_id=relayed["message_id"])
        [ack] = await alex._wait(1)
        assert "Sent to Sam ✓" in ack["text"]
        answer = await wait_group(standin, db, chat=SAM, words="Thanks, 2 is fine")
        assert answer["reply_to_message"]["message_id"] == card["message_id"]
        # Nothing more was tried in the group the bot left.
        assert not [m for m in standin.bot_messages(GROUP) if "Thanks, 2 is fine" in m["text"]]


async def test_removed_without_a_word_the_next_send_finds_out_and_nothing_is_lost(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = Teen(standin)
    async with run_bot():
        ref, relayed = await request_with_a_question(
            standin, db, alex, kent["alex"].code, "Need a food voucher", "Which shop is near you?"
        )

        # The bot is removed while it was down: no my_chat_member reaches it.
        standin.set_bot_member(GROUP, False)
        standin.user_sends(ALEX, "The Co-op on High St", reply_to_message_id=relayed["message_id"])
        await alex._wait(1)
        fresh = await wait_group(standin, db, chat=SAM, words=f"Request {ref}")
        answer = await wait_group(standin, db, chat=SAM, words="The Co-op on High St")
        assert answer["reply_to_message"]["message_id"] == fresh["message_id"]
        await wait_group(standin, db, chat=SAM, words="I was removed from it")
        assert linked_group(db) is None

    with unit_of_work(db) as uow:
        rows = uow.session.exec(select(OutboxMessage)).all()
    in_group = [r for r in rows if r.chat_id == GROUP and "Co-op" in r.text]
    assert [r.status for r in in_group] == [OutboxStatus.FAILED]  # tried once, then moved
    moved = [r for r in rows if r.chat_id == SAM and "Co-op" in r.text]
    assert [r.status for r in moved] == [OutboxStatus.SENT]  # delivered once


async def test_added_to_a_new_group_it_says_how_to_link_it(
    standin: BotApiStandIn, run_bot, kent, team, db: Database, clock: FakeClock
) -> None:
    standin.add_group(NEW_GROUP, "Kent team 2", member_ids=[SAM], bot_is_member=False)
    async with run_bot():
        standin.set_bot_member(NEW_GROUP, True, by_user_id=SAM)
        await standin.wait_until(lambda: bool(standin.bot_messages(NEW_GROUP)))
        [hello] = standin.bot_messages(NEW_GROUP)
        assert "sends /link with the code" in hello["text"]
        # Added back to the group it is already linked to: it stays quiet there.
        standin.set_bot_member(GROUP, False)
        standin.set_bot_member(GROUP, True, by_user_id=SAM)
        standin.user_sends(SAM, "/help", GROUP)
        await standin.wait_until(lambda: len(standin.bot_messages(GROUP)) == 1)
        assert "I post support requests here" in standin.bot_messages(GROUP)[0]["text"]
    assert linked_group(db) == GROUP


async def test_blocking_and_unblocking_is_noticed_at_once(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = Teen(standin)

    def unreachable() -> bool:
        with unit_of_work(db) as uow:
            case = uow.session.exec(
                select(YoungPerson).where(YoungPerson.telegram_user_id == ALEX)
            ).one()
            return case.unreachable

    async with run_bot():
        await alex.join(kent["alex"].code)
        standin.set_blocked(ALEX, notify=True)
        note = await wait_group(standin, db, "can't get messages from Lifelinks")
        assert "Alex" in note["text"]
        assert unreachable()
        standin.set_blocked(ALEX, False, notify=True)
        await standin.wait_until(lambda: not unreachable())
        standin.set_blocked(ALEX, notify=True)  # blocked again: the team is told again
        await standin.wait_until(
            lambda: (
                len(
                    [
                        m
                        for m in standin.bot_messages(GROUP)
                        if "can't get messages" in (m.get("text") or "")
                    ]
                )
                == 2
            )
        )


MIGRATED_GROUP = -1001234500


async def _relay_both_ways_in(
    standin: BotApiStandIn, db: Database, alex: Teen, chat: int, card: dict[str, Any], tag: str
) -> None:
    """Sam writes under ``card`` in ``chat``; Alex answers; the answer lands under the card."""
    standin.user_sends(SAM, f"Sam here {tag}", chat, card["message_id"])
    [relayed] = await alex._wait(1)
    assert f"Sam here {tag}" in relayed["text"]
    await standin.wait_until(lambda: outbox_settled(db))
    standin.user_sends(ALEX, f"Alex here {tag}", reply_to_message_id=relayed["message_id"])
    [ack] = await alex._wait(1)
    assert "Sent to Sam ✓" in ack["text"]
    answer = await wait_group(standin, db, f"Alex here {tag}", chat)
    assert answer["reply_to_message"]["message_id"] == card["message_id"]


async def test_a_group_made_a_supergroup_keeps_its_link_and_its_requests(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = Teen(standin)
    async with run_bot():
        ref, _ = await request_card(standin, db, alex, kent["alex"].code, "Help with my CV")

        standin.migrate_group(GROUP, MIGRATED_GROUP, by_user_id=SAM)
        note = await wait_group(standin, db, "Telegram has upgraded this group", MIGRATED_GROUP)
        card = await wait_group(standin, db, f"Request {ref}", MIGRATED_GROUP)
        assert note["message_id"] < card["message_id"]  # the note says why, then the card
        assert "Help with my CV" in card["text"]
        assert linked_group(db) == MIGRATED_GROUP
        assert "group_moved_coordinators" in audit_actions(db)
        await _relay_both_ways_in(standin, db, alex, MIGRATED_GROUP, card, "1")

        # A new request goes straight to the new group; the old one gets nothing more.
        before = len(standin.bot_messages(GROUP))
        [menu] = await alex.send("/menu", 1)
        second, _ = await ask_for_support(alex, menu, "And a bus pass")
        await wait_group(standin, db, f"Request {second}", MIGRATED_GROUP)
        assert len(standin.bot_messages(GROUP)) == before
    assert not [m for m in standin.bot_messages(SAM) if "removed" in (m.get("text") or "")]


async def test_a_send_that_finds_the_group_moved_follows_it(
    standin: BotApiStandIn, run_bot, kent, team, db: Database
) -> None:
    alex = Teen(standin)
    async with run_bot():
        ref, relayed = await request_with_a_question(
            standin, db, alex, kent["alex"].code, "Help with my CV", "What job is it for?"
        )

        standin.migrate_group(GROUP, MIGRATED_GROUP, by_user_id=SAM, notify=False)
        standin.user_sends(ALEX, "A cafe job", reply_to_message_id=relayed["message_id"])
        await alex._wait(1)
        fresh = await wait_group(standin, db, f"Request {ref}", MIGRATED_GROUP)
        answer = await wait_group(standin, db, "A cafe job", MIGRATED_GROUP)
        assert answer["reply_to_message"]["message_id"] == fresh["message_id"]
        assert linked_group(db) == MIGRATED_GROUP
        await _relay_both_ways_in(standin, db, alex, MIGRATED_GROUP, fresh, "2")

    with unit_of_work(db) as uow:
        rows = uow.session.exec(select(OutboxMessage)).all()
    assert [r.status for r in rows if "cafe" in r.text and r.chat_id == GROUP] == [
        OutboxStatus.FAILED
    ]
    assert [r.status for r in rows if "cafe" in r.text and r.chat_id == MIGRATED_GROUP] == [
        OutboxStatus.SENT
    ]
