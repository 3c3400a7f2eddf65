"""Re-encrypt every encrypted column with the newest key (``lifelinks keys rotate``)."""

from __future__ import annotations

from sqlalchemy import Table, Text, select, type_coerce, update
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables)
from storage.crypto import EncryptedText, rotate
from storage.db import Database

BATCH = 500


def encrypted_columns() -> list[tuple[Table, str]]:
    """Every (table, column) stored encrypted."""
    return [
        (table, column.name)
        for table in SQLModel.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, EncryptedText)
    ]


def rotate_all(db: Database) -> int:
    """Re-encrypt all values with the newest key; returns how many values were rewritten.

    Tokens are read and written raw (``type_coerce`` to Text skips the column's own
    encryption), in batches of one transaction each, so it can run while the bot is up and
    be run again safely.
    """
    rewritten = 0
    for table, name in encrypted_columns():
        keys = list(table.primary_key.columns)
        column = table.c[name]
        stmt = select(*keys, type_coerce(column, Text)).where(column.is_not(None))
        with db.engine.connect() as conn:
            rows = conn.execute(stmt.order_by(*keys)).all()
        for start in range(0, len(rows), BATCH):
            with db.engine.begin() as conn:
                for row in rows[start : start + BATCH]:
                    *ids, token = row
                    match = [key == ident for key, ident in zip(keys, ids, strict=True)]
                    fresh = type_coerce(rotate(str(token)), Text)
                    conn.execute(update(table).where(*match).values({name: fresh}))
                    rewritten += 1
    return rewritten
