"""What every flow (consent, menu, ...) provides to the engine."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Protocol

from dialogs.core.context import Context
from dialogs.core.events import Button, Reply


class Flow(Protocol):
    """What the engine asks of a flow: its screens, its answers, and what its steps take.

    Every flow is a :class:`dialogs.core.table.TableFlow`, which answers from its step table.
    """

    @property
    def name(self) -> str:
        """The flow's name, as the stored state says it."""
        ...

    def show(self, ctx: Context) -> None:
        """Show the current step again (its question and buttons)."""
        ...

    def on_choice(self, ctx: Context, action: str) -> None:
        """Handle a valid button press; ``action`` was registered by :meth:`Context.ask`."""
        ...

    def on_text(self, ctx: Context, text: str) -> None:
        """Handle free text typed while in this flow."""
        ...

    def takes_text(self, ctx: Context, text: str) -> bool:
        """Whether the current step waits for free text of this kind (a name, a description)."""
        ...

    def takes_media(self, ctx: Context) -> bool:
        """Whether the current step takes a photo or a file."""
        ...

    def on_media(self, ctx: Context) -> None:
        """Handle a photo or file the step takes."""
        ...

    def keeps_words_after_crisis(self, ctx: Context) -> bool:
        """Whether words the safety net answered still belong to this step."""
        ...

    def still_asking(self, ctx: Context) -> None:
        """Keep the question that waits for typing open after a loose message was relayed."""
        ...

    def on_cancel(self, ctx: Context) -> None:
        """Tidy up before /cancel leaves the flow."""
        ...

    def on_intent(self, ctx: Context, kind: str, detail: str) -> bool:
        """Answer an understood request itself ("add someone" while adding): True if it did."""
        ...

    def fits(self, ctx: Context) -> bool:
        """Whether the stored step and data still make sense to this flow."""
        ...

    def enter(self, ctx: Context, step: str) -> None:
        """Move the chat to ``step`` of this flow, with fresh data, and show it."""
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


SHORT_SCREEN = 160  # characters: a screen this short is said again under the short line


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


def page_buttons(page: int, pages: int) -> list[tuple[str, str]]:
    """The "⬅ Previous" / "Next ➡" row of a list shown a page at a time (empty on one page)."""
    row = []
    if page > 0:
        row.append(("btn.prev", "prev"))
    if page < pages - 1:
        row.append(("btn.next", "next"))
    return row
