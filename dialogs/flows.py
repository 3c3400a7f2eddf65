"""Every flow, registered by name: the one module that imports them all.

Flows open each other through :mod:`dialogs.registry`; this module fills it. A flow that
is not described by a step table yet is wrapped in :class:`dialogs.legacy.LegacyFlow`, with
the functions that open it at its entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dialogs import (
    case_network,
    consent,
    coordinator,
    crisis_net,
    menu,
    people,
    plan,
    plan_editor,
    privacy,
    support,
    support_flow,
)
from dialogs.context import Context
from dialogs.flow import Flow, OldFlow
from dialogs.legacy import LegacyFlow
from dialogs.registry import Entry, FlowName, register, registered
from dialogs.table import TableFlow


def _legacy(
    name: FlowName, flow: OldFlow, start: str, entries: Mapping[str, Entry] | None = None
) -> None:
    register(name, LegacyFlow(flow), start, entries)


def _table(flow: TableFlow[Any], entries: Mapping[str, Entry] | None = None) -> None:
    """Register a flow with a step table; ``entries`` open steps that check first."""
    opened: dict[str, Entry] = {str(step): _opener(flow, step) for step in flow.entries}
    register(flow.name, flow, flow.start, {**opened, **(entries or {})})


def _opener(flow: TableFlow[Any], step: str) -> Entry:
    def enter(ctx: Context) -> None:
        flow.enter(ctx, step)

    return enter


_legacy(FlowName.JOIN, consent.JoinFlow(), "use")
_table(menu.MENU)
_legacy(
    FlowName.PEOPLE,
    people.PeopleFlow(),
    "list",
    {"list": people.open_list, "name": people.start_add},
)
_legacy(
    FlowName.PRIVACY,
    privacy.PrivacyFlow(),
    "menu",
    {
        "menu": privacy.open_data_menu,
        "who": privacy.open_who_sees,
        "delete_1": privacy.start_delete,
    },
)
_table(plan.PLAN, {plan.PlanStep.SHOW: plan.open_plan})
_table(plan.REVIEW, {plan.ReviewStep.ITEM: plan.start_review})
_table(
    support_flow.SUPPORT,
    {"category": support_flow.open_ask, "list": support.open_list},
)
_table(coordinator.NEW_CASE)
_legacy(FlowName.PLAN_EDITOR, plan_editor.PlanEditorFlow(), "overview")
_table(case_network.NETWORK)

# The engine's flows by stored name; the safety flow shows any of them on "Back".
FLOWS: dict[str, Flow] = {}
_legacy(FlowName.SAFETY, crisis_net.SafetyFlow(FLOWS), "checkin")

FLOWS.update({name: entry.flow for name, entry in registered().items()})
