"""The safety net: every free-text message is checked for signs of danger first.

On a match the young person gets the emergency numbers at once and their team an URGENT
card (with the message only if they agreed to share); then the engine puts them back
where they were, with nothing they had entered lost.
"""

from __future__ import annotations

import logging

from dialogs.context import Context
from dialogs.notify import team_chat
from dialogs.safety import assess
from dialogs.texts import t
from storage.models import CaseStatus, ConsentPurpose

log = logging.getLogger(__name__)

ALERTABLE = (CaseStatus.JOINING, CaseStatus.ACTIVE, CaseStatus.DECLINED)


def intercept(ctx: Context, text: str) -> bool:
    """Answer a message that hints at danger; True when it did (the flow then skips it)."""
    match = assess(text)
    if match is None:
        return False
    # The rule id and category are safe to log; the message never is.
    log.warning(
        "safety net: %s signs (rule %s) in update %s",
        match.category.value,
        match.rule,
        ctx.event.update_id,
    )
    case = ctx.case
    chat_id = team_chat(ctx.uow, case) if case is not None and case.status in ALERTABLE else None
    if case is None or chat_id is None:
        ctx.say("crisis.reply.no_team")
        return True
    card = t(
        "crisis.card",
        ref=case.reference,
        name=case.first_name or "",
        category=t(f"crisis.category.{match.category.value}"),
    )
    if ctx.uow.consents.current(case).get(ConsentPurpose.SHARE, False):
        card += "\n\n" + t("crisis.card.message", message=text)
    ctx.uow.outbox.enqueue(
        chat_id=chat_id,
        text=card,
        kind="crisis.card",
        idempotency_key=f"crisis:{case.id}:{ctx.event.update_id}",
        now=ctx.now,
        service_id=case.service_id,
        young_person_id=case.id,
    )
    ctx.audit(f"crisis_{match.category.value}", case)
    ctx.say("crisis.reply")
    return True
