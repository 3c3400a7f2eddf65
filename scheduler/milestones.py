"""The milestone sweep: 18th, 21st and 25th birthdays, and 3 months before each.

Runs often and is cheap: it reads only the ids, services and birth dates of active cases
near a milestone (nothing is decrypted), and each milestone is remembered when it is
queued, so it goes once. Days are UK days, across clock changes; someone born on
29 February has their birthday on 1 March in other years. Messages go through the outbox
and wait for the end of the service's quiet hours. On PostgreSQL an advisory lock keeps a
second worker out.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from dialogs.core.clock import Clock
from dialogs.core.quiet import DEFAULT_TZ, next_allowed
from dialogs.young import milestones as say
from storage.db import Database
from storage.milestones import due_on
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

MILESTONE_LOCK = 715_015  # advisory lock id of the milestone sweep


def milestone_sweep(db: Database, clock: Clock, tz: str = DEFAULT_TZ) -> int:
    """Queue every milestone due today (UK) and not sent yet; how many were queued."""
    now = clock.now()
    today = now.astimezone(ZoneInfo(tz)).date()
    queued = 0
    with unit_of_work(db) as uow:
        if not uow.locks.try_take(MILESTONE_LOCK):
            return 0
        found = [
            (candidate, milestone)
            for candidate in uow.milestones.candidates(today)
            if (milestone := due_on(candidate.date_of_birth, today)) is not None
        ]
        done = uow.milestones.already_sent([candidate.case_id for candidate, _ in found])
        services = {s.id: s for s in uow.services.all()}
        for candidate, milestone in found:
            if (candidate.case_id, milestone.key) in done:
                continue
            case = uow.cases.get(candidate.service_id, candidate.case_id)
            service = services.get(candidate.service_id)
            if case is None or service is None:
                continue
            send_at = next_allowed(now, service.quiet_start_hour, service.quiet_end_hour, tz)
            say.queue(uow, case, milestone, now, send_at)
            # Not audited: the trail outlives erasure, and this would tell their birthday.
            uow.milestones.mark_sent(case, milestone, now)
            queued += 1
    if queued:
        log.info("milestone sweep queued %d milestones", queued)
    return queued
