"""The flow registry: flows open each other by name, never by importing each other.

Every flow registers itself here under a :class:`FlowName`, with its start step and the
steps other flows may open it at (its entries). ``ctx.open(FlowName.PEOPLE, "list")``
looks the flow up here. :mod:`dialogs.flows` imports every flow once, so that the table is
complete whoever asks first.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dialogs.core.context import Context
    from dialogs.core.flow import Flow

# The module that imports every flow (and so registers them all).
ALL_FLOWS = "dialogs.flows"


class FlowName(StrEnum):
    """Every flow a chat can be in; the value is what the stored state says."""

    JOIN = "join"
    MENU = "menu"
    PEOPLE = "people"
    PRIVACY = "privacy"
    PLAN = "plan"
    REVIEW = "review"
    SUPPORT = "support"
    SAFETY = "safety"
    NEW_CASE = "newcase"
    PLAN_EDITOR = "plan_editor"
    CASE_NETWORK = "case_network"


Entry = Callable[["Context"], None]


@dataclass(frozen=True)
class Registered:
    """A flow as the registry knows it: where it starts and where others may open it.

    ``entries`` maps a step to the function that opens it (setting up the flow's data); a
    step without one is opened by moving there with fresh data and showing it.
    """

    flow: Flow
    start: str
    entries: Mapping[str, Entry] = field(default_factory=dict)

    def opens_at(self, step: str) -> bool:
        """Whether other flows may open this flow at ``step``."""
        return step == self.start or step in self.entries


_FLOWS: dict[str, Registered] = {}


def register(
    name: FlowName, flow: Flow, start: str, entries: Mapping[str, Entry] | None = None
) -> None:
    """Make a flow known under its name (a second registration replaces the first)."""
    _FLOWS[name] = Registered(flow=flow, start=start, entries=dict(entries or {}))


def registered() -> Mapping[str, Registered]:
    """Every registered flow by name (all of them: the list is loaded on first use)."""
    if not _FLOWS:
        importlib.import_module(ALL_FLOWS)
    return _FLOWS


def find(name: str) -> Registered | None:
    """The flow registered under ``name`` (a stored name may be unknown: None)."""
    return registered().get(name)


def get(name: FlowName) -> Registered:
    """The flow registered under a name every build has."""
    found = find(name)
    if found is None:
        raise LookupError(f"flow {name!s} is not registered")
    return found


def open_flow(ctx: Context, name: FlowName, step: str | None = None) -> None:
    """Move the chat into flow ``name`` at ``step`` (its start if None) and show it."""
    entry = get(name)
    at = step if step is not None else entry.start
    opener = entry.entries.get(at)
    if opener is not None:
        opener(ctx)
        return
    entry.flow.enter(ctx, at)
