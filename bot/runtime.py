"""Framework-neutral bot runtime: engine, outbox sender and start-up chores.

Adapters translate updates into Events and call :meth:`BotRuntime.handle`; everything
else (threading the engine, per-chat ordering, delivery, the outbox) lives here once.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import defaultdict
from urllib.parse import urlparse

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.delivery import answer_callback, send_unstored
from bot.menus import CommandMenus
from bot.settings import Settings
from dialogs.core.clock import Clock, SystemClock
from dialogs.core.events import Event
from dialogs.engine import Engine
from dialogs.pictures.worker import Renderer
from scheduler.jobs import start_scheduler
from scheduler.outbox.limits import RateLimiter
from scheduler.outbox.sender import OutboxSender
from scheduler.transport import Transport
from scheduler.wiring import domain_reactions
from storage import failpoints
from storage.db import Database
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+(.*))?$", re.DOTALL)
SHUTDOWN_WAIT = 15.0  # seconds the outbox sender gets to finish its sends on shutdown
# Replies that greet a member of staff: their private chat gets the staff command menu.
STAFF_GREETING_KEYS = frozenset({"staff.welcome"})


def parse_command(text: str, bot_username: str) -> tuple[str, str] | None:
    """``/cmd[@bot] args`` → (cmd, args); None if not a command for this bot."""
    match = COMMAND.match(text.strip())
    if match is None:
        return None
    name, target, args = match.groups()
    if target and bot_username and target.lower() != bot_username.lower():
        return None
    return name.lower(), (args or "").strip()


def bot_id_from_token(token: str) -> int:
    """The bot's numeric id is the part of the token before the colon."""
    head = token.split(":", 1)[0]
    return int(head) if head.isdigit() else 0


class BotRuntime:
    """What both adapters share: engine calls, ordering per chat, delivery, the outbox."""

    def __init__(
        self,
        settings: Settings,
        db: Database,
        clock: Clock | None = None,
        concurrency: int = 8,
        poll_timeout: int = 10,
        outbox_interval: float = 1.0,
        run_sweeps: bool = True,
        limiter: RateLimiter | None = None,
        renderer: Renderer | None = None,
    ) -> None:
        assert settings.TELEGRAM_BOT_TOKEN is not None
        self.settings = settings
        self.db = db
        self.clock = clock or SystemClock()
        self.concurrency = concurrency
        self.poll_timeout = poll_timeout
        self.outbox_interval = outbox_interval
        self.run_sweeps = run_sweeps
        self.limiter = limiter  # None: Telegram's limits (tests may compress time)
        self.renderer = renderer  # draws pictures for the sender; None: a worker thread
        self.scheduler: AsyncIOScheduler | None = None
        self.engine = Engine(db, self.clock, bot_id_from_token(settings.TELEGRAM_BOT_TOKEN))
        self.bot_username = ""
        self.sender: OutboxSender | None = None
        self._sender_task: asyncio.Task[None] | None = None
        self.menus: CommandMenus | None = None
        self._menus_task: asyncio.Task[None] | None = None
        self._chat_locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)

    @property
    def token(self) -> str:
        """The bot token (a runtime always has one)."""
        assert self.settings.TELEGRAM_BOT_TOKEN is not None
        return self.settings.TELEGRAM_BOT_TOKEN

    @property
    def webhook_path(self) -> str:
        """The local path the webhook server listens on (the path of WEBHOOK_URL)."""
        return urlparse(self.settings.WEBHOOK_URL or "").path.lstrip("/")

    async def handle(self, event: Event, transport: Transport) -> None:
        """Run the engine for one event, then send what it queued at once (the fast path).

        Every reply is an outbox row committed with the update's changes; right after the
        commit the rows go to the outbox sender, which claims and paces them like any other
        row (same claim, same limiter), so a crash, a slow Telegram or a burst loses or
        doubles nothing.  Only the button's callback answer is sent directly here.
        """
        # Updates of one chat are handled one at a time, so a double tap can't race itself,
        # and their rows get ids in order (the sender keeps a chat's rows in id order);
        # different chats run side by side.
        async with self._chat_locks[event.chat_id]:
            # On the event loop's thread: a thread hop would cost more than the transaction
            # (GIL hand-offs at every round trip). On PostgreSQL the call is bounded, and run
            # again in a thread if the server stalls: the engine's dedupe makes that safe
            # (storage.onloop).
            handled = await self.db.on_loop.run(lambda: self.engine.handle_queued(event))
            failpoints.hit("update.committed")
            if self.sender is not None:
                if handled.due_now:
                    self.sender.send_now(handled.due_now)
                elif handled.queued:
                    self.sender.poke()
        if handled.due_now:
            # Let the fast path's sends start first: the messages are what the person
            # waits for, while the callback answer only stops the button's spinner, and the
            # framework's own after-work (then the lane's next update) can wait a turn.
            await asyncio.sleep(0)
        await answer_callback(transport, event, handled.replies)
        if handled.unstored:
            await send_unstored(transport, event, handled.unstored)
        if self.menus is not None and any(r.key in STAFF_GREETING_KEYS for r in handled.replies):
            await self.menus.for_staff(event.user_id)

    async def started(self, bot_id: int, username: str, transport: Transport) -> None:
        """After the framework knows who the bot is: remember it, set commands, start sending."""
        self.bot_username = username
        self.engine.bot_id = bot_id
        with unit_of_work(self.db) as uow:
            uow.settings.set("bot_username", username)
        self.menus = CommandMenus(self.db, transport)
        await self.menus.set_shared()
        self._menus_task = asyncio.create_task(self.menus.set_all_staff())
        self.scheduler = start_scheduler(self.db, self.clock) if self.run_sweeps else None
        self.sender = OutboxSender(
            self.db,
            transport,
            self.clock,
            reactions=domain_reactions(),
            limiter=self.limiter,
            renderer=self.renderer,
        )
        self._sender_task = asyncio.create_task(self.sender.run_forever(self.outbox_interval))
        log.info("bot @%s started", username)

    async def stopping(self) -> None:
        """Stop the outbox sender before the framework shuts down."""
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
        if self._menus_task is not None:
            self._menus_task.cancel()
        if self.sender is not None:
            self.sender.stop()
        if self._sender_task is not None:
            # Sends in flight finish and are marked; a shutdown never waits on them for ever.
            done, _ = await asyncio.wait({self._sender_task}, timeout=SHUTDOWN_WAIT)
            if not done:
                log.error("outbox sender did not stop within %.0f s; cancelled", SHUTDOWN_WAIT)
                self._sender_task.cancel()

    def closed(self) -> None:
        """After the framework has stopped delivering updates: release the database threads."""
        self.db.on_loop.close()
