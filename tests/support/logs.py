"""Capture every log line as the running bot would write it (``LOG_LEVEL=DEBUG``)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from bot.logging_setup import RedactingFormatter, setup_logging


class _Lines(logging.Handler):
    def __init__(self, lines: list[str]) -> None:
        super().__init__(logging.DEBUG)
        self.lines = lines
        self.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@contextmanager
def logged_lines(level: str = "DEBUG") -> Iterator[list[str]]:
    """The process's logging as ``setup_logging(level)`` makes it; yields the lines written.

    Everything the bot and its libraries log is in the list (with tracebacks), formatted as
    the bot formats it; the root logger is put back afterwards.
    """
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    saved_levels = {
        name: logging.getLogger(name).level
        for name in ("httpx", "httpcore", "apscheduler", "aiohttp.access", "telegram", "aiogram")
    }
    lines: list[str] = []
    setup_logging(level)
    root.handlers[:] = [_Lines(lines)]
    try:
        yield lines
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        for name, value in saved_levels.items():
            logging.getLogger(name).setLevel(value)
