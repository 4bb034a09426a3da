"""Start of the vetting plugin's migration branch.

Revision ID: vetting_0001
Revises:
"""

revision = "vetting_0001"
down_revision = None
branch_labels = ("vetting",)
depends_on = "c0001"


def upgrade() -> None:
    """The branch's first tables arrive with the plugin's first models."""


def downgrade() -> None:
    """Nothing to undo."""
