"""End-to-end fixtures: the Bot API stand-in on 127.0.0.1 and the real adapter against it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import date
from typing import Any

import pytest

from bot.aiogram_ import AiogramAdapter
from bot.app import build_adapter
from bot.ptb import PtbAdapter
from bot.runtime import BotRuntime
from bot.settings import Settings
from bot.standin.server import BotApiStandIn
from dialogs.core.clock import FakeClock
from dialogs.staff.admin import InviteResult, add_staff, create_invite, create_service, link_group
from scheduler.outbox.limits import PRIVATE_BURST, RateLimiter
from storage.db import Database
from storage.models import GroupPurpose, StaffRole
from storage.uow import unit_of_work
from tests.conftest import TEST_KEY
from tests.support.seed import ALEX, GROUP, SAM, seed_kent

TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"
JO = 1002  # Kent's second coordinator
PAT = 1003  # Surrey's coordinator
STRANGER = 7001
SURREY_GROUP = -100600
# A test taps at machine speed, ten times a second, where a person reads for seconds. So the
# per-chat pace (a burst of 4, then one a second) runs 20 times faster here, on both sides:
# the bot's limiter and the stand-in's meter. The model (burst, then a steady pace, counted
# by the stand-in on its own) is the same; tests/unit/test_outbox.py checks the real pace.
E2E_PRIVATE_RATE = 20.0  # messages per second to one private chat, after the burst


def e2e_limiter() -> RateLimiter:
    """The bot's limiter for these tests: Telegram's limits, the private pace compressed."""
    return RateLimiter(private_gap=1.0 / E2E_PRIVATE_RATE)


@pytest.fixture
async def standin() -> AsyncIterator[BotApiStandIn]:
    server = BotApiStandIn(token=TOKEN, bot_id=123456, bot_username="LifelinksTestBot")
    await server.start()
    server.add_user(ALEX, "Alex")
    server.add_user(SAM, "Sam")
    server.add_user(7001, "Stranger")
    server.add_group(GROUP, "Kent coordinators", member_ids=[SAM])
    server.world.rate.pace_private(PRIVATE_BURST, E2E_PRIVATE_RATE)
    yield server
    await server.stop()


def make_settings(standin: BotApiStandIn, db: Database, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": standin.url,
        "DATABASE_URL": db.url,
        "ENCRYPTION_KEY": TEST_KEY,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


BotFactory = Callable[..., AbstractAsyncContextManager[BotRuntime]]
FrameworkAdapter = PtbAdapter | AiogramAdapter
AdapterFactory = Callable[..., AbstractAsyncContextManager[FrameworkAdapter]]


@pytest.fixture(params=["ptb", "aiogram"])
def framework(request: pytest.FixtureRequest) -> str:
    """Every end-to-end test runs through both frameworks."""
    return str(request.param)


def adapter_factory(
    standin: BotApiStandIn,
    db: Database,
    clock: FakeClock,
    framework: str,
    prepare: Callable[[FrameworkAdapter], None] | None = None,
) -> AdapterFactory:
    """``async with factory(**settings) as adapter``: the real adapter until the block ends.

    ``prepare`` sees the adapter before it starts (to tune its client, say).
    """

    @asynccontextmanager
    async def running(**overrides: Any) -> AsyncIterator[FrameworkAdapter]:
        settings = make_settings(standin, db, BOT_FRAMEWORK=framework, **overrides)
        # Sweeps are driven by the tests themselves, with the fake clock.
        runtime = BotRuntime(
            settings,
            db,
            clock,
            poll_timeout=1,
            outbox_interval=0.05,
            run_sweeps=False,
            limiter=e2e_limiter(),
        )
        adapter = build_adapter(runtime)
        assert isinstance(adapter, PtbAdapter | AiogramAdapter)
        if prepare is not None:
            prepare(adapter)
        async with adapter.running():
            yield adapter

    return running


@pytest.fixture
def run_adapter(
    standin: BotApiStandIn, db: Database, clock: FakeClock, framework: str
) -> AdapterFactory:
    """``async with run_adapter(**settings) as adapter``: its inbox exposed to the test."""
    return adapter_factory(standin, db, clock, framework)


@pytest.fixture
def run_bot(standin: BotApiStandIn, db: Database, clock: FakeClock, framework: str) -> BotFactory:
    """``async with run_bot(): ...`` runs the real adapter until the block ends."""
    # Built here, not from the run_adapter fixture: other suites import this fixture alone.
    adapter_running = adapter_factory(standin, db, clock, framework)

    @asynccontextmanager
    async def running(**overrides: Any) -> AsyncIterator[BotRuntime]:
        async with adapter_running(**overrides) as adapter:
            yield adapter.runtime

    return running


@pytest.fixture
def kent(db: Database, clock: FakeClock) -> dict[str, InviteResult]:
    """A service with a coordinator, a linked coordinators group and invites."""
    now = clock.now()
    with unit_of_work(db) as uow:
        alex = seed_kent(uow, now)
        kim = create_invite(uow, "kent", "Kim", date(2013, 2, 2), now, coordinator_telegram_id=SAM)
        spare = create_invite(uow, "kent", "Jo", date(2007, 1, 1), now)
    return {"alex": alex, "kim": kim, "spare": spare}


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """Label → callback data of a bot message's inline keyboard."""
    markup = message.get("reply_markup") or {}
    return {b["text"]: b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row}


async def press(standin: BotApiStandIn, user: int, message: dict[str, Any], label: str) -> None:
    """Tap a button on a bot message, as the user would."""
    standin.user_presses(user, message["message_id"], buttons(message)[label])


@pytest.fixture
def team(standin: BotApiStandIn, db: Database, clock: FakeClock, kent: dict[str, Any]) -> None:
    """Kent gets a second coordinator; Surrey is another service with its own group."""
    now = clock.now()
    standin.add_user(JO, "Jo")
    standin.add_user(PAT, "Pat")
    standin.add_group(GROUP, "Kent coordinators", member_ids=[SAM, JO, STRANGER, PAT])
    standin.add_group(SURREY_GROUP, "Surrey coordinators", member_ids=[PAT])
    with unit_of_work(db) as uow:
        add_staff(uow, "kent", JO, "Jo", StaffRole.COORDINATOR, now)
        create_service(uow, "surrey", "Surrey Lifelong Links", now, 90, 16)
        add_staff(uow, "surrey", PAT, "Pat", StaffRole.COORDINATOR, now)
        link_group(uow, "surrey", GroupPurpose.COORDINATORS, SURREY_GROUP, now)
        create_invite(uow, "surrey", "Robin", date(2007, 3, 3), now)
