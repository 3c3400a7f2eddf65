"""Relay latency: from a young person's update reaching Telegram to the bot's message in the group.

Measured against the Bot API stand-in, next to a bare python-telegram-bot echo bot timed in the
same windows.  ``--messages`` (1,000) samples of each Lifelinks measure:

* **card**: a young person taps "Send it" at the end of "Ask for support"; until the request's
  card is stored in their service's coordinators group (the update's handling, then the
  outbox's fast path: the update's rows, answer and card, go to the sender at once).
* **relay**: a young person writes in an open request thread (the "reply" step, after their
  coordinator answered); until "… replied on R-…" is stored in the group (likewise).  The bot
  answers "Sent to … ✓" once per burst (``dialogs.young.support.BURST``, 2 minutes), so only a young
  person's first message in the thread gets an answer here; the relay is measured for every one.
* **echo**: a user sends a text to the echo bot (its own stand-in in this process); until the
  echo is stored.  One echo goes half-way between every two timed Lifelinks updates, so each
  measure has 1,000 echoes taken at the same time, on the same machine load, to compare with.

t0 is when the driver queues the update in the stand-in (``user_sends`` / ``user_presses``);
t1 is when the stand-in stores the bot's message (a hook on ``World.add_message``).  Both are
``time.perf_counter`` in this process, which hosts the stand-ins and the driver; each bot runs in
a process of its own.  Lifelinks runs as in ``lifelinks run``: ``BotRuntime`` with its defaults
and the adapter of ``bot.app.build_adapter`` (PTB), long polling, SQLite (or ``--backend
postgres``: a throw-away server).  The breakdown shows when the bot fetched the update
(``getUpdates``) and when its answer to the young person (an outbox row too, sent on the fast
path under the same claim and limits) was stored.

Telegram's limits (≤ 20 messages/min per group, ≤ 1/s per private chat, 30/s overall), which
the outbox sender enforces, must never hold a message, or this would measure queueing: every
young person (250) is in a service of their own, with its own coordinator and linked group, so
a group gets ~10 bot messages in the whole run; timed updates are paced evenly at ``--rate``
(12/s; each makes an answer and a group message, so 24 outbox sends/s, four fifths of the
cap), and a young person sends one every ~21 s.  The untimed work (joining, walking to the
"Send it" screen, each coordinator answering) runs in bursts between the timed windows, and
the outbox settles before each window.

    .venv/bin/python benchmarks/bench_relay.py [--messages 1000] [--rate 12]
        [--young-people 250] [--backend sqlite|postgres|both] [--json] [--check] [--verbose]

Targets (issue 15): p50 ≤ 2× and p99 ≤ 3× the echo bot's, for each measure and backend.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import gc
import json
import math
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (
    Child,
    Profiler,
    announce_ready,
    install_stop_handlers,
    launch,
    run_async_main,
    summarize_collapsed,
)

TOKEN = "123456:BENCH-RELAY-abcdefghijklmnopqrstuvwxyz"
BOT_ID = 123456
USERNAME = "LifelinksRelayBenchBot"
ECHO_TOKEN = "654321:BENCH-ECHO-abcdefghijklmnopqrstuvwxyz"
ECHO_ID = 654321
ECHO_USERNAME = "EchoRelayBenchBot"
FIRST_YOUNG_PERSON = 3_000_001
FIRST_COORDINATOR = 2_000_001
FIRST_ECHO_USER = 4_000_001
FIRST_GROUP = -1_009_000_001  # groups count down from here
# The bot's clock starts on a Wednesday at 11:00 UK time (GMT in November): working hours, no
# bank holiday, so the texts never depend on when the benchmark runs.  It lies in the past so
# that APScheduler, which schedules on the real clock from ``next_run_time=clock.now()``, runs
# the sweeps every minute as in production (a start in the future would hold them back).
BOT_EPOCH = datetime(2026, 11, 18, 11, 0, tzinfo=UTC)
POLL_TIMEOUT = 10  # BotRuntime's default poll_timeout; the echo bot polls the same way
MAX_OPEN = 5  # dialogs.young.support_actions.MAX_OPEN: open requests per young person
STEP_TIMEOUT = 60.0  # seconds an untimed step may take (a burst of 250 queued at once)
SAMPLE_TIMEOUT = 30.0  # seconds a timed update may take before the run is called broken
SETTLE_QUIET = 1.5  # seconds without a bot call that mean the outbox has nothing left
TAG = re.compile(r"\[([a-z]\d{4,})\]")
STAGES = ("fetched", "answered", "done")  # of a sample: fetched by the bot, answered, measured
OVERALL_CAP = 30  # Telegram: messages per second overall (scheduler.outbox enforces it)
GROUP_CAP = 20  # Telegram: messages per minute to one group
TARGET_P50 = 2.0  # issue 15: p50 within 2x the echo bot's, measured in the same windows
TARGET_P99 = 3.0  # and p99 within 3x
NEAR_CAP = 0.9  # a timed second this close to OVERALL_CAP means the limit may have held rows
BURST_MARGIN = 5.0  # seconds: a young person's messages this close to BURST apart are refused


# ============================================================================ bot processes
class RunningClock:
    """Real time passing at the real rate, but starting from ``epoch`` (a weekday, 11:00 UK).

    The bot's texts and deadlines then never depend on when the benchmark runs (working hours,
    bank holidays), while every delay the runtime waits is real.
    """

    def __init__(self, epoch: datetime) -> None:
        self._epoch = epoch
        self._origin = time.monotonic()

    def now(self) -> datetime:
        """The epoch plus the real time elapsed since this clock was made."""
        return self._epoch + timedelta(seconds=time.monotonic() - self._origin)


async def run_lifelinks_bot(api_url: str, db_url: str, key: str) -> None:
    """Lifelinks as ``lifelinks run`` starts it (PTB adapter, production defaults)."""
    from bot.app import build_adapter
    from bot.logging_setup import setup_logging
    from bot.runtime import BotRuntime
    from bot.settings import Settings
    from storage import crypto
    from storage.db import Database

    setup_logging("INFO")
    stages = os.environ.get("BENCH_RELAY_STAGES")
    if stages:  # per-stage stamps of the path, for finding where latency goes
        from benchmarks.relay_stages import install

        install(f"{stages}.{'pg' if db_url.startswith('postgres') else 'sqlite'}.json")
    stop = install_stop_handlers(asyncio.get_running_loop())
    crypto.configure_keys(key)
    db = Database(db_url)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=api_url,
        DATABASE_URL=db_url,
        ENCRYPTION_KEY=key,
        BOT_FRAMEWORK="ptb",
    )
    runtime = BotRuntime(settings, db, RunningClock(BOT_EPOCH))
    adapter = build_adapter(runtime)
    try:
        async with adapter.running():
            announce_ready(
                {
                    "bot": "lifelinks",
                    "adapter": type(adapter).__name__,
                    "concurrency": runtime.concurrency,
                    "poll_timeout": runtime.poll_timeout,
                    "outbox_interval": runtime.outbox_interval,
                    "database": "postgresql" if db.is_postgres else "sqlite",
                }
            )
            await stop.wait()
    finally:
        db.dispose()


async def run_echo_bot(api_url: str, concurrency: int) -> None:
    """A bare python-telegram-bot echo bot: one ``sendMessage`` with the text it got.

    Polls exactly like PtbAdapter (``concurrent_updates``, timeout, poll interval 0).
    """
    from telegram import Update
    from telegram.ext import Application, ContextTypes, MessageHandler, filters

    from bot.logging_setup import setup_logging

    async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        if message is not None and message.text is not None:
            await context.bot.send_message(message.chat.id, message.text)

    setup_logging("INFO")
    stop = install_stop_handlers(asyncio.get_running_loop())
    application = (
        Application.builder()
        .token(ECHO_TOKEN)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .concurrent_updates(concurrency)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, on_text))
    async with application:
        await application.start()
        updater = application.updater
        assert updater is not None
        await updater.start_polling(
            poll_interval=0.0,
            timeout=timedelta(seconds=POLL_TIMEOUT),
            allowed_updates=Update.ALL_TYPES,
        )
        announce_ready({"bot": "echo", "concurrency": concurrency})
        await stop.wait()
        await updater.stop()
        await application.stop()


def _runtime_concurrency() -> int:
    """BotRuntime's default ``concurrency`` (PtbAdapter passes it as ``concurrent_updates``)."""
    import inspect

    from bot.runtime import BotRuntime

    return int(inspect.signature(BotRuntime.__init__).parameters["concurrency"].default)


# ============================================================================ database
@dataclass(frozen=True)
class Service:
    """One service of the bench: its coordinator, its group and its young person's invite."""

    slug: str
    coordinator: int
    group: int
    young_person: int
    code: str


def seed(db_url: str, key: str, count: int) -> list[Service]:
    """Migrate, then make ``count`` services, each with a coordinator, a group and an invite."""
    from dialogs.staff.admin import add_staff, create_invite, create_service, link_group
    from storage import crypto
    from storage.db import Database
    from storage.migrate import upgrade
    from storage.models import GroupPurpose, StaffRole
    from storage.uow import unit_of_work

    crypto.configure_keys(key)
    db = Database(db_url)
    try:
        upgrade(db)
        services: list[Service] = []
        now = BOT_EPOCH
        with unit_of_work(db) as uow:
            for n in range(count):
                slug = f"bench-{n:04d}"
                coordinator = FIRST_COORDINATOR + n
                group = FIRST_GROUP - n
                create_service(uow, slug, f"Bench Lifelong Links {n}", now, 90, 16)
                add_staff(uow, slug, coordinator, f"Sam{n}", StaffRole.COORDINATOR, now)
                link_group(uow, slug, GroupPurpose.COORDINATORS, group, now)
                invite = create_invite(
                    uow,
                    slug,
                    f"Alex{n}",
                    date(2007, 5, 1),
                    now,
                    coordinator_telegram_id=coordinator,
                )
                services.append(
                    Service(slug, coordinator, group, FIRST_YOUNG_PERSON + n, invite.code)
                )
        return services
    finally:
        db.dispose()


# ============================================================================ the stand-in side
class Tracker:
    """Watches a stand-in (same process): when each bot message was stored, when each update
    was first fetched by the bot, and wakes the driver's waiters."""

    def __init__(self, standin: Any) -> None:
        self.standin = standin
        world = standin.world
        self.world = world
        self.bot_messages: defaultdict[int, list[Any]] = defaultdict(list)
        self.stored_at: dict[tuple[int, int], float] = {}
        # (tag, in a group) -> (perf_counter when stored, chat id, message id), first message.
        self.tagged: dict[tuple[str, bool], tuple[float, int, int]] = {}
        self.fetched_at: dict[int, float] = {}
        self.last_update_id = 0
        self._count_waiters: defaultdict[int, list[tuple[int, asyncio.Future[None]]]] = defaultdict(
            list
        )
        self._tag_waiters: dict[tuple[str, bool], asyncio.Future[None]] = {}
        self._calls_seen = 0
        # (perf_counter, chat, in a timed window) of every bot message (private and group)
        self.sends: list[tuple[float, int, bool]] = []
        self.timing = False  # inside a timed window
        self.timed_violations: dict[str, int] = {"private": 0, "group": 0}

        add_message, take_batch, queue = world.add_message, world.take_batch, world.queue

        def tracked_add_message(chat: Any, content: dict[str, Any], **kwargs: Any) -> Any:
            stored = add_message(chat, content, **kwargs)
            if stored.from_bot:
                self._stored(chat.chat_id, stored)
            return stored

        def tracked_take_batch(limit: int) -> list[dict[str, Any]]:
            batch: list[dict[str, Any]] = take_batch(limit)
            if batch:
                now = time.perf_counter()
                for update in batch:
                    self.fetched_at.setdefault(int(update["update_id"]), now)
            return batch

        def tracked_queue(update: dict[str, Any]) -> int:
            update_id = queue(update)
            self.last_update_id = update_id
            return int(update_id)

        record = world.rate.record

        def tracked_record(chat_id: int, is_private: bool) -> bool:
            broke = bool(record(chat_id, is_private))
            if broke and self.timing:
                self.timed_violations["private" if is_private else "group"] += 1
            return broke

        world.rate.record = tracked_record
        world.add_message = tracked_add_message
        world.take_batch = tracked_take_batch
        world.queue = tracked_queue

    def _stored(self, chat_id: int, stored: Any) -> None:
        now = time.perf_counter()
        messages = self.bot_messages[chat_id]
        messages.append(stored)
        self.stored_at[(chat_id, stored.message_id)] = now
        self.sends.append((now, chat_id, self.timing))
        text = str(stored.wire.get("text") or stored.wire.get("caption") or "")
        for tag in TAG.findall(text):
            key = (tag, chat_id < 0)
            if key not in self.tagged:
                self.tagged[key] = (now, chat_id, stored.message_id)
                waiter = self._tag_waiters.pop(key, None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(None)
        waiters = self._count_waiters.get(chat_id)
        if waiters:
            keep = []
            for count, future in waiters:
                if len(messages) >= count:
                    if not future.done():
                        future.set_result(None)
                else:
                    keep.append((count, future))
            self._count_waiters[chat_id] = keep

    async def wait_count(self, chat_id: int, count: int, timeout: float) -> list[Any]:
        """Wait until the bot has sent ``count`` messages to a chat; returns them all."""
        messages = self.bot_messages[chat_id]
        if len(messages) < count:
            future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._count_waiters[chat_id].append((count, future))
            try:
                async with asyncio.timeout(timeout):
                    await future
            except TimeoutError:
                texts = [_text(m)[:60] for m in messages[-3:]]
                raise RuntimeError(
                    f"chat {chat_id}: expected {count} bot messages within {timeout:.0f}s, "
                    f"got {len(messages)} (last: {texts})"
                ) from None
        return messages

    async def wait_tag(self, tag: str, in_group: bool, timeout: float) -> tuple[float, int, int]:
        """Wait for the first bot message carrying ``[tag]`` in a group (or a private chat)."""
        key = (tag, in_group)
        if key not in self.tagged:
            future = self._tag_waiters.get(key)
            if future is None:
                future = asyncio.get_running_loop().create_future()
                self._tag_waiters[key] = future
            try:
                async with asyncio.timeout(timeout):
                    await asyncio.shield(future)
            except TimeoutError:
                where = "a group" if in_group else "a private chat"
                raise RuntimeError(
                    f"no bot message with [{tag}] in {where} within {timeout}s"
                ) from None
        return self.tagged[key]

    def busiest(self, window: float, per_group: bool, timed_only: bool) -> int:
        """Most bot messages in any ``window`` seconds: to every chat, or to one group."""
        streams: dict[int, list[float]] = defaultdict(list)
        for at, chat_id, timed in self.sends:
            if (timed or not timed_only) and (chat_id < 0 or not per_group):
                streams[chat_id if per_group else 0].append(at)
        most = 0
        for times in streams.values():
            start = 0
            for end, at in enumerate(times):
                while times[start] <= at - window:
                    start += 1
                most = max(most, end - start + 1)
        return most

    def _bot_calls_since(self) -> int:
        """Calls other than getUpdates made since the last look."""
        calls = self.world.calls
        count = 0
        while self._calls_seen < len(calls):
            if calls[self._calls_seen][0] != "getUpdates":
                count += 1
            self._calls_seen += 1
        return count

    async def settle(self, quiet: float = SETTLE_QUIET, timeout: float = 120.0) -> float:
        """Wait until the bot made no call but getUpdates for ``quiet`` seconds (its outbox is
        empty and every update answered); returns how long that took."""
        began = time.perf_counter()
        self._bot_calls_since()
        quiet_since = time.perf_counter()
        while True:
            await asyncio.sleep(0.1)
            now = time.perf_counter()
            if self._bot_calls_since():
                quiet_since = now
            elif now - quiet_since >= quiet and not self.world.pending:
                return now - began
            if now - began > timeout:
                raise RuntimeError(f"the bot did not go quiet within {timeout:.0f}s")


def _text(stored: Any) -> str:
    return str(stored.wire.get("text") or stored.wire.get("caption") or "")


def button_data(stored: Any, label: str) -> str:
    """The callback data of the button ``label`` on a stored bot message."""
    markup = stored.markup or {}
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if button.get("text") == label and "callback_data" in button:
                return str(button["callback_data"])
    labels = [b.get("text") for row in markup.get("inline_keyboard", []) for b in row]
    raise RuntimeError(f"no button {label!r} on {_text(stored)[:80]!r} (buttons: {labels})")


@dataclass
class Sample:
    """One timed update: perf_counter times in the stand-in's process."""

    measure: str
    queued: float
    update_id: int
    answered: float | None = None  # the direct answer in the young person's chat
    done: float | None = None  # the measured message (the echo, the card, the relay)

    def row(self, fetched: dict[int, float]) -> dict[str, float | None]:
        """Milliseconds from queueing to each stage."""

        def ms(at: float | None) -> float | None:
            return None if at is None else 1000 * (at - self.queued)

        return {
            "fetched": ms(fetched.get(self.update_id)),
            "answered": ms(self.answered),
            "done": ms(self.done),
        }


class Chat:
    """A user of one stand-in, waiting for the bot's answers as a person would."""

    def __init__(self, tracker: Tracker, user_id: int) -> None:
        self.tracker = tracker
        self.standin = tracker.standin
        self.user = user_id
        self.seen = 0

    async def _wait(self, count: int) -> list[Any]:
        messages = await self.tracker.wait_count(self.user, self.seen + count, STEP_TIMEOUT)
        new = messages[self.seen : self.seen + count]
        self.seen += count
        return new

    async def send(self, text: str, expect: int) -> list[Any]:
        """Send a text in the private chat; wait for ``expect`` bot messages."""
        self.standin.user_sends(self.user, text)
        return await self._wait(expect)

    async def tap(self, message: Any, label: str, expect: int) -> list[Any]:
        """Press a button of a bot message; wait for ``expect`` bot messages."""
        self.standin.user_presses(self.user, message.message_id, button_data(message, label))
        return await self._wait(expect)

    async def skip(self, count: int) -> list[Any]:
        """Messages the bot sends on its own (from the outbox)."""
        return await self._wait(count)


# ============================================================================ the driver
def catalogue(key: str, **params: str) -> str:
    """A text from Lifelinks' catalogue (so the driver follows wording changes)."""
    from dialogs.texts import t

    return t(key, **params)


def burst_seconds() -> float:
    """``dialogs.young.support.BURST``: messages this close together get one "Sent" between them."""
    from dialogs.young.support import BURST

    return BURST.total_seconds()


class YoungPerson(Chat):
    """A young person of one service, from joining to writing back to their coordinator."""

    def __init__(self, tracker: Tracker, service: Service) -> None:
        super().__init__(tracker, service.young_person)
        self.service = service
        self.screen: Any = None  # the last bot message with the buttons to use next
        self.cards: list[tuple[str, int]] = []  # (tag, message id in the group)
        self.last_reply: float | None = None  # perf_counter of their last message in the thread

    async def join(self) -> None:
        """/start with the invite, yes to the use of their data, yes to sharing: the menu."""
        question = (await self.send(f"/start {self.service.code}", 2))[1]
        share = (await self.tap(question, catalogue("btn.yes"), 1))[0]
        self.screen = (await self.tap(share, catalogue("btn.yes"), 2))[1]

    async def up_to_send_it(self, tag: str) -> None:
        """From the menu (or the "Sent ✓" screen) to the check screen with "Send it"."""
        if self.cards:
            self.screen = (await self.tap(self.screen, catalogue("btn.menu"), 1))[0]
        [category] = await self.tap(self.screen, catalogue("btn.support"), 1)
        await self.tap(category, catalogue("support.cat.money"), 1)
        [more] = await self.send(f"I can't pay my gas bill this month [{tag}]", 1)
        [how_soon] = await self.tap(more, catalogue("btn.support.next"), 1)
        [self.screen] = await self.tap(how_soon, catalogue("support.urgency.week"), 1)

    async def send_it(self, tag: str, sample: Sample) -> None:
        """Timed: tap "Send it"; the answer here, then the card in the group."""
        data = button_data(self.screen, catalogue("btn.support.send"))
        sample.queued = time.perf_counter()
        self.standin.user_presses(self.user, self.screen.message_id, data)
        sample.update_id = self.tracker.last_update_id
        [self.screen] = await self._timed_answer(sample)
        if "R-" not in _text(self.screen):
            raise RuntimeError(f"unexpected answer to Send it: {_text(self.screen)[:120]!r}")
        done, _chat, message_id = await self.tracker.wait_tag(tag, True, SAMPLE_TIMEOUT)
        sample.done = done
        self.cards.append((tag, message_id))

    async def open_thread(self) -> None:
        """Their coordinator answers the first request; they tap Reply under the answer."""
        if not self.cards:
            raise RuntimeError(f"young person {self.user} has no request to answer")
        _tag, card = self.cards[0]
        coordinator, group = self.service.coordinator, self.service.group
        self.standin.user_sends(coordinator, "Hi, I can help with that.", group, card)
        [relayed] = await self.skip(1)
        [ask] = await self.tap(relayed, catalogue("btn.support.reply"), 1)
        self.screen = ask
        self.last_reply = None  # the coordinator wrote: their next message starts a burst

    def expects_answer(self, at: float) -> bool:
        """Whether a message in the thread sent at ``at`` gets "Sent to … ✓".

        The answer is once per burst (``dialogs.young.support.BURST``): the first message after the
        coordinator wrote, or the first after a pause longer than the burst. Later messages of
        the burst go to the group and nothing is said here (by design).
        """
        return self.last_reply is None or at - self.last_reply > burst_seconds()

    async def reply(self, tag: str, sample: Sample) -> None:
        """Timed: a text in the reply step; the relay in the group (the measure) and, for the
        first message of a burst, the answer here."""
        sample.queued = time.perf_counter()
        answer_due = self.expects_answer(sample.queued)
        self.last_reply = sample.queued
        self.standin.user_sends(self.user, f"Thanks, that really helps [{tag}]")
        sample.update_id = self.tracker.last_update_id
        if answer_due:
            [answer] = await self._timed_answer(sample)
            sent_to = catalogue("support.reply.sent", name="\0").split("\0")[0]
            if not _text(answer).startswith(sent_to):
                raise RuntimeError(f"unexpected answer to a reply: {_text(answer)[:120]!r}")
        done, _chat, _message_id = await self.tracker.wait_tag(tag, True, SAMPLE_TIMEOUT)
        sample.done = done

    def check_quiet(self) -> None:
        """After the outbox settled: the bot said nothing here that the driver did not expect
        (a "Sent" in the middle of a burst would mean the measure is not what it claims)."""
        extra = self.tracker.bot_messages[self.user][self.seen :]
        if extra:
            texts = [_text(m)[:60] for m in extra]
            raise RuntimeError(f"young person {self.user}: unexpected bot messages {texts}")

    async def _timed_answer(self, sample: Sample) -> list[Any]:
        messages = await self.tracker.wait_count(self.user, self.seen + 1, SAMPLE_TIMEOUT)
        answer = messages[self.seen]
        self.seen += 1
        sample.answered = self.tracker.stored_at[(self.user, answer.message_id)]
        return [answer]


async def echo_once(chat: Chat, tag: str, sample: Sample) -> None:
    """Timed: a text to the echo bot; until the echo is stored."""
    sample.queued = time.perf_counter()
    chat.standin.user_sends(chat.user, f"Thanks, that really helps [{tag}]")
    sample.update_id = chat.tracker.last_update_id
    done, _chat, _message_id = await chat.tracker.wait_tag(tag, False, SAMPLE_TIMEOUT)
    sample.done = sample.answered = done
    chat.seen += 1


async def gather_all(coroutines: list[Coroutine[Any, Any, Any]]) -> None:
    """Run side by side; the first failure cancels the rest."""
    async with asyncio.TaskGroup() as group:
        for coroutine in coroutines:
            group.create_task(coroutine)


Job = Callable[[], Coroutine[Any, Any, None]]


async def paced(jobs: list[Job], rate: float) -> tuple[float, float]:
    """Start ``jobs`` evenly spaced at ``rate`` per second and wait for all of them.

    Returns the span (seconds) and how late, at worst, a job was started (the driver's own
    event loop was busy).
    """
    loop = asyncio.get_running_loop()
    began = loop.time()
    late = 0.0
    async with asyncio.TaskGroup() as group:
        for n, job in enumerate(jobs):
            due = began + n / rate
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            late = max(late, loop.time() - due)
            group.create_task(job())
    return loop.time() - began, late


@contextlib.contextmanager
def no_collection() -> Iterator[None]:
    """No garbage collection in this process (the stand-ins' and the driver's) while timing.

    The stand-ins keep every update, call and message, so a full collection here takes long
    enough to show in the figures; the bots' processes collect as usual.
    """
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


# ============================================================================ a run
@dataclass
class Stage:
    """The bot processes of a run and how to report progress."""

    work: Path
    note: Callable[[str], None]
    children: list[Child] = field(default_factory=list)

    async def start_bot(self, name: str, args: list[str]) -> Child:
        """Start a bot process and wait for its READY line (the stand-ins keep serving)."""
        child = launch(name, ["benchmarks.bench_relay", *args], self.work)
        self.children.append(child)
        await asyncio.to_thread(child.wait_ready, 120.0)
        return child

    async def stop(self, child: Child) -> None:
        """Stop one bot process."""
        await asyncio.to_thread(child.stop)
        self.children.remove(child)

    async def stop_all(self) -> None:
        """Stop every bot process."""
        for child in reversed(list(self.children)):
            await self.stop(child)

    def tails(self) -> str:
        """The end of every bot's log, for an error report."""
        return "\n".join(
            f"--- {child.name} log (tail) ---\n{child.log_tail()}" for child in self.children
        )


class EchoSide:
    """The bare echo bot and its own stand-in, timed in the same windows as Lifelinks."""

    def __init__(self, stage: Stage, users: int, concurrency: int) -> None:
        self.stage = stage
        self.users = users
        self.concurrency = concurrency
        self.standin: Any = None
        self.tracker: Tracker | None = None
        self.bot: Child | None = None
        self.chats: list[Chat] = []
        self.count = 0

    async def start(self) -> None:
        """Start the stand-in and the bot; every user says hi once (untimed warm-up)."""
        from bot.standin.server import BotApiStandIn

        self.standin = BotApiStandIn(token=ECHO_TOKEN, bot_id=ECHO_ID, bot_username=ECHO_USERNAME)
        await self.standin.start()
        self.tracker = Tracker(self.standin)
        for n in range(self.users):
            self.standin.add_user(FIRST_ECHO_USER + n, f"User{n}")
            self.chats.append(Chat(self.tracker, FIRST_ECHO_USER + n))
        args = ["--worker", "echo", "--api-url", self.standin.url]
        self.bot = await self.stage.start_bot(
            "bot-echo", [*args, "--concurrency", str(self.concurrency)]
        )
        await gather_all([chat.send("hi", 1) for chat in self.chats])
        await self.tracker.settle(quiet=0.5)

    def job(self, samples: list[Sample]) -> Job:
        """One timed echo; its sample is appended to ``samples``."""
        n = self.count
        self.count += 1
        sample = Sample("echo", 0.0, 0)
        samples.append(sample)
        chat = self.chats[n % len(self.chats)]
        return lambda: echo_once(chat, f"e{n:06d}", sample)

    def cpu(self) -> float:
        """The echo bot's CPU seconds so far."""
        return (self.bot.cpu() if self.bot is not None else None) or 0.0

    def timing(self, on: bool) -> None:
        """Mark a timed window (the stand-in's limit counter)."""
        if self.tracker is not None:
            self.tracker.timing = on

    def fetched(self) -> dict[int, float]:
        """When the echo bot fetched each update."""
        return self.tracker.fetched_at if self.tracker is not None else {}

    async def stop(self) -> None:
        """Stop the bot, then the stand-in."""
        if self.bot is not None:
            await self.stage.stop(self.bot)
        if self.standin is not None:
            await self.standin.stop()


PROFILE_FILE = "timed-windows.collapsed.txt"


def _profile_dir(args: argparse.Namespace) -> Path | None:
    """``--profile DIR``: where the bot's py-spy profiles go."""
    return Path(args.profile) if getattr(args, "profile", None) else None


def _keep_profile(window: Path) -> None:
    """Add one window's collapsed stacks to the run's file (each window overwrites its own)."""
    with (window.parent / PROFILE_FILE).open("a") as out:
        out.write(window.read_text())


@dataclass
class Window:
    """The timed samples of one measure (Lifelinks and the echo bot side by side)."""

    samples: list[Sample] = field(default_factory=list)
    echo: list[Sample] = field(default_factory=list)
    span: float = 0.0
    late: float = 0.0
    cpu: float = 0.0
    echo_cpu: float = 0.0
    profile: Path | None = None  # ``--profile``: py-spy the bot in the timed windows only

    async def run(
        self, bot: Child, tracker: Tracker, echo: EchoSide, jobs: list[Job], rate: float
    ) -> None:
        """Pace ``jobs`` at ``rate``, each followed half a period later by an echo."""
        mixed: list[Job] = []
        for job in jobs:
            mixed += [job, echo.job(self.echo)]
        profiler = Profiler(bot, self.profile) if self.profile is not None else None
        cpu0, echo0 = bot.cpu() or 0.0, echo.cpu()
        tracker.timing = True
        echo.timing(True)
        try:
            with no_collection():
                span, late = await paced(mixed, 2 * rate)
        finally:
            tracker.timing = False
            echo.timing(False)
            if profiler is not None:
                _keep_profile(profiler.stop())
        self.span += span
        self.late = max(self.late, late)
        self.cpu += (bot.cpu() or 0.0) - cpu0
        self.echo_cpu += echo.cpu() - echo0

    def rows(
        self, measure: str, fetched: dict[int, float], echo_fetched: dict[int, float]
    ) -> list[list[Any]]:
        """Every sample as a CSV row: measure, n, queued (s into the run), stages in ms."""
        out = []
        for name, samples, seen in (
            (measure, self.samples, fetched),
            (f"echo@{measure}", self.echo, echo_fetched),
        ):
            for n, sample in enumerate(samples):
                row = sample.row(seen)
                out.append(
                    [name, n, f"{sample.queued:.4f}"]
                    + ["" if row[k] is None else f"{row[k]:.2f}" for k in STAGES]
                )
        return out

    def figures(self, fetched: dict[int, float], echo_fetched: dict[int, float]) -> dict[str, Any]:
        """Percentiles of both, their ratios, the CPU per update."""
        own = summarize([s.row(fetched) for s in self.samples])
        base = summarize([s.row(echo_fetched) for s in self.echo])
        return {
            "lifelinks": own,
            "echo": base,
            "ratio_p50": own["done"]["p50"] / base["done"]["p50"],
            "ratio_p99": own["done"]["p99"] / base["done"]["p99"],
            "span_s": self.span,
            "driver_late_ms": 1000 * self.late,
            "bot_cpu_ms": 1000 * self.cpu / max(1, len(self.samples)),
            "echo_cpu_ms": 1000 * self.echo_cpu / max(1, len(self.echo)),
        }


async def run_lifelinks(
    stage: Stage, echo: EchoSide, db_url: str, backend: str, args: argparse.Namespace
) -> dict[str, Any]:
    """Lifelinks on one database: join, ``messages`` Send-it taps, ``messages`` replies."""
    from bot.standin.server import BotApiStandIn
    from storage import crypto

    messages, people, rate = args.messages, args.young_people, args.rate
    per_person = math.ceil(messages / people)
    key = crypto.generate_key()
    began = time.perf_counter()
    services = await asyncio.to_thread(seed, db_url, key, people + 1)  # the last: warm-up
    stage.note(f"{backend}: {people} services seeded in {time.perf_counter() - began:.1f} s")
    standin = BotApiStandIn(token=TOKEN, bot_id=BOT_ID, bot_username=USERNAME)
    await standin.start()
    bot: Child | None = None
    try:
        tracker = Tracker(standin)
        young = []
        for n, service in enumerate(services):
            standin.add_user(service.coordinator, f"Sam{n}")
            standin.add_user(service.young_person, f"Alex{n}")
            standin.add_group(service.group, f"Bench coordinators {n}", [service.coordinator])
            young.append(YoungPerson(tracker, service))
        warm = young.pop()
        worker = ["--worker", "lifelinks", "--api-url", standin.url, "--db-url", db_url]
        # "--key=…": a Fernet key is URL-safe base64 and may start with "-".
        bot = await stage.start_bot(f"bot-lifelinks-{backend}", [*worker, f"--key={key}"])

        began = time.perf_counter()
        await gather_all([person.join() for person in [*young, warm]])
        settled = await tracker.settle()
        stage.note(
            f"{backend}: {people} joined in {time.perf_counter() - began:.1f} s "
            f"(outbox settled in {settled:.1f} s)"
        )
        # One young person goes through a card and a relay first (untimed): what the bot
        # does only once (e.g. building the bank-holiday calendar) is not in the figures.
        began = time.perf_counter()
        await warm.up_to_send_it("w0000")
        await warm.send_it("w0000", Sample("card", 0.0, 0))
        # The card's relay mapping is stored just after the card went out: a reply within
        # those milliseconds would find no request (no person replies that fast).
        await tracker.settle(quiet=0.3)
        await warm.open_thread()
        await warm.reply("w0001", Sample("relay", 0.0, 0))
        await tracker.settle()
        stage.note(f"{backend}: warm-up card and relay in {time.perf_counter() - began:.1f} s")

        # Cards: rounds of walking everyone to "Send it" (untimed), then the timed taps.
        cards = Window(profile=_profile_dir(args))
        for round_no in range(per_person):
            batch = young[: min(people, messages - round_no * people)]
            tags = [f"c{round_no}{n:04d}" for n in range(len(batch))]
            began = time.perf_counter()
            await gather_all([p.up_to_send_it(tag) for p, tag in zip(batch, tags, strict=True)])
            await tracker.settle(quiet=0.3)
            walked = time.perf_counter() - began
            samples = [Sample("card", 0.0, 0) for _ in batch]
            jobs = [
                _bind(person.send_it, tag, sample)
                for person, tag, sample in zip(batch, tags, samples, strict=True)
            ]
            await cards.run(bot, tracker, echo, jobs, rate)
            cards.samples += samples
            stage.note(
                f"{backend}: card round {round_no + 1}/{per_person}: walked {len(batch)} to "
                f"Send it in {walked:.1f} s, then {len(batch)} timed"
            )

        # Relays: each coordinator answers the first request, the young person taps Reply.
        # With fewer samples than young people, only those who sent a request take part.
        writers = [person for person in young if person.cards]
        began = time.perf_counter()
        await gather_all([person.open_thread() for person in writers])
        settled = await tracker.settle()
        stage.note(
            f"{backend}: {len(writers)} threads opened in {time.perf_counter() - began:.1f} s "
            f"(outbox settled in {settled:.1f} s)"
        )
        relays = Window(profile=_profile_dir(args))
        relays.samples = [Sample("relay", 0.0, 0) for _ in range(messages)]
        jobs = [
            _bind(writers[n % len(writers)].reply, f"r{n:05d}", relays.samples[n])
            for n in range(messages)
        ]
        await relays.run(bot, tracker, echo, jobs, rate)
        stage.note(f"{backend}: {messages} relays timed in {relays.span:.1f} s")
        await tracker.settle()
        for person in [*young, warm]:
            person.check_quiet()
        per_group = [len(tracker.bot_messages[s.group]) for s in services]
        return {
            "backend": backend,
            "bot": dict(bot.info),
            "card": cards.figures(tracker.fetched_at, echo.fetched()),
            "relay": relays.figures(tracker.fetched_at, echo.fetched()),
            "complete": len(cards.samples) == messages and len(relays.samples) == messages,
            "sample_rows": cards.rows("card", tracker.fetched_at, echo.fetched())
            + relays.rows("relay", tracker.fetched_at, echo.fetched()),
            "stand_in_counter": dict(tracker.timed_violations),
            "max_group_messages": max(per_group),
            "busiest_second": tracker.busiest(1.0, per_group=False, timed_only=True),
            "busiest_group_minute": tracker.busiest(60.0, per_group=True, timed_only=False),
        }
    except BaseException:
        print(stage.tails(), file=sys.stderr)
        raise
    finally:
        if bot is not None:
            await stage.stop(bot)
        await standin.stop()


def _bind(
    method: Callable[[str, Sample], Coroutine[Any, Any, None]], tag: str, sample: Sample
) -> Job:
    return lambda: method(tag, sample)


# ============================================================================ figures
def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def summarize(samples: list[dict[str, float | None]]) -> dict[str, Any]:
    """p50 / p90 / p99 / max (ms) of each stage that every sample has."""
    out: dict[str, Any] = {"n": len(samples)}
    for stage_name in STAGES:
        present = [v for v in (s[stage_name] for s in samples) if v is not None]
        if not present:
            continue
        out[stage_name] = {
            "n": len(present),  # "answered": only the samples that get an answer
            "p50": percentile(present, 0.50),
            "p90": percentile(present, 0.90),
            "p99": percentile(present, 0.99),
            "max": max(present),
            "mean": sum(present) / len(present),
        }
    gaps = [
        s["done"] - s["answered"]
        for s in samples
        if s["done"] is not None and s["answered"] is not None
    ]
    if gaps:
        out["after_answer"] = {
            "n": len(gaps),
            "p50": percentile(gaps, 0.50),
            "p99": percentile(gaps, 0.99),
            "before_answer": sum(1 for g in gaps if g < 0),
        }
    return out


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _pair(stats: dict[str, Any] | None, of: int | None = None) -> str:
    """ "p50 / p99", with "(n)" when only ``n`` of the ``of`` samples have the stage."""
    if not stats:
        return "-"
    pair = f"{stats['p50']:.1f} / {stats['p99']:.1f}"
    if of is not None and stats.get("n", of) != of:
        pair += f" ({stats['n']})"
    return pair


def verdicts(runs: dict[str, dict[str, Any]]) -> list[tuple[str, str, bool]]:
    """(backend, measure, met) for every backend and measure: p50 and p99 ratios to the echo."""
    return [
        (
            backend,
            name,
            run[name]["ratio_p50"] <= TARGET_P50 and run[name]["ratio_p99"] <= TARGET_P99,
        )
        for backend, run in runs.items()
        for name in ("card", "relay")
    ]


def render(result: dict[str, Any]) -> str:
    """The human-readable report."""
    rate, people = result["rate"], result["young_people"]
    lines = [
        "bench_relay: latency from a young person's update to the bot's message in the group",
        "  t0 = update queued in the Bot API stand-in; t1 = the bot's message stored by it "
        "(one clock, this process)",
        "  card  = Lifelinks: tap 'Send it' (Ask for support) -> the card in the coordinators "
        "group",
        "  relay = Lifelinks: a text in an open request thread -> '... replied on R-...' in the "
        "group",
        "  echo  = bare python-telegram-bot echo bot, own stand-in: text -> the same text back; "
        "timed in the same",
        "          windows, each echo half-way between two Lifelinks updates",
        f"  Lifelinks = BotRuntime + PtbAdapter as in `lifelinks run` (concurrency "
        f"{result['concurrency']}, long polling, every reply through the outbox, fast path); "
        "clock starts on a Wednesday, 11:00 UK",
        f"  load: {result['messages']} timed updates per measure, paced evenly at {rate:g}/s "
        f"(and the echoes at {rate:g}/s); {people} young people,",
        f"        each in a service of their own with its own coordinator and group: one timed "
        f"update each every {people / rate:.1f} s",
        "",
        f"  {'measure':<18}{'n':>6}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}"
        f"{'p50/echo':>10}{'p99/echo':>10}{'CPU ms/upd':>12}",
    ]
    for backend, run in result["backends"].items():
        for name in ("card", "relay"):
            fig = run[name]
            for label, part, cpu in (
                (f"{name} ({backend})", fig["lifelinks"], fig["bot_cpu_ms"]),
                ("  echo, same time", fig["echo"], fig["echo_cpu_ms"]),
            ):
                done = part["done"]
                ratios = (
                    f"{fig['ratio_p50']:>10.2f}{fig['ratio_p99']:>10.2f}"
                    if part is fig["lifelinks"]
                    else f"{'':>20}"
                )
                lines.append(
                    f"  {label:<18}{part['n']:>6}{done['p50']:>9.1f}{done['p90']:>9.1f}"
                    f"{done['p99']:>9.1f}{done['max']:>9.1f}{ratios}{_ms(cpu):>12}"
                )
    lines += [
        "",
        "  where the time goes, ms after t0 (p50 / p99):",
        f"  {'measure':<18}{'bot fetched it':>18}{'answer to them':>22}{'in the group':>22}"
        f"{'group - answer':>22}",
    ]
    for backend, run in result["backends"].items():
        for name in ("card", "relay"):
            fig = run[name]["lifelinks"]
            echo = run[name]["echo"]
            lines.append(
                f"  {name + ' (' + backend + ')':<18}{_pair(fig.get('fetched')):>18}"
                f"{_pair(fig.get('answered'), fig['n']):>22}{_pair(fig['done']):>22}"
                f"{_pair(fig.get('after_answer'), fig['n']):>22}"
            )
            lines.append(
                f"  {'  echo, same time':<18}{_pair(echo.get('fetched')):>18}"
                f"{_pair(echo['done']):>22}{'-':>22}{'-':>22}"
            )
    lines += [
        '  (n): only that many samples have the stage. A relay gets "Sent to … ✓" once per '
        f"burst ({burst_seconds():.0f} s, by design),",
        "  so only a young person's first message in their thread is answered; the relay itself "
        "is measured for every message.",
        "",
    ]
    for backend, run in result["backends"].items():
        before = run["card"]["lifelinks"].get("after_answer", {}).get("before_answer", "-")
        counter = run["stand_in_counter"]
        lines += [
            f"  {backend}: outbox traffic in the timed windows peaked at {run['busiest_second']} "
            f"messages in a second (sender's cap {OVERALL_CAP}/s); at most "
            f"{run['busiest_group_minute']} in one group's minute (cap {GROUP_CAP}),",
            f"    {run['max_group_messages']} in one group in the whole run; cards stored before "
            f"the answer 'Sent ✓': {before}; driver late by up to "
            f"{max(run['card']['driver_late_ms'], run['relay']['driver_late_ms']):.0f} ms",
            "    the stand-in's limit counter in the timed windows: "
            f"{counter['private']} private, {counter['group']} group",
        ]
        if run["busiest_second"] >= NEAR_CAP * OVERALL_CAP:
            lines.append(
                f"    NOTE: {backend} reached {run['busiest_second']}/s, near the overall cap: "
                "rows waited for the sender's overall limit, so its figures include queueing"
            )
    lines.append("")
    for backend, name, met in verdicts(result["backends"]):
        fig = result["backends"][backend][name]
        lines.append(
            f"  {'PASS' if met else 'FAIL'}: {name} ({backend}) p50 {fig['ratio_p50']:.2f}x "
            f"(target <= {TARGET_P50:g}x), p99 {fig['ratio_p99']:.2f}x (target <= "
            f"{TARGET_P99:g}x) the echo bot's"
        )
    clean = "PASS" if result["clean"] else "FAIL"
    lines += [
        f"  {clean}: every sample measured, the bot said nothing unexpected, and the outbox "
        "stayed within Telegram's limits",
        f"  load average {result['load_average_before']:.2f} -> "
        f"{result['load_average_after']:.2f} on {result['cpus']} CPUs; took "
        f"{result['wall_seconds']:.0f} s",
    ]
    return "\n".join(lines)


# ============================================================================ entry point
async def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    """Start the echo bot, then Lifelinks on each backend; time both side by side."""
    concurrency = _runtime_concurrency()
    load_before = os.getloadavg()[0]
    began = time.monotonic()

    def note(text: str) -> None:
        if args.verbose:
            print(f"  {text}", file=sys.stderr, flush=True)

    runs: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="lifelinks-bench-relay-") as tmp:
        stage = Stage(Path(tmp), note)
        echo = EchoSide(stage, args.young_people, concurrency)
        try:
            await echo.start()
            note(f"echo bot started and warmed up in {time.monotonic() - began:.1f} s")
            for backend in selected_backends(args.backend):
                if backend == "sqlite":
                    url = f"sqlite:///{tmp}/relay.db"
                    runs[backend] = await run_lifelinks(stage, echo, url, backend, args)
                    continue
                from tests.support.postgres import start_postgres

                server = await asyncio.to_thread(start_postgres)
                try:
                    runs[backend] = await run_lifelinks(stage, echo, server.url(), backend, args)
                finally:
                    await asyncio.to_thread(server.stop)
        finally:
            await echo.stop()
            await stage.stop_all()
    rows = [[name, *row] for name, run in runs.items() for row in run.pop("sample_rows")]
    if args.samples:
        write_samples(Path(args.samples), rows)
    within_limits = all(
        run["busiest_second"] <= OVERALL_CAP and run["busiest_group_minute"] <= GROUP_CAP
        for run in runs.values()
    )
    clean = within_limits and all(run["complete"] for run in runs.values())
    targets_met = all(met for _backend, _name, met in verdicts(runs))
    return {
        "benchmark": "bench_relay",
        "messages": args.messages,
        "rate": args.rate,
        "young_people": args.young_people,
        "concurrency": concurrency,
        "backends": runs,
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg()[0],
        "wall_seconds": time.monotonic() - began,
        "clean": clean,
        "targets_met": targets_met,
        "passed": clean and targets_met,
    }


def write_samples(path: Path, rows: list[list[Any]]) -> None:
    """``--samples``: every sample as CSV."""
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["backend", "measure", "n", "queued_s", *(f"{k}_ms" for k in STAGES)])
        writer.writerows(rows)


def selected_backends(choice: str) -> tuple[str, ...]:
    """``--backend``: one database, or both."""
    return ("sqlite", "postgres") if choice == "both" else (choice,)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--messages", type=int, default=1000, help="samples per measure")
    parser.add_argument(
        "--rate", type=float, default=12.0, help="timed Lifelinks updates per second (12)"
    )
    parser.add_argument(
        "--young-people",
        type=int,
        default=250,
        help="young people, each in a service (and group) of their own (250)",
    )
    parser.add_argument(
        "--backend",
        choices=("sqlite", "postgres", "both"),
        default="sqlite",
        help="Lifelinks' database; postgres starts a throw-away server (default sqlite)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if a sample is missing, the outbox reached a limit, or a target is missed "
        f"(p50 <= {TARGET_P50:g}x and p99 <= {TARGET_P99:g}x the echo bot's)",
    )
    parser.add_argument("--verbose", action="store_true", help="progress on stderr")
    parser.add_argument(
        "--samples", metavar="FILE", help="also write every sample (ms after t0) as CSV to FILE"
    )
    parser.add_argument(
        "--profile",
        metavar="DIR",
        help="py-spy the Lifelinks bot during the timed windows (needs py-spy); "
        f"collapsed stacks in DIR/{PROFILE_FILE}, a summary on stderr",
    )
    # Internal: run one bot process.
    parser.add_argument("--worker", choices=("lifelinks", "echo"), help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    parser.add_argument("--db-url", help=argparse.SUPPRESS)
    parser.add_argument("--key", help=argparse.SUPPRESS)
    parser.add_argument("--concurrency", type=int, default=8, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is None:
        writers = min(args.messages, args.young_people)
        if args.messages > writers and abs(writers / args.rate - burst_seconds()) < BURST_MARGIN:
            parser.error(
                f"each young person would write in their thread every {writers / args.rate:.0f} s, "
                f'too close to the {burst_seconds():.0f} s after which the bot says "Sent" '
                "again for the driver to know whether it will: change --rate or --young-people"
            )
        per_person = math.ceil(args.messages / args.young_people)
        if per_person > MAX_OPEN:
            parser.error(
                f"{args.messages} requests from {args.young_people} young people is "
                f"{per_person} each, but a young person may have {MAX_OPEN} open requests: "
                f"use --young-people {math.ceil(args.messages / MAX_OPEN)} or more"
            )
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, internally, one bot process)."""
    args = parse_args(argv)
    if args.worker == "lifelinks":
        run_async_main(lambda: run_lifelinks_bot(args.api_url, args.db_url, args.key))
        return 0
    if args.worker == "echo":
        run_async_main(lambda: run_echo_bot(args.api_url, args.concurrency))
        return 0
    result = asyncio.run(benchmark(args))
    if args.profile:
        print(summarize_collapsed(Path(args.profile) / PROFILE_FILE, top=45), file=sys.stderr)
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 1 if args.check and not result["passed"] else 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
