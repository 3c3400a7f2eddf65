"""Drawing the ecomap off the event loop, for the outbox sender.

A :data:`Renderer` takes the stored render inputs (:mod:`.payload`) and returns the PNG.  Two
kinds, with the same result:

- :func:`render_in_thread`: a worker thread.  matplotlib's object API with one ``Figure`` per
  render and no ``pyplot`` state is safe there, but the drawing is mostly Python, so it holds
  the GIL for most of its time and the event loop only gets a turn at each switch interval.
- :class:`ProcessRenderer`: a pool of worker processes (started with ``forkserver`` where
  there is one, never ``fork`` from a process with threads).  The loop keeps its core; a render
  costs the bytes copied both ways.  ``benchmarks/bench_ecomap.py`` measures both.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

log = logging.getLogger(__name__)

Renderer = Callable[[bytes], Awaitable[bytes]]


def render_payload(data: bytes) -> bytes:
    """Draw the PNG from stored render inputs (top-level, so a process pool can call it)."""
    # Imported here: matplotlib is loaded by the first picture, not by every process that
    # merely wires a renderer up (the CLI, the sender).
    from dialogs.pictures.payload import decode
    from dialogs.pictures.render import render_ecomap

    people, labels = decode(data)
    return render_ecomap(people, labels)


# One drawing thread: renders side by side would only take turns at the GIL, and each would
# take the loop's turns too.
_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ecomap")


async def render_in_thread(data: bytes) -> bytes:
    """Draw the PNG in the drawing thread (one picture at a time)."""
    return await asyncio.get_running_loop().run_in_executor(_THREAD, render_payload, data)


def _warm_up() -> None:
    """Import matplotlib and load the fonts once per worker, before the first real render."""
    from dialogs.pictures.fonts import cached_font
    from dialogs.pictures.render import render_ecomap  # noqa: F401  (matplotlib, once)

    cached_font(12.0, False, False)


class ProcessRenderer:
    """Draws in worker processes; call it like :func:`render_in_thread`, :meth:`close` at the end.

    The pool starts on the first render.  A worker that dies (killed, out of memory) breaks
    the pool: that render fails (the sender then sends the words instead) and the next one
    starts a fresh pool.
    """

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context(
                "forkserver" if "forkserver" in methods else "spawn"
            )
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=context, initializer=_warm_up
            )
        return self._pool

    async def __call__(self, data: bytes) -> bytes:
        """Draw the PNG in a worker process."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor(), render_payload, data)
        except BrokenProcessPool:
            log.error("ecomap worker process died; starting a new one for the next picture")
            self.close()
            raise

    def close(self) -> None:
        """Stop the worker processes (renders in progress finish first)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
