"""``lifelinks report``: the outcome report of one service as CSVs and a chart in a folder.

Bad input (an unknown service, an empty period, ``--from`` after ``--to``, a folder that
cannot be written) is one line on stderr and a non-zero exit, with nothing written: the
files are made in memory first, then written to a temporary folder beside ``--out`` and
moved into place.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy.exc import SQLAlchemyError

from bot.cli_base import (
    JsonFlag,
    check_writable,
    database,
    database_problem,
    emit,
    fail,
    require_ready,
)
from dialogs.core.clock import SystemClock
from dialogs.staff.report import ReportError, build, parse_day, period_for
from storage import audit, crypto
from storage.uow import unit_of_work


def _write(out: Path, files: dict[str, bytes]) -> None:
    """Write every file or none: into a temporary folder first, then moved into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".report-", dir=out))
    try:
        for name, content in files.items():
            (staging / name).write_bytes(content)
        for name in files:
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def report(
    service: Annotated[str, typer.Option("--service", help="Service slug, e.g. kent.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the CSVs and the chart.")],
    first: Annotated[
        str | None, typer.Option("--from", help="First day, YYYY-MM-DD (default: the start).")
    ] = None,
    last: Annotated[
        str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (default: today).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Write the outcome report: cases.csv, summary.csv and summary.png (no names)."""
    try:
        start = parse_day(first) if first is not None else None
        end = parse_day(last) if last is not None else None
        if start is not None and end is not None and start > end:
            raise ReportError(f"--from {start} is after --to {end}: nothing to report")
    except ReportError as exc:
        fail(str(exc), as_json)
    check_writable(out, as_json, "the report")
    with database(as_json) as db:
        require_ready(db, as_json)
        now = SystemClock().now()
        try:
            with unit_of_work(db) as uow:
                found = uow.services.by_slug(service)
                if found is None:
                    raise ReportError(f"no service with slug '{service}'")
                period = period_for(found, start, end, now)
                files = build(uow, found, period, now)
                assert found.id is not None
                audit.record(uow, "report_made", now, service_id=found.id)
                # Inside the transaction: files that cannot be written leave no audit row.
                _write(out, files.named())
        except ReportError as exc:
            fail(str(exc), as_json)
        except crypto.KeyError_ as exc:
            fail(str(exc), as_json)
        except SQLAlchemyError as exc:
            fail(f"cannot read the database: {database_problem(exc)}", as_json)
        except OSError as exc:
            problem = exc.strerror or type(exc).__name__
            fail(f"cannot write the report to {out}: {problem}", as_json)
    figures = files.figures
    result: dict[str, Any] = {
        "service": service,
        "from": figures.period.first_day.isoformat(),
        "to": figures.period.last_day.isoformat(),
        "cases": len(figures.cases),
        "files": [str(out / name) for name in files.named()],
    }
    emit(
        as_json,
        result,
        f"report for '{service}' from {result['from']} to {result['to']}: "
        f"{result['cases']} cases\n" + "\n".join(result["files"]),
    )
