"""The one place the outbox sender is wired to the domain's reactions.

Every construction site (``lifelinks run``, the playground, tests and benchmarks) takes its
reactions from here, so none can leave blocked users or lost groups unhandled.
"""

from __future__ import annotations

from dialogs.cases.membership import lose_group, move_group
from dialogs.cases.notify import mark_unreachable
from scheduler.reactions import DeliveryReactions


def domain_reactions() -> DeliveryReactions:
    """The reactions of ``dialogs/``: lose or follow a group, mark a case unreachable."""
    return DeliveryReactions(
        group_lost=lose_group,
        group_moved=move_group,
        person_unreachable=mark_unreachable,
    )
