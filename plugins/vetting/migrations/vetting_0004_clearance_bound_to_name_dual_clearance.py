"""A finding is bound to the name screened (its normalised form): a renamed subject is a new
subject, so a clearance of one name never lets another through. A strong alert is cleared by
two reviewers: the first asks ("clearance_requested"), a second agrees.

Revision ID: vetting_0004
Revises: vetting_0003
"""

import sqlalchemy as sa
from alembic import op

from plugins.vetting.matching import fold

revision = "vetting_0004"
down_revision = "vetting_0003"
branch_labels = None
depends_on = None

STATES = ("open", "cleared", "confirmed", "override_requested", "overridden")
NEW_STATES = (*STATES, "clearance_requested")
OLD_UNIQUE = "uq_vetting_finding_subject_kind_subject_id_entry_id"
NEW_UNIQUE = "uq_vetting_finding_subject_kind_subject_id_entry_id_subject_key"


def _state(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values, name="findingstate", native_enum=False, create_constraint=True, length=32
    )


def _retype_state(table: str, old: tuple, new: tuple) -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(table, schema=None, recreate="always") as batch_op:
            batch_op.alter_column(
                "state", existing_type=_state(old), type_=_state(new), existing_nullable=False
            )
        return
    op.drop_constraint("findingstate", table, type_="check")
    values = ", ".join(f"'{value}'" for value in new)
    op.create_check_constraint("findingstate", table, sa.text(f"state IN ({values})"))


def _backfill_keys() -> None:
    bind = op.get_bind()
    finding = sa.table(
        "vetting_finding", sa.column("id"), sa.column("subject_name"), sa.column("subject_key")
    )
    for row in bind.execute(sa.select(finding.c.id, finding.c.subject_name)).all():
        key = " ".join(fold(row.subject_name).split())[:500] or f"finding {row.id}"
        bind.execute(sa.update(finding).where(finding.c.id == row.id).values(subject_key=key))


def upgrade() -> None:
    with op.batch_alter_table("vetting_finding", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("subject_key", sa.String(length=500), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("clearance_requested_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_vetting_finding_clearance_requested_by_id_user_account"),
            "user_account",
            ["clearance_requested_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
    _backfill_keys()
    with op.batch_alter_table("vetting_finding", schema=None) as batch_op:
        batch_op.drop_constraint(OLD_UNIQUE, type_="unique")
        batch_op.create_unique_constraint(
            NEW_UNIQUE, ["subject_kind", "subject_id", "entry_id", "subject_key"]
        )
    _retype_state("vetting_finding", STATES, NEW_STATES)
    _retype_state("vetting_decision", STATES, NEW_STATES)


def downgrade() -> None:
    _retype_state("vetting_decision", NEW_STATES, STATES)
    _retype_state("vetting_finding", NEW_STATES, STATES)
    with op.batch_alter_table("vetting_finding", schema=None) as batch_op:
        batch_op.drop_constraint(NEW_UNIQUE, type_="unique")
        batch_op.drop_constraint(
            batch_op.f("fk_vetting_finding_clearance_requested_by_id_user_account"),
            type_="foreignkey",
        )
        batch_op.drop_column("clearance_requested_by_id")
        batch_op.drop_column("subject_key")
    # one finding per (subject, entry) again: the newest name's finding is kept
    bind = op.get_bind()
    bind.execute(
        sa.text(
            "DELETE FROM vetting_finding WHERE id NOT IN (SELECT max(id) FROM vetting_finding "
            "GROUP BY subject_kind, subject_id, entry_id)"
        )
    )
    with op.batch_alter_table("vetting_finding", schema=None) as batch_op:
        batch_op.create_unique_constraint(OLD_UNIQUE, ["subject_kind", "subject_id", "entry_id"])
