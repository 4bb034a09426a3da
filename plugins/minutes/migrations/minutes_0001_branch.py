"""Start of the minutes plugin's migration branch.

Revision ID: minutes_0001
Revises:
"""

revision = "minutes_0001"
down_revision = None
branch_labels = ("minutes",)
depends_on = "c0001"


def upgrade() -> None:
    """The branch's first tables arrive with the plugin's first models."""


def downgrade() -> None:
    """Nothing to undo."""
