"""plans and reviews

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 17:09:09.077616
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("lead_person_id", sa.Integer(), nullable=True),
        sa.Column("review_every_days", sa.Integer(), nullable=False),
        sa.Column("next_review_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("nudges_sent", sa.Integer(), nullable=False),
        sa.Column("last_nudged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("overdue_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_person.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("young_person_id"),
    )
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_next_review_at"), ["next_review_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_plan_service_id"), ["service_id"], unique=False)

    op.create_table(
        "plan_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "money",
                "housing",
                "food",
                "education_work",
                "health",
                "moving_on",
                "birthdays_holidays",
                "talk",
                "family_time",
                "checking_in",
                name="helpkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("how_often", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan.id"],
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_item_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_item_service_id"), ["service_id"], unique=False)

    op.create_table(
        "plan_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("wellbeing", sa.Integer(), nullable=True),
        sa.Column("comments", sa.Text(), nullable=True),
        sa.Column("wants_contact", sa.Boolean(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan.id"],
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plan_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_review_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_review_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_review_service_id"), ["service_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("plan_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_review_service_id"))
        batch_op.drop_index(batch_op.f("ix_plan_review_plan_id"))
        batch_op.drop_index(batch_op.f("ix_plan_review_created_at"))

    op.drop_table("plan_review")
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_item_service_id"))
        batch_op.drop_index(batch_op.f("ix_plan_item_plan_id"))

    op.drop_table("plan_item")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_service_id"))
        batch_op.drop_index(batch_op.f("ix_plan_next_review_at"))

    op.drop_table("plan")
