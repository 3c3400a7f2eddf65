"""indexes for the review sweep

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 18:17:56.723282
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("action_token", schema=None) as batch_op:
        batch_op.create_index(
            "ix_action_token_case_action", ["young_person_id", "action"], unique=False
        )

    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.create_index(
            "ix_plan_due_open",
            ["next_review_at"],
            unique=False,
            postgresql_where=sa.text("overdue_since IS NULL"),
            sqlite_where=sa.text("overdue_since IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_plan_due_open",
            postgresql_where=sa.text("overdue_since IS NULL"),
            sqlite_where=sa.text("overdue_since IS NULL"),
        )

    with op.batch_alter_table("action_token", schema=None) as batch_op:
        batch_op.drop_index("ix_action_token_case_action")
