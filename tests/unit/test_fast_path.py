"""Every reply is an outbox row, and the fast path sends it under the sender's claim and limits.

The engine runs for real on the database; the sender runs on a :class:`Warp` clock (fast
time) against a small recording transport, so the one-second limits take milliseconds.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from sqlmodel import select

from dialogs.core.clock import FakeClock
from dialogs.core.events import Button, Event, EventKind, Reply
from dialogs.core.outbound import queue_replies
from dialogs.engine import Engine
from scheduler.outbox.sender import OutboxSender
from scheduler.transport import Transient
from scheduler.wiring import domain_reactions
from storage.db import Database
from storage.models import OutboxMessage, OutboxStatus
from storage.uow import unit_of_work
from tests.support.seed import seed_kent
from tests.support.sender import FakeTelegram, Warp, finished

ALEX = 5001
SAM = 1001


@pytest.fixture
def warp() -> Warp:
    return Warp(50.0)


@pytest.fixture
def engine(db: Database, clock: FakeClock) -> tuple[Engine, str]:
    with unit_of_work(db) as uow:
        invite = seed_kent(uow, clock.now(), group=None)
    return Engine(db, clock, bot_id=123456), invite.code


def start(update_id: int, code: str) -> Event:
    return Event(
        update_id=update_id,
        kind=EventKind.COMMAND,
        chat_id=ALEX,
        user_id=ALEX,
        command="start",
        args=code,
        text=f"/start {code}",
    )


def outbox_rows(db: Database) -> list[OutboxMessage]:
    with unit_of_work(db) as uow:
        return list(uow.session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())


def make_sender(db: Database, tg: FakeTelegram, warp: Warp) -> OutboxSender:
    return OutboxSender(
        db, tg, warp, reactions=domain_reactions(), monotonic=warp.monotonic, sleep=warp.sleep
    )


async def serving(sender: OutboxSender) -> asyncio.Task[None]:
    """Start the sender's loop (a long interval: only the fast path wakes it) and wait for it."""
    task = asyncio.create_task(sender.run_forever(interval=1000.0))
    for _ in range(500):
        if sender._serving:
            return task
        await asyncio.sleep(0.01)
    raise AssertionError("the sender did not start")


async def until(condition: Any, seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("timed out")


# ---------------------------------------------------------------------------- rows
def test_replies_are_rows_of_the_update_in_order(db: Database, engine) -> None:
    bot, code = engine
    handled = bot.handle_queued(start(1, code))
    assert [r.key for r in handled.replies] == ["welcome", "consent.use.ask"]
    rows = outbox_rows(db)
    answers = [r for r in rows if r.chat_id == ALEX]
    assert [r.kind for r in answers] == ["reply:welcome", "reply:consent.use.ask"]
    assert [r.text for r in answers] == [r.text for r in handled.replies]
    assert answers[1].buttons != "[]" and answers[1].status == OutboxStatus.PENDING
    # The fast path gets every due row of the update, in id order.
    assert handled.due_now == [(r.id, r.chat_id) for r in rows]
    # The same update again is not answered again.
    again = bot.handle_queued(start(1, code))
    assert again.replies == [] and len(outbox_rows(db)) == len(rows)


def test_a_rolled_back_update_leaves_no_reply_row(db: Database, engine, monkeypatch) -> None:
    bot, code = engine

    def said_then_broke(ctx: Any, args: str) -> None:
        ctx.say("welcome", name="Alex")
        raise RuntimeError("broken flow")

    monkeypatch.setattr("dialogs.young.consent.start", said_then_broke)
    handled = bot.handle_queued(start(7, code))
    # Only the apology, queued with the record of the failure; nothing the flow said.
    assert [r.kind for r in outbox_rows(db)] == ["reply:error.generic"]
    assert handled.unstored == [] and len(handled.due_now) == 1


def test_toasts_stay_out_of_the_outbox(db: Database, clock: FakeClock) -> None:
    replies = [
        Reply(chat_id=ALEX, text="Saved", key="toast", toast=True),
        Reply(chat_id=ALEX, text="edited", key="screen", edit_message_id=42),
        Reply(chat_id=ALEX, text="x" * 5000, key="long", buttons=((Button("Ok", "a.0"),),)),
    ]
    with unit_of_work(db) as uow:
        queue_replies(uow, replies, bot_id=1, update_id=9, now=clock.now())
    rows = outbox_rows(db)
    assert [(r.kind, r.method, r.target_message_id) for r in rows] == [
        ("reply:screen", "edit", 42),
        ("reply:long", "send", None),
    ]


# ---------------------------------------------------------------------------- the fast path
async def test_fast_path_sends_at_once_under_the_senders_limiter(db: Database, engine) -> None:
    bot, code = engine
    warp = Warp(10.0)  # slower here: "at once" is measured in real milliseconds
    tg = FakeTelegram(warp)
    sender = make_sender(db, tg, warp)
    task = await serving(sender)
    try:
        handled = bot.handle_queued(start(1, code))
        began = warp.monotonic()
        assert sender.send_now(handled.due_now)
        await until(lambda: len(tg.calls) == 2)
        first, second = tg.calls
        # Sent at once, though the loop only looks at the outbox every 1000 s...
        assert first.at - began < 0.5 and first.text == handled.replies[0].text
        # ... and the second at once too: it is within the chat's burst, counted by the
        # same limiter as any row.
        assert second.at - first.at < 0.5
        assert sender.limiter._private_tat.get(ALEX) is not None
        await until(lambda: all(r.status == OutboxStatus.SENT for r in outbox_rows(db)))
    finally:
        sender.stop()
        await finished(task)
    assert [c.text for c in tg.calls] == [r.text for r in handled.replies]  # once each


async def test_fast_path_never_sends_a_row_claimed_elsewhere(
    db: Database, engine, warp: Warp
) -> None:
    bot, code = engine
    tg = FakeTelegram(warp)
    handled = bot.handle_queued(start(1, code))
    first_id = handled.due_now[0][0]
    with unit_of_work(db) as uow:  # another sender claimed the first row
        assert uow.outbox.claim_one(first_id, warp.now()) is not None
    sender = make_sender(db, tg, warp)
    task = await serving(sender)
    try:
        sender.send_now(handled.due_now)
        await until(lambda: len(tg.calls) == 1)
        await asyncio.sleep(0.1)
    finally:
        sender.stop()
        await finished(task)
    assert [c.text for c in tg.calls] == [handled.replies[1].text]


async def test_fast_path_waits_when_this_process_is_not_the_sender(
    db: Database, engine, warp: Warp
) -> None:
    bot, code = engine
    tg = FakeTelegram(warp)
    sender = make_sender(db, tg, warp)  # not running: the rows stay for the loop
    handled = bot.handle_queued(start(1, code))
    assert sender.send_now(handled.due_now) is False
    assert tg.calls == []
    assert {r.status for r in outbox_rows(db)} == {OutboxStatus.PENDING}
    assert await sender.run_once() == 2


def read_timeout() -> Transient:
    """What an adapter raises when the answer did not come back in time."""
    try:
        raise httpx.ReadTimeout("slow")
    except httpx.ReadTimeout:
        try:
            raise Transient("TimedOut") from None
        except Transient as exc:
            return exc


async def test_a_timeout_after_the_request_went_out_is_never_resent(
    db: Database, engine, warp: Warp
) -> None:
    bot, code = engine
    tg = FakeTelegram(warp)
    tg.fail.append(read_timeout())
    sender = make_sender(db, tg, warp)
    task = await serving(sender)
    try:
        handled = bot.handle_queued(start(1, code))
        sender.send_now(handled.due_now)
        await until(lambda: len(tg.calls) == 2)
        sender.poke()  # a later look at the outbox does not pick it up again
        await asyncio.sleep(0.2)
    finally:
        sender.stop()
        await finished(task)
    assert [c.text for c in tg.calls] == [r.text for r in handled.replies]
    first = outbox_rows(db)[0]
    assert first.status == OutboxStatus.FAILED
    assert first.last_error is not None and first.last_error.startswith("unconfirmed")


async def test_photos_and_documents_are_rows_sent_and_then_forgotten(
    db: Database, clock: FakeClock, warp: Warp
) -> None:
    png, export = b"\x89PNG fake picture", b'{"people": []}'
    replies = [
        Reply(chat_id=ALEX, text="Your people", key="photo", photo=png),
        Reply(chat_id=ALEX, text="c" * 2000, key="data.export", document=export, filename="a.json"),
    ]
    with unit_of_work(db) as uow:
        queue_replies(uow, replies, bot_id=1, update_id=3, now=warp.now())
    stored = outbox_rows(db)
    assert [r.method for r in stored] == ["photo", "document"]
    assert all(r.attachment for r in stored)
    tg = FakeTelegram(warp)
    assert await make_sender(db, tg, warp).run_once(max_wait=5.0) == 2
    photo, document = tg.calls
    assert (photo.method, photo.extra["data"], photo.text) == ("sendPhoto", png, "Your people")
    assert (document.method, document.extra["data"], document.extra["name"]) == (
        "sendDocument",
        export,
        "a.json",
    )
    assert document.text == "c" * 1024  # a caption is cut to Telegram's 1,024
    assert all(r.attachment is None and r.status == OutboxStatus.SENT for r in outbox_rows(db))
