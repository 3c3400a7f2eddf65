"""Inside a request's words, something plainly else is answered, not filed.

After the first words of a request, its "anything else?" step took everything typed as more
words for it: "what time is my meeting", "miss my mum" and "im dead 😂" all went into a CV
request with "Got it, thanks" (trial of 7 December 2026, finding 9). Now a message the
language layer reads as a feeling, a question about a meeting or a laugh is answered as what
it is, and kept aside behind an *Add to my request* button in case it was for the request.
"""

from __future__ import annotations

from dialogs.core import language
from dialogs.core.context import Context
from dialogs.core.flow import Flow
from dialogs.core.registry import FlowName
from dialogs.safety import talk_button
from dialogs.texts import t
from dialogs.young import feelings
from dialogs.young.support_actions import MAX_PIECES, MAX_WORDS

ADD = "aside_add"  # the button's action on the "anything else?" step
ASIDE = "aside"  # where the message kept aside waits, in the step's data
ASIDE_KINDS = frozenset({"feeling", "meeting", "joke"})


def category(value: str | None, lang: str) -> str:
    """The request's category in words ("School, college or work"), in ``lang``."""
    return t(f"support.cat.{value or 'other'}", lang)


def answer(ctx: Context, text: str) -> bool:
    """Answer a message that is plainly not more words for the request; False if it may be.

    The step stays the same, with *Add to my request* for the message kept aside.
    """
    state = ctx.state
    if state is None or not (state.data.get("texts") or state.data.get("media")):
        return False
    intent = language.understand(text)
    if intent is None or intent.kind not in ASIDE_KINDS:
        return False
    data = {**state.data, ASIDE: text.strip()}
    ctx.goto(FlowName.SUPPORT, "more", data)
    rows: list[list[tuple[str, str]]] = [[("btn.aside.add", ADD)]]
    warm = when = ""
    if intent.kind == "feeling":
        warm, when = ctx.text(f"calm.feeling.{intent.detail}"), feelings.when_line(ctx)
    if intent.kind in ("feeling", "meeting"):
        rows.append(talk_button.talk_row(ctx))
    next_label = "btn.support.send_own" if data.get("own") else "btn.support.next"
    rows += [[(next_label, "next")], [("btn.support.restart", "restart")]]
    ctx.ask(
        f"aside.{intent.kind}",
        rows,
        category=category(data.get("category"), ctx.lang),
        warm=warm,
        when=when,
    )
    return True


def add(ctx: Context, flow: Flow) -> None:
    """*Add to my request*: the message kept aside joins the request's words after all."""
    state = ctx.state
    assert state is not None
    text = str(state.data.get(ASIDE) or "")
    data = {key: value for key, value in state.data.items() if key != ASIDE}
    texts: list[str] = list(data.get("texts", []))
    pieces = len(texts) + len(data.get("media", []))
    too_long = sum(map(len, texts)) + len(text) > MAX_WORDS
    if text and (pieces >= MAX_PIECES or too_long):
        ctx.preface("support.too_long")
    elif text:
        texts.append(text)
        ctx.preface("aside.added", category=category(data.get("category"), ctx.lang))
    ctx.goto(FlowName.SUPPORT, "more", {**data, "texts": texts})
    flow.show(ctx)
