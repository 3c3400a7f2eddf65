"""Deleting everything also deletes the team's copies of a young person's photos and voice notes.

Words in the group can be edited into "(deleted at the young person's request)"; a copy of
a photo or a voice note cannot, so the bot deletes it (deleteMessage, through the outbox and
its limits). Issue 14, "Delete everything".
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.standin.server import BotApiStandIn
from dialogs.young.privacy import DELETED_KIND
from storage.db import Database
from storage.models import OutboxMessage, OutboxStatus
from storage.uow import unit_of_work
from tests.e2e.conftest import ALEX, GROUP, SAM
from tests.support.journeys import YoungPerson, group_messages, outbox_settled, settle, talking

DELETED = "(deleted at the young person's request)"


def media(standin: BotApiStandIn) -> list[dict[str, Any]]:
    """The photos and voice notes the group holds now (deleted ones are gone)."""
    return [m for m in group_messages(standin) if "photo" in m or "voice" in m]


async def test_deleting_everything_deletes_their_photos_and_voice_notes_in_the_group(
    standin: BotApiStandIn, run_bot, kent, db: Database
) -> None:
    alex = YoungPerson(standin)
    async with run_bot():
        await talking(standin, db, alex, kent["alex"].code)
        standin.user_sends_media(ALEX, "photo", caption="the letter from the council")
        standin.user_sends_media(ALEX, "voice")
        await standin.wait_until(lambda: len(media(standin)) == 2)
        await settle(standin, db)
        acks = await alex._wait(len(standin.bot_messages(ALEX)) - alex.seen)
        assert acks and all(ack["text"] == "Sent to Sam ✓" for ack in acks)
        copies = {m["message_id"] for m in media(standin)}
        worded = [
            m["message_id"]
            for m in group_messages(standin)
            if "gas bill" in (m.get("text") or "") or "Alex (KENT-" in (m.get("text") or "")
        ]
        assert worded
        # Sam's own photo in the group is the team's, not Alex's: it stays.
        standin.user_sends_media(SAM, "photo", chat_id=GROUP, caption="rota")

        [data] = await alex.send("/data", 1)
        [ask] = await alex.tap(data, "Delete everything", 1)
        [again] = await alex.tap(ask, "Yes, go on", 1)
        [done] = await alex.tap(again, "Yes, delete it all", 1)
        assert "deleted everything" in done["text"]

        def cleared() -> bool:
            group = {m["message_id"]: m for m in standin.messages(GROUP)}
            return not copies & set(group) and all(
                group[i].get("text") == DELETED for i in worded if i in group
            )

        await standin.wait_until(cleared)
        await standin.wait_until(lambda: outbox_settled(db))

    assert media(standin) == []  # the group no longer holds Alex's photo or voice note
    everything = standin.messages(GROUP)
    assert not copies & {m["message_id"] for m in everything}
    assert any(m.get("caption") == "rota" for m in everything)  # the team's own photo stays
    for message in group_messages(standin):
        assert "the letter from the council" not in (message.get("caption") or "")
        assert "gas bill" not in (message.get("text") or "")
    deleted = [params for method, params in standin.calls if method == "deleteMessage"]
    assert len(deleted) == 2
    with unit_of_work(db) as uow:
        rows = uow.session.exec(select(OutboxMessage).where(OutboxMessage.kind == DELETED_KIND))
        statuses = [row.status for row in rows]
    assert statuses == [OutboxStatus.SENT, OutboxStatus.SENT]
    assert standin.rate_violations == 0
