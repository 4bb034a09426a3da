"""A registration asks the database a fixed, small number of times, however many people.

Counted with sign-in done and the vetting plugin screening against a list, as in the default
app; the first registration is made before counting, so that the process's screeners are
built.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session, get_engine
from core.models import (
    Category,
    DialogueCategory,
    FocalPoint,
    RegistrationMode,
)
from tests import factories
from tests.core.participation.test_query_counts import add_people
from tests.plugins.vetting.world import keep_list

MOST = 12  # issue 14: the registration POST in at most 12 queries
_emails = iter(range(10**6))


@pytest.fixture
def world(app):
    """A dialogue with a CSO category open to focal points and an observer category open to
    anyone, a list to screen against, and a signed-in focal point of an organisation."""
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        organisation = factories.organisation()
        user = factories.user()
        db_session().add(FocalPoint(user_id=user.id, organisation_id=organisation.id))
        for category, mode in [
            (Category.CSO, RegistrationMode.FOCAL_POINTS),
            (Category.OBSERVER, RegistrationMode.OPEN),
        ]:
            db_session().add(
                DialogueCategory(
                    dialogue_id=dialogue.id,
                    category=category,
                    capacity=500,
                    registration=mode,
                    needs_approval=True,
                )
            )
        keep_list()
        db_session().commit()
        ids = {c.category: c.id for c in db_session().scalars(sa.select(DialogueCategory))} | {
            "dialogue": dialogue.id,
            "organisation": organisation.id,
        }
    client = app.test_client()
    factories.login(client, user)
    return client, ids, user


def counted(app, send) -> int:
    """How many SQL statements ``send()`` runs; it must answer with a redirect."""
    statements: list[str] = []

    def before(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = get_engine(app)
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        response = send()
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    assert response.status_code == 302, response.get_data(as_text=True)
    return len(statements)


def register_representative(client, ids):
    n = next(_emails)
    return client.post(
        f"/dialogues/d/delegations/{ids['organisation']}",
        data={
            "name": f"Representative {n}",
            "position": "Coordinator",
            "email": f"rep{n}@example.org",
            "visibility": "public",
            "category_id": ids[Category.CSO],
        },
    )


def grow(app, ids, n: int) -> None:
    with app.app_context():
        add_people(ids["dialogue"], ids["organisation"], n)


def test_a_focal_points_registration_runs_few_queries_however_many_people(app, world):
    client, ids, _user = world
    register_representative(client, ids)  # builds this process's screeners
    few = counted(app, lambda: register_representative(client, ids))
    grow(app, ids, 40)
    many = counted(app, lambda: register_representative(client, ids))
    assert few == many
    assert many <= MOST


def register_oneself(app, ids):
    """A new user, signed in, registers themselves as someone the registry does not know."""
    with app.app_context():
        user = factories.user()
        db_session().commit()
    client = app.test_client()
    factories.login(client, user)
    return counted(
        app,
        lambda: client.post(
            "/dialogues/d/register/self",
            data={"self-category_id": ids[Category.OBSERVER], "self-visibility": "public"},
        ),
    )


def test_registering_oneself_runs_few_queries_however_many_people(app, world):
    client, ids, _user = world
    register_representative(client, ids)
    few = register_oneself(app, ids)
    grow(app, ids, 40)
    many = register_oneself(app, ids)
    assert few == many
    assert many <= MOST


def test_the_delegation_page_runs_as_many_queries_however_many_representatives(app, world):
    client, ids, _user = world
    url = f"/dialogues/d/delegations/{ids['organisation']}"

    def page_queries() -> int:
        statements: list[str] = []
        engine = get_engine(app)

        def before(_conn, _cursor, statement, *_args):
            statements.append(statement)

        sa.event.listen(engine, "before_cursor_execute", before)
        try:
            assert client.get(url).status_code == 200
        finally:
            sa.event.remove(engine, "before_cursor_execute", before)
        return len(statements)

    none = page_queries()
    for _ in range(3):
        register_representative(client, ids)
    grow(app, ids, 30)
    assert page_queries() == none
    assert client.get(url).get_data(as_text=True).count("Representative ") >= 3
