"""What staff can do in a private chat with the bot: the commands and the flows they open."""

from __future__ import annotations

from dialogs.commands import Audience, Handler, handlers
from dialogs.core.context import Context
from dialogs.young.consent import CODE_PATTERN

# /command → handler(ctx, args), from the one declaration. Every handler checks the writer
# is staff of the case's service.
COMMANDS: dict[str, Handler] = handlers(Audience.STAFF)

HOME = "staff_home"  # not a flow: a member of staff with nothing under way


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
        role=ctx.text(f"staff.role.{member.role.value}"),
        service=service.name if service else "",
    )


def start(ctx: Context, code: str) -> None:
    """``/start`` from a member of staff (maybe with an invite's code): their help.

    Staff opening an invite (to test a new link, say) must not use it up: the young person
    would find it spent, and the member of staff would lose their commands.
    """
    if code and CODE_PATTERN.fullmatch(code) and ctx.uow.invites.by_code(code) is not None:
        ctx.say("invite.staff_kept")
    show_help(ctx)
