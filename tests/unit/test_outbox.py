"""The outbox sender: limits, retries, blocks, long texts, restarts, against the Bot API stand-in.

Time runs fast: the sender and the stand-in share a :class:`Warp` clock (50 sender seconds to a
real second), so Telegram's one-second and one-minute windows take milliseconds, and the
stand-in's violation counter measures on the same clock as the sender's limits.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from bot.bot_api import BotApiTransport
from bot.standin import BotApiStandIn
from scheduler.outbox.classification import may_have_been_sent
from scheduler.outbox.limits import RateLimiter, text_parts, utf16_length
from scheduler.outbox.sender import OutboxSender, _Claim
from scheduler.transport import MAX_TEXT, Transient
from scheduler.wiring import domain_reactions
from storage.db import Database
from storage.models import (
    CaseStatus,
    GroupLink,
    GroupPurpose,
    OutboxStatus,
    StaffRole,
    YoungPerson,
)
from storage.uow import unit_of_work
from tests.support.sender import (
    ALEX,
    BO,
    NOT_IN,
    SAM,
    TEAM,
    Recorder,
    Send,
    Warp,
    bot_api_transport,
    enqueue,
    finished,
    make_sender,
    ptb_transport,
    rows,
    run_until_done,
    stop_sender,
    texts,
    unsent,
)
from tests.support.sender import speed as speed  # the fixture
from tests.support.sender import standin as standin  # the fixture
from tests.support.sender import transport as transport  # the fixture
from tests.support.sender import warp as warp  # the fixture

# ---------------------------------------------------------------------------- time and setup


@dataclass
class World:
    """Ids of the rows a test set up."""

    service_id: int
    alex_case: int
    bo_case: int


def seed(db: Database, warp: Warp) -> World:
    """A service with a coordinators' group and two young people who joined."""
    now = warp.now()
    with unit_of_work(db) as uow:
        service = uow.services.create("kent", "Kent Lifelong Links", now)
        assert service.id is not None
        sam = uow.staff.add(service.id, SAM, "Sam", StaffRole.COORDINATOR, now)
        cases = []
        for user_id, name in ((ALEX, "Alex"), (BO, "Bo")):
            case = uow.cases.create(service, name, date(2008, 5, 1), now, coordinator_id=sam.id)
            case.telegram_user_id = user_id
            case.status = CaseStatus.ACTIVE
            cases.append(case)
        uow.session.add(
            GroupLink(
                service_id=service.id,
                purpose=GroupPurpose.COORDINATORS,
                code_hash="x" * 64,
                code_expires_at=now,
                chat_id=TEAM,
                linked_at=now,
                created_at=now,
            )
        )
        uow.session.flush()
        assert cases[0].id is not None and cases[1].id is not None
        return World(service.id, cases[0].id, cases[1].id)


# ---------------------------------------------------------------------------- pure parts
def test_rate_limiter_counts_from_the_answer() -> None:
    limiter = RateLimiter(margin=0.0, private_burst=1)  # strict: one a second, no burst
    limiter.begin(ALEX, 0.0)
    assert limiter.chat_ready_at(ALEX) == float("-inf")  # nothing answered yet
    limiter.end(ALEX, 0.25)
    assert limiter.chat_ready_at(ALEX) == pytest.approx(1.25)  # one second after the answer
    assert limiter.wait_time(ALEX, 1.0) == pytest.approx(0.25)
    limiter.pause(BO, 7.0)
    assert limiter.wait_time(BO, 2.0) == pytest.approx(5.0)  # a 429 holds only that chat
    assert limiter.wait_time(SAM, 2.0) == 0.0


def test_private_chat_gets_a_burst_then_one_a_second() -> None:
    limiter = RateLimiter(margin=0.0)  # burst 4, then 1/s
    now = 0.0

    def send(chat: int, round_trip: float = 0.1) -> None:
        nonlocal now
        assert limiter.chat_ready_at(chat) <= now
        limiter.begin(chat, now)
        now += round_trip
        limiter.end(chat, now)

    for _ in range(4):  # an answer of 4 messages goes out at once, back to back
        send(ALEX)
    assert now == pytest.approx(0.4)
    assert limiter.chat_ready_at(ALEX) == pytest.approx(1.1)  # the 5th waits a second
    assert limiter.chat_ready_at(BO) == float("-inf")  # other chats are not held
    starts = []
    for _ in range(5):  # sustained: one a second, counted from each answer
        now = max(now, limiter.chat_ready_at(ALEX))
        starts.append(now)
        send(ALEX)
    assert [b - a for a, b in itertools.pairwise(starts)] == pytest.approx([1.0] * 4)
    now += 30.0  # a pause refills the bucket, but only to the burst
    for _ in range(4):
        send(ALEX)
    assert limiter.chat_ready_at(ALEX) > now
    limiter.prune(now + 10.0)  # a full bucket is forgotten: memory stays flat
    assert ALEX not in limiter._private_tat


def test_private_bucket_holds_however_telegram_counts_the_burst() -> None:
    """Telegram counts each message between its request and its answer: any choice fits."""
    limiter = RateLimiter(margin=0.0)
    bucket, starts, ends, now = 4, [], [], 0.0
    for n in range(12):
        now = max(now, limiter.chat_ready_at(ALEX))
        starts.append(now)
        limiter.begin(ALEX, now)
        now += 0.05 + 0.3 * (n % 3)  # uneven round trips
        ends.append(now)
        limiter.end(ALEX, now)
    # Worst case: message i counted at its answer, j at its request.
    for i in range(12):
        for j in range(i + 1, 12):
            assert j - i + 1 <= bucket + (starts[j] - ends[i]) + 1e-9


def test_a_restarted_sender_counts_recent_private_sends_against_the_bucket() -> None:
    limiter = RateLimiter(margin=0.0)
    limiter.assume_recent(ALEX, count=2, overall=2, now=5.0)
    assert limiter.chat_ready_at(ALEX) <= 5.0  # two of the burst left
    limiter.record(ALEX, 5.0)
    limiter.record(ALEX, 5.0)
    assert limiter.chat_ready_at(ALEX) == pytest.approx(6.0)
    limiter.assume_recent(BO, count=50, overall=10, now=5.0)
    assert limiter.chat_ready_at(BO) == pytest.approx(6.0)  # at worst an empty bucket


def test_rate_limiter_overall_and_group_windows() -> None:
    limiter = RateLimiter(margin=0.0)
    for n in range(30):
        limiter.begin(10_000 + n, 0.0)
    assert limiter.slot_free_at(0.1) == float("inf")  # 30 in flight: wait for an answer
    for n in range(30):
        limiter.end(10_000 + n, 0.2 + n / 100)
    assert limiter.slot_free_at(1.0) == pytest.approx(1.2)  # a slot frees 1 s after its answer
    assert limiter.slot_free_at(1.25) == 1.25
    for n in range(20):
        limiter.record(TEAM, 100.0 + n)
    assert limiter.chat_ready_at(TEAM) == pytest.approx(160.0)  # 20 a minute per group


def test_long_texts_are_split_within_telegram_limits() -> None:
    plain = " ".join(f"word{n}" for n in range(3000))
    astral = "🙂" * 5000  # two UTF-16 units each
    for value in (plain, astral, "short"):
        parts = text_parts(value)
        assert all(0 < len(p) <= MAX_TEXT and utf16_length(p) <= MAX_TEXT for p in parts)
        assert "".join(parts).replace(" ", "") == value.replace(" ", "")
    assert len(text_parts(astral)) == 3


def test_only_timeouts_after_sending_count_as_maybe_delivered() -> None:
    request = httpx.Request("POST", "http://127.0.0.1/botX/sendMessage")

    def transient_from(error: Exception) -> Transient:
        try:
            try:
                raise error
            except Exception as inner:
                raise RuntimeError("adapter error") from inner
        except RuntimeError:
            try:
                raise Transient("TimedOut") from None
            except Transient as exc:
                return exc

    assert may_have_been_sent(transient_from(httpx.ReadTimeout("slow", request=request)))
    assert not may_have_been_sent(transient_from(httpx.ConnectTimeout("no", request=request)))
    assert not may_have_been_sent(transient_from(httpx.ConnectError("refused", request=request)))
    assert not may_have_been_sent(Transient("NetworkError"))  # a 5xx answer


def test_due_heads_caps_each_chat_and_skips_waiting_chats(db: Database, warp: Warp) -> None:
    ids = [enqueue(db, warp, TEAM, f"group {n}") for n in range(8)]
    alex = enqueue(db, warp, ALEX, "alex")
    bo_waiting = enqueue(db, warp, BO, "bo 1")
    enqueue(db, warp, BO, "bo 2")
    with unit_of_work(db) as uow:
        row = uow.outbox.get(bo_waiting)
        assert row is not None
        row.not_before = warp.now() + timedelta(seconds=30)
        row.last_error = "429"
    with unit_of_work(db) as uow:
        heads = uow.outbox.due_heads(warp.now(), limit=100, per_chat=3)
        assert heads == [(i, TEAM) for i in ids[:3]] + [(alex, ALEX)]
        assert uow.outbox.claim_one(alex, warp.now()) is not None
    with unit_of_work(db) as uow:
        assert uow.outbox.claim_one(alex, warp.now()) is None  # a row is claimed once


# ---------------------------------------------------------------------------- delivery
async def test_every_row_once_in_order_within_limits(
    db: Database, warp: Warp, standin: BotApiStandIn, transport: Recorder
) -> None:
    queued = {chat: [f"to {chat} #{n}" for n in range(6)] for chat in (ALEX, BO, SAM, TEAM)}
    for n in range(6):
        for chat, items in queued.items():
            enqueue(db, warp, chat, items[n])
    sender = make_sender(db, transport, warp)
    delivered = 0
    while unsent(db):
        delivered += await sender.run_once()
    assert delivered == 24
    for chat, items in queued.items():
        assert texts(standin, chat) == items
    assert standin.rate_violations == 0
    ids = {r.id: r for r in rows(db).values()}
    assert all(r.status == OutboxStatus.SENT and r.telegram_message_id for r in ids.values())
    for chat in (ALEX, BO, SAM):  # a burst of 4, then one a second
        starts = [s.started for s in transport.to(chat)]
        assert all(b - a >= 1.0 for a, b in zip(starts, starts[4:], strict=False))


async def test_long_text_goes_in_parts_with_buttons_on_the_last(
    db: Database, warp: Warp, standin: BotApiStandIn, transport: Recorder
) -> None:
    long_text = "\n\n".join(f"Paragraph {n}: " + "lorem ipsum " * 60 for n in range(14))
    assert len(long_text) > 2 * MAX_TEXT
    row_id = enqueue(db, warp, ALEX, long_text, buttons=[[("OK", "ok:1")]])
    await run_until_done(make_sender(db, transport, warp), db)
    messages = standin.bot_messages(ALEX)
    assert len(messages) == 3
    assert all(len(m["text"]) <= MAX_TEXT for m in messages)
    assert [bool(m.get("reply_markup")) for m in messages] == [False, False, True]
    assert not [s for s in transport.sends if s.outcome != "ok"]  # never "message is too long"
    row = rows(db)[row_id]
    assert row.status == OutboxStatus.SENT
    assert row.telegram_message_id == messages[-1]["message_id"]
    assert standin.rate_violations == 0


async def test_429_holds_only_that_chat(
    db: Database, warp: Warp, standin: BotApiStandIn, transport: Recorder
) -> None:
    standin.inject_fault("sendMessage", chat_id=ALEX, status=429, retry_after=5)
    for n in range(2):
        enqueue(db, warp, ALEX, f"alex {n}")
        enqueue(db, warp, BO, f"bo {n}")
    await run_until_done(make_sender(db, transport, warp), db)
    alex = transport.to(ALEX)
    assert [s.outcome for s in alex] == ["RetryLater", "ok", "ok"]
    assert alex[1].started - alex[0].started >= 5.0  # waited retry_after for Alex...
    assert transport.to(BO)[-1].started < alex[1].started  # ...while Bo got both meanwhile
    assert texts(standin, ALEX) == ["alex 0", "alex 1"]
    assert texts(standin, BO) == ["bo 0", "bo 1"]
    assert all(r.attempts == 0 for r in rows(db).values())  # a 429 is not a failure
    assert standin.rate_violations == 0


async def test_5xx_is_retried_with_backoff_and_order_kept(
    db: Database, warp: Warp, standin: BotApiStandIn, transport: Recorder
) -> None:
    standin.inject_fault("sendMessage", chat_id=BO, status=502, times=2)
    first = enqueue(db, warp, BO, "bo first")
    enqueue(db, warp, BO, "bo second")
    await run_until_done(make_sender(db, transport, warp), db)
    bo = transport.to(BO)
    assert [s.outcome for s in bo] == ["Transient", "Transient", "ok", "ok"]
    assert bo[1].started - bo[0].started >= 1.0  # backoff 1 s, then 2 s (jitter fixed at 1x)
    assert bo[2].started - bo[1].started >= 2.0
    assert texts(standin, BO) == ["bo first", "bo second"]  # the retried row kept its place
    assert rows(db)[first].attempts == 2
    assert standin.rate_violations == 0


async def test_gives_up_after_max_attempts_and_lists_the_failure(
    db: Database, warp: Warp, standin: BotApiStandIn, transport: Recorder
) -> None:
    world = seed(db, warp)
    standin.inject_fault("sendMessage", chat_id=BO, status=503, times=10)
    doomed = enqueue(db, warp, BO, "never", service_id=world.service_id, kind="nudge")
    enqueue(db, warp, ALEX, "fine", service_id=world.service_id)
    await run_until_done(make_sender(db, transport, warp, max_attempts=3), db)
    row = rows(db)[doomed]
    assert row.status == OutboxStatus.FAILED and row.attempts == 3
    assert (row.last_error or "").startswith("gave up")
    assert len(transport.to(BO)) == 3 and texts(standin, BO) == []
    with unit_of_work(db) as uow:
        failed = uow.outbox.failures(world.service_id, warp.start)
        assert [(f.id, f.kind) for f in failed] == [(doomed, "nudge")]
    assert texts(standin, ALEX) == ["fine"]


@pytest.mark.parametrize("kind", ["ptb", "bot_api"])
async def test_timeout_after_sending_is_not_resent(
    db: Database, warp: Warp, standin: BotApiStandIn, kind: str
) -> None:
    build = ptb_transport if kind == "ptb" else bot_api_transport
    inner, application = await build(standin, read_timeout=0.1)
    try:
        # Telegram takes the message but answers too late: the client times out.
        standin.inject_fault("sendMessage", chat_id=ALEX, status=200, delay=0.3)
        row_id = enqueue(db, warp, ALEX, "slow but delivered")
        await run_until_done(make_sender(db, Recorder(inner, warp), warp), db)
        await standin.wait_for_bot_messages(ALEX, 1)  # the late request lands
    finally:
        if isinstance(inner, BotApiTransport):
            await inner.close()
        await application.shutdown()
    assert texts(standin, ALEX) == ["slow but delivered"]  # once: not sent again
    row = rows(db)[row_id]
    assert row.status == OutboxStatus.FAILED
    assert (row.last_error or "").startswith("unconfirmed")


async def test_connect_failures_are_retried(db: Database, warp: Warp) -> None:
    request = httpx.Request("POST", "http://127.0.0.1/botX/sendMessage")

    class Flaky:
        calls = 0

        async def send_text(self, chat_id: int, text: str, buttons: Any = None, *_: Any) -> int:
            self.calls += 1
            if self.calls < 3:
                try:
                    raise httpx.ConnectError("refused", request=request)
                except httpx.ConnectError:
                    raise Transient("NetworkError") from None
            return 77

    flaky = Flaky()
    row_id = enqueue(db, warp, ALEX, "hello")
    await run_until_done(make_sender(db, flaky, warp), db)
    assert flaky.calls == 3
    assert rows(db)[row_id].telegram_message_id == 77


async def test_unconfirmed_sends_can_be_retried_when_chosen(db: Database, warp: Warp) -> None:
    request = httpx.Request("POST", "http://127.0.0.1/botX/sendMessage")

    class SlowOnce:
        calls = 0

        async def send_text(self, chat_id: int, text: str, buttons: Any = None, *_: Any) -> int:
            self.calls += 1
            if self.calls == 1:
                try:
                    raise httpx.ReadTimeout("no answer", request=request)
                except httpx.ReadTimeout:
                    raise Transient("TimedOut") from None
            return 5

    at_most_once, at_least_once = SlowOnce(), SlowOnce()
    first = enqueue(db, warp, ALEX, "one")
    await run_until_done(make_sender(db, at_most_once, warp), db)
    second = enqueue(db, warp, BO, "two")
    await run_until_done(make_sender(db, at_least_once, warp, retry_unconfirmed=True), db)
    assert (at_most_once.calls, at_least_once.calls) == (1, 2)
    assert rows(db)[first].status == OutboxStatus.FAILED
    assert rows(db)[second].status == OutboxStatus.SENT


async def test_blocked_young_person_is_unreachable_and_team_told_once(
    db: Database, warp: Warp, standin: BotApiStandIn, transport: Recorder
) -> None:
    world = seed(db, warp)
    standin.set_blocked(ALEX)
    blocked = [
        enqueue(db, warp, ALEX, f"nudge {n}", case_id=world.alex_case, service_id=world.service_id)
        for n in range(3)
    ]
    gone_group = enqueue(db, warp, NOT_IN, "to a group we left", service_id=world.service_id)
    enqueue(db, warp, BO, "hi Bo", case_id=world.bo_case, service_id=world.service_id)
    await run_until_done(make_sender(db, transport, warp), db)
    everything = rows(db)
    assert all(everything[i].status == OutboxStatus.FAILED for i in [*blocked, gone_group])
    assert all((everything[i].last_error or "") == "blocked" for i in blocked)
    notes = [r for r in everything.values() if r.kind == "notify.unreachable"]
    assert len(notes) == 1 and notes[0].chat_id == TEAM and notes[0].status == OutboxStatus.SENT
    with unit_of_work(db) as uow:
        alex = uow.session.get(YoungPerson, world.alex_case)
        bo = uow.session.get(YoungPerson, world.bo_case)
        assert alex is not None and alex.unreachable
        assert bo is not None and not bo.unreachable
        reference = alex.reference
    team = texts(standin, TEAM)
    assert len(team) == 1 and reference in team[0] and "nudge" not in team[0]
    assert texts(standin, BO) == ["hi Bo"]


# ---------------------------------------------------------------------------- crashes, restarts
async def test_restart_with_unsent_rows_delivers_each_once(
    db: Database, warp: Warp, standin: BotApiStandIn, transport: Recorder
) -> None:
    chats = [ALEX, BO, SAM, TEAM]
    for n in range(5):
        for chat in chats:
            enqueue(db, warp, chat, f"{chat}:{n}")
    # The first process dies right after Telegram accepted its fourth message, before the
    # mark (the one window the sender cannot close), with other requests in flight.
    first = make_sender(db, transport, warp)
    task = asyncio.create_task(first.run_forever(interval=0.5))
    in_flight_at_crash: list[int] = []

    async def crash_after_fourth(send: Send) -> None:
        if sum(s.outcome == "ok" for s in transport.sends) >= 4 and not in_flight_at_crash:
            in_flight_at_crash.append(len(first._tasks))
            for running in [*first._tasks, task]:
                running.cancel()
            await asyncio.sleep(0)

    transport.after_send = crash_after_fourth
    await finished(task, seconds=30.0)
    assert task.cancelled()
    transport.after_send = None
    assert unsent(db) > 0
    # The restarted process: rows caught mid-send are failed, not resent; the rest go once.
    second = make_sender(db, transport, warp, lease=timedelta(0))
    await run_until_done(second, db)
    delivered = [text for chat in chats for text in texts(standin, chat)]
    assert len(delivered) == len(set(delivered))  # nothing doubled
    everything = list(rows(db).values())
    interrupted = [r for r in everything if r.status == OutboxStatus.FAILED]
    assert 1 <= len(interrupted) <= in_flight_at_crash[0]
    assert all("interrupted" in (r.last_error or "") for r in interrupted)
    assert {r.text for r in everything if r.status == OutboxStatus.SENT} <= set(delivered)
    assert len(everything) - len(interrupted) <= len(delivered) <= len(everything)
    assert standin.rate_violations == 0


async def test_delete_rows_delete_once_and_skip_what_never_went_out(
    db: Database, warp: Warp, standin: BotApiStandIn, transport: Recorder
) -> None:
    copy = enqueue(db, warp, TEAM, "a copy of their photo")
    never = enqueue(db, warp, TEAM, "a copy that failed")
    with unit_of_work(db) as uow:
        failed = uow.outbox.get(never)
        assert failed is not None
        failed.status = OutboxStatus.FAILED
    await run_until_done(make_sender(db, transport.inner, warp), db)
    message_id = rows(db)[copy].telegram_message_id
    assert texts(standin, TEAM) == ["a copy of their photo"] and message_id is not None
    with unit_of_work(db) as uow:
        for n, target in enumerate([message_id, message_id]):  # the 2nd finds it gone
            uow.outbox.enqueue(
                chat_id=TEAM,
                text="",
                kind="copy.deleted",
                idempotency_key=f"delete:{n}",
                now=warp.now(),
                method="delete",
                target_message_id=target,
            )
        uow.outbox.enqueue(
            chat_id=TEAM,
            text="",
            kind="copy.deleted",
            idempotency_key="delete:never",
            now=warp.now(),
            method="delete",
            target_outbox_id=never,
        )
    await run_until_done(make_sender(db, transport.inner, warp), db)
    assert standin.bot_messages(TEAM) == []
    deletes = [r for r in rows(db).values() if r.method == "delete"]
    assert [r.status for r in deletes] == [OutboxStatus.SENT] * 3
    assert len([m for m, _ in standin.calls if m == "deleteMessage"]) == 2  # none for "never"
    assert standin.rate_violations == 0


async def test_long_row_resumes_after_restart_without_resending_parts(
    db: Database, warp: Warp, standin: BotApiStandIn, transport: Recorder
) -> None:
    long_text = "\n".join(f"line {n} " + "x" * 90 for n in range(240))
    row_id = enqueue(db, warp, ALEX, long_text)
    total = len(text_parts(long_text))
    assert total == 6
    # One pass that won't wait after the chat's burst (here a long wait, so a slow machine
    # can't refill it meanwhile): 4 parts go, then "exit".
    slow = RateLimiter(private_gap=1000.0)
    assert await make_sender(db, transport, warp, limiter=slow).run_once(max_wait=0.0) == 0
    row = rows(db)[row_id]
    assert row.status == OutboxStatus.PENDING and row.parts_sent == 4
    await run_until_done(make_sender(db, transport, warp), db)
    assert texts(standin, ALEX) == text_parts(long_text)
    assert rows(db)[row_id].status == OutboxStatus.SENT
    assert standin.rate_violations == 0


async def test_stop_lets_requests_finish_and_leaves_the_rest_pending(
    db: Database, warp: Warp, standin: BotApiStandIn, transport: Recorder
) -> None:
    for n in range(6):
        enqueue(db, warp, ALEX, f"alex {n}")
    sender = make_sender(db, transport, warp)
    task = asyncio.create_task(sender.run_forever(interval=0.5))
    await standin.wait_for_bot_messages(ALEX, 2)
    await stop_sender(sender, task)
    everything = rows(db).values()
    assert not [r for r in everything if r.status == OutboxStatus.SENDING]  # nothing half-done
    sent = sum(r.status == OutboxStatus.SENT for r in everything)
    assert sent == len(texts(standin, ALEX)) < 6
    await run_until_done(make_sender(db, transport, warp), db)
    assert texts(standin, ALEX) == [f"alex {n}" for n in range(6)]


# ---------------------------------------------------------------------------- everything at once
@pytest.mark.parametrize("speed", [200.0])
async def test_many_chats_with_faults_nothing_lost_or_doubled(
    db: Database, warp: Warp, standin: BotApiStandIn, transport: Recorder
) -> None:
    users = list(range(50_001, 50_021))
    for user in users:
        standin.add_user(user, f"U{user}")
    for n in range(2):
        for user in users:
            enqueue(db, warp, user, f"{user}:{n}")
    for n in range(21):
        enqueue(db, warp, TEAM, f"team:{n}")
    for user in users[:3]:
        standin.inject_fault("sendMessage", chat_id=user, status=429, retry_after=3)
    for user in users[3:6]:
        standin.inject_fault("sendMessage", chat_id=user, status=502, times=2)
    standin.inject_fault("sendMessage", chat_id=users[6], status=504)
    standin.inject_fault("sendMessage", chat_id=TEAM, status=502)
    standin.set_blocked(users[7])
    await run_until_done(make_sender(db, transport, warp), db)
    for user in users:
        expected = [] if user == users[7] else [f"{user}:{n}" for n in range(2)]
        assert texts(standin, user) == expected
    assert texts(standin, TEAM) == [f"team:{n}" for n in range(21)]
    assert standin.rate_violations == 0
    assert transport.peak > 1  # chats are served side by side
    team = transport.to(TEAM)
    assert team[-1].started - team[0].started >= 60.0  # the group's 21st waited its minute
    statuses = [r.status for r in rows(db).values()]
    assert statuses.count(OutboxStatus.FAILED) == 2  # the blocked user's rows


async def test_one_sending_process_on_postgres(
    db: Database, warp: Warp, standin: BotApiStandIn, transport: Recorder
) -> None:
    if not db.is_postgres:
        pytest.skip("the sender lock is a PostgreSQL advisory lock")
    first, second = make_sender(db, transport, warp), make_sender(db, transport, warp)
    one = asyncio.create_task(first.run_forever(interval=0.5))
    await asyncio.sleep(0.05)
    two = asyncio.create_task(second.run_forever(interval=0.5))
    for n in range(4):
        enqueue(db, warp, BO, f"bo {n}")
    for _ in range(300):
        if first.stats.delivered == 4:
            break
        await asyncio.sleep(0.01)
    assert first.stats.delivered == 4 and second.stats.delivered == 0
    await stop_sender(first, one)
    enqueue(db, warp, ALEX, "after the handover")
    for _ in range(300):
        if second.stats.delivered:
            break
        await asyncio.sleep(0.01)
    assert second.stats.delivered == 1
    await stop_sender(second, two)
    assert json.dumps(texts(standin, BO)) == json.dumps([f"bo {n}" for n in range(4)])


async def test_a_row_that_cannot_be_sent_fails_without_a_request(
    db: Database, warp: Warp, standin: BotApiStandIn, transport: Recorder
) -> None:
    empty = enqueue(db, warp, ALEX, "   ")
    enqueue(db, warp, ALEX, "after it")
    await run_until_done(make_sender(db, transport, warp), db)
    row = rows(db)[empty]
    assert row.status == OutboxStatus.FAILED and (row.last_error or "").startswith("rejected")
    assert [s.text for s in transport.sends] == ["after it"]


async def test_a_send_that_never_returns_does_not_hold_up_stopping(
    db: Database,
    warp: Warp,
    standin: BotApiStandIn,
    transport: Recorder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("scheduler.outbox.sender.DRAIN_TIMEOUT", 0.2)
    never = asyncio.Event()

    async def stuck(_send: Send) -> None:
        await never.wait()  # delivered, but the answer never comes back to be marked

    transport.after_send = stuck
    enqueue(db, warp, ALEX, "hello")
    sender = make_sender(db, transport, warp)
    task = asyncio.create_task(sender.run_forever(interval=0.5))
    await standin.wait_for_bot_messages(ALEX, 1)
    await stop_sender(sender, task, seconds=5.0)
    [row] = rows(db).values()
    assert row.status == OutboxStatus.SENDING  # left for recovery, never sent again
    transport.after_send = None
    await run_until_done(make_sender(db, transport, warp, lease=timedelta(0)), db)
    [row] = rows(db).values()
    assert row.status == OutboxStatus.FAILED and "interrupted" in (row.last_error or "")
    assert texts(standin, ALEX) == ["hello"]


def test_chats_wait_their_turn_in_the_order_they_became_ready(
    db: Database, warp: Warp, transport: Recorder
) -> None:
    """A group under its per-minute limit must not jump ahead of a private answer queued
    before it (that made "Sent ✓" wait behind every card while the overall limit held)."""
    now = [100.0]
    sender = OutboxSender(
        db, transport, warp, reactions=domain_reactions(), monotonic=lambda: now[0]
    )
    sender.limiter.begin(ALEX, 40.0)  # Alex had an answer a minute ago: ready, at a real time
    sender.limiter.end(ALEX, 40.1)
    sender._add(1, ALEX)  # a private answer, queued first
    now[0] += 0.5
    sender._add(2, TEAM)  # a card for the group, queued after it
    first = sender._heap[0][2]
    assert first == ALEX


def test_a_claim_run_again_after_a_cut_takes_back_only_its_own_row(
    db: Database, warp: Warp
) -> None:
    """The claim is one autocommit statement on PostgreSQL (no BEGIN and COMMIT round
    trips); cut at its bound it may commit after all, so run again (storage.onloop) it takes
    back the row it claimed then, and nothing else: the message is neither lost nor doubled."""
    row_id = enqueue(db, warp, ALEX, "hello")
    sender = make_sender(db, None, warp)
    autocommit: list[bool] = []
    if db.is_postgres:
        event.listen(
            db.engine,
            "before_cursor_execute",
            lambda conn, *_: autocommit.append(conn.connection.dbapi_connection.autocommit),
        )
    now = warp.now()
    cut = _Claim(sender._claim_with_target, row_id, now)
    first = cut()  # committed, but the cut call never saw its answer
    assert first is not None and first[0].id == row_id
    assert autocommit == ([True] if db.is_postgres else [])
    again = cut()  # the same claim, run again in a thread
    assert again is not None and again[0].id == row_id and again[0].text == "hello"
    other = _Claim(sender._claim_with_target, row_id, now + timedelta(seconds=1))
    assert other() is None and other() is None  # another claim: the row is not its own
    assert _Claim(sender._claim_with_target, row_id, now)() is None  # a first run: not pending
    sender._mark_sent(row_id, 77)
    assert cut() is None  # sent meanwhile: never claimed again
    assert rows(db)[row_id].status == OutboxStatus.SENT


async def test_claims_and_marks_run_on_the_event_loop_and_rarer_steps_in_a_thread_on_postgres(
    db: Database, warp: Warp, standin: BotApiStandIn, transport: Recorder
) -> None:
    """A thread hop per claim and mark cost more than the database round trips (waiting for
    the GIL while the loop is busy); a 429's reschedule still leaves the loop on PostgreSQL."""
    sender = make_sender(db, transport, warp)
    seen: dict[str, threading.Thread] = {}
    for name in ("_claim_with_target", "_mark_sent", "_reschedule"):
        original = getattr(sender, name)

        def spy(*args: Any, _name: str = name, _original: Any = original) -> Any:
            seen.setdefault(_name, threading.current_thread())
            return _original(*args)

        setattr(sender, name, spy)
    standin.inject_fault("sendMessage", chat_id=ALEX, status=429, retry_after=1)
    enqueue(db, warp, ALEX, "hello")
    await run_until_done(sender, db)
    loop_thread = threading.current_thread()
    assert seen["_claim_with_target"] is loop_thread and seen["_mark_sent"] is loop_thread
    assert (seen["_reschedule"] is loop_thread) is not db.is_postgres
    assert texts(standin, ALEX) == ["hello"]
