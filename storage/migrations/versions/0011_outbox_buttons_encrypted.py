"""outbox: button labels encrypted at rest

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 22:20:00

Since every answer goes through the outbox, its rows carry buttons such as a person's name
in My people. Labels are personal data, so the column is encrypted like the text. Rows
written before this revision are encrypted in place (the keys are installed before any
migration runs: see ``bot.app.open_database``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage import crypto

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ROWS = sa.text("SELECT id, buttons FROM outbox WHERE buttons IS NOT NULL")
_SET = sa.text("UPDATE outbox SET buttons = :buttons WHERE id = :id")


def upgrade() -> None:
    bind = op.get_bind()
    for row_id, buttons in bind.execute(_ROWS).fetchall():
        if not crypto.readable(buttons):
            bind.execute(_SET, {"buttons": crypto.encrypt(buttons), "id": row_id})


def downgrade() -> None:
    bind = op.get_bind()
    for row_id, buttons in bind.execute(_ROWS).fetchall():
        if crypto.readable(buttons):
            bind.execute(_SET, {"buttons": crypto.decrypt(buttons), "id": row_id})
