"""How delivery outcomes reach the domain: reactions injected into the outbox sender.

The sender learns things only Telegram can tell it: a young person blocked the bot, the bot
left a group, a group became a supergroup with a new chat id.  What that *means* (unlink the
group, send its work elsewhere, tell the team) belongs to ``dialogs/``; the sender only calls
the reactions it was given, each inside the transaction that marks the row failed.
:func:`scheduler.wiring.domain_reactions` builds the ones every construction site uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from storage.models import YoungPerson
from storage.uow import UnitOfWork

# (uow, chat_id, now, failed_row_id): the bot can no longer post in a group.
GroupLost = Callable[[UnitOfWork, int, datetime, int], object]
# (uow, chat_id, new_chat_id, now, failed_row_id): the group now has a new chat id.
GroupMoved = Callable[[UnitOfWork, int, int, datetime, int], object]
# (uow, case, idempotency_key, now): the young person blocked the bot.
PersonUnreachable = Callable[[UnitOfWork, YoungPerson, str, datetime], object]


@dataclass(frozen=True)
class DeliveryReactions:
    """The domain's answers to what a send found out, run in the sender's transaction."""

    group_lost: GroupLost
    group_moved: GroupMoved
    person_unreachable: PersonUnreachable
