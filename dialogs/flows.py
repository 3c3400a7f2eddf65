"""Every flow, registered by name: the one module that imports them all.

Flows open each other through :mod:`dialogs.core.registry`; this module fills it. Every flow is
described by a step table (:mod:`dialogs.core.table`), registered with the functions that open it
at its entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dialogs.core.context import Context
from dialogs.core.flow import Flow
from dialogs.core.registry import Entry, register, registered
from dialogs.core.table import TableFlow
from dialogs.safety import crisis_net
from dialogs.staff import case_network, coordinator, plan_editor
from dialogs.young import consent, menu, people, plan, privacy, support, support_flow


def _table(flow: TableFlow[Any], entries: Mapping[str, Entry] | None = None) -> None:
    """Register a flow with a step table; ``entries`` open steps that check first."""
    opened: dict[str, Entry] = {str(step): _opener(flow, step) for step in flow.entries}
    register(flow.name, flow, flow.start, {**opened, **(entries or {})})


def _opener(flow: TableFlow[Any], step: str) -> Entry:
    def enter(ctx: Context) -> None:
        flow.enter(ctx, step)

    return enter


_table(consent.JOIN)
_table(menu.MENU)
_table(
    people.PEOPLE,
    {people.PeopleStep.LIST: people.open_list, people.PeopleStep.NAME: people.start_add},
)
_table(privacy.PRIVACY)
_table(plan.PLAN, {plan.PlanStep.SHOW: plan.open_plan})
_table(plan.REVIEW, {plan.ReviewStep.ITEM: plan.start_review})
_table(
    support_flow.SUPPORT,
    {"category": support_flow.open_ask, "list": support.open_list},
)
_table(coordinator.NEW_CASE)
_table(plan_editor.PLAN_EDITOR)
_table(case_network.NETWORK)
_table(crisis_net.SAFETY)

# The engine's flows by stored name.
FLOWS: dict[str, Flow] = {name: entry.flow for name, entry in registered().items()}
