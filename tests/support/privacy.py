"""Which rows belong to a case: the tables linked to a young person, and their keys."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy import select as sa_select
from sqlmodel import SQLModel

from storage.db import Database
from storage.models import YoungPerson
from storage.uow import unit_of_work


def linked_tables() -> dict[str, Table]:
    """Every table holding rows of a case: by young_person_id, or through a linked table."""
    tables = SQLModel.metadata.tables
    linked = {"young_person", "conversation_state"}  # the state is keyed by their chat
    linked |= {name for name, table in tables.items() if "young_person_id" in table.c}
    grew = True
    while grew:
        grew = False
        for name, table in tables.items():
            if name in linked:
                continue
            if any(fk.column.table.name in linked - {"young_person"} for fk in table.foreign_keys):
                linked.add(name)
                grew = True
    return {name: tables[name] for name in linked}


def held_ids(db: Database, table: Table, case: YoungPerson, known: dict[str, set[Any]]) -> set[Any]:
    """Primary keys of the rows of ``table`` that belong to ``case``."""
    key = next(iter(table.primary_key.columns))
    if table.name == "young_person":
        where = table.c.id == case.id
    elif table.name == "conversation_state":
        where = table.c.chat_id == case.telegram_user_id
    elif "young_person_id" in table.c:
        where = table.c.young_person_id == case.id
    else:
        fk = next(fk for fk in table.foreign_keys if fk.column.table.name in known)
        where = fk.parent.in_(known[fk.column.table.name] or {-1})
    with unit_of_work(db) as uow:
        return {row[0] for row in uow.session.execute(sa_select(key).where(where)).all()}


def section(held: dict[str, Any], path: str) -> list[Any]:
    """The entries at the dotted ``path`` of an export (none, one, or a list)."""
    value: Any = held
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
