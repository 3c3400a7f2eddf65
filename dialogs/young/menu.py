"""The main menu of an active young person, their choices (consent) and help."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from dialogs.cases.notify import notify_team
from dialogs.core.consent_text import consent_text_version
from dialogs.core.context import Context
from dialogs.core.registry import FlowName
from dialogs.core.table import Do, Lead, Open, Rows, Step, TableFlow, To
from dialogs.safety import alerts
from storage.models import ConsentPurpose, YoungPerson

FLOW = FlowName.MENU


class MenuStep(StrEnum):
    """The menu's screens."""

    MAIN = "main"
    CHOICES = "choices"
    HELP = "help"


@dataclass
class MenuData:
    """The menu keeps no data of its own."""


BACK_AND_MENU = [("btn.back", "back"), ("btn.menu", "menu")]


def open_menu(ctx: Context) -> None:
    """Go to the main menu and show it."""
    MENU.enter(ctx, MenuStep.MAIN)


def open_choices(ctx: Context) -> None:
    """Show the young person's consent choices with a way to change each."""
    MENU.enter(ctx, MenuStep.CHOICES)


def show_help(ctx: Context) -> None:
    """Go to the help screen (what the bot does, how to reach a person)."""
    MENU.enter(ctx, MenuStep.HELP)


def _choices_screen(ctx: Context, data: MenuData) -> tuple[Rows, Mapping[str, str]]:
    assert ctx.case is not None
    current = ctx.uow.consents.current(ctx.case)
    sharing = current.get(ConsentPurpose.SHARE, False)
    toggle = ("btn.share_off", "share_off") if sharing else ("btn.share_on", "share_on")
    params = {
        "use": _yes_no(ctx, current.get(ConsentPurpose.USE, False)),
        "share": _yes_no(ctx, sharing),
    }
    return [[toggle], [("btn.use_off", "use_off")], BACK_AND_MENU], params


def _talk(ctx: Context, data: MenuData, action: str) -> None:
    if not alerts.open_talk(ctx, "contact" if action == "contact_me" else "talk"):
        MENU.show(ctx)


def _set_sharing(ctx: Context, data: MenuData, action: str) -> None:
    assert ctx.case is not None
    on = action == "share_on"
    record_sharing(ctx, ctx.case, on)
    ctx.say("choices.share_on.done" if on else "choices.share_off.done")
    MENU.go(ctx, MenuStep.CHOICES)


TO_MENU = To(MenuStep.MAIN)
TALK: Do[MenuData] = Do(_talk)
SHARING: Do[MenuData] = Do(_set_sharing, leads_to=(To(MenuStep.CHOICES),))
TO_DATA = Open(FlowName.PRIVACY, "menu")

# Every menu screen answers the menu's buttons, whichever screen offered them.
COMMON: Mapping[str, Lead[MenuData]] = {
    "menu": TO_MENU,
    "back": TO_MENU,
    "people": Open(FlowName.PEOPLE, "list"),
    "plan": Open(FlowName.PLAN, "show"),
    "support": Open(FlowName.SUPPORT, "category"),
    "requests": Open(FlowName.SUPPORT, "list"),
    "data": TO_DATA,
    "choices": To(MenuStep.CHOICES),
    "use_off": Open(FlowName.PRIVACY, "delete_1"),
    "help": To(MenuStep.HELP),
    "share_on": SHARING,
    "share_off": SHARING,
    "talk": TALK,
    "contact_me": TALK,
}

TABLE: Mapping[StrEnum, Step[MenuData]] = {
    MenuStep.MAIN: Step(
        key="menu.title",
        buttons=[
            [("btn.people", "people"), ("btn.plan", "plan")],
            [("btn.support", "support"), ("btn.requests", "requests")],
            [("btn.data", "data"), ("btn.help", "help")],
            [("btn.crisis.talk", "talk")],
        ],
        leads={
            "people": COMMON["people"],
            "plan": COMMON["plan"],
            "support": COMMON["support"],
            "requests": COMMON["requests"],
            "data": TO_DATA,
            "help": To(MenuStep.HELP),
            "talk": TALK,
        },
    ),
    MenuStep.CHOICES: Step(
        key="choices.summary",
        screen=_choices_screen,
        leads={
            "share_on": SHARING,
            "share_off": SHARING,
            "use_off": COMMON["use_off"],
            "back": TO_DATA,  # My data, where the choices are
            "menu": TO_MENU,
        },
    ),
    MenuStep.HELP: Step(
        key="help.text",
        buttons=[[("btn.crisis.talk", "talk")], BACK_AND_MENU],
        leads={"talk": TALK, "back": TO_MENU, "menu": TO_MENU},
    ),
}


class MenuFlow(TableFlow[MenuData]):
    """Main menu and the screens it leads to."""

    name = FLOW
    steps = MenuStep
    start = MenuStep.MAIN
    data_type = MenuData
    table = TABLE
    common = COMMON
    entries = frozenset({MenuStep.MAIN, MenuStep.CHOICES, MenuStep.HELP})


MENU = MenuFlow()


def _yes_no(ctx: Context, value: bool) -> str:
    return ctx.text("choices.yes" if value else "choices.no")


def record_sharing(ctx: Context, case: YoungPerson, on: bool) -> None:
    """Record the sharing choice, audit it and tell the team (no words)."""
    ctx.uow.consents.record(case, ConsentPurpose.SHARE, on, consent_text_version(ctx.lang), ctx.now)
    action = "consent_share_on" if on else "consent_share_off"
    ctx.audit(action, case)
    notify_team(
        ctx.uow,
        case,
        "notify.share_on" if on else "notify.share_off",
        f"{action}:{case.id}:{ctx.now.isoformat()}",
        ctx.now,
    )
