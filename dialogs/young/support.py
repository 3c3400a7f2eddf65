"""Conversations with the team: what a young person writes to the coordinators in a thread.

A request's (or talk thread's, or alert's) thread takes their replies (the *Reply* step of
the ``support`` flow, or Telegram's reply gesture), the loose messages they type while the
team is talking to them (one "Sent" per burst), and the question "Who is this message for?"
when several threads are open (the ``which`` step). The engine calls in here; the steps of
asking for support are in :mod:`dialogs.young.support_flow`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from dialogs.cases import relay
from dialogs.cases.threads import BURST, open_reply
from dialogs.core import language, registry
from dialogs.core.context import BUTTON_SEPARATOR, Context
from dialogs.core.events import Event, EventKind
from dialogs.core.registry import FlowName
from dialogs.safety import after_close, alert_thread
from dialogs.young import feelings
from dialogs.young.support_actions import MAX_OPEN, from_young_person, relay_message, reopen
from dialogs.young.team_notes import worker_name
from storage.models import RelayRole, RequestKind, RequestStatus, SupportRequest, YoungPerson

FLOW = FlowName.SUPPORT
# A message typed outside any question goes to a thread the team wrote in within this long.
CHAT_WINDOW = timedelta(days=7)
# Things other than text and media that a person can take in: copied into a thread as they are.
RELAYED_OTHER = frozenset({"sticker", "location", "venue", "contact"})


# --- into the support flow with a request -------------------------------------------------
def _show(ctx: Context, step: str, data: dict[str, Any] | None = None) -> None:
    """Move to ``step`` of the support flow with ``data`` and show it (through the registry)."""
    ctx.goto(FLOW, step, data)
    registry.get(FLOW).flow.show(ctx)


def open_list(ctx: Context) -> None:
    """Show My requests."""
    _show(ctx, "list")


def open_view(ctx: Context, request_id: int) -> None:
    """Show one of their requests."""
    _show(ctx, "view", {"request": request_id})


def own_request(ctx: Context, request_id: Any) -> SupportRequest | None:
    """One of their own requests by id (None when there is none, or it is someone else's)."""
    assert ctx.case is not None
    return ctx.uow.support.own(ctx.case, int(request_id)) if request_id is not None else None


def your_team(ctx: Context, request: SupportRequest | None) -> str:
    """Who has the thread, by first name, else "your team" in their language."""
    return (relay.staff_name(ctx.uow, request) if request else "") or ctx.text("support.your_team")


# --- messages meant for the coordinator ---------------------------------------------------
def relayable(event: Event) -> bool:
    """Whether a message can go into a thread: text, media, a sticker, a place or a contact."""
    if event.kind in (EventKind.TEXT, EventKind.MEDIA):
        return True
    return event.kind == EventKind.OTHER and event.media_kind in RELAYED_OTHER


def _is_copy(event: Event) -> bool:
    """Whether the message goes to the team as a copy (anything but plain text)."""
    return event.kind != EventKind.TEXT and event.message_id is not None


def is_reply_to_team(ctx: Context) -> bool:
    """Whether this message is for the coordinator of one of their requests.

    It is when it replies (in Telegram) to a message the team sent about a request, or when
    they are in the ``reply`` step.
    """
    if ctx.case is None or not relayable(ctx.event) or leaving_reply(ctx):
        return False
    return _reply_target(ctx) is not None


def leaving_reply(ctx: Context) -> bool:
    """Whether they typed only "menu", "back", "stop" or "cancel" while writing to the team.

    A word like that, said alone, means "take me out of here", not a message for the team;
    a reply (Telegram's reply gesture) to one of the team's messages still goes to them.
    """
    state, event = ctx.state, ctx.event
    if state is None or state.flow != FLOW or state.step != "reply":
        return False
    if event.kind != EventKind.TEXT or not event.text or _replies_to_team_message(ctx):
        return False
    return language.command_word(event.text) is not None


def leave_reply(ctx: Context) -> None:
    """Leave the *Reply* step kindly: say nothing went to the team, and show the menu."""

    assert ctx.state is not None
    request = own_request(ctx, ctx.state.data.get("request"))
    name = your_team(ctx, request)
    ctx.state.thread = []  # what they write next starts a new burst
    ctx.preface("lang.reply.left", word=(ctx.event.text or "").strip(), name=name)
    ctx.open(FlowName.MENU)


def writing_to(ctx: Context, request: SupportRequest | None) -> str:
    """Who they are writing to: "Sam, your Lifelong Links worker" while it is their own
    worker's (or nobody's yet); anyone else on the team who has it, by name.
    """
    case = ctx.case
    assert case is not None
    if request is None or request.claimed_by_staff_id in (None, case.coordinator_id):
        return worker_name(ctx.uow, case, ctx.lang)
    return your_team(ctx, request)


def _replies_to_team_message(ctx: Context) -> bool:
    event = ctx.event
    if event.reply_to_message_id is None:
        return False
    mapped = ctx.uow.relays.find(event.chat_id, event.reply_to_message_id)
    return mapped is not None and mapped.role == RelayRole.TO_YOUNG_PERSON


def _reply_target(ctx: Context) -> int | None:
    event = ctx.event
    if event.reply_to_message_id is not None:
        mapped = ctx.uow.relays.find(event.chat_id, event.reply_to_message_id)
        if mapped is not None and mapped.role == RelayRole.TO_YOUNG_PERSON:
            return mapped.support_request_id
    state = ctx.state
    if state is not None and state.flow == FLOW and state.step == "reply":
        request_id = state.data.get("request")
        return int(request_id) if request_id is not None else None
    return None


def _open_request_to_reply_to(ctx: Context, request_id: Any) -> SupportRequest | None:
    """Their open request, or None after explaining (gone: expired; closed: how to reopen)."""
    request = own_request(ctx, request_id)
    if request is None:
        ctx.say("button.expired")
        return None
    if not request.status.is_open:
        ctx.preface("support.reply.closed", ref=request.reference)
        open_view(ctx, request.id or 0)
        return None
    return request


def reply_to_team(ctx: Context) -> None:
    """Send what they wrote (or the photo, file, voice note) into the request's thread.

    Confirmed once per burst: more messages to the same thread soon after go without a
    second "Sent".
    """
    case = ctx.case
    assert case is not None
    request = _open_request_to_reply_to(ctx, _reply_target(ctx))
    if request is None:
        return
    chosen, newest = _burst(ctx, [request])
    same_burst = chosen is not None
    from_young_person(ctx, case, request)
    ctx.audit("support_reply")
    if ctx.state is not None:
        _remember_burst(ctx, request, newest)
        mark_chosen(ctx)  # a Reply (or the reply gesture) is their choice of thread
    if not same_burst:
        name = sent_to(ctx, request)
        if ctx.state is not None and ctx.state.flow == FLOW and ctx.state.step == "reply":
            ctx.ask("support.reply.sent", [[("btn.done", "done")]], name=name)
        else:
            ctx.say("support.reply.sent_short", name=name)
    feelings.after_sent(ctx, request)  # out of hours: when they'll see it (h-calm)


# --- loose messages: typed while the team is talking to them, on a screen not asking -------
def talking_threads(ctx: Context) -> list[SupportRequest]:
    """Their open requests, alerts and talk threads the team wrote to them in lately.

    An alert raised lately and still open counts too, first: what they write after the
    crisis reply goes to it (see :mod:`dialogs.safety.alert_thread`).
    """
    since = ctx.now - CHAT_WINDOW
    ids = ctx.uow.relays.recent_requests(ctx.event.chat_id, RelayRole.TO_YOUNG_PERSON, since)
    found = [own_request(ctx, request_id) for request_id in ids]
    threads = [request for request in found if request is not None and request.status.is_open]
    alert = alert_thread.fresh_alert(ctx.uow, ctx.case, ctx.now) if ctx.case else None
    if alert is not None:
        threads = [alert, *(r for r in threads if r.id != alert.id)]
    return threads


def closed_threads(ctx: Context) -> list[SupportRequest]:
    """Their threads the team wrote in lately that are closed now (newest first)."""
    since = ctx.now - CHAT_WINDOW
    ids = ctx.uow.relays.recent_requests(ctx.event.chat_id, RelayRole.TO_YOUNG_PERSON, since)
    found = [own_request(ctx, request_id) for request_id in ids]
    return [r for r in found if r is not None and r.status == RequestStatus.CLOSED]


# Screens a conversation with the team goes on beside (the menu, the safety net's, a
# thread's): words they do not expect may be for the team even once its thread has closed.
# A screen with questions of its own (a review, adding someone) keeps them unless a thread
# is open: a closed chat is no reason to take a young person's answer away.
BESIDE_A_CONVERSATION = frozenset({FlowName.MENU, FlowName.SAFETY, FlowName.SUPPORT})


def in_conversation(ctx: Context) -> bool:
    """Whether a message the screen did not ask for belongs to a conversation with the team.

    True while a thread the team wrote in lately is open, or was closed since (then
    :func:`relay_loose` says so and offers to open it again) and the screen is one a
    conversation goes on beside (:data:`BESIDE_A_CONVERSATION`).
    """
    if ctx.case is None or not relayable(ctx.event):
        return False
    return bool(talking_threads(ctx) or _closed_here(ctx))


def _closed_here(ctx: Context) -> list[SupportRequest]:
    """Closed threads that still answer words this screen did not expect (newest first):
    none on a screen with questions of its own (:data:`BESIDE_A_CONVERSATION`)."""
    state = ctx.state
    if state is not None and state.flow not in BESIDE_A_CONVERSATION:
        return []
    return closed_threads(ctx)


def relay_loose(ctx: Context) -> bool:
    """Send a message the current screen is not waiting for to the thread they are in.

    True when it went (or they were asked which thread, or told the thread is closed);
    False when no team is talking to them, so the screen answers as usual. One "Sent" per
    burst, not one per message.
    """
    case, state = ctx.case, ctx.state
    if case is None or state is None or not relayable(ctx.event):
        return False
    threads = talking_threads(ctx)
    if not threads:
        closed = _closed_here(ctx)
        if not closed:
            return False
        if not after_close.answer(ctx, closed[0]):  # an alert or a chat: kindly (h-safe2)
            say_closed(ctx, closed[0], "thread.closed")
        return True
    event = ctx.event
    _loose(ctx, case, threads, event.message_id, _is_copy(event), event.text, event.forwarded)
    return True


def relay_held(ctx: Context, message_id: int | None, text: str | None) -> bool:
    """Send a text they typed earlier (held while we asked what it was) as a loose message.

    False when no team is talking to them any more (nothing is sent).
    """
    case = ctx.case
    threads = talking_threads(ctx) if case is not None and ctx.state is not None else []
    if case is None or not threads:
        return False
    _loose(ctx, case, threads, message_id, False, text, False)
    return True


def _loose(
    ctx: Context,
    case: YoungPerson,
    threads: list[SupportRequest],
    message_id: int | None,
    media: bool,
    text: str | None,
    forwarded: bool,
) -> None:
    chosen = _burst_thread(ctx, threads)
    after_alert = _after_alert(ctx, threads)
    if after_alert is not None and (chosen is None or chosen.id != after_alert.id):
        # Words after an alert go to it, with a "Sent" (a new burst there), without asking.
        _sent_loose(ctx, case, after_alert, message_id, media, text, forwarded)
        feelings.after_sent(ctx, after_alert)
    elif chosen is not None:  # the same burst: no second "Sent"
        _to_thread(ctx, case, chosen, message_id, media, text, forwarded)
        feelings.after_sent(ctx, chosen)  # out of hours: when they'll see it
    elif len(threads) == 1:
        _sent_loose(ctx, case, threads[0], message_id, media, text, forwarded)
        feelings.after_sent(ctx, threads[0])
    else:
        _ask_which_thread(ctx, threads, message_id, media, text, forwarded)


def _after_alert(ctx: Context, threads: list[SupportRequest]) -> SupportRequest | None:
    """The thread for loose words while an alert is fresh: the alert, or one they chose since.

    None when no alert was raised lately (the usual rules then apply).
    """
    alert = alert_thread.fresh_alert(ctx.uow, ctx.case, ctx.now) if ctx.case else None
    if alert is None or ctx.state is None:
        return alert
    chosen_id = alert_thread.chosen_since(ctx.state.thread, alert)
    chosen = next((r for r in threads if r.id == chosen_id), None)
    return chosen or alert


def mark_chosen(ctx: Context) -> None:
    """The thread of this burst is one they chose themselves: later words follow it."""
    if ctx.state is not None and ctx.state.thread:
        ctx.state.thread = alert_thread.mark_chosen(ctx.state.thread, ctx.now)


def say_closed(ctx: Context, request: SupportRequest, key: str) -> None:
    """Tell them a thread is closed, so nothing went, with ways to open it again or talk.

    A request opens again from its own button; an alert or talk thread is closed for good,
    so *Talk to someone* starts a new one.
    """
    assert ctx.case is not None
    actions = [("btn.support.reopen", relay.YP_REOPEN)]
    if request.kind != RequestKind.REQUEST:
        actions = []
    actions += [("btn.crisis.talk", relay.YP_TALK), ("btn.menu", relay.YP_MENU)]
    rows = relay.token_options(ctx.uow, request, ctx.event.chat_id, actions, ctx.now)
    name = your_team(ctx, request)
    if ctx.state is None:
        ctx.say(key, name=name, ref=request.reference)
        return
    ctx.ask(key, rows, name=name, ref=request.reference)


def _burst_thread(ctx: Context, threads: list[SupportRequest]) -> SupportRequest | None:
    return _burst(ctx, threads)[0]


def _burst(
    ctx: Context, threads: list[SupportRequest]
) -> tuple[SupportRequest | None, tuple[int, int] | None]:
    """The burst's thread among ``threads`` (None: a new burst), and, when they were read,
    the newest staff message in that thread and to them (see :func:`_newest`)."""
    state = ctx.state
    if state is None or len(state.thread) < 2:
        return None, None
    if len(state.thread) >= 4 and state.thread[3] != state.screen:
        return None, None  # they moved to another screen since: a new "Sent" tells them it went
    try:
        at = datetime.fromisoformat(str(state.thread[1]))
    except ValueError:
        return None, None
    if ctx.now - at > BURST:
        return None, None
    chosen = next((r for r in threads if r.id == state.thread[0]), None)
    if chosen is None or len(state.thread) < 3:
        return chosen, None
    newest = _newest(ctx, chosen)
    if len(state.thread) >= 5 and newest[1] != state.thread[4]:
        return None, newest  # we told them something since ("Sam has closed this chat")
    if newest[0] != state.thread[2]:
        return None, newest  # the team wrote since: what they say now is a new exchange
    return chosen, newest


def _remember_burst(
    ctx: Context, request: SupportRequest, newest: tuple[int, int] | None = None
) -> None:
    """This burst's thread, when it went on, the team's latest message it follows, and the
    screen they sent it from.

    ``newest``: :func:`_newest` for this request when it was read earlier in the update
    (relaying their message maps only messages to the group, so it still holds).
    """
    state = ctx.state
    assert state is not None
    from_team, to_them = newest if newest is not None else _newest(ctx, request)
    new = [request.id, ctx.now.isoformat(), from_team, state.screen, to_them]
    state.thread = alert_thread.carry_choice(state.thread, new)


def _newest(ctx: Context, request: SupportRequest) -> tuple[int, int]:
    """The newest staff message in the thread, and the newest message to them about any
    thread (0 when none), in one statement.

    Staff messages are mapped when the team writes them, before they reach the young
    person, so a reply that crosses theirs still counts.
    """
    return ctx.uow.relays.newest(request.id, ctx.event.chat_id)


def _to_thread(
    ctx: Context,
    case: YoungPerson,
    request: SupportRequest,
    message_id: int | None,
    media: bool,
    text: str | None,
    forwarded: bool = False,
) -> None:
    """Relay a loose message to a thread and remember it as this burst's thread."""
    relay_message(ctx, case, request, message_id, media, text, forwarded)
    ctx.audit("support_reply")
    _remember_burst(ctx, request)


def _sent_loose(
    ctx: Context,
    case: YoungPerson,
    request: SupportRequest,
    message_id: int | None,
    media: bool,
    text: str | None,
    forwarded: bool = False,
) -> None:
    _to_thread(ctx, case, request, message_id, media, text, forwarded)
    ctx.say("support.reply.sent_short", name=sent_to(ctx, request))


def sent_to(ctx: Context, request: SupportRequest) -> str:
    """Who "Sent to … ✓" names: who has the thread, else their own worker, else the role.

    The same name as the thread's label and the feelings line, so one message never says
    "your Lifelong Links worker" and "Sam" for the same person.
    """
    return relay.staff_name(ctx.uow, request) or _own_worker(ctx) or ctx.text("support.your_team")


def thread_label(ctx: Context, request: SupportRequest) -> str:
    """ "Sam — safety chat": who is talking to them, and about what.

    A thread nobody has picked up yet is labelled with their own worker's first name, so two
    threads read "Sam — Money request" and "Sam — chat", not a role next to a name.
    """
    name = sent_to(ctx, request)
    if request.kind == RequestKind.ALERT:
        kind = ctx.text("thread.kind.alert")
    elif request.kind == RequestKind.TALK:
        kind = ctx.text("thread.kind.talk")
    else:
        category = relay.category_label(request, ctx.lang)
        kind = ctx.text("thread.kind.request", category=category)
    return ctx.text("thread.label", name=name, kind=kind)


def _own_worker(ctx: Context) -> str:
    """The first name of the case's own Lifelong Links worker, if it has an active one."""
    case = ctx.case
    if case is None or case.coordinator_id is None:
        return ""
    staff = ctx.uow.staff.get(case.service_id, case.coordinator_id)
    return relay.coordinator_of(staff) if staff is not None and staff.active else ""


def _ask_which_thread(
    ctx: Context,
    threads: list[SupportRequest],
    message_id: int | None,
    media: bool,
    text: str | None,
    forwarded: bool = False,
) -> None:
    state = ctx.state
    assert state is not None
    back = {
        "flow": state.flow,
        "step": state.step,
        "screen": state.screen,
        "choices": state.choices,
        "data": state.data,
    }
    pending = [_pending(message_id, media, text, forwarded)]
    ctx.goto(FLOW, "which", {"back": back, "pending": pending, "asked": ctx.now.isoformat()})
    registry.get(FLOW).flow.show(ctx)


def resume_screen(ctx: Context, data: str | None = None) -> bool:
    """Back to the screen they were on when asked "Who is this message for?".

    For a button of that screen (``data``), or, with no ``data``, to see whether what they
    typed answers it. The screen comes back, its buttons working, and the messages waiting
    for a thread are not sent (they chose to carry on instead): True. False otherwise.
    """

    state = ctx.state
    if state is None or state.flow != FLOW or state.step != "which":
        return False
    back = state.data.get("back")
    if not isinstance(back, dict):
        return False
    if data is not None and not data.startswith(f"{back.get('screen')}{BUTTON_SEPARATOR}"):
        return False
    _restore(state, back)
    return True


def _restore(state: Any, back: dict[str, Any]) -> None:
    state.flow = str(back.get("flow"))
    state.step = str(back.get("step"))
    state.screen = str(back.get("screen"))
    state.choices = list(back.get("choices") or [])
    state.data = dict(back.get("data") or {})


def _pending(
    message_id: int | None, media: bool, text: str | None, forwarded: bool
) -> dict[str, Any]:
    return {"message_id": message_id, "media": media, "text": text, "forwarded": forwarded}


def wait_for_choice(ctx: Context) -> None:
    """More typed while "Who is this for?" is on screen: kept, and sent with the first.

    Within the burst nothing more is said (the question is right above); later, the
    question is asked again.
    """
    state, event = ctx.state, ctx.event
    assert state is not None
    pending = _pendings(state.data.get("pending"))
    pending.append(_pending(event.message_id, _is_copy(event), event.text, event.forwarded))
    state.data = {**state.data, "pending": pending}
    try:
        asked = datetime.fromisoformat(str(state.data.get("asked")))
    except ValueError:
        asked = None
    if asked is None or ctx.now - asked > BURST:
        state.data["asked"] = ctx.now.isoformat()
        registry.get(FLOW).flow.show(ctx)


def waiting_messages(state: Any) -> list[dict[str, Any]]:
    """What "Who is this message for?" holds (nothing when that question is not open)."""
    if state is None or state.flow != FLOW or state.step != "which":
        return []
    return _pendings(state.data.get("pending"))


def settle_waiting(ctx: Context, held: list[dict[str, Any]], question: str) -> None:
    """Never lose what they typed while "Who is this message for?" was open.

    A tap on the question itself sends them to the chosen thread. When they carry on
    elsewhere instead (another screen, a command, an answer to the screen behind), the held
    messages go to the thread the team wrote in last, with a tick; a new question asked
    meanwhile keeps them, first.
    """

    if not held or ctx.case is None or ctx.forget_state:
        return
    if (ctx.event.button or "").startswith(f"{question}{BUTTON_SEPARATOR}"):
        return  # they chose on the question (or its thread closed: handled there)
    if ctx.state is not None and ctx.state.flow == FLOW and ctx.state.step == "which":
        pending = _pendings(ctx.state.data.get("pending"))
        if pending[: len(held)] != held:
            ctx.state.data = {**ctx.state.data, "pending": held + pending}
        return
    send_left_waiting(ctx, held)


def send_left_waiting(ctx: Context, held: list[dict[str, Any]]) -> None:
    """Send held messages to the thread the team wrote in last; say so if none is open."""
    case = ctx.case
    threads = talking_threads(ctx) if case is not None else []
    if case is None or not held:
        return
    if not threads:
        ctx.say("thread.waiting.not_sent", count=len(held))
        return
    _send_pending(ctx, case, threads[0], held)


def _pendings(raw: Any) -> list[dict[str, Any]]:
    """The messages waiting for a thread (one dict in states stored before lists)."""
    if isinstance(raw, dict):
        return [raw]
    return [dict(item) for item in raw or [] if isinstance(item, dict)]


def chose_thread(ctx: Context, request_id: int) -> None:

    state, case = ctx.state, ctx.case
    assert state is not None and case is not None
    request = own_request(ctx, request_id)
    pending = _pendings(state.data.get("pending"))
    back = state.data.get("back")
    if request is None or not request.status.is_open:
        ctx.say("button.expired")
        ctx.open(FlowName.MENU)
        send_left_waiting(ctx, pending)  # the messages still go, to a thread that is open
        return
    # Back to the screen they were on, its buttons still working.
    if isinstance(back, dict):
        _restore(state, back)
    else:
        ctx.goto(FlowName.MENU, "main")
    _send_pending(ctx, case, request, pending)
    mark_chosen(ctx)


def _send_pending(
    ctx: Context, case: YoungPerson, request: SupportRequest, pending: list[dict[str, Any]]
) -> None:
    """Send held messages, in order, to one thread: one tick for the first, none after."""
    for number, item in enumerate(pending):
        message_id = item.get("message_id")
        send = _sent_loose if number == 0 else _to_thread
        send(
            ctx,
            case,
            request,
            int(message_id) if message_id is not None else None,
            bool(item.get("media")),
            item.get("text"),
            bool(item.get("forwarded")),
        )


def relay_edit(ctx: Context) -> None:
    """They edited a message that went to the team: send the new words, marked as edited.

    When that thread has closed since, nothing goes and they are told so (with a way to
    open it again), rather than left thinking the team saw the change.
    """
    case, event = ctx.case, ctx.event
    if case is None or event.message_id is None or not event.text:
        return
    mapped = ctx.uow.relays.find(event.chat_id, event.message_id)
    if mapped is None or mapped.role != RelayRole.TO_GROUP:
        return
    request = own_request(ctx, mapped.support_request_id)
    if request is None:
        return
    if not request.status.is_open:
        if request.status == RequestStatus.CLOSED:
            say_closed(ctx, request, "thread.edit_closed")
        return
    key = f"edit_yp:{event.chat_id}:{event.message_id}:{ctx.event.update_id}"
    relay.to_team(ctx.uow, request, case, "relay.from_yp.edited", key, ctx.now, text=event.text)


# --- buttons on messages from the team (action tokens) ------------------------------------
def token_reply(ctx: Context) -> None:
    """ "Reply" under a coordinator's message: what they send next goes to that coordinator."""
    request = _open_request_to_reply_to(ctx, (ctx.token_payload or {}).get("request"))
    if request is None:
        return
    open_reply(ctx, request)


def token_reopen(ctx: Context) -> None:
    """ "Reopen" under the message that their request was closed."""
    request = own_request(ctx, (ctx.token_payload or {}).get("request"))
    if request is None:
        ctx.say("button.expired")
        return
    open_view(ctx, request.id or 0)
    if not request.status.is_open and ctx.case is not None and ctx.state is not None:
        # They tapped "Open it again" once: do it, not show a second button that does.
        del ctx.replies[-1]
        reopen_own(ctx, request.id)


def reopen_own(ctx: Context, request_id: Any) -> None:
    """They open their closed or withdrawn request again (My requests, or its button).

    Not while they have as many open requests as allowed: My requests says so.
    """
    case = ctx.case
    assert case is not None and ctx.state is not None
    request = own_request(ctx, request_id)
    if request is None or request.status.is_open:
        open_list(ctx)
        return
    if ctx.uow.support.open_count(case) >= MAX_OPEN:
        ctx.preface("support.too_many", limit=str(MAX_OPEN))
        open_list(ctx)
        return
    reopen(ctx, request, case, by_young_person=True)
    category = relay.category_label(request, ctx.lang)
    ctx.preface("support.reopened", ref=request.reference, category=category)
    _show(ctx, "view", dict(ctx.state.data))
