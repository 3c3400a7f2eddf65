"""What staff can do in a private chat with the bot: the commands and the flows they open."""

from __future__ import annotations

from collections.abc import Callable

from dialogs import case_network, coordinator, plan_editor, report, team
from dialogs.context import Context
from dialogs.flow import Flow

# /command → handler(ctx, args). Every handler checks the writer is staff of the case's service.
COMMANDS: dict[str, Callable[[Context, str], None]] = {
    "caseload": coordinator.caseload,
    "case": coordinator.case_summary,
    "newcase": coordinator.start_new_case,
    "plan": plan_editor.start,
    "link": team.link_command,
    "report": report.private_command,
}

HOME = "staff_home"  # not a flow: a member of staff with nothing under way

FLOWS: dict[str, Flow] = {
    coordinator.NEW_CASE_FLOW: coordinator.NewCaseFlow(),
    plan_editor.FLOW: plan_editor.PlanEditorFlow(),
    case_network.FLOW: case_network.CaseNetworkFlow(),
}


def show_help(ctx: Context) -> None:
    """Greet a member of staff and list what they can do (and forget any half-done flow)."""
    member = ctx.staff[0]
    service = ctx.uow.services.get(member.service_id)
    # A resting state (no flow) rather than none: it also records that this member of staff
    # has a private chat with the bot, so notes meant only for them can go there.
    ctx.goto(HOME, "idle")
    ctx.say(
        "staff.welcome",
        name=member.name,
        role=member.role.value,
        service=service.name if service else "",
    )
