"""An organisation kind for organisations created on the fly ("not yet set"), and a
participation status for an accreditation held by a confirmed screening match ("suspended").

Revision ID: c0005
Revises: c0004
"""

import sqlalchemy as sa
from alembic import op

revision = "c0005"
down_revision = "c0004"
branch_labels = None
depends_on = None

KINDS = (
    "delegation",
    "regional-body",
    "eu-institution",
    "un-agency",
    "nhri",
    "cso",
    "academia",
    "media",
    "other",
)
STATUSES = (
    "invited",
    "registered",
    "pending",
    "accredited",
    "rejected",
    "waitlisted",
    "withdrawn",
    "attended",
)


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _retype(table: str, column: str, name: str, old: tuple, new: tuple) -> None:
    """Widen or narrow the CHECK constraint of a non-native enum column (SQLite copies the
    table to change one; PostgreSQL replaces the constraint)."""
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(table, schema=None, recreate="always") as batch_op:
            batch_op.alter_column(
                column,
                existing_type=_enum(old, name),
                type_=_enum(new, name),
                existing_nullable=False,
            )
        return
    op.drop_constraint(name, table, type_="check")  # named after the enum, as c0001 made it
    values = ", ".join(f"'{value}'" for value in new)
    op.create_check_constraint(name, table, sa.text(f"{column} IN ({values})"))


def upgrade() -> None:
    _retype("organisation", "kind", "organisationkind", KINDS, (*KINDS, "not-set"))
    _retype("participation", "status", "participationstatus", STATUSES, (*STATUSES, "suspended"))


def downgrade() -> None:
    _retype("participation", "status", "participationstatus", (*STATUSES, "suspended"), STATUSES)
    _retype("organisation", "kind", "organisationkind", (*KINDS, "not-set"), KINDS)
