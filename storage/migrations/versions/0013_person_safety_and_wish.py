"""person: safe / not safe / not sure, and the young person's wish for contact

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 06:20:00

Mobility mapping records, for each person, whether the team (with the young person) judges
them safe, and whether the young person wants contact. Both are optional: existing people
get NULL ("not recorded yet"), and nothing else about them changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "safety",
                sa.Enum(
                    "safe",
                    "not_safe",
                    "not_sure",
                    name="personsafety",
                    native_enum=False,
                    create_constraint=False,
                    length=20,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column(
                "wish",
                sa.Enum(
                    "want",
                    "maybe",
                    "no_contact",
                    name="contactwish",
                    native_enum=False,
                    create_constraint=False,
                    length=20,
                ),
                nullable=True,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("wish")
        batch_op.drop_column("safety")
