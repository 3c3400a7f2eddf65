"""The one retry helper: its waits, its limit, and what it lets through."""

from __future__ import annotations

import pytest

from scheduler.retry import exponential, retry


class Flaky:
    """Fails ``times`` times with ``error``, then answers ``"ok"``."""

    def __init__(self, times: int, error: Exception) -> None:
        self.times = times
        self.error = error
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.calls <= self.times:
            raise self.error
        return "ok"


def test_exponential_waits_grow_to_their_cap() -> None:
    wait = exponential(0.5, cap=30.0)
    assert [wait(n, ValueError()) for n in range(1, 9)] == [0.5, 1, 2, 4, 8, 16, 30, 30]
    assert [exponential(0.05, factor=4)(n, ValueError()) for n in (1, 2)] == [0.05, 0.2]


async def test_a_call_is_tried_again_after_each_wait_until_it_succeeds() -> None:
    slept: list[float] = []
    told: list[tuple[str, float]] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    call = Flaky(3, ValueError("no"))
    result = await retry(
        call,
        wait=exponential(1.0),
        sleep=sleep,
        before_sleep=lambda exc, delay: told.append((str(exc), delay)),
    )
    assert result == "ok" and call.calls == 4
    assert slept == [1.0, 2.0, 4.0]
    assert told == [("no", 1.0), ("no", 2.0), ("no", 4.0)]


async def test_after_its_attempts_the_last_error_is_raised() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    call = Flaky(5, ValueError("no"))
    with pytest.raises(ValueError):
        await retry(call, wait=exponential(0.05, factor=4), attempts=3, sleep=sleep)
    assert call.calls == 3 and slept == [0.05, 0.2]


async def test_errors_not_named_go_through_at_once() -> None:
    async def sleep(seconds: float) -> None:
        raise AssertionError("never waits")

    call = Flaky(1, KeyError("other"))
    with pytest.raises(KeyError):
        await retry(call, wait=exponential(1.0), on=(ValueError,), sleep=sleep)
    assert call.calls == 1


async def test_the_wait_can_follow_the_error() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    call = Flaky(1, ValueError("7"))
    await retry(call, wait=lambda _n, exc: float(str(exc)), sleep=sleep)
    assert slept == [7.0]
