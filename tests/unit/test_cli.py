"""The `lifelinks` command line: JSON output, clear errors, non-zero exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from storage.db import Database
from storage.repositories import hash_code
from storage.uow import unit_of_work
from tests.conftest import TEST_KEY


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "WEBHOOK_URL", "WEBHOOK_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/cli.db")
    monkeypatch.setenv("ENCRYPTION_KEY", TEST_KEY)
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, list(args))
        return result.exit_code, result.output

    return invoke


def head_revision_id() -> str | None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from storage.migrate import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config).get_current_head()


def as_json(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def test_full_setup_with_json(cli, tmp_path: Path) -> None:
    code, out = cli("migrate", "--json")
    result = as_json(out)
    assert code == 0 and result["from"] is None and result["to"] == head_revision_id()
    code, out = cli(
        "service",
        "create",
        "--slug",
        "kent",
        "--name",
        "Kent Lifelong Links",
        "--review-every",
        "12w",
        "--min-age",
        "16",
        "--json",
    )
    assert code == 0 and as_json(out) == {
        "ok": True,
        "slug": "kent",
        "name": "Kent Lifelong Links",
        "review_every_days": 84,
        "min_age": 16,
    }
    code, out = cli(
        "staff",
        "add",
        "--service",
        "kent",
        "--telegram-id",
        "1001",
        "--name",
        "Sam",
        "--role",
        "coordinator",
        "--json",
    )
    assert code == 0 and as_json(out)["role"] == "coordinator"
    code, out = cli(
        "invite",
        "create",
        "--service",
        "kent",
        "--name",
        "Alex",
        "--dob",
        "2008-05-01",
        "--coordinator",
        "1001",
        "--json",
    )
    assert code == 0, out
    result = as_json(out)
    assert result["link"].startswith("https://t.me/LifelinksPlaygroundBot?start=")
    payload = result["link"].split("start=")[1]
    assert 22 <= len(payload) <= 64 and payload.replace("-", "").replace("_", "").isalnum()
    assert Path(result["qr_png"]).read_bytes().startswith(b"\x89PNG")
    db = Database(f"sqlite:///{tmp_path}/cli.db")
    with unit_of_work(db) as uow:
        invite = uow.invites.by_code(payload)
        assert invite is not None and invite.code_hash == hash_code(payload)
    db.dispose()


def test_human_output_and_errors(cli) -> None:
    assert cli("migrate")[0] == 0
    code, out = cli("service", "create", "--slug", "kent", "--name", "Kent")
    assert code == 0 and "service 'kent' created" in out
    code, out = cli("service", "create", "--slug", "kent", "--name", "Kent again")
    assert code == 2 and "already exists" in out
    code, out = cli("invite", "create", "--service", "sussex", "--name", "A", "--dob", "2008-01-01")
    assert code == 2 and "unknown service 'sussex'" in out
    code, out = cli("invite", "create", "--service", "kent", "--name", "A", "--dob", "01/02/2008")
    assert code == 2 and "not a date" in out
    code, out = cli(
        "invite",
        "create",
        "--service",
        "kent",
        "--name",
        "A",
        "--dob",
        "2008-01-01",
        "--expires",
        "forever",
        "--json",
    )
    assert code == 2 and as_json(out) == {"ok": False, "error": as_json(out)["error"]}
    assert "not a duration" in as_json(out)["error"]
    code, out = cli(
        "staff", "add", "--service", "kent", "--telegram-id", "1", "--name", "S", "--role", "boss"
    )
    assert code == 2 and "boss" in out


def test_commands_need_a_migrated_database_and_a_key(cli, monkeypatch) -> None:
    code, out = cli("service", "create", "--slug", "kent", "--name", "Kent")
    assert code == 2 and "lifelinks migrate" in out
    monkeypatch.setenv("ENCRYPTION_KEY", "")
    code, out = cli("migrate")
    assert code == 2 and "ENCRYPTION_KEY is not set" in out


def test_run_without_token_points_to_the_playground(cli) -> None:
    code, out = cli("run")
    assert code == 2 and "lifelinks playground" in out


def test_help_lists_every_command(cli) -> None:
    code, out = cli("--help")
    assert code == 0
    for command in ("run", "playground", "migrate", "service", "staff", "invite", "keys"):
        assert command in out


def test_keys_generate(cli) -> None:
    code, out = cli("keys", "generate", "--json")
    assert code == 0 and len(as_json(out)["key"]) == 44


def test_keys_rotate(cli, monkeypatch) -> None:
    from storage import crypto

    cli("migrate")
    cli("service", "create", "--slug", "kent", "--name", "Kent")
    cli("staff", "add", "--service", "kent", "--telegram-id", "1001", "--name", "Sam")
    new = crypto.generate_key()
    monkeypatch.setenv("ENCRYPTION_KEY", f"{new},{TEST_KEY}")
    code, out = cli("keys", "rotate", "--json")
    assert code == 0 and as_json(out)["rewritten"] == 1
    assert as_json(out)["rotated"] == 1 and as_json(out)["skipped_changed"] == 0
    code, out = cli("keys", "rotate", "--json")  # again: nothing left to do
    assert code == 0 and as_json(out)["rotated"] == 0 and as_json(out)["already_current"] == 1
    code, out = cli("keys", "rotate")
    assert code == 0 and "re-encrypted 0 values" in out and "1 already current" in out
    monkeypatch.setenv("ENCRYPTION_KEY", crypto.generate_key())
    code, out = cli("keys", "rotate", "--json")
    assert code == 2 and "cannot read the data already stored" in as_json(out)["error"]
