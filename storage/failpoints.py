"""Failpoints: kill the process at a named step of an update's life, for the fault matrix.

The proof suite (``tests/proof/test_faults.py``, see ``docs/proof.md``) starts a real
``lifelinks run`` with ``LIFELINKS_FAILPOINT=<name>`` or ``<name>:<n>`` in its environment.
The ``n``-th time (1 if not given) the product code passes :func:`hit` with that name, the
process sends itself ``SIGKILL``: no ``finally``, no flush, no clean shutdown, exactly like a
crash or ``kill -9``. Then the test restarts the process and counts what was lost or doubled.

The points, in the order an update lives through them:

- ``inbox.stored``: its batch is committed to the inbox; not yet acknowledged or handled.
- ``update.handled``: the engine has made its changes and queued its outbox rows; the
  transaction has not committed.
- ``update.committed``: the transaction committed; its rows are not yet given to the sender.
- ``outbox.sending``: an outbox row is claimed (``sending``); its request has not gone out.
- ``outbox.sent``: Telegram answered the request; the row is not yet marked ``sent``.

Without the variable (always, in production) :func:`hit` is one dictionary lookup.
"""

from __future__ import annotations

import os
import signal
import threading

ENV = "LIFELINKS_FAILPOINT"
POINTS = ("inbox.stored", "update.handled", "update.committed", "outbox.sending", "outbox.sent")


def parse(spec: str) -> dict[str, int]:
    """``"name"`` or ``"name:n"`` → ``{name: n}``; empty → ``{}``. Unknown names are refused."""
    spec = spec.strip()
    if not spec:
        return {}
    name, _, count = spec.partition(":")
    if name not in POINTS:
        raise ValueError(f"{ENV}: unknown failpoint {name!r} (known: {', '.join(POINTS)})")
    at = int(count) if count else 1
    if at < 1:
        raise ValueError(f"{ENV}: the hit number must be 1 or more")
    return {name: at}


_armed: dict[str, int] = parse(os.environ.get(ENV, ""))
_lock = threading.Lock()  # engine steps run in threads on PostgreSQL


def hit(name: str) -> None:
    """Count a pass through failpoint ``name``; SIGKILL this process on the armed pass."""
    if name not in _armed:
        return
    with _lock:
        _armed[name] -= 1
        if _armed[name] > 0:
            return
    os.kill(os.getpid(), signal.SIGKILL)
