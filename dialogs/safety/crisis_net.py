"""The safety net's conversation: every free-text message is checked before any flow sees it.

Two tiers, from :func:`dialogs.safety.assess_burst`:

* **high** — the numbers for that kind of danger at once, and an URGENT alert to the team
  (a card with *Pick up*, *Reply*, *Close*, see :mod:`dialogs.safety.alerts`);
* **unsure** — a gentle check-in, "Are you safe right now?": *I'm safe* / *I'm not safe* /
  *Talk to someone* (typing an answer works too, and still passes the net first).

After any crisis reply the young person gets *Talk to someone* / *Back to where I was* /
*Menu*. Nothing is re-shown on its own, so a screen with a destructive button (delete my
data) only comes back when they choose it.

A thought split over bubbles ("i want to" + "end it") is read whole: an active young
person's last few texts of the last two minutes are kept in the conversation state (stored
encrypted, in the same transaction) and cleared once they have raised a reply, so one burst
never alerts twice.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from dialogs.cases import relay
from dialogs.cases.notify import notify_team, team_chat
from dialogs.core import answers, registry
from dialogs.core.context import Context
from dialogs.core.registry import FlowName
from dialogs.core.table import Do, Lead, Open, Rows, Step, TableFlow, To
from dialogs.safety import (
    CrisisCategory,
    SafetyVerdict,
    alarm_in_chat,
    alerts,
    assess,
    assess_burst_span,
)
from dialogs.safety.talk_button import safety_token
from storage.models import CaseStatus, RequestKind
from storage.plans import choice_data

log = logging.getLogger(__name__)

FLOW = FlowName.SAFETY
ALERTABLE = (CaseStatus.JOINING, CaseStatus.ACTIVE, CaseStatus.DECLINED)
BURST_WINDOW = timedelta(minutes=2)
BURST_SIZE = 4  # this message and up to three before it
BURST_TAIL = 400  # characters kept of each earlier message (the end joins the next one)
MAX_WORDS = 3000  # characters of the young person's words kept on an alert
# *I'm not safe* and *Talk to someone* work on any earlier screen, however old: a young
# person who changes their mind must never read "that button has expired".
CHECKIN_ORIGIN = "checkin"  # a talk thread opened because a check-in got no clear yes


class SafetyStep(StrEnum):
    """The check-in ("are you safe?", asked again when unsure) and the way on after it."""

    CHECKIN = "checkin"
    UNSURE = "unsure"
    AFTER = "after"
    SAFE = "safe"


ASKING = (SafetyStep.CHECKIN, SafetyStep.UNSURE)  # "are you safe?" is still the open question


class SafetyData(BaseModel):
    """Where "Back to where I was" goes (that screen's flow, step and data) and, while
    checking in, the kind of danger and the words that led to it (an active young person's).

    Only the fields set are stored, as they always were; anything else stored is kept.
    """

    model_config = ConfigDict(extra="allow")

    back: dict[str, Any] | None = None
    category: str | None = None
    words: str | None = None


def _own(ctx: Context) -> SafetyData:
    """The safety flow's data when the chat is in it (nothing set otherwise).

    Never raises: the safety net must answer whatever an old row holds.
    """
    state = ctx.state
    if state is None or state.flow != FLOW:
        return SafetyData()
    try:
        return SAFETY.data(ctx)
    except ValidationError:
        return SafetyData()


def check(
    ctx: Context, text: str, answer: Callable[[], bool] | None = None
) -> tuple[SafetyVerdict, str] | None:
    """The net's verdict on this text (read with the texts just before it) and the words.

    Earlier texts are remembered only for an active young person (who agreed that we keep
    what they write), and forgotten once they have raised a reply. A text for which
    ``answer()`` is true answers a step (a name, who someone is) and is never remembered;
    it is asked only when the text would be remembered. The earlier texts only help find a
    thought split over bubbles: when this message is worrying on its own, its verdict and
    its words stand alone, unless it is a short tail ("end it") that the burst makes clear.
    """
    state = ctx.state
    keep = state is not None and ctx.case is not None and ctx.case.status == CaseStatus.ACTIVE
    earlier: list[list[str]] = []
    if keep:
        assert state is not None
        earlier = [item for item in state.recent if _recent(item, ctx.now)][-(BURST_SIZE - 1) :]
    messages = [words for _, words in earlier] + [text]
    verdict, span = assess(text), 1
    if len(messages) > 1 and (verdict is None or (not verdict.high and _tail(text))):
        joined, joined_span = assess_burst_span(messages)
        if joined is not None and (verdict is None or joined.high):
            verdict, span = joined, joined_span
    if keep:
        assert state is not None
        if verdict is None and not (answer is not None and answer()):
            state.recent = [*earlier, [ctx.now.isoformat(), text[-BURST_TAIL:]]][
                -(BURST_SIZE - 1) :
            ]
        elif verdict is not None:
            state.recent = []
    if verdict is None:
        return None
    # Only the messages the verdict rests on are quoted, not whatever came just before.
    quoted = messages[-span:] if span > 0 else [text]
    return verdict, " ".join(quoted)[-MAX_WORDS:]


TAIL_WORDS = 3  # a message this short may be the end of a thought begun just before


def _tail(text: str) -> bool:
    return len(text.split()) <= TAIL_WORDS


def forget_old(ctx: Context) -> None:
    """Drop remembered texts older than the burst window (on any event, so none linger)."""
    state = ctx.state
    if state is not None and state.recent:
        state.recent = [item for item in state.recent if _recent(item, ctx.now)]


def _recent(item: list[str], now: datetime) -> bool:
    try:
        return now - datetime.fromisoformat(item[0]) <= BURST_WINDOW
    except (ValueError, TypeError, IndexError):
        return False


def respond(ctx: Context, verdict: SafetyVerdict, words: str) -> None:
    """Answer a message the net worried about (the engine then leaves the flow alone)."""
    # The rule id and category are safe to log; the message never is.
    log.warning(
        "safety net: %s %s (rule %s) in update %s",
        verdict.level.value,
        verdict.category.value if verdict.category else "-",
        verdict.rule,
        ctx.event.update_id,
    )
    case = ctx.case
    category = (verdict.category or CrisisCategory.DANGER).value
    if case is None or ctx.state is None:
        medical = category == CrisisCategory.MEDICAL.value
        ctx.say(
            "safe1.crisis.reply.medical" if medical else "crisis.reply",
            numbers=ctx.text(f"crisis.numbers.{category}"),
            team=ctx.text("crisis.team.none"),
        )
        return
    at_checkin = ctx.state.flow == FLOW and ctx.state.step in ASKING
    last = ctx.event.text or ""
    if at_checkin and _short_answer(last) and _intent(last) == "not_safe":
        # "no" / "not really" to "are you safe?": an answer, which says nothing of the kind
        # of danger, whatever the net makes of it alone.
        _alert(ctx, _checkin_category(ctx), "checkin", _checkin_words(ctx), "checkin.not_safe")
    elif verdict.high:
        _alert(ctx, category, "net", words, "crisis.reply")
    elif at_checkin:
        # Asked "are you safe?", they answer with more worry: talking, or not safe.
        if _intent(last) == "talk":
            _talk(ctx)
        else:
            said = _checkin_words(ctx, words)
            _alert(ctx, _checkin_category(ctx, verdict), "checkin", said, "checkin.not_safe")
    else:
        open_checkin(ctx, verdict.category, words)


def request_of(ctx: Context) -> int | None:
    """The sent request their words are being added to right now (None when there is none)."""
    state = ctx.state
    if state is None or state.flow != "support" or state.step != "add":
        return None
    found = state.data.get("request")
    return int(found) if isinstance(found, int) else None


def flag_words(ctx: Context, sent_to: int | None) -> None:
    """Words that worried the net went into a request: its card says so.

    A request still being written carries the flag in its screen's data until it is sent.
    """
    state, case = ctx.state, ctx.case
    if case is None or state is None:
        return
    if sent_to is not None:
        request = ctx.uow.support.get(case.service_id, sent_to)
        if request is not None and request.origin != relay.WORRY_ORIGIN:
            request.origin = relay.WORRY_ORIGIN
            request.updated_at = ctx.now
            relay.refresh_card(ctx.uow, request, f"worry:{ctx.event.update_id}", ctx.now)
    elif state.flow == "support":
        state.data = {**state.data, "worry": True}


def _short_answer(text: str) -> bool:
    return len(text.split()) <= 4


def _checkin_words(ctx: Context, answer: str | None = None) -> str | None:
    """The words that led to the check-in (kept only for an active young person), then the
    answer when it worried the net too: what the not-safe card quotes when they share."""
    stored = _own(ctx).words
    said = [str(stored)] if stored else []
    if answer and answer not in said:
        said.append(answer)
    return "\n\n".join(said)[-MAX_WORDS:] or None


def _checkin_category(ctx: Context, verdict: SafetyVerdict | None = None) -> str:
    if verdict is not None and verdict.category is not None:
        return verdict.category.value
    assert ctx.state is not None
    stored = _own(ctx).category
    return str(stored) if stored else CrisisCategory.DANGER.value


def _alert(
    ctx: Context,
    category: str,
    origin: str,
    words: str | None,
    key: str,
    numbers_for: str | None = None,
) -> None:
    """Raise the alert, then give the numbers for the category and the way on."""
    case = ctx.case
    assert case is not None
    alert = None
    # A worker talking with them right now reads it where they are talking (finding 3).
    live = alarm_in_chat.find(ctx, case) if case.status in ALERTABLE else None
    if case.status in ALERTABLE:
        alert = alerts.raise_alert(ctx, case, category, origin, words, live)
    medical = category == CrisisCategory.MEDICAL.value and origin == "net"
    if live is not None and alert is not None:
        said = None if origin == "checkin" else words  # "said they are not safe" in the thread
        alarm_in_chat.flag_in_thread(ctx, case, live, alert, category, said)
        team = alarm_in_chat.team_line(ctx, case, live)
    elif medical and alert is not None:
        # What to do comes first; when the team is back would only get in the way.
        name = alerts.coordinator_name(ctx, case)
        team = (
            ctx.text("safe1.crisis.team.medical.named", name=name)
            if name
            else ctx.text("safe1.crisis.team.medical")
        )
    else:
        team = alerts.team_line(ctx, case, alert)
    if medical and key == "crisis.reply":
        key = "safe1.crisis.reply.medical"
    if numbers_for is None:
        numbers_for = category if origin == "net" or _has_category(ctx) else "general"
    show_after(ctx, key, numbers=ctx.text(f"crisis.numbers.{numbers_for}"), team=team)


def _has_category(ctx: Context) -> bool:
    return ctx.state is not None and bool(_own(ctx).category)


def _back(ctx: Context) -> dict[str, Any] | None:
    """Where "Back to where I was" goes: the screen they were on before the net spoke."""
    state = ctx.state
    if state is None:
        return None
    if state.flow == FLOW:
        return _own(ctx).back
    return {"flow": state.flow, "step": state.step, "data": state.data}


def _safety_buttons(ctx: Context) -> dict[str, str]:
    """Button data for *I'm not safe* and *Talk to someone*: long-lived, for this case only.

    Plain screen actions when there is no case to tie a token to.
    """
    case = ctx.case
    if case is None or case.id is None:
        return {"not_safe": "not_safe", "talk": "talk"}
    data = safety_token(ctx, _own(ctx).category)
    return {choice: choice_data(data, choice) for choice in ("not_safe", "talk")}


def token_not_safe(ctx: Context) -> None:
    """*I'm not safe* on any earlier check-in: raise the alert, however old the screen."""
    category = str((ctx.token_payload or {}).get("category") or "")
    known = {c.value for c in CrisisCategory}
    if category not in known:
        category = ""
    state = ctx.state
    asking = state is not None and state.flow == FLOW and state.step in ASKING
    _alert(
        ctx,
        category or CrisisCategory.DANGER.value,
        "checkin",
        _checkin_words(ctx) if asking else None,  # the words of the check-in still open
        "checkin.not_safe",
        numbers_for=category or "general",
    )


def token_talk(ctx: Context) -> None:
    """*Talk to someone* on any earlier check-in or crisis reply."""
    _talk(ctx)


def _way_on(ctx: Context) -> list[list[tuple[str, str]]]:
    rows = [[("btn.crisis.talk", _safety_buttons(ctx)["talk"])], [("btn.crisis.back", "back")]]
    if ctx.case is not None and ctx.case.status == CaseStatus.ACTIVE:
        rows.append([("btn.menu", "menu")])
    return rows


def show_after(ctx: Context, key: str, **params: Any) -> None:
    """A crisis reply, with *Talk to someone* / *Back to where I was* / *Menu* under it."""
    data = SafetyData(back=_back(ctx))
    ctx.goto(FLOW, SafetyStep.AFTER)
    SAFETY.store(ctx, data)
    ctx.ask(key, _way_on(ctx), **params)


def open_checkin(ctx: Context, category: CrisisCategory | None, words: str | None = None) -> None:
    """Ask gently whether they are safe right now, and note the team quietly.

    The note (once a day, no words) is how a check-in that is never answered still reaches
    a person: nothing waits on a timer, and the team is not asked to act at once.
    """
    case = ctx.case
    keep = case is not None and case.status == CaseStatus.ACTIVE and words
    data = SafetyData(
        back=_back(ctx),
        category=category.value if category else None,
        words=words if keep else None,
    )
    SAFETY.go(ctx, SafetyStep.CHECKIN, data)
    if case is not None:
        ctx.audit("checkin_asked", case)
        if case.status in ALERTABLE:
            key = f"checkin_asked:{case.id}:{ctx.now.date().isoformat()}"
            if not ctx.uow.outbox.exists(key):
                notify_team(ctx.uow, case, "safe1.notify.checkin_asked", key, ctx.now)


def _not_sure(ctx: Context) -> None:
    """Anything but a clear "yes, I'm safe": kind words, the numbers, and the team told."""
    case = ctx.case
    assert ctx.state is not None and case is not None
    ctx.audit("checkin_unsure", case)
    told = _note_unsure(ctx) if case.status in ALERTABLE else False
    data = _own(ctx)
    ctx.goto(FLOW, SafetyStep.UNSURE)
    SAFETY.store(ctx, data)
    ctx.ask(
        "safe1.checkin.unsure",
        _checkin_rows(ctx),
        numbers=ctx.text("crisis.numbers.general"),
        team=ctx.text("safe1.checkin.unsure.team") if told else "",
    )


def _note_unsure(ctx: Context) -> bool:
    """A low-key card (a talk thread) saying they were asked and didn't say they were safe.

    An open alert or talk thread gets a line in its thread instead: one place to look.
    """
    case = ctx.case
    assert case is not None
    key = f"checkin_unsure:{case.id}:{ctx.event.update_id}"
    for kind in (RequestKind.ALERT, RequestKind.TALK):
        open_one = ctx.uow.support.open_of_kind(case, kind)
        if open_one is not None:
            relay.to_team(ctx.uow, open_one, case, "safe1.relay.checkin_unsure", key, ctx.now)
            return True
    if team_chat(ctx.uow, case) is None:
        return False
    alerts.start_talk(ctx, case, CHECKIN_ORIGIN)
    return True


def _checkin_rows(ctx: Context) -> list[list[tuple[str, str]]]:
    lasting = _safety_buttons(ctx)
    return [
        [("btn.checkin.safe", "safe")],
        [("btn.checkin.not_safe", lasting["not_safe"])],
        [("btn.crisis.talk", lasting["talk"])],
    ]


def _talk(ctx: Context) -> None:
    if not alerts.open_talk(ctx, "talk"):
        show_after(ctx, "crisis.next")


# --- reading a typed answer ------------------------------------------------------------------
_NEGATIONS = {"not", "dont", "isnt", "arent", "cant", "never", "unsafe", "scared", "afraid"}
_NO = {"no", "nah", "nope", "na", "noo", "nooo"}
_YES = {"yes", "yeah", "yep", "yh", "ya", "yea", "ye", "ok", "okay", "fine", "safe", "good"}
_YES |= {"alright", "aight", "k", "kk", "sure"}
_TALK = {"talk", "speak", "someone", "somebody", "chat", "person", "human", "worker"}
# Not a yes and not a no: "not sure", "dont want to talk", "leave me alone".
_UNSURE = ("not sure", "dont know", "dunno", "idk", "no idea", "maybe", "kinda", "sort of",
           "dont want to talk", "dont wanna talk", "leave me alone", "whatever")  # fmt: skip


def _intent(text: str) -> str | None:
    """What a typed answer to "are you safe?" means: safe, not_safe, talk or unsure.

    Only a clear yes is "safe"; anything that is not a clear yes or no (and not a wish to
    talk) is "unsure" (None only for no words at all).
    """
    cleaned = text.lower().replace("’", "'").replace("'", "")
    words = set(re.findall(r"[a-z]+", cleaned))
    flat = " ".join(re.findall(r"[a-z]+", cleaned))
    if not text.strip():
        return None
    if any(re.search(rf"\b{phrase}\b", flat) for phrase in _UNSURE):
        return "unsure"
    if words & _TALK and not {"dont", "not"} & words:
        return "talk"
    said = answers.yes_or_no(text)
    if said == "no" or words & _NEGATIONS or "not ok" in cleaned:
        return "not_safe"
    if words & _NO and words & _YES:
        return "unsure"  # "no im fine": not a clear yes
    if words & _NO:
        return "not_safe"
    if said == "yes" or words & _YES or "im ok" in cleaned:
        return "safe"
    return "unsure"


# --- the step table ----------------------------------------------------------------------------
def _safe(ctx: Context, data: SafetyData, action: str) -> None:
    assert ctx.case is not None
    ctx.audit("checkin_safe", ctx.case)
    SAFETY.go(ctx, SafetyStep.SAFE, SafetyData(back=_back(ctx)))


def _not_safe(ctx: Context, data: SafetyData, action: str) -> None:
    assert ctx.case is not None
    _alert(ctx, _checkin_category(ctx), "checkin", _checkin_words(ctx), "checkin.not_safe")


def _talk_lead(ctx: Context, data: SafetyData, action: str) -> None:
    assert ctx.case is not None
    _talk(ctx)


def _tell_worker(ctx: Context, data: SafetyData, action: str) -> None:
    case = ctx.case
    assert case is not None
    key = f"safe_checkin:{case.id}:{ctx.now.date().isoformat()}"
    if ctx.uow.outbox.exists(key) or notify_team(
        ctx.uow, case, "notify.safe_checkin", key, ctx.now
    ):
        ctx.audit("checkin_safe_told_worker", case)
        ctx.preface("checkin.told_worker")
    else:
        ctx.preface("checkin.no_worker")
    SAFETY.go(ctx, SafetyStep.AFTER, SafetyData(back=_back(ctx)))


def _go_back(ctx: Context, data: SafetyData, action: str) -> None:
    """The screen they were on before the net spoke, as it was (the menu if it is gone)."""
    assert ctx.case is not None
    back = data.back
    entry = registry.find(str(back.get("flow"))) if back else None
    if back is None or entry is None or back.get("flow") == FLOW:
        ctx.open(FlowName.MENU)
        return
    ctx.goto(str(back["flow"]), str(back["step"]), dict(back.get("data") or {}))
    if not entry.flow.fits(ctx):  # that screen is gone since (a newer version): the menu
        ctx.say("flow.moved_on")
        ctx.open(FlowName.MENU)
        return
    entry.flow.show(ctx)


def _to_menu(ctx: Context, data: SafetyData, action: str) -> None:
    assert ctx.case is not None
    ctx.open(FlowName.MENU)


def _typed(ctx: Context, data: SafetyData, text: str) -> None:
    """A typed answer (the net has already read it and found nothing worrying)."""
    assert ctx.state is not None
    intent = _intent(text)
    step = ctx.state.step
    if intent == "talk":
        _talk(ctx)
    elif step in ASKING and intent in ("safe", "not_safe"):
        SAFETY.on_choice(ctx, intent)
    elif step == SafetyStep.CHECKIN:
        _not_sure(ctx)  # "idk", "leave me alone", "whatever", an emoji: not a yes
    elif step == SafetyStep.UNSURE:
        SAFETY.show(ctx)  # the team knows already: a kind word, not another note
    else:
        ctx.say("nudge.unexpected")
        SAFETY.show(ctx)


def _checkin_screen(ctx: Context, data: SafetyData) -> tuple[Rows, Mapping[str, Any]]:
    return _checkin_rows(ctx), {}


def _safe_screen(ctx: Context, data: SafetyData) -> tuple[Rows, Mapping[str, Any]]:
    return [[("btn.checkin.tell_worker", "tell")], *_way_on(ctx)], {}


def _after_screen(ctx: Context, data: SafetyData) -> tuple[Rows, Mapping[str, Any]]:
    return _way_on(ctx), {}


TO_AFTER = To(SafetyStep.AFTER)
TO_MENU = Open(FlowName.MENU)
# Every step answers every button of the flow, whichever screen offered it (as it always
# has: an answer to "are you safe?" is never refused for being on another screen).
COMMON: Mapping[str, Lead[SafetyData]] = {
    "safe": Do(_safe, leads_to=(To(SafetyStep.SAFE),)),
    "not_safe": Do(_not_safe, leads_to=(TO_AFTER,)),
    "talk": Do(_talk_lead, leads_to=(TO_AFTER,)),
    "tell": Do(_tell_worker, leads_to=(TO_AFTER,)),
    "back": Do(_go_back, leads_to=(TO_MENU,)),
    "menu": Do(_to_menu, leads_to=(TO_MENU,)),
}
CHECKIN_BUTTONS = [[("btn.checkin.safe", "safe")], [("btn.checkin.not_safe", "not_safe")]]
WAY_ON_BUTTONS = [[("btn.crisis.talk", "talk")], [("btn.crisis.back", "back")]]
# A typed answer may lead to any of these (see _typed).
TYPED = (To(SafetyStep.UNSURE), To(SafetyStep.SAFE), TO_AFTER)


class SafetyFlow(TableFlow[SafetyData]):
    """The check-in and the way on after a crisis reply (steps checkin, unsure, after, safe).

    Every step takes typed words (an answer to "are you safe?", or a wish to talk).
    """

    name = FLOW
    steps = SafetyStep
    start = SafetyStep.CHECKIN
    data_type = SafetyData
    table = {
        SafetyStep.CHECKIN: Step(
            key="checkin.ask",
            buttons=[*CHECKIN_BUTTONS, [("btn.crisis.talk", "talk")]],
            screen=_checkin_screen,
            text=_typed,
            text_leads=TYPED,
        ),
        SafetyStep.UNSURE: Step(
            key="safe1.checkin.unsure.again",
            buttons=[*CHECKIN_BUTTONS, [("btn.crisis.talk", "talk")]],
            screen=_checkin_screen,
            text=_typed,
            text_leads=TYPED,
        ),
        SafetyStep.AFTER: Step(
            key="crisis.next",
            buttons=[*WAY_ON_BUTTONS, [("btn.menu", "menu")]],
            screen=_after_screen,
            text=_typed,
            text_leads=TYPED,
        ),
        SafetyStep.SAFE: Step(
            key="checkin.safe",
            buttons=[[("btn.checkin.tell_worker", "tell")], *WAY_ON_BUTTONS],
            screen=_safe_screen,
            text=_typed,
            text_leads=TYPED,
        ),
    }
    common = COMMON


SAFETY = SafetyFlow()
