"""What every flow (consent, menu, ...) provides to the engine."""

from __future__ import annotations

from typing import Protocol

from dialogs.context import Context


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
