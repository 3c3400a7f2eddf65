"""Words after a safety alert go to the alert (trial finding 3, issue 14).

Once the net has raised an alert, the young person has seen the crisis lines and the team an
URGENT card. What they write next ("wait no im not gonna do anything stupid") belongs on
that card, where the team is deciding what to do, not behind a "Who is this message for?"
that doesn't even list the alert. So an alert raised within :data:`ALERT_THREAD_WINDOW` and
still open is the thread their loose words go to, without asking, unless they have since
chosen another thread themselves (a *Reply*, Telegram's reply gesture, or the question).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from dialogs.cases.live_thread import last_staff_message
from storage.models import CaseStatus, RequestKind, SupportRequest, YoungPerson
from storage.uow import UnitOfWork

# Long enough for the minutes after a crisis reply (and a worker calling back), short enough
# that a chat hours later goes where the young person would expect.
ALERT_THREAD_WINDOW = timedelta(hours=2)
# Where in ``FlowState.thread`` a thread they chose themselves is marked.
CHOSEN_AT = 5


def fresh_alert(uow: UnitOfWork, case: YoungPerson, now: datetime) -> SupportRequest | None:
    """Their newest alert raised within :data:`ALERT_THREAD_WINDOW` and still open.

    Only for a young person who has joined: someone still joining, or who said no to Lifelinks
    keeping what they write, has their words kept off the team's threads.
    """
    if case.status != CaseStatus.ACTIVE:
        return None
    return uow.support.open_of_kind(case, RequestKind.ALERT, now - ALERT_THREAD_WINDOW)


def mark_chosen(thread: list[Any], now: datetime) -> list[Any]:
    """The burst memory, marked as a thread they chose themselves (at ``now``)."""
    padded = [*thread, *([None] * (CHOSEN_AT - len(thread)))]
    return [*padded[:CHOSEN_AT], now.isoformat()]


def carry_choice(old: list[Any], new: list[Any]) -> list[Any]:
    """Keep the "they chose it" mark while their words keep going to the same thread."""
    if len(old) > CHOSEN_AT and old[CHOSEN_AT] and old[:1] == new[:1]:
        return [*new[:CHOSEN_AT], old[CHOSEN_AT]]
    return new


def chosen_since(thread: list[Any], alert: SupportRequest) -> int | None:
    """The id of a thread they chose themselves after ``alert`` was raised, if any."""
    if len(thread) <= CHOSEN_AT or not thread[CHOSEN_AT] or thread[0] == alert.id:
        return None
    try:
        chosen_at = datetime.fromisoformat(str(thread[CHOSEN_AT]))
    except ValueError:
        return None
    raised = alert.created_at
    if raised.tzinfo is None:  # SQLite hands back naive UTC times
        raised = raised.replace(tzinfo=chosen_at.tzinfo)
    if chosen_at <= raised:
        return None
    return int(thread[0]) if isinstance(thread[0], int) else None


def relay_key(uow: UnitOfWork, request: SupportRequest) -> str:
    """How the team's thread introduces their words (trial of 7 December 2026, finding 6).

    On an alert nobody has written in yet, a lone "no" answers no one: the line says it came
    after the crisis numbers, so the worker reads it in context. Once a worker has written,
    their message is just above in the card's thread, and "replied" is true.
    """
    if request.kind == RequestKind.ALERT and last_staff_message(uow, request) is None:
        return "relay.from_yp.alert"
    return "relay.from_yp"
