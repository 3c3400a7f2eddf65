"""`lifelinks playground`: the real bot against a local Bot API stand-in, with a web chat page.

Nothing leaves the machine and no token is needed. Each run (and each *Reset world*) starts
from a clean demo world: a demo service, a coordinator (Sam), a coordinators group, an invite
for Alex and Alex's plan with a review coming up (see ``bot.playground_world``). The page has
three chats (Alex; the group as Sam; Sam's private chat with the bot), a "what to try" list,
a *Clock* that moves only the playground's time on and runs the real sweeps at once, and a
*Reset world* button. An invite link tapped on the page (say, the one ``/newcase`` makes)
opens in a new young person's chat, as it would on their phone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.playground_world import (
    COORDINATOR_ID,
    COORDINATORS_GROUP,
    MANAGER_ID,
    MANAGERS_GROUP,
    YOUNG_PERSON_ID,
    Checklist,
    DemoWorld,
    PlaygroundClock,
    first_of_next_month,
    invite_used,
    invitee_name,
    next_review,
    nine_tomorrow,
    run_sweeps,
    seed_demo,
)
from bot.ptb import PtbAdapter
from bot.runtime import BotRuntime
from bot.settings import Settings
from bot.standin.server import BotApiStandIn
from dialogs.core.quiet import in_quiet_hours
from storage import crypto
from storage.db import Database
from storage.migrate import upgrade

log = logging.getLogger(__name__)

PLAYGROUND_TOKEN = "100200300:PLAYGROUND-local-only-token-000000"  # noqa: S105 - not a secret
PLAYGROUND_BOT = "LifelinksPlaygroundBot"
CLOCK_STEPS = ("hour", "day", "review", "morning", "month")
# Telegram ids of the young people whose invites are opened from the page (Jordan, ...).
NEWCOMER_FIRST_ID = 3001
START_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what Telegram allows after ?start=

__all__ = [
    "COORDINATORS_GROUP",
    "COORDINATOR_ID",
    "MANAGERS_GROUP",
    "MANAGER_ID",
    "PLAYGROUND_BOT",
    "PLAYGROUND_TOKEN",
    "YOUNG_PERSON_ID",
    "DemoWorld",
    "Playground",
    "build_standin",
    "newcomer_panel",
    "panels_for",
    "run_playground",
]


def build_standin(port: int) -> BotApiStandIn:
    """The stand-in with the demo people and group (the panels come with each world)."""
    standin = BotApiStandIn(
        token=PLAYGROUND_TOKEN,
        bot_id=int(PLAYGROUND_TOKEN.split(":")[0]),
        bot_username=PLAYGROUND_BOT,
        port=port,
    )
    standin.add_user(YOUNG_PERSON_ID, "Alex")
    standin.add_user(COORDINATOR_ID, "Sam")
    standin.add_group(COORDINATORS_GROUP, "Demo coordinators", member_ids=[COORDINATOR_ID])
    standin.add_user(MANAGER_ID, "Priya")
    standin.add_group(MANAGERS_GROUP, "Demo managers", member_ids=[MANAGER_ID])
    return standin


def panels_for(world: DemoWorld) -> list[dict[str, Any]]:
    """The page's four chats, each with a card that says who you are there."""
    ref = world.reference
    return [
        {
            "title": "Alex (young person) — private chat with Lifelinks",
            "tab": "Alex",
            "chat_id": YOUNG_PERSON_ID,
            "as_user_id": YOUNG_PERSON_ID,
            "quick_texts": ["/menu", "/help", "/cancel"],
            "intro": {
                "title": "You are Alex, 17. Tap Join to start",
                "text": "Your Lifelong Links worker, Sam, sent you an invite link. "
                "Joining opens it, as tapping the link would in Telegram.",
                "button": "Join",
                "send": f"/start {world.invite_code}",
            },
        },
        {
            "title": "Demo coordinators group — you are Sam",
            "tab": "Team",
            "chat_id": COORDINATORS_GROUP,
            "as_user_id": COORDINATOR_ID,
            "quick_texts": [],
            "intro": {
                "title": "You are Sam, Alex's Lifelong Links worker",
                "text": "Alex's requests for support and plan reviews arrive here as cards. "
                "Pick one up, then use Reply on the card to answer Alex.",
            },
        },
        {
            "title": "Sam — private chat with Lifelinks",
            "tab": "Sam",
            "chat_id": COORDINATOR_ID,
            "as_user_id": COORDINATOR_ID,
            "quick_texts": ["/caseload", f"/case {ref}", f"/plan {ref}", "/newcase"],
            "intro": {
                "title": "Sam's own chat with the bot",
                "text": f"Staff commands work here. Alex's case is {ref}: "
                "tap /caseload or /plan to start.",
            },
        },
        {
            "title": "Demo managers group — you are Priya",
            "tab": "Managers",
            "optional": True,  # folded on a laptop until its toggle is pressed
            "chat_id": MANAGERS_GROUP,
            "as_user_id": MANAGER_ID,
            "quick_texts": ["/report"],
            "intro": {
                "title": "You are Priya, the team's manager",
                "text": "The monthly digest and outcome report arrive here on the 1st. "
                "Tap /report for this month's figures, or move the Clock to next month.",
            },
        },
    ]


def newcomer_panel(user_id: int, name: str) -> dict[str, Any]:
    """The chat of a young person whose invite link was tapped on the page."""
    return {
        "title": f"{name} (young person) — private chat with Lifelinks",
        "tab": name,
        "chat_id": user_id,
        "as_user_id": user_id,
        "quick_texts": ["/menu", "/help", "/cancel"],
        "intro": {
            "title": f"You are {name}",
            "text": "Your worker's invite link opened this chat, as tapping it would on "
            "your phone.",
        },
    }


class Playground:
    """The stand-in (kept for the whole run) and the current demo world with its bot."""

    def __init__(self, base: Settings, port: int, folder: Path) -> None:
        self.base = base
        self.folder = folder
        self.standin = build_standin(port)
        self.clock = PlaygroundClock()
        # Message dates follow the demo clock, so a jump shows in the chats too.
        self.standin.world.wall_clock = lambda: self.clock.timestamp()
        self.key = crypto.generate_key()
        crypto.configure_keys(self.key)
        self.generation = 0
        self.db: Database | None = None
        self.world: DemoWorld | None = None
        self.runtime: BotRuntime | None = None
        self.checklist: Checklist | None = None
        # Invites opened from the page in this world: start code -> (Telegram id, name).
        self.newcomers: dict[str, tuple[int, str]] = {}
        self._bot: contextlib.AsyncExitStack | None = None
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        """Serve the page and start the first world."""
        await self.standin.start()
        await self._start_world()

    async def stop(self) -> None:
        """Stop the bot, then the stand-in."""
        await self._stop_world()
        await self.standin.stop()

    async def _start_world(self) -> None:
        self.generation += 1
        self.clock = PlaygroundClock()
        db = Database(f"sqlite:///{self.folder}/playground-{self.generation}.db")
        upgrade(db)
        world = seed_demo(db, self.clock.now())
        self.db, self.world = db, world
        self.checklist = Checklist(db, world, self.standin)
        self.newcomers = {}
        self._configure_page()
        settings = self.base.model_copy(
            update={
                "TELEGRAM_BOT_TOKEN": PLAYGROUND_TOKEN,
                "TELEGRAM_API_URL": self.standin.url,
                "DATABASE_URL": db.url,
                "ENCRYPTION_KEY": self.key,
                "WEBHOOK_URL": None,
                "WEBHOOK_SECRET": None,
            }
        )
        self.runtime = BotRuntime(
            settings, db, clock=self.clock, poll_timeout=2, outbox_interval=0.5
        )
        stack = contextlib.AsyncExitStack()
        await stack.enter_async_context(PtbAdapter(self.runtime).running())
        self._bot = stack

    async def _stop_world(self) -> None:
        if self._bot is not None:
            await self._bot.aclose()
            self._bot = None
        if self.db is not None:
            self.db.dispose()
            self.db = None
            # A reset world's data are gone for good, as the page's confirm step says.
            for leftover in self.folder.glob(f"playground-{self.generation}.db*"):
                leftover.unlink(missing_ok=True)

    def _configure_page(self) -> None:
        assert self.world is not None
        newcomers = [newcomer_panel(uid, name) for uid, name in self.newcomers.values()]
        self.standin.configure_page(
            panels_for(self.world) + newcomers,
            status=self.status,
            actions={"clock": self.move_clock, "reset": self.reset, "open_link": self.open_link},
        )

    async def open_link(self, body: dict[str, Any]) -> dict[str, Any]:
        """A ``t.me/<bot>?start=<code>`` link tapped on the page: whoever it was made for
        opens it, as on their phone. Alex's invite opens Alex's chat; another invite (from
        ``/newcase``) opens a new chat for the young person named on it."""
        code = body.get("start")
        if not isinstance(code, str) or not START_CODE.fullmatch(code):
            raise ValueError("start must be the code after ?start= in the link")
        async with self._lock:
            assert self.db is not None and self.world is not None
            added = False
            if code == self.world.invite_code:
                user_id, name = YOUNG_PERSON_ID, "Alex"
            elif code in self.newcomers:
                user_id, name = self.newcomers[code]
            else:
                found = await asyncio.to_thread(invitee_name, self.db, code)
                if found is None:
                    raise ValueError("That link is not an invite of this world.")
                user_id, name = NEWCOMER_FIRST_ID + len(self.newcomers), found
                self.newcomers[code] = (user_id, name)
                self.standin.add_user(user_id, name)
                self._configure_page()
                added = True
            self.standin.user_sends(user_id, f"/start {code}")
        return {"chat_id": user_id, "name": name, "added": added, "status": self.status()}

    async def reset(self, body: dict[str, Any]) -> dict[str, Any]:
        """A fresh demo world without a restart: new data, empty chats, the clock back to now."""
        if body.get("confirm") is not True:
            raise ValueError('reset needs {"confirm": true}')
        async with self._lock:
            await self._stop_world()
            self.standin.reset()
            await self._start_world()
        log.info("playground world reset")
        return {"status": self.status()}

    async def move_clock(self, body: dict[str, Any]) -> dict[str, Any]:
        """Move the demo clock on by a step, then run every sweep at once, as live."""
        step = body.get("step")
        if step not in CLOCK_STEPS:
            raise ValueError(f"step must be one of {', '.join(CLOCK_STEPS)}")
        async with self._lock:
            assert self.db is not None and self.world is not None and self.runtime is not None
            now = self.clock.now()
            if step == "hour":
                self.clock.advance(timedelta(hours=1))
            elif step == "day":
                self.clock.advance(timedelta(days=1))
            elif step == "morning":
                self.clock.move_to(nine_tomorrow(now))
            elif step == "month":
                self.clock.move_to(first_of_next_month(now))
            else:
                due = next_review(self.db, self.world)
                if due is None or due <= now:
                    raise ValueError("no review is coming up: the plan's review is already due")
                self.clock.move_to(due)
            queued = await asyncio.to_thread(run_sweeps, self.db, self.clock)
            if self.runtime.sender is not None:
                self.runtime.sender.poke()
        return {"queued": queued, "status": self.status()}

    def status(self) -> dict[str, Any]:
        """The demo clock, the next review and the "what to try" list, for the page."""
        review: datetime | None = None
        items: list[dict[str, Any]] = []
        used = False
        if self.db is not None and self.world is not None and self.checklist is not None:
            review = next_review(self.db, self.world)
            items = self.checklist.items()
            used = invite_used(self.db, self.world)
        return {
            "clock": self.clock.timestamp(),
            "moved": self.clock.offset > timedelta(0),
            # The demo service keeps the default quiet hours; the sweeps read the same.
            "quiet": in_quiet_hours(self.clock.now()),
            "next_review": review.timestamp() if review is not None else None,
            "checklist": items,
            "invite_used": used,  # the Join card stays until then
            "clock_steps": list(CLOCK_STEPS),
        }


async def run_playground(base: Settings, port: int = 8000, workdir: Path | None = None) -> None:
    """Run the playground until interrupted."""
    folder = workdir or Path(tempfile.mkdtemp(prefix="lifelinks-playground-"))
    playground = Playground(base, port, folder)
    await playground.start()
    try:
        print(
            f"\nLifelinks playground is running: open {playground.standin.url}/ in your browser.\n"
            "Tap Join in Alex's chat to start; the list at the top says what to try next. "
            "Ctrl-C stops it.\n",
            flush=True,
        )
        await asyncio.Event().wait()
    finally:
        await playground.stop()
