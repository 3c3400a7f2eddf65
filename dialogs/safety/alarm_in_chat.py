"""An alarm raised while the young person is talking with their worker (trial finding 3).

The young person still gets the numbers for that kind of danger, and the team its URGENT
alert (which escalates as any alert does). What changes is that:

* their words also land in the thread the worker is reading, marked as flagged, and the
  alert's card says which thread that is (see :mod:`dialogs.cases.live_thread`), so the team has
  one place to answer; their words show only when they share them, as on any alert card;
* they are told honestly that the worker has been told *now*, not "back tomorrow at 9:00"
  about someone who wrote to them minutes ago;
* a worker who answers in that thread has picked the alert up (no escalation to the
  managers about an alert someone is already answering);
* closing the alert says what was closed ("Sam has marked your worry as dealt with"), not
  "Sam has closed this chat" while their chat with Sam goes on.
"""

from __future__ import annotations

from datetime import datetime

from dialogs.cases import relay
from dialogs.cases.live_thread import LiveThread, linked_thread_id, live_thread
from dialogs.core.context import Context
from dialogs.core.working_hours import is_working_time
from dialogs.safety import alerts
from dialogs.texts import GROUP_LANGUAGE, t
from storage.models import (
    RelayRole,
    RequestKind,
    SupportRequest,
    YoungPerson,
)
from storage.uow import UnitOfWork


def find(ctx: Context, case: YoungPerson) -> LiveThread | None:
    """The thread a worker is talking with them in right now, if any."""
    return live_thread(ctx.uow, case, ctx.now)


def flag_in_thread(
    ctx: Context,
    case: YoungPerson,
    live: LiveThread,
    alert: SupportRequest,
    category: str,
    words: str | None,
) -> None:
    """Put the flagged words (or, when not shared, that something was flagged) in the thread.

    An alert's own thread already got its "another worrying message" note. Words that went
    to the thread as a message just now are pointed at, not repeated.
    """
    thread = live.request
    if thread.id == alert.id:
        return
    text = ""
    if words is None:
        key = "calm.thread.flagged.checkin"
    elif _relayed_now(ctx, thread):
        key = "calm.thread.flagged.above"
    elif relay.sharing(ctx.uow, case):
        key, text = "calm.thread.flagged.words", words
    else:
        key = "calm.thread.flagged.private"
    relay.to_team(
        ctx.uow,
        thread,
        case,
        key,
        f"flagged:{thread.id}:{ctx.event.update_id}",
        ctx.now,
        category=t(f"crisis.category.{category}", GROUP_LANGUAGE),  # in the team's thread
        alert_ref=alert.reference,
        text=text,
    )
    ctx.audit("alert_in_live_thread", case)


def _relayed_now(ctx: Context, thread: SupportRequest) -> bool:
    """Whether this very message went into the thread (they were writing to the worker)."""
    message_id = ctx.event.message_id
    if message_id is None:
        return False
    mapped = ctx.uow.relays.find(ctx.event.chat_id, message_id)
    return (
        mapped is not None
        and mapped.role == RelayRole.TO_GROUP
        and mapped.support_request_id == thread.id
    )


def team_line(ctx: Context, case: YoungPerson, live: LiveThread) -> str:
    """What they are told about the worker who is talking with them: told now, honestly."""
    service = ctx.uow.services.get(case.service_id)
    assert service is not None
    staff = ctx.uow.staff.get(case.service_id, live.staff_id)
    other = relay.coordinator_of(staff) if live.staff_id != case.coordinator_id else ""
    # Their own worker by name and role; someone else on the team by name only.
    name = other or alerts.coordinator_name(ctx, case)
    suffix = ".other" if other else ("" if name else ".team")
    if is_working_time(ctx.now, service):
        return ctx.text(f"calm.team.live{suffix}", name=name)
    return ctx.text(
        f"calm.team.live.closed{suffix}",
        name=name,
        when=alerts.back_when(ctx.now, service, ctx.lang),
    )


def answered_in_thread(
    uow: UnitOfWork, thread: SupportRequest, staff_id: int, key: str, now: datetime
) -> None:
    """A worker answered in a thread: unpicked alerts raised in it are theirs now."""
    if thread.kind == RequestKind.ALERT:
        return
    for alert in uow.support.unpicked_alerts(thread):
        if linked_thread_id(alert) != thread.id or alert.id is None:
            continue
        if uow.support.pick_up(alert.service_id, alert.id, staff_id, now):
            relay.refresh_card(uow, alert, f"answered_in:{alert.id}:{key}", now)


def closed_key(uow: UnitOfWork, request: SupportRequest) -> str:
    """The young person's line when the team closes an alert or talk thread.

    "…has closed this chat" only when that was the chat: an alert raised inside another
    conversation, or closed while another conversation goes on, is a worry dealt with.
    """
    if request.kind != RequestKind.ALERT:
        return "alert.closed"
    if _other_conversation(uow, request):
        return "calm.alert.closed.open"
    if linked_thread_id(request) is not None:
        return "calm.alert.closed.worry"
    return "alert.closed"


def _other_conversation(uow: UnitOfWork, request: SupportRequest) -> bool:
    """Whether another open thread of theirs is a conversation: a talk, or one the team wrote
    in."""
    for other in uow.support.other_open(request):
        if other.kind == RequestKind.TALK:
            return True
        if uow.relays.worker_wrote(other.id):
            return True
    return False
