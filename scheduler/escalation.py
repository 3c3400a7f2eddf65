"""The escalation sweep: support requests nobody picked up in time go to the managers.

A request is due when its ``escalate_at`` (the service's response time in working minutes,
see :mod:`dialogs.core.working_hours`) has passed and it is still ``sent``. Each one is escalated
in its own transaction: the conditional :meth:`~storage.support.SupportRepo.mark_escalated`
and its three outbox rows commit together, so a crash leaves either all or none of them, a
second run (or a second worker, which PostgreSQL's advisory lock also keeps out) finds the
request already escalated, and the idempotency keys make a double insert fail rather than
send twice.

What goes out:

* a card to the service's managers' group (the coordinators' group when there is none) with
  the request's reference, the case reference, first name, category, urgency and how long it
  has waited in working time, never what the young person wrote;
* a note in the coordinators' group, as a reply to the request's card, that it went to the
  managers;
* a message to the young person that it is taking longer than hoped and a manager (or, with
  no managers' group, the team) knows, with
  the emergency numbers when the request was urgent; held until their quiet hours end.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dialogs.cases import crisis_kinds
from dialogs.core.clock import Clock
from dialogs.core.quiet import DEFAULT_TZ, next_allowed
from dialogs.core.reader import case_language, case_text
from dialogs.core.working_hours import working_minutes_between
from dialogs.texts import GROUP_LANGUAGE, dates, t
from storage.db import Database
from storage.models import (
    CaseStatus,
    GroupPurpose,
    RequestKind,
    Service,
    SupportRequest,
    Urgency,
)
from storage.uow import UnitOfWork, unit_of_work

log = logging.getLogger(__name__)

ESCALATION_LOCK = 715_003  # advisory lock id of the escalation sweep
ESCALATION_BATCH = 500  # per pass; the next pass (a minute later) takes the rest
ALERT_MINUTES = 15  # working minutes an URGENT safety alert may wait (dialogs.safety.alerts)


def _category(request: SupportRequest, lang: str) -> str:
    """The request's kind in words, in ``lang`` (the group's or the young person's)."""
    if request.kind == RequestKind.ALERT:
        crisis = crisis_kinds.label(request.crisis_category, lang)
        return t("escalate.category.alert", lang, crisis=crisis)
    if request.kind == RequestKind.TALK:
        return t("escalate.category.talk", lang)
    return t(f"escalate.category.{request.category.value}", lang)


def waited_label(minutes: int) -> str:
    """A working-time duration as staff read it in their group: "45 min", "8 h", "1 h 30 min"."""
    hours, rest = divmod(max(minutes, 0), 60)
    if hours == 0:
        return t("escalate.minutes", GROUP_LANGUAGE, minutes=rest)
    if rest == 0:
        return t("escalate.hours", GROUP_LANGUAGE, hours=hours)
    return t("escalate.hours_minutes", GROUP_LANGUAGE, hours=hours, minutes=rest)


def when_label(at: datetime, now: datetime, tz: str = DEFAULT_TZ) -> str:
    """A past time in UK time, for a group: "Friday 16:30" within the last week, else with
    the date."""
    pattern = dates.WEEKDAY_CLOCK if now - at < timedelta(days=6) else dates.WEEKDAY_DATE_CLOCK
    return dates.in_zone(at, pattern, ZoneInfo(tz), GROUP_LANGUAGE)


def _waited(request: SupportRequest, service: Service, now: datetime) -> int:
    """Working minutes the request has waited in this round (since it was sent or reopened):
    its response time, which ended at ``escalate_at``, and any working time since."""
    if request.kind == RequestKind.ALERT:
        allowed = ALERT_MINUTES
    elif request.urgency == Urgency.TODAY:
        allowed = service.urgent_response_minutes
    else:
        allowed = service.normal_response_minutes
    return allowed + working_minutes_between(request.escalate_at, now, service)


def escalation_sweep(db: Database, clock: Clock, tz: str = DEFAULT_TZ) -> int:
    """Escalate every due, unpicked support request once. Returns how many were escalated."""
    now = clock.now()
    with unit_of_work(db) as uow:
        if not uow.locks.try_take(ESCALATION_LOCK):
            return 0
        due = [r.id for r in uow.support.due_escalations(now, ESCALATION_BATCH) if r.id]
    escalated = 0
    for request_id in due:
        try:
            with unit_of_work(db) as uow:
                if not uow.locks.try_take(ESCALATION_LOCK):
                    break  # another worker is sweeping now; it will do the rest
                if _escalate(uow, request_id, now, tz):
                    escalated += 1
        except Exception as exc:  # one bad request must not hold up the others
            log.error("escalating request %s failed: %s", request_id, type(exc).__name__)
    if escalated:
        log.info("escalation sweep escalated %d requests", escalated)
    return escalated


def _escalate(uow: UnitOfWork, request_id: int, now: datetime, tz: str) -> bool:
    """Escalate one request in the caller's transaction; False if it no longer needs it."""
    request = uow.support.by_id(request_id)
    if request is None or not uow.support.mark_escalated(request_id, now):
        return False
    service = uow.services.get(request.service_id)
    case = uow.cases.get(request.service_id, request.young_person_id)
    assert service is not None and case is not None
    # A reopened request waits again and may be escalated again: one set per round.
    round_key = f"escalate:{request_id}:{request.escalate_at.astimezone(UTC):%Y%m%d%H%M%S}"
    category = _category(request, GROUP_LANGUAGE)  # for the staff's groups
    managers = uow.groups.chat_for(request.service_id, GroupPurpose.MANAGERS)
    coordinators = uow.groups.chat_for(request.service_id, GroupPurpose.COORDINATORS)
    card_chat = managers if managers is not None else coordinators
    if card_chat is not None:
        uow.outbox.enqueue(
            chat_id=card_chat,
            text=t(
                "escalate.managers_card",
                GROUP_LANGUAGE,
                req=request.reference,
                ref=case.reference,
                name=case.first_name or "",
                category=category,
                urgency=t(f"escalate.urgency.{request.urgency.value}", GROUP_LANGUAGE),
                sent=when_label(request.created_at, now, tz),
                waited=waited_label(_waited(request, service, now)),
            ),
            kind="escalate.managers_card",
            idempotency_key=f"{round_key}:managers",
            # With no managers' group the card itself answers the request's card.
            target_outbox_id=None if managers is not None else request.card_outbox_id,
            now=now,
            service_id=request.service_id,
            young_person_id=case.id,
        )
    else:
        log.warning("request %s is late and the service has no staff group", request_id)
    if managers is not None and coordinators is not None:
        uow.outbox.enqueue(
            chat_id=coordinators,
            text=t(
                "escalate.group_note",
                GROUP_LANGUAGE,
                req=request.reference,
                ref=case.reference,
                name=case.first_name or "",
            ),
            kind="escalate.group_note",
            idempotency_key=f"{round_key}:note",
            target_outbox_id=request.card_outbox_id,
            now=now,
            service_id=request.service_id,
            young_person_id=case.id,
        )
    if (
        case.status == CaseStatus.ACTIVE
        and not case.unreachable
        and case.telegram_user_id is not None
    ):
        if card_chat is None:
            key = "escalate.young_person.no_team"
        else:
            # Honest about who was told: a manager, or (with no managers' group) the team.
            key = "escalate.young_person" if managers is not None else "escalate.young_person.team"
            if request.urgency == Urgency.TODAY:
                key += ".urgent"
            if request.kind == RequestKind.ALERT:
                key = "escalate.young_person.alert" + ("" if managers is not None else ".team")
        uow.outbox.enqueue(
            chat_id=case.telegram_user_id,
            text=case_text(
                uow,
                case,
                key,
                req=request.reference,
                category=_category(request, case_language(case)),
            ),
            kind=key,
            idempotency_key=f"{round_key}:young_person",
            not_before=next_allowed(now, service.quiet_start_hour, service.quiet_end_hour, tz),
            now=now,
            service_id=request.service_id,
            young_person_id=case.id,
        )
    uow.audit.record("scheduler", "request_escalated", now, request.service_id, case.id)
    return True
