"""Minutes: a published version keeps the SHA-256 of its public text (as a visitor downloads it)
and a keyed digest (HMAC) of its stored text, in place of the plain SHA-256 of the stored text,
whose mentions are participation ids and which a visitor could match by trying ids.

The old digest is dropped, not kept anywhere. The new ones need the application (the instance's
secret key, and the plugin's rendering with the visibility of each participant and the
sessions' Chatham House marks), which a migration does not have: each existing version gets
them on its first read (``plugins.minutes.publication.public_state``).

Revision ID: minutes_0004
Revises: minutes_0003
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "minutes_0004"
down_revision = "minutes_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("minutes_version") as batch:
        batch.add_column(sa.Column("text_hmac", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("public_sha256", sa.String(length=64), nullable=True))
        batch.drop_column("sha256")


def downgrade() -> None:
    # the plain digest of the stored text, as it was
    with op.batch_alter_table("minutes_version") as batch:
        batch.add_column(
            sa.Column("sha256", sa.String(length=64), nullable=False, server_default="")
        )
    table = sa.table("minutes_version", sa.column("id"), sa.column("text"), sa.column("sha256"))
    bind = op.get_bind()
    for row in bind.execute(sa.select(table.c.id, table.c.text)).all():
        digest = hashlib.sha256(row.text.encode("utf-8")).hexdigest()
        bind.execute(sa.update(table).where(table.c.id == row.id).values(sha256=digest))
    with op.batch_alter_table("minutes_version") as batch:
        batch.alter_column("sha256", server_default=None)
        batch.drop_column("public_sha256")
        batch.drop_column("text_hmac")
