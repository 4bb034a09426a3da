"""Minutes: each recommendation counts its saves, so that two drafters editing it at once are
told rather than one overwriting the other.

Revision ID: minutes_0003
Revises: minutes_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "minutes_0003"
down_revision = "minutes_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("minutes_recommendation") as batch:
        batch.add_column(
            sa.Column("revision", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("minutes_recommendation") as batch:
        batch.drop_column("revision")
