"""The CLI is robust: every error is one line on stderr, a non-zero exit, and nothing written.

Each case drives the real Typer app (``bot.cli.app``) with CliRunner, on a SQLite database
that already holds a service, a coordinator and an active case, and checks the database is
byte-for-byte the same afterwards.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from storage import crypto
from storage.db import Database
from storage.models import CaseStatus
from storage.uow import unit_of_work
from tests.conftest import TEST_KEY
from tests.support.cli import Cli
from tests.support.cli import cli as cli  # the fixture

GOOD_PLAN = """\
lead: Nan
first_review: {first}
items:
  - help: food
    what: Sunday dinners
    who: Nan
    how_often: every week
"""


@pytest.fixture
def world(cli: Cli) -> str:
    """A service, a coordinator and an active case; the case reference."""
    cli.ok("migrate")
    cli.ok("service", "create", "--slug", "kent", "--name", "Kent")
    cli.ok("staff", "add", "--service", "kent", "--telegram-id", "1001", "--name", "Sam")
    out = cli.ok("invite", "create", "--service", "kent", "--name", "Alex", "--dob", "2008-05-01")
    reference = out.split()[1]
    db = Database(f"sqlite:///{cli.db_path}")
    with unit_of_work(db) as uow:
        service_id = uow.cases.service_of_reference(reference)
        assert service_id is not None
        case = uow.cases.by_reference(service_id, reference)
        assert case is not None
        case.status = CaseStatus.ACTIVE
    db.dispose()
    return reference


def soon(days: int = 30) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def item(who: str = "Nan", extra: str = "") -> str:
    return f"items:\n  - help: food\n    who: {who}\n{extra}"


# --- plan import ------------------------------------------------------------------------


def test_a_good_plan_still_imports(cli: Cli, world: str) -> None:
    out = cli.ok("plan", "import", "--case", world, cli.plan_file(GOOD_PLAN.format(first=soon())))
    assert "1 items" in out


@pytest.mark.parametrize(
    ("source", "says"),
    [
        (item(who="9" * 5000), "number too long"),
        ("first_review: 2027-02-30\n" + item(), "day is out of range"),
        ("items: " + "[" * 2500 + "]" * 2500 + "\n", "nested too deeply"),
        ("items: " + "{a: " * 2500 + "}" * 2500 + "\n", "nested too deeply"),
        (item(who="true"), "must be words"),
        (item(who="12"), "must be words"),
        (item(extra="    who: Dev\n"), "the key 'who' appears twice"),
        ("lead: Nan\nlead: Dev\n" + item(), "the key 'lead' appears twice"),
        ("first_review: 1900-01-01\n" + item(), "first_review 1900-01-01 must be between"),
        ("first_review: 9999-12-31\n" + item(), "first_review 9999-12-31 must be between"),
        ("first_review: 1900\n" + item(), "must be a date"),
        (item(who='"\\u200b\\u200c\\u2060"'), "no visible letters"),
        (item(who='"Nan\\u202egnp.exe"'), "right-to-left"),
        (item(who='"Na\\0n"'), "control character"),
        (item(who='"Na\\x1b[31mn"'), "control character"),
        (item(extra='    what: "\\u2067"\n'), "right-to-left"),
        ("review_every: 99999999999999999999999d\n" + item(), "review_every must be"),
        ("review_every: 90\n" + item(), "review_every must be a duration"),
        (item().replace("food", "pizza"), "help must be one of"),
        (item(extra="    howoften: weekly\n"), "howoften is not something a plan has"),
        ("items: []\n", "at least one item"),
        (": : :\n", "not valid YAML"),
        ("- just\n- a list\n", "must be a mapping"),
    ],
)
def test_a_bad_plan_is_one_line_and_changes_nothing(
    cli: Cli, world: str, source: str, says: str
) -> None:
    cli.refused("plan", "import", "--case", world, cli.plan_file(source), says=says)


def test_a_plan_file_that_is_not_utf8_or_not_there(cli: Cli, world: str) -> None:
    latin1 = GOOD_PLAN.format(first=soon()).replace("Nan", "Ren\xe9e").encode("latin-1")
    cli.refused("plan", "import", "--case", world, cli.plan_file(latin1), says="not UTF-8")
    cli.refused("plan", "import", "--case", world, str(cli.tmp / "nope.yaml"), says="cannot read")
    cli.refused("plan", "import", "--case", world, str(cli.tmp), says="cannot read")
    huge = cli.plan_file("# " + "x" * 300_000 + "\n" + item())
    cli.refused("plan", "import", "--case", world, huge, says="larger than")


def test_names_in_any_script_with_emoji_are_fine(cli: Cli, world: str) -> None:
    source = (
        item(who='"👩\u200d👧 Mum"')
        + '  - help: talk\n    who: "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"\n'
    )
    out = cli.ok("plan", "import", "--case", world, cli.plan_file(source))
    assert "2 items" in out


# --- invites, staff, services -----------------------------------------------------------


def invite(*extra: str, name: str = "Alex", dob: str = "2008-05-01") -> list[str]:
    return ["invite", "create", "--service", "kent", "--name", name, "--dob", dob, *extra]


def test_an_impossible_age_is_refused_and_the_range_is_said(cli: Cli, world: str) -> None:
    today = date.today()
    aged_35 = today.replace(year=today.year - 35).isoformat()
    line = cli.refused(*invite(dob=aged_35), says="makes them 35")
    assert "aged 15 to 25" in line
    yesterday = (today - timedelta(days=1)).isoformat()
    cli.refused(*invite(dob=yesterday), says="makes them 0")
    cli.refused(*invite(dob=(today + timedelta(days=3)).isoformat()), says="not in the past")
    cli.refused(*invite(dob="2008-02-30"), says="not a date")
    aged_17 = today.replace(year=today.year - 17).isoformat()
    assert "case " in cli.ok(*invite(dob=aged_17))


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("\u200b\u200b\u200b", "no visible letters"),
        ("\ufeff", "no visible letters"),
        ("   ", "no visible letters"),
        ("Al\u202eex", "right-to-left"),
        ("Al\u2066ex", "right-to-left"),
        ("Al\x00ex", "control character"),
        ("Al\x07ex", "control character"),
        ("A" * 65, "longer than 64"),
    ],
)
def test_names_that_hide_or_disguise_themselves_are_refused(
    cli: Cli, world: str, name: str, says: str
) -> None:
    cli.refused(*invite(name=name), says=says)
    cli.refused(
        "staff", "add", "--service", "kent", "--telegram-id", "2002", "--name", name, says=says
    )
    cli.refused("service", "create", "--slug", "sussex", "--name", name, says=says)


def _staff(telegram_id: str) -> tuple[str, ...]:
    return ("staff", "add", "--service", "kent", "--telegram-id", telegram_id, "--name", "Jo")


def _service(*extra: str) -> tuple[str, ...]:
    return ("service", "create", "--slug", "sussex", "--name", "S", *extra)


def test_overflowing_numbers_are_refused(cli: Cli, world: str) -> None:
    huge = "9" * 25
    cli.refused(*invite("--expires", f"{huge}d"), says="not a duration")
    cli.refused(*invite("--expires", "999999w"), says="expiry must be between")
    cli.refused(*_service("--review-every", f"{huge}w"), says="not a duration")
    cli.refused(*_staff(huge), says="at most 16 digits")
    cli.refused(*_staff("0"), says="positive")
    cli.refused(*invite("--coordinator", huge), says="--coordinator must be")
    cli.refused(*_service("--min-age", huge), says="minimum age")


def test_a_qr_folder_that_cannot_be_written(cli: Cli, world: str) -> None:
    blocker = cli.tmp / "a-file"
    blocker.write_text("not a folder")
    cli.refused(*invite("--qr-dir", str(blocker / "qr")), says="cannot write the QR code")
    cli.refused(*invite("--qr-dir", str(blocker)), says="cannot write the QR code")


def test_usage_errors_are_one_line(cli: Cli, world: str) -> None:
    cli.refused(*_staff("abc"), says="--telegram-id")
    cli.refused(*_staff("7"), "--role", "boss", says="boss")
    cli.refused("invite", "create", "--service", "kent", says="missing option")
    cli.refused("no-such-command", says="no-such-command")


def test_a_surprise_is_one_line_and_rolls_back(
    cli: Cli, world: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.cli

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom with a secret inside")

    monkeypatch.setattr(bot.cli, "bot_username", broken)
    line = cli.refused(*invite(), says="unexpected RuntimeError")
    assert "secret" not in line


# --- settings and the database ----------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL must be a SQLite or PostgreSQL URL"),
        ({"DATABASE_URL": "mysql://root:hunter2@db/x"}, "DATABASE_URL must be"),
        ({"DATABASE_URL": "sqlite:////no/such/folder/x.db"}, "cannot open the database"),
        ({"BOT_FRAMEWORK": "telegraf"}, "BOT_FRAMEWORK must be ptb or aiogram"),
        ({"PORT": "99999"}, "PORT must be a whole number"),
        ({"PORT": "eighty"}, "PORT must be a whole number"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL must be one of"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT must be text or json"),
        ({"ENCRYPTION_KEY": "not-a-key"}, "not a Fernet key"),
    ],
)
def test_bad_settings_are_one_line(cli: Cli, world: str, env: dict[str, str], says: str) -> None:
    for command in (["migrate"], invite(), ["keys", "rotate"]):
        line = cli.refused(*command, env=env, says=says)
        assert "hunter2" not in line


def test_a_database_password_is_never_shown(cli: Cli, world: str) -> None:
    env = {"DATABASE_URL": "postgresql://lifelinks:hunter2@127.0.0.1:1/lifelinks"}
    line = cli.refused("migrate", env=env, says="cannot open the database")
    assert "hunter2" not in line and "***" in line


def test_the_wrong_key_is_refused_before_anything_is_written(cli: Cli, world: str) -> None:
    wrong = {"ENCRYPTION_KEY": crypto.generate_key()}
    says = "ENCRYPTION_KEY cannot read the data already stored"
    cli.refused(*invite(), env=wrong, says=says)
    cli.refused(
        "staff",
        "add",
        "--service",
        "kent",
        "--telegram-id",
        "2002",
        "--name",
        "Jo",
        env=wrong,
        says=says,
    )
    cli.refused("keys", "rotate", env=wrong, says=says)
    cli.refused("run", env={**wrong, "TELEGRAM_BOT_TOKEN": "123456:" + "A" * 35}, says=says)
    rotated = {"ENCRYPTION_KEY": f"{crypto.generate_key()},{TEST_KEY}"}
    assert cli(*invite(), env=rotated).exit_code == 0  # the old key still in the ring: fine


def test_an_empty_database_takes_any_valid_key(cli: Cli) -> None:
    cli.ok("migrate")
    cli.ok("service", "create", "--slug", "kent", "--name", "Kent")
    other = {"ENCRYPTION_KEY": crypto.generate_key()}
    assert (
        cli(
            "staff", "add", "--service", "kent", "--telegram-id", "7", "--name", "Jo", env=other
        ).exit_code
        == 0
    )


def test_alembic_is_quiet_unless_verbose(cli: Cli) -> None:
    quiet = cli("migrate")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert cli("service", "create", "--slug", "kent", "--name", "Kent").stderr == ""
    loud = cli("--verbose", "migrate")
    assert loud.exit_code == 0 and "alembic" in loud.stderr


def test_json_errors_are_one_json_line(cli: Cli, world: str) -> None:
    import json

    result = cli(*invite("--json", name="\u200b"))
    assert result.exit_code == 2 and result.stderr == ""
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["ok"] is False
