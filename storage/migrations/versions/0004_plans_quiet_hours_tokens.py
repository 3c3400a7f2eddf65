"""quiet hours, plan details, review drafts, action tokens

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 17:32:50.482178
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "action_token",
        sa.Column("token", sa.String(length=24), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_person.id"],
        ),
        sa.PrimaryKeyConstraint("token"),
    )
    with op.batch_alter_table("action_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_token_chat_id"), ["chat_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_action_token_service_id"), ["service_id"], unique=False
        )

    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_draft", sa.Text(), nullable=True))

    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("details", sa.Text(), nullable=True))

    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("quiet_start_hour", sa.Integer(), nullable=False, server_default="21")
        )
        batch_op.add_column(
            sa.Column("quiet_end_hour", sa.Integer(), nullable=False, server_default="9")
        )


def downgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_column("quiet_end_hour")
        batch_op.drop_column("quiet_start_hour")

    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.drop_column("details")

    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("review_draft")

    with op.batch_alter_table("action_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_token_service_id"))
        batch_op.drop_index(batch_op.f("ix_action_token_chat_id"))

    op.drop_table("action_token")
