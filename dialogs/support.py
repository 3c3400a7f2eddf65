"""Asking for support (being written)."""

from __future__ import annotations

from dialogs.context import Context
from dialogs.flow import ButtonsOnlyFlow

FLOW = "support"


def is_reply_to_team(ctx: Context) -> bool:
    """Whether this message is meant for the young person's coordinator."""
    return False


def reply_to_team(ctx: Context) -> None:
    """Relay the message to the team."""


class SupportFlow(ButtonsOnlyFlow):
    """Ask for support and My requests."""

    name = FLOW

    def show(self, ctx: Context) -> None:
        """Show the current step."""

    def on_choice(self, ctx: Context, action: str) -> None:
        """Handle a button."""
