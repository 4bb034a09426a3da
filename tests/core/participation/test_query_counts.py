"""The participation pages ask the database a fixed number of times, however many people."""

from __future__ import annotations

import pytest

from core.db import db_session
from core.models import Dialogue, FocalPoint, ParticipationStatus, Role, Visibility
from tests import factories
from tests.core.test_dialogues import count_queries


def add_people(dialogue_id: int, organisation_id: int, n: int) -> None:
    dialogue = db_session().get(Dialogue, dialogue_id)
    organisation = db_session().get(factories.Organisation, organisation_id)
    for i in range(n):
        factories.participation(
            dialogue,
            factories.person(organisation=organisation),
            visibility=list(Visibility)[i % 4],
            status=ParticipationStatus.ACCREDITED if i % 2 else ParticipationStatus.REGISTERED,
        )
    db_session().commit()


@pytest.mark.parametrize(
    "page", ["participants", "participants.csv", "review/", "delegations/{org}", "badges/"]
)
def test_queries_do_not_grow_with_participations(app, page):
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        organisation = factories.organisation()
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        db_session().add(FocalPoint(user_id=organiser.id, organisation_id=organisation.id))
        db_session().commit()
        ids = (dialogue.id, organisation.id)
    client = app.test_client()
    factories.login(client, organiser)
    url = "/dialogues/d/" + page.format(org=ids[1])
    with app.app_context():
        add_people(*ids, 5)
    few = count_queries(app, url, client)
    with app.app_context():
        add_people(*ids, 60)
    assert count_queries(app, url, client) == few
