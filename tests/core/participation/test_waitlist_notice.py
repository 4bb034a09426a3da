"""A full category says so before anyone commits: "full — you will be on the waitlist
(position N)", N being the waitlist's length plus one; the pages ask a fixed number of queries."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import (
    Category,
    DialogueCategory,
    FocalPoint,
    ParticipationStatus,
    RegistrationMode,
)
from tests import factories
from tests.core.test_dialogues import count_queries


@pytest.fixture
def setup(app):
    """A dialogue whose CSO category (1 place) is taken, with 2 waiting; an open observer
    category with room; a focal point signed in."""
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        for category, mode, capacity in (
            (Category.CSO, RegistrationMode.FOCAL_POINTS, 1),
            (Category.OBSERVER, RegistrationMode.OPEN, 10),
        ):
            db_session().add(
                DialogueCategory(
                    dialogue_id=dialogue.id,
                    category=category,
                    capacity=capacity,
                    registration=mode,
                )
            )
        add(dialogue, Category.CSO, ParticipationStatus.ACCREDITED)
        add(dialogue, Category.CSO, ParticipationStatus.WAITLISTED, 2)
        add(dialogue, Category.OBSERVER, ParticipationStatus.REGISTERED)
        add(dialogue, Category.OBSERVER, ParticipationStatus.WITHDRAWN)
        organisation = factories.organisation(name="Karen Rights Group")
        user = factories.user()
        db_session().add(FocalPoint(user_id=user.id, organisation_id=organisation.id))
        db_session().commit()
        ids = dialogue.id, organisation.id
    client = app.test_client()
    factories.login(client, user)
    client.ids = ids
    return client


def add(dialogue, category, status, n=1):
    for _ in range(n):
        factories.participation(dialogue, category=category, status=status)


def test_the_register_page_says_a_category_is_full_and_the_place_on_the_waitlist(setup):
    page = setup.get("/dialogues/d/register").get_data(as_text=True)
    assert "CSO: full — you will be on the waitlist (position 3)" in page
    assert "Observer: full" not in page


def test_the_delegation_form_says_it_before_the_focal_point_registers(setup):
    page = setup.get(f"/dialogues/d/delegations/{setup.ids[1]}").get_data(as_text=True)
    assert "full — you will be on the waitlist (position 3)" in page


def test_a_full_open_category_says_it_on_the_self_registration_form(app, setup):
    with app.app_context():
        category = db_session().scalar(
            sa.select(DialogueCategory).where(DialogueCategory.category == Category.OBSERVER)
        )
        category.capacity = 1
        db_session().commit()
    page = setup.get("/dialogues/d/register").get_data(as_text=True)
    # the list and the form's choice both say it
    assert page.count("Observer: full — you will be on the waitlist (position 1)") == 2


@pytest.mark.parametrize("page", ["register", "delegations/{org}"])
def test_the_notice_costs_the_same_queries_however_many_wait(app, setup, page):
    url = "/dialogues/d/" + page.format(org=setup.ids[1])
    few = count_queries(app, url, setup)
    with app.app_context():
        dialogue = db_session().get(factories.Dialogue, setup.ids[0])
        add(dialogue, Category.CSO, ParticipationStatus.WAITLISTED, 20)
        for category in (Category.DELEGATE, Category.PRESS):
            db_session().add(
                DialogueCategory(
                    dialogue_id=dialogue.id,
                    category=category,
                    capacity=0,
                    registration=RegistrationMode.FOCAL_POINTS,
                )
            )
        db_session().commit()
    assert count_queries(app, url, setup) == few
    assert "(position 23)" in setup.get(url).get_data(as_text=True)
