"""Screening: findings per (subject, entry) and the dialogues they concern, the decisions on
them, screenings of everyone.

Revision ID: vetting_0003
Revises: vetting_0002
"""

import sqlalchemy as sa
from alembic import op

from core.plugin_api import UTCDateTime

revision = "vetting_0003"
down_revision = "vetting_0002"
branch_labels = None
depends_on = None

STATES = ("open", "cleared", "confirmed", "override_requested", "overridden")


def _state(name: str) -> sa.Enum:
    return sa.Enum(*STATES, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    with op.batch_alter_table("vetting_list", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    op.create_table(
        "vetting_screening",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("trigger", sa.String(length=200), nullable=False),
        sa.Column("versions", sa.JSON(), nullable=False),
        sa.Column("subjects", sa.Integer(), nullable=False),
        sa.Column("new_findings", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user_account.id"],
            name=op.f("fk_vetting_screening_actor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vetting_screening")),
    )
    op.create_table(
        "vetting_finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_kind", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("subject_name", sa.String(length=500), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("matched_name", sa.String(length=500), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("found_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("screening_id", sa.Integer(), nullable=True),
        sa.Column("state", _state("findingstate"), nullable=False),
        sa.Column("decided_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("override_requested_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_vetting_finding_decided_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["vetting_entry.id"],
            name=op.f("fk_vetting_finding_entry_id_vetting_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["vetting_list.id"],
            name=op.f("fk_vetting_finding_list_id_vetting_list"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["override_requested_by_id"],
            ["user_account.id"],
            name=op.f("fk_vetting_finding_override_requested_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["screening_id"],
            ["vetting_screening.id"],
            name=op.f("fk_vetting_finding_screening_id_vetting_screening"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vetting_finding")),
        sa.UniqueConstraint(
            "subject_kind",
            "subject_id",
            "entry_id",
            name=op.f("uq_vetting_finding_subject_kind_subject_id_entry_id"),
        ),
    )
    with op.batch_alter_table("vetting_finding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vetting_finding_entry_id"), ["entry_id"], unique=False)
    op.create_table(
        "vetting_finding_dialogue",
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("dialogue_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dialogue_id"],
            ["dialogue.id"],
            name=op.f("fk_vetting_finding_dialogue_dialogue_id_dialogue"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["vetting_finding.id"],
            name=op.f("fk_vetting_finding_dialogue_finding_id_vetting_finding"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "finding_id", "dialogue_id", name=op.f("pk_vetting_finding_dialogue")
        ),
    )
    with op.batch_alter_table("vetting_finding_dialogue", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vetting_finding_dialogue_dialogue_id"), ["dialogue_id"], unique=False
        )
    op.create_table(
        "vetting_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("state", _state("findingstate"), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["vetting_finding.id"],
            name=op.f("fk_vetting_decision_finding_id_vetting_finding"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_vetting_decision_user_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vetting_decision")),
    )
    with op.batch_alter_table("vetting_decision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vetting_decision_finding_id"), ["finding_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("vetting_decision")
    op.drop_table("vetting_finding_dialogue")
    op.drop_table("vetting_finding")
    op.drop_table("vetting_screening")
    with op.batch_alter_table("vetting_list", schema=None) as batch_op:
        batch_op.drop_column("active")
