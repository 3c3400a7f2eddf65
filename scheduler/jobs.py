"""APScheduler 3 wiring: the sweeps run on intervals inside the bot process.

Schedules live in the data (``plan.next_review_at`` …); the jobs only decide how often the
sweeps look, so a restart or a missed run loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from dialogs.core.clock import Clock
from scheduler.digest import monthly_digest_sweep
from scheduler.escalation import escalation_sweep
from scheduler.milestones import milestone_sweep
from scheduler.retention import retention_sweep
from scheduler.sweeps import review_due_sweep
from storage.db import Database

log = logging.getLogger(__name__)

SweepFn = Callable[[Database, Clock], int]
SWEEPS: dict[str, tuple[SweepFn, int]] = {
    # name: (sweep, seconds between runs)
    "review_due": (review_due_sweep, 60),
    "escalation": (escalation_sweep, 60),
    "monthly_digest": (monthly_digest_sweep, 600),
    "retention": (retention_sweep, 3600),
    "milestones": (milestone_sweep, 900),
}


async def _run(name: str, sweep: SweepFn, db: Database, clock: Clock) -> None:
    try:
        await asyncio.to_thread(sweep, db, clock)
    except Exception as exc:  # one failed pass must not stop the schedule
        log.error("sweep %s failed: %s", name, type(exc).__name__)


def start_scheduler(db: Database, clock: Clock) -> AsyncIOScheduler:
    """Start every sweep on its interval (first run straight away, to catch up)."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    for name, (sweep, seconds) in SWEEPS.items():
        scheduler.add_job(
            _run,
            "interval",
            seconds=seconds,
            args=(name, sweep, db, clock),
            id=name,
            max_instances=1,
            coalesce=True,
            next_run_time=clock.now(),
        )
    scheduler.start()
    return scheduler
