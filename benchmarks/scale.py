"""Several real ``lifelinks run`` workers in webhook mode on one PostgreSQL, behind one port.

Used by ``benchmarks/bench_scale.py`` (figures) and ``tests/proof/test_scale_out.py`` (the
proof). Everything but the workers runs in the caller's event loop:

* the Bot API stand-in, whose webhook pusher is swapped for :class:`ConcurrentPusher`: like
  Telegram, it keeps several deliveries in flight (up to ``max_connections``), each on a
  connection of its own, so connections spread over the workers;
* :class:`RoundRobinProxy`, one local port in front of the workers' own ports (each worker's
  webhook server binds ``PORT``; ``aiohttp``'s server is not started with ``SO_REUSEPORT``,
  so a small TCP proxy stands in for the load balancer a deployment would have);
* the users (:class:`Driver`): strangers who write once, young people who join by invite
  (a text and two taps), and young people who join and then ask for support (six more
  steps, ending in a card in their service's group). A user waits for the bot's answer
  before the next step, as a person does, so one chat never has two updates in flight.

:func:`audit` then checks the database and the stand-in against each other: every update
stored once and handled once, every outbox row sent once, and each chat holding exactly as
many bot messages as the outbox sent to it. That is "0 duplicates, 0 losses".
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks.common import cpu_seconds
from storage.advisory import SENDER_LOCK_KEY

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
TOKEN = "123456:SCALE-OUT-abcdefghijklmnopqrstuvwxyz"
BOT_ID = 123456
USERNAME = "LifelinksScaleBot"
SECRET = "scale-out-secret"
HOOK_PATH = "/telegram"
FIRST_USER = 5_000_001
FIRST_COORDINATOR = 2_000_001
FIRST_GROUP = -1_008_000_001
USERS_PER_SERVICE = 20  # one coordinator and one group per 20 users
# Of every 20 users: 1 joins and asks for support, 4 join, 15 are strangers who write once.
ROLES = ("support",) + ("join",) * 4 + ("stranger",) * 15
STEPS = {"stranger": 1, "join": 3, "support": 9}  # updates each role sends
# A step's answer may wait behind everyone else's (30 messages/s, about 2.6 messages a
# person): so much per person in the run, on top of a fixed allowance.
STEP_TIMEOUT = 180.0
STEP_TIMEOUT_PER_PERSON = 0.15
LEASE_SECONDS = 120  # bot.inbox.LEASE


# ============================================================================ the stand-in
class ConcurrentPusher:
    """A webhook pusher with up to ``max_connections`` deliveries in flight, as Telegram has.

    Each POST uses a fresh connection, so a proxy that balances connections balances updates.
    An update is taken off the queue only after a 2xx; otherwise it is posted again.
    """

    def __init__(self, world: Any) -> None:
        self.world = world
        self.url = ""
        self.secret: str | None = None
        self.max_connections = 40
        self.last_error: tuple[int, str] | None = None
        self.posted = 0
        self.failed = 0
        self._tasks: list[asyncio.Task[None]] = []
        self._busy: set[int] = set()
        self._session: aiohttp.ClientSession | None = None

    def configure(self, url: str, secret: str | None, max_connections: int | None) -> None:
        """setWebhook (every worker calls it on start: the same URL, so delivery goes on)."""
        if url == self.url and self._tasks:
            return
        self._cancel()
        self.url, self.secret = url, (secret if url else None)
        self.max_connections = max_connections or 40
        if url:
            loop = asyncio.get_running_loop()
            self._tasks = [loop.create_task(self._run()) for _ in range(self.max_connections)]

    def info(self) -> dict[str, Any]:
        """The WebhookInfo object."""
        return {
            "url": self.url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.world.pending),
            "max_connections": self.max_connections,
        }

    async def close(self) -> None:
        """Stop delivering."""
        tasks = list(self._tasks)
        self._cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=1.0)
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _cancel(self) -> None:
        for task in self._tasks:
            task.cancel()
        self._tasks = []

    def _next(self) -> Any:
        for entry in self.world.pending:
            if id(entry) not in self._busy and self.world.is_allowed(entry.update):
                return entry
        return None

    async def _run(self) -> None:
        from bot.standin.state import Notifier

        while True:
            event = self.world.notifier.snapshot()
            entry = self._next()
            if entry is None:
                await Notifier.wait(event, 1.0)
                continue
            self._busy.add(id(entry))
            try:
                ok = await self._post(entry.update)
            finally:
                self._busy.discard(id(entry))
            if ok:
                self.posted += 1
                self.world.delivered(entry)
            else:
                self.failed += 1
                await asyncio.sleep(0.2)

    async def _post(self, update: dict[str, Any]) -> bool:
        if self._session is None:
            connector = aiohttp.TCPConnector(force_close=True, limit=0)
            self._session = aiohttp.ClientSession(connector=connector)
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.secret or ""}
        try:
            async with self._session.post(
                self.url, json=update, headers=headers, timeout=aiohttp.ClientTimeout(total=30)
            ) as response:
                await response.read()
                if 200 <= response.status < 300:
                    return True
                self.last_error = (int(time.time()), f"status {response.status}")
        except (aiohttp.ClientError, TimeoutError) as exc:
            self.last_error = (int(time.time()), type(exc).__name__)
        return False


class RoundRobinProxy:
    """One local port; each connection goes to the next worker port that accepts it."""

    def __init__(self, backends: list[int]) -> None:
        self.backends = list(backends)
        self.port = 0
        self._turn = itertools.count()
        self._server: asyncio.Server | None = None
        self.per_backend: dict[int, int] = {port: 0 for port in backends}

    async def start(self) -> None:
        """Listen on a free port."""
        self._server = await asyncio.start_server(self._serve, HOST, 0)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        start = next(self._turn)
        for offset in range(len(self.backends)):
            port = self.backends[(start + offset) % len(self.backends)]
            try:
                upstream = await asyncio.open_connection(HOST, port)
            except OSError:
                continue  # that worker is down: the next one
            self.per_backend[port] += 1
            break
        if upstream is None:
            writer.close()
            return
        up_reader, up_writer = upstream

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except (OSError, asyncio.IncompleteReadError):
                pass
            finally:
                with contextlib.suppress(Exception):
                    sink.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


class Watcher:
    """Wakes the users' waits when the bot stores a message in their chat."""

    def __init__(self, standin: Any) -> None:
        self.standin = standin
        self.events: dict[int, asyncio.Event] = {}
        self.stored_at: dict[int, list[float]] = {}  # chat → perf_counter of each bot message
        world = standin.world
        original = world.add_message

        def tracked(chat: Any, content: dict[str, Any], **kwargs: Any) -> Any:
            stored = original(chat, content, **kwargs)
            if kwargs.get("sender") is None:
                self.stored_at.setdefault(chat.chat_id, []).append(time.perf_counter())
                event = self.events.get(chat.chat_id)
                if event is not None:
                    event.set()
            return stored

        world.add_message = tracked

    async def wait_count(self, chat_id: int, count: int, timeout: float) -> list[Any]:
        """Wait until the chat holds ``count`` bot messages; return them."""
        deadline = time.monotonic() + timeout
        event = self.events.setdefault(chat_id, asyncio.Event())
        while True:
            event.clear()
            messages: list[Any] = self.standin.bot_messages(chat_id)
            if len(messages) >= count:
                return messages
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"chat {chat_id}: {len(messages)} of {count} bot messages")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)


# ============================================================================ workers
@dataclass
class Worker:
    """One ``lifelinks run`` process."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    cpu: float = 0.0  # CPU seconds, once it has stopped (or was killed)

    def alive(self) -> bool:
        """Still running."""
        return self.process.poll() is None

    def log_tail(self, lines: int = 20) -> str:
        """The end of its log (for failure messages)."""
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def lifelinks_command() -> list[str]:
    """The ``lifelinks`` console script of this Python (or ``python -m bot.cli``)."""
    script = Path(sys.executable).parent / "lifelinks"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def worker_env(api_url: str, db_url: str, key: str, proxy_port: int, port: int) -> dict[str, str]:
    """The environment of one worker: the variables of ``.env.example``, nothing else."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=api_url,
        DATABASE_URL=db_url,
        ENCRYPTION_KEY=key,
        BOT_FRAMEWORK="ptb",
        WEBHOOK_URL=f"http://{HOST}:{proxy_port}{HOOK_PATH}",
        WEBHOOK_SECRET=SECRET,
        PORT=str(port),
        LOG_LEVEL="INFO",
        PYTHONPATH=str(ROOT),
    )
    return env


# ============================================================================ seeding
@dataclass(frozen=True)
class User:
    """One simulated person."""

    user_id: int
    role: str  # "stranger", "join" or "support"
    code: str = ""  # their invite code (join, support)
    group: int = 0  # their service's coordinators' group


def seed(db_url: str, key: str, users: int) -> list[User]:
    """Migrate, then make one service (coordinator, group) per 20 users and their invites."""
    from dialogs.staff.admin import add_staff, create_invite, create_service, link_group
    from storage import crypto
    from storage.db import Database
    from storage.migrate import upgrade
    from storage.models import GroupPurpose, StaffRole
    from storage.uow import unit_of_work

    crypto.configure_keys(key)
    db = Database(db_url)
    people: list[User] = []
    now = datetime.now(UTC)
    try:
        upgrade(db)
        with unit_of_work(db) as uow:
            for n in range((users + USERS_PER_SERVICE - 1) // USERS_PER_SERVICE):
                slug = f"scale-{n:04d}"
                coordinator, group = FIRST_COORDINATOR + n, FIRST_GROUP - n
                create_service(uow, slug, f"Scale Lifelong Links {n}", now, 90, 16)
                add_staff(uow, slug, coordinator, f"Sam{n}", StaffRole.COORDINATOR, now)
                link_group(uow, slug, GroupPurpose.COORDINATORS, group, now)
                for i, role in enumerate(ROLES):
                    number = n * USERS_PER_SERVICE + i
                    if number >= users:
                        break
                    user_id = FIRST_USER + number
                    code = ""
                    if role != "stranger":
                        invite = create_invite(
                            uow, slug, f"Alex{number}", date(2007, 5, 1), now,
                            coordinator_telegram_id=coordinator,
                        )  # fmt: skip
                        code = invite.code
                    people.append(User(user_id, role, code, group))
    finally:
        db.dispose()
    return people


def coordinator_of(group: int) -> int:
    """The coordinator of the service whose coordinators' group this is."""
    return FIRST_COORDINATOR + (FIRST_GROUP - group)


# ============================================================================ the users
def catalogue(key: str, **params: str) -> str:
    """A text from Lifelinks' catalogue (so the driver follows wording changes)."""
    from dialogs.texts import t

    return t(key, **params)


def _buttons(message: Any) -> dict[str, str]:
    rows = (message.wire.get("reply_markup") or {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row if "callback_data" in b}


class Person:
    """A user answering the bot as a person would: one step, then wait for the answer."""

    def __init__(self, driver: Driver, user: User) -> None:
        self.driver = driver
        self.user = user
        self.seen = 0

    async def send(self, text: str, expect: int) -> None:
        """Write a text; wait for ``expect`` new bot messages."""
        self.driver.standin.user_sends(self.user.user_id, text)
        self.driver.updates += 1
        await self._wait(expect)

    async def tap(self, label: str, expect: int) -> None:
        """Press ``label`` on the newest bot message carrying it; wait for the answers."""
        for message in reversed(
            self.driver.standin.world.chats[self.user.user_id].messages.values()
        ):
            if message.from_bot and label in _buttons(message):
                data = _buttons(message)[label]
                self.driver.standin.user_presses(self.user.user_id, message.message_id, data)
                self.driver.updates += 1
                await self._wait(expect)
                return
        raise RuntimeError(f"user {self.user.user_id}: no button {label!r} on screen")

    async def _wait(self, expect: int) -> None:
        self.seen += expect
        await self.driver.watcher.wait_count(self.user.user_id, self.seen, self.driver.timeout)

    async def play(self) -> None:
        """The user's whole script."""
        if self.user.role == "stranger":
            await self.send("hello, is this the right place?", 1)
            return
        await self.send(f"/start {self.user.code}", 2)
        await self.tap(catalogue("btn.yes"), 1)
        await self.tap(catalogue("btn.yes"), 2)
        if self.user.role == "support":
            await self.tap(catalogue("btn.support"), 1)
            await self.tap(catalogue("support.cat.money"), 1)
            await self.send("I can't pay my gas bill this month", 1)
            await self.tap(catalogue("btn.support.next"), 1)
            await self.tap(catalogue("support.urgency.week"), 1)
            await self.tap(catalogue("btn.support.send"), 1)


@dataclass
class Driver:
    """Plays every user at once (each user one step at a time)."""

    standin: Any
    watcher: Watcher
    people: list[User]
    timeout: float = STEP_TIMEOUT  # seconds a step may wait for its answer
    updates: int = 0
    finished: int = 0
    errors: list[str] = field(default_factory=list)

    async def run(self, on_progress: Callable[[int], Awaitable[None]] | None = None) -> None:
        """Play everyone; ``on_progress(finished)`` is awaited as users finish."""

        async def one(user: User) -> None:
            try:
                await Person(self, user).play()
            except (TimeoutError, RuntimeError) as exc:
                self.errors.append(f"{user.role} {user.user_id}: {exc}")
            self.finished += 1

        tasks: list[asyncio.Task[None]] = []
        for start in range(0, len(self.people), 200):  # a burst, but not one blocking step
            tasks += [asyncio.create_task(one(user)) for user in self.people[start : start + 200]]
            await asyncio.sleep(0.02)
        if on_progress is not None:
            while not all(task.done() for task in tasks):
                await asyncio.sleep(0.05)
                await on_progress(self.finished)
        await asyncio.gather(*tasks)


# ============================================================================ the cluster
@dataclass
class Result:
    """What a run measured and what the audit found."""

    workers: int
    users: int
    updates: int
    seconds: float
    handle_seconds: float
    killed: str | None
    per_worker: dict[str, int]
    audit: dict[str, int]
    errors: list[str]
    load: tuple[float, float, float]
    cpu_seconds: float = 0.0  # all workers' CPU time, start-up included

    @property
    def cpu_ms_per_update(self) -> float:
        """The workers' CPU time per update (start-up included)."""
        return 1000 * self.cpu_seconds / self.updates if self.updates else 0.0

    @property
    def updates_per_s(self) -> float:
        """Updates answered per second, from the first update queued to the last answer."""
        return self.updates / self.seconds if self.seconds else 0.0

    @property
    def handled_per_s(self) -> float:
        """Updates handled per second in the opening burst (half of all updates; by the
        database's clock): stored, handled and committed, whatever the answers' pace."""
        return self.updates / self.handle_seconds if self.handle_seconds else 0.0


class Cluster:
    """PostgreSQL, the stand-in, the proxy and N workers; :meth:`run` plays the users."""

    def __init__(self, workers: int, db_url: str, key: str, log_dir: Path) -> None:
        self.count = workers
        self.db_url = db_url
        self.key = key
        self.log_dir = log_dir
        self.workers: list[Worker] = []
        self.standin: Any = None
        self.proxy: RoundRobinProxy | None = None
        self.watcher: Watcher | None = None
        self._cwd = tempfile.mkdtemp(prefix="lifelinks-scale-cwd-")  # no stray .env

    async def start(self) -> None:
        """Start the stand-in, the proxy and the workers; wait until each serves its port."""
        from bot.standin.server import BotApiStandIn

        self.standin = BotApiStandIn(token=TOKEN, bot_id=BOT_ID, bot_username=USERNAME)
        await self.standin.start()
        self.standin.api.webhook = ConcurrentPusher(self.standin.world)
        self.watcher = Watcher(self.standin)
        ports = [_free_port() for _ in range(self.count)]
        self.proxy = RoundRobinProxy(ports)
        await self.proxy.start()
        for n, port in enumerate(ports, 1):
            self.workers.append(self._launch(f"worker{n}", port))
        await self._wait_serving()

    def _launch(self, name: str, port: int) -> Worker:
        assert self.proxy is not None
        url = self.db_url
        if url.startswith("postgresql"):  # so pg_stat_activity tells the workers apart
            url += f"?application_name={name}"
        env = worker_env(self.standin.url, url, self.key, self.proxy.port, port)
        log_path = self.log_dir / f"{name}.log"
        with log_path.open("w") as log_file:
            process = subprocess.Popen(
                [*lifelinks_command(), "run"],
                cwd=self._cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        return Worker(name, port, process, log_path)

    async def _wait_serving(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        for worker in self.workers:
            while True:
                if not worker.alive():
                    raise RuntimeError(f"{worker.name} exited:\n{worker.log_tail()}")
                try:
                    _, writer = await asyncio.open_connection(HOST, worker.port)
                    writer.close()
                    break
                except OSError as exc:
                    if time.monotonic() > deadline:
                        raise RuntimeError(
                            f"{worker.name} not serving:\n{worker.log_tail()}"
                        ) from exc
                    await asyncio.sleep(0.2)
        # Each worker calls setWebhook (and sets its command menus) right after the bind; a
        # worker whose start-up call times out exits, so the traffic waits until they're done.
        while True:
            calls = self.standin.world.calls
            if sum(1 for method, _ in calls if method.lower() == "setwebhook") >= self.count:
                break
            if time.monotonic() > deadline:
                raise RuntimeError("not every worker called setWebhook")
            await asyncio.sleep(0.1)
        while True:
            before = len(self.standin.world.calls)
            await asyncio.sleep(1.0)
            if len(self.standin.world.calls) == before or time.monotonic() > deadline:
                break

    def populate(self, people: list[User]) -> None:
        """Give the stand-in the users, and each service's coordinator and group."""
        for user in people:
            self.standin.add_user(user.user_id, f"User{user.user_id}")
        for group in sorted({u.group for u in people}):
            coordinator = coordinator_of(group)
            self.standin.add_user(coordinator, f"Sam{coordinator}")
            self.standin.add_group(group, f"Team {group}", member_ids=[coordinator])

    def sender_name(self) -> str | None:
        """The worker holding the outbox sender's advisory lock (by application_name)."""
        # Only the sender's lock: each worker also holds one on its worker id (bot.worker_id).
        high, low = (SENDER_LOCK_KEY >> 32) & 0xFFFFFFFF, SENDER_LOCK_KEY & 0xFFFFFFFF
        rows = _query(
            self.db_url,
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
            f" AND l.classid = {high}::oid AND l.objid = {low}::oid",
        )
        return str(rows[0][0]) if rows else None

    def kill_one(self) -> Worker:
        """SIGKILL a live worker that is not the outbox sender (see docs/proof.md why)."""
        sender = self.sender_name()
        victims = [w for w in self.workers if w.alive() and w.name != sender]
        if not victims:
            tails = "\n".join(f"{w.name}: {w.log_tail(3)}" for w in self.workers)
            raise RuntimeError(f"no live worker to kill besides the sender {sender}:\n{tails}")
        victim = victims[-1]
        victim.cpu = cpu_seconds(victim.process.pid) or 0.0
        os.kill(victim.process.pid, signal.SIGKILL)
        victim.process.wait(10)
        return victim

    async def stop(self) -> None:
        """Stop the workers (SIGTERM, then SIGKILL), the proxy and the stand-in."""
        for worker in self.workers:
            if worker.alive():
                worker.process.send_signal(signal.SIGTERM)
        for worker in self.workers:
            try:
                await asyncio.to_thread(worker.process.wait, 20)
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait(5)
        if self.proxy is not None:
            await self.proxy.stop()
        if self.standin is not None:
            await self.standin.stop()
        shutil.rmtree(self._cwd, ignore_errors=True)

    async def run(
        self, people: list[User], kill_after: float | None = None, fast_lease: bool = True
    ) -> Result:
        """Play every user; SIGKILL a worker once ``kill_after`` of the updates were delivered.

        ``fast_lease``: once the killed worker is gone, its claims on stored updates are made
        older than the lease (as two minutes passing would), so the take-over happens within
        the inbox sweep (30 s) instead of after the real lease.
        """
        assert self.watcher is not None and self.proxy is not None
        timeout = STEP_TIMEOUT + STEP_TIMEOUT_PER_PERSON * len(people)
        if not fast_lease:
            timeout += LEASE_SECONDS + 30  # the stranded updates wait for the lease and a sweep
        driver = Driver(self.standin, self.watcher, people, timeout)
        killed: list[Worker] = []
        expiring: list[asyncio.Task[None]] = []
        total = sum(STEPS[user.role] for user in people)
        kill_at = None if kill_after is None else int(total * kill_after)
        loop = asyncio.get_running_loop()

        async def progress(_finished: int) -> None:
            delivered = self.standin.api.webhook.posted
            if kill_at is not None and not killed and delivered >= kill_at:
                victim = await asyncio.to_thread(self.kill_one)
                killed.append(victim)
                if fast_lease:
                    expiring.append(loop.create_task(self._expire_claims(victim)))

        started = time.perf_counter()
        await driver.run(progress)
        # Cards and anything else the outbox still holds.
        await self._settle()
        seconds = time.perf_counter() - started
        per_worker = {w.name: self.proxy.per_backend[w.port] for w in self.workers}
        for worker in self.workers:
            if worker.alive():
                worker.cpu = cpu_seconds(worker.process.pid) or 0.0
        audit = audit_run(self.db_url, self.standin)
        # The first half of the updates is mostly the opening burst (every stranger's text,
        # every first step): how fast they were handled is the workers' own throughput,
        # before the answers' pace (30 messages/s) holds the later steps back.
        stamps = _query(
            self.db_url,
            "SELECT EXTRACT(EPOCH FROM handled_at - (SELECT min(received_at) FROM inbox_update))"
            " FROM inbox_update WHERE handled_at IS NOT NULL ORDER BY handled_at",
        )
        half = len(stamps) // 2
        handle_seconds = float(stamps[half - 1][0]) * len(stamps) / half if half else 0.0
        return Result(
            workers=self.count,
            users=len(people),
            updates=driver.updates,
            seconds=seconds,
            handle_seconds=handle_seconds,
            killed=killed[0].name if killed else None,
            per_worker=per_worker,
            audit=audit,
            errors=driver.errors,
            load=os.getloadavg(),
            cpu_seconds=sum(worker.cpu for worker in self.workers),
        )

    async def _expire_claims(self, victim: Worker) -> None:
        # Live workers' ids: those that stored updates queued after the kill.
        first_after = self.standin.world._next_update_id
        for _ in range(100):
            await asyncio.sleep(0.5)
            live = _query(
                self.db_url,
                "SELECT DISTINCT claimed_by FROM inbox_update WHERE update_id >= %s",
                (first_after,),
            )
            if len(live) >= len([w for w in self.workers if w.alive()]):
                break
        names = [str(row[0]) for row in live]
        _query(
            self.db_url,
            "UPDATE inbox_update SET claimed_at = claimed_at - make_interval(secs => %s) "
            "WHERE handled_at IS NULL AND claimed_by <> ALL(%s) RETURNING update_id",
            (LEASE_SECONDS + 60, names),
        )

    async def _settle(self, quiet: float = 3.0, timeout: float = 900.0) -> None:
        """Wait until the outbox has nothing pending or sending and the bot went quiet."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rows = _query(
                self.db_url,
                "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')",
            )
            waiting = _query(
                self.db_url, "SELECT count(*) FROM inbox_update WHERE handled_at IS NULL"
            )
            before = len(self.standin.world.calls)
            await asyncio.sleep(quiet)
            if (
                rows[0][0] == 0
                and waiting[0][0] == 0
                and len(self.standin.world.calls) == before
                and not self.standin.world.pending
            ):
                return


def _query(db_url: str, sql: str, params: tuple[Any, ...] | None = None) -> list[tuple[Any, ...]]:
    """One statement on its own connection (psycopg, autocommit; or sqlite3 for the soak)."""
    if db_url.startswith("sqlite"):
        import sqlite3

        path = db_url.split(":///", 1)[1].split("?", 1)[0]
        with contextlib.closing(sqlite3.connect(path, timeout=30)) as lite:
            rows = lite.execute(sql, params or ()).fetchall()
            lite.commit()
            return [tuple(row) for row in rows]
    import psycopg

    dsn = db_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn, conn.cursor() as cursor:
        cursor.execute(sql.encode(), params)
        return list(cursor.fetchall()) if cursor.description else []


# ============================================================================ the audit
SEND_METHODS = ("sendMessage", "sendPhoto", "sendDocument", "copyMessage")


def audit_run(db_url: str, standin: Any, silent: frozenset[int] = frozenset()) -> dict[str, int]:
    """Losses and duplicates, counted from the database and the stand-in.

    * ``updates_lost``: queued to the bot but not handled (no ``processed_update`` row, or
      the inbox row not handled);
    * ``updates_doubled``: more than one inbox row per update (the primary key forbids it;
      counted anyway);
    * ``unanswered``: an update with no reply row in the outbox (``silent``: update ids that
      are not answered, such as talk among coordinators in their group);
    * ``rows_not_sent``: outbox rows not ``sent`` (pending, sending, failed);
    * ``messages_doubled`` / ``messages_lost``: per chat, bot messages the stand-in holds
      above / below the sent outbox rows for that chat;
    * ``limit_breaks``: the stand-in's count of Telegram limits broken;
    * ``taken_over`` (information, not a fault): updates a worker took over from another
      (the killed one) after the lease.
    """
    world = standin.world
    queued = set(world.history)
    handled = {
        int(row[0])
        for row in _query(db_url, "SELECT update_id FROM inbox_update WHERE handled_at IS NOT NULL")
    }
    processed = {int(row[0]) for row in _query(db_url, "SELECT update_id FROM processed_update")}
    inbox_rows = _query(db_url, "SELECT update_id, count(*) FROM inbox_update GROUP BY 1")
    replies = {
        int(str(row[0]).split(":")[2])
        for row in _query(
            db_url, "SELECT idempotency_key FROM outbox WHERE idempotency_key LIKE 'reply:%'"
        )
    }
    sent_rows = _query(
        db_url,
        "SELECT chat_id, count(*) FROM outbox WHERE status = 'sent' AND method <> 'edit' "
        "GROUP BY chat_id",
    )
    taken_over = _query(db_url, "SELECT count(*) FROM inbox_update WHERE attempts > 1")[0][0]
    not_sent = _query(db_url, "SELECT count(*) FROM outbox WHERE status <> 'sent'")[0][0]
    rows_by_chat = {int(chat): int(n) for chat, n in sent_rows}
    doubled = lost = 0
    for chat_id in set(rows_by_chat) | {c for c, s in world.chats.items() if s.bot_sent}:
        chat = world.chats.get(chat_id)
        held = chat.bot_sent if chat is not None else 0
        expected = rows_by_chat.get(chat_id, 0)
        doubled += max(0, held - expected)
        lost += max(0, expected - held)
    return {
        "updates": len(queued),
        "updates_lost": len(queued - (handled & processed)),
        "updates_doubled": sum(1 for _, n in inbox_rows if n > 1),
        "unanswered": len(queued - replies - silent),
        "rows_not_sent": int(not_sent),
        "messages_doubled": doubled,
        "messages_lost": lost,
        "limit_breaks": int(standin.rate_violations),
        "taken_over": int(taken_over),
    }


INFORMATIVE = ("updates", "taken_over")


def clean(audit: dict[str, int]) -> bool:
    """No loss, no duplicate, no limit broken."""
    return all(value == 0 for key, value in audit.items() if key not in INFORMATIVE)


async def run_cluster(
    workers: int,
    users: int,
    db_url: str,
    key: str,
    log_dir: Path,
    kill_after: float | None = None,
    fast_lease: bool = True,
) -> Result:
    """Seed ``users`` into a fresh database, run ``workers`` workers, play, audit, stop."""
    people = await asyncio.to_thread(seed, db_url, key, users)
    cluster = Cluster(workers, db_url, key, log_dir)
    try:
        await cluster.start()
        cluster.populate(people)
        return await cluster.run(people, kill_after, fast_lease)
    finally:
        await cluster.stop()


def fresh_database(server_url: str, name: str) -> str:
    """CREATE DATABASE ``name`` on a server; returns its URL."""
    _query(server_url, f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + f"/{name}"
