"""The main menu of an active young person, their choices (consent) and help.

Steps of the ``menu`` flow: ``main``, ``choices``, ``help``.
"""

from __future__ import annotations

from dialogs.consent_text import consent_text_version
from dialogs.context import Context
from dialogs.flow import ButtonsOnlyFlow
from dialogs.notify import notify_team
from dialogs.texts import t
from storage.models import ConsentPurpose, YoungPerson

FLOW = "menu"
BACK_AND_MENU = [("btn.back", "back"), ("btn.menu", "menu")]


def open_menu(ctx: Context) -> None:
    """Go to the main menu and show it."""
    ctx.goto(FLOW, "main")
    MenuFlow().show(ctx)


def open_choices(ctx: Context) -> None:
    """Show the young person's consent choices with a way to change each."""
    ctx.goto(FLOW, "choices")
    MenuFlow().show(ctx)


def show_help(ctx: Context) -> None:
    """Go to the help screen (what the bot does, how to reach a person)."""
    ctx.goto(FLOW, "help")
    MenuFlow().show(ctx)


class MenuFlow(ButtonsOnlyFlow):
    """Main menu and the screens it leads to."""

    name = FLOW

    def show(self, ctx: Context) -> None:
        """Show the current menu screen."""
        assert ctx.state is not None
        step = ctx.state.step
        if step == "choices":
            assert ctx.case is not None
            current = ctx.uow.consents.current(ctx.case)
            sharing = current.get(ConsentPurpose.SHARE, False)
            toggle = ("btn.share_off", "share_off") if sharing else ("btn.share_on", "share_on")
            ctx.ask(
                "choices.summary",
                [[toggle], [("btn.use_off", "use_off")], BACK_AND_MENU],
                use=_yes_no(current.get(ConsentPurpose.USE, False)),
                share=_yes_no(sharing),
            )
        elif step == "help":
            ctx.ask("help.text", [[("btn.crisis.talk", "talk")], BACK_AND_MENU])
        else:
            ctx.ask(
                "menu.title",
                [
                    [("btn.people", "people"), ("btn.plan", "plan")],
                    [("btn.support", "support"), ("btn.requests", "requests")],
                    [("btn.data", "data"), ("btn.help", "help")],
                    [("btn.crisis.talk", "talk")],
                ],
            )

    def on_choice(self, ctx: Context, action: str) -> None:
        """Move between menu screens and act on them."""
        # Imported here: those flows come back to this menu, so they import this module.
        from dialogs import people, plan, privacy, support

        assert ctx.case is not None and ctx.state is not None
        if action == "back" and ctx.state.step == "choices":
            privacy.open_data_menu(ctx)
        elif action in ("menu", "back"):
            open_menu(ctx)
        elif action == "people":
            people.open_list(ctx)
        elif action == "plan":
            plan.open_plan(ctx)
        elif action == "support":
            support.open_ask(ctx)
        elif action == "requests":
            support.open_list(ctx)
        elif action == "data":
            privacy.open_data_menu(ctx)
        elif action == "choices":
            open_choices(ctx)
        elif action == "use_off":
            privacy.start_delete(ctx)
        elif action == "help":
            show_help(ctx)
        elif action in ("share_on", "share_off"):
            self._set_sharing(ctx, ctx.case, action == "share_on")
        elif action in ("talk", "contact_me"):
            from dialogs import alerts

            if not alerts.open_talk(ctx, "contact" if action == "contact_me" else "talk"):
                self.show(ctx)

    def _set_sharing(self, ctx: Context, case: YoungPerson, on: bool) -> None:
        record_sharing(ctx, case, on)
        ctx.say("choices.share_on.done" if on else "choices.share_off.done")
        ctx.goto(FLOW, "choices")
        self.show(ctx)


def _yes_no(value: bool) -> str:
    return t("choices.yes" if value else "choices.no")


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
