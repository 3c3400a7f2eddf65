"""Database sweeps the scheduler runs: idempotent, restart-safe, cheap when nothing is due.

Each sweep is one transaction that reads only due rows (through an index on the due date),
changes their state and queues outbox rows in the same commit. Running one twice, or on two
workers at once (PostgreSQL takes an advisory lock; SQLite an in-process one, for the
playground's clock beside the scheduler), sends nothing twice.

The review sweep works in bulk so that a backlog after downtime is cleared in one pass: one
joined read of the due plans and their cases, services read once, then one UPDATE to retire
older nudges' tokens, one multi-row insert of action tokens (one per nudge, shared by its
three buttons), one UPDATE for the plans and multi-row inserts of outbox rows,
:data:`OUTBOX_CHUNK` at a time. On PostgreSQL the writes are pipelined, so the server
inserts and updates while Python decrypts names and renders and encrypts the texts. Its
cost follows the number of due plans, not of cases. It does not pace the messages: the
outbox sender spreads a backlog within Telegram's rate limits.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from dialogs.cases.notify import team_chat
from dialogs.core.clock import Clock
from dialogs.core.quiet import in_quiet_hours
from dialogs.core.reader import team_chat_language
from dialogs.texts import t
from dialogs.texts.language_codes import stored_language
from storage.bulk import chunks
from storage.db import Database
from storage.models import OutboxStatus, YoungPerson
from storage.plans import DueNudge, TokenGrant, choice_data
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)

RENUDGE_AFTER = timedelta(days=3)
NUDGES_BEFORE_OVERDUE = 3  # the nudge and two gentle re-nudges
NUDGE_BUTTON_TTL = timedelta(days=14)
SWEEP_BATCH = 10_000  # a whole backlog in one pass; the outbox sender paces the sending
# Outbox rows are made and sent this many at a time, so that on PostgreSQL the server
# inserts one part while the next is being made (see review_due_sweep).
OUTBOX_CHUNK = 1_000
REVIEW_LOCK = 715_001  # advisory lock id of the review sweep
# One action token per nudge; each button adds its choice to it (see storage.plans.choice_data
# and the engine's TOKEN_ACTIONS, which says what each choice does).
NUDGE_ACTION = "review:nudge"
NUDGE_BUTTONS = (
    ("btn.start_now", "start"),
    ("btn.tomorrow", "tomorrow"),
    ("btn.next_week", "next_week"),
)


def _team_and_language(
    uow: UnitOfWork, chat_of: Callable[[DueNudge], int | None], due: DueNudge
) -> tuple[int, str] | None:
    """The chat told about a due plan's case and the language it reads (a group's, or the
    coordinator's own in their private chat); None when nobody can be told."""
    chat = chat_of(due)
    return (chat, team_chat_language(uow, due.service_id, chat)) if chat is not None else None


def _team_chats(uow: UnitOfWork) -> Callable[[DueNudge], int | None]:
    """:func:`~dialogs.cases.notify.team_chat` of a due plan's case, looked up once per team.

    ``team_chat`` reads only the case's service and coordinator, so its answer is cached on
    that pair and asked of a stand-in case that is never added to the session.
    """
    cache: dict[tuple[int, int | None], int | None] = {}

    def chat_of(due: DueNudge) -> int | None:
        """The chat that gets notes about this plan's case (None: nobody can)."""
        key = (due.service_id, due.coordinator_id)
        if key not in cache:
            stand_in = YoungPerson(
                service_id=due.service_id,
                coordinator_id=due.coordinator_id,
                reference=due.reference,
                created_at=datetime.min,
            )
            cache[key] = team_chat(uow, stand_in)
        return cache[key]

    return chat_of


OUTBOX_COLUMNS = (
    "service_id",
    "young_person_id",
    "chat_id",
    "kind",
    "text",  # encrypted on write by the column's EncryptedText type
    "buttons",
    "idempotency_key",
)


def _outbox_shared(now: datetime) -> dict[str, Any]:
    """The columns every queued row shares: pending, due ``now``, never tried.

    With :data:`OUTBOX_COLUMNS`, a whole row as
    :meth:`~storage.repositories.OutboxRepo.enqueue` would write it.
    """
    return {
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "not_before": now,
        "claimed_at": None,
        "sent_at": None,
        "telegram_message_id": None,
        "last_error": None,
        "parts_sent": 0,
        "created_at": now,
    }


def _nudge_buttons(labels: Sequence[tuple[str, str]]) -> Callable[[str], str]:
    """The JSON of a nudge's buttons, given the nudge's token data (``t:<token>``).

    Every nudge's buttons differ only in the token, so the JSON is made once with a
    placeholder and the token put in its place (a token needs no JSON escaping); if a
    label should ever hold the placeholder, each nudge's JSON is made in full instead.
    """

    def in_full(data: str) -> str:
        return json.dumps([[[label, choice_data(data, choice)]] for label, choice in labels])

    placeholder = "\x00"
    template = in_full(placeholder)
    escaped = json.dumps(placeholder)[1:-1]
    if template.count(escaped) != len(labels):
        return in_full
    return lambda data: template.replace(escaped, data)


def _outbox_rows(
    due_plans: Sequence[DueNudge],
    data: Mapping[int, str],
    teams: Mapping[int, tuple[int, str] | None],
) -> list[tuple[Any, ...]]:
    """The sweep's outbox rows (:data:`OUTBOX_COLUMNS`), in due order.

    ``data`` gives the token data of each plan to nudge, ``teams`` the team chat of each
    overdue plan and its language. Only computation (decrypting names, rendering texts), no
    database.
    """
    buttons: dict[str, Callable[[str], str]] = {}  # by language, made once per sweep

    def buttons_of(lang: str, data: str) -> str:
        if lang not in buttons:
            labels = [(t(label, lang), choice) for label, choice in NUDGE_BUTTONS]
            buttons[lang] = _nudge_buttons(labels)
        return buttons[lang](data)

    rows: list[tuple[Any, ...]] = []
    for due in due_plans:  # in due order, so the oldest are sent first
        due_at = due.next_review_at.isoformat()
        if due.nudges_sent >= NUDGES_BEFORE_OVERDUE:
            found = teams[due.plan_id]
            if found is not None:  # as notify_team: the reference and first name only
                team, team_lang = found
                key = "notify.overdue"
                note = t(key, team_lang, ref=due.reference, name=due.first_name or "")
                rows.append(
                    (
                        due.service_id,
                        due.young_person_id,
                        team,
                        key,
                        note,
                        "[]",
                        f"overdue:{due.plan_id}:{due_at}",
                    )
                )
        elif due.plan_id in data:
            key = "review.nudge" if due.nudges_sent == 0 else "review.renudge"
            lang = stored_language(due.language)  # theirs; the team's note above is English
            rows.append(
                (
                    due.service_id,
                    due.young_person_id,
                    due.telegram_user_id,
                    key,
                    t(key, lang, name=due.first_name or ""),
                    buttons_of(lang, data[due.plan_id]),
                    f"nudge:{due.plan_id}:{due_at}:{due.nudges_sent}",
                )
            )
    return rows


def review_due_sweep(db: Database, clock: Clock, tz: str = "Europe/London") -> int:
    """Nudge young people whose plan review is due; flag reviews overdue. Returns rows queued.

    A plan that has had :data:`NUDGES_BEFORE_OVERDUE` nudges is flagged overdue and its team
    gets a note (counted even when the case has no team to tell, as before); the others get
    a nudge, or a re-nudge, with three buttons sharing one action token, unless their
    service is in quiet hours (they stay due, and the first sweep after the quiet hours
    sends them). Up to :data:`SWEEP_BATCH` plans per pass, oldest due first.
    """
    now = clock.now()
    with unit_of_work(db) as uow:
        if not uow.locks.try_take(REVIEW_LOCK):
            return 0
        services = {s.id: s for s in uow.services.all()}
        quiet = {
            service_id
            for service_id, service in services.items()
            if service_id is not None
            and in_quiet_hours(now, service.quiet_start_hour, service.quiet_end_hour, tz)
        }
        due_plans = uow.plans.due_nudges(
            now,
            RENUDGE_AFTER,
            SWEEP_BATCH,
            held_services=quiet,
            unless_nudged=NUDGES_BEFORE_OVERDUE,
        )
        overdue = [d for d in due_plans if d.nudges_sent >= NUDGES_BEFORE_OVERDUE]
        nudged = [
            d
            for d in due_plans
            if d.nudges_sent < NUDGES_BEFORE_OVERDUE and d.service_id not in quiet
        ]
        if not overdue and not nudged:
            return 0
        chat_of = _team_chats(uow)
        teams = {d.plan_id: _team_and_language(uow, chat_of, d) for d in overdue}  # last reads
        grants = [
            TokenGrant(
                chat_id=d.telegram_user_id,
                service_id=d.service_id,
                young_person_id=d.young_person_id,
                action=NUDGE_ACTION,
            )
            for d in nudged
        ]
        # From here on only writes. On PostgreSQL they are pipelined: each is sent without
        # waiting for the one before, and the server works on them while the messages are
        # made (names decrypted, texts rendered and encrypted, a fresh IV each).
        with uow.pipelined():
            # Older nudges' buttons stop working before the new ones are made.
            uow.tokens.retire_many([d.young_person_id for d in nudged], "review:", now)
            tokens = uow.tokens.issue_many(grants, now, NUDGE_BUTTON_TTL)
            uow.plans.mark_nudged([d.plan_id for d in nudged], now)
            uow.plans.mark_overdue([d.plan_id for d in overdue], now)
            data = dict(zip((d.plan_id for d in nudged), tokens, strict=True))
            shared = _outbox_shared(now)
            for part in chunks(due_plans, OUTBOX_CHUNK):  # in due order, as sent
                rows = _outbox_rows(part, data, teams)
                uow.outbox.add_many(OUTBOX_COLUMNS, rows, shared)
    queued = len(overdue) + len(nudged)
    log.info("review sweep queued %d messages", queued)
    return queued
