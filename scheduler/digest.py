"""The monthly digest to each service's managers' group (1st of the month, 09:00 UK time).

Idempotent and catching up: a digest is keyed by service and month, so it is sent once, and
a sweep after downtime still sends this month's digest if it has not gone yet. It is read in
a group, so in the group's language (:data:`~dialogs.texts.GROUP_LANGUAGE`).
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, date, datetime, time
from statistics import median
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError

from dialogs.cases import crisis_kinds
from dialogs.cases.membership import MOVED_NOTE
from dialogs.core.clock import Clock
from dialogs.staff import report
from dialogs.texts import GROUP_LANGUAGE, dates, t
from scheduler.retention import retention_line
from storage.db import Database
from storage.models import (
    GroupPurpose,
    Service,
)
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)
DIGEST_HOUR = 9
REFERRAL_AGE = 15


def _month_start(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day.replace(day=1), time(0), tzinfo=tz).astimezone(UTC)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def digest_text(uow: UnitOfWork, service: Service, now: datetime, tz: str) -> str:
    """The digest for one service, as of ``now``."""
    zone = ZoneInfo(tz)
    today = now.astimezone(zone).date()
    this_month = _month_start(today, zone)
    last_month = _month_start(_add_months(today, -1), zone)
    next_month = _month_start(_add_months(today, 1), zone)
    assert service.id is not None
    cases = {case.id: case for case in uow.cases.of_service(service.id)}
    plans = uow.plans.of_service(service.id)
    done: Counter[int | None] = Counter()
    due: Counter[int | None] = Counter()
    overdue: Counter[int | None] = Counter()
    coordinator_of = {plan.id: cases[plan.young_person_id].coordinator_id for plan in plans}
    for plan in plans:
        who = coordinator_of[plan.id]
        if plan.overdue_since is not None:
            overdue[who] += 1
        elif plan.next_review_at is not None and plan.next_review_at < next_month:
            due[who] += 1
    for plan_id in uow.plans.reviewed_between(service.id, last_month, this_month):
        done[coordinator_of.get(plan_id)] += 1
    lines = [
        t(
            "digest.title",
            GROUP_LANGUAGE,
            service=service.name,
            month=dates.local(today, dates.MONTH_YEAR, GROUP_LANGUAGE),
        )
    ]
    coordinators = sorted(set(done) | set(due) | set(overdue), key=lambda c: (c is None, c))
    for coordinator_id in coordinators:
        staff = uow.staff.get(service.id or 0, coordinator_id) if coordinator_id else None
        lines.append(
            t(
                "digest.coordinator",
                GROUP_LANGUAGE,
                coordinator=staff.name if staff else t("digest.no_coordinator", GROUP_LANGUAGE),
                done=done[coordinator_id],
                due=due[coordinator_id],
                overdue=overdue[coordinator_id],
            )
        )
    if not coordinators:
        lines.append(t("digest.no_plans", GROUP_LANGUAGE))
    unreachable = sum(1 for case in cases.values() if case.unreachable)
    lines.append(t("digest.unreachable", GROUP_LANGUAGE, count=unreachable))
    birthday_month = _add_months(today, 1)
    turning = sorted(
        case.reference
        for case in cases.values()
        if case.date_of_birth is not None
        and case.date_of_birth.month == birthday_month.month
        and birthday_month.year - case.date_of_birth.year == REFERRAL_AGE
    )
    lines.append(
        t(
            "digest.turning_15",
            GROUP_LANGUAGE,
            refs=", ".join(turning) or t("digest.none", GROUP_LANGUAGE),
        )
    )
    lines.append(retention_line(uow, service, today))
    # Rows queued again elsewhere (a lost or moved group) were not lost.
    failed = uow.outbox.failed_between(service.id, last_month, this_month, MOVED_NOTE)
    lines.append(t("digest.failed", GROUP_LANGUAGE, count=failed))
    opened, answered = uow.support.opened_and_answered(service.id, last_month, this_month)
    lines.append(t("digest.requests", GROUP_LANGUAGE, opened=opened, answered=answered))
    lines.extend(safety_lines(uow, service.id, last_month, this_month))
    return "\n".join(lines)


def safety_lines(uow: UnitOfWork, service_id: int, since: datetime, until: datetime) -> list[str]:
    """Safety alerts by kind of danger, their median time to pick up, and the check-ins
    answered "not safe" or not clearly either way."""
    alerts = uow.support.alerts_between(service_id, since, until)
    by_category = Counter(crisis_kinds.primary(alert.crisis_category) for alert in alerts)
    categories = ", ".join(
        f"{t(f'crisis.category.{category}', GROUP_LANGUAGE)}: {count}"
        for category, count in sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    lines = [
        t(
            "digest.alerts",
            GROUP_LANGUAGE,
            count=len(alerts),
            categories=categories or t("digest.none", GROUP_LANGUAGE),
        )
    ]
    waits = [
        (alert.picked_up_at - alert.created_at).total_seconds() / 60
        for alert in alerts
        if alert.picked_up_at is not None
    ]
    if waits:
        lines.append(t("digest.alerts.pickup", GROUP_LANGUAGE, median=pickup_label(median(waits))))
    elif alerts:
        lines.append(t("digest.alerts.pickup_none", GROUP_LANGUAGE))
    answers = uow.audit.count_actions(
        service_id, ("checkin_not_safe", "checkin_unsure"), since, until
    )
    lines.append(
        t("digest.checkins_not_safe", GROUP_LANGUAGE, count=int(answers.get("checkin_not_safe", 0)))
    )
    lines.append(
        t("digest.checkins_unsure", GROUP_LANGUAGE, count=int(answers.get("checkin_unsure", 0)))
    )
    return lines


def pickup_label(minutes: float) -> str:
    """A median wait in clock time: "4 min", "2 h 5 min"."""
    hours, rest = divmod(round(minutes), 60)
    if hours == 0:
        return t("escalate.minutes", GROUP_LANGUAGE, minutes=rest)
    if rest == 0:
        return t("escalate.hours", GROUP_LANGUAGE, hours=hours)
    return t("escalate.hours_minutes", GROUP_LANGUAGE, hours=hours, minutes=rest)


def monthly_digest_sweep(db: Database, clock: Clock, tz: str = "Europe/London") -> int:
    """Send this month's digest to every service with a managers' group, once."""
    now = clock.now()
    local = now.astimezone(ZoneInfo(tz))
    if local.day == 1 and local.hour < DIGEST_HOUR:
        return 0
    queued = 0
    with unit_of_work(db) as uow:
        service_ids = [service.id for service in uow.services.all() if service.id is not None]
    for service_id in service_ids:
        key = f"digest:{service_id}:{local.strftime('%Y-%m')}"
        try:
            queued += _queue_digest(db, service_id, key, now, tz)
        except IntegrityError:
            # Another sweep (another worker, or the playground's clock beside the scheduler)
            # queued this month's digest between our look and our insert: it goes once.
            log.info("monthly digest of service %s already queued", service_id)
    if queued:
        log.info("monthly digest queued for %d services", queued)
    return queued


def _queue_digest(db: Database, service_id: int, key: str, now: datetime, tz: str) -> int:
    """Queue one service's digest and report in one transaction; 1 if queued, else 0."""
    with unit_of_work(db) as uow:
        service = uow.services.get(service_id)
        chat_id = uow.groups.chat_for(service_id, GroupPurpose.MANAGERS)
        if service is None or chat_id is None or uow.outbox.exists(key):
            return 0
        uow.outbox.enqueue(
            chat_id=chat_id,
            text=digest_text(uow, service, now, tz),
            kind="digest",
            idempotency_key=key,
            now=now,
            service_id=service_id,
        )
        report.queue_monthly_report(uow, service, chat_id, key, now)
        return 1
