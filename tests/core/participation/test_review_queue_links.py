"""The review queue: names link to the person and the badge, a box selects everyone on the page,
and the queue is cut into pages."""

from __future__ import annotations

import re

import pytest

from core.db import db_session
from core.models import ParticipationStatus, Role
from tests import factories
from tests.core.participation.test_query_counts import add_people
from tests.core.test_dialogues import count_queries


@pytest.fixture
def queue(app):
    """A dialogue ``d`` with one accredited and one registered person."""
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        accredited = factories.participation(
            dialogue,
            factories.person(name="Aung Accredited"),
            status=ParticipationStatus.ACCREDITED,
        )
        accredited.badge_number = 7
        registered = factories.participation(
            dialogue, factories.person(name="Rin Registered"), status=ParticipationStatus.REGISTERED
        )
        users = {
            "global": factories.user(Role.ORGANISER),
            "dialogue": factories.user(Role.ORGANISER, dialogue=dialogue),
        }
        db_session().commit()
        return {
            "users": users,
            "accredited": (accredited.id, accredited.person_id),
            "registered": (registered.id, registered.person_id),
            "dialogue_id": dialogue.id,
        }


def test_names_link_to_the_person_and_the_badge(client, queue):
    factories.login(client, queue["users"]["global"])
    html = client.get("/dialogues/d/review/").get_data(as_text=True)
    accredited, person = queue["accredited"]
    registered, other = queue["registered"]
    assert f'<a href="/people/{person}">Aung Accredited</a>' in html
    assert f'<a href="/people/{other}">Rin Registered</a>' in html
    assert f'href="/dialogues/d/badges/{accredited}">Badge 7' in html
    assert f"/dialogues/d/badges/{registered}" not in html


def test_an_organiser_of_the_dialogue_only_gets_no_link_to_the_registry(client, queue):
    factories.login(client, queue["users"]["dialogue"])
    html = client.get("/dialogues/d/review/").get_data(as_text=True)
    assert "/people/" not in html and "Aung Accredited" in html
    assert f'href="/dialogues/d/badges/{queue["accredited"][0]}"' in html
    # the badge is theirs to open
    assert client.get(f"/dialogues/d/badges/{queue['accredited'][0]}").status_code == 200


def test_every_box_has_a_label_and_a_hidden_box_selects_everyone(client, queue):
    factories.login(client, queue["users"]["dialogue"])
    html = client.get("/dialogues/d/review/").get_data(as_text=True)
    for pid, _person in (queue["accredited"], queue["registered"]):
        assert f'<label class="visually-hidden" for="pick-{pid}">Choose ' in html
    assert re.search(r'<span class="select-all" hidden><input type="checkbox" id="pick-all"', html)
    assert '<label class="visually-hidden" for="pick-all">Select everyone on this page' in html
    assert '<script src="/static/select-all.js" defer></script>' in html
    with client.get("/static/select-all.js") as script:
        assert script.status_code == 200 and "data-select-all" in script.get_data(as_text=True)


def test_the_queue_is_paged_and_keeps_the_filter(app, client, queue):
    with app.app_context():
        organisation = factories.organisation()
        organisation_id = organisation.id
        db_session().commit()
        add_people(queue["dialogue_id"], organisation_id, 205)
    factories.login(client, queue["users"]["dialogue"])
    html = client.get("/dialogues/d/review/?status=registered").get_data(as_text=True)
    assert "Showing 1\u2013104 of 104 registrations" in html
    html = client.get("/dialogues/d/review/").get_data(as_text=True)
    assert "Showing 1\u2013200 of 207 registrations" in html
    assert 'href="/dialogues/d/review/?page=2"' in html
    html = client.get(f"/dialogues/d/review/?organisation={organisation_id}&page=2").get_data(
        as_text=True
    )
    assert "Showing 201\u2013205 of 205 registrations" in html
    assert f'href="/dialogues/d/review/?organisation={organisation_id}"' in html
    for bad in ("abc", "-1", "99999999999"):
        assert client.get(f"/dialogues/d/review/?page={bad}").status_code == 200


def test_links_add_no_queries_per_row(app, client, queue):
    with app.app_context():
        organisation_id = factories.organisation().id
        db_session().commit()
    factories.login(client, queue["users"]["global"])
    with app.app_context():
        add_people(queue["dialogue_id"], organisation_id, 3)
    few = count_queries(app, "/dialogues/d/review/", client)
    with app.app_context():
        add_people(queue["dialogue_id"], organisation_id, 40)
    assert count_queries(app, "/dialogues/d/review/", client) == few
