"""The engine's share of bench_relay's card and relay, in process: statements and CPU per update.

No Telegram, no poller, no outbox sender on the timed path: the Engine is called as the runtime
calls it (``Engine.handle_queued``), on the same two updates bench_relay times:

* **card**: a young person taps "Send it" at the end of "Ask for support";
* **relay**: a young person writes in an open request thread (after their coordinator answered
  and they tapped Reply); the first message of a burst gets "Sent to … ✓", later ones do not.

Between the timed updates the outbox is delivered by the real ``OutboxSender`` into a fake
transport (so the relay map exists, as after a real send). Reported per measure: SQL statements
per update (a count load cannot move), and CPU ms per update. ``--list`` prints the statements
of one card and one relay; ``--profile`` prints a cProfile summary of the timed calls and the
Python function calls per update (like the statement count, a figure load cannot move).

    .venv/bin/python benchmarks/bench_engine.py [--young-people 40] [--relays 4]
        [--backend sqlite|postgres] [--list] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import itertools
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event as sa_event

from dialogs.core.clock import FakeClock
from dialogs.core.events import Event, EventKind, Reply
from dialogs.engine import Engine
from dialogs.staff.admin import add_staff, create_invite, create_service, link_group
from dialogs.texts import t
from scheduler.outbox.sender import OutboxSender
from scheduler.wiring import domain_reactions
from storage import crypto
from storage.db import Database
from storage.migrate import upgrade
from storage.models import GroupPurpose, StaffRole
from storage.uow import unit_of_work

FIRST_COORDINATOR = 1_000
FIRST_YOUNG_PERSON = 5_000
FIRST_GROUP = -100_500


@dataclass
class Sent:
    """A message the fake transport took."""

    chat_id: int
    message_id: int
    text: str
    buttons: list[list[tuple[str, str]]]


class FakeTransport:
    """Takes every send, numbering messages per chat."""

    def __init__(self) -> None:
        self.ids: dict[int, itertools.count[int]] = {}
        self.sent: list[Sent] = []

    def new_id(self, chat_id: int) -> int:
        """The next message id in a chat (the bot's and people's messages share them)."""
        return next(self.ids.setdefault(chat_id, itertools.count(1)))

    async def send_text(
        self,
        chat_id: int,
        text: str,
        buttons: list[list[tuple[str, str]]] | None = None,
        reply_to: int | None = None,
        force_reply: bool = False,
    ) -> int:
        """Store a text."""
        self.sent.append(Sent(chat_id, self.new_id(chat_id), text, buttons or []))
        return self.sent[-1].message_id

    async def copy_message(self, chat_id: int, *args: Any, **kwargs: Any) -> int:
        """Store a copy."""
        return await self.send_text(chat_id, "")

    async def edit_text(self, *args: Any, **kwargs: Any) -> None:
        """Edits change nothing here."""

    async def delete_message(self, *args: Any, **kwargs: Any) -> None:
        """Deletes change nothing here."""

    async def answer_callback(self, *args: Any, **kwargs: Any) -> None:
        """Nothing to answer."""

    async def set_commands(self, *args: Any, **kwargs: Any) -> None:
        """Nothing to set."""

    def last(self, chat_id: int, words: str) -> Sent:
        """The latest message in a chat containing ``words``."""
        return [m for m in self.sent if m.chat_id == chat_id and words in m.text][-1]


class FakeTime:
    """The sender's monotonic clock: sleeping only moves it on."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        """Seconds on this clock."""
        return self.now

    async def sleep(self, seconds: float) -> None:
        """Move on without waiting."""
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


@dataclass
class Counter:
    """Counts (and optionally keeps) the statements the engine's database runs."""

    on: bool = False
    keep: bool = False
    count: int = 0
    statements: list[str] = field(default_factory=list)

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if self.on:
            self.count += 1
            if self.keep:
                self.statements.append(" ".join(statement.split())[:160])

    @contextmanager
    def counting(self, keep: bool = False) -> Iterator[None]:
        """Count the statements run inside the block."""
        self.on, self.keep, self.count, self.statements = True, keep, 0, []
        try:
            yield
        finally:
            self.on = False


class Bench:
    """Young people, each with a service of their own, driven through the engine."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.clock = FakeClock()  # Monday 23 November 2026, 12:00 London: working hours
        self.engine = Engine(db, self.clock)
        self.tg = FakeTransport()
        self.updates = itertools.count(1)
        self.counter = Counter()
        sa_event.listen(db.engine, "before_cursor_execute", self.counter)
        self.profiles: dict[str, cProfile.Profile] | None = None
        self.cpu: dict[str, list[float]] = {"card": [], "relay": []}
        self.statements: dict[str, list[int]] = {"card": [], "relay": []}
        self.listing: dict[str, list[str]] = {}

    def seed(self, count: int) -> list[str]:
        """A service per young person, with a coordinator, a linked group and an invite."""
        now = self.clock.now()
        codes = []
        with unit_of_work(self.db) as uow:
            for n in range(count):
                slug = f"bench-{n:04d}"
                create_service(uow, slug, f"Bench {n}", now, 90, 16)
                add_staff(uow, slug, FIRST_COORDINATOR + n, f"Sam{n}", StaffRole.COORDINATOR, now)
                link_group(uow, slug, GroupPurpose.COORDINATORS, FIRST_GROUP - n, now)
                invite = create_invite(
                    uow,
                    slug,
                    f"Alex{n}",
                    date(2007, 5, 1),
                    now,
                    coordinator_telegram_id=FIRST_COORDINATOR + n,
                )
                codes.append(invite.code)
        return codes

    def handle(self, timed: str | None = None, **kwargs: Any) -> list[Reply]:
        """One update through the engine (timed and counted when ``timed`` names a measure)."""
        if kwargs["kind"] != EventKind.BUTTON:
            kwargs.setdefault("message_id", self.tg.new_id(kwargs["chat_id"]))
        kwargs.setdefault("user_id", kwargs["chat_id"])
        event = Event(update_id=next(self.updates), **kwargs)
        if timed is None:
            return self.engine.handle_queued(event).replies
        keep = timed not in self.listing
        with self.counter.counting(keep):
            profile = self.profiles[timed] if self.profiles is not None else None
            if profile is not None:
                profile.enable()
            start = time.process_time()
            handled = self.timed_card(event) if timed == "card" else self.timed_relay(event)
            self.cpu[timed].append((time.process_time() - start) * 1000)
            if profile is not None:
                profile.disable()
        self.statements[timed].append(self.counter.count)
        if keep:
            self.listing[timed] = self.counter.statements
        return handled.replies

    def timed_card(self, event: Event) -> Any:
        """A timed "Send it" (a frame of its own, for a sampling profiler)."""
        return self.engine.handle_queued(event)

    def timed_relay(self, event: Event) -> Any:
        """A timed thread message (a frame of its own, for a sampling profiler)."""
        return self.engine.handle_queued(event)

    def press(self, user: int, replies: list[Reply], label: str, timed: str | None = None) -> Any:
        """Tap the button labelled ``label`` on ``replies``."""
        [data] = [b.data for r in replies for row in r.buttons for b in row if b.label == label]
        return self.handle(timed, kind=EventKind.BUTTON, chat_id=user, button=data, callback_id="c")

    def deliver(self) -> None:
        """Send everything due into the fake transport (marks rows, maps relays)."""
        fake = FakeTime()
        sender = OutboxSender(
            self.db,
            self.tg,
            self.clock,
            reactions=domain_reactions(),
            monotonic=fake.monotonic,
            sleep=fake.sleep,
        )
        asyncio.run(sender.run_once(max_wait=600))

    def young_person(self, n: int, code: str, relays: int) -> None:
        """Join, ask for support (card timed), open a thread, write in it (relays timed)."""
        user, group, coordinator = FIRST_YOUNG_PERSON + n, FIRST_GROUP - n, FIRST_COORDINATOR + n
        text = EventKind.TEXT
        question = self.handle(kind=EventKind.COMMAND, chat_id=user, command="start", args=code)
        share = self.press(user, question, t("btn.yes"))
        menu = self.press(user, share, t("btn.yes"))
        category = self.press(user, menu, t("btn.support"))
        more = self.press(user, category, t("support.cat.money"))
        more = self.handle(kind=text, chat_id=user, text="I can't pay my gas bill this month")
        how_soon = self.press(user, more, t("btn.support.next"))
        check = self.press(user, how_soon, t("support.urgency.week"))
        self.deliver()
        answer = self.press(user, check, t("btn.support.send"), timed="card")
        assert any("R-" in r.text for r in answer), [r.key for r in answer]
        self.deliver()
        card = self.tg.last(group, "R-")
        self.handle(
            kind=text,
            chat_id=group,
            user_id=coordinator,
            chat_type="supergroup",
            text="Hi, I can help with that.",
            reply_to_message_id=card.message_id,
        )
        self.deliver()
        relayed = self.tg.last(user, "I can help")
        [reply] = [data for row in relayed.buttons for label, data in row if label == "Reply"]
        self.handle(kind=EventKind.BUTTON, chat_id=user, button=reply, callback_id="c")
        for k in range(relays):
            self.clock.advance(timedelta(seconds=5))
            words = f"Thanks, that really helps [{n}.{k}]"
            self.handle("relay", kind=text, chat_id=user, text=words)
            self.deliver()

    def run(self, count: int, relays: int) -> None:
        """Every young person's journey, one after another."""
        codes = self.seed(count)
        for n, code in enumerate(codes):
            self.young_person(n, code, relays)


def main() -> None:
    """Run, then print statements and CPU per update."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--young-people", type=int, default=40)
    parser.add_argument("--relays", type=int, default=4, help="timed thread messages each")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--list", action="store_true", help="print one update's statements")
    parser.add_argument("--profile", action="store_true", help="cProfile of the timed calls")
    args = parser.parse_args()
    crypto.configure_keys(crypto.generate_key())
    with tempfile.TemporaryDirectory() as tmp, _database(args.backend, tmp) as db:
        upgrade(db)
        bench = Bench(db)
        if args.profile:
            bench.profiles = {"card": cProfile.Profile(), "relay": cProfile.Profile()}
        bench.run(args.young_people, args.relays)
    for measure in ("card", "relay"):
        cpu, counts = bench.cpu[measure], bench.statements[measure]
        print(
            f"{args.backend} {measure}: {len(cpu)} updates, statements/update "
            f"min {min(counts)} max {max(counts)} mean {statistics.mean(counts):.1f}; "
            f"CPU ms p50 {statistics.median(cpu):.2f} mean {statistics.mean(cpu):.2f}"
        )
    if args.list:
        for measure, statements in bench.listing.items():
            print(f"\n--- {measure}: {len(statements)} statements")
            for statement in statements:
                print("  ", statement)
    if bench.profiles is not None:
        for measure, profile in bench.profiles.items():
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            calls = stats.total_calls / max(1, len(bench.cpu[measure]))  # type: ignore[attr-defined]
            print(f"\n--- {measure}: {calls:.0f} Python calls/update")
            restriction = os.environ.get("BENCH_PROFILE_ONLY")  # e.g. "main/(dialogs|storage)"
            stats.sort_stats(os.environ.get("BENCH_PROFILE_SORT", "cumulative"))
            stats.print_stats(*([restriction] if restriction else []), 45)
            print(out.getvalue())


@contextmanager
def _database(backend: str, tmp: str) -> Iterator[Database]:
    if backend == "sqlite":
        db = Database(f"sqlite:///{tmp}/bench.db")
        try:
            yield db
        finally:
            db.dispose()
        return
    from tests.support.postgres import start_postgres

    server = start_postgres()
    try:
        db = Database(server.url())
        try:
            yield db
        finally:
            db.dispose()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
