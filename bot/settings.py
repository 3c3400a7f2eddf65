"""Configuration from the environment (and ``.env``), exactly as DESIGN §4 names it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_API_URL = "https://api.telegram.org"


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
    TZ_NAME: str = "Europe/London"
    LOG_LEVEL: str = "INFO"
    LOG_FORMAT: Literal["text", "json"] = "text"

    @field_validator("TELEGRAM_BOT_TOKEN", "WEBHOOK_URL", "WEBHOOK_SECRET", "ENCRYPTION_KEY")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("TELEGRAM_API_URL")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @property
    def webhook_mode(self) -> bool:
        """True when updates arrive by webhook instead of long polling."""
        return self.WEBHOOK_URL is not None
