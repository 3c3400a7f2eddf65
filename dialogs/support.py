"""Ask for support and My requests: the young person's side of support requests.

Steps of the ``support`` flow: ``category`` → ``describe`` → ``more`` → ``urgency`` →
(``share``) → ``check`` → ``sent``; ``list`` → ``view`` → ``add`` / ``withdraw``; and
``reply``, where what they send goes to the coordinator who wrote to them.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from dialogs import (
    after_close,
    alert_thread,
    alerts,
    feelings,
    language,
    relay,
    request_aside,
    talk_button,
)
from dialogs.context import BUTTON_SEPARATOR, Context
from dialogs.events import Event, EventKind
from dialogs.flow import reshow
from dialogs.notify import team_chat
from dialogs.registry import FlowName
from dialogs.team_notes import worker_name
from dialogs.texts import t
from dialogs.working_hours import (
    add_working_minutes,
    is_working_time,
    next_working_start,
    response_due,
)
from storage.models import (
    RelayRole,
    RequestKind,
    RequestStatus,
    SupportCategory,
    SupportRequest,
    Urgency,
    YoungPerson,
)

FLOW = "support"
MAX_OPEN = 5
MAX_PIECES = 20  # messages in one description
MAX_WORDS = 20_000  # characters in one description
PREVIEW = 300
LIST_SIZE = 10
# A message typed outside any question goes to a thread the team wrote in within this long.
CHAT_WINDOW = timedelta(days=7)
BURST = timedelta(minutes=2)  # messages this close together share one thread and one "Sent"
# Things other than text and media that a person can take in: copied into a thread as they are.
RELAYED_OTHER = frozenset({"sticker", "location", "venue", "contact"})
# Words that only ask ("can u help me with money pls"): a message with fewer than
# OWN_WORDS_MIN other words asks for help but doesn't yet say what's going on.
ASKING_WORDS = frozenset(
    {
        "i",
        "im",
        "me",
        "my",
        "you",
        "your",
        "can",
        "could",
        "would",
        "will",
        "please",
        "just",
        "help",
        "need",
        "needs",
        "want",
        "to",
        "with",
        "for",
        "some",
        "a",
        "an",
        "the",
        "get",
        "got",
        "about",
        "and",
        "or",
        "is",
        "it",
        "its",
        "this",
        "that",
        "hi",
        "hey",
        "hello",
        "ok",
        "okay",
        "so",
        "really",
        "asap",
        "urgent",
        "urgently",
        "now",
        "today",
        "support",
        "advice",
        "sort",
        "out",
        "ask",
        "question",
        "lol",
        "tbh",
        "pls",
        "u",
    }
)
OWN_WORDS_MIN = 3
# "i just told u lol": they've said it already, so it is not new words for the request.
TOLD_ALREADY = (("told",), ("already", "said"), ("said", "already"), ("see", "above"))
TOLD_MAX_WORDS = 8
# Out of hours, a request's "if it can't wait" points to help that fits what it is about:
# practical lines for money, food and housing, not a crisis line (no danger was flagged).
WHILE_YOU_WAIT = {
    SupportCategory.MONEY.value: "support.wait.money",
    SupportCategory.FOOD.value: "support.wait.food",
    SupportCategory.HOUSING.value: "support.wait.housing",
    SupportCategory.HEALTH.value: "support.wait.health",
    SupportCategory.EDUCATION_WORK.value: "support.wait.any",
    SupportCategory.FAMILY_CONTACT.value: "support.wait.any",
    SupportCategory.OTHER.value: "support.wait.any",
}
CATEGORY_ROWS = [
    [SupportCategory.MONEY, SupportCategory.HOUSING],
    [SupportCategory.FOOD, SupportCategory.EDUCATION_WORK],
    [SupportCategory.HEALTH, SupportCategory.FAMILY_CONTACT],
    [SupportCategory.TALK, SupportCategory.OTHER],
]


def open_ask(ctx: Context) -> None:
    """Start a new request (or explain why not)."""
    assert ctx.case is not None
    if ctx.uow.support.open_count(ctx.case) >= MAX_OPEN:
        ctx.preface("support.too_many", limit=str(MAX_OPEN))
        open_list(ctx)
        return
    ctx.goto(FLOW, "category", {"texts": [], "media": []})
    SupportFlow().show(ctx)


def open_with_words(ctx: Context, category: str) -> None:
    """Ask for support with ``category``, chosen from what they typed.

    When that message already says what's going on in their own words, it is the request's
    words, and they are asked only whether to add anything: never to say it all again.
    """
    assert ctx.state is not None
    said = (ctx.event.text or "").strip()
    ctx.preface("lang.support.chosen", category=t(f"support.cat.{category}"))
    data = {**ctx.state.data, "category": category, "said": said[:MAX_WORDS]}
    if said and says_what_is_going_on(said):
        ctx.state.recent = []  # their words are in the request now, not a burst to read on
        data.update(texts=[said[:MAX_WORDS]], own=True)
        ctx.goto(FLOW, "more", data)
    else:
        ctx.goto(FLOW, "describe", data)
    SupportFlow().show(ctx)


def says_what_is_going_on(text: str) -> bool:
    """Whether a message tells what's going on, not only asks for help with something."""
    words = language.normal_words(text)
    return sum(1 for word in words if word not in ASKING_WORDS) >= OWN_WORDS_MIN


def told_already(text: str) -> bool:
    """Whether a short message says "I told you already" rather than anything new."""
    words = language.normal_words(text)
    if len(words) > TOLD_MAX_WORDS:
        return False
    return any(
        words[i : i + len(phrase)] == phrase
        for phrase in TOLD_ALREADY
        for i in range(len(words) - len(phrase) + 1)
    )


def open_list(ctx: Context) -> None:
    """Show My requests."""
    ctx.goto(FLOW, "list")
    SupportFlow().show(ctx)


def open_view(ctx: Context, request_id: int) -> None:
    """Show one of their requests."""
    ctx.goto(FLOW, "view", {"request": request_id})
    SupportFlow().show(ctx)


def open_reply(ctx: Context, request: SupportRequest) -> None:
    """Write to the team in a request's (or talk thread's) thread: their next messages go there."""
    ctx.goto(FLOW, "reply", {"request": request.id})
    assert ctx.state is not None
    ctx.state.thread = []  # the first message after this is confirmed
    SupportFlow().show(ctx)


def _own_request(ctx: Context, request_id: Any) -> SupportRequest | None:
    assert ctx.case is not None
    return ctx.uow.support.own(ctx.case, int(request_id)) if request_id is not None else None


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
    request = _own_request(ctx, ctx.state.data.get("request"))
    name = (relay.staff_name(ctx.uow, request) if request else "") or t("support.your_team")
    ctx.state.thread = []  # what they write next starts a new burst
    ctx.preface("lang.reply.left", word=(ctx.event.text or "").strip(), name=name)
    ctx.open(FlowName.MENU)


def _writing_to(ctx: Context, request: SupportRequest | None) -> str:
    """Who they are writing to: "Sam, your Lifelong Links worker" while it is their own
    worker's (or nobody's yet); anyone else on the team who has it, by name.
    """
    case = ctx.case
    assert case is not None
    if request is None or request.claimed_by_staff_id in (None, case.coordinator_id):
        return worker_name(ctx.uow, case)
    return relay.staff_name(ctx.uow, request) or t("support.your_team")


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
    request = _own_request(ctx, request_id)
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
    _relay_to_team(ctx, case, request)
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


def _relay_to_team(ctx: Context, case: YoungPerson, request: SupportRequest) -> None:
    event = ctx.event
    _relay_message(
        ctx, case, request, event.message_id, _is_copy(event), event.text, event.forwarded
    )


def _relay_message(
    ctx: Context,
    case: YoungPerson,
    request: SupportRequest,
    message_id: int | None,
    media: bool,
    text: str | None,
    forwarded: bool = False,
) -> None:
    """Queue one message for the thread: text whole (the outbox splits long text), media as
    a copy under a line saying who sent it. A forwarded message goes as a copy too, under a
    neutral line: never with the name of whoever first wrote it.
    """
    chat_id = ctx.event.chat_id
    key = f"from_yp:{chat_id}:{message_id}"
    # The rows go in with the update's answers (one INSERT): nothing reads them before.
    if media and message_id is not None:
        head = "relay.from_yp.forwarded_media" if forwarded else "relay.from_yp.media"
        relay.to_team(ctx.uow, request, case, head, f"{key}:head", ctx.now, defer=True)
        relay.copy_to_team(ctx.uow, request, case, message_id, key, ctx.now, defer=True)
    else:
        words = "relay.from_yp.forwarded" if forwarded else alert_thread.relay_key(ctx.uow, request)
        relay.to_team(ctx.uow, request, case, words, key, ctx.now, defer=True, text=text or "")
    if message_id is not None and request.id is not None:
        # So an edit of this message can follow it into the group.
        ctx.uow.relays.link(
            request.service_id, request.id, chat_id, message_id, RelayRole.TO_GROUP, ctx.now
        )
    if ctx.state is not None:
        # What they wrote went to a person: the safety net starts afresh.
        ctx.state.recent = []


# --- loose messages: typed while the team is talking to them, on a screen not asking -------
def talking_threads(ctx: Context) -> list[SupportRequest]:
    """Their open requests, alerts and talk threads the team wrote to them in lately.

    An alert raised lately and still open counts too, first: what they write after the
    crisis reply goes to it (see :mod:`dialogs.alert_thread`).
    """
    since = ctx.now - CHAT_WINDOW
    ids = ctx.uow.relays.recent_requests(ctx.event.chat_id, RelayRole.TO_YOUNG_PERSON, since)
    found = [_own_request(ctx, request_id) for request_id in ids]
    threads = [request for request in found if request is not None and request.status.is_open]
    alert = alert_thread.fresh_alert(ctx.uow, ctx.case, ctx.now) if ctx.case else None
    if alert is not None:
        threads = [alert, *(r for r in threads if r.id != alert.id)]
    return threads


def closed_threads(ctx: Context) -> list[SupportRequest]:
    """Their threads the team wrote in lately that are closed now (newest first)."""
    since = ctx.now - CHAT_WINDOW
    ids = ctx.uow.relays.recent_requests(ctx.event.chat_id, RelayRole.TO_YOUNG_PERSON, since)
    found = [_own_request(ctx, request_id) for request_id in ids]
    return [r for r in found if r is not None and r.status == RequestStatus.CLOSED]


def in_conversation(ctx: Context) -> bool:
    """Whether a message the screen did not ask for belongs to a conversation with the team.

    True while a thread the team wrote in lately is open, or was closed since (then
    :func:`relay_loose` says so and offers to open it again).
    """
    if ctx.case is None or not relayable(ctx.event):
        return False
    return bool(talking_threads(ctx) or closed_threads(ctx))


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
        closed = closed_threads(ctx)
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
    name = relay.staff_name(ctx.uow, request) or t("support.your_team")
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
    _relay_message(ctx, case, request, message_id, media, text, forwarded)
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
    return relay.staff_name(ctx.uow, request) or _own_worker(ctx) or t("support.your_team")


def thread_label(ctx: Context, request: SupportRequest) -> str:
    """ "Sam — safety chat": who is talking to them, and about what.

    A thread nobody has picked up yet is labelled with their own worker's first name, so two
    threads read "Sam — Money request" and "Sam — chat", not a role next to a name.
    """
    name = relay.staff_name(ctx.uow, request) or _own_worker(ctx) or t("support.your_team")
    if request.kind == RequestKind.ALERT:
        kind = t("thread.kind.alert")
    elif request.kind == RequestKind.TALK:
        kind = t("thread.kind.talk")
    else:
        kind = t("thread.kind.request", category=relay.category_label(request))
    return t("thread.label", name=name, kind=kind)


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
    SupportFlow().show(ctx)


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


def _wait_for_choice(ctx: Context) -> None:
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
        SupportFlow().show(ctx)


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


def _chose_thread(ctx: Context, request_id: int) -> None:

    state, case = ctx.state, ctx.case
    assert state is not None and case is not None
    request = _own_request(ctx, request_id)
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
    request = _own_request(ctx, mapped.support_request_id)
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


def open_talk(ctx: Context, origin: str = "text") -> None:
    """*Talk to someone*, from anywhere (free text, a button): open or join a thread.

    It always leaves them somewhere: in the thread, ready to type; or, when the team can't
    be reached through the bot, on the menu after saying so with the numbers to call.
    ``origin`` says where they asked from (kept in the audit trail, never their words).
    """
    if ctx.case is None:
        return
    if not alerts.open_talk(ctx, origin):
        ctx.open(FlowName.MENU)


def token_reopen(ctx: Context) -> None:
    """ "Reopen" under the message that their request was closed."""
    request = _own_request(ctx, (ctx.token_payload or {}).get("request"))
    if request is None:
        ctx.say("button.expired")
        return
    open_view(ctx, request.id or 0)
    if not request.status.is_open and ctx.case is not None and ctx.state is not None:
        # They tapped "Open it again" once: do it, not show a second button that does.
        del ctx.replies[-1]
        SupportFlow()._reopen(ctx, ctx.case, ctx.state.data)


class SupportFlow:
    """Ask for support, My requests, and writing back to a coordinator."""

    name = FLOW

    # --- showing -------------------------------------------------------------------------
    def show(self, ctx: Context) -> None:
        """Show the current step."""
        assert ctx.state is not None and ctx.case is not None
        step, data = ctx.state.step, ctx.state.data
        if step == "category":
            rows = [
                [(f"support.cat.{c.value}", f"cat:{c.value}") for c in row] for row in CATEGORY_ROWS
            ]
            ctx.ask("support.ask.category", [*rows, [("btn.menu", "menu")]])
        elif step == "describe":
            # They already asked in their own words ("can u help me with my cv"): that is
            # kept, so ask for a bit more, never for the whole thing again.
            key = "support.ask.describe_more" if data.get("said") else "support.ask.describe"
            ctx.ask(key, [[("btn.back", "back"), ("btn.menu", "menu")]])
        elif step == "more" and data.get("own"):
            words = "\n\n".join(data.get("texts", []))
            preview = words if len(words) <= PREVIEW else words[:PREVIEW].rstrip() + " …"
            ctx.ask(
                "support.ask.more_own",
                [[("btn.support.send_own", "next")], [("btn.support.restart", "restart")]],
                words=preview,
            )
        elif step == "more":
            ctx.ask(
                "support.ask.more",
                [[("btn.support.next", "next")], [("btn.support.restart", "restart")]],
            )
        elif step == "urgency":
            ctx.ask(
                "support.ask.urgency",
                [
                    [("support.urgency.today", "urg:today")],
                    [("support.urgency.week", "urg:week")],
                    [("support.urgency.whenever", "urg:whenever")],
                    [("btn.back", "back")],
                ],
            )
        elif step == "share":
            ctx.ask(
                "support.ask.share",
                [[("btn.support.share_yes", "share:yes")], [("btn.support.share_no", "share:no")]],
            )
        elif step == "check":
            self._show_check(ctx, data)
        elif step == "sent":
            ctx.ask("support.after_sent", [[("btn.support.list", "list"), ("btn.menu", "menu")]])
        elif step == "view":
            self._show_view(ctx, data)
        elif step == "add":
            ctx.ask("support.add.ask", [[("btn.back", "back")]])
        elif step == "withdraw":
            ctx.ask(
                "support.withdraw.confirm",
                [[("btn.support.withdraw_yes", "withdraw_yes")], [("btn.support.keep", "back")]],
            )
        elif step == "reply":
            request = _own_request(ctx, data.get("request"))
            ctx.ask("support.reply.ask", [[("btn.done", "done")]], name=_writing_to(ctx, request))
        elif step == "which":
            threads = talking_threads(ctx)[:MAX_OPEN]
            options = [[(f"thread:{r.id}", f"thread:{r.id}")] for r in threads]
            labels = {f"thread:{r.id}": thread_label(ctx, r) for r in threads}
            ctx.ask("thread.which", [*options, [("btn.menu", "menu")]], labels=labels)
        else:
            self._show_list(ctx)

    def _show_check(self, ctx: Context, data: dict[str, Any]) -> None:
        words = "\n\n".join(data.get("texts", []))
        preview = words if len(words) <= PREVIEW else words[:PREVIEW].rstrip() + " …"
        lines = [
            t(
                "support.check",
                category=t(f"support.cat.{data['category']}"),
                urgency=t(f"support.urgency.{data['urgency']}"),
            )
        ]
        if preview:
            lines.append(t("support.check.words", words=preview))
        if data.get("media"):
            lines.append(t("support.check.media", count=len(data["media"])))
        lines.append(t("support.check.shared" if data.get("share") else "support.check.private"))
        ctx.preface("support.check.lines", lines="\n".join(lines))
        ctx.ask(
            "support.check.question",
            [
                [("btn.support.send", "send")],
                [("btn.support.change", "restart")],
                [("btn.cancel", "menu")],
            ],
        )

    def _show_list(self, ctx: Context) -> None:
        assert ctx.case is not None
        requests = ctx.uow.support.of_case(ctx.case, LIST_SIZE, requests_only=True)
        rows: list[list[tuple[str, str]]] = []
        labels: dict[str, str] = {}
        for request in requests:
            label = t(
                "support.list.item",
                ref=request.reference,
                category=relay.category_label(request),
                status=relay.status_line(ctx.uow, request),
            )
            labels[f"req{request.id}"] = label
            rows.append([(f"req{request.id}", f"view:{request.id}")])
        rows.append([("btn.support.ask", "ask"), ("btn.menu", "menu")])
        ctx.ask("support.list" if requests else "support.list.empty", rows, labels=labels)

    def _show_view(self, ctx: Context, data: dict[str, Any]) -> None:
        request = _own_request(ctx, data.get("request"))
        if request is None:
            open_list(ctx)
            return
        if request.status.is_open:
            options = [
                [("btn.support.add", "add")],
                [("btn.support.withdraw", "withdraw")],
                [("btn.back", "back"), ("btn.menu", "menu")],
            ]
        else:
            options = [
                [("btn.support.reopen", "reopen")],
                [("btn.back", "back"), ("btn.menu", "menu")],
            ]
        status = relay.status_line(ctx.uow, request)
        if request.status == RequestStatus.CLOSED and request.outcome:
            # How it ended, in the words the team wrote when closing.
            status = t("flows.status.closed.outcome", outcome=request.outcome)
        ctx.ask(
            "support.view",
            options,
            ref=request.reference,
            category=relay.category_label(request),
            status=status,
            sent=relay.local_day_time(request.created_at),
        )

    # --- buttons ---------------------------------------------------------------------------
    def on_choice(self, ctx: Context, action: str) -> None:
        """Move through the steps."""

        assert ctx.state is not None and ctx.case is not None
        step, data = ctx.state.step, ctx.state.data
        if action == "menu":
            ctx.open(FlowName.MENU)
        elif action == "ask":
            open_ask(ctx)
        elif action == "list" or (action == "back" and step in ("view", "list")):
            open_list(ctx)
        elif action.startswith("view:"):
            open_view(ctx, int(action.removeprefix("view:")))
        elif action.startswith("cat:"):
            self._goto(ctx, "describe", category=action.removeprefix("cat:"))
        elif action == "back" and step == "describe":
            self._goto(ctx, "category")
        elif action == "restart":
            self._goto(ctx, "describe", texts=[], media=[], own=False, said="")
        elif action == "next":
            self._goto(ctx, "urgency")
        elif action == request_aside.ADD:
            request_aside.add(ctx, self)
        elif action == "back" and step == "urgency":
            self._goto(ctx, "more")
        elif action.startswith("urg:"):
            self._chose_urgency(ctx, action.removeprefix("urg:"))
        elif action.startswith("share:"):
            self._goto(ctx, "check", share=action == "share:yes")
        elif action == "send":
            self._send(ctx, ctx.case, data)
        elif action == "add":
            self._goto(ctx, "add")
        elif action == "back" and step in ("add", "withdraw"):
            self._goto(ctx, "view")
        elif action == "withdraw":
            self._goto(ctx, "withdraw")
        elif action == "withdraw_yes":
            self._withdraw(ctx, ctx.case, data)
        elif action == "reopen":
            self._reopen(ctx, ctx.case, data)
        elif action == "done":
            ctx.state.thread = []  # they are done: what they write next starts a new burst
            ctx.open(FlowName.MENU)
        elif action.startswith("thread:") and step == "which":
            _chose_thread(ctx, int(action.removeprefix("thread:")))

    def _goto(self, ctx: Context, step: str, **changes: Any) -> None:
        assert ctx.state is not None
        data = {**ctx.state.data, **changes}
        ctx.goto(FLOW, step, data)
        self.show(ctx)

    def _chose_urgency(self, ctx: Context, urgency: str) -> None:
        assert ctx.state is not None and ctx.case is not None
        data = ctx.state.data
        has_words = bool(data.get("texts") or data.get("media"))
        if relay.sharing(ctx.uow, ctx.case) or not has_words:
            self._goto(ctx, "check", urgency=urgency, share=has_words)
        else:
            self._goto(ctx, "share", urgency=urgency)

    # --- typing and sending things -----------------------------------------------------------
    def keeps_words_after_crisis(self, ctx: Context) -> bool:
        """Words typed for a request stay in it, even when the safety net also answered."""
        return ctx.state is not None and ctx.state.step in ("describe", "more", "add")

    def takes_media(self, ctx: Context) -> bool:
        """Photos, files and voice notes are welcome when describing or adding."""
        steps = ("describe", "more", "add", "reply", "which")
        return ctx.state is not None and ctx.state.step in steps

    def on_text(self, ctx: Context, text: str) -> None:
        """Words for the request (or a kind nudge where buttons are expected)."""
        assert ctx.state is not None
        step = ctx.state.step
        if step in ("describe", "more") and self._told_already(ctx, text):
            return
        if step == "more" and request_aside.answer(ctx, text):
            return  # plainly something else ("what time is my meeting"): answered, not filed
        if step in ("describe", "more"):
            self._collect(ctx, text=text)
        elif step == "add":
            self._add(ctx, text=text)
        elif step == "reply":
            reply_to_team(ctx)
        elif step == "which":
            _wait_for_choice(ctx)
        else:
            ctx.say("nudge.unexpected")
            self.show(ctx)

    def _told_already(self, ctx: Context, text: str) -> bool:
        """ "I just told you": their first message is the words, never this one."""
        assert ctx.state is not None
        data = ctx.state.data
        if not told_already(text):
            return False
        if data.get("texts") or data.get("media"):
            ctx.preface("support.told.kept")
            self._goto(ctx, "more")
            return True
        said = str(data.get("said") or "")
        if not said:
            return False  # nothing was said before: their words, as they are
        ctx.state.recent = []
        ctx.preface("support.told.kept")
        self._goto(ctx, "more", texts=[said], own=True)
        return True

    def on_media(self, ctx: Context) -> None:
        """A photo, file or voice note for the request."""
        assert ctx.state is not None
        step, event = ctx.state.step, ctx.event
        if step == "reply":
            reply_to_team(ctx)
            return
        if step == "which":
            _wait_for_choice(ctx)
            return
        if step == "add":
            self._add(ctx, media=True)
            return
        self._collect(ctx, text=event.text, media=(event.message_id, event.media_kind or "file"))

    def _collect(
        self, ctx: Context, text: str | None = None, media: tuple[int | None, str] | None = None
    ) -> None:
        assert ctx.state is not None
        data = ctx.state.data
        texts: list[str] = list(data.get("texts", []))
        pieces: list[list[Any]] = list(data.get("media", []))
        said = str(data.get("said") or "").strip()
        if ctx.state.step == "describe" and said and not texts and not pieces and said != text:
            texts.append(said)  # the message that asked for help is part of what they said
        words = sum(len(x) for x in texts) + len(text or "")
        if len(texts) + len(pieces) >= MAX_PIECES or words > MAX_WORDS:
            ctx.preface("support.too_long")
            self._goto(ctx, "more")
            return
        if text and text.strip():
            texts.append(text.strip())
        if media is not None and media[0] is not None:
            pieces.append([media[0], media[1]])
        if not texts and not pieces:
            ctx.say("support.empty")
            self.show(ctx)
            return
        ctx.state.recent = []  # their words are in the request now, not a burst to read on
        feeling = language.feeling_of(text) if text else None
        if feeling is None:
            if ctx.state.step == "more":  # the confirmation names the request
                ctx.preface("aside.added", category=request_aside.category(data))
            else:
                ctx.preface("support.got_it")
            self._goto(ctx, "more", texts=texts, media=pieces)
            return
        # How they feel, said in their request: kept in it, and answered as a feeling,
        # honest about when their worker can talk (trial 2026-12-07, finding 9).
        ctx.goto(FLOW, "more", {**data, "texts": texts, "media": pieces})
        warm, when = ctx.text(f"calm.feeling.{feeling}"), feelings.when_line(ctx)
        top = [talk_button.talk_row(ctx)]
        reshow(ctx, self, f"lang.feeling.{feeling}", top=top, warm=warm, when=when)

    def _send(self, ctx: Context, case: YoungPerson, data: dict[str, Any]) -> None:

        if "category" not in data or "urgency" not in data:
            open_ask(ctx)
            return
        facts = ctx.uow.support.before_sending(case)  # one statement for four reads
        assert facts is not None
        if facts.open_requests >= MAX_OPEN:
            ctx.preface("support.too_many", limit=str(MAX_OPEN))
            open_list(ctx)
            return
        team_chat_id = facts.group_chat
        if team_chat_id is None:
            team_chat_id = team_chat(ctx.uow, case)  # no group: the coordinator, if any
        if team_chat_id is None:
            ctx.preface("support.no_team")
            ctx.open(FlowName.MENU)
            return
        service = facts.service
        urgency = Urgency(data["urgency"])
        due = response_due(service, urgency, ctx.now)
        texts = data.get("texts", [])
        request = ctx.uow.support.create(
            case,
            SupportCategory(data["category"]),
            urgency,
            "\n\n".join(texts) if texts else None,
            [(int(m), str(k)) for m, k in data.get("media", [])],
            bool(data.get("share")),
            ctx.now,
            due,
            origin=relay.WORRY_ORIGIN if data.get("worry") else None,
        )
        relay.send_card(
            ctx.uow,
            request,
            case,
            ctx.now,
            chat_id=team_chat_id,
            plan_lead=facts.plan_lead,
            defer=True,  # in the INSERT of "Sent ✓": nothing reads the outbox before
        )
        ctx.audit("support_requested")
        ctx.preface("support.sent", ref=request.reference, due=relay.local_day_time(due))
        if not is_working_time(ctx.now, service):
            back = next_working_start(ctx.now, service)
            wait = WHILE_YOU_WAIT.get(data["category"])
            if wait is None:  # someone to talk to: the 24/7 listening lines fit
                ctx.preface("support.sent.out_of_hours", back=relay.local_day_time(back))
            else:
                ctx.preface(
                    "support.sent.out_of_hours.practical",
                    back=relay.local_day_time(back),
                    lines=t(wait),
                )
        ctx.goto(FLOW, "sent", {"request": request.id})
        self.show(ctx)

    def _add(self, ctx: Context, text: str | None = None, media: bool = False) -> None:
        assert ctx.state is not None and ctx.case is not None
        request = _own_request(ctx, ctx.state.data.get("request"))
        if request is None or not request.status.is_open:
            open_list(ctx)
            return
        ctx.state.recent = []  # their words go to the request, not a burst to read on
        if text is not None and not text.strip():
            ctx.say("support.empty")
            self.show(ctx)
            return
        if text:
            combined = "\n\n".join(x for x in (request.text, text.strip()) if x)
            if len(combined) > MAX_WORDS * 2:
                ctx.say("support.too_long")
                self.show(ctx)
                return
            request.text = combined
        if media and ctx.event.message_id is not None:
            pieces = [*relay.media_of(request), (ctx.event.message_id, ctx.event.media_kind or "")]
            request.media = json.dumps([[m, k] for m, k in pieces])
        request.updated_at = ctx.now
        if request.share_text:
            _relay_to_team(ctx, ctx.case, request)
        else:
            relay.to_team(
                ctx.uow,
                request,
                ctx.case,
                "relay.added_private",
                f"added:{ctx.event.update_id}",
                ctx.now,
            )
        ctx.audit("support_added")
        ctx.preface("support.add.done")
        self._goto(ctx, "view")

    def _withdraw(self, ctx: Context, case: YoungPerson, data: dict[str, Any]) -> None:
        request = _own_request(ctx, data.get("request"))
        if request is None or not request.status.is_open:
            open_list(ctx)
            return
        request.status = RequestStatus.WITHDRAWN
        request.updated_at = request.closed_at = ctx.now
        relay.refresh_card(ctx.uow, request, f"withdrawn:{ctx.event.update_id}", ctx.now)
        # Keyed by the update: a request can be stopped, opened again and stopped again.
        key = f"withdrawn:{request.id}:{ctx.event.update_id}"
        relay.to_team(ctx.uow, request, case, "relay.withdrawn", key, ctx.now)
        ctx.audit("support_withdrawn")
        ctx.preface("support.withdrawn", ref=request.reference)
        open_list(ctx)

    def _reopen(self, ctx: Context, case: YoungPerson, data: dict[str, Any]) -> None:
        request = _own_request(ctx, data.get("request"))
        if request is None or request.status.is_open:
            open_list(ctx)
            return
        if ctx.uow.support.open_count(case) >= MAX_OPEN:
            ctx.preface("support.too_many", limit=str(MAX_OPEN))
            open_list(ctx)
            return
        reopen(ctx, request, case, by_young_person=True)
        ctx.preface(
            "support.reopened", ref=request.reference, category=relay.category_label(request)
        )
        self._goto(ctx, "view")


def reopen(ctx: Context, request: SupportRequest, case: YoungPerson, by_young_person: bool) -> None:
    """Open a closed or withdrawn request again: it waits for a coordinator as before."""
    service = ctx.uow.services.get(request.service_id)
    assert service is not None
    claimed = request.claimed_by_staff_id is not None and not by_young_person
    request.status = RequestStatus.PICKED_UP if claimed else RequestStatus.SENT
    if not claimed:
        request.claimed_by_staff_id = None
        request.picked_up_at = None
    request.closed_at = None
    request.outcome = None
    # An old "how did it end?" prompt must not close the reopened request.
    ctx.uow.relays.forget(request.id or 0, RelayRole.CLOSE_PROMPT)
    request.escalated_at = None
    if request.kind == RequestKind.ALERT:
        request.escalate_at = add_working_minutes(ctx.now, alerts.ALERT_MINUTES, service)
    else:
        request.escalate_at = response_due(service, request.urgency, ctx.now)
    request.updated_at = ctx.now
    relay.refresh_card(ctx.uow, request, f"reopened:{ctx.event.update_id}", ctx.now)
    key = "relay.reopened_by_yp" if by_young_person else "relay.reopened"
    relay.to_team(ctx.uow, request, case, key, f"reopened:{ctx.event.update_id}", ctx.now)
    if by_young_person:  # the team's reopening is audited with who did it (dialogs.team)
        ctx.audit("support_reopened", case)
