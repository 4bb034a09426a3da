"""A person keeps their shown name case-folded, so that a list of thousands is ordered by a
column in the database.

Revision ID: c0011
Revises: c0010
"""

import sqlalchemy as sa
from alembic import op

revision = "c0011"
down_revision = "c0010"
branch_labels = None
depends_on = None

NAME_KEY_TYPE = sa.String(400).with_variant(sa.String(400, collation="C"), "postgresql")


def name_key(honorific: str, name: str) -> str:
    """As ``core.models.people.name_key`` was written when this revision was."""
    return f"{honorific} {name}".strip().casefold()


person = sa.table(
    "person",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("honorific", sa.String),
    sa.column("name_key", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("name_key", NAME_KEY_TYPE, nullable=False, server_default=""))
    connection = op.get_bind()
    rows = connection.execute(sa.select(person.c.id, person.c.honorific, person.c.name)).all()
    if rows:
        connection.execute(
            sa.update(person).where(person.c.id == sa.bindparam("key_id")),
            [
                {"key_id": row.id, "name_key": name_key(row.honorific or "", row.name or "")}
                for row in rows
            ],
        )


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_column("name_key")
