"""Life milestones in the chats: a short, warm word to the young person and a card for the team.

At 18, 21 and 25 (and 3 months before each) the young person hears what changes, with a
way on (Ask for support, Menu); their coordinator gets a card to plan ahead. The scheduler
decides when (``scheduler.milestones``); this module says what.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from dialogs.cases.notify import team_chat
from dialogs.core.context import Context
from dialogs.core.reader import case_language, case_text, team_chat_language
from dialogs.texts import dates, t
from dialogs.young import menu, support_flow
from storage.milestones import ACTION, DAY, Milestone
from storage.models import YoungPerson
from storage.plans import TokenGrant, choice_data
from storage.uow import UnitOfWork

TOKEN_TTL = timedelta(days=30)
BUTTONS = (("btn.support", "support"), ("btn.menu", "menu"))
CARD_KEYS = {DAY: "milestone.card.day"}
SOON_CARD = "milestone.card.soon"

# The buttons on a milestone message (one token, a choice each; see dialogs.engine).
TOKEN_ACTIONS: dict[str, Callable[[Context], None]] = {
    f"{ACTION}.support": support_flow.open_ask,
    f"{ACTION}.menu": menu.open_menu,
}


def message_key(milestone: Milestone) -> str:
    """The catalogue key of the young person's message, e.g. ``milestone.18.soon``."""
    return f"milestone.{milestone.age}.{milestone.stage}"


def queue(
    uow: UnitOfWork, case: YoungPerson, milestone: Milestone, now: datetime, send_at: datetime
) -> None:
    """Queue the young person's message and their team's card, both to go at ``send_at``."""
    assert case.id is not None
    chat_id = case.telegram_user_id
    if chat_id is not None and not case.unreachable:
        [data] = uow.tokens.issue_many(
            [
                TokenGrant(
                    chat_id=chat_id,
                    service_id=case.service_id,
                    action=ACTION,
                    young_person_id=case.id,
                )
            ],
            now,
            TOKEN_TTL,
        )
        key = message_key(milestone)
        lang = case_language(case)  # theirs; the team's card below is English
        uow.outbox.enqueue(
            chat_id=chat_id,
            text=case_text(uow, case, key),
            kind=key,
            idempotency_key=f"milestone:{case.id}:{milestone.key}",
            now=now,
            not_before=send_at,
            buttons=[[(t(label, lang), choice_data(data, choice)) for label, choice in BUTTONS]],
            service_id=case.service_id,
            young_person_id=case.id,
        )
    team = team_chat(uow, case)
    if team is None:
        return
    card = CARD_KEYS.get(milestone.stage, SOON_CARD)
    team_lang = team_chat_language(uow, case.service_id, team)
    uow.outbox.enqueue(
        chat_id=team,
        # As every note about a case: the reference and first name only.
        text=t(
            card,
            team_lang,
            ref=case.reference,
            name=case.first_name or "",
            age=milestone.age,
            date=dates.long_date(milestone.birthday, team_lang),
            plan=t(f"milestone.plan.{milestone.age}", team_lang),
        ),
        kind=card,
        idempotency_key=f"milestone_card:{case.id}:{milestone.key}",
        now=now,
        not_before=send_at,
        service_id=case.service_id,
        young_person_id=case.id,
    )
