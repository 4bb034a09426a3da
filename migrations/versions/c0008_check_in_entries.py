"""Check-in entries: one row per day (or per session) a participant was admitted at the desk.

Each participation checked in before keeps its first admission (``checked_in_at``) as an entry
for that day in the dialogue's own timezone, so the desk knows them as already in that day.

Revision ID: c0008
Revises: c0007
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "c0008"
down_revision = "c0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    entries = op.create_table(
        "check_in_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("dialogue_id", sa.Integer(), nullable=False),
        sa.Column("point", sa.String(length=80), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_in_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["participation.id"],
            name=op.f("fk_check_in_entry_participation_id_participation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dialogue_id"],
            ["dialogue.id"],
            name=op.f("fk_check_in_entry_dialogue_id_dialogue"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["checked_in_by_id"],
            ["user_account.id"],
            name=op.f("fk_check_in_entry_checked_in_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_in_entry")),
        sa.UniqueConstraint(
            "participation_id", "point", name=op.f("uq_check_in_entry_participation_id_point")
        ),
    )
    op.create_index("ix_check_in_entry_dialogue_id", "check_in_entry", ["dialogue_id"])
    op.create_table(
        "check_in_setting",
        sa.Column("dialogue_id", sa.Integer(), nullable=False),
        sa.Column("per_session", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["dialogue_id"],
            ["dialogue.id"],
            name=op.f("fk_check_in_setting_dialogue_id_dialogue"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["user_account.id"],
            name=op.f("fk_check_in_setting_changed_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("dialogue_id", name=op.f("pk_check_in_setting")),
    )
    _entries_from_first_admissions(entries)


def _entries_from_first_admissions(entries: sa.Table) -> None:
    rows = op.get_bind().execute(
        sa.text(
            "SELECT p.id, p.dialogue_id, p.checked_in_at, d.timezone FROM participation p "
            "JOIN dialogue d ON d.id = p.dialogue_id WHERE p.checked_in_at IS NOT NULL"
        )
    )
    kept = []
    for participation_id, dialogue_id, at, zone in rows:
        if isinstance(at, str):  # SQLite hands back text
            at = datetime.fromisoformat(at)
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        day = at.astimezone(ZoneInfo(zone)).date()
        kept.append(
            {
                "participation_id": participation_id,
                "dialogue_id": dialogue_id,
                "point": f"day:{day.isoformat()}",
                "day": day,
                "checked_in_at": at,
                "checked_in_by_id": None,
            }
        )
    if kept:
        op.bulk_insert(entries, kept)


def downgrade() -> None:
    op.drop_table("check_in_setting")
    op.drop_index("ix_check_in_entry_dialogue_id", table_name="check_in_entry")
    op.drop_table("check_in_entry")
