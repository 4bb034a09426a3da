"""Start of the example plugin's migration branch: the example_note table.

Revision ID: example_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "example_0001"
down_revision = None
branch_labels = ("example",)
depends_on = "c0001"


def upgrade() -> None:
    op.create_table(
        "example_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dialogue_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["dialogue_id"],
            ["dialogue.id"],
            name=op.f("fk_example_note_dialogue_id_dialogue"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_example_note")),
    )
    op.create_index(
        op.f("ix_example_note_dialogue_id"), "example_note", ["dialogue_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_example_note_dialogue_id"), table_name="example_note")
    op.drop_table("example_note")
