"""Configuration from the environment (and ``.env``), exactly as DESIGN §4 names it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.worker_id import PATTERN as WORKER_ID_PATTERN
from bot.worker_id import WORKER_ID_HELP, resolve_worker_id

DEFAULT_API_URL = "https://api.telegram.org"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DATABASE_DRIVERS = ("sqlite", "sqlite+pysqlite", "postgresql", "postgresql+psycopg")
DATABASE_HELP = (
    "DATABASE_URL must be a SQLite or PostgreSQL URL, e.g. sqlite:///./lifelinks.db "
    "or postgresql://user:password@host/lifelinks"
)
# What to say about each variable when its value is refused. Never the value itself: it may
# be a token or hold a password.
PROBLEMS = {
    "DATABASE_URL": DATABASE_HELP,
    "BOT_FRAMEWORK": "BOT_FRAMEWORK must be ptb or aiogram",
    "PORT": "PORT must be a whole number from 1 to 65535",
    "LOG_LEVEL": "LOG_LEVEL must be one of " + ", ".join(LOG_LEVELS),
    "LOG_FORMAT": "LOG_FORMAT must be text or json",
    "LIFELINKS_WORKER_ID": WORKER_ID_HELP,
}


class Settings(BaseSettings):
    """Every variable Lifelinks reads; `.env.example` documents each one."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=True)

    TELEGRAM_BOT_TOKEN: str | None = None
    TELEGRAM_API_URL: str = DEFAULT_API_URL
    DATABASE_URL: str = "sqlite:///./lifelinks.db"
    ENCRYPTION_KEY: str | None = None
    BOT_FRAMEWORK: Literal["ptb", "aiogram"] = "ptb"
    WEBHOOK_URL: str | None = None
    WEBHOOK_SECRET: str | None = None
    PORT: int = Field(default=8080, ge=1, le=65535)
    LOG_LEVEL: str = "INFO"
    LOG_FORMAT: Literal["text", "json"] = "text"
    # This worker's stable id (bot.worker_id); default <hostname>-<PORT>.
    LIFELINKS_WORKER_ID: str | None = None

    @field_validator("TELEGRAM_BOT_TOKEN", "WEBHOOK_URL", "WEBHOOK_SECRET", "ENCRYPTION_KEY")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("LIFELINKS_WORKER_ID")
    @classmethod
    def _worker_id(cls, value: str | None) -> str | None:
        value = (value or "").strip() or None
        if value is not None and not WORKER_ID_PATTERN.match(value):
            raise ValueError(WORKER_ID_HELP)
        return value

    @field_validator("TELEGRAM_API_URL")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("LOG_LEVEL")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(PROBLEMS["LOG_LEVEL"])
        return level

    @field_validator("DATABASE_URL")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        try:
            driver = make_url(value).drivername
        except (ArgumentError, ValueError):
            raise ValueError(DATABASE_HELP) from None
        if driver not in DATABASE_DRIVERS:
            raise ValueError(DATABASE_HELP)
        return value

    @property
    def webhook_mode(self) -> bool:
        """True when updates arrive by webhook instead of long polling."""
        return self.WEBHOOK_URL is not None

    @property
    def worker_id(self) -> str:
        """This worker's stable id: ``LIFELINKS_WORKER_ID``, else ``<hostname>-<PORT>``."""
        return resolve_worker_id(self.LIFELINKS_WORKER_ID, self.PORT)


def settings_problem(exc: ValidationError) -> str:
    """One line saying which variable is wrong and what it should be (never its value)."""
    error = exc.errors()[0]
    name = str(error["loc"][0]) if error["loc"] else "a setting"
    return PROBLEMS.get(name, f"{name} is not valid: {error['msg']}")
