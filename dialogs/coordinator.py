"""A coordinator's private chat: /caseload, /case <ref> and /newcase (being written)."""

from __future__ import annotations

from dialogs.context import Context
from dialogs.flow import ButtonsOnlyFlow

NEW_CASE_FLOW = "newcase"


def caseload(ctx: Context, args: str) -> None:
    """List the coordinator's young people."""
    raise NotImplementedError


def case_summary(ctx: Context, args: str) -> None:
    """Summarise one case of the coordinator's service."""
    raise NotImplementedError


def start_new_case(ctx: Context, args: str) -> None:
    """Start making an invite."""
    raise NotImplementedError


class NewCaseFlow(ButtonsOnlyFlow):
    """Asks for a first name and date of birth, then makes the invite link and QR code."""

    name = NEW_CASE_FLOW

    def show(self, ctx: Context) -> None:
        """Show the current step."""
        raise NotImplementedError

    def on_choice(self, ctx: Context, action: str) -> None:
        """Handle a button."""
        raise NotImplementedError
