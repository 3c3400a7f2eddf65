"""Ask for support and My requests: the ``support`` flow and its step table.

Asking: ``category`` → ``describe`` → ``more`` → ``urgency`` → (``share``) → ``check`` →
``sent``. My requests: ``list`` → ``view`` → ``add`` / ``withdraw``. Writing to the team:
``reply`` (what they send goes to the coordinator who wrote to them) and ``which`` ("Who is
this message for?"), whose handling lives in :mod:`dialogs.young.support`; what a request does to
the team's side lives in :mod:`dialogs.young.support_actions`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from dialogs.cases import relay
from dialogs.cases.notify import team_chat
from dialogs.core import language
from dialogs.core.context import Context
from dialogs.core.flow import reshow
from dialogs.core.registry import FlowName
from dialogs.core.table import Do, Lead, Open, Rows, Step, TableFlow, To
from dialogs.core.working_hours import is_working_time, next_working_start, response_due
from dialogs.safety import talk_button
from dialogs.young import feelings, request_aside, support, support_actions
from dialogs.young.support import open_list, open_view, own_request
from dialogs.young.support_actions import MAX_OPEN, MAX_PIECES, MAX_WORDS, NewRequest
from storage.models import RequestStatus, SupportCategory, SupportRequest, Urgency

PREVIEW = 300
LIST_SIZE = 10
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
    SupportCategory.MONEY: "support.wait.money",
    SupportCategory.FOOD: "support.wait.food",
    SupportCategory.HOUSING: "support.wait.housing",
    SupportCategory.HEALTH: "support.wait.health",
    SupportCategory.EDUCATION_WORK: "support.wait.any",
    SupportCategory.FAMILY_CONTACT: "support.wait.any",
    SupportCategory.OTHER: "support.wait.any",
}
CATEGORY_ROWS = [
    [SupportCategory.MONEY, SupportCategory.HOUSING],
    [SupportCategory.FOOD, SupportCategory.EDUCATION_WORK],
    [SupportCategory.HEALTH, SupportCategory.FAMILY_CONTACT],
    [SupportCategory.TALK, SupportCategory.OTHER],
]


class SupportStep(StrEnum):
    """The steps of asking for support, My requests and writing to the team."""

    CATEGORY = "category"
    DESCRIBE = "describe"
    MORE = "more"
    URGENCY = "urgency"
    SHARE = "share"
    CHECK = "check"
    SENT = "sent"
    LIST = "list"
    VIEW = "view"
    ADD = "add"
    WITHDRAW = "withdraw"
    REPLY = "reply"
    WHICH = "which"


class SupportData(BaseModel):
    """What the steps keep (stored as set: only the fields set so far, as before).

    ``texts``/``media`` are the request's words and pieces so far, ``said`` the message that
    asked for help, ``own`` whether that message is the words; ``worry`` is set by the safety
    net, ``aside`` by :mod:`dialogs.young.request_aside`. ``request`` is the request shown, added
    to or written to; ``back``, ``pending`` and ``asked`` belong to "Who is this for?".
    """

    texts: list[str] = Field(default_factory=list)  # a factory: no copy of a default per load
    media: list[tuple[int, str]] = Field(default_factory=list)
    category: SupportCategory | None = None
    said: str = ""
    own: bool = False
    urgency: Urgency | None = None
    share: bool = False
    worry: bool = False
    aside: str = ""
    request: int | None = None
    back: dict[str, Any] | None = None
    # One dict in states stored before the messages waiting were a list.
    pending: list[dict[str, Any]] | dict[str, Any] = Field(default_factory=list)
    asked: str = ""


# --- ways in -------------------------------------------------------------------------------
def open_ask(ctx: Context) -> None:
    """Start a new request (or explain why not)."""
    assert ctx.case is not None
    if ctx.uow.support.open_count(ctx.case) >= MAX_OPEN:
        ctx.preface("support.too_many", limit=str(MAX_OPEN))
        open_list(ctx)
        return
    SUPPORT.go(ctx, SupportStep.CATEGORY, SupportData(texts=[], media=[]))


def open_with_words(ctx: Context, category: str) -> None:
    """Ask for support with ``category``, chosen from what they typed.

    When that message already says what's going on in their own words, it is the request's
    words, and they are asked only whether to add anything: never to say it all again.
    """
    assert ctx.state is not None
    said = (ctx.event.text or "").strip()
    ctx.preface("lang.support.chosen", category=ctx.text(f"support.cat.{category}"))
    data = SUPPORT.data(ctx).model_copy(
        update={"category": SupportCategory(category), "said": said[:MAX_WORDS]}
    )
    if said and says_what_is_going_on(said):
        ctx.state.recent = []  # their words are in the request now, not a burst to read on
        _to(ctx, SupportStep.MORE, data, texts=[said[:MAX_WORDS]], own=True)
    else:
        _to(ctx, SupportStep.DESCRIBE, data)


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


def _to(ctx: Context, step: SupportStep, data: SupportData, **changes: Any) -> None:
    SUPPORT.go(ctx, step, data.model_copy(update=changes) if changes else data)


def _preview(texts: list[str]) -> str:
    words = "\n\n".join(texts)
    return words if len(words) <= PREVIEW else words[:PREVIEW].rstrip() + " …"


# --- asking: screens -----------------------------------------------------------------------
BACK_AND_MENU = [("btn.back", "back"), ("btn.menu", "menu")]
CATEGORY_BUTTONS: Rows = [
    *([(f"support.cat.{c.value}", f"cat:{c.value}") for c in row] for row in CATEGORY_ROWS),
    [("btn.menu", "menu")],
]
MORE_BUTTONS: Rows = [[("btn.support.next", "next")], [("btn.support.restart", "restart")]]
MORE_OWN_BUTTONS: Rows = [
    [("btn.support.send_own", "next")],
    [("btn.support.restart", "restart")],
]
CHECK_BUTTONS: Rows = [
    [("btn.support.send", "send")],
    [("btn.support.change", "restart")],
    [("btn.cancel", "menu")],
]
OPEN_VIEW_BUTTONS: Rows = [
    [("btn.support.add", "add")],
    [("btn.support.withdraw", "withdraw")],
    BACK_AND_MENU,
]
CLOSED_VIEW_BUTTONS: Rows = [[("btn.support.reopen", "reopen")], BACK_AND_MENU]


def _show_describe(ctx: Context, data: SupportData) -> None:
    # They already asked in their own words ("can u help me with my cv"): that is kept, so
    # ask for a bit more, never for the whole thing again.
    key = "support.ask.describe_more" if data.said else "support.ask.describe"
    ctx.ask(key, [BACK_AND_MENU])


def _show_more(ctx: Context, data: SupportData) -> None:
    if data.own:
        rows = [list(row) for row in MORE_OWN_BUTTONS]
        ctx.ask("support.ask.more_own", rows, words=_preview(data.texts))
        return
    ctx.ask("support.ask.more", [list(row) for row in MORE_BUTTONS])


def _show_check(ctx: Context, data: SupportData) -> None:
    if data.category is None or data.urgency is None:
        open_ask(ctx)  # a request half-made by older code: start it afresh
        return
    preview = _preview(data.texts)
    lines = [
        ctx.text(
            "support.check",
            category=ctx.text(f"support.cat.{data.category.value}"),
            urgency=ctx.text(f"support.urgency.{data.urgency.value}"),
        )
    ]
    if preview:
        lines.append(ctx.text("support.check.words", words=preview))
    if data.media:
        lines.append(ctx.text("support.check.media", count=len(data.media)))
    lines.append(ctx.text("support.check.shared" if data.share else "support.check.private"))
    ctx.preface("support.check.lines", lines="\n".join(lines))
    ctx.ask("support.check.question", [list(row) for row in CHECK_BUTTONS])


# --- asking: answers -----------------------------------------------------------------------
def _category(ctx: Context, data: SupportData, action: str) -> None:
    _to(ctx, SupportStep.DESCRIBE, data, category=SupportCategory(action.removeprefix("cat:")))


def _restart(ctx: Context, data: SupportData, action: str) -> None:
    _to(ctx, SupportStep.DESCRIBE, data, texts=[], media=[], own=False, said="")


def _add_aside(ctx: Context, data: SupportData, action: str) -> None:
    request_aside.add(ctx, SUPPORT)


def _urgency(ctx: Context, data: SupportData, action: str) -> None:
    assert ctx.case is not None
    urgency = Urgency(action.removeprefix("urg:"))
    has_words = bool(data.texts or data.media)
    if relay.sharing(ctx.uow, ctx.case) or not has_words:
        _to(ctx, SupportStep.CHECK, data, urgency=urgency, share=has_words)
    else:
        _to(ctx, SupportStep.SHARE, data, urgency=urgency)


def _share(ctx: Context, data: SupportData, action: str) -> None:
    _to(ctx, SupportStep.CHECK, data, share=action == "share:yes")


def _words(ctx: Context, data: SupportData, text: str) -> None:
    """Words for a request being written (describe)."""
    if not _told_already(ctx, data, text):
        _collect(ctx, data, SupportStep.DESCRIBE, text=text)


def _more_words(ctx: Context, data: SupportData, text: str) -> None:
    """More words for it ("anything else?"), unless plainly something else (answered)."""
    if _told_already(ctx, data, text):
        return
    if request_aside.answer(ctx, text):
        return  # plainly something else ("what time is my meeting"): answered, not filed
    _collect(ctx, data, SupportStep.MORE, text=text)


def _told_already(ctx: Context, data: SupportData, text: str) -> bool:
    """ "I just told you": their first message is the words, never this one."""
    assert ctx.state is not None
    if not told_already(text):
        return False
    if data.texts or data.media:
        ctx.preface("support.told.kept")
        _to(ctx, SupportStep.MORE, data)
        return True
    if not data.said:
        return False  # nothing was said before: their words, as they are
    ctx.state.recent = []
    ctx.preface("support.told.kept")
    _to(ctx, SupportStep.MORE, data, texts=[data.said], own=True)
    return True


def _media_for(step: SupportStep) -> Callable[[Context, SupportData], None]:
    """A photo, file or voice note for the request being written at ``step``."""

    def collect(ctx: Context, data: SupportData) -> None:
        event = ctx.event
        media = (event.message_id, event.media_kind or "file")
        _collect(ctx, data, step, text=event.text, media=media)

    return collect


def _collect(
    ctx: Context,
    data: SupportData,
    step: SupportStep,
    text: str | None = None,
    media: tuple[int | None, str] | None = None,
) -> None:
    assert ctx.state is not None
    texts = list(data.texts)
    pieces = list(data.media)
    said = data.said.strip()
    if step == SupportStep.DESCRIBE and said and not texts and not pieces and said != text:
        texts.append(said)  # the message that asked for help is part of what they said
    words = sum(len(x) for x in texts) + len(text or "")
    if len(texts) + len(pieces) >= MAX_PIECES or words > MAX_WORDS:
        ctx.preface("support.too_long")
        _to(ctx, SupportStep.MORE, data)
        return
    if text and text.strip():
        texts.append(text.strip())
    if media is not None and media[0] is not None:
        pieces.append((media[0], media[1]))
    if not texts and not pieces:
        ctx.say("support.empty")
        SUPPORT.show(ctx)
        return
    ctx.state.recent = []  # their words are in the request now, not a burst to read on
    feeling = language.feeling_of(text) if text else None
    if feeling is None:
        if step == SupportStep.MORE:  # the confirmation names the request
            category = data.category.value if data.category else None
            ctx.preface("aside.added", category=request_aside.category(category, ctx.lang))
        else:
            ctx.preface("support.got_it")
        _to(ctx, SupportStep.MORE, data, texts=texts, media=pieces)
        return
    # How they feel, said in their request: kept in it, and answered as a feeling,
    # honest about when their worker can talk (trial 2026-12-07, finding 9).
    ctx.goto(FlowName.SUPPORT, SupportStep.MORE)
    SUPPORT.store(ctx, data.model_copy(update={"texts": texts, "media": pieces}))
    warm, when = ctx.text(f"calm.feeling.{feeling}"), feelings.when_line(ctx)
    top = [talk_button.talk_row(ctx)]
    reshow(ctx, SUPPORT, f"lang.feeling.{feeling}", top=top, warm=warm, when=when)


def _send(ctx: Context, data: SupportData, action: str) -> None:
    case = ctx.case
    assert case is not None
    if data.category is None or data.urgency is None:
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
    due = response_due(service, data.urgency, ctx.now)
    asked = NewRequest(
        data.category, data.urgency, data.texts, list(data.media), data.share, data.worry
    )
    request = support_actions.send(ctx, case, facts, team_chat_id, due, asked)
    ctx.preface("support.sent", ref=request.reference, due=relay.local_day_time(due, ctx.lang))
    if not is_working_time(ctx.now, service):
        back = relay.local_day_time(next_working_start(ctx.now, service), ctx.lang)
        wait = WHILE_YOU_WAIT.get(data.category)
        if wait is None:  # someone to talk to: the 24/7 listening lines fit
            ctx.preface("support.sent.out_of_hours", back=back)
        else:
            ctx.preface("support.sent.out_of_hours.practical", back=back, lines=ctx.text(wait))
    SUPPORT.go(ctx, SupportStep.SENT, SupportData(request=request.id))


# --- My requests -----------------------------------------------------------------------------
def _show_list(ctx: Context, data: SupportData) -> None:
    assert ctx.case is not None
    requests = ctx.uow.support.of_case(ctx.case, LIST_SIZE, requests_only=True)
    rows: list[list[tuple[str, str]]] = []
    labels: dict[str, str] = {}
    for request in requests:
        label = ctx.text(
            "support.list.item",
            ref=request.reference,
            category=relay.category_label(request, ctx.lang),
            status=relay.status_line(ctx.uow, request, ctx.lang),
        )
        labels[f"req{request.id}"] = label
        rows.append([(f"req{request.id}", f"view:{request.id}")])
    rows.append([("btn.support.ask", "ask"), ("btn.menu", "menu")])
    ctx.ask("support.list" if requests else "support.list.empty", rows, labels=labels)


def _show_view(ctx: Context, data: SupportData) -> None:
    request = own_request(ctx, data.request)
    if request is None:
        open_list(ctx)
        return
    buttons = OPEN_VIEW_BUTTONS if request.status.is_open else CLOSED_VIEW_BUTTONS
    if request.status == RequestStatus.CLOSED and request.outcome:
        # How it ended, in the words the team wrote when closing.
        status = ctx.text("flows.status.closed.outcome", outcome=request.outcome)
    else:
        status = relay.status_line(ctx.uow, request, ctx.lang)
    ctx.ask(
        "support.view",
        [list(row) for row in buttons],
        ref=request.reference,
        category=relay.category_label(request, ctx.lang),
        status=status,
        sent=relay.local_day_time(request.created_at, ctx.lang),
    )


def _list(ctx: Context, data: SupportData, action: str) -> None:
    open_list(ctx)


def _view(ctx: Context, data: SupportData, action: str) -> None:
    open_view(ctx, int(action.removeprefix("view:")))


def _ask(ctx: Context, data: SupportData, action: str) -> None:
    open_ask(ctx)


def _open_request(ctx: Context, data: SupportData) -> SupportRequest | None:
    """The request on screen, while it is still open (else My requests, and None)."""
    request = own_request(ctx, data.request)
    if request is None or not request.status.is_open:
        open_list(ctx)
        return None
    return request


def _add(ctx: Context, data: SupportData, text: str | None = None, media: bool = False) -> None:
    assert ctx.state is not None and ctx.case is not None
    request = _open_request(ctx, data)
    if request is None:
        return
    ctx.state.recent = []  # their words go to the request, not a burst to read on
    if text is not None and not text.strip():
        ctx.say("support.empty")
        SUPPORT.show(ctx)
        return
    if text and len("\n\n".join(x for x in (request.text, text.strip()) if x)) > MAX_WORDS * 2:
        ctx.say("support.too_long")
        SUPPORT.show(ctx)
        return
    support_actions.add_words(ctx, ctx.case, request, text, media)
    ctx.preface("support.add.done")
    _to(ctx, SupportStep.VIEW, data)


def _add_text(ctx: Context, data: SupportData, text: str) -> None:
    _add(ctx, data, text=text)


def _add_media(ctx: Context, data: SupportData) -> None:
    _add(ctx, data, media=True)


def _withdraw(ctx: Context, data: SupportData, action: str) -> None:
    assert ctx.case is not None
    request = _open_request(ctx, data)
    if request is None:
        return
    support_actions.withdraw(ctx, ctx.case, request)
    ctx.preface("support.withdrawn", ref=request.reference)
    open_list(ctx)


def _reopen(ctx: Context, data: SupportData, action: str) -> None:
    support.reopen_own(ctx, data.request)


# --- writing to the team ----------------------------------------------------------------------
def _reply_screen(ctx: Context, data: SupportData) -> tuple[Rows, Mapping[str, Any]]:
    request = own_request(ctx, data.request)
    return REPLY_BUTTONS, {"name": support.writing_to(ctx, request)}


def _which_screen(ctx: Context, data: SupportData) -> tuple[Rows, Mapping[str, Any]]:
    threads = support.talking_threads(ctx)[:MAX_OPEN]
    options = [[(f"thread:{r.id}", f"thread:{r.id}")] for r in threads]
    labels = {f"thread:{r.id}": support.thread_label(ctx, r) for r in threads}
    return [*options, [("btn.menu", "menu")]], {"labels": labels}


def _done(ctx: Context, data: SupportData, action: str) -> None:
    assert ctx.state is not None
    ctx.state.thread = []  # they are done: what they write next starts a new burst
    ctx.open(FlowName.MENU)


def _thread(ctx: Context, data: SupportData, action: str) -> None:
    support.chose_thread(ctx, int(action.removeprefix("thread:")))


def _reply(ctx: Context, data: SupportData, text: str) -> None:
    support.reply_to_team(ctx)


def _reply_media(ctx: Context, data: SupportData) -> None:
    support.reply_to_team(ctx)


def _held(ctx: Context, data: SupportData, text: str) -> None:
    support.wait_for_choice(ctx)


def _held_media(ctx: Context, data: SupportData) -> None:
    support.wait_for_choice(ctx)


# --- the table ---------------------------------------------------------------------------------
S = SupportStep
TO_MENU = Open(FlowName.MENU)
TO_LIST = To(S.LIST)
REPLY_BUTTONS: Rows = [[("btn.done", "done")]]
SEND = Do(_send, leads_to=(To(S.SENT), To(S.CATEGORY), TO_LIST, TO_MENU))
RESTART = Do(_restart, leads_to=(To(S.DESCRIBE),))
AFTER_WORDS = (To(S.MORE),)

COMMON: Mapping[str, Lead[SupportData]] = {
    "menu": TO_MENU,
    "list": Do(_list, leads_to=(TO_LIST,)),
    "ask": Do(_ask, leads_to=(To(S.CATEGORY), TO_LIST)),
    "view:": Do(_view, leads_to=(To(S.VIEW), TO_LIST)),
}


class SupportFlow(TableFlow[SupportData]):
    """Ask for support, My requests, and writing back to a coordinator."""

    name = FlowName.SUPPORT
    steps = SupportStep
    start = S.CATEGORY
    data_type = SupportData
    # Opened from outside with a request: a Reply button, Talk to someone, a loose message.
    entries = frozenset({S.REPLY, S.WHICH})
    # Words typed for a request stay in it, even when the safety net also answered.
    KEEPS_WORDS: ClassVar[frozenset[str]] = frozenset({S.DESCRIBE, S.MORE, S.ADD})
    common = COMMON
    table = {
        S.CATEGORY: Step(
            key="support.ask.category",
            buttons=CATEGORY_BUTTONS,
            leads={"cat:": Do(_category, leads_to=(To(S.DESCRIBE),))},
        ),
        S.DESCRIBE: Step(
            buttons=[BACK_AND_MENU],
            show=_show_describe,
            leads={"back": To(S.CATEGORY)},
            text=_words,
            text_leads=AFTER_WORDS,
            media=_media_for(S.DESCRIBE),
        ),
        S.MORE: Step(
            buttons=[*MORE_BUTTONS, *MORE_OWN_BUTTONS, [("btn.aside.add", request_aside.ADD)]],
            show=_show_more,
            leads={
                "next": To(S.URGENCY),
                "restart": RESTART,
                request_aside.ADD: Do(_add_aside, leads_to=AFTER_WORDS),
            },
            text=_more_words,
            text_leads=AFTER_WORDS,
            media=_media_for(S.MORE),
        ),
        S.URGENCY: Step(
            key="support.ask.urgency",
            buttons=[
                [("support.urgency.today", "urg:today")],
                [("support.urgency.week", "urg:week")],
                [("support.urgency.whenever", "urg:whenever")],
                [("btn.back", "back")],
            ],
            leads={"urg:": Do(_urgency, leads_to=(To(S.CHECK), To(S.SHARE))), "back": To(S.MORE)},
        ),
        S.SHARE: Step(
            key="support.ask.share",
            buttons=[
                [("btn.support.share_yes", "share:yes")],
                [("btn.support.share_no", "share:no")],
            ],
            leads={"share:": Do(_share, leads_to=(To(S.CHECK),))},
        ),
        S.CHECK: Step(
            buttons=CHECK_BUTTONS,
            show=_show_check,
            leads={"send": SEND, "restart": RESTART},
        ),
        S.SENT: Step(
            key="support.after_sent",
            buttons=[[("btn.support.list", "list"), ("btn.menu", "menu")]],
        ),
        S.LIST: Step(
            buttons=[[("btn.support.ask", "ask"), ("btn.menu", "menu")]],
            show=_show_list,
        ),
        S.VIEW: Step(
            buttons=[*OPEN_VIEW_BUTTONS, *CLOSED_VIEW_BUTTONS],
            show=_show_view,
            leads={
                "add": To(S.ADD),
                "withdraw": To(S.WITHDRAW),
                "reopen": Do(_reopen, leads_to=(To(S.VIEW), TO_LIST)),
                "back": Do(_list, leads_to=(TO_LIST,)),
            },
        ),
        S.ADD: Step(
            key="support.add.ask",
            buttons=[[("btn.back", "back")]],
            leads={"back": To(S.VIEW)},
            text=_add_text,
            text_leads=(To(S.VIEW), TO_LIST),
            media=_add_media,
        ),
        S.WITHDRAW: Step(
            key="support.withdraw.confirm",
            buttons=[
                [("btn.support.withdraw_yes", "withdraw_yes")],
                [("btn.support.keep", "back")],
            ],
            leads={"withdraw_yes": Do(_withdraw, leads_to=(TO_LIST,)), "back": To(S.VIEW)},
        ),
        S.REPLY: Step(
            key="support.reply.ask",
            buttons=REPLY_BUTTONS,
            screen=_reply_screen,
            leads={"done": Do(_done, leads_to=(TO_MENU,))},
            text=_reply,
            media=_reply_media,
        ),
        S.WHICH: Step(
            key="thread.which",
            buttons=[[("btn.menu", "menu")]],
            screen=_which_screen,
            # The chosen thread takes the messages; the chat goes back to where it was.
            leads={"thread:": Do(_thread, leads_to=(TO_MENU,))},
            text=_held,
            media=_held_media,
        ),
    }

    def keeps_words_after_crisis(self, ctx: Context) -> bool:
        """Words typed for a request stay in it, even when the safety net also answered."""
        return ctx.state is not None and ctx.state.step in self.KEEPS_WORDS


SUPPORT = SupportFlow()
