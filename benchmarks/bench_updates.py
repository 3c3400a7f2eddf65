"""Updates per second through the real adapters: bare echo bots versus Lifelinks, per framework.

For each framework (python-telegram-bot and aiogram 3) an echo bot and Lifelinks on that
framework's adapter long-poll their own Bot API stand-in (a separate process on 127.0.0.1);
each bot runs in its own process too.  Within a framework both bots use the same library and the
same concurrency: PTB's ``concurrent_updates`` and aiogram's ``tasks_concurrency_limit``, both
BotRuntime's ``concurrency`` (8), which is what PtbAdapter and AiogramAdapter pass on.  Every user
first joins (untimed warm-up: Lifelinks gets ``/start <invite code>`` and is then at the consent
step).  Each timed run queues ``--updates`` updates at once, round-robin over the users:

* ``--workload press`` (default): a button press.  The echo bot answers with
  ``answerCallbackQuery`` + one ``sendMessage``; Lifelinks answers "Tell me more" at the consent
  step with ``answerCallbackQuery`` + one ``sendMessage`` (the explanation, then the question
  again; its state is unchanged, so the step repeats).
* ``--workload text``: plain text.  Echo: one ``sendMessage``; Lifelinks: a nudge and the
  question again.

A run ends when the stand-in has received every expected call; the stand-in measures the wall
time from "all queued" to "last expected call".  Runs alternate between the bots of a framework
(and between the frameworks); medians are reported with the ratio lifelinks/echo of updates/s
per framework against the target 0.8.  Each framework also gets a "mirror" bot (unless
``--no-mirror``): the bare framework bot making exactly Lifelinks' calls, without Lifelinks.

    .venv/bin/python benchmarks/bench_updates.py [--framework ptb|aiogram|both] [--updates 600]
        [--users 200] [--no-mirror] [--json] [--check]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (
    Child,
    Profiler,
    StandInClient,
    announce_ready,
    install_stop_handlers,
    launch,
    median,
    run_async_main,
    stand_in_child,
    summarize_collapsed,
)

TOKEN = "123456:BENCH-TOKEN-abcdefghijklmnopqrstuvwxyz"
BOT_ID = 123456
USERNAME = "LifelinksBenchBot"
FIRST_USER = 100_001
SERVICE = "bench"
COORDINATOR = 9001
TARGET_RATIO = 0.8
ECHO_DATA = "more"
Framework = Literal["ptb", "aiogram"]
FRAMEWORKS: tuple[Framework, ...] = ("ptb", "aiogram")
ROLES = ("echo", "mirror", "lifelinks")
# Production defaults of bot.runtime.BotRuntime (concurrency=8, poll_timeout=10,
# outbox_interval=1.0); the echo bots poll exactly like PtbAdapter and AiogramAdapter do.
POLL_TIMEOUT = 10
# AiogramAdapter's allowed_updates (bot.aiogram_.ALL_UPDATES), spelled out so that the bare
# aiogram bots import nothing of Lifelinks.
AIOGRAM_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member", "chat_member"]
# How each framework calls the per-bot concurrency limit that both of its bots share.
CONCURRENCY_SETTING = {"ptb": "concurrent_updates", "aiogram": "tasks_concurrency_limit"}
LIBRARY = {"ptb": "python-telegram-bot", "aiogram": "aiogram"}
ADAPTER = {"ptb": "PtbAdapter", "aiogram": "AiogramAdapter"}


# ============================================================================ bot workers
def _logging() -> None:
    """Every bot logs as ``lifelinks run`` does (INFO, httpx quiet) to its stderr file."""
    from bot.logging_setup import setup_logging

    setup_logging("INFO")


ButtonRows = list[list[tuple[str, str]]]


@dataclass(frozen=True)
class Replies:
    """What a bare bot sends: the echo bot's texts, or the mirror's copy of Lifelinks' calls."""

    mirror: bool

    @property
    def buttons(self) -> ButtonRows | None:
        """The consent question's buttons (mirror only), as (label, callback data) rows."""
        if not self.mirror:
            return None
        return [
            [(catalogue("btn.yes"), "yes"), (catalogue("btn.no"), "no")],
            [(catalogue("btn.more"), ECHO_DATA)],
        ]

    def to_text(self, text: str) -> list[tuple[str, bool]]:
        """The messages answering a text, each as (text, with the buttons)."""
        if not self.mirror:
            return [(text, False)]
        return [(catalogue("nudge.unexpected"), False), (catalogue("consent.use.ask"), True)]

    def to_press(self, data: str | None) -> list[tuple[str, bool]]:
        """The messages answering a button press (after answerCallbackQuery)."""
        if not self.mirror:
            return [(data or "?", False)]
        # Lifelinks answers "Tell me more" with one message: explanation, then the question.
        text = catalogue("consent.use.more") + "\n\n" + catalogue("consent.use.ask")
        return [(text, True)]


async def run_ptb_echo_bot(api_url: str, concurrency: int, mirror: bool = False) -> None:
    """A bare python-telegram-bot bot, no database.

    ``mirror=False``: the echo bot, one sendMessage per update (plus answerCallbackQuery for a
    press).  ``mirror=True``: the same PTB bot making exactly Lifelinks' calls at the consent
    step (see :class:`Replies`).
    """
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
    from telegram.ext import (
        Application,
        CallbackQueryHandler,
        ContextTypes,
        MessageHandler,
        filters,
    )

    replies = Replies(mirror)
    rows = replies.buttons or []
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )

    async def send(bot: Any, chat_id: int, messages: list[tuple[str, bool]]) -> None:
        for text, with_buttons in messages:
            await bot.send_message(chat_id, text, reply_markup=keyboard if with_buttons else None)

    async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        if message is None or message.text is None:
            return
        await send(context.bot, message.chat.id, replies.to_text(message.text))

    async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        chat_id = query.message.chat.id if query.message is not None else query.from_user.id
        await send(context.bot, chat_id, replies.to_press(query.data))

    _logging()
    stop = install_stop_handlers(asyncio.get_running_loop())
    application = (
        Application.builder()
        .token(TOKEN)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .concurrent_updates(concurrency)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, on_text))
    application.add_handler(CallbackQueryHandler(on_press))
    async with application:
        await application.start()
        updater = application.updater
        assert updater is not None
        await updater.start_polling(
            poll_interval=0.0,
            timeout=timedelta(seconds=POLL_TIMEOUT),
            allowed_updates=Update.ALL_TYPES,
        )
        role = "mirror" if mirror else "echo"
        announce_ready({"bot": f"ptb-{role}", "concurrency": concurrency})
        await stop.wait()
        await updater.stop()
        await application.stop()


async def run_aiogram_echo_bot(api_url: str, concurrency: int, mirror: bool = False) -> None:
    """A bare aiogram 3 bot, no database: the same calls as :func:`run_ptb_echo_bot`.

    A Dispatcher with a message handler and a callback_query handler, polling like
    AiogramAdapter does (same timeout, ``tasks_concurrency_limit``, ``handle_signals=False``).
    """
    from aiogram import Bot, Dispatcher, F
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

    replies = Replies(mirror)
    rows = replies.buttons or []
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=data) for label, data in row]
            for row in rows
        ]
    )

    async def send(bot: Bot, chat_id: int, messages: list[tuple[str, bool]]) -> None:
        for text, with_buttons in messages:
            await bot.send_message(chat_id, text, reply_markup=keyboard if with_buttons else None)

    async def on_text(message: Message, bot: Bot) -> None:
        if message.text is not None:
            await send(bot, message.chat.id, replies.to_text(message.text))

    async def on_press(query: CallbackQuery, bot: Bot) -> None:
        await bot.answer_callback_query(query.id)
        chat_id = query.message.chat.id if query.message is not None else query.from_user.id
        await send(bot, chat_id, replies.to_press(query.data))

    _logging()
    stop = install_stop_handlers(asyncio.get_running_loop())
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(api_url)))
    dispatcher = Dispatcher()
    dispatcher.message.register(on_text, F.text)
    dispatcher.callback_query.register(on_press)
    polling = asyncio.create_task(
        dispatcher.start_polling(
            bot,
            polling_timeout=POLL_TIMEOUT,
            handle_signals=False,
            close_bot_session=False,
            allowed_updates=AIOGRAM_UPDATES,
            tasks_concurrency_limit=concurrency,
        )
    )
    try:
        role = "mirror" if mirror else "echo"
        announce_ready({"bot": f"aiogram-{role}", "concurrency": concurrency})
        await stop.wait()
    finally:
        with contextlib.suppress(RuntimeError):
            await dispatcher.stop_polling()
        with contextlib.suppress(asyncio.CancelledError):
            await polling
        await bot.session.close()


async def run_lifelinks_bot(
    framework: Framework, api_url: str, db_path: str, users: int, concurrency: int
) -> None:
    """The real Lifelinks runtime on ``framework``'s adapter, SQLite (WAL) in a temp file.

    The adapter comes from :func:`bot.app.build_adapter` with ``BOT_FRAMEWORK=framework``, as in
    ``lifelinks run``: PtbAdapter or AiogramAdapter, both taking ``runtime.concurrency``.
    """
    from bot.app import build_adapter
    from bot.runtime import BotRuntime
    from bot.settings import Settings
    from dialogs.core.clock import SystemClock
    from dialogs.staff.admin import add_staff, create_invite, create_service
    from storage import crypto
    from storage.db import Database
    from storage.migrate import upgrade
    from storage.models import StaffRole
    from storage.uow import unit_of_work

    _logging()
    stop = install_stop_handlers(asyncio.get_running_loop())
    key = crypto.generate_key()
    crypto.configure_keys(key)
    db = Database(f"sqlite:///{db_path}")
    upgrade(db)
    clock = SystemClock()
    now = clock.now()
    with unit_of_work(db) as uow:
        create_service(uow, SERVICE, "Bench Lifelong Links", now, 90, 16)
        add_staff(uow, SERVICE, COORDINATOR, "Sam", StaffRole.COORDINATOR, now)
        codes = [
            create_invite(
                uow, SERVICE, f"User{i}", date(2005, 1, 1), now, coordinator_telegram_id=COORDINATOR
            ).code
            for i in range(users)
        ]
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=api_url,
        DATABASE_URL=db.url,
        ENCRYPTION_KEY=key,
        BOT_FRAMEWORK=framework,
    )
    runtime = BotRuntime(settings, db, clock, concurrency=concurrency)
    adapter = build_adapter(runtime)
    try:
        async with adapter.running():
            announce_ready(
                {
                    "bot": f"{framework}-lifelinks",
                    "adapter": type(adapter).__name__,
                    "concurrency": runtime.concurrency,
                    "codes": codes,
                }
            )
            await stop.wait()
    finally:
        db.dispose()


def worker(args: argparse.Namespace) -> Callable[[], Awaitable[None]]:
    """The coroutine function running the bot process ``--worker`` on ``--framework``."""
    role: str = args.worker
    if args.framework not in FRAMEWORKS:
        raise SystemExit(f"--worker needs --framework {' or '.join(FRAMEWORKS)}")
    framework: Framework = "ptb" if args.framework == "ptb" else "aiogram"
    if role == "lifelinks":
        return lambda: run_lifelinks_bot(
            framework, args.api_url, args.db, args.users, args.concurrency
        )
    echo_bot = run_ptb_echo_bot if framework == "ptb" else run_aiogram_echo_bot
    return lambda: echo_bot(args.api_url, args.concurrency, role == "mirror")


# ============================================================================ driver
@dataclass(frozen=True)
class Workload:
    """What the timed updates are, and what "fully handled" means for each bot."""

    name: str
    title: str
    echo_does: str
    lifelinks_does: str
    lifelinks_messages: int  # sendMessage calls per update
    answers: bool  # answerCallbackQuery per update (every bot)
    shape_cost: str  # how Lifelinks' reply shape differs from the echo bot's

    def spec(self, is_echo: bool, users: list[int], rounds: int) -> dict[str, Any]:
        """The stand-in workload: ``rounds`` updates per user, round-robin."""
        base: dict[str, Any] = {"users": users, "rounds": rounds}
        if self.name == "text":
            return {"kind": "text", "text": "hello", **base}
        label = None if is_echo else catalogue("btn.more")
        return {"kind": "press", "label": label, "data": ECHO_DATA, **base}

    def expected(self, is_echo: bool, updates: int) -> dict[str, int]:
        """The calls that mean every update was fully handled (echo, or Lifelinks' shape)."""
        per_update = 1 if is_echo else self.lifelinks_messages
        expect = {"sendMessage": per_update * updates}
        if self.answers:
            expect["answerCallbackQuery"] = updates
        return expect

    def lifelinks_texts(self) -> tuple[str, ...]:
        """The only texts Lifelinks may send in a timed run."""
        if self.name == "text":
            return catalogue("nudge.unexpected"), catalogue("consent.use.ask")
        return (catalogue("consent.use.more"),)


WORKLOADS = {
    "press": Workload(
        "press",
        "button presses at the consent step ('Tell me more')",
        "answerCallbackQuery + 1 sendMessage",
        "answerCallbackQuery + 1 sendMessage (explanation and the question again)",
        lifelinks_messages=1,
        answers=True,
        shape_cost="a longer text with 3 buttons",
    ),
    "text": Workload(
        "text",
        "plain text typed at the consent step",
        "1 sendMessage",
        "2 sendMessage (nudge, question again)",
        lifelinks_messages=2,
        answers=False,
        shape_cost="one more sendMessage",
    ),
}


def catalogue(key: str) -> str:
    """A text from Lifelinks' catalogue (so the checks follow wording changes)."""
    from dialogs.texts import t

    return t(key)


class Contender:
    """One bot under test with its own stand-in, warmed up and ready for timed runs."""

    def __init__(
        self, framework: str, role: str, standin: Child, bot: Child, workload: Workload
    ) -> None:
        self.framework = framework
        self.role = role
        self.standin_child = standin
        self.bot = bot
        self.workload = workload
        self.client = StandInClient(standin)
        self.users: list[int] = []
        self.runs: list[dict[str, Any]] = []

    @property
    def name(self) -> str:
        """``framework-role``, e.g. ``aiogram-echo``."""
        return f"{self.framework}-{self.role}"

    @property
    def is_echo(self) -> bool:
        """Whether this is a bare echo bot."""
        return self.role == "echo"

    def run_updates(self, rounds: int, timeout: float) -> dict[str, Any]:
        """Queue ``rounds`` updates per user; wait until every one is fully handled."""
        updates = rounds * len(self.users)
        return self.client.run_round(
            self.workload.spec(self.is_echo, self.users, rounds),
            self.workload.expected(self.is_echo, updates),
            timeout,
        )

    def warm_up(self, rounds: int, timeout: float) -> None:
        """Untimed: every user joins (Lifelinks: /start <own code>), then ``rounds`` updates."""
        if self.role != "lifelinks":
            items = [[user, "hi"] for user in self.users]
            per_user = 1 if self.is_echo else 2
            expect = {"sendMessage": per_user * len(self.users)}
        else:
            codes = [str(code) for code in self.bot.info["codes"]]
            items = [[user, f"/start {code}"] for user, code in zip(self.users, codes, strict=True)]
            expect = {"sendMessage": 2 * len(self.users)}
        result = self.client.run_round({"kind": "texts", "items": items}, expect, timeout)
        if not self.is_echo:
            check_texts(self.name, result, (catalogue("consent.use.ask"),), only=False)
        if rounds:
            self.run_updates(rounds, timeout)

    def timed_run(self, rounds: int, timeout: float) -> dict[str, Any]:
        """One timed run; returns its figures."""
        updates = rounds * len(self.users)
        cpu_before = self.bot.cpu()
        result = self.run_updates(rounds, timeout)
        cpu_after = self.bot.cpu()
        if not self.is_echo:
            check_texts(self.name, result, self.workload.lifelinks_texts(), only=True)
        if result["send_failures"]:
            raise RuntimeError(f"{self.name}: {result['send_failures']} sendMessage calls failed")
        seconds = float(result["seconds"])
        counts: dict[str, int] = result["counts"]
        bot_cpu = None
        if cpu_before is not None and cpu_after is not None:
            bot_cpu = cpu_after - cpu_before
        run = {
            "updates": updates,
            "seconds": seconds,
            "updates_per_s": updates / seconds,
            "messages_per_s": counts.get("sendMessage", 0) / seconds,
            "calls_per_s": sum(counts.values()) / seconds,
            "calls": counts,
            "bot_cpu_ms_per_update": None if bot_cpu is None else 1000 * bot_cpu / updates,
            "standin_cpu_ms_per_update": 1000 * float(result["standin_cpu"]) / updates,
        }
        self.runs.append(run)
        return run

    def summary(self) -> dict[str, Any]:
        """Medians over the timed runs."""
        keys = ("updates_per_s", "messages_per_s", "calls_per_s", "seconds")
        out: dict[str, Any] = {key: median([run[key] for run in self.runs]) for key in keys}
        for key in ("bot_cpu_ms_per_update", "standin_cpu_ms_per_update"):
            values = [run[key] for run in self.runs if run[key] is not None]
            out[key] = median(values) if values else None
        calls = sum(sum(run["calls"].values()) for run in self.runs)
        out["calls_per_update"] = calls / sum(run["updates"] for run in self.runs)
        out["runs"] = self.runs
        return out

    def close(self) -> None:
        """Stop the bot, then its stand-in."""
        self.client.close()
        self.bot.stop()
        self.standin_child.stop()


def _same_start(prefix: str, text: str) -> bool:
    return text.startswith(prefix) or prefix.startswith(text)


def check_texts(name: str, result: dict[str, Any], allowed: tuple[str, ...], only: bool) -> None:
    """Make sure the bot really answered the consent step (not, say, with an error message).

    The stand-in reports sent texts by their first characters; every ``allowed`` text must be
    among them and, with ``only``, nothing else.
    """
    texts: dict[str, int] = result["texts"]
    for text in allowed:
        if not any(_same_start(prefix, text) for prefix in texts):
            raise RuntimeError(f"{name}: expected a reply starting {text[:40]!r}, got {texts}")
    if only:
        unexpected = {
            prefix: count
            for prefix, count in texts.items()
            if not any(_same_start(prefix, text) for text in allowed)
        }
        if unexpected:
            raise RuntimeError(f"{name}: unexpected replies {unexpected}")


def start_contenders(
    bots: list[tuple[str, str]], workload: Workload, users: int, concurrency: int, work: Path
) -> list[Contender]:
    """Start a stand-in and a bot process per (framework, role), side by side; add the users."""
    names = [f"{framework}-{role}" for framework, role in bots]
    children: list[Child] = []
    try:
        standins = [stand_in_child(f"standin-{n}", work, TOKEN, BOT_ID, USERNAME) for n in names]
        children += standins
        for standin in standins:
            standin.wait_ready(60)
        bot_children = []
        for (framework, role), name, standin in zip(bots, names, standins, strict=True):
            args = ["benchmarks.bench_updates", "--worker", role, "--framework", framework]
            args += ["--api-url", str(standin.info["api_url"]), "--users", str(users)]
            args += ["--concurrency", str(concurrency)]
            if role == "lifelinks":
                args += ["--db", str(work / f"{name}.db")]
            bot_children.append(launch(f"bot-{name}", args, work))
        children += bot_children
        for bot in bot_children:
            bot.wait_ready(120)
    except BaseException:
        for child in reversed(children):
            child.stop()
        raise
    contenders = []
    for (framework, role), standin, bot in zip(bots, standins, bot_children, strict=True):
        contender = Contender(framework, role, standin, bot, workload)
        contender.users = contender.client.add_users(FIRST_USER, users)
        contenders.append(contender)
    return contenders


def selected_frameworks(choice: str) -> tuple[str, ...]:
    """``--framework``: one framework, or ``both``."""
    return FRAMEWORKS if choice == "both" else (choice,)


def timed_order(contenders: list[Contender], repeat: int) -> list[Contender]:
    """The order of one repeat's runs: a framework's bots back to back, so its ratio compares
    runs close in time; frameworks and bots reversed every other repeat, so drift on a busy
    machine hits all bots alike."""
    frameworks = list(dict.fromkeys(c.framework for c in contenders))
    if repeat % 2:
        frameworks.reverse()
    order: list[Contender] = []
    for framework in frameworks:
        group = [c for c in contenders if c.framework == framework]
        order += group[::-1] if repeat % 2 else group
    return order


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    """Start and warm up every bot, alternate their timed runs, return the figures."""
    workload = WORKLOADS[args.workload]
    frameworks = selected_frameworks(args.framework)
    roles = ROLES if args.mirror else tuple(role for role in ROLES if role != "mirror")
    rounds = max(1, args.updates // args.users)
    timeout = 60.0 + rounds * args.users / 20
    load_before = os.getloadavg()[0]
    began = time.monotonic()
    contenders: list[Contender] = []
    with tempfile.TemporaryDirectory(prefix="lifelinks-bench-") as tmp:
        work = Path(tmp)
        try:
            bots = [(framework, role) for framework in frameworks for role in roles]
            contenders = start_contenders(bots, workload, args.users, args.concurrency, work)
            _note(args, f"started in {time.monotonic() - began:.1f} s")
            # Warm-ups are untimed: run them side by side.
            with ThreadPoolExecutor(len(contenders)) as pool:
                warmups = [pool.submit(c.warm_up, args.warmup_rounds, timeout) for c in contenders]
                for future in warmups:
                    future.result()
            _note(args, f"started and warmed up in {time.monotonic() - began:.1f} s")
            for repeat in range(args.repeats):
                for contender in timed_order(contenders, repeat):
                    run = contender.timed_run(rounds, timeout)
                    _note(
                        args,
                        f"run {repeat + 1} {contender.name:<17} {run['updates_per_s']:7.1f} "
                        f"updates/s ({run['seconds']:.2f} s)",
                    )
            if args.profile:
                profile(contenders, rounds, timeout, Path(args.profile))
        except BaseException:
            for contender in contenders:
                print(f"--- {contender.bot.name} log (tail) ---", file=sys.stderr)
                print(contender.bot.log_tail(), file=sys.stderr)
            raise
        finally:
            for contender in contenders:
                contender.close()
    results = {
        framework: framework_result(
            framework, [c for c in contenders if c.framework == framework], args.concurrency
        )
        for framework in frameworks
    }
    return {
        "benchmark": "bench_updates",
        "workload": workload.name,
        "workload_title": workload.title,
        "echo_does": workload.echo_does,
        "lifelinks_does": workload.lifelinks_does,
        "shape_cost": workload.shape_cost,
        "users": args.users,
        "updates_per_run": rounds * args.users,
        "repeats": args.repeats,
        "concurrency": args.concurrency,
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg()[0],
        "wall_seconds": time.monotonic() - began,
        "frameworks": results,
        "ratios": {f"{fw}:lifelinks/echo": results[fw]["ratio"] for fw in frameworks},
        "target": TARGET_RATIO,
        "passed": all(result["passed"] for result in results.values()),
    }


def framework_result(
    framework: str, contenders: list[Contender], concurrency: int
) -> dict[str, Any]:
    """One framework's figures: each bot's medians, the ratios and the verdict."""
    summaries = {contender.role: contender.summary() for contender in contenders}
    echo, lifelinks = summaries["echo"], summaries["lifelinks"]
    pairs = [("lifelinks", "echo"), ("mirror", "echo"), ("lifelinks", "mirror")]
    ratios = {
        f"{top}/{bottom}": ratio(summaries[top], summaries[bottom])
        for top, bottom in pairs
        if top in summaries and bottom in summaries
    }
    headline = float(lifelinks["updates_per_s"] / echo["updates_per_s"])
    return {
        "library": LIBRARY[framework],
        "version": _version(framework),
        "adapter": ADAPTER[framework],
        "concurrency_setting": CONCURRENCY_SETTING[framework],
        "concurrency": concurrency,
        "bots": summaries,
        "ratio": headline,
        "ratios": ratios,
        "message_ratio": lifelinks["messages_per_s"] / echo["messages_per_s"],
        "passed": headline >= TARGET_RATIO,
    }


def ratio(top: dict[str, Any], bottom: dict[str, Any]) -> dict[str, float | None]:
    """``top`` relative to ``bottom``: by updates/s, and by bot CPU per update (inverted)."""
    cpu_top, cpu_bottom = top["bot_cpu_ms_per_update"], bottom["bot_cpu_ms_per_update"]
    return {
        "updates_per_s": top["updates_per_s"] / bottom["updates_per_s"],
        "cpu": cpu_bottom / cpu_top if cpu_top and cpu_bottom else None,
    }


def _note(args: argparse.Namespace, text: str) -> None:
    if args.verbose:
        print(f"  {text}", file=sys.stderr, flush=True)


def profile(contenders: list[Contender], rounds: int, timeout: float, out_dir: Path) -> None:
    """One extra run per bot under py-spy (not counted in the figures); summary to stderr."""
    for contender in contenders:
        profiler = Profiler(contender.bot, out_dir)
        try:
            contender.run_updates(rounds, timeout)
        finally:
            output = profiler.stop()
        print(summarize_collapsed(output), file=sys.stderr)


def _version(framework: str) -> str:
    """The installed version of ``framework``'s library."""
    if framework == "ptb":
        import telegram

        return str(telegram.__version__)
    import aiogram

    return str(aiogram.__version__)


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def render(result: dict[str, Any]) -> str:
    """The human-readable report: one table with a framework column, then the ratios."""
    results: dict[str, dict[str, Any]] = result["frameworks"]
    mirror = any("mirror" in fw["bots"] for fw in results.values())
    lines = [
        "bench_updates: updates/s through the real adapters against the Bot API stand-in",
        "  long polling on 127.0.0.1; every bot and every stand-in in its own process",
    ]
    for fw in results.values():
        lines.append(
            f"  {fw['library']} {fw['version']}: {fw['concurrency_setting']}="
            f"{fw['concurrency']} for every bot ({fw['adapter']} passes BotRuntime.concurrency)"
        )
    lines += [
        f"  workload: {result['workload_title']}; {result['users']} users, "
        f"{result['updates_per_run']} updates queued at once per run; "
        f"median of {result['repeats']} runs per bot, alternating",
        f"  echo      = bare framework bot, per update: {result['echo_does']}",
    ]
    if mirror:
        lines.append(
            "  mirror    = bare framework bot making exactly Lifelinks' calls (same texts and "
            "buttons), no database"
        )
    lines += [
        f"  lifelinks = BotRuntime + the framework's adapter, SQLite (WAL, temp file), "
        f"per update: {result['lifelinks_does']}",
        "  updates/s = updates fully handled per second (every expected call received)",
        "",
        f"  {'framework':<11}{'bot':<10}{'updates/s':>11}{'msgs/s':>10}{'API calls/s':>13}"
        f"{'bot CPU ms/upd':>16}{'stand-in CPU ms/upd':>21}",
    ]
    for framework, fw in results.items():
        for name, row in fw["bots"].items():
            lines.append(
                f"  {framework:<11}{name:<10}{row['updates_per_s']:>11.1f}"
                f"{row['messages_per_s']:>10.1f}{row['calls_per_s']:>13.1f}"
                f"{_fmt(row['bot_cpu_ms_per_update'], 2):>16}"
                f"{_fmt(row['standin_cpu_ms_per_update'], 2):>21}"
            )
    lines += [
        "",
        "  ratio of updates/s (in brackets: inverse ratio of bot CPU per update, a cross-check",
        "  that other load on the machine disturbs less)",
    ]
    for framework, fw in results.items():
        verdict = "PASS" if fw["passed"] else "FAIL"
        meaning = {
            "lifelinks/echo": f"target >= {result['target']:.2f}: {verdict}",
            "mirror/echo": f"what Lifelinks' reply shape alone costs ({result['shape_cost']})",
            "lifelinks/mirror": "what Lifelinks itself costs (engine, database, runtime, adapter)",
        }
        for name, value in fw["ratios"].items():
            cpu = "" if value["cpu"] is None else f"({value['cpu']:.2f})"
            lines.append(
                f"    {framework:<9}{name:<17}{value['updates_per_s']:>5.2f} {cpu:<7} "
                f"{meaning[name]}"
            )
    verdict = "PASS" if result["passed"] else "FAIL"
    lines.append(
        f"  verdict: {verdict} (lifelinks/echo >= {result['target']:.2f} on "
        f"{' and '.join(results)})"
    )
    lines.append(
        f"  load average {result['load_average_before']:.2f} -> "
        f"{result['load_average_after']:.2f} on {result['cpus']} CPUs; "
        f"took {result['wall_seconds']:.0f} s"
    )
    return "\n".join(lines)


# ============================================================================ entry point
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--framework",
        choices=(*FRAMEWORKS, "both"),
        default="both",
        help="which framework's echo bot and Lifelinks adapter to measure (default: both)",
    )
    parser.add_argument("--updates", type=int, default=600, help="updates per timed run")
    parser.add_argument("--users", type=int, default=200, help="distinct users (chats)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per bot (median)")
    parser.add_argument("--warmup-rounds", type=int, default=1, help="untimed updates per user")
    parser.add_argument(
        "--workload", choices=sorted(WORKLOADS), default="press", help="what the updates are"
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=None,
        help="concurrency of every bot (default: BotRuntime's, which both adapters pass on)",
    )
    parser.add_argument(
        "--mirror",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run a 'mirror' bot per framework: the bare framework bot making Lifelinks' calls "
        "without Lifelinks (default; --no-mirror skips it)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if any framework is below the target ratio"
    )
    parser.add_argument(
        "--profile", metavar="DIR", help="also run each bot once under py-spy, stacks to DIR"
    )
    parser.add_argument("--verbose", action="store_true", help="print each run to stderr")
    # Internal: run one bot process (with --framework ptb or aiogram).
    parser.add_argument("--worker", choices=ROLES, help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.concurrency is None:
        args.concurrency = _runtime_concurrency()
    return args


def _runtime_concurrency() -> int:
    """The ``concurrency`` default of BotRuntime, which PtbAdapter and AiogramAdapter pass on."""
    import inspect

    from bot.runtime import BotRuntime

    default = inspect.signature(BotRuntime.__init__).parameters["concurrency"].default
    return int(default)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, internally, one bot worker)."""
    args = parse_args(argv)
    if args.worker is not None:
        run_async_main(worker(args))
        return 0
    result = benchmark(args)
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 1 if args.check and not result["passed"] else 0


if __name__ == "__main__":
    sys.exit(main())
