"""a language on each young person and member of staff, a country on each service

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 18:00:00

- ``young_person.language``, ``staff.language``: the language they read (a catalogue's name,
  e.g. ``en`` or ``pt_BR``); NULL (every existing row) reads English.
- ``outbox.language``: the reader's language, for what the sender writes itself.
- ``service.country``: whose emergency numbers its young people are given; NULL is the UK.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
# The lead re-chains this when merging the other revisions made in parallel.
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LANGUAGE = ("young_person", "staff", "outbox")


def upgrade() -> None:
    for table in LANGUAGE:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("language", sa.String(length=16), nullable=True))
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(sa.Column("country", sa.String(length=2), nullable=True))


def downgrade() -> None:
    # Not batch mode: on SQLite that rebuilds the table, which other tables' foreign keys
    # refuse. SQLite 3.35+ and PostgreSQL both drop a plain column in place.
    op.execute("ALTER TABLE service DROP COLUMN country")
    for table in reversed(LANGUAGE):
        op.execute(f"ALTER TABLE {table} DROP COLUMN language")
