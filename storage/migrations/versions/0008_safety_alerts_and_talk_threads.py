"""support requests: a kind (request, safety alert, talk) and an alert's crisis category

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 22:10:00

Safety alerts and "talk to someone" threads are support requests too, so they get the same
card, buttons, thread, relay and escalation. Existing rows are plain requests.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                sa.Enum(
                    "request", "alert", "talk", name="requestkind", native_enum=False, length=20
                ),
                nullable=False,
                server_default="request",
            )
        )
        batch_op.add_column(sa.Column("crisis_category", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("origin", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.drop_column("origin")
        batch_op.drop_column("crisis_category")
        batch_op.drop_column("kind")
