"""After a worker closes an alert or a chat: a kind answer and a way back, never a shut door.

An hour after a crisis, "thanks" and "feel a bit better now" got "Your chat with Sam is
closed, so I didn't send that" (trial of 7 December 2026, finding 7). An alert or a talk
thread is closed for good, so nothing can go into it; what they write is answered as what
it is, with *Talk to someone* to reach their worker again. A request is different: it opens
again from its own button (see :func:`dialogs.young.support.say_closed`).
"""

from __future__ import annotations

from dialogs.cases import relay
from dialogs.core import language
from dialogs.core.context import Context
from storage.models import RequestKind, SupportRequest


def answer(ctx: Context, request: SupportRequest) -> bool:
    """Answer words written after ``request`` was closed; False for a request (not ours)."""
    if request.kind == RequestKind.REQUEST or ctx.case is None:
        return False
    text = ctx.event.text or ""
    intent = language.understand(text) if text.strip() else None
    actions = [("btn.crisis.talk", relay.YP_TALK), ("btn.menu", relay.YP_MENU)]
    rows = relay.token_options(ctx.uow, request, ctx.event.chat_id, actions, ctx.now)
    staff = relay.staff_name(ctx.uow, request).split()
    name = staff[0] if staff else ctx.text("talk.your_worker")
    warm = ""
    if intent is not None and intent.kind == "thanks":
        key = "after_close.thanks"
    elif intent is not None and intent.kind == "feeling":
        key = "after_close.feeling"
        warm = ctx.text(f"calm.feeling.{intent.detail}")
    else:
        key = "after_close.other"
    if ctx.state is None:
        ctx.say(key, name=name, warm=warm)
    else:
        ctx.ask(key, rows, name=name, warm=warm)
    return True
