"""The retention sweep: erase cases kept as long as their service allows.

A due case (see :mod:`storage.retention`) is erased as "Delete everything" erases it: names,
date of birth, people, plan, reviews and requests go; the team's messages about it are
edited to say so; the counts and the audit trail stay. Idempotent: an erased case is
``left`` and never due again. On PostgreSQL an advisory lock keeps a second worker out.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from dialogs.core.clock import Clock
from dialogs.texts import GROUP_LANGUAGE, t
from dialogs.young.privacy import erase_case
from storage import audit
from storage.db import Database
from storage.lifedates import add_months
from storage.models import Service, YoungPerson
from storage.retention import uk_day
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)

RETENTION_LOCK = 715_014  # advisory lock id of the retention sweep
BATCH = 200  # cases erased per pass: a backlog is cleared over a few passes, in short commits
SCRUB_KEY = "retention.card.deleted"
REASON = "erased: retention period over"
ACTION = "case_erased_retention"


def retention_sweep(db: Database, clock: Clock) -> int:
    """Erase every case whose retention ran out by today (UK); how many were erased."""
    now = clock.now()
    today = uk_day(now)
    erased = 0
    with unit_of_work(db) as uow:
        if not uow.locks.try_take(RETENTION_LOCK):
            return 0
        for service in uow.services.all():
            for due in uow.retention.due_cases(service, today)[: BATCH - erased]:
                _erase(uow, due.case, now)
                erased += 1
            if erased >= BATCH:
                break
    if erased:
        log.info("retention sweep erased %d cases", erased)
    return erased


def _erase(uow: UnitOfWork, case: YoungPerson, now: datetime) -> None:
    chat_id = case.telegram_user_id  # read before erasing clears it
    erase_case(uow, case, now, reason=REASON, scrub_key=SCRUB_KEY, note=None)
    if chat_id is not None:
        uow.states.forget(chat_id)  # a half-done conversation may hold their words
    audit.record(uow, ACTION, now, case=case, actor=audit.SCHEDULER)


def retention_line(uow: UnitOfWork, service: Service, today: date) -> str:
    """The digest's line: how many cases will be erased next month, and the rule."""
    count = due_next_month(uow, service, today)
    return t("digest.retention_due", GROUP_LANGUAGE, count=count, months=service.retention_months)


def due_next_month(uow: UnitOfWork, service: Service, today: date) -> int:
    """How many of the service's cases fall due in the calendar month after ``today``'s."""
    first = add_months(today.replace(day=1), 1)
    last = add_months(first, 1).replace(day=1)
    return uow.retention.due_between(service, first, date.fromordinal(last.toordinal() - 1))
