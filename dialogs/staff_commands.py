"""What staff can do in a private chat with the bot: the commands and the flows they open."""

from __future__ import annotations

from dialogs.commands import Audience, Handler, handlers
from dialogs.context import Context

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
