"""Safety alerts and "talk to someone" threads: support requests of their own kinds.

An alert or a talk thread is a ``support_request`` row (``kind`` alert or talk), so it gets
everything a request has: a reference, a card in the coordinators' group with *Pick up*,
*Reply* and *Close*, a thread, the two-way relay and escalation to the managers. An alert
escalates after :data:`ALERT_MINUTES` working minutes; a talk thread after the service's
urgent response time.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dialogs.cases import crisis_kinds, relay, threads
from dialogs.cases.live_thread import LiveThread, linked_origin, linked_thread_id
from dialogs.cases.notify import team_chat
from dialogs.core.context import Context
from dialogs.core.working_hours import (
    add_working_minutes,
    is_working_time,
    next_working_start,
    response_due,
)
from dialogs.texts import DEFAULT_LANGUAGE, GROUP_LANGUAGE, dates, t
from storage.models import (
    RequestKind,
    Service,
    SupportCategory,
    SupportRequest,
    Urgency,
    YoungPerson,
)

log = logging.getLogger(__name__)

ALERT_MINUTES = 15  # working minutes before an unpicked alert goes to the managers
# A second worrying message soon after the first adds to the open alert: one card, not two.
ALERT_REUSE = timedelta(minutes=30)
LONDON = ZoneInfo("Europe/London")


def coordinator_name(ctx: Context, case: YoungPerson) -> str:
    """The first name of the case's coordinator, or "" when there is none."""
    if case.coordinator_id is None:
        return ""
    staff = ctx.uow.staff.get(case.service_id, case.coordinator_id)
    return relay.coordinator_of(staff) if staff is not None and staff.active else ""


def back_when(now: datetime, service: Service, lang: str = DEFAULT_LANGUAGE) -> str:
    """When the team is next at work, as the young person reads it: "tomorrow at 9:00"."""
    return when_label(now, next_working_start(now, service), lang)


def within_label(minutes: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """A response time in words: "15 minutes", "an hour", "2 hours", "a working day"."""
    if minutes < 60:
        return t("talk.within.minutes", lang, minutes=minutes)
    if minutes == 60:
        return t("talk.within.hour", lang)
    if minutes < 8 * 60:
        return t("talk.within.hours", lang, hours=round(minutes / 60))
    return t("talk.within.day", lang)


def _service(ctx: Context, case: YoungPerson) -> Service:
    service = ctx.uow.services.get(case.service_id)
    assert service is not None
    return service


def raise_alert(
    ctx: Context,
    case: YoungPerson,
    category: str,
    origin: str,
    words: str | None,
    live: LiveThread | None = None,
) -> SupportRequest | None:
    """Open an URGENT alert (card and all) for the team; None when nobody can receive it.

    The young person's words go on the card only when they share with their worker.
    Within :data:`ALERT_REUSE` of an open alert, the new words join that alert's thread; so
    do they when a worker is talking with them in an alert's thread right now (``live``).
    A new alert raised while a worker is talking in another thread is linked to it.
    """
    if team_chat(ctx.uow, case) is None:
        return None
    shared = relay.sharing(ctx.uow, case)
    if live is not None and live.request.kind == RequestKind.ALERT:
        existing: SupportRequest | None = live.request
    else:
        existing = ctx.uow.support.open_of_kind(case, RequestKind.ALERT, ctx.now - ALERT_REUSE)
    if existing is not None:
        key = f"alert_again:{existing.id}:{ctx.event.update_id}"
        note = "relay.alert.again.words" if shared and words else "relay.alert.again"
        relay.to_team(
            ctx.uow,
            existing,
            case,
            note,
            key,
            ctx.now,
            category=t(f"crisis.category.{category}", GROUP_LANGUAGE),  # in the team's thread
            text=words or "",
        )
        combined = crisis_kinds.merged(existing.crisis_category, category)
        newer = combined != existing.crisis_category
        if newer:
            # The card's head keeps every kind seen, most serious first: never downgraded.
            existing.crisis_category = combined
        link = live is not None and live.request.id != existing.id
        if link and linked_thread_id(existing) is None:
            assert live is not None
            # The card says where a worker is talking with them now.
            existing.origin = linked_origin(existing.origin or origin, live.request)
        if newer or link:
            existing.updated_at = ctx.now
            relay.refresh_card(ctx.uow, existing, f"category:{ctx.event.update_id}", ctx.now)
        ctx.audit(f"crisis_{category}", case)
        return existing
    service = _service(ctx, case)
    request = ctx.uow.support.create(
        case,
        SupportCategory.OTHER,
        Urgency.TODAY,
        words if shared else None,
        [],
        shared,
        ctx.now,
        add_working_minutes(ctx.now, ALERT_MINUTES, service),
        kind=RequestKind.ALERT,
        crisis_category=category,
        origin=linked_origin(origin, live.request) if live is not None else origin,
    )
    relay.send_card(ctx.uow, request, case, ctx.now)
    ctx.audit(f"crisis_{category}", case)
    if origin == "checkin":
        ctx.audit("checkin_not_safe", case)
    log.warning("safety alert %s raised (%s, %s)", request.id, category, origin)
    return request


def team_line(ctx: Context, case: YoungPerson, alert: SupportRequest | None) -> str:
    """What the young person is told about their team after an alert: honest about when."""
    if alert is None:
        return ctx.text("crisis.team.none")
    service = _service(ctx, case)
    if is_working_time(ctx.now, service):
        name = coordinator_name(ctx, case)
        return (
            ctx.text("crisis.team.working_name", name=name)
            if name
            else ctx.text("crisis.team.working")
        )
    name = coordinator_name(ctx, case)
    key = "crisis.team.closed.named" if name else "crisis.team.closed"
    return ctx.text(key, name=name, when=back_when(ctx.now, service, ctx.lang))


# Alerts whose own numbers include someone to talk to, day or night.
_TALKING_CATEGORIES = frozenset({"suicide", "self_harm", "abuse", "exploitation"})


def open_talk(ctx: Context, origin: str = "talk") -> bool:
    """*Talk to someone*: a thread with their coordinator; what they type next goes there.

    False (with an explanation prefaced) when the team can't be reached through the bot;
    the caller then shows its own screen again.
    """
    case = ctx.case
    assert case is not None
    alert = ctx.uow.support.open_of_kind(case, RequestKind.ALERT)
    if alert is not None:
        # One chat about their safety, not two: the talk goes to the open alert's thread.
        key = f"alert_talk:{alert.id}:{ctx.event.update_id}"
        relay.to_team(ctx.uow, alert, case, "relay.alert.talk", key, ctx.now)
        service = _service(ctx, case)
        # Someone to talk to now: the lines for talking, unless the alert's own are those
        # (a housing or medical alert's lines are no help to someone who wants to talk).
        category = crisis_kinds.primary(alert.crisis_category)
        talking = category in _TALKING_CATEGORIES
        numbers = ctx.text(f"crisis.numbers.{category}" if talking else "crisis.numbers.general")
        # Their own worker (who has it, or will pick it up) by name and role; anyone else
        # on the team who has picked it up, by name.
        own = alert.claimed_by_staff_id in (None, case.coordinator_id)
        worker = coordinator_name(ctx, case) if own else ""
        name = "" if own else relay.staff_name(ctx.uow, alert)
        if is_working_time(ctx.now, service) and worker:
            ctx.preface("talk.in_alert.named", name=worker, numbers=numbers)
        elif is_working_time(ctx.now, service):
            ctx.preface("talk.in_alert", name=name or ctx.text("talk.your_worker"), numbers=numbers)
        else:
            key = "talk.in_alert.closed.named" if worker else "talk.in_alert.closed"
            ctx.preface(
                key, name=worker, when=back_when(ctx.now, service, ctx.lang), numbers=numbers
            )
        ctx.audit(f"talk_in_alert_{origin}", case)
        threads.open_reply(ctx, alert)
        return True
    existing = ctx.uow.support.open_of_kind(case, RequestKind.TALK)
    if existing is not None:
        worker = coordinator_name(ctx, case)
        ctx.preface("talk.already.named" if worker else "talk.already", name=worker)
        threads.open_reply(ctx, existing)
        return True
    if team_chat(ctx.uow, case) is None:
        ctx.preface("talk.none", numbers=ctx.text("crisis.numbers.general"))
        return False
    request = start_talk(ctx, case, origin)
    service = _service(ctx, case)
    if is_working_time(ctx.now, service):
        _say_who_and_when(ctx, case, service)
    else:
        worker = coordinator_name(ctx, case)
        ctx.preface(
            "talk.closed.named" if worker else "talk.closed",
            name=worker,
            when=back_when(ctx.now, service, ctx.lang),
            numbers=ctx.text("crisis.numbers.general"),
        )
    threads.open_reply(ctx, request)
    return True


def _say_who_and_when(ctx: Context, case: YoungPerson, service: Service) -> None:
    """In working hours: who will answer, and roughly when (by a time when it's late)."""
    name = coordinator_name(ctx, case)
    minutes = service.urgent_response_minutes
    due = response_due(service, Urgency.TODAY, ctx.now)
    if due - ctx.now <= timedelta(minutes=minutes):
        key = "talk.working" if name else "talk.working.team"
        ctx.preface(key, name=name, within=within_label(minutes, ctx.lang))
        return
    # Near the end of the day the answer may come tomorrow: say when, with the numbers.
    key = "talk.working.by" if name else "talk.working.by.team"
    ctx.preface(
        key,
        name=name,
        when=when_label(ctx.now, due, ctx.lang),
        numbers=ctx.text("crisis.numbers.general"),
    )


def when_label(now: datetime, when: datetime, lang: str = DEFAULT_LANGUAGE) -> str:
    """A time as the young person reads it: "today at 16:30", "tomorrow at 9:15"."""
    local = when.astimezone(LONDON)
    today = now.astimezone(LONDON).date()
    clock = dates.local(when, dates.SHORT_CLOCK, lang)
    if local.date() == today:
        return t("when.today", lang, time=clock)
    if local.date() == today + timedelta(days=1):
        return t("when.tomorrow", lang, time=clock)
    return t("when.day", lang, day=dates.local(when, dates.WEEKDAY, lang), time=clock)


def start_talk(ctx: Context, case: YoungPerson, origin: str) -> SupportRequest:
    """Open a talk thread and post its card (the caller checked there is a team to post to)."""
    service = _service(ctx, case)
    request = ctx.uow.support.create(
        case,
        SupportCategory.TALK,
        Urgency.TODAY,
        None,
        [],
        False,
        ctx.now,
        response_due(service, Urgency.TODAY, ctx.now),
        kind=RequestKind.TALK,
        origin=origin,
    )
    relay.send_card(ctx.uow, request, case, ctx.now)
    ctx.audit(f"talk_opened_{origin}", case)
    return request
