"""support requests and relays

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 18:37:51.058479
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "support_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=12), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "money",
                "housing",
                "food",
                "education_work",
                "health",
                "family_contact",
                "talk",
                "other",
                name="supportcategory",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "urgency",
            sa.Enum("today", "week", "whenever", name="urgency", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "sent",
                "picked_up",
                "answered",
                "closed",
                "withdrawn",
                name="requeststatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("media", sa.String(), nullable=False),
        sa.Column("share_text", sa.Boolean(), nullable=False),
        sa.Column("claimed_by_staff_id", sa.Integer(), nullable=True),
        sa.Column("card_outbox_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("picked_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("escalate_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["claimed_by_staff_id"],
            ["staff.id"],
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
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.create_index("ix_support_request_case", ["young_person_id", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_support_request_service_id"), ["service_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_support_request_status"), ["status"], unique=False)
        batch_op.create_index(
            "ix_support_request_unpicked",
            ["escalate_at"],
            unique=False,
            postgresql_where=sa.text("status = 'sent' AND escalated_at IS NULL"),
            sqlite_where=sa.text("status = 'sent' AND escalated_at IS NULL"),
        )

    op.create_table(
        "relay_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("support_request_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "card",
                "to_group",
                "to_young_person",
                "reply_prompt",
                "close_prompt",
                name="relayrole",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
        ),
        sa.ForeignKeyConstraint(
            ["support_request_id"],
            ["support_request.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "message_id"),
    )
    with op.batch_alter_table("relay_message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relay_message_service_id"), ["service_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_relay_message_support_request_id"), ["support_request_id"], unique=False
        )

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("method", sa.String(length=10), nullable=False, server_default="send")
        )
        batch_op.add_column(sa.Column("source_chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("source_message_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("target_message_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("target_outbox_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("force_reply", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("relay_request_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "relay_role",
                sa.Enum(
                    "card",
                    "to_group",
                    "to_young_person",
                    "reply_prompt",
                    "close_prompt",
                    name="relayrole",
                    native_enum=False,
                    length=20,
                ),
                nullable=True,
            )
        )

    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("urgent_response_minutes", sa.Integer(), nullable=False, server_default="60")
        )
        batch_op.add_column(
            sa.Column("normal_response_minutes", sa.Integer(), nullable=False, server_default="480")
        )
        batch_op.add_column(
            sa.Column("work_start_hour", sa.Integer(), nullable=False, server_default="9")
        )
        batch_op.add_column(
            sa.Column("work_end_hour", sa.Integer(), nullable=False, server_default="17")
        )


def downgrade() -> None:

    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_column("work_end_hour")
        batch_op.drop_column("work_start_hour")
        batch_op.drop_column("normal_response_minutes")
        batch_op.drop_column("urgent_response_minutes")

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("relay_role")
        batch_op.drop_column("relay_request_id")
        batch_op.drop_column("force_reply")
        batch_op.drop_column("target_outbox_id")
        batch_op.drop_column("target_message_id")
        batch_op.drop_column("source_message_id")
        batch_op.drop_column("source_chat_id")
        batch_op.drop_column("method")

    with op.batch_alter_table("relay_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relay_message_support_request_id"))
        batch_op.drop_index(batch_op.f("ix_relay_message_service_id"))

    op.drop_table("relay_message")
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_support_request_unpicked",
            postgresql_where=sa.text("status = 'sent' AND escalated_at IS NULL"),
            sqlite_where=sa.text("status = 'sent' AND escalated_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_support_request_status"))
        batch_op.drop_index(batch_op.f("ix_support_request_service_id"))
        batch_op.drop_index("ix_support_request_case")

    op.drop_table("support_request")
