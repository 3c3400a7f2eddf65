"""Logging that never shows tokens, message text or database passwords."""

from __future__ import annotations

import json
import logging
import re
import sys

# Bot tokens look like 123456789:AA...; they appear in Bot API URLs.
_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
_URL_PASSWORD = re.compile(r"(://[^:/@\s]+:)[^@\s]+@")


def redact(text: str) -> str:
    """Hide bot tokens and URL passwords in a log line."""
    return _URL_PASSWORD.sub(r"\1***@", _TOKEN.sub("<token>", text))


class RedactingFormatter(logging.Formatter):
    """Plain text lines, redacted."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line, redacted."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, str | None] = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            payload["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
        return redact(json.dumps(payload))


def setup_logging(level: str = "INFO", fmt: str = "text") -> None:
    """Configure the root logger once for the process."""
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every request URL, and Bot API URLs contain the token.
    for noisy in ("httpx", "httpcore", "apscheduler", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # At DEBUG the frameworks log every request's parameters, i.e. message text.
    for framework in ("telegram", "aiogram"):
        logging.getLogger(framework).setLevel(max(logging.INFO, root.level))
