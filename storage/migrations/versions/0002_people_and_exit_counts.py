"""people and exit counts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 16:43:04.160705
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("relationship", sa.String(length=30), nullable=True),
        sa.Column("relationship_other", sa.Text(), nullable=True),
        sa.Column(
            "circle",
            sa.Enum(
                "family",
                "friends",
                "carers",
                "professionals",
                "community",
                name="personcircle",
                native_enum=False,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("closeness", sa.Integer(), nullable=True),
        sa.Column(
            "contact",
            sa.Enum(
                "in_touch",
                "lost_touch",
                "would_like_to_find",
                "no_contact",
                name="contactstatus",
                native_enum=False,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("may_contact", sa.Boolean(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index("ix_person_case", ["young_person_id", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_service_id"), ["service_id"], unique=False)

    with op.batch_alter_table("young_person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("final_people_count", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("final_close_count", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("left_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("young_person", schema=None) as batch_op:
        batch_op.drop_column("left_at")
        batch_op.drop_column("final_close_count")
        batch_op.drop_column("final_people_count")

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_service_id"))
        batch_op.drop_index("ix_person_case")

    op.drop_table("person")
