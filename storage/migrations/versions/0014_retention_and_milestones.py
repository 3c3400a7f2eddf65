"""audit trail with who, retention per service, life milestones sent

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 06:30:00

- ``audit_event.staff_id``: which member of staff did it (rows before this have none).
- ``service.retention_months``: how long a case is kept after it closes or the young person
  turns 25 (24 for every existing service).
- ``milestone_sent``: the life milestones (18th, 21st, 25th birthdays and 3 months before
  each) already sent to each young person, so each goes once.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
# The lead re-chains this when merging the other revisions made in parallel.
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("retention_months", sa.Integer(), nullable=False, server_default="24")
        )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("staff_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_audit_event_staff_id", "staff", ["staff_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_audit_event_staff_id"), ["staff_id"], unique=False)
    op.create_table(
        "milestone_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("milestone", sa.String(length=10), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"]),
        sa.ForeignKeyConstraint(["young_person_id"], ["young_person.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("young_person_id", "milestone"),
    )
    with op.batch_alter_table("milestone_sent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_milestone_sent_service_id"), ["service_id"])
        batch_op.create_index(batch_op.f("ix_milestone_sent_young_person_id"), ["young_person_id"])


def downgrade() -> None:
    with op.batch_alter_table("milestone_sent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestone_sent_young_person_id"))
        batch_op.drop_index(batch_op.f("ix_milestone_sent_service_id"))
    op.drop_table("milestone_sent")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_staff_id"))
        batch_op.drop_constraint("fk_audit_event_staff_id", type_="foreignkey")
        batch_op.drop_column("staff_id")
    # Not batch mode: on SQLite that rebuilds the table, which the cases' foreign keys refuse.
    # SQLite 3.35+ and PostgreSQL both drop a plain column in place.
    op.execute("ALTER TABLE service DROP COLUMN retention_months")
