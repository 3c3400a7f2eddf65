"""Wiring: settings → database → runtime → the chosen framework adapter."""

from __future__ import annotations

import logging
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from bot.runtime import BotRuntime
from bot.settings import Settings
from dialogs.core.clock import Clock
from dialogs.pictures.worker import ProcessRenderer
from storage import crypto
from storage.db import Database, safe_url
from storage.migrate import current_revision, head_revision, upgrade

log = logging.getLogger(__name__)


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message says how to fix it."""


class Adapter(Protocol):
    """What `lifelinks run`, the playground and the tests need from a framework adapter."""

    def running(self) -> AbstractAsyncContextManager[None]:
        """Start receiving updates; stop cleanly when the block ends."""
        ...

    async def run_forever(self) -> None:
        """Run until cancelled."""
        ...


def open_database(settings: Settings) -> Database:
    """Install the encryption keys and open the database."""
    if not settings.ENCRYPTION_KEY:
        raise ConfigError(
            "ENCRYPTION_KEY is not set. Make one with `lifelinks keys generate` "
            "and put it in .env (see .env.example)."
        )
    try:
        crypto.configure_keys(settings.ENCRYPTION_KEY)
    except crypto.KeyError_ as exc:
        raise ConfigError(str(exc)) from exc
    return Database(settings.DATABASE_URL)


def ensure_schema(db: Database) -> None:
    """SQLite (one process) migrates itself; PostgreSQL must be migrated beforehand."""
    if not db.is_postgres:
        upgrade(db)
        return
    if current_revision(db) != head_revision(db):
        raise ConfigError(
            f"the database at {safe_url(db.url)} is not up to date: run `lifelinks migrate` first"
        )


def build_adapter(runtime: BotRuntime) -> Adapter:
    """The adapter named by BOT_FRAMEWORK."""
    framework = runtime.settings.BOT_FRAMEWORK
    if framework == "ptb":
        from bot.ptb import PtbAdapter

        return PtbAdapter(runtime)
    from bot.aiogram_ import AiogramAdapter

    return AiogramAdapter(runtime)


async def run_bot(settings: Settings, clock: Clock | None = None) -> None:
    """`lifelinks run`: the bot, its outbox sender, by polling or webhook, until stopped."""
    if not settings.TELEGRAM_BOT_TOKEN:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set (or use `lifelinks playground`)")
    if settings.WEBHOOK_URL and not settings.WEBHOOK_SECRET:
        raise ConfigError(
            "WEBHOOK_SECRET must be set with WEBHOOK_URL, so fake updates are refused"
        )
    db = open_database(settings)
    ensure_schema(db)
    # The ecomap is drawn in a worker process: a thread would share the GIL with the event
    # loop (benchmarks/bench_ecomap.py measures both).  It starts on the first picture.
    renderer = ProcessRenderer()
    runtime = BotRuntime(settings, db, clock, renderer=renderer)
    adapter = build_adapter(runtime)
    mode = "webhook" if settings.webhook_mode else "long polling"
    log.info("starting (%s, %s, database %s)", settings.BOT_FRAMEWORK, mode, safe_url(db.url))
    try:
        await adapter.run_forever()
    finally:
        renderer.close()
        db.dispose()
