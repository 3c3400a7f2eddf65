"""Which conversation a worker is in with a young person right now, and alerts linked to it.

When the safety net raises an alert while a worker is talking with the young person in a
thread (a talk thread, a request, an alert), the alert is *linked* to that thread: their
words land where the worker is reading, and the alert's card says where to answer. The link
is kept in the alert's ``origin`` ("net:42"), so no new column is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.models import SupportRequest, YoungPerson
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
    found = uow.support.newest_written_in(case, now - LIVE_WINDOW)
    return LiveThread(*found) if found is not None else None


def last_staff_message(uow: UnitOfWork, request: SupportRequest) -> datetime | None:
    """When a worker last wrote in this thread (None when nobody has)."""
    return uow.relays.last_from_worker(request.id)


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
