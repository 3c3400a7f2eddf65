"""Which conversation a worker is in with a young person right now, and alerts linked to it.

When the safety net raises an alert while a worker is talking with the young person in a
thread (a talk thread, a request, an alert), the alert is *linked* to that thread: their
words land where the worker is reading, and the alert's card says where to answer. The link
is kept in the alert's ``origin`` ("net:42"), so no new column is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select

from storage.models import RelayMessage, RelayRole, SupportRequest, YoungPerson
from storage.support import OPEN_STATUSES
from storage.uow import UnitOfWork

# A worker who wrote in a thread within this long is taken to be in the conversation now.
# Two hours: a chat that quiet is still one a worker comes back to ("I'll check on you after
# my meeting"), and it is well under a working half-day, so the young person is never told
# "I've told Sam now" about a worker who left hours ago (then the usual "back at 9" holds).
LIVE_WINDOW = timedelta(hours=2)
LINK = ":"


@dataclass(frozen=True)
class LiveThread:
    """An open thread a worker wrote in lately: the thread, who wrote last, and when."""

    request: SupportRequest
    staff_id: int
    wrote_at: datetime


def live_thread(uow: UnitOfWork, case: YoungPerson, now: datetime) -> LiveThread | None:
    """The open thread of theirs a worker wrote in within :data:`LIVE_WINDOW` (newest)."""
    row = uow.session.exec(
        select(SupportRequest, RelayMessage.staff_id, RelayMessage.created_at)
        .join(RelayMessage, col(RelayMessage.support_request_id) == col(SupportRequest.id))
        .where(
            SupportRequest.service_id == case.service_id,
            SupportRequest.young_person_id == case.id,
            col(SupportRequest.status).in_(OPEN_STATUSES),
            RelayMessage.role == RelayRole.TO_YOUNG_PERSON,
            col(RelayMessage.staff_id).is_not(None),
            RelayMessage.created_at >= now - LIVE_WINDOW,
        )
        .order_by(col(RelayMessage.created_at).desc(), col(RelayMessage.id).desc())
    ).first()
    if row is None:
        return None
    request, staff_id, wrote_at = row
    assert staff_id is not None
    return LiveThread(request, staff_id, wrote_at)


def last_staff_message(uow: UnitOfWork, request: SupportRequest) -> datetime | None:
    """When a worker last wrote in this thread (None when nobody has)."""
    return uow.session.exec(
        select(RelayMessage.created_at)
        .where(
            RelayMessage.support_request_id == request.id,
            RelayMessage.role == RelayRole.TO_YOUNG_PERSON,
            col(RelayMessage.staff_id).is_not(None),
        )
        .order_by(col(RelayMessage.created_at).desc())
    ).first()


def linked_origin(origin: str, thread: SupportRequest) -> str:
    """An alert's origin that also names the thread it was raised in ("net:42")."""
    return f"{origin}{LINK}{thread.id}"


def origin_kind(request: SupportRequest) -> str:
    """How the alert began (net, checkin...), without any link."""
    return (request.origin or "").split(LINK, 1)[0]


def linked_thread_id(request: SupportRequest) -> int | None:
    """The id of the thread an alert was raised in, when a worker was talking there."""
    _, sep, tail = (request.origin or "").partition(LINK)
    return int(tail) if sep and tail.isdigit() else None
