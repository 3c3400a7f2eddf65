"""A young person's threads with their team: what counts as one burst, and the Reply screen.

Shared by the support flow's thread handling (:mod:`dialogs.young.support`), alerts and talk
threads (:mod:`dialogs.safety.alerts`) and the answers to feelings (:mod:`dialogs.young.feelings`),
so none of them imports another for it.
"""

from __future__ import annotations

from datetime import timedelta

from dialogs.core import registry
from dialogs.core.context import Context
from dialogs.core.registry import FlowName
from storage.models import SupportRequest

BURST = timedelta(minutes=2)  # messages this close together share one thread and one "Sent"


def open_reply(ctx: Context, request: SupportRequest) -> None:
    """Write to the team in a request's (or talk thread's) thread: their next messages go there."""
    ctx.goto(FlowName.SUPPORT, "reply", {"request": request.id})
    assert ctx.state is not None
    ctx.state.thread = []  # the first message after this is confirmed
    registry.get(FlowName.SUPPORT).flow.show(ctx)
