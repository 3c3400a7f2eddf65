"""person_event: dated person events, so outcome reports can tell the network at joining

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 06:20:00

From now on every person added, changed (circle, closeness, contact, relationship), found
through a "would like to find" lead or removed is a dated row with ids and categories only.

Existing data: each person still on a case gets one ``added`` event at their ``created_at``,
marked ``backfilled``, holding their categories as they are at migration time. What cannot
be known for data older than this revision:

- how anyone's circle, closeness or contact changed before the migration (a person who is
  "in touch" now may have been "would like to find" when added, so leads found before the
  migration are not counted);
- people removed before the migration (deleted rows left no trace), so a network at joining
  can only be smaller than it really was;
- the networks of young people who deleted their data (only their final counts are kept).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _choice(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=20)


def upgrade() -> None:
    op.create_table(
        "person_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            _choice("personeventkind", "added", "changed", "found", "removed"),
            nullable=False,
        ),
        sa.Column("relationship", sa.String(length=30), nullable=True),
        sa.Column(
            "circle",
            _choice("personcircle", "family", "friends", "carers", "professionals", "community"),
            nullable=True,
        ),
        sa.Column("closeness", sa.Integer(), nullable=True),
        sa.Column(
            "contact",
            _choice("contactstatus", "in_touch", "lost_touch", "would_like_to_find", "no_contact"),
            nullable=True,
        ),
        sa.Column("backfilled", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_person_event_service_time", "person_event", ["service_id", "created_at"])
    op.create_index("ix_person_event_person", "person_event", ["person_id", "id"])
    op.create_index("ix_person_event_young_person_id", "person_event", ["young_person_id"])
    # One "added" event per person still on a case, when they were added (see the docstring).
    op.execute(
        "INSERT INTO person_event (service_id, young_person_id, person_id, kind, relationship,"
        " circle, closeness, contact, backfilled, created_at)"
        " SELECT service_id, young_person_id, id, 'added', relationship, circle, closeness,"
        " contact, true, created_at FROM person ORDER BY id"
    )


def downgrade() -> None:
    op.drop_index("ix_person_event_young_person_id", table_name="person_event")
    op.drop_index("ix_person_event_person", table_name="person_event")
    op.drop_index("ix_person_event_service_time", table_name="person_event")
    op.drop_table("person_event")
