"""Database sweeps the scheduler runs: idempotent, restart-safe, cheap when nothing is due.

Each sweep is one transaction that reads only due rows (through an index on the due date),
changes their state and queues outbox rows in the same commit. Running one twice, or on two
workers at once (PostgreSQL takes an advisory lock), sends nothing twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import text

from dialogs.notify import notify_team
from dialogs.texts import t
from scheduler.clock import Clock
from scheduler.quiet import in_quiet_hours
from storage.db import Database
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)

RENUDGE_AFTER = timedelta(days=3)
NUDGES_BEFORE_OVERDUE = 3  # the nudge and two gentle re-nudges
NUDGE_BUTTON_TTL = timedelta(days=14)
SWEEP_BATCH = 500
REVIEW_LOCK = 715_001  # advisory lock id of the review sweep


def _locked(uow: UnitOfWork, lock_id: int) -> bool:
    """On PostgreSQL, take a transaction-scoped advisory lock; False if another worker has it."""
    if uow.session.get_bind().dialect.name != "postgresql":
        return True
    got = uow.session.execute(text("SELECT pg_try_advisory_xact_lock(:id)"), {"id": lock_id})
    return bool(got.scalar())


def review_due_sweep(db: Database, clock: Clock, tz: str = "Europe/London") -> int:
    """Nudge young people whose plan review is due; flag reviews overdue. Returns rows queued."""
    now = clock.now()
    queued = 0
    with unit_of_work(db) as uow:
        if not _locked(uow, REVIEW_LOCK):
            return 0
        for plan in uow.plans.due_for_nudge(now, RENUDGE_AFTER, SWEEP_BATCH):
            case = uow.plans.case_of(plan)
            service = uow.services.get(plan.service_id)
            if case is None or service is None or case.telegram_user_id is None:
                continue
            if case.unreachable:
                continue
            if plan.nudges_sent >= NUDGES_BEFORE_OVERDUE:
                plan.overdue_since = now
                due = plan.next_review_at.isoformat() if plan.next_review_at else ""
                notify_team(uow, case, "notify.overdue", f"overdue:{plan.id}:{due}", now)
                queued += 1
                continue
            if in_quiet_hours(now, service.quiet_start_hour, service.quiet_end_hour, tz):
                continue  # stays due; the first sweep after the quiet hours sends it
            assert case.id is not None and plan.next_review_at is not None
            uow.tokens.retire(case.id, "review:", now)
            buttons = [
                [
                    (
                        t(label),
                        uow.tokens.issue(
                            chat_id=case.telegram_user_id,
                            service_id=case.service_id,
                            young_person_id=case.id,
                            action=action,
                            now=now,
                            ttl=NUDGE_BUTTON_TTL,
                        ),
                    )
                ]
                for label, action in (
                    ("btn.start_now", "review:start"),
                    ("btn.tomorrow", "review:tomorrow"),
                    ("btn.next_week", "review:next_week"),
                )
            ]
            key = "review.nudge" if plan.nudges_sent == 0 else "review.renudge"
            uow.outbox.enqueue(
                chat_id=case.telegram_user_id,
                text=t(key, name=case.first_name or ""),
                kind=key,
                idempotency_key=(
                    f"nudge:{plan.id}:{plan.next_review_at.isoformat()}:{plan.nudges_sent}"
                ),
                now=now,
                buttons=buttons,
                service_id=case.service_id,
                young_person_id=case.id,
            )
            plan.nudges_sent += 1
            plan.last_nudged_at = now
            queued += 1
    if queued:
        log.info("review sweep queued %d messages", queued)
    return queued
