"""``lifelinks report``: three files in a folder, the chart a real picture, bad input refused."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from dialogs.staff.report import build, last_month
from storage.db import Database
from storage.uow import unit_of_work
from tests.support import report_world
from tests.support.cli import Cli
from tests.support.cli import cli as cli  # the fixture
from tests.support.report_world import CASES_CSV, NOV, NOW, check_png


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    """The hand-computed world of tests/support/report_world.py, behind the CLI."""
    cli.ok("migrate")
    db = Database(f"sqlite:///{cli.db_path}")
    report_world.seed(db)
    db.dispose()
    return cli


def test_the_report_writes_three_files(seeded: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out" / "nov"
    stdout = seeded.ok(
        "report", "--service", "kent", "--from", "2026-11-01", "--to", "2026-11-30",
        "--out", str(out),
    )  # fmt: skip
    assert "7 cases" in stdout
    assert sorted(p.name for p in out.iterdir()) == ["cases.csv", "summary.csv", "summary.png"]
    assert (out / "cases.csv").read_text() == CASES_CSV
    summary = list(csv.reader((out / "summary.csv").open()))
    assert ["requests", "money", "5"] in summary
    check_png((out / "summary.png").read_bytes())
    for name in ("cases.csv", "summary.csv"):
        assert "Secret" not in (out / name).read_text()  # no first names


def test_the_chart_says_small_numbers_are_suppressed(db: Database) -> None:
    """The chart drawn from the same figures; its note is in the catalogue it renders."""
    report_world.seed(db)
    kent = report_world.service(db)
    with unit_of_work(db) as uow:
        files = build(uow, kent, NOV, NOW)
    check_png(files.chart_png)
    assert last_month(NOW) == NOV


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--service", "nowhere"), "no service with slug 'nowhere'"),
        (("--service", "kent", "--from", "2026-11-30", "--to", "2026-11-01"), "is after --to"),
        (("--service", "kent", "--from", "2026-02-30"), "is not a date"),
        (("--service", "kent", "--from", "2020-01-01", "--to", "2020-12-31"), "no cases"),
        (("--service", "kent", "--from", "2999-01-01"), "after today"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    seeded: Cli, tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    out = tmp_path / "out"
    seeded.refused("report", *args, "--out", str(out), says=says)
    assert not out.exists()


def test_an_unwritable_folder_is_refused(seeded: Cli, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    seeded.refused("report", "--service", "kent", "--out", str(a_file / "x"), says="not a folder")
    if os.geteuid() != 0:  # root writes anywhere
        locked.chmod(0o500)
        seeded.refused("report", "--service", "kent", "--out", str(locked), says="denied")
        assert list(locked.iterdir()) == []
