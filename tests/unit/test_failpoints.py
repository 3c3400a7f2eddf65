"""Failpoints: a no-op unless armed; armed, the n-th pass kills the process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from storage import failpoints


def test_parse() -> None:
    assert failpoints.parse("") == {}
    assert failpoints.parse("inbox.stored") == {"inbox.stored": 1}
    assert failpoints.parse(" outbox.sent:3 ") == {"outbox.sent": 3}
    with pytest.raises(ValueError, match="unknown failpoint"):
        failpoints.parse("nowhere")
    with pytest.raises(ValueError, match="1 or more"):
        failpoints.parse("outbox.sent:0")


def test_unarmed_points_do_nothing() -> None:
    for name in failpoints.POINTS:
        failpoints.hit(name)  # this test process is still here


def test_the_nth_pass_kills_the_process() -> None:
    program = (
        "from storage import failpoints\n"
        "for n in range(1, 4):\n"
        "    print(n, flush=True)\n"
        "    failpoints.hit('update.committed')\n"
    )
    env = {**os.environ, failpoints.ENV: "update.committed:2"}
    result = subprocess.run(
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == -signal.SIGKILL
    assert result.stdout.split() == ["1", "2"]
