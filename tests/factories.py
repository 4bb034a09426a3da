"""Small builders for test data. Each adds to the current session and flushes."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from core.accounts import create_user, grant_role
from core.db import db_session
from core.models import (
    Category,
    Dialogue,
    DialogueStatus,
    Organisation,
    OrganisationKind,
    Participation,
    ParticipationStatus,
    Person,
    Role,
    Visibility,
)

PASSWORD = "correct horse battery"
_seq = itertools.count(1)


def user(role: Role | None = None, dialogue: Dialogue | None = None, email: str | None = None):
    n = next(_seq)
    created = create_user(
        email=email or f"user{n}@example.org", name=f"User {n}", password=PASSWORD
    )
    created.email_verified_at = datetime.now(UTC)
    if role is not None:
        grant_role(created, role, dialogue)
    db_session().flush()
    return created


def dialogue(**fields) -> Dialogue:
    n = next(_seq)
    starts = fields.pop("starts_at", datetime(2030, 11, 17, 2, 0, tzinfo=UTC))
    values = {
        "slug": f"dialogue-{n}",
        "title": f"Dialogue {n}",
        "timezone": "Asia/Jakarta",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=31),
        "status": DialogueStatus.PUBLISHED,
    }
    values.update(fields)
    created = Dialogue(**values)
    db_session().add(created)
    db_session().flush()
    return created


def organisation(**fields) -> Organisation:
    n = next(_seq)
    values = {"name": f"Organisation {n}", "kind": OrganisationKind.CSO}
    values.update(fields)
    created = Organisation(**values)
    db_session().add(created)
    db_session().flush()
    return created


def person(**fields) -> Person:
    n = next(_seq)
    values = {"name": f"Person {n}"}
    values.update(fields)
    created = Person(**values)
    db_session().add(created)
    db_session().flush()
    return created


def participation(
    dialogue: Dialogue,
    person: Person | None = None,
    *,
    visibility: Visibility = Visibility.PUBLIC,
    status: ParticipationStatus = ParticipationStatus.ACCREDITED,
    category: Category = Category.CSO,
    organisation: Organisation | None = None,
) -> Participation:
    person = person or globals()["person"](organisation=organisation)
    created = Participation(
        dialogue=dialogue,
        person=person,
        organisation=organisation or person.organisation,
        visibility=visibility,
        status=status,
        category=category,
    )
    db_session().add(created)
    db_session().flush()
    return created


def login(client, user, password: str = PASSWORD):
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response
