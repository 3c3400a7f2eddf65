"""A coordinator records a young person's plan with /plan <case ref> (being written)."""

from __future__ import annotations

from dialogs.context import Context
from dialogs.flow import ButtonsOnlyFlow

FLOW = "plan_editor"


def start(ctx: Context, args: str) -> None:
    """Open the plan editor for a case of the coordinator's service."""
    raise NotImplementedError


class PlanEditorFlow(ButtonsOnlyFlow):
    """Plan lead, items, review interval and first review date."""

    name = FLOW

    def show(self, ctx: Context) -> None:
        """Show the current step."""
        raise NotImplementedError

    def on_choice(self, ctx: Context, action: str) -> None:
        """Handle a button."""
        raise NotImplementedError
