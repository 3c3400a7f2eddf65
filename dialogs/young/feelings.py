"""How the bot answers a feeling ("i feel really low tbh", "😭😭😭"): warm, and honest about when.

Outside a conversation: a warm line, then when their worker can talk (today, or when
they're back, with the 24/7 numbers), and *Talk to someone* once. Inside a thread out of
working hours: after "Sent", one short line saying when the worker will see it, with the
24/7 numbers, once per burst (trial finding 8). In working hours: a short warm line with
the "Sent" tick, once per burst.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from dialogs.cases import relay
from dialogs.cases.live_thread import LIVE_WINDOW, last_staff_message
from dialogs.cases.notify import team_chat
from dialogs.cases.threads import BURST
from dialogs.core import language
from dialogs.core.context import Context
from dialogs.core.flow import Flow, reshow
from dialogs.core.working_hours import is_working_time, next_working_start, response_due
from dialogs.safety import alerts, talk_button
from storage.models import (
    RequestKind,
    SupportRequest,
    Urgency,
)

NOTE_SAID = "thread_feeling_note"  # audit action: the in-thread line was said (no content)


def answer(ctx: Context, flow: Flow, feeling: str) -> None:
    """A warm, specific answer, honest about when, with *Talk to someone* (once).

    A second feeling on the same screen soon after gets a short line, not the same
    paragraph again.
    """
    if _felt_lately(ctx):
        reshow(ctx, flow, "calm.feeling.again", top=[talk_button.talk_row(ctx)], whole=False)
    else:
        when_key, params = _when(ctx)
        reshow(
            ctx,
            flow,
            "calm.feeling",
            top=[talk_button.talk_row(ctx)],
            whole=False,
            warm=ctx.text(f"calm.feeling.{feeling}"),
            when=ctx.text(when_key, **params),
        )
    _one_talk_button(ctx, f"lang.feeling.{feeling}")
    if ctx.state is not None:
        ctx.state.data = {**ctx.state.data, _FELT: ctx.now.isoformat()}


_FELT = "felt_at"  # when this screen last answered a feeling
_FELT_AGAIN = timedelta(minutes=10)


def _felt_lately(ctx: Context) -> bool:
    raw = ctx.state.data.get(_FELT) if ctx.state is not None else None
    try:
        felt = datetime.fromisoformat(str(raw)) if raw else None
    except ValueError:
        return False
    return felt is not None and timedelta(0) <= ctx.now - felt <= _FELT_AGAIN


def when_line(ctx: Context) -> str:
    """When their worker can talk, in words, for a feelings line on another screen."""
    key, params = _when(ctx)
    return ctx.text(key, **params)


def _when(ctx: Context) -> tuple[str, dict[str, str]]:
    """When their worker can talk: today, or when they're back (with the 24/7 numbers)."""
    case = ctx.case
    assert case is not None
    service = ctx.uow.services.get(case.service_id)
    if service is None or team_chat(ctx.uow, case) is None:
        return "calm.feeling.when.none", {}
    name = alerts.coordinator_name(ctx, case)
    suffix = "" if name else ".team"
    due = response_due(service, Urgency.TODAY, ctx.now)
    same_day = due.astimezone(alerts.LONDON).date() == ctx.now.astimezone(alerts.LONDON).date()
    if is_working_time(ctx.now, service) and same_day:
        return f"calm.feeling.when.today{suffix}", {"name": name}
    back = due if is_working_time(ctx.now, service) else next_working_start(ctx.now, service)
    return f"calm.feeling.when.later{suffix}", {
        "name": name,
        "when": alerts.when_label(ctx.now, back, ctx.lang),
    }


def _one_talk_button(ctx: Context, key: str) -> None:
    """Keep the first *Talk to someone* on the screen just shown; the menu has one too.

    The reply keeps the key of the feeling it answers ("lang.feeling.low").
    """
    if not ctx.replies:
        return
    label = ctx.text("btn.crisis.talk")
    last = ctx.replies[-1]
    seen = False
    rows = []
    for row in last.buttons:
        kept = []
        for button in row:
            if button.label == label:
                if seen:
                    continue
                seen = True
            kept.append(button)
        if kept:
            rows.append(tuple(kept))
    ctx.replies[-1] = replace(last, key=key, buttons=tuple(rows))


def after_sent(ctx: Context, request: SupportRequest) -> None:
    """After their message went into a thread: out of hours, a feeling gets one honest line.

    On an alert, any message does out of hours: at 3 a.m. a bare "Sent ✓" is not enough.
    Said once per burst (messages less than :data:`dialogs.cases.threads.BURST` apart), however
    many feelings the burst holds.
    """
    case, text = ctx.case, ctx.event.text or ""
    on_alert = request.kind == RequestKind.ALERT
    if case is None or not (text or on_alert):
        return
    feeling = language.feeling_of(text) if text else None
    if feeling is None and not on_alert:
        return  # most messages: no need to read the service
    service = ctx.uow.services.get(case.service_id)
    if service is None:
        return
    if feeling is None and is_working_time(ctx.now, service):
        return  # on an alert in working hours, the tick is enough (trial 2026-12-07, 6)
    if _said_this_burst(ctx, request):
        return
    name = relay.staff_name(ctx.uow, request) or alerts.coordinator_name(ctx, case)
    name = name.split()[0] if name else ctx.text("talk.your_worker")
    if is_working_time(ctx.now, service):
        _warm_tick(ctx, name)
        ctx.audit(NOTE_SAID, case)
        return
    when = alerts.back_when(ctx.now, service, ctx.lang)
    wrote = last_staff_message(ctx.uow, request)
    recent = wrote is not None and ctx.now - _aware(wrote, ctx.now) <= LIVE_WINDOW
    key = "calm.thread.feeling.recent" if recent else "calm.thread.feeling"
    ctx.say(key, name=_capital(name), when=when)
    ctx.audit(NOTE_SAID, case)


# The tick of "Sent to Sam ✓" (support.reply.sent*), where the warm line goes after it.
_TICK = "✓"
_TICK_KEYS = ("support.reply.sent_short", "support.reply.sent")


def _warm_tick(ctx: Context, name: str) -> None:
    """In working hours: "Sent to Sam ✓ Thanks for telling them how you feel…".

    With the tick when this message got one; on its own when the tick came earlier in the
    burst.
    """
    line = ctx.text("flows.thread.feeling.working", name=_capital(name))
    for number in range(len(ctx.replies) - 1, -1, -1):
        reply = ctx.replies[number]
        if reply.key in _TICK_KEYS and _TICK in reply.text:
            text = reply.text.replace(_TICK, f"{_TICK} {line}", 1)
            ctx.replies[number] = replace(reply, text=text)
            return
    ctx.say("flows.thread.feeling.working.alone", name=name)


def _said_this_burst(ctx: Context, request: SupportRequest) -> bool:
    """Whether the line was said since this burst of messages to the thread began."""
    case = ctx.case
    assert case is not None
    times = ctx.uow.relays.times_to_group(request.id, ctx.event.chat_id, limit=200)
    start = ctx.now
    for at in (_aware(x, ctx.now) for x in times):
        if start - at > BURST:
            break
        start = min(start, at)
    assert case.id is not None
    return ctx.uow.audit.said_since(case.id, NOTE_SAID, start)


def _aware(at: datetime, now: datetime) -> datetime:
    # SQLite hands back naive UTC times.
    return at if at.tzinfo is not None else at.replace(tzinfo=now.tzinfo)


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]
