"""The outbox sender's test bench: warped time, recording transports and the stand-in.

Sender time runs ``speed`` times faster than real time; the transports record each request
on that clock, so the tests can check the pace without waiting for it.
"""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select
from telegram.ext import Application
from telegram.request import HTTPXRequest

from bot.bot_api import BotApiTransport
from bot.ptb import PtbTransport
from bot.standin import BotApiStandIn
from scheduler.outbox.sender import OutboxSender
from scheduler.transport import ButtonRows, Transport
from scheduler.wiring import domain_reactions
from storage.db import Database
from storage.models import OutboxMessage
from storage.uow import unit_of_work

TOKEN = "123456:OUTBOX-TEST-TOKEN"
ALEX = 1001  # a young person
BO = 1002  # another young person
SAM = 2001  # a coordinator
TEAM = -100500  # the coordinators' group
NOT_IN = -100600  # a group the bot was removed from
SPEED = 50.0


class Warp:
    """Sender time running ``speed`` times faster than real time (monotonic, sleep and now)."""

    def __init__(self, speed: float = SPEED) -> None:
        self.speed = speed
        self._origin = time.monotonic()
        self.start = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        """Sender seconds since the warp began."""
        return (time.monotonic() - self._origin) * self.speed

    async def sleep(self, seconds: float) -> None:
        """Sleep ``seconds`` of sender time."""
        await asyncio.sleep(max(0.0, seconds) / self.speed)

    def now(self) -> datetime:
        """The current sender time as a UTC datetime (for the database)."""
        return self.start + timedelta(seconds=self.monotonic())


@dataclass
class Send:
    """One call the sender made, as the recording transport saw it."""

    chat_id: int
    text: str
    buttons: ButtonRows | None
    started: float
    outcome: str = "in flight"


@dataclass
class Recorder:
    """Wraps a transport; logs every send with its sender time and outcome."""

    inner: Any
    warp: Warp
    sends: list[Send] = field(default_factory=list)
    after_send: Callable[[Send], Awaitable[None]] | None = None
    in_flight: int = 0
    peak: int = 0  # most requests in flight at once

    async def send_text(
        self,
        chat_id: int,
        text: str,
        buttons: ButtonRows | None = None,
        reply_to: int | None = None,
        force_reply: bool = False,
    ) -> int:
        """Forward to the real transport."""
        send = Send(chat_id, text, buttons, self.warp.monotonic())
        self.sends.append(send)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            message_id: int = await self.inner.send_text(
                chat_id, text, buttons, reply_to, force_reply
            )
        except Exception as exc:
            send.outcome = type(exc).__name__
            raise
        finally:
            self.in_flight -= 1
        send.outcome = "ok"
        if self.after_send is not None:
            await self.after_send(send)
        return message_id

    def to(self, chat_id: int) -> list[Send]:
        """Sends to one chat."""
        return [s for s in self.sends if s.chat_id == chat_id]


@pytest.fixture
def speed() -> float:
    """Sender seconds per real second (a test may parametrize it)."""
    return SPEED


@pytest.fixture
def warp(speed: float) -> Warp:
    """Fast sender time."""
    return Warp(speed)


@pytest.fixture
async def standin(warp: Warp) -> AsyncIterator[BotApiStandIn]:
    """The stand-in, counting limits on the warp clock."""
    server = BotApiStandIn(token=TOKEN, clock=warp.monotonic)
    server.add_user(ALEX, "Alex")
    server.add_user(BO, "Bo")
    server.add_user(SAM, "Sam")
    server.add_group(TEAM, "Kent coordinators", member_ids=[SAM])
    server.add_group(NOT_IN, "Old group", member_ids=[SAM], bot_is_member=False)
    await server.start()
    yield server
    await server.stop()


async def ptb_transport(
    standin: BotApiStandIn, read_timeout: float = 5.0
) -> tuple[Transport, Application[Any, Any, Any, Any, Any, Any]]:
    """A real python-telegram-bot Application pointed at the stand-in."""
    request = HTTPXRequest(
        connection_pool_size=64, read_timeout=read_timeout, httpx_kwargs={"verify": False}
    )
    app = Application.builder().token(TOKEN).base_url(f"{standin.url}/bot").request(request)
    application = app.build()
    await application.initialize()
    return PtbTransport(application), application


async def bot_api_transport(
    standin: BotApiStandIn, read_timeout: float = 5.0
) -> tuple[BotApiTransport, Application[Any, Any, Any, Any, Any, Any]]:
    """The adapters' transport: the Bot API's JSON directly, PTB for the rest."""
    fallback, application = await ptb_transport(standin, read_timeout)
    return BotApiTransport(standin.url, TOKEN, fallback, read_timeout), application


@pytest.fixture(params=["ptb", "bot_api"])
async def transport(
    request: pytest.FixtureRequest, standin: BotApiStandIn, warp: Warp
) -> AsyncIterator[Recorder]:
    """A transport over the stand-in, recorded: python-telegram-bot's, and the adapters'."""
    if request.param == "ptb":
        inner, application = await ptb_transport(standin)
        yield Recorder(inner, warp)
    else:
        direct, application = await bot_api_transport(standin)
        yield Recorder(direct, warp)
        await direct.close()
    await application.shutdown()


_keys = iter(range(10**9))


def enqueue(
    db: Database,
    warp: Warp,
    chat_id: int,
    text: str,
    *,
    case_id: int | None = None,
    service_id: int | None = None,
    buttons: list[list[tuple[str, str]]] | None = None,
    kind: str = "test",
) -> int:
    """Queue one row; returns its id."""
    with unit_of_work(db) as uow:
        row = uow.outbox.enqueue(
            chat_id=chat_id,
            text=text,
            kind=kind,
            idempotency_key=f"test:{next(_keys)}",
            now=warp.now(),
            buttons=buttons,
            service_id=service_id,
            young_person_id=case_id,
        )
        assert row.id is not None
        return row.id


def rows(db: Database) -> dict[int, OutboxMessage]:
    """Every outbox row by id."""
    with unit_of_work(db) as uow:
        return {r.id: r for r in uow.session.exec(select(OutboxMessage)).all() if r.id}


def unsent(db: Database) -> int:
    """Rows still pending or sending."""
    with unit_of_work(db) as uow:
        return len(uow.outbox.pending())


def make_sender(db: Database, transport: Any, warp: Warp, **kwargs: Any) -> OutboxSender:
    """A sender on the warp clock with quick, predictable backoff."""
    kwargs.setdefault("backoff_base", 1.0)
    kwargs.setdefault("rng", lambda: 0.5)  # jitter factor exactly 1
    kwargs.setdefault("reactions", domain_reactions())
    return OutboxSender(db, transport, warp, monotonic=warp.monotonic, sleep=warp.sleep, **kwargs)


async def run_until_done(sender: OutboxSender, db: Database, timeout: float = 30.0) -> None:
    """Run the sender as the bot does until no row is pending (real-time ``timeout``).

    The timeout is generous because a loaded CI machine can be several times slower than a
    quiet one; a run that finishes stops waiting at once.
    """
    task = asyncio.create_task(sender.run_forever(interval=0.5))
    try:
        for _ in range(int(timeout / 0.01)):
            if not unsent(db):
                break
            await asyncio.sleep(0.01)
    finally:
        await stop_sender(sender, task)
    assert unsent(db) == 0, "rows left undelivered"


async def stop_sender(
    sender: OutboxSender, task: asyncio.Task[None], seconds: float = 10.0
) -> None:
    """Stop a running sender; fail with every task's stack if it does not end in time.

    ``asyncio.wait`` never cancels, so a sender that will not stop is reported, not waited
    on for ever (``wait_for`` would wait for the cancellation to finish).
    """
    sender.stop()
    await finished(task, seconds)
    task.result()


async def finished(task: asyncio.Task[None], seconds: float = 10.0) -> None:
    """Wait for a sender's task to end; fail with every task's stack if it does not."""
    done, _ = await asyncio.wait({task}, timeout=seconds)
    if done:
        return
    stacks = []
    for other in asyncio.all_tasks():
        buffer = io.StringIO()
        other.print_stack(file=buffer)
        stacks.append(buffer.getvalue())
    raise AssertionError("the sender did not stop:\n" + "\n".join(stacks))


def texts(standin: BotApiStandIn, chat_id: int) -> list[str]:
    """What the bot sent to a chat, in order."""
    return [m.get("text", "") for m in standin.bot_messages(chat_id)]


@dataclass
class Call:
    """One request the sender made."""

    method: str
    chat_id: int
    text: str | None
    at: float
    extra: dict[str, Any] = field(default_factory=dict)


class FakeTelegram:
    """A transport that records requests on the warp clock; ``fail`` raises for the next ones."""

    def __init__(self, warp: Warp) -> None:
        self.warp = warp
        self.calls: list[Call] = []
        self.fail: list[BaseException] = []
        self._ids = iter(range(1, 10**6))

    async def _call(self, method: str, chat_id: int, text: str | None, **extra: Any) -> int:
        self.calls.append(Call(method, chat_id, text, self.warp.monotonic(), extra))
        await asyncio.sleep(0.001)
        if self.fail:
            raise self.fail.pop(0)
        return next(self._ids)

    async def send_text(
        self,
        chat_id: int,
        text: str,
        buttons: ButtonRows | None = None,
        reply_to: int | None = None,
        force_reply: bool = False,
    ) -> int:
        return await self._call("sendMessage", chat_id, text, buttons=buttons)

    async def send_photo(
        self, chat_id: int, photo: bytes, caption: str | None, buttons: ButtonRows | None = None
    ) -> int:
        return await self._call("sendPhoto", chat_id, caption, data=photo, buttons=buttons)

    async def send_document(
        self, chat_id: int, document: bytes, filename: str, caption: str | None
    ) -> int:
        return await self._call("sendDocument", chat_id, caption, data=document, name=filename)

    async def edit_text(
        self, chat_id: int, message_id: int, text: str, buttons: ButtonRows | None = None
    ) -> None:
        await self._call("editMessageText", chat_id, text, message_id=message_id)

    async def copy_message(
        self, chat_id: int, from_chat_id: int, message_id: int, reply_to: int | None = None
    ) -> int:
        return await self._call("copyMessage", chat_id, None)

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        await self._call("deleteMessage", chat_id, None, message_id=message_id)

    async def answer_callback(self, callback_id: str, text: str | None, alert: bool) -> None:
        await self._call("answerCallbackQuery", 0, text)

    async def set_commands(self, commands: Any, scope: Any = None) -> None:
        return None
