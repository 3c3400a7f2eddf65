"""The ecomap is drawn by the outbox sender, off the update's transaction and the event loop.

The update stores the picture's render inputs (encrypted, like every outbox body); the sender
draws them in its injected renderer just before sending.  The engine runs for real on the
database, the sender on a :class:`Warp` clock against a recording transport.
"""

from __future__ import annotations

import asyncio
import base64
import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text, update
from sqlmodel import select

from dialogs.core.clock import FakeClock
from dialogs.engine import Engine
from dialogs.pictures import render
from dialogs.pictures.payload import OUTBOX_METHOD, decode, encode
from dialogs.pictures.render import render_ecomap
from dialogs.pictures.worker import ProcessRenderer, Renderer, render_in_thread
from dialogs.texts import t
from dialogs.young.picture import ecomap_labels, to_eco
from scheduler.outbox.sender import OutboxSender
from scheduler.wiring import domain_reactions
from storage.db import Database
from storage.models import (
    ContactStatus,
    ContactWish,
    OutboxMessage,
    OutboxStatus,
    Person,
    PersonCircle,
    PersonSafety,
)
from storage.uow import unit_of_work
from tests.support.chat import Chat
from tests.support.seed import seed_kent
from tests.support.sender import FakeTelegram, Warp

ALEX = 5001
SAM = 1001
WAIT = 8.0  # real seconds a test waits for an event before it fails (never slept)


@pytest.fixture
def warp() -> Warp:
    return Warp(50.0)


@pytest.fixture
def alex(db: Database, clock: FakeClock) -> Chat:
    """Alex has joined and added three people; the menu is showing."""
    with unit_of_work(db) as uow:
        invite = seed_kent(uow, clock.now(), group=None)
    chat = Chat(Engine(db, clock), ALEX)
    chat.join(invite.code, share=False)
    assert chat.keys()[-1] == "menu.title"
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None
        for n, circle in enumerate((PersonCircle.FAMILY, PersonCircle.FRIENDS, None)):
            uow.people.add(
                case,
                Person(
                    service_id=0,
                    young_person_id=0,
                    name=f"Person {n + 1}",
                    relationship="friend",
                    circle=circle,
                    closeness=n + 1,
                    contact=ContactStatus.LOST_TOUCH if n else ContactStatus.IN_TOUCH,
                    safety=PersonSafety.NOT_SAFE if n == 2 else None,
                    wish=ContactWish.NO_CONTACT if n == 2 else None,
                    created_at=clock.now(),
                    updated_at=clock.now(),
                ),
            )
        # What came before went out long ago: the sender only sees the picture and after.
        uow.session.execute(update(OutboxMessage).values(status=OutboxStatus.SENT))
    return chat


def ask_for_picture(chat: Chat) -> None:
    chat.press("My people")
    chat.press("See my people")
    assert chat.keys()[0] == "photo"


def rows(db: Database) -> list[OutboxMessage]:
    with unit_of_work(db) as uow:
        found = list(uow.session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())
        uow.session.expunge_all()
        return found


def picture_row(db: Database) -> OutboxMessage:
    [row] = [row for row in rows(db) if row.kind == "reply:photo"]
    return row


def stored_people(db: Database) -> list[Any]:
    with unit_of_work(db) as uow:
        case = uow.cases.own_case(ALEX)
        assert case is not None
        return [to_eco(person) for person in uow.people.list(case)]


def sender_for(db: Database, tg: FakeTelegram, warp: Warp, renderer: Renderer) -> OutboxSender:
    return OutboxSender(
        db,
        tg,
        warp,
        reactions=domain_reactions(),
        monotonic=warp.monotonic,
        sleep=warp.sleep,
        renderer=renderer,
    )


def calls(tg: FakeTelegram, method: str, chat_id: int = ALEX) -> list[Any]:
    return [call for call in tg.calls if call.method == method and call.chat_id == chat_id]


# ---------------------------------------------------------------------------- the update
def test_the_update_stores_the_inputs_and_the_words_not_a_picture(
    db: Database, alex: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[int] = []

    def spy(*args: Any) -> Any:
        drawn.append(1)
        raise AssertionError("the update's transaction drew the picture")

    monkeypatch.setattr(render, "draw", spy)
    ask_for_picture(alex)
    assert drawn == []
    row = picture_row(db)
    assert row.method == OUTBOX_METHOD and row.status == OutboxStatus.PENDING
    assert row.attachment is not None
    people, labels = decode(base64.b64decode(row.attachment))
    assert people == stored_people(db) and labels == ecomap_labels()
    assert "Person 1" in row.text and "Person 3" in row.text  # the caption, for the fallback
    with unit_of_work(db) as uow:  # encrypted at rest, like every outbox body
        raw = uow.session.execute(
            text("SELECT attachment FROM outbox WHERE id = :id"), {"id": row.id}
        ).scalar_one()
    assert "Person" not in raw and row.attachment not in raw


def test_the_render_inputs_round_trip_to_the_same_picture(db: Database, alex: Chat) -> None:
    people, labels = stored_people(db), ecomap_labels()
    assert decode(encode(people, labels)) == (people, labels)
    with pytest.raises(ValueError):
        decode(b'{"v": 0}')


# ---------------------------------------------------------------------------- the sender
async def test_the_sender_draws_then_sends_the_photo_before_the_next_reply(
    db: Database, alex: Chat, warp: Warp
) -> None:
    ask_for_picture(alex)
    inputs: list[bytes] = []

    async def recording(data: bytes) -> bytes:
        inputs.append(data)
        return await render_in_thread(data)

    tg = FakeTelegram(warp)
    await sender_for(db, tg, warp, recording).run_once()
    [photo] = calls(tg, "sendPhoto")
    assert len(inputs) == 1
    assert photo.extra["data"] == render_ecomap(stored_people(db), ecomap_labels())
    assert photo.text is not None and "Person 2" in photo.text
    # The picture keeps its place: the menu after it goes out after it.
    order = [call.method for call in tg.calls if call.chat_id == ALEX]
    assert order[-2:] == ["sendPhoto", "sendMessage"]
    row = picture_row(db)
    assert row.method == "photo" and row.status == OutboxStatus.SENT and row.attachment is None


async def test_a_process_renderer_draws_the_same_picture(db: Database, alex: Chat) -> None:
    data = encode(stored_people(db), ecomap_labels())
    renderer = ProcessRenderer()
    try:
        png = await asyncio.wait_for(renderer(data), WAIT)
    finally:
        renderer.close()
    assert png == render_ecomap(stored_people(db), ecomap_labels())


async def test_other_chats_are_not_held_up_while_a_picture_is_drawn(
    db: Database, alex: Chat, warp: Warp
) -> None:
    ask_for_picture(alex)
    release = threading.Event()
    started = threading.Event()

    def slow_draw(data: bytes) -> bytes:
        started.set()
        assert release.wait(WAIT), "never released"
        return render_ecomap(*decode(data))

    async def slow(data: bytes) -> bytes:
        return await asyncio.to_thread(slow_draw, data)

    sent_to_sam = asyncio.Event()

    class Watching(FakeTelegram):
        async def _call(self, method: str, chat_id: int, text: str | None, **extra: Any) -> int:
            message_id = await super()._call(method, chat_id, text, **extra)
            if chat_id == SAM:
                sent_to_sam.set()
            return message_id

    tg = Watching(warp)
    sender = sender_for(db, tg, warp, slow)
    run = asyncio.create_task(sender.run_once())
    assert await asyncio.to_thread(started.wait, WAIT)
    # While the picture is being drawn, another chat's message is queued and goes out.
    with unit_of_work(db) as uow:
        uow.outbox.enqueue(
            chat_id=SAM, text="A card for Sam", kind="test", idempotency_key="sam:1", now=warp.now()
        )
    await sender._refill()  # as the sender's next look at the outbox would
    sender.poke()
    await asyncio.wait_for(sent_to_sam.wait(), WAIT)
    assert not release.is_set() and calls(tg, "sendPhoto") == []
    release.set()
    await asyncio.wait_for(run, WAIT)
    assert len(calls(tg, "sendPhoto")) == 1


# ---------------------------------------------------------------------------- crashes
async def test_a_crash_before_the_sender_ran_still_delivers_the_picture_once(
    db: Database, alex: Chat, warp: Warp
) -> None:
    ask_for_picture(alex)  # committed; the process "dies" before its sender ever runs
    tg = FakeTelegram(warp)
    restarted = sender_for(db, tg, warp, render_in_thread)
    assert restarted.recover_interrupted(older_than=timedelta(0)) == 0
    await restarted.run_once()
    await sender_for(db, tg, warp, render_in_thread).run_once()  # and once more: nothing
    assert len(calls(tg, "sendPhoto")) == 1


async def test_a_crash_while_drawing_draws_again_after_the_restart_and_sends_once(
    db: Database, alex: Chat, warp: Warp
) -> None:
    ask_for_picture(alex)

    async def dies(data: bytes) -> bytes:
        raise asyncio.CancelledError  # the process went away mid-drawing

    tg = FakeTelegram(warp)
    await sender_for(db, tg, warp, dies).run_once()
    assert picture_row(db).status == OutboxStatus.SENDING  # left as the crash left it
    restarted = sender_for(db, tg, warp, render_in_thread)
    assert restarted.recover_interrupted(older_than=timedelta(0)) == 0  # not failed: not sent
    assert picture_row(db).status == OutboxStatus.PENDING
    await restarted.run_once()
    assert len(calls(tg, "sendPhoto")) == 1
    assert picture_row(db).status == OutboxStatus.SENT


async def serve_until(sender: OutboxSender, condition: Any) -> None:
    """Run the sender's loop (as ``lifelinks run`` does) until ``condition()``, then stop it."""
    task = asyncio.create_task(sender.run_forever(interval=1000.0))
    try:
        for _ in range(int(WAIT / 0.01)):
            if condition():
                return
            await asyncio.sleep(0.01)
        raise AssertionError("timed out")
    finally:
        sender.stop()
        await asyncio.wait_for(task, WAIT)


async def test_a_row_left_mid_drawing_is_drawn_again_at_start_up_not_after_the_lease(
    db: Database, alex: Chat, warp: Warp
) -> None:
    ask_for_picture(alex)

    async def dies(data: bytes) -> bytes:
        raise asyncio.CancelledError  # the process went away mid-drawing

    tg = FakeTelegram(warp)
    await sender_for(db, tg, warp, dies).run_once()
    assert picture_row(db).status == OutboxStatus.SENDING  # claimed just now: within its lease
    restarted = sender_for(db, tg, warp, render_in_thread)
    await serve_until(restarted, lambda: picture_row(db).status == OutboxStatus.SENT)
    assert len(calls(tg, "sendPhoto")) == 1


class DiesAfterSending(FakeTelegram):
    """Telegram takes the photo, then the process dies before the sender marks it."""

    async def send_photo(self, *args: Any, **kwargs: Any) -> int:
        await super().send_photo(*args, **kwargs)
        raise asyncio.CancelledError  # Telegram has it; the mark never happens


async def test_start_up_resets_only_rows_left_mid_drawing(
    db: Database, alex: Chat, warp: Warp
) -> None:
    """A photo claimed and maybe sent stays ``sending`` (the lease fails it, never resends)."""
    ask_for_picture(alex)

    tg = DiesAfterSending(warp)
    await sender_for(db, tg, warp, render_in_thread).run_once()  # draws, sends, "dies"
    assert picture_row(db).method == "photo"
    restarted = sender_for(db, FakeTelegram(warp), warp, render_in_thread)
    assert restarted.reset_drawing() == 0
    await serve_until(restarted, lambda: restarted._serving)
    assert picture_row(db).status == OutboxStatus.SENDING
    assert len(calls(tg, "sendPhoto")) == 1


async def test_a_crash_after_the_photo_went_out_never_sends_it_again(
    db: Database, alex: Chat, warp: Warp
) -> None:
    ask_for_picture(alex)

    tg = DiesAfterSending(warp)
    await sender_for(db, tg, warp, render_in_thread).run_once()  # draws, sends, "dies"
    again = FakeTelegram(warp)
    restarted = sender_for(db, again, warp, render_in_thread)
    assert restarted.recover_interrupted(older_than=timedelta(0)) == 1
    await restarted.run_once()
    assert len(calls(tg, "sendPhoto")) == 1 and calls(again, "sendPhoto") == []
    row = picture_row(db)
    assert row.status == OutboxStatus.FAILED and "interrupted" in (row.last_error or "")


# ---------------------------------------------------------------------------- failures
async def test_a_drawing_that_fails_sends_the_picture_in_words(
    db: Database, alex: Chat, warp: Warp
) -> None:
    ask_for_picture(alex)
    caption = picture_row(db).text

    async def broken(data: bytes) -> bytes:
        raise RuntimeError("no fonts today")

    tg = FakeTelegram(warp)
    await sender_for(db, tg, warp, broken).run_once()
    assert calls(tg, "sendPhoto") == []
    words = [call.text or "" for call in calls(tg, "sendMessage")]
    fallback = [text for text in words if t("ecomap.draw_failed") in text]
    assert len(fallback) == 1 and caption in fallback[0]
    assert words[-2] == fallback[0]  # in the picture's place: before the menu that followed it
    row = picture_row(db)
    assert row.status == OutboxStatus.FAILED
    assert row.last_error == "drawing failed: RuntimeError" and row.attachment is None
