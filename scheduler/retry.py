"""The one way a call is tried again after it failed: growing waits, a few times or for ever.

Used wherever something is retried (the outbox recording a result, the poller storing and
fetching updates, the stand-in's webhook). Hand-written rather than tenacity on purpose: it
runs on every message's path (the outbox's mark), where a successful first try must cost
no more than the call itself; tenacity's loop costs tens of microseconds per call.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")

# (failures so far, the last error) -> seconds to wait before the next try.
Wait = Callable[[int, Exception], float]


def exponential(first: float, factor: float = 2.0, cap: float = math.inf) -> Wait:
    """Waits of ``first``, ``first × factor``, ``first × factor²``... seconds, at most ``cap``."""

    def wait(failures: int, _exc: Exception) -> float:
        return min(cap, first * factor ** (failures - 1))

    return wait


async def retry(
    call: Callable[[], Awaitable[T]],
    *,
    wait: Wait,
    attempts: int | None = None,
    on: tuple[type[Exception], ...] = (Exception,),
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    before_sleep: Callable[[Exception, float], object] | None = None,
) -> T:
    """Await ``call()`` until it succeeds, and return what it returned.

    After a failure of a type in ``on``, ``before_sleep(error, seconds)`` is told (to log it)
    and the next try waits ``wait(failures, error)`` seconds on ``sleep``. After ``attempts``
    tries (None: no limit) the last error is raised. Other errors, and cancellation, go
    through at once.
    """
    failures = 0
    while True:
        try:
            return await call()
        except on as exc:
            failures += 1
            if attempts is not None and failures >= attempts:
                raise
            delay = wait(failures, exc)
            if before_sleep is not None:
                before_sleep(exc, delay)
            await sleep(delay)
