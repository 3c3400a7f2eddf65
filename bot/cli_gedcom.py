"""`lifelinks export-gedcom --case REF --out FILE.ged`: a young person's people for genogram
tools, as GEDCOM 5.5.1.

Names are personal data: they go only into the file asked for (never to the terminal or a
log), and only when the young person shares what they add with their team. Every refusal
is one line and a non-zero exit, with nothing written: the file is checked before the
database is read, written beside its place and moved there only when whole, and the audit
event is committed only with it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from bot.cli_base import JsonFlag, emit, fail, transaction
from dialogs.core.clock import SystemClock
from dialogs.staff import gedcom
from dialogs.staff.admin import AdminError
from dialogs.staff.case_network import REFERENCE
from dialogs.young.team_notes import sharing
from storage import audit
from storage.models import CaseStatus
from storage.uow import UnitOfWork


def check_out(out: Path, as_json: bool) -> None:
    """Refuse a file that cannot be written, before anything is read or stored."""
    if out.is_dir():
        fail(f"cannot write the genogram to {out}: it is a folder", as_json)
    folder = out.parent
    if not folder.is_dir():
        fail(f"cannot write the genogram to {out}: {folder} is not a folder", as_json)
    if not os.access(folder, os.W_OK | os.X_OK) or (out.exists() and not os.access(out, os.W_OK)):
        fail(f"cannot write the genogram to {out}: permission denied", as_json)


def _write_whole(out: Path, content: str) -> None:
    """Write ``content`` to ``out`` all at once: a half-written file never takes its place."""
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=".gedcom-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
        os.replace(temporary, out)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_gedcom(
    case: Annotated[str, typer.Option("--case", help="Case reference, e.g. KENT-7F3K2.")],
    out: Annotated[Path, typer.Option("--out", help="The GEDCOM file to write, e.g. alex.ged.")],
    as_json: JsonFlag = False,
) -> None:
    """Write a young person's people as GEDCOM 5.5.1 for genogram tools (Genopro and others)."""
    check_out(out, as_json)
    reference = case.strip().upper()

    def action(uow: UnitOfWork) -> dict[str, Any]:
        known = REFERENCE.fullmatch(reference) is not None
        service_id = uow.cases.service_of_reference(reference) if known else None
        found = uow.cases.by_reference(service_id, reference) if service_id is not None else None
        if found is None:
            raise AdminError(f"no case {reference}: check the reference (see /caseload)")
        if found.status == CaseStatus.LEFT:
            raise AdminError(f"{reference} deleted their data: there is nothing to export")
        if not sharing(uow, found):
            raise AdminError(
                f"{reference} does not share their people with their team (sharing is off), "
                "so no genogram can be exported"
            )
        now = SystemClock().now()
        people = uow.people.list(found)
        service = uow.services.get(found.service_id)
        content = gedcom.write(found, people, now, service.name if service else "")
        audit.record(uow, "gedcom_exported", now, case=found)
        try:
            _write_whole(out, content)
        except OSError as exc:
            raise AdminError(
                f"cannot write the genogram to {out}: {exc.strerror or type(exc).__name__}"
            ) from None
        return {"case": reference, "people": len(people), "out": str(out)}

    result = transaction(as_json, action)
    emit(
        as_json,
        result,
        f"genogram for {result['case']} ({result['people']} people) written to {result['out']}",
    )
