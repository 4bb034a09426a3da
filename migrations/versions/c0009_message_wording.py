"""Message wording: the text organisers chose for each kind of e-mail of a dialogue.

Revision ID: c0009
Revises: c0008
"""

revision = "c0009"
down_revision = "c0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
