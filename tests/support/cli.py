"""The ``lifelinks`` command line on a SQLite database of its own, for the CLI tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.conftest import TEST_KEY


class Cli:
    """The app with a prepared database in a temporary folder."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tmp = tmp_path
        self.monkeypatch = monkeypatch
        self.db_path = tmp_path / "cli.db"
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        return self.runner.invoke(app, list(args), env=env)

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.exit_code == 0, result.output
        return result.stdout

    def dump(self) -> str:
        """Everything in the database, as SQL."""
        with sqlite3.connect(self.db_path) as conn:
            return "\n".join(conn.iterdump())

    def plan_file(self, text: str | bytes, name: str = "plan.yaml") -> str:
        path = self.tmp / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return str(path)

    def refused(self, *args: str, env: dict[str, str] | None = None, says: str = "") -> str:
        """Run a command that must fail cleanly; returns its one error line."""
        before = self.dump()
        result = self(*args, env=env)
        lines = result.stderr.strip().splitlines()
        assert result.exit_code != 0, result.output
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("error: "), lines
        assert "Traceback" not in result.output and "Traceback" not in result.stderr
        assert says.lower() in lines[0].lower(), lines[0]
        assert self.dump() == before, "the database changed"
        return lines[0]


def shell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **env: str) -> Cli:
    """The app on a SQLite database of its own in ``tmp_path``, run from there, with ``env``."""
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "WEBHOOK_URL", "WEBHOOK_SECRET", "BOT_FRAMEWORK", "PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("ENCRYPTION_KEY", TEST_KEY)
    return Cli(tmp_path, monkeypatch)


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The app on a SQLite database of its own, logging at INFO."""
    return shell(tmp_path, monkeypatch, LOG_LEVEL="INFO")
