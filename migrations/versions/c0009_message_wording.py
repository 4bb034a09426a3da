"""Message wording: the text organisers chose for each kind of e-mail of a dialogue.

Revision ID: c0009
Revises: c0008
"""

import sqlalchemy as sa
from alembic import op

revision = "c0009"
down_revision = "c0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "message_wording",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dialogue_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["dialogue_id"],
            ["dialogue.id"],
            name=op.f("fk_message_wording_dialogue_id_dialogue"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["user_account.id"],
            name=op.f("fk_message_wording_changed_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_wording")),
        sa.UniqueConstraint(
            "dialogue_id", "kind", name=op.f("uq_message_wording_dialogue_id_kind")
        ),
    )


def downgrade() -> None:
    op.drop_table("message_wording")
