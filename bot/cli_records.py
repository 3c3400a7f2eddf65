"""Record-keeping commands: `lifelinks audit`, `lifelinks backup`, `lifelinks service retention`.

Registered on the main app when :mod:`bot.cli` imports it. As everywhere in the
CLI, an error is one line and a non-zero exit, with nothing written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from sqlalchemy.engine import make_url

from bot.cli_base import JsonFlag, app, emit, fail, service_app, settings, transaction
from dialogs.core.clock import SystemClock
from dialogs.staff.admin import AdminError
from storage import audit
from storage.backup import BackupError, backup_sqlite
from storage.retention import check_months
from storage.uow import UnitOfWork

UK = ZoneInfo("Europe/London")


def _uk_time(line: audit.AuditLine) -> str:
    """The event's time as read in the UK (GMT or BST, said so)."""
    return line.at.astimezone(UK).strftime("%Y-%m-%d %H:%M %Z")


def _who(line: audit.AuditLine) -> str:
    if line.staff_telegram_id is None:
        return line.actor
    role = line.staff_role.value if line.staff_role is not None else "staff"
    return f"{line.actor} {line.staff_telegram_id} ({role})"


def _as_data(line: audit.AuditLine) -> dict[str, Any]:
    return {
        "at": line.at.isoformat(),
        "at_uk": _uk_time(line),
        "service": line.service,
        "case": line.case,
        "actor": line.actor,
        "staff_telegram_id": line.staff_telegram_id,
        "staff_role": line.staff_role.value if line.staff_role is not None else None,
        "action": line.action,
    }


def _as_text(line: audit.AuditLine) -> str:
    return f"{_uk_time(line)}  {line.case or line.service or '-'}  {_who(line)}  {line.action}"


@app.command("audit")
def audit_list(
    case: Annotated[
        str | None, typer.Option("--case", help="Case reference, e.g. KENT-7F3K2.")
    ] = None,
    staff: Annotated[
        int | None, typer.Option("--staff", help="A member of staff's Telegram user id.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List who did what to a case, or what a member of staff did (UK times, no content)."""
    if (case is None) == (staff is None):
        fail("give --case REF or --staff TELEGRAM_ID (one of them)", as_json)

    def action(uow: UnitOfWork) -> dict[str, Any]:
        if case is not None:
            found = uow.trail.case_id(case)
            if found is None:
                raise AdminError(f"no case {case.strip().upper()}")
            lines = uow.trail.for_case(found)
        else:
            assert staff is not None
            ids = uow.trail.staff_ids(staff)
            if not ids:
                raise AdminError(f"no member of staff has Telegram id {staff}")
            lines = uow.trail.for_staff(ids)
        return {
            "events": [_as_data(line) for line in lines],
            "text": "\n".join(_as_text(line) for line in lines),
        }

    result = transaction(as_json, action)
    text = result.pop("text")
    emit(as_json, result, text or "no events")


# --- service retention -----------------------------------------------------------------------
@service_app.command("retention")
def service_retention(
    service: Annotated[str, typer.Option(help="Service slug.")],
    months: Annotated[
        int,
        typer.Option(help="Months a case is kept after it closes or the young person turns 25."),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Set how long a service keeps a case (24 months unless set)."""
    try:
        check_months(months)
    except ValueError as exc:
        fail(str(exc), as_json)

    def action(uow: UnitOfWork) -> dict[str, Any]:
        found = uow.services.by_slug(service)
        if found is None:
            raise AdminError(f"no service '{service}' (see: lifelinks service create)")
        was = found.retention_months
        found.retention_months = months
        audit.record(uow, "retention_set", SystemClock().now(), service_id=found.id)
        return {"service": service, "months": months, "was": was}

    result = transaction(as_json, action)
    emit(
        as_json,
        result,
        f"'{service}' keeps a case {months} months after it closes or the young person "
        f"turns 25 (was {result['was']})",
    )


# --- backup ----------------------------------------------------------------------------------
@app.command("backup")
def backup(
    out: Annotated[Path, typer.Option("--out", help="The backup file to write (a new file).")],
    as_json: JsonFlag = False,
) -> None:
    """Copy the SQLite database to a file while the bot runs (PostgreSQL: use pg_dump)."""
    config = settings(as_json)
    url = make_url(config.DATABASE_URL)
    if url.get_backend_name() == "postgresql":
        fail(
            "DATABASE_URL is PostgreSQL: back it up with pg_dump -Fc (see Backups in the README)",
            as_json,
        )
    try:
        made = backup_sqlite(url.database or "", out)
    except BackupError as exc:
        fail(str(exc), as_json)
    emit(
        as_json,
        {"out": str(out), "bytes": made},
        f"backup written to {out} ({made} bytes). Names in it stay encrypted: keep "
        "ENCRYPTION_KEY safe too, apart from the backup.",
    )
