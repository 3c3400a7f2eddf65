"""Notes to a young person's team, queued in the outbox within the current transaction."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from dialogs.core.reader import team_chat_language
from dialogs.texts import t
from storage.models import GroupPurpose, RelayRole, YoungPerson
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


def team_chat(uow: UnitOfWork, case: YoungPerson) -> int | None:
    """Where notes about a case go: the service's coordinators group, else the coordinator."""
    group = uow.groups.chat_for(case.service_id, GroupPurpose.COORDINATORS)
    if group is not None:
        return group
    if case.coordinator_id is not None:
        staff = uow.staff.get(case.service_id, case.coordinator_id)
        if staff is not None and staff.active:
            return staff.telegram_user_id
    return None


def notify_team(
    uow: UnitOfWork,
    case: YoungPerson,
    key: str,
    idempotency_key: str,
    now: datetime,
    relay_to: int | None = None,
    **params: Any,
) -> bool:
    """Queue a note about ``case`` for its team; False when nobody can receive it.

    Notes carry the case reference and first name only, never what the young person wrote.
    With ``relay_to`` (a talk thread's id) a reply to the note reaches the young person.
    """
    chat_id = team_chat(uow, case)
    if chat_id is None:
        return False
    lang = team_chat_language(uow, case.service_id, chat_id)
    text = t(key, lang, ref=case.reference, name=case.first_name or "", **params)
    uow.outbox.enqueue(
        chat_id=chat_id,
        text=text,
        kind=key,
        idempotency_key=idempotency_key,
        now=now,
        service_id=case.service_id,
        young_person_id=case.id,
        relay=(relay_to, RelayRole.TO_GROUP) if relay_to is not None else None,
    )
    return True


UNREACHABLE_TEXT_KEY = "notify.unreachable"


def mark_unreachable(
    uow: UnitOfWork, case: YoungPerson, idempotency_key: str, now: datetime
) -> None:
    """The young person blocked the bot: mark the case and tell the team, on the change only."""
    if case.unreachable:
        return
    case.unreachable = True
    told = notify_team(uow, case, UNREACHABLE_TEXT_KEY, idempotency_key=idempotency_key, now=now)
    log.warning(
        "case %s is unreachable (blocked the bot); team %s",
        case.id,
        "told" if told else "has no chat to tell",
    )
