"""`lifelinks playground`: the real bot against a local Bot API stand-in, with a web chat page.

Nothing leaves the machine and no token is needed. Each run starts from a clean demo world:
a demo service, a coordinator (Sam), a coordinators group and an invite for Alex.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.ptb import PtbAdapter
from bot.runtime import BotRuntime
from bot.settings import Settings
from bot.standin.server import BotApiStandIn
from dialogs.admin import add_staff, create_invite, create_service, link_group
from scheduler.clock import SystemClock
from storage import crypto
from storage.db import Database
from storage.migrate import upgrade
from storage.models import GroupPurpose, StaffRole
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

PLAYGROUND_TOKEN = "100200300:PLAYGROUND-local-only-token-000000"  # noqa: S105 - not a secret
PLAYGROUND_BOT = "LifelinksPlaygroundBot"
YOUNG_PERSON_ID = 5001
COORDINATOR_ID = 1001
COORDINATORS_GROUP = -1001001


@dataclass(frozen=True)
class DemoWorld:
    """What the seeding made, for the page and the tests."""

    invite_code: str
    reference: str


def seed_demo(db: Database) -> DemoWorld:
    """A demo service with a coordinator, a linked coordinators group and one invite."""
    now = SystemClock().now()
    with unit_of_work(db) as uow:
        create_service(uow, "demo", "Demo Lifelong Links", now, 90, 16)
        add_staff(uow, "demo", COORDINATOR_ID, "Sam", StaffRole.COORDINATOR, now)
        link_group(uow, "demo", GroupPurpose.COORDINATORS, COORDINATORS_GROUP, now)
        invite = create_invite(
            uow, "demo", "Alex", date(2007, 5, 1), now, coordinator_telegram_id=COORDINATOR_ID
        )
    return DemoWorld(invite_code=invite.code, reference=invite.reference)


def build_standin(port: int, world: DemoWorld) -> BotApiStandIn:
    """The stand-in with the demo people, group and page layout."""
    standin = BotApiStandIn(
        token=PLAYGROUND_TOKEN,
        bot_id=int(PLAYGROUND_TOKEN.split(":")[0]),
        bot_username=PLAYGROUND_BOT,
        port=port,
    )
    standin.add_user(YOUNG_PERSON_ID, "Alex")
    standin.add_user(COORDINATOR_ID, "Sam")
    standin.add_group(COORDINATORS_GROUP, "Demo coordinators", member_ids=[COORDINATOR_ID])
    standin.configure_page(
        panels=[
            {
                "title": "Alex (young person) — private chat with Lifelinks",
                "chat_id": YOUNG_PERSON_ID,
                "as_user_id": YOUNG_PERSON_ID,
                "quick_texts": [f"/start {world.invite_code}", "/menu", "/help", "/cancel"],
            },
            {
                "title": "Demo coordinators group — you are Sam",
                "chat_id": COORDINATORS_GROUP,
                "as_user_id": COORDINATOR_ID,
                "quick_texts": [],
            },
        ]
    )
    return standin


async def run_playground(base: Settings, port: int = 8000, workdir: Path | None = None) -> None:
    """Run the playground until interrupted."""
    folder = workdir or Path(tempfile.mkdtemp(prefix="lifelinks-playground-"))
    key = crypto.generate_key()
    crypto.configure_keys(key)
    db = Database(f"sqlite:///{folder}/playground.db")
    upgrade(db)
    world = seed_demo(db)
    standin = build_standin(port, world)
    await standin.start()
    settings = base.model_copy(
        update={
            "TELEGRAM_BOT_TOKEN": PLAYGROUND_TOKEN,
            "TELEGRAM_API_URL": standin.url,
            "DATABASE_URL": db.url,
            "ENCRYPTION_KEY": key,
            "WEBHOOK_URL": None,
            "WEBHOOK_SECRET": None,
        }
    )
    runtime = BotRuntime(settings, db, poll_timeout=2, outbox_interval=0.5)
    adapter = PtbAdapter(runtime)
    try:
        async with adapter.running():
            print(
                f"\nLifelinks playground is running: open {standin.url}/ in your browser.\n"
                f"Tap “/start {world.invite_code[:6]}…” on the left to join as Alex. "
                "Ctrl-C stops it.\n",
                flush=True,
            )
            await asyncio.Event().wait()
    finally:
        await standin.stop()
        db.dispose()
