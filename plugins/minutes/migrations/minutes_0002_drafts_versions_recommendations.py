"""Minutes: drafts with revisions, approvals, published versions, recommendations, follow-up
and reminders.

Revision ID: minutes_0002
Revises: minutes_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "minutes_0002"
down_revision = "minutes_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "minutes_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dialogue_id", sa.Integer(), nullable=False),
        sa.Column("draft_revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dialogue_id"],
            ["dialogue.id"],
            name=op.f("fk_minutes_record_dialogue_id_dialogue"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_record")),
        sa.UniqueConstraint("dialogue_id", name=op.f("uq_minutes_record_dialogue_id")),
    )
    op.create_table(
        "minutes_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["minutes_record.id"],
            name=op.f("fk_minutes_document_record_id_minutes_record"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user_account.id"],
            name=op.f("fk_minutes_document_updated_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_document")),
        sa.UniqueConstraint("record_id", "key", name=op.f("uq_minutes_document_record_id_key")),
    )
    op.create_table(
        "minutes_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["minutes_document.id"],
            name=op.f("fk_minutes_revision_document_id_minutes_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["saved_by_id"],
            ["user_account.id"],
            name=op.f("fk_minutes_revision_saved_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_revision")),
        sa.UniqueConstraint(
            "document_id", "number", name=op.f("uq_minutes_revision_document_id_number")
        ),
    )
    op.create_table(
        "minutes_approval",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("draft_revision", sa.Integer(), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["minutes_record.id"],
            name=op.f("fk_minutes_approval_record_id_minutes_record"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_minutes_approval_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_approval")),
        sa.UniqueConstraint(
            "record_id",
            "user_id",
            "draft_revision",
            name=op.f("uq_minutes_approval_record_id_user_id_draft_revision"),
        ),
    )
    op.create_table(
        "minutes_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("draft_revision", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("changes", sa.String(length=500), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["user_account.id"],
            name=op.f("fk_minutes_version_published_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["minutes_record.id"],
            name=op.f("fk_minutes_version_record_id_minutes_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_version")),
        sa.UniqueConstraint(
            "record_id", "number", name=op.f("uq_minutes_version_record_id_number")
        ),
    )
    op.create_index(
        op.f("ix_minutes_version_published_at"), "minutes_version", ["published_at"], unique=False
    )
    op.create_table(
        "minutes_recommendation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dialogue_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("addressee", sa.String(length=200), nullable=False),
        sa.Column("thematic_area", sa.String(length=200), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "session",
                "segment",
                "cso-forum",
                "dialogue",
                name="source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("source_detail", sa.String(length=300), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("participation_id", sa.Integer(), nullable=True),
        sa.Column("coalition", sa.String(length=300), nullable=False),
        sa.Column("restates_id", sa.Integer(), nullable=True),
        sa.Column("first_dialogue_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("published_version", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dialogue_id"],
            ["dialogue.id"],
            name=op.f("fk_minutes_recommendation_dialogue_id_dialogue"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["first_dialogue_id"],
            ["dialogue.id"],
            name=op.f("fk_minutes_recommendation_first_dialogue_id_dialogue"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["participation.id"],
            name=op.f("fk_minutes_recommendation_participation_id_participation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["restates_id"],
            ["minutes_recommendation.id"],
            name=op.f("fk_minutes_recommendation_restates_id_minutes_recommendation"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_recommendation")),
        sa.UniqueConstraint(
            "dialogue_id", "number", name=op.f("uq_minutes_recommendation_dialogue_id_number")
        ),
    )
    op.create_index(
        op.f("ix_minutes_recommendation_participation_id"),
        "minutes_recommendation",
        ["participation_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_minutes_recommendation_restates_id"),
        "minutes_recommendation",
        ["restates_id"],
        unique=False,
    )
    op.create_table(
        "minutes_follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("responded_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "no-response",
                "acknowledged",
                "partially-implemented",
                "implemented",
                "rejected",
                name="responsestatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["minutes_recommendation.id"],
            name=op.f("fk_minutes_follow_up_recommendation_id_minutes_recommendation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_minutes_follow_up_recorded_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_follow_up")),
    )
    op.create_index(
        op.f("ix_minutes_follow_up_recommendation_id"),
        "minutes_follow_up",
        ["recommendation_id"],
        unique=False,
    )
    op.create_table(
        "minutes_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["minutes_recommendation.id"],
            name=op.f("fk_minutes_reminder_recommendation_id_minutes_recommendation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_reminder")),
        sa.UniqueConstraint(
            "recommendation_id", "stage", name=op.f("uq_minutes_reminder_recommendation_id_stage")
        ),
    )


def downgrade() -> None:
    op.drop_table("minutes_reminder")
    op.drop_table("minutes_follow_up")
    op.drop_table("minutes_recommendation")
    op.drop_table("minutes_version")
    op.drop_table("minutes_approval")
    op.drop_table("minutes_revision")
    op.drop_table("minutes_document")
    op.drop_table("minutes_record")
