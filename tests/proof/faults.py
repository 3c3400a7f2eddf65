"""The fault matrix's harness: a real ``lifelinks run`` against a faulty Bot API stand-in.

One *run* (a cell of the matrix on one framework and database):

1. A stand-in (:class:`FaultyStandIn`) listens in the test's own event loop; it records every
   message the bot sends (chat and text) and counts rate-limit breaks.
2. A fresh database gets a service (Kent), its coordinator and group, and two invites. Then
   ``python -m bot.cli run`` starts as a child process (``lifelinks run``: long polling, or
   webhook mode), with ``LIFELINKS_FAILPOINT`` set for the kill cells (``storage.failpoints``).
3. Two young people, Alex and Blake, walk the same script side by side: join with an invite,
   menu taps, free text, a support request, an alarming message. Each step waits (with a
   generous ceiling, never a fixed sleep) until the step's answers have reached their chat.
   Most kill cells walk Alex first, then Blake once nothing is on its way
   (:attr:`Cell.one_after_the_other`), so the kill strikes only the step it names.
4. The cell's fault is injected when Alex reaches :attr:`Cell.at_step`: stand-in faults (429,
   5xx, slow, hung, connection resets), duplicate and out-of-order updates, PostgreSQL stalled
   (``SIGSTOP``) or restarted. A supervisor restarts the bot whenever it dies (a failpoint's
   ``SIGKILL``), without the failpoint.
5. Once every chat has as many messages as the clean run had and nothing has arrived for a
   while, the bot is stopped and the run's messages are compared with the clean run's, as
   multisets of (chat, text with digits masked) per chat: **lost** = expected but missing,
   **doubled** = an expected text received more often than expected, **unexpected** = a text
   the clean run never sent (an apology, say). **limit breaks** come from the stand-in's
   :class:`~bot.standin.state.RateMeter`.

The clean run (cell ``none``) is the reference for its framework; it is run once per session
(first, if the cell asked for has no reference yet).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NoReturn

from aiohttp import web
from sqlalchemy import text as sql

from benchmarks.common import Child
from bot.standin.server import BotApiStandIn
from bot.standin.state import ChatState, Fault, StoredMessage
from dialogs.staff.admin import add_staff, create_invite, create_service, link_group
from storage.db import Database
from storage.migrate import upgrade
from storage.models import GroupPurpose, StaffRole
from storage.uow import unit_of_work
from tests.conftest import TEST_KEY
from tests.support.postgres import PostgresServer

TOKEN = "123456:FAULTS-TOKEN-abcdefghijklmnopqrstuvwxyz"
ALEX, BLAKE, SAM = 5001, 5002, 1001
GROUP = -100500
YOUNG = {ALEX: "Alex", BLAKE: "Blake"}
WORDS = "I need help paying for my bus pass to college"
ALARM = "i want to kill myself"
WEBHOOK_SECRET = "faults-secret"
PTB_READ_TIMEOUT = 5.0  # python-telegram-bot's default read timeout
AIOGRAM_READ_TIMEOUT = 60.0  # aiogram's default request timeout
STARTUP = 240.0  # seconds the bot may take to start
QUIET = 2.5  # seconds without a new message that mean the bot has nothing more to send
STOP_WAIT = 25.0


# ---------------------------------------------------------------------------- the script
@dataclass(frozen=True)
class Step:
    """One thing a young person does, and how many messages their chat gets for it."""

    action: str  # "send" a text, or "tap" the newest button with this label
    value: str
    expect: int


def script(code: str, full: bool = True) -> list[Step]:
    """The young person's traffic: join, menus, free text, a support request, an alarm.

    Not ``full`` (the quick sample in ``make test``): join, the menu and the alarm.
    """
    if not full:
        return [
            Step("send", f"/start {code}", 2),
            Step("tap", "Yes", 1),
            Step("tap", "Yes", 2),
            Step("send", "/menu", 1),
            Step("send", ALARM, 1),
        ]
    return [
        Step("send", f"/start {code}", 2),  # welcome and the consent question
        Step("tap", "Yes", 1),  # the sharing question
        Step("tap", "Yes", 2),  # "You're all set" and the menu (the team: "joined")
        Step("tap", "My people", 1),
        Step("send", "/menu", 1),
        Step("tap", "Ask for support", 1),
        Step("tap", "Money", 1),
        Step("send", WORDS, 1),  # free text
        Step("tap", "Next ➡", 1),
        Step("tap", "As soon as possible", 1),
        Step("tap", "Send it", 1),  # "Sent ✓" (the team: the request's card)
        Step("send", "/menu", 1),
        Step("send", ALARM, 1),  # the safety net (the team: URGENT)
    ]


def message_text(wire: dict[str, Any]) -> str:
    """What a message says (its caption for media), or its kind."""
    for key in ("text", "caption"):
        if wire.get(key):
            return str(wire[key])
    return "[" + next((k for k in ("photo", "document") if k in wire), "other") + "]"


_REFERENCE = re.compile(r"\b[A-Z]+-[A-Z0-9]+\b")
_DIGITS = re.compile(r"\d+")


def normalise(value: str) -> str:
    """A text with references and numbers masked (they differ between runs)."""
    return _DIGITS.sub("#", _REFERENCE.sub("<ref>", value))


# ---------------------------------------------------------------------------- the stand-in
# Fault "statuses" that drop the connection instead of answering (see FaultyStandIn).
DROP_REQUEST = 1001  # before the stand-in acts on the request: Telegram never got it
DROP_ANSWER = 1002  # after the stand-in acted on it: delivered, but the answer is lost
_REQUEST: contextvars.ContextVar[web.Request] = contextvars.ContextVar("request")


class FaultyStandIn(BotApiStandIn):
    """The Bot API stand-in, recording every message the bot sends, with connection resets.

    A reset is an injected :class:`~bot.standin.state.Fault` whose status is
    :data:`DROP_REQUEST` or :data:`DROP_ANSWER`, so it is matched (method, chat, times)
    exactly like the stand-in's own faults.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sent: list[tuple[int, str]] = []
        self.per_chat: Counter[int] = Counter()
        original = self.world.add_message

        def recording(chat: ChatState, content: dict[str, Any], **kw: Any) -> StoredMessage:
            stored = original(chat, content, **kw)
            if kw.get("sender") is None:
                self.sent.append((chat.chat_id, message_text(stored.wire)))
                self.per_chat[chat.chat_id] += 1
            return stored

        self.world.add_message = recording  # type: ignore[method-assign]

    def reset_connections(
        self, method: str, *, after: bool, times: int, chat_id: int | None = None
    ) -> None:
        """Drop the connection of the next ``times`` calls of ``method`` (to one chat).

        ``after=True``: Telegram acted on the request (the message is delivered) and the
        answer is lost. ``after=False``: the request is dropped before Telegram acts on it.
        """
        status = DROP_ANSWER if after else DROP_REQUEST
        self.inject_fault(method, chat_id=chat_id, status=status, times=times)

    async def _handle_api(self, request: web.Request) -> web.Response:
        token = _REQUEST.set(request)  # each request is its own task: its own context
        try:
            response = await super()._handle_api(request)
        finally:
            _REQUEST.reset(token)
        if request.get("drop_answer"):
            _drop(request)
        return response

    async def _apply_fault(self, fault: Fault) -> None:  # type: ignore[override]
        if fault.status == DROP_REQUEST:
            _drop(_REQUEST.get())
        if fault.status == DROP_ANSWER:
            _REQUEST.get()["drop_answer"] = True
            return
        await BotApiStandIn._apply_fault(fault)


def _drop(request: web.Request) -> NoReturn:
    """Close the connection without an answer, as a network failure would."""
    if request.transport is not None:
        request.transport.abort()
    raise asyncio.CancelledError


def newest_button(standin: BotApiStandIn, chat_id: int, label: str) -> tuple[int, str] | None:
    """(message id, callback data) of the newest bot message in a chat with button ``label``."""
    for message in reversed(standin.bot_messages(chat_id)):
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        for row in rows:
            for button in row:
                if button.get("text") == label and "callback_data" in button:
                    return int(message["message_id"]), str(button["callback_data"])
    return None


# ---------------------------------------------------------------------------- cells
@dataclass(frozen=True)
class Cell:
    """A fault and where it strikes; ``xfail`` says why a cell is known to lose a message."""

    name: str
    fault: str = "none"
    mode: str = "polling"
    failpoint: str | None = None
    at_step: int = 3
    postgres_only: bool = False
    xfail: str | None = None
    # Blake starts only once Alex is done and nothing is on its way. A kill then strikes
    # with no other message in flight: side by side, it could also strike another chat's
    # send, whose message the outbox's at-most-once window loses by design (the cell
    # "kill -9 sending" measures that window on its own).
    one_after_the_other: bool = False


@dataclass
class Outcome:
    """What one run counted."""

    cell: str
    framework: str
    backend: str
    lost: int
    doubled: int
    unexpected: int
    limit_breaks: int
    restarts: int
    seconds: float
    slowest: float = 0.0
    detail: list[str] = field(default_factory=list)

    def row(self) -> str:
        """One line of the printed table."""
        return (
            f"{self.cell:<26} {self.framework:<8} {self.backend:<9} {self.lost:>5} "
            f"{self.doubled:>8} {self.unexpected:>11} {self.limit_breaks:>13} "
            f"{self.restarts:>9} {self.slowest:>8.1f} {self.seconds:>8.1f}"
        )


HEADER = (
    f"{'cell':<26} {'framework':<8} {'database':<9} {'lost':>5} {'doubled':>8} "
    f"{'unexpected':>11} {'limit breaks':>13} {'restarts':>9} {'slowest':>8} {'seconds':>8}"
)
RESULTS: list[Outcome] = []
BASELINES: dict[tuple[str, bool], Counter[tuple[int, str]]] = {}


def table() -> str:
    """Every run of this session, as a table."""
    return "\n".join([HEADER, "-" * len(HEADER), *(o.row() for o in RESULTS)])


def trace(what: str, since: float) -> None:
    """With FAULTS_TRACE=1: print how long the run took to get here."""
    if os.environ.get("FAULTS_TRACE"):
        print(f"  {time.monotonic() - since:6.2f} s  {what}")


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare_database(url: str) -> dict[int, str]:
    """Migrate, then add Kent with Sam, a linked group and an invite per young person."""
    db = Database(url)
    try:
        if not db.is_postgres:
            upgrade(db)
        now = datetime.now(UTC)
        codes: dict[int, str] = {}
        with unit_of_work(db) as uow:
            create_service(uow, "kent", "Kent Lifelong Links", now, 90, 16)
            add_staff(uow, "kent", SAM, "Sam", StaffRole.COORDINATOR, now)
            link_group(uow, "kent", GroupPurpose.COORDINATORS, GROUP, now)
            for user, name in YOUNG.items():
                invite = create_invite(
                    uow, "kent", name, date(2007, 6, 1), now, coordinator_telegram_id=SAM
                )
                codes[user] = invite.code
        return codes
    finally:
        db.dispose()


class Run:
    """One cell on one framework and database, from start to the counts."""

    def __init__(
        self,
        cell: Cell,
        framework: str,
        db_url: str,
        workdir: Path,
        postgres: PostgresServer | None = None,
        full: bool = True,
    ) -> None:
        self.cell = cell
        self.full = full
        self.framework = framework
        self.db_url = db_url
        self.workdir = workdir
        self.postgres = postgres
        self.backend = "postgres" if postgres is not None else "sqlite"
        self.standin = FaultyStandIn(token=TOKEN, bot_id=123456, bot_username="FaultsTestBot")
        self.bot: Child | None = None
        self.starts = 0
        self.restarts = 0
        self.webhook_port = free_port() if cell.mode == "webhook" else 0
        self.problems: list[str] = []
        self.background: list[asyncio.Task[None]] = []
        self._supervising = True
        self._alex_done = asyncio.Event()
        # A killed worker, restarted, takes back its own stored updates at once (its stable
        # worker id). After a PostgreSQL restart, an update whose handling failed mid-way
        # waits for its claim's lease (bot.inbox.LEASE, 2 min) and the next sweep (30 s).
        lease = postgres is not None and cell.fault == "pg-restart"
        slow = lease or cell.fault in ("hung", "pg-stall")
        # A cell known to lose a message (and not waiting for a restart) waits less for it.
        short = cell.xfail is not None and cell.fault != "kill"
        self.ceiling = 45.0 if short else 240.0 if slow else 90.0
        self.slowest = 0.0

    # ------------------------------------------------------------------ the bot process
    def _env(self, failpoint: str | None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LIFELINKS_")}
        for name in ("WEBHOOK_URL", "WEBHOOK_SECRET", "PORT", "TELEGRAM_BOT_TOKEN"):
            env.pop(name, None)
        env.update(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_URL=self.standin.url,
            DATABASE_URL=self.db_url,
            ENCRYPTION_KEY=TEST_KEY,
            BOT_FRAMEWORK=self.framework,
            LOG_LEVEL="INFO",
        )
        if self.cell.mode == "webhook":
            env["WEBHOOK_URL"] = f"http://127.0.0.1:{self.webhook_port}/hook"
            env["WEBHOOK_SECRET"] = WEBHOOK_SECRET
            env["PORT"] = str(self.webhook_port)
        if failpoint:
            env["LIFELINKS_FAILPOINT"] = failpoint
        return env

    def start_bot(self, failpoint: str | None = None) -> None:
        """Start ``lifelinks run`` (its log goes to ``bot-<n>.log`` in the work directory)."""
        self.starts += 1
        log_path = self.workdir / f"bot-{self.starts}.log"
        with log_path.open("w") as log_file:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "run"],
                cwd=self.workdir,  # no .env here
                env=self._env(failpoint),
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                text=True,
            )
        self.bot = Child(f"bot-{self.starts}", process, log_path)

    async def _supervise(self) -> None:
        """Restart the bot, without the failpoint, whenever it dies."""
        while self._supervising:
            bot = self.bot
            if bot is not None and bot.process.poll() is not None:
                self.restarts += 1
                if bot.process.returncode != -signal.SIGKILL:
                    self.problems.append(
                        f"the bot exited with {bot.process.returncode}:\n{bot.log_tail(15)}"
                    )
                if self.restarts > 5:
                    self.problems.append("the bot died more than 5 times")
                    return
                self.start_bot()
            await asyncio.sleep(0.1)

    async def stop_bot(self) -> None:
        """Stop supervising, then stop the bot cleanly (SIGTERM)."""
        self._supervising = False
        if self.bot is not None:
            bot = self.bot
            code = await asyncio.to_thread(bot.stop, STOP_WAIT)
            if code is None:
                self.problems.append("the bot did not stop within 25 s of SIGTERM")

    # ------------------------------------------------------------------ waiting
    async def wait_for(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Wait until ``predicate()``; False after ``timeout`` seconds."""
        try:
            await self.standin.wait_until(predicate, timeout)
        except AssertionError:
            return False
        return True

    async def quiet(self) -> None:
        """Wait until no message has arrived for :data:`QUIET` seconds (within the ceiling)."""
        deadline = time.monotonic() + self.ceiling
        while time.monotonic() < deadline:
            count = len(self.standin.sent)
            await asyncio.sleep(QUIET)  # real time: the bot is another process
            if len(self.standin.sent) == count and not self.standin.world.pending:
                return

    # ------------------------------------------------------------------ the traffic
    async def drive(self, user: int, code: str) -> None:
        """Walk one young person through the script (see :attr:`Cell.one_after_the_other`)."""
        if not self.cell.one_after_the_other:
            await self._walk(user, code)
            return
        if user != ALEX:
            await self._alex_done.wait()
            await self.quiet()
        try:
            await self._walk(user, code)
        finally:
            if user == ALEX:
                self._alex_done.set()

    async def _walk(self, user: int, code: str) -> None:
        """Walk one young person through the script, waiting for each step's answers."""
        t0 = time.monotonic()
        expected = 0
        for index, step in enumerate(script(code, self.full)):
            if user == ALEX and index == self.cell.at_step:
                await self.inject()
            if step.action == "send":
                self.standin.user_sends(user, step.value)
            else:
                target = newest_button(self.standin, user, step.value)
                if target is None:
                    self.problems.append(f"{YOUNG[user]}: no {step.value!r} button to tap")
                    return
                self.standin.user_presses(user, target[0], target[1])
            update_id = max(self.standin.world.history)
            if self.cell.fault == "duplicates":
                self.duplicate(update_id)
            expected += step.expect
            asked = time.monotonic()
            arrived = await self.wait_for(self._has(user, expected), self.ceiling)
            self.slowest = max(self.slowest, time.monotonic() - asked)
            if not arrived:  # lost, most likely: go on if the next step still can
                self.problems.append(
                    f"{YOUNG[user]}: step {index + 1} ({step.action} {step.value[:12]!r}) "
                    f"still waiting after {self.ceiling:.0f} s"
                )
                expected = self.standin.per_chat[user]
            trace(f"{YOUNG[user]} step {index + 1}", t0)

    def _listening(self) -> bool:
        """The bot asks for updates (polling) or has set its webhook."""
        return any(method in ("getUpdates", "setWebhook") for method, _ in self.standin.calls)

    def _has(self, chat_id: int, count: int) -> Callable[[], bool]:
        """A check: the chat has received at least ``count`` bot messages."""
        return lambda: self.standin.per_chat[chat_id] >= count

    def duplicate(self, update_id: int) -> None:
        """Telegram sends the update again at once, and an older one out of order."""
        self.standin.redeliver(update_id)
        older = [u for u in self.standin.world.history if u < update_id]
        if older:
            self.standin.redeliver(random.Random(update_id).choice(older))

    # ------------------------------------------------------------------ faults
    async def inject(self) -> None:
        """Start the cell's fault (the kill cells' failpoint was armed at start)."""
        standin, fault = self.standin, self.cell.fault
        if fault == "429":
            standin.inject_fault("sendMessage", status=429, retry_after=1, times=8)
            if self.cell.mode == "polling":
                standin.inject_fault("getUpdates", status=429, retry_after=1, times=2)
        elif fault == "5xx":
            standin.inject_fault("sendMessage", status=502, times=3)
            standin.inject_fault("sendMessage", status=500, times=2)
            if self.cell.mode == "polling":
                standin.inject_fault("getUpdates", status=502, times=2)
        elif fault == "slow":
            standin.inject_fault("sendMessage", status=200, delay=1.5, times=6)
        elif fault == "hung":
            timeout = PTB_READ_TIMEOUT if self.framework == "ptb" else AIOGRAM_READ_TIMEOUT
            standin.inject_fault("sendMessage", status=200, delay=timeout + 2.0, times=1)
        elif fault == "reset-answer":
            standin.reset_connections("sendMessage", after=True, times=2, chat_id=ALEX)
        elif fault == "reset-request":
            standin.reset_connections("sendMessage", after=False, times=1, chat_id=ALEX)
        elif fault == "pg-stall":
            self.background.append(asyncio.create_task(self.stall_postgres(6.0)))
        elif fault == "pg-restart":
            self.background.append(asyncio.create_task(self.restart_postgres()))

    def _postgres_pids(self) -> list[int]:
        """The postmaster and the backends serving the bot's database."""
        assert self.postgres is not None
        pid_file = Path(self.postgres.datadir) / "postmaster.pid"
        postmaster = int(pid_file.read_text().splitlines()[0])
        name = self.db_url.rsplit("/", 1)[1]
        admin = Database(self.postgres.url())
        try:
            with admin.engine.connect() as conn:
                rows = conn.execute(
                    sql("SELECT pid FROM pg_stat_activity WHERE datname = :name"), {"name": name}
                ).all()
        finally:
            admin.dispose()
        return [postmaster, *(int(row[0]) for row in rows)]

    async def stall_postgres(self, seconds: float) -> None:
        """Freeze PostgreSQL (SIGSTOP) for a while, then let it go on (SIGCONT)."""
        pids = await asyncio.to_thread(self._postgres_pids)
        stopped: list[int] = []
        try:
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGSTOP)
                    stopped.append(pid)
            await asyncio.sleep(seconds)
        finally:
            for pid in stopped:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGCONT)

    async def restart_postgres(self) -> None:
        """Restart the PostgreSQL server (fast shutdown: every connection is dropped)."""
        assert self.postgres is not None
        await asyncio.sleep(0.5)  # while the young people's updates are on their way
        status = await asyncio.to_thread(self.postgres.restart, check=False)
        if status != 0:
            self.problems.append(f"pg_ctl restart failed with {status}")

    # ------------------------------------------------------------------ the whole run
    async def run(self, baseline: Counter[tuple[int, str]] | None) -> Outcome:
        """Run the cell; compare with ``baseline`` (None: this is the clean run)."""
        began = time.monotonic()
        for user, name in YOUNG.items():
            self.standin.add_user(user, name)
        self.standin.add_user(SAM, "Sam")
        self.standin.add_group(GROUP, "Kent coordinators", member_ids=[SAM])
        await self.standin.start()
        codes = await asyncio.to_thread(prepare_database, self.db_url)
        self.start_bot(self.cell.failpoint)
        supervisor = asyncio.create_task(self._supervise())
        try:
            # Start-up is not a step: a loaded machine may take a minute to import and migrate.
            if not await self.wait_for(self._listening, STARTUP):
                self.problems.append(f"the bot did not start within {STARTUP:.0f} s")
            await asyncio.gather(*(self.drive(user, code) for user, code in codes.items()))
            if baseline is not None and not self.problems:
                totals = Counter(chat for chat, _ in baseline.elements())
                await self.wait_for(
                    lambda: all(self.standin.per_chat[c] >= n for c, n in totals.items()),
                    self.ceiling,
                )
            trace("traffic done", began)
            await self.quiet()
            for task in self.background:
                await task
            trace("quiet", began)
            unused = [f"{f.method} {f.status}" for f in self.standin.world.faults if f.times]
            if unused:
                self.problems.append(f"faults never struck: {', '.join(unused)}")
        finally:
            await self.stop_bot()
            trace("stopped", began)
            supervisor.cancel()
            await asyncio.gather(supervisor, return_exceptions=True)
            await self.standin.stop()
        got = Counter((chat, normalise(said)) for chat, said in self.standin.sent)
        outcome = self.count(got, baseline if baseline is not None else got)
        outcome.seconds = time.monotonic() - began
        outcome.slowest = self.slowest
        if baseline is None:
            BASELINES[self.framework, self.full] = got
        RESULTS.append(outcome)
        return outcome

    def count(self, got: Counter[tuple[int, str]], expected: Counter[tuple[int, str]]) -> Outcome:
        """Lost, doubled and unexpected messages, as multisets per chat."""
        lost = expected - got
        extra = got - expected
        doubled = Counter({k: n for k, n in extra.items() if k in expected})
        unexpected = Counter({k: n for k, n in extra.items() if k not in expected})
        detail = [*self.problems]
        for label, counter in (("lost", lost), ("doubled", doubled), ("unexpected", unexpected)):
            for (chat, said), n in counter.items():
                detail.append(f"{label} ×{n} in chat {chat}: {said[:60]!r}")
        return Outcome(
            cell=self.cell.name,
            framework=self.framework,
            backend=self.backend,
            lost=sum(lost.values()),
            doubled=sum(doubled.values()),
            unexpected=sum(unexpected.values()),
            limit_breaks=self.standin.rate_violations,
            restarts=self.restarts,
            seconds=0.0,
            detail=detail,
        )


async def clean_run(framework: str, db_url: str, workdir: Path, full: bool = True) -> Outcome:
    """The reference run for a framework: no fault; checks the script's own counts."""
    run = Run(Cell("none"), framework, db_url, workdir, full=full)
    outcome = await run.run(None)
    per_user = sum(step.expect for step in script("x", full))
    for user in YOUNG:
        if run.standin.per_chat[user] != per_user:
            outcome.detail.append(
                f"{YOUNG[user]} got {run.standin.per_chat[user]} messages, the script says "
                f"{per_user}"
            )
    return outcome


Runner = Callable[[], Awaitable[Outcome]]


def report(outcome: Outcome) -> None:
    """Print one cell's counts (visible with -s; the whole table ends the run)."""
    print(f"\n{HEADER}\n{outcome.row()}")
    for line in outcome.detail:
        print(f"    {line}")
