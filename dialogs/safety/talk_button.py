"""*Talk to someone*: a button that works from any later screen too.

Its data is a long-lived token for this case (the safety net's own action), so it still
works on an old message; the safety net (:mod:`dialogs.safety.crisis_net`) answers it.
"""

from __future__ import annotations

from datetime import timedelta

from dialogs.core.context import Context
from storage.plans import TokenGrant, choice_data

SAFETY_ACTION = "safety"
SAFETY_TOKEN_TTL = timedelta(days=3650)


def safety_token(ctx: Context, category: str | None) -> str:
    """A long-lived token of the safety net's action for this case (``category``: the kind of
    danger a check-in was about, if any); its buttons add their choice to it."""
    case = ctx.case
    assert case is not None and case.id is not None
    grant = TokenGrant(
        chat_id=ctx.event.chat_id,
        service_id=case.service_id,
        action=SAFETY_ACTION,
        young_person_id=case.id,
        payload={"category": category},
    )
    [data] = ctx.uow.tokens.issue_many([grant], ctx.now, SAFETY_TOKEN_TTL)
    return data


def talk_row(ctx: Context) -> list[tuple[str, str]]:
    """A row with *Talk to someone*, a button that works from any later screen too."""
    return [("btn.crisis.talk", choice_data(safety_token(ctx, None), "talk"))]
