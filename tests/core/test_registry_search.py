"""Searching and paging the registries of organisations and people."""

from __future__ import annotations

import pytest

from core.db import db_session
from core.models import OrganisationKind, Role
from tests import factories
from tests.core import test_registry
from tests.core.test_dialogues import count_queries

organiser = test_registry.organiser  # the client of a signed-in organiser of every dialogue


def test_organisations_are_searched_by_name_or_acronym_within_the_type(app, organiser):
    with app.app_context():
        factories.organisation(
            name="Komnas HAM Indonésie", acronym="KH", kind=OrganisationKind.NHRI
        )
        factories.organisation(name="Komnas Perempuan", kind=OrganisationKind.CSO)
        factories.organisation(name="ASEAN SOGIE Caucus", acronym="ASC")
        db_session().commit()
    html = organiser.get("/organisations/?q=komnas").get_data(as_text=True)
    assert "Komnas HAM" in html and "Komnas Perempuan" in html and "SOGIE" not in html
    html = organiser.get("/organisations/?q=indonesie&kind=nhri").get_data(as_text=True)
    assert "Komnas HAM" in html and "Komnas Perempuan" not in html
    assert "Komnas HAM" not in organiser.get("/organisations/?q=komnas&kind=cso").get_data(
        as_text=True
    )
    assert "ASEAN SOGIE Caucus" in organiser.get("/organisations/?q=asc").get_data(as_text=True)
    html = organiser.get("/organisations/?q=nowhere").get_data(as_text=True)
    assert "No organisations match “nowhere”" in html
    assert '<a href="/organisations/">Show all organisations</a>' in html


def test_people_are_searched_by_name_own_script_and_e_mail(app, organiser):
    with app.app_context():
        factories.person(name="Nguyễn Thị Minh", email="minh@example.org")
        factories.person(name="Aung Ko", name_original_script="အောင်ကို")
        factories.person(name="Siti Rahma", email="siti@rights.example")
        db_session().commit()
    assert "Nguyễn Thị Minh" in organiser.get("/people/?q=nguyen thi").get_data(as_text=True)
    assert "Aung Ko" in organiser.get("/people/?q=အောင်").get_data(as_text=True)
    html = organiser.get("/people/?q=rights.example").get_data(as_text=True)
    assert "Siti Rahma" in html and "Aung Ko" not in html
    html = organiser.get("/people/?q=nobody").get_data(as_text=True)
    assert "No people match “nobody”" in html and 'href="/people/">Show everyone' in html


@pytest.mark.parametrize("registry", ["people", "organisations"])
def test_registries_are_paged_and_links_keep_the_search(app, organiser, registry):
    with app.app_context():
        make = factories.person if registry == "people" else factories.organisation
        for n in range(55):
            make(name=f"Member {n:02d}")
        make(name="Outsider")
        db_session().commit()
    html = organiser.get(f"/{registry}/?q=member").get_data(as_text=True)
    assert "Member 00" in html and "Member 50" not in html and "Outsider" not in html
    assert f"Showing 1\u201350 of 55 {registry}" in html
    assert f'href="/{registry}/?q=member&amp;page=2"' in html
    html = organiser.get(f"/{registry}/?q=member&page=2").get_data(as_text=True)
    assert "Member 54" in html and "Member 00" not in html
    for bad in ("abc", "-1", "10**9", "999999999999"):
        assert organiser.get(f"/{registry}/?page={bad}").status_code == 200


@pytest.mark.parametrize("registry", ["people", "organisations"])
def test_registry_queries_do_not_grow_with_rows(app, organiser, registry):
    def add(n: int) -> None:
        with app.app_context():
            for _ in range(n):
                organisation = factories.organisation()
                factories.person(organisation=organisation)
            db_session().commit()

    add(3)
    few = count_queries(app, f"/{registry}/?q=o", organiser)
    add(40)
    assert count_queries(app, f"/{registry}/?q=o", organiser) == few


def test_organisers_of_one_dialogue_still_have_no_registry(app, client):
    with app.app_context():
        dialogue = factories.dialogue()
        scoped = factories.user(Role.ORGANISER, dialogue=dialogue)
        db_session().commit()
    factories.login(client, scoped)
    assert client.get("/people/?q=a").status_code == 403
    assert client.get("/organisations/?q=a").status_code == 403
