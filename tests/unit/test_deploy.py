"""The deployment examples in ``deploy/`` use only commands and variables that exist.

The systemd units and ``compose.yaml`` are parsed; every ``lifelinks`` command line in them
must be one the CLI accepts (its ``--help`` runs), and every variable they give a worker must
be a setting (``bot.settings.Settings``). ``systemd-analyze verify`` checks the units where
it is installed. Docker is not available on the development machines, so the compose file is
only parsed here, never started.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import Settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = ("lifelinks@.service", "lifelinks-migrate.service")
SETTINGS = set(Settings.model_fields)
COMPOSE_ONLY = {"POSTGRES_PASSWORD", "PUBLIC_HOST"}  # read by compose itself, not the bot
VARIABLE = re.compile(r"\$\{([A-Z_]+)[^}]*\}")


def parse_unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """A systemd unit as section → key → values (keys may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def assert_cli_accepts(argv: list[str]) -> None:
    """``argv`` is ``lifelinks <command> ...``, and that command exists."""
    assert Path(argv[0]).name == "lifelinks", argv
    result = CliRunner().invoke(app, [*argv[1:], "--help"])
    assert result.exit_code == 0, (argv, result.output)


@pytest.mark.parametrize("name", UNITS)
def test_unit_runs_a_real_command_with_real_settings(name: str) -> None:
    unit = parse_unit(DEPLOY / name)
    service = unit["Service"]
    [exec_start] = service["ExecStart"]
    assert_cli_accepts(shlex.split(exec_start))
    for assignment in service.get("Environment", []):
        for pair in shlex.split(assignment):
            assert pair.split("=", 1)[0] in SETTINGS, pair
    assert service["EnvironmentFile"] == ["/etc/lifelinks/lifelinks.env"]


def test_worker_template_takes_its_port_from_the_instance() -> None:
    service = parse_unit(DEPLOY / "lifelinks@.service")["Service"]
    assert "PORT=%i" in service["Environment"]
    # A stable worker id per instance (bot.worker_id): a restart takes back its updates.
    assert "LIFELINKS_WORKER_ID=%H-%i" in service["Environment"]
    assert (
        "lifelinks-migrate.service"
        in parse_unit(DEPLOY / "lifelinks@.service")["Unit"]["Requires"][0].split()
    )


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_systemd_analyze_verifies_the_units(tmp_path: Path) -> None:
    # The real paths of this checkout stand in for /opt/lifelinks, so that verify can check
    # that ExecStart is executable; the unit text is otherwise unchanged.
    root = DEPLOY.parent
    lifelinks = shutil.which("lifelinks") or str(root / ".venv" / "bin" / "lifelinks")
    if not Path(lifelinks).exists():
        pytest.skip("the lifelinks console script is not installed")
    for name in UNITS:
        text = (DEPLOY / name).read_text()
        text = text.replace("/opt/lifelinks/.venv/bin/lifelinks", lifelinks)
        text = text.replace("/opt/lifelinks", str(root))
        (tmp_path / name).write_text(text)
    units = [str(tmp_path / "lifelinks@8081.service"), str(tmp_path / UNITS[1])]
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # Only complaints about these units count (the host's own units may have warnings).
    ours = [line for line in result.stderr.splitlines() if "lifelinks" in line]
    assert not ours, result.stderr


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return loaded


def _lifelinks_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: service
        for name, service in compose["services"].items()
        if str(service.get("image", "")).startswith("lifelinks")
    }


def test_compose_has_postgres_migration_and_several_workers() -> None:
    compose = _compose()
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:")
    ours = _lifelinks_services(compose)
    workers = [name for name, s in ours.items() if s["command"] == ["lifelinks", "run"]]
    assert len(workers) >= 2
    assert ours["migrate"]["command"] == ["lifelinks", "migrate"]
    for name in workers:
        assert ours[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    # The proxy sends requests to every worker, on the port each listens on.
    targets = services["proxy"]["command"]
    upstreams = [targets[i + 1] for i, arg in enumerate(targets) if arg == "--to"]
    ports = {ours[name]["environment"]["PORT"] for name in workers}
    assert sorted(upstreams) == sorted(f"{name}:{port}" for name in workers for port in ports)
    # Each worker has a hostname of its own: its worker id (<hostname>-<PORT>) is stable
    # across restarts and re-creation, and no two workers share one.
    hostnames = [ours[name].get("hostname") for name in workers]
    assert None not in hostnames and len(set(hostnames)) == len(workers)


def test_compose_commands_and_variables_exist() -> None:
    compose = _compose()
    for name, service in _lifelinks_services(compose).items():
        assert_cli_accepts(service["command"])
        environment = service["environment"]
        assert set(environment) <= SETTINGS, (name, set(environment) - SETTINGS)
        # The values compose fills in make settings the bot accepts.
        values = {
            key: VARIABLE.sub(lambda m: _example(m.group(1)), str(value))
            for key, value in environment.items()
        }
        settings = Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]
        assert settings.webhook_mode and settings.WEBHOOK_SECRET
        assert settings.DATABASE_URL.startswith("postgresql://")
    used = set(VARIABLE.findall((DEPLOY / "compose.yaml").read_text()))
    assert used <= SETTINGS | COMPOSE_ONLY, used - SETTINGS - COMPOSE_ONLY


def _example(variable: str) -> str:
    examples = {
        "TELEGRAM_BOT_TOKEN": "123456:EXAMPLE",
        "ENCRYPTION_KEY": "x" * 44,
        "BOT_FRAMEWORK": "ptb",
        "PUBLIC_HOST": "bot.example.org",
        "WEBHOOK_SECRET": "secret",
        "POSTGRES_PASSWORD": "password",
        "TZ_NAME": "Europe/London",
        "LOG_LEVEL": "INFO",
    }
    return examples[variable]


def test_dockerfile_runs_the_same_command() -> None:
    text = (DEPLOY / "Dockerfile").read_text()
    assert 'CMD ["lifelinks", "run"]' in text
