"""What the bot does with words a step does not take: off-script messages inside a flow.

:mod:`dialogs.core.language` reads what a message means; this module acts on it, for the
engine: a button's words tap that button, "menu" or "my data" opens that screen, a
feeling gets a warm line, "add my nan" starts adding her, and a voice note or sticker gets
a kind word and the screen again. It opens other flows, so no flow imports it (only the
engine does).
"""

from __future__ import annotations

from collections.abc import Sequence

from dialogs import offscript
from dialogs.core import answers
from dialogs.core.context import Context
from dialogs.core.events import Button, EventKind, Reply
from dialogs.core.flow import Flow, reshow
from dialogs.core.language import (
    Intent,
    _language,
    closest_command,
    command_word,
    normal_words,
    read_person,
    understand,
)
from dialogs.core.registry import FlowName
from dialogs.safety import alerts
from dialogs.safety.talk_button import talk_row
from dialogs.young import consent, feelings, people, support, support_flow
from dialogs.young.picture import send_picture
from storage.models import CaseStatus

MEDIA_LINES = {
    "voice": "lang.media.voice",
    "video_note": "lang.media.voice",
    "audio": "lang.media.voice",
    "sticker": "lang.media.sticker",
}
# Replies the engine treats as "not an answer to this screen" (relayed when a team is talking).
OFF_SCRIPT_KEYS = frozenset(
    {"lang.off_script", "lang.media.voice", "lang.media.other", "lang.media.sticker"}
)


def handle(ctx: Context, flow: Flow) -> bool:
    """Answer free text, media or a sticker the current step does not take; True if answered.

    False leaves the message to the step's own handler (and to the engine's relay of loose
    messages to a team that is talking to them).
    """
    case, state, event = ctx.case, ctx.state, ctx.event
    if state is None:
        return False
    if case is None:
        return bool(ctx.staff) and offscript.staff(ctx, flow)  # staff in their own chat
    if case.status != CaseStatus.ACTIVE:
        if state.flow != consent.FLOW:
            return False
        if event.kind == EventKind.TEXT and answer_in_words(ctx, flow, event.text or ""):
            return True  # "yes", "ye ok", "what does that mean": as if tapped
        return offscript.joining(ctx, flow)
    if event.kind == EventKind.TEXT:
        return _text(ctx, flow, event.text or "")
    if event.kind == EventKind.MEDIA and flow.takes_media(ctx):
        return False
    if event.kind == EventKind.MEDIA and event.text and event.text.strip():
        return False  # a photo with words: the step reads the words
    if event.kind in (EventKind.MEDIA, EventKind.OTHER):
        if event.kind == EventKind.MEDIA and _team_is_talking(ctx):
            return False  # the engine relays it into their thread
        kind = event.media_kind or ""
        key = MEDIA_LINES.get(kind, "lang.media.other")
        if event.kind == EventKind.OTHER and kind != "sticker":
            key = "media.other_declined"  # a place, a contact, a poll
        reshow(ctx, flow, key)
        return True
    return False


def _text(ctx: Context, flow: Flow, text: str) -> bool:
    command = command_word(text)
    if flow.takes_text(ctx, text):
        if command is None:
            return False
        if support.leaving_reply(ctx):
            support.leave_reply(ctx)  # not for the team: out of the Reply step, kindly
            return True
        _act(ctx, flow, Intent(command))
        return True
    if command is None and answer_in_words(ctx, flow, text):
        return True  # the screen's own answer ("yes", "very close"): as if tapped
    if command is None and _team_is_talking(ctx):
        intent = understand(text)
        if not clear_intent(ctx, text, intent):
            return False  # words for the person talking to them, not for this screen
        assert intent is not None
        _act(ctx, flow, intent)
        return True
    _act(ctx, flow, understand(text))
    return True


def answers_plainly(ctx: Context, flow: Flow, text: str) -> bool:
    """Words that are plainly this screen's answer or for the bot: acted on (True).

    A button's words, "skip" where there is Skip, "my data", "can i talk to someone".
    Nothing is said or changed when False.
    """
    if answer_in_words(ctx, flow, text):
        return True
    if command_word(text) is not None or flow.takes_text(ctx, text):
        return False
    intent = understand(text)
    if not clear_intent(ctx, text, intent):
        return False
    assert intent is not None
    _act(ctx, flow, intent)
    return True


def answer_in_words(ctx: Context, flow: Flow, text: str) -> bool:
    """A button of this screen said in words ("yes", "very close ❤️"): tap it; else False."""
    state = ctx.state
    if state is None or ctx.case is None or flow.takes_text(ctx, text):
        return False
    action = answers.pick(text, answers.screen_buttons(ctx, flow))
    if action is None:
        return False
    flow.on_choice(ctx, action)
    return True


# While their team is talking to them, these intents still win over the thread when they
# are said plainly ("delete my data", "can i talk to someone"), not inside a longer message.
_PLAIN_INTENTS = frozenset(
    {"menu", "cancel", "back", "data", "privacy", "delete", "choices", "talk", "people",
     "plan", "picture", "add", "support"}
)  # fmt: skip
_PLAIN_WORDS = 5  # words (after "can i", "i want to"...) a plain request has at most
_SHORT_WORDS = 3  # for intents found from one word anywhere ("plan", "add", "money")
_SHORT_INTENTS = frozenset({"people", "plan", "picture", "add", "support"})


def clear_intent(ctx: Context, text: str, intent: Intent | None) -> bool:
    """Whether a message is plainly for the bot, not for the team who is talking to them.

    "skip" counts where the step has Skip; "my data", "delete my data", "who can see my
    stuff" and "can i talk to someone" count when said on their own. Greetings, thanks,
    feelings and anything longer are for the person they are talking to.
    """
    if intent is None or ctx.state is None:
        return False
    if intent.kind == "skip":
        return "skip" in ctx.state.choices
    if intent.kind not in _PLAIN_INTENTS:
        return False
    data = _language()
    words = tuple(w for w in normal_words(text) if w not in data.filler)
    for opener in data.openers:
        if words[: len(opener)] == opener:
            words = words[len(opener) :]
            break
    limit = _SHORT_WORDS if intent.kind in _SHORT_INTENTS else _PLAIN_WORDS
    return len(words) <= limit


def _team_is_talking(ctx: Context) -> bool:
    state = ctx.state
    if state is not None and state.flow == support.FLOW and state.step == "which":
        return True
    return bool(support.talking_threads(ctx))


# Requests that open a screen as they are: the flow and the entry it opens at.
OPENS: dict[str, tuple[FlowName, str]] = {
    "menu": (FlowName.MENU, "main"),
    "help": (FlowName.MENU, "help"),
    "choices": (FlowName.MENU, "choices"),
    "people": (FlowName.PEOPLE, "list"),
    "plan": (FlowName.PLAN, "show"),
    "data": (FlowName.PRIVACY, "menu"),
    "delete": (FlowName.PRIVACY, "delete_1"),
    "privacy": (FlowName.PRIVACY, "who"),
}


def _act(ctx: Context, flow: Flow, intent: Intent | None) -> None:
    """Answer briefly and, where it can, go there."""
    if intent is None:
        reshow(ctx, flow, "lang.off_script")
        return
    if flow.on_intent(ctx, intent.kind, intent.detail):
        return  # the step answers it itself ("add someone" while adding someone)
    kind = intent.kind
    if kind in OPENS:
        ctx.open(*OPENS[kind])
    elif kind == "cancel":
        flow.on_cancel(ctx)
        ctx.open(FlowName.MENU)
    elif kind in ("back", "skip"):
        _step_button(ctx, flow, kind)
    elif kind == "greeting":
        reshow(ctx, flow, "lang.hello")
    elif kind == "thanks":
        ctx.say("lang.thanks")
    elif kind == "talk":
        _talk(ctx, flow)
    elif kind == "support":
        _support(ctx, intent.detail)
    elif kind == "add":
        people.start_add(ctx, read_person(intent.detail))
    elif kind == "picture":
        send_picture(ctx)
        ctx.open(FlowName.PEOPLE, "list")
    elif kind == "feeling":
        _feeling_reply(ctx, flow, intent.detail)
    elif kind == "meeting":
        # The bot holds no meeting times: say who does, with a way to ask them.
        _say_with(ctx, "lang.meeting", [talk_row(ctx)])
    elif kind == "joke":
        ctx.say("lang.joke")  # a light line, not the whole screen again (trial 2026-12-07)
    else:  # pragma: no cover - every kind in the data is handled above
        reshow(ctx, flow, "lang.off_script")


def _say_with(ctx: Context, key: str, rows: list[list[tuple[str, str]]]) -> None:
    """One short message with its own buttons (token data), not the screen's again."""
    buttons = tuple(
        tuple(Button(label=ctx.text(label), data=data) for label, data in row) for row in rows
    )
    ctx.replies.append(
        Reply(chat_id=ctx.event.chat_id, text=ctx.text(key), key=key, buttons=buttons)
    )


def _step_button(ctx: Context, flow: Flow, action: str) -> None:
    """The step's own Back or Skip button, as if tapped; else a kind line (or the menu)."""
    assert ctx.state is not None
    if action in ctx.state.choices:
        flow.on_choice(ctx, action)
    elif action == "back":
        ctx.open(FlowName.MENU)
    else:
        reshow(ctx, flow, "lang.skip.none")


def _talk(ctx: Context, flow: Flow) -> None:
    """The same *Talk to someone* as the menu's button."""
    if not alerts.open_talk(ctx, "talk"):
        flow.show(ctx)


def _support(ctx: Context, category: str) -> None:
    """Ask for support with the category already chosen."""
    support_flow.open_ask(ctx)
    state = ctx.state
    if state is None or state.flow != support_flow.SUPPORT.name or state.step != "category":
        return  # too many open requests: the list explains
    choice = f"cat:{category}"
    if choice in state.choices:
        # The category question is answered already: show where it leads instead.
        del ctx.replies[-1]
        support_flow.open_with_words(ctx, category)


def _feeling_reply(ctx: Context, flow: Flow, feeling: str) -> None:
    """A warm, specific answer with *Talk to someone*, then the same screen's buttons."""
    feelings.answer(ctx, flow, feeling)


def unknown_command(ctx: Context, command: str, known: Sequence[str]) -> bool:
    """Say "Did you mean /menu?" for a near miss; False when nothing is close."""
    if ctx.case is None and not ctx.staff:
        return False  # not invited: nothing to suggest
    close = closest_command(command, known)
    if close is None:
        return False
    if close == "start" and ctx.case is not None and ctx.case.status == CaseStatus.ACTIVE:
        close = "menu"  # they joined already: /start would only take them to the menu
    ctx.say("lang.did_you_mean", command=f"/{close}")
    return True
