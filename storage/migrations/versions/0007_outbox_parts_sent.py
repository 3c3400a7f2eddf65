"""outbox: how many parts of a long text were sent, in a column of its own

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 11:20:00

The progress of a long text used to be kept in ``last_error`` ("sent k/n parts; …"); rows
caught half-way at upgrade time keep their progress.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PROGRESS_PREFIX = "sent "


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("parts_sent", sa.Integer(), nullable=False, server_default="0")
        )
    outbox = sa.table(
        "outbox",
        sa.column("id", sa.Integer()),
        sa.column("last_error", sa.String()),
        sa.column("parts_sent", sa.Integer()),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(outbox.c.id, outbox.c.last_error).where(
            outbox.c.last_error.like(f"{_PROGRESS_PREFIX}%/% parts%")
        )
    ).all()
    for row_id, note in rows:
        done = note[len(_PROGRESS_PREFIX) :].split("/", 1)[0]
        if done.isdigit():
            bind.execute(
                sa.update(outbox).where(outbox.c.id == row_id).values(parts_sent=int(done))
            )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("parts_sent")
