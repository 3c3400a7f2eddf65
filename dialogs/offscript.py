"""Off-script words outside the main menu: a young person joining, and staff in their chat.

The language layer (:mod:`dialogs.core.language`) hands these over: while a young person is
answering the consent questions, and while a member of staff is in one of their flows
(``/newcase``, a long ``/caseload``, the ``/plan`` editor) or has nothing under way. Each
gets one short line and the same step's buttons (:func:`dialogs.core.flow.reshow`), never the
old "I wasn't expecting a message here" followed by the whole screen again.
"""

from __future__ import annotations

from dialogs.core import language
from dialogs.core.context import Context
from dialogs.core.events import EventKind
from dialogs.core.flow import Flow, reshow

JOIN_DECLINED = "declined"  # the consent step after a "no" to keeping what they say
# What a joining young person's words mean → the line said above the consent question.
_JOINING_LINES = {
    "greeting": "lang.join.hello",
    "help": "lang.join.explain",
    "skip": "lang.join.unsure",
    "thanks": "lang.thanks",
    "talk": "lang.join.talk",
    "feeling": "lang.join.feeling",
    "privacy": "lang.join.privacy",
    "data": "lang.join.privacy",
    "delete": "lang.join.privacy",
    "menu": "consent.pending",
    "cancel": "consent.pending",
    "back": "consent.pending",
}
# Lines that make sense after a "no" too (the others point at the Yes/No buttons).
_DECLINED_LINES = frozenset(
    {"lang.join.hello", "lang.thanks", "lang.join.talk", "lang.join.feeling"}
)


# --- a young person answering the consent questions ------------------------------------------
def joining(ctx: Context, flow: Flow) -> bool:
    """Answer words, media or a sticker sent while the consent question is on screen.

    "hi" or "what is this" gets a short, plain explanation and the question's buttons again;
    anything else a line saying what the buttons are for. Nothing they type is kept.
    """
    state, event = ctx.state, ctx.event
    assert state is not None
    if event.kind == EventKind.TEXT:
        found = language.understand(event.text or "")
        key = _JOINING_LINES.get(found.kind, "lang.join.off_script") if found else None
        if key is None:
            key = "lang.join.explain" if _asks_what(event.text or "") else "lang.join.off_script"
    elif event.kind in (EventKind.MEDIA, EventKind.OTHER):
        key = "lang.join.media"
    else:
        return False
    if state.step == JOIN_DECLINED and key not in _DECLINED_LINES:
        key = "lang.join.declined"
    reshow(ctx, flow, key)
    return True


def _asks_what(text: str) -> bool:
    """ "?", "what", "huh": a question about what this is."""
    words = language.normal_words(text)
    return text.strip().endswith("?") or words in {("what",), ("huh",), ("why",), ("who",)}


# --- staff in their private chat -------------------------------------------------------------
def staff(ctx: Context, flow: Flow) -> bool:
    """Answer a member of staff's words or media that their current step does not take.

    A step that takes text (a name, a date, a plan item) keeps it, unless it is only
    "menu", "cancel", "stop" or "back".
    """
    event = ctx.event
    if event.kind == EventKind.TEXT:
        text = event.text or ""
        command = language.command_word(text)
        if flow.takes_text(ctx, text):
            if command is None:
                return False
            _staff_act(ctx, flow, command)
            return True
        found = language.understand(text)
        _staff_act(ctx, flow, found.kind if found is not None else None)
        return True
    if event.kind in (EventKind.MEDIA, EventKind.OTHER):
        reshow(ctx, flow, "staff.lang.media")
        return True
    return False


def staff_idle(ctx: Context) -> bool:
    """A member of staff with nothing under way says hello or thanks: a short answer.

    False for anything else, which the list of what they can do answers best.
    """
    if ctx.event.kind != EventKind.TEXT or not ctx.staff:
        return False
    found = language.understand(ctx.event.text or "")
    if found is None or found.kind not in ("greeting", "thanks"):
        return False
    if found.kind == "thanks":
        ctx.say("lang.thanks")
    else:
        ctx.say("staff.lang.hello_idle", name=_first_name(ctx))
    return True


def _staff_act(ctx: Context, flow: Flow, kind: str | None) -> None:
    from dialogs.staff_commands import show_help  # the staff flows import this module

    state = ctx.state
    assert state is not None
    if kind in ("cancel", "back") and kind in state.choices:
        flow.on_choice(ctx, kind)  # the step's own Cancel or Back, as if tapped
    elif kind in ("menu", "cancel", "help"):
        show_help(ctx)  # as /menu, /cancel and /help do for staff
    elif kind == "greeting":
        reshow(ctx, flow, "staff.lang.hello", name=_first_name(ctx))
    elif kind == "thanks":
        ctx.say("lang.thanks")
    else:
        reshow(ctx, flow, "staff.lang.off_script")


def _first_name(ctx: Context) -> str:
    name = ctx.staff[0].name.strip() if ctx.staff else ""
    return name.split()[0] if name else ""
