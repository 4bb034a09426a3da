"""Keeping lists on the web: each hand edit or upload a new version, then everyone screened."""

from __future__ import annotations

import io
import itertools

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.db import db_session
from core.models import ParticipationStatus, Role
from plugins.vetting.models import VettingEntry, VettingFinding, VettingList, VettingListVersion
from tests import factories

from .world import HEADER, JUNTA

FUZZED = itertools.count()
ENTRY = {
    "kind": "person",
    "name": "HLAING, Min Aung",
    "aliases": "Senior General Min Aung Hlaing\n~the Senior General",
    "country": "Burma",
    "birth_date": "1956-07-03",
    "position": "Commander-in-Chief",
    "reason": "Led the coup of 1 February 2021",
    "source": "OFAC",
}


@pytest.fixture
def keeper(ctx, client):
    """A signed-in organiser of every dialogue, and an accredited participant to screen."""
    user = factories.user(Role.ORGANISER)
    factories.participation(
        factories.dialogue(slug="d"),
        factories.person(name="Min Aung Hlaing"),
        status=ParticipationStatus.ACCREDITED,
    )
    db_session().commit()
    factories.login(client, user)
    return client


def versions():
    return (
        db_session()
        .scalars(sa.select(VettingListVersion).order_by(VettingListVersion.number))
        .all()
    )


def test_only_organisers_of_every_dialogue_keep_lists(ctx, client):
    dialogue = factories.dialogue()
    assert client.get("/vetting/lists/").status_code == 302
    factories.login(client, factories.user(Role.ORGANISER, dialogue=dialogue))
    db_session().commit()
    assert client.get("/vetting/lists/").status_code == 403
    assert client.post("/vetting/lists/", data={"name": "x"}).status_code == 403
    assert db_session().scalar(sa.select(VettingList)) is None


def test_a_list_made_by_hand_screens_those_already_taking_part(keeper):
    response = keeper.post("/vetting/lists/", data={"name": "Junta", "description": "SAC"})
    list_url = response.location
    added = keeper.post(f"{list_url}/entries/new", data={**ENTRY, "id": "ofac-27225"})
    assert "/vetting/screenings/" in added.location  # what is new, to review
    page = keeper.get(added.location).get_data(as_text=True)
    assert "Junta is now at version 1 (1 added, 0 removed, 0 changed)" in page
    assert "1 new finding(s)" in page and "New findings (1)" in page
    assert "Min Aung Hlaing" in page and "/dialogues/d/screening/findings/" in page
    assert "the Senior General (weak)" in keeper.get(list_url).get_data(as_text=True)
    finding = db_session().scalar(sa.select(VettingFinding))
    assert finding.level == "alert" and finding.state == "open"
    row = db_session().scalar(sa.select(VettingEntry))
    edit = keeper.post(
        f"{list_url}/entries/{row.id}", data={**ENTRY, "position": "Chairman of the SAC"}
    )
    assert edit.status_code == 302
    assert [(v.number, v.added, v.changed) for v in versions()] == [(1, 1, 0), (2, 0, 1)]
    refused = keeper.post(f"{list_url}/entries/{row.id + 1}/remove")
    assert refused.status_code == 302
    assert "cannot be left empty" in keeper.get(list_url).get_data(as_text=True)
    assert len(versions()) == 2


def test_a_bad_entry_is_refused_with_its_reason_and_nothing_saved(keeper):
    list_url = keeper.post("/vetting/lists/", data={"name": "Junta"}).location
    response = keeper.post(f"{list_url}/entries/new", data={**ENTRY, "birth_date": "3 July"})
    assert response.status_code == 422
    assert "Birth date &#39;3 July&#39; is not YYYY, YYYY-MM or YYYY-MM-DD." in (
        response.get_data(as_text=True)
    )
    missing = keeper.post(f"{list_url}/entries/new", data={**ENTRY, "name": ""})
    assert missing.status_code == 422 and "Give the name." in missing.get_data(as_text=True)
    assert versions() == []


def test_an_upload_is_all_or_nothing_and_names_the_line(keeper):
    list_url = keeper.post("/vetting/lists/", data={"name": "Junta"}).location
    bad = JUNTA + "x,robot,Nobody,,,,,,\n"
    response = keeper.post(
        f"{list_url}/import",
        data={"format": "parley-csv", "file": (io.BytesIO(bad.encode()), "junta.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Nothing was imported. junta.csv line 5: kind must be" in response.get_data(as_text=True)
    assert versions() == []
    empty = keeper.post(
        f"{list_url}/import",
        data={"format": "parley-csv", "file": (io.BytesIO(HEADER.encode()), "empty.csv")},
        content_type="multipart/form-data",
    )
    assert empty.status_code == 422 and "empty" in empty.get_data(as_text=True)
    good = keeper.post(
        f"{list_url}/import",
        data={"format": "parley-csv", "file": (io.BytesIO(JUNTA.encode()), "junta.csv")},
        content_type="multipart/form-data",
    )
    assert good.status_code == 302
    assert "1 new finding(s)" in keeper.get(good.location).get_data(as_text=True)
    again = keeper.post("/vetting/rescreen")
    assert "Nothing new was found." in keeper.get(again.location).get_data(as_text=True)
    assert "Screenings of everyone" in keeper.get("/vetting/lists/").get_data(as_text=True)
    version_page = keeper.get(f"{list_url}/versions/1").get_data(as_text=True)
    assert "Added (3)" in version_page and "MYANMAR ECONOMIC CORPORATION LIMITED" in version_page


def test_a_list_switched_off_is_left_out_of_the_statement(keeper):
    list_url = keeper.post("/vetting/lists/", data={"name": "Junta"}).location
    keeper.post(f"{list_url}/entries/new", data={**ENTRY, "id": "ofac-27225"})
    assert "Junta, version 1" in keeper.get("/dialogues/d").get_data(as_text=True)
    keeper.post(f"{list_url}/active")
    assert "Junta, version 1" not in keeper.get("/dialogues/d").get_data(as_text=True)


def test_the_template_is_parleys_csv(client):
    response = client.get("/vetting/template.csv")
    assert response.mimetype == "text/csv"
    assert response.get_data(as_text=True).startswith(HEADER.strip())


def test_a_page_number_beyond_any_list_is_an_empty_page(keeper):
    list_url = keeper.post("/vetting/lists/", data={"name": "Junta"}).location
    response = keeper.get(f"{list_url}?page=99999999999999999999")
    assert response.status_code == 200 and "No entries yet." in response.get_data(as_text=True)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.fixed_dictionaries(
        {name: st.text(max_size=300) for name in ("id", "name", "aliases", "birth_date", "country")}
    ),
    st.sampled_from(["person", "organisation", "robot", ""]),
)
def test_any_entry_form_is_saved_or_refused_with_nothing_half_saved(keeper, fields, kind):
    name = f"Fuzzed {next(FUZZED)}"
    list_url = keeper.post("/vetting/lists/", data={"name": name}).location
    before = len(versions())
    response = keeper.post(f"{list_url}/entries/new", data={**fields, "kind": kind})
    # a NUL character is refused before any form sees it (core/input_guards.py)
    nul = any("\x00" in value for value in fields.values())
    assert response.status_code in ((400,) if nul else (302, 422))
    page = response.get_data(as_text=True)
    assert "<script" not in page.replace('<script src="', "").lower() or "&lt;script" in page
    assert len(versions()) == before + (1 if response.status_code == 302 else 0)
