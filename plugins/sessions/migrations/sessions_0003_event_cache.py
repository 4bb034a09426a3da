"""Serialised calendar events, kept by the hash of what they are made of.

Revision ID: sessions_0003
Revises: sessions_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "sessions_0003"
down_revision = "sessions_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sessions_event_cache",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sessions_event_cache")),
    )
    op.create_index(
        op.f("ix_sessions_event_cache_created_at"),
        "sessions_event_cache",
        ["created_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_sessions_event_cache_created_at"), table_name="sessions_event_cache")
    op.drop_table("sessions_event_cache")
