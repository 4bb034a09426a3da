"""The audit log is append-only, in the ORM and in the database itself."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DatabaseError

from core import audit
from core.db import db_session, get_engine
from core.models import AuditEvent
from core.models.audit import AppendOnlyError
from tests import factories


@pytest.fixture
def event_id(ctx):
    organisation = factories.organisation()
    event = audit.record("organisation.created", organisation, reason="test")
    db_session().commit()
    return event.id


def test_record_names_the_object_and_actor(ctx, event_id):
    event = db_session().get(AuditEvent, event_id)
    assert event.object_type == "organisation" and event.object_id is not None
    assert event.reason == "test" and event.at.tzinfo is not None


def test_orm_refuses_update_and_delete(ctx, event_id):
    event = db_session().get(AuditEvent, event_id)
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        db_session().commit()
    db_session().rollback()
    db_session().delete(db_session().get(AuditEvent, event_id))
    with pytest.raises(AppendOnlyError):
        db_session().commit()
    db_session().rollback()


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_event SET reason = 'rewritten'", "DELETE FROM audit_event"],
)
def test_database_refuses_update_and_delete(ctx, event_id, statement):
    with pytest.raises(DatabaseError, match="append-only"), get_engine().begin() as conn:
        conn.execute(sa.text(statement))
    assert db_session().get(AuditEvent, event_id).reason == "test"
