"""outbox: photos and documents (every message the bot sends is an outbox row)

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-06 18:00:00

Answers to updates go through the outbox too, and some of them are a picture (the ecomap)
or a file (the data export): their bytes are kept, encrypted, until they are sent.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
# The lead re-chains this to "0009" when the inbox branch (which adds 0009) is merged.
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attachment", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("filename", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("filename")
        batch_op.drop_column("attachment")
