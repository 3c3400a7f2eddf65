"""The Bot API transport (bot.bot_api) against the stand-in: what it sends, and every fault.

Each fault is also sent through python-telegram-bot's and aiogram's transports (the ones it
replaces on the hot path), and must end in the same exception, with the same answer to "may
it have been delivered?" (which decides whether the outbox may send it again).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiogram import Bot as AiogramBot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from telegram.ext import Application
from telegram.request import HTTPXRequest

from bot.aiogram_ import aiogram_transport
from bot.bot_api import BotApiTransport
from bot.ptb import ptb_transport
from bot.standin import BotApiStandIn
from scheduler.outbox.classification import may_have_been_sent
from scheduler.transport import Blocked, ChatMoved, Rejected, RetryLater, Transient, Transport
from tests.proof.faults import FaultyStandIn

TOKEN = "123456:BOT-API-TEST-TOKEN"
ALEX = 1001
SAM = 2001
TEAM = -100500
READ_TIMEOUT = 0.3

Factory = Callable[[str], Awaitable[tuple[Transport, Callable[[], Awaitable[None]]]]]


async def _bot_api(url: str) -> tuple[Transport, Callable[[], Awaitable[None]]]:
    fallback, close_fallback = await _ptb(url)
    direct = BotApiTransport(url, TOKEN, fallback, READ_TIMEOUT)

    async def close() -> None:
        await direct.close()
        await close_fallback()

    return direct, close


async def _ptb(url: str) -> tuple[Transport, Callable[[], Awaitable[None]]]:
    request = HTTPXRequest(read_timeout=READ_TIMEOUT, connect_timeout=READ_TIMEOUT)
    application = Application.builder().token(TOKEN).base_url(f"{url}/bot").request(request)
    app = application.build()
    await app.initialize()
    return ptb_transport(app), app.shutdown


async def _aiogram(url: str) -> tuple[Transport, Callable[[], Awaitable[None]]]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(url), timeout=READ_TIMEOUT)
    bot = AiogramBot(TOKEN, session=session)
    return aiogram_transport(bot), session.close


FACTORIES: dict[str, Factory] = {"bot_api": _bot_api, "ptb": _ptb, "aiogram": _aiogram}


@pytest.fixture
async def standin() -> AsyncIterator[FaultyStandIn]:
    """A stand-in that can also drop connections."""
    server = FaultyStandIn(token=TOKEN)
    server.add_user(ALEX, "Alex")
    server.add_user(SAM, "Sam")
    server.add_group(TEAM, "Kent coordinators", member_ids=[SAM])
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def direct(standin: BotApiStandIn) -> AsyncIterator[Transport]:
    """The Bot API transport over the stand-in."""
    transport, close = await _bot_api(standin.url)
    yield transport
    await close()


# ---------------------------------------------------------------------------- what it sends
async def test_texts_buttons_replies_and_force_reply_arrive_as_sent(
    standin: BotApiStandIn, direct: Transport
) -> None:
    buttons = [[("Yes", "y:1"), ("No", "n")]]
    first = await direct.send_text(ALEX, "Hello 🙂 <b>not bold</b>", buttons)
    second = await direct.send_text(ALEX, "A reply", reply_to=first)
    third = await direct.send_text(ALEX, "Type it here", force_reply=True)
    gone = await direct.send_text(ALEX, "A reply to a message deleted since", reply_to=99_999)
    messages = standin.bot_messages(ALEX)
    assert [m["message_id"] for m in messages] == [first, second, third, gone]
    assert messages[0]["text"] == "Hello 🙂 <b>not bold</b>"  # no parse mode: sent as written
    assert messages[0]["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "Yes", "callback_data": "y:1"}, {"text": "No", "callback_data": "n"}]
        ]
    }
    assert messages[1]["reply_to_message"]["message_id"] == first
    assert "reply_markup" not in messages[1]
    assert "reply_to_message" not in messages[3]
    [call] = [p for m, p in standin.calls if m == "sendMessage" and p.get("text") == "Type it here"]
    assert call["reply_markup"] == {"force_reply": True, "selective": False}


async def test_edit_copy_delete_and_callback_answers(
    standin: BotApiStandIn, direct: Transport
) -> None:
    card = await direct.send_text(TEAM, "A card", [[("Reply", "r:1")]])
    await direct.edit_text(TEAM, card, "A card, answered")
    assert standin.bot_messages(TEAM)[0]["text"] == "A card, answered"
    assert "reply_markup" not in standin.bot_messages(TEAM)[0]  # no buttons: they go
    with pytest.raises(Rejected, match="not modified"):
        await direct.edit_text(TEAM, card, "A card, answered")
    copy = await direct.copy_message(ALEX, TEAM, card, reply_to=None)
    assert standin.bot_messages(ALEX)[-1]["message_id"] == copy
    await direct.delete_message(ALEX, copy)
    assert standin.bot_messages(ALEX) == []
    with pytest.raises(Rejected, match="not found"):
        await direct.delete_message(ALEX, copy)
    query = standin.user_presses(SAM, card, "r:1", chat_id=TEAM)
    await direct.answer_callback(query, "Done", True)
    assert standin.callback_answers[-1]["text"] == "Done"
    assert standin.callback_answers[-1]["show_alert"] is True


async def test_uploads_and_menus_go_through_the_framework(
    standin: BotApiStandIn, direct: Transport
) -> None:
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
    photo = await direct.send_photo(ALEX, png, "A picture", [[("OK", "ok")]])
    document = await direct.send_document(ALEX, b"plain text", "notes.txt", None)
    await direct.set_commands([("start", "Start")])
    assert [m["message_id"] for m in standin.bot_messages(ALEX)] == [photo, document]
    assert standin.command_menu() == ["start"]


# ---------------------------------------------------------------------------- faults
def _fault(name: str, standin: FaultyStandIn) -> None:
    if name == "429":
        standin.inject_fault("sendMessage", chat_id=ALEX, status=429, retry_after=7)
    elif name == "403":
        standin.set_blocked(ALEX)
    elif name == "400":
        standin.inject_fault("sendMessage", chat_id=ALEX, status=400, description="Bad Request: x")
    elif name == "migrated":
        standin.migrate_group(TEAM, -100777, SAM, notify=False)
    elif name in ("500", "502", "503"):
        standin.inject_fault("sendMessage", status=int(name))
    elif name == "slow":  # Telegram acts on it, the answer comes after the read timeout
        standin.inject_fault("sendMessage", status=200, delay=READ_TIMEOUT * 3)
    elif name == "reset after":
        standin.reset_connections("sendMessage", after=True, times=1)
    elif name == "reset before":
        standin.reset_connections("sendMessage", after=False, times=1)


# fault → (exception, may it have been delivered?)
EXPECTED: dict[str, tuple[type[Exception], bool]] = {
    "429": (RetryLater, False),
    "403": (Blocked, False),
    "400": (Rejected, False),
    "migrated": (ChatMoved, False),
    "500": (Transient, False),
    "502": (Transient, False),
    "503": (Transient, False),
    "slow": (Transient, True),
    "reset after": (Transient, True),
    "reset before": (Transient, True),  # the client can't tell it from "reset after"
}


@pytest.mark.parametrize("framework", list(FACTORIES))
@pytest.mark.parametrize("fault", list(EXPECTED))
async def test_faults_map_like_the_framework_transports(
    standin: FaultyStandIn, framework: str, fault: str
) -> None:
    transport, close = await FACTORIES[framework](standin.url)
    try:
        _fault(fault, standin)
        chat = TEAM if fault == "migrated" else ALEX
        with pytest.raises(Exception) as raised:
            await transport.send_text(chat, "hello")
        kind, maybe = EXPECTED[fault]
        assert type(raised.value) is kind
        if kind is Transient:
            assert may_have_been_sent(raised.value) is maybe
        if kind is RetryLater:
            assert isinstance(raised.value, RetryLater) and raised.value.retry_after == 7
        if kind is ChatMoved:
            assert isinstance(raised.value, ChatMoved) and raised.value.new_chat_id == -100777
        if fault in ("429", "500", "502", "503"):  # the fault was one call: the next goes
            assert await transport.send_text(chat, "again") > 0
    finally:
        await close()


@pytest.mark.parametrize("framework", list(FACTORIES))
async def test_a_server_gone_away_is_retryable(framework: str) -> None:
    """Telegram closed the kept-alive connection and refuses new ones: never sent, retried."""
    server = BotApiStandIn(token=TOKEN)
    server.add_user(ALEX, "Alex")
    await server.start()
    transport, close = await FACTORIES[framework](server.url)
    try:
        assert await transport.send_text(ALEX, "before") > 0  # a connection is kept alive
        await server.stop()
        await asyncio.sleep(0.05)  # the close reaches the client (as an idle close would)
        with pytest.raises(Transient) as raised:
            await transport.send_text(ALEX, "hello")
        assert not may_have_been_sent(raised.value)
    finally:
        await close()


async def test_keeps_one_connection_for_many_sends(standin: BotApiStandIn, direct: Any) -> None:
    for n in range(5):
        await direct.send_text(ALEX, f"message {n}")
    session = direct._session
    assert session is not None
    assert len(session.connector._conns) == 1  # one idle keep-alive connection, reused
    await direct.close()
    assert direct._session is None
