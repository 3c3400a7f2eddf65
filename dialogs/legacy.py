"""The adapter for flows not yet described by a step table (to go once all are migrated).

Such a flow answers ``show``/``on_choice``/``on_text`` itself and may define the optional
members the engine used to look for by name; this adapter is the one place that still
looks for them, so the engine only ever talks to :class:`dialogs.flow.Flow`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dialogs.context import Context
from dialogs.flow import OldFlow

# Steps that take free text, for old flows that do not say so themselves (``takes_text``).
FREE_TEXT_STEPS: dict[str, frozenset[str]] = {
    "plan_editor": frozenset({"lead", "who", "what", "often", "interval", "first_review"}),
    "safety": frozenset({"checkin", "unsure", "after", "safe"}),
}


class LegacyFlow:
    """An old-style flow seen through the :class:`dialogs.flow.Flow` protocol."""

    def __init__(self, flow: OldFlow) -> None:
        self.inner = flow
        self.name = flow.name

    def _hook(self, name: str) -> Callable[..., Any] | None:
        hook: Callable[..., Any] | None = getattr(self.inner, name, None)
        return hook

    def show(self, ctx: Context) -> None:
        """Show the current step."""
        self.inner.show(ctx)

    def on_choice(self, ctx: Context, action: str) -> None:
        """Hand a button press to the flow."""
        self.inner.on_choice(ctx, action)

    def on_text(self, ctx: Context, text: str) -> None:
        """Hand free text to the flow."""
        self.inner.on_text(ctx, text)

    def takes_text(self, ctx: Context, text: str) -> bool:
        """The flow's own ``takes_text``, else :data:`FREE_TEXT_STEPS`."""
        declared = self._hook("takes_text")
        if declared is not None:
            return bool(declared(ctx, text))
        state = ctx.state
        return state is not None and state.step in FREE_TEXT_STEPS.get(self.name, frozenset())

    def takes_media(self, ctx: Context) -> bool:
        """The flow's own ``takes_media`` (no media otherwise)."""
        hook = self._hook("takes_media")
        return bool(hook(ctx)) if hook is not None else False

    def on_media(self, ctx: Context) -> None:
        """The flow's own ``on_media``."""
        hook = self._hook("on_media")
        if hook is not None:
            hook(ctx)

    def keeps_words_after_crisis(self, ctx: Context) -> bool:
        """The flow's own ``keeps_words_after_crisis`` (False otherwise)."""
        hook = self._hook("keeps_words_after_crisis")
        return bool(hook(ctx)) if hook is not None else False

    def still_asking(self, ctx: Context) -> None:
        """The flow's own ``still_asking`` (nothing otherwise)."""
        hook = self._hook("still_asking")
        if hook is not None:
            hook(ctx)

    def on_cancel(self, ctx: Context) -> None:
        """The flow's own ``on_cancel`` (nothing otherwise)."""
        hook = self._hook("on_cancel")
        if hook is not None:
            hook(ctx)

    def on_intent(self, ctx: Context, kind: str, detail: str) -> bool:
        """The flow's own ``on_intent`` (False otherwise)."""
        hook = self._hook("on_intent")
        return bool(hook(ctx, kind, detail)) if hook is not None else False

    def fits(self, ctx: Context) -> bool:
        """An old flow does not declare its steps: any stored step is taken as it is."""
        return True

    def enter(self, ctx: Context, step: str) -> None:
        """Move to ``step`` with no data and show it."""
        ctx.goto(self.name, step)
        self.inner.show(ctx)
