"""Every "/" command, declared once: who it is for, its line in the menu, what it does.

The engine routes commands from here and the bot's command menus (``bot.menus``) list
them from here, so a command cannot be in one and missing from the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from dialogs.core.context import Context
from dialogs.core.registry import FlowName
from dialogs.staff import case_network, coordinator, plan_editor, report, team

Handler = Callable[[Context, str], None]  # (ctx, the command's arguments)


class Audience(StrEnum):
    """Who a command is for (one menu each)."""

    YOUNG_PERSON = "young_person"
    STAFF = "staff"
    GROUP = "group"


@dataclass(frozen=True)
class Command:
    """One command for one audience.

    ``description``: the catalogue key of its line in the "/" menu (None: not listed).
    ``handler``: what it does (None: the engine's own: /start, /help, /menu, /cancel, or
    the group's routing in :mod:`dialogs.staff.team`). ``suggested``: offered by
    "Did you mean /…?" for a near miss.
    """

    name: str
    audience: Audience
    description: str | None
    handler: Handler | None = None
    suggested: bool = True


def opens(flow: FlowName, step: str | None = None) -> Handler:
    """A handler that opens a flow at one of its entries."""

    def handler(ctx: Context, args: str) -> None:
        ctx.open(flow, step)

    return handler


_YP, _STAFF, _GROUP = Audience.YOUNG_PERSON, Audience.STAFF, Audience.GROUP

# In the order the menus list them.
COMMANDS: tuple[Command, ...] = (
    Command("menu", _YP, "cmd.menu"),
    Command("people", _YP, "cmd.people", opens(FlowName.PEOPLE, "list")),
    Command("plan", _YP, "cmd.plan", opens(FlowName.PLAN, "show")),
    Command("data", _YP, "cmd.data", opens(FlowName.PRIVACY, "menu")),
    Command("help", _YP, "cmd.help"),
    Command("cancel", _YP, "cmd.cancel"),
    Command("start", _YP, None),
    Command("caseload", _STAFF, "cmd.staff.caseload", coordinator.caseload),
    Command("case", _STAFF, "cmd.staff.case", case_network.case_summary),
    Command("newcase", _STAFF, "cmd.staff.newcase", coordinator.start_new_case),
    Command("plan", _STAFF, "cmd.staff.plan", plan_editor.start),
    Command("help", _STAFF, "cmd.staff.help"),
    Command("cancel", _STAFF, "cmd.staff.cancel"),
    Command("start", _STAFF, None),
    Command("menu", _STAFF, None),
    Command("link", _STAFF, None, team.link_command, suggested=False),
    Command("report", _STAFF, None, report.private_command, suggested=False),
    Command("link", _GROUP, "cmd.group.link"),
    Command("help", _GROUP, "cmd.group.help"),
)


def for_audience(audience: Audience) -> tuple[Command, ...]:
    """The commands of one audience, in menu order."""
    return tuple(command for command in COMMANDS if command.audience == audience)


def menu(audience: Audience) -> list[tuple[str, str]]:
    """(command, description key) for the audience's "/" menu."""
    return [
        (command.name, command.description)
        for command in for_audience(audience)
        if command.description is not None
    ]


def handlers(audience: Audience) -> dict[str, Handler]:
    """The commands of an audience that have a handler, by name."""
    return {
        command.name: command.handler
        for command in for_audience(audience)
        if command.handler is not None
    }


def suggestions(audience: Audience) -> tuple[str, ...]:
    """The names "Did you mean /…?" may offer to this audience."""
    return tuple(command.name for command in for_audience(audience) if command.suggested)
