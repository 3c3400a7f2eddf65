"""The monthly digest carries last month's outcome report: the chart, then both CSVs."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

from sqlmodel import col, select

from dialogs.core.clock import FakeClock
from dialogs.staff.admin import link_group
from scheduler.digest import monthly_digest_sweep
from storage.db import Database
from storage.models import GroupPurpose, OutboxMessage
from storage.uow import unit_of_work
from tests.support import report_world
from tests.support.report_world import CASES_CSV, check_png

KENT_MANAGERS = -200
SUSSEX_MANAGERS = -300


def _rows(db: Database, chat: int) -> list[tuple[str, str, str | None, bytes | None]]:
    with unit_of_work(db) as uow:
        rows = uow.session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.chat_id == chat)
            .order_by(col(OutboxMessage.id))
        ).all()
        return [
            (
                row.kind,
                row.method,
                row.filename,
                base64.b64decode(row.attachment) if row.attachment else None,
            )
            for row in rows
        ]


def test_the_digest_brings_last_months_report_once(db: Database) -> None:
    report_world.seed(db)
    clock = FakeClock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    with unit_of_work(db) as uow:
        link_group(uow, "kent", GroupPurpose.MANAGERS, KENT_MANAGERS, clock.now())
        link_group(uow, "sussex", GroupPurpose.MANAGERS, SUSSEX_MANAGERS, clock.now())
    assert monthly_digest_sweep(db, clock) == 2
    assert monthly_digest_sweep(db, clock) == 0  # once a month, files too
    kent = _rows(db, KENT_MANAGERS)
    assert [(kind, method, name) for kind, method, name, _ in kent] == [
        ("digest", "send", None),
        ("digest_report", "photo", "summary.png"),
        ("digest_report", "document", "summary.csv"),
        ("digest_report", "document", "cases.csv"),
    ]
    files = {name: data for _, _, name, data in kent if name and data}
    check_png(files["summary.png"])
    assert files["cases.csv"].decode() == CASES_CSV  # November, as worked out by hand
    sussex = {name: data for _, _, name, data in _rows(db, SUSSEX_MANAGERS) if name and data}
    assert b"SX," in sussex["cases.csv"] and b"KA," not in sussex["cases.csv"]


def test_a_month_with_no_cases_sends_the_digest_alone(db: Database) -> None:
    report_world.seed(db)
    clock = FakeClock(datetime(2026, 9, 1, 9, 0, tzinfo=UTC))  # August: no cases yet
    with unit_of_work(db) as uow:
        link_group(uow, "kent", GroupPurpose.MANAGERS, KENT_MANAGERS, clock.now())
    assert monthly_digest_sweep(db, clock) == 1
    assert [kind for kind, *_ in _rows(db, KENT_MANAGERS)] == ["digest"]
