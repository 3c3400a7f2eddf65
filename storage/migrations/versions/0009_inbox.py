"""inbox: every update stored (encrypted) before it is acknowledged

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 17:50:00

Polling moves the offset, and the webhook answers 200, only after the update is in this
table; handling reads from it, so updates stored but not handled survive a restart.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbox_update",
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("update_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=40), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=True),
        sa.PrimaryKeyConstraint("bot_id", "update_id"),
    )
    op.create_index(
        "ix_inbox_update_waiting", "inbox_update", ["bot_id", "handled_at", "update_id"]
    )
    op.create_index("ix_inbox_update_handled_at", "inbox_update", ["handled_at"])


def downgrade() -> None:
    op.drop_index("ix_inbox_update_handled_at", table_name="inbox_update")
    op.drop_index("ix_inbox_update_waiting", table_name="inbox_update")
    op.drop_table("inbox_update")
