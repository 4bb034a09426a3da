"""Non-engagement lists kept in Parley: lists, imported versions, entries with their history.

Revision ID: vetting_0002
Revises: vetting_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "vetting_0002"
down_revision = "vetting_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vetting_list",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vetting_list")),
        sa.UniqueConstraint("name", name=op.f("uq_vetting_list_name")),
    )
    op.create_table(
        "vetting_list_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.Column("source_format", sa.String(length=40), nullable=False),
        sa.Column("source_name", sa.String(length=500), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["imported_by_id"],
            ["user_account.id"],
            name=op.f("fk_vetting_list_version_imported_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["vetting_list.id"],
            name=op.f("fk_vetting_list_version_list_id_vetting_list"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vetting_list_version")),
        sa.UniqueConstraint(
            "list_id", "number", name=op.f("uq_vetting_list_version_list_id_number")
        ),
    )
    op.create_table(
        "vetting_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("added_in", sa.Integer(), nullable=False),
        sa.Column("removed_in", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_in"],
            ["vetting_list_version.id"],
            name=op.f("fk_vetting_entry_added_in_vetting_list_version"),
        ),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["vetting_list.id"],
            name=op.f("fk_vetting_entry_list_id_vetting_list"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["removed_in"],
            ["vetting_list_version.id"],
            name=op.f("fk_vetting_entry_removed_in_vetting_list_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vetting_entry")),
    )
    with op.batch_alter_table("vetting_entry", schema=None) as batch_op:
        batch_op.create_index("ix_vetting_entry_current", ["list_id", "removed_in"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("vetting_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_vetting_entry_current")

    op.drop_table("vetting_entry")
    op.drop_table("vetting_list_version")
    op.drop_table("vetting_list")
