"""Participant categories per dialogue, focal points, registration details.

Revision ID: c0003
Revises: c0002
"""

import sqlalchemy as sa
from alembic import op

revision = "c0003"
down_revision = "c0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "focal_point",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_focal_point_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_focal_point_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_focal_point")),
        sa.UniqueConstraint(
            "user_id", "organisation_id", name=op.f("uq_focal_point_user_id_organisation_id")
        ),
    )
    with op.batch_alter_table("focal_point", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_focal_point_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "dialogue_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dialogue_id", sa.Integer(), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "delegate",
                "nhri",
                "cso",
                "observer",
                "speaker",
                "chair",
                "rapporteur",
                "secretariat",
                "press",
                name="category",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("needs_approval", sa.Boolean(), nullable=False),
        sa.Column(
            "registration",
            sa.Enum(
                "invitation",
                "focal-points",
                "open",
                name="registrationmode",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("required_status", sa.String(length=200), nullable=False),
        sa.Column("required_status_issuer", sa.String(length=200), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        sa.ForeignKeyConstraint(
            ["dialogue_id"],
            ["dialogue.id"],
            name=op.f("fk_dialogue_category_dialogue_id_dialogue"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dialogue_category")),
        sa.UniqueConstraint(
            "dialogue_id", "category", name=op.f("uq_dialogue_category_dialogue_id_category")
        ),
    )
    with op.batch_alter_table("participation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registered_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("findings", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.create_foreign_key(
            batch_op.f("fk_participation_registered_by_id_user_account"),
            "user_account",
            ["registered_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("participation", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_participation_registered_by_id_user_account"), type_="foreignkey"
        )
        batch_op.drop_column("findings")
        batch_op.drop_column("registered_by_id")

    op.drop_table("dialogue_category")
    with op.batch_alter_table("focal_point", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_focal_point_organisation_id"))

    op.drop_table("focal_point")
