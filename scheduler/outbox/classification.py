"""What a transport error means for a row: retry it, give it up, or react to it.

**429**: the chat (only that chat) waits ``retry_after``, the row keeps its place.  **5xx
and failures to connect**: the chat waits an exponential backoff with jitter; after
``max_attempts`` the row is ``failed``.  **A timeout or a dropped connection after the
request went out**: Telegram may have delivered it, so the row is ``failed``
("unconfirmed") rather than resent (at most once), unless the sender retries unconfirmed
sends.  **403**: the row fails and the domain reacts (a young person unreachable, a group
lost); **a group that moved**: the row fails and the group's links follow it.  **Other
400s**: the row fails, except an edit that changes nothing or a delete of a message gone
already, which did what was asked.  **Anything else**: it may have gone out, so the row
fails and is never resent.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from scheduler.transport import Blocked, ChatMoved, Rejected, RetryLater, Transient

MAX_ATTEMPTS = 8  # failed tries (5xx, connection) before a row is given up

# Exceptions (anywhere in the chain behind a Transient) meaning the request never left:
# retrying cannot double-send.  Ones meaning it left but no answer came back: it may have
# been delivered.  Named, not imported, so any HTTP client the adapters use is covered.
_NOT_SENT = frozenset(
    {
        "ConnectError",
        "ConnectTimeout",
        "ConnectionTimeoutError",  # aiohttp: no connection within the connect timeout
        "PoolTimeout",
        "ClientConnectorError",
        "ClientConnectorDNSError",
        "ClientConnectorCertificateError",
        "ConnectionRefusedError",
    }
)
_MAYBE_SENT = frozenset(
    {
        "ReadTimeout",
        "WriteTimeout",
        "ReadError",
        "WriteError",
        "RemoteProtocolError",
        "ServerDisconnectedError",
        "ServerTimeoutError",
        "SocketTimeoutError",
        "ClientOSError",
        "ClientPayloadError",
        "TimeoutError",
        "TimedOut",
    }
)


class Verdict(StrEnum):
    """What to do with a row whose send raised."""

    WAIT = "wait"  # 429: the chat waits retry_after, the row keeps its place
    RETRY = "retry"  # never reached Telegram: back off and try again (or give up)
    UNCONFIRMED = "unconfirmed"  # may have been delivered: give up, never resend
    BLOCKED = "blocked"  # 403: give up, the domain reacts
    MOVED = "moved"  # the group has a new chat id: give up, the domain reacts
    DONE = "done"  # rejected, but what was asked holds already (sent, in effect)
    REJECTED = "rejected"  # 400: give up
    UNKNOWN = "unknown"  # unexpected: it may have gone out, so give up


def classify(exc: Exception, method: str, retry_unconfirmed: bool = False) -> Verdict:
    """The verdict on a send of a row with ``method`` that raised ``exc``.

    ``retry_unconfirmed``: retry a send that may have been delivered (at least once) instead
    of giving it up (at most once).
    """
    if isinstance(exc, RetryLater):
        return Verdict.WAIT
    if isinstance(exc, Transient):
        if may_have_been_sent(exc) and not retry_unconfirmed:
            return Verdict.UNCONFIRMED
        return Verdict.RETRY
    if isinstance(exc, Blocked):
        return Verdict.BLOCKED
    if isinstance(exc, ChatMoved):
        return Verdict.MOVED
    if isinstance(exc, Rejected):
        if method == "edit" and "not modified" in str(exc).lower():
            return Verdict.DONE  # the message already says this
        if method == "delete" and "not found" in str(exc).lower():
            return Verdict.DONE  # someone deleted it already
        return Verdict.REJECTED
    return Verdict.UNKNOWN


def backoff(attempts: int, base: float, cap: float, rng: Callable[[], float]) -> float:
    """Seconds to wait after the ``attempts``-th failed try: doubling, capped, jittered."""
    delay: float = min(cap, base * 2 ** (attempts - 1))
    return delay * (0.5 + rng())  # jitter: half to one and a half times


def may_have_been_sent(exc: BaseException) -> bool:
    """Whether a transient failure may have happened after Telegram got the request.

    Walks the exception chain (an adapter's ``raise Transient(...) from None`` keeps the
    original error as ``__context__``).  A 5xx answer or a failure to connect means no;
    a read or write timeout or a dropped connection means maybe.  Unknown: no.
    """
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    maybe = False
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        name = type(current).__name__
        if name in _NOT_SENT:
            return False
        if name in _MAYBE_SENT:
            maybe = True
        stack.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return maybe
