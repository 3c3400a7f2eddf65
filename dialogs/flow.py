"""What every flow (consent, menu, ...) provides to the engine."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Protocol

from dialogs.context import Context
from dialogs.events import Button, Reply


class Flow(Protocol):
    """A dialog as a state machine over steps stored in ``ctx.state``."""

    name: str

    def show(self, ctx: Context) -> None:
        """Show the current step again (its question and buttons)."""
        ...

    def on_choice(self, ctx: Context, action: str) -> None:
        """Handle a valid button press; ``action`` was registered by :meth:`Context.ask`."""
        ...

    def on_text(self, ctx: Context, text: str) -> None:
        """Handle free text typed while in this flow."""
        ...


class ButtonsOnlyFlow:
    """Base for steps that only take buttons: text gets a kind nudge and the question again."""

    name = "base"

    def show(self, ctx: Context) -> None:  # pragma: no cover - overridden
        """Show the current step."""
        raise NotImplementedError

    def on_text(self, ctx: Context, text: str) -> None:
        """Nudge kindly, then repeat the current question."""
        ctx.say("nudge.unexpected")
        self.show(ctx)


# Steps that take free text, for flows that do not say so themselves (``takes_text``).
FREE_TEXT_STEPS: dict[str, frozenset[str]] = {
    "support": frozenset({"describe", "more", "add", "reply", "which"}),
    "review": frozenset({"blocker", "changes"}),
    "plan_editor": frozenset({"lead", "who", "what", "often", "interval", "first_review"}),
    "safety": frozenset({"checkin", "unsure", "after", "safe"}),
    "newcase": frozenset({"name", "dob"}),
}
SHORT_SCREEN = 160  # characters: a screen this short is said again under the short line


def takes_text(flow: Flow, ctx: Context, text: str) -> bool:
    """Whether the current step is waiting for free text of this kind (a name, a description).

    A flow says so with ``takes_text(ctx, text)``; otherwise :data:`FREE_TEXT_STEPS` does.
    """
    declared = getattr(flow, "takes_text", None)
    if declared is not None:
        return bool(declared(ctx, text))
    state = ctx.state
    return state is not None and state.step in FREE_TEXT_STEPS.get(flow.name, frozenset())


def reshow(
    ctx: Context,
    flow: Flow,
    key: str,
    *,
    top: list[list[tuple[str, str]]] | None = None,
    whole: bool = True,
    **params: Any,
) -> None:
    """One short line, then the current step's buttons (not its long text again).

    The screen's own text follows the line only when it is short (a question, a title) and
    ``whole`` is set. ``top`` rows of buttons (label key, action or token data) go first.
    """
    mark = ctx.mark()
    flow.show(ctx)
    line = ctx.text(key, **params)
    shown = ctx.replies[mark[0] :]
    asked = next((reply for reply in reversed(shown) if reply.buttons), None)
    if asked is None:
        ctx.replies.insert(mark[0], Reply(chat_id=ctx.event.chat_id, text=line, key=key))
        return
    text = line
    if whole and len(asked.text) <= SHORT_SCREEN:
        text = f"{line}\n\n{asked.text}"
    extra = tuple(
        tuple(Button(label=ctx.text(label), data=data) for label, data in row) for row in top or []
    )
    del ctx.replies[mark[0] :]
    ctx.replies.append(replace(asked, text=text, key=key, buttons=extra + asked.buttons))
