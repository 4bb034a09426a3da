"""Start of the sessions plugin's migration branch.

Revision ID: sessions_0001
Revises:
"""

revision = "sessions_0001"
down_revision = None
branch_labels = ("sessions",)
depends_on = "c0001"


def upgrade() -> None:
    """The branch's first tables arrive with the plugin's first models."""


def downgrade() -> None:
    """Nothing to undo."""
