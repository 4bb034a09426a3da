"""Sessions and who takes part in them, released programmes, personal feed keys.

Revision ID: sessions_0002
Revises: sessions_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "sessions_0002"
down_revision = "sessions_0001"
branch_labels = None
depends_on = None


def _enum(*values: str, name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    op.create_table(
        "sessions_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dialogue_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "kind",
            _enum(
                "opening",
                "keynote",
                "thematic",
                "general",
                "stakeholders",
                "recommendations",
                "closing",
                "side-event",
                "break",
                name="sessionkind",
            ),
            nullable=False,
        ),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("room", sa.String(length=200), nullable=False),
        sa.Column("online_url", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("thematic_area", sa.String(length=300), nullable=False),
        sa.Column("attend_categories", sa.JSON(), nullable=False),
        sa.Column("speak_categories", sa.JSON(), nullable=False),
        sa.Column("chatham_house", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            _enum("scheduled", "changed", "cancelled", name="sessionstatus"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.ForeignKeyConstraint(
            ["dialogue_id"],
            ["dialogue.id"],
            name=op.f("fk_sessions_session_dialogue_id_dialogue"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions_session")),
    )
    op.create_index(
        op.f("ix_sessions_session_dialogue_id"), "sessions_session", ["dialogue_id"], unique=False
    )
    op.create_table(
        "sessions_session_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            _enum("chair", "moderator", "speaker", "rapporteur", name="sessionrole"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["participation.id"],
            name=op.f("fk_sessions_session_person_participation_id_participation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions_session.id"],
            name=op.f("fk_sessions_session_person_session_id_sessions_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions_session_person")),
        sa.UniqueConstraint(
            "session_id",
            "participation_id",
            "role",
            name=op.f("uq_sessions_session_person_session_id_participation_id_role"),
        ),
    )
    op.create_index(
        op.f("ix_sessions_session_person_participation_id"),
        "sessions_session_person",
        ["participation_id"],
        unique=False,
    )
    op.create_table(
        "sessions_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dialogue_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("released_by_id", sa.Integer(), nullable=True),
        sa.Column("sessions", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dialogue_id"],
            ["dialogue.id"],
            name=op.f("fk_sessions_release_dialogue_id_dialogue"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["released_by_id"],
            ["user_account.id"],
            name=op.f("fk_sessions_release_released_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions_release")),
        sa.UniqueConstraint(
            "dialogue_id", "name", name=op.f("uq_sessions_release_dialogue_id_name")
        ),
        sa.UniqueConstraint(
            "dialogue_id", "number", name=op.f("uq_sessions_release_dialogue_id_number")
        ),
    )
    op.create_index(
        op.f("ix_sessions_release_dialogue_id"), "sessions_release", ["dialogue_id"], unique=False
    )
    op.create_table(
        "sessions_feed_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["participation.id"],
            name=op.f("fk_sessions_feed_key_participation_id_participation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions_feed_key")),
        sa.UniqueConstraint("participation_id", name=op.f("uq_sessions_feed_key_participation_id")),
    )


def downgrade() -> None:
    op.drop_table("sessions_feed_key")
    op.drop_index(op.f("ix_sessions_release_dialogue_id"), table_name="sessions_release")
    op.drop_table("sessions_release")
    op.drop_index(
        op.f("ix_sessions_session_person_participation_id"), table_name="sessions_session_person"
    )
    op.drop_table("sessions_session_person")
    op.drop_index(op.f("ix_sessions_session_dialogue_id"), table_name="sessions_session")
    op.drop_table("sessions_session")
