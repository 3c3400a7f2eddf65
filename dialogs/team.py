"""The coordinators' and managers' groups (being written)."""

from __future__ import annotations

from dialogs.context import Context


def handle(ctx: Context) -> None:
    """Handle an update from a group chat."""
