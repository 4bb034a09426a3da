"""An organisation Parley adds on the fly (from an invitation or an import) has no type until an
organiser chooses one: a name typed into a form says nothing of whether it is a CSO or a junta."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import (
    AuditEvent,
    Category,
    DialogueCategory,
    Organisation,
    OrganisationKind,
    RegistrationMode,
    Role,
)
from plugins.vetting.demo import LIST_FILE
from plugins.vetting.lists import read_parley_csv
from tests import factories

# the demo's civil society organisations, real and invented: nothing else in it is a CSO
DEMO_CSOS = {
    "ASEAN SOGIE Caucus",
    "Network for Human Rights Documentation - Burma",
    "Assistance Association for Political Prisoners",
    "CIVICUS",
    "International Partnership for Human Rights",
    "Mekong Rights Collective (demo)",
    "Island Defenders Network (demo)",
    "Highland Women's Voice (demo)",
    "Delta Youth Forum (demo)",
}


@pytest.fixture
def organiser(app, client):
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        for category in (Category.CSO, Category.DELEGATE):
            db_session().add(
                DialogueCategory(
                    dialogue_id=dialogue.id,
                    category=category,
                    registration=RegistrationMode.INVITATION,
                )
            )
        user = factories.user(Role.ORGANISER)
        db_session().commit()
    factories.login(client, user)
    return client


def kind_of(app, name: str) -> OrganisationKind:
    with app.app_context():
        return db_session().scalar(sa.select(Organisation.kind).where(Organisation.name == name))


def test_an_organisation_named_in_a_person_invitation_has_no_type_yet(app, organiser):
    response = organiser.post(
        "/dialogues/d/invitations/person",
        data={
            "person-name": "Ko Ko Hlaing",
            "person-email": "kkh@example.org",
            "person-organisation": "State Administration Council",
            "person-category": "delegate",
        },
    )
    assert response.status_code == 302
    assert kind_of(app, "State Administration Council") == OrganisationKind.NOT_SET


def test_an_invited_organisation_has_no_type_yet(app, organiser):
    response = organiser.post(
        "/dialogues/d/invitations/organisation",
        data={"org-organisation": "Tatmadaw", "org-email": "t@example.org", "org-category": "cso"},
    )
    assert response.status_code == 302
    assert kind_of(app, "Tatmadaw") == OrganisationKind.NOT_SET


def test_an_organisation_named_in_an_import_has_no_type_yet(app, organiser):
    content = (
        "name,email,organisation,category\n"
        "Aye,aye@example.org,Women's League of Burma,cso\n"
        "Bo,bo@example.org,Myanmar Economic Holdings,delegate\n"
    )
    response = organiser.post(
        "/dialogues/d/invitations/import",
        data={"import-file": (io.BytesIO(content.encode()), "people.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert kind_of(app, "Women's League of Burma") == OrganisationKind.NOT_SET
    assert kind_of(app, "Myanmar Economic Holdings") == OrganisationKind.NOT_SET


def test_a_known_organisation_keeps_its_type_when_named_in_an_invitation(app, organiser):
    with app.app_context():
        factories.organisation(name="ASEAN SOGIE Caucus", kind=OrganisationKind.CSO)
        db_session().commit()
    organiser.post(
        "/dialogues/d/invitations/person",
        data={
            "person-name": "Ryan Silverio",
            "person-email": "ryan@example.org",
            "person-organisation": "asean sogie caucus",
            "person-category": "cso",
        },
    )
    with app.app_context():
        assert db_session().scalars(sa.select(Organisation.kind)).all() == [OrganisationKind.CSO]


def test_the_demo_calls_no_listed_body_and_nothing_but_civil_society_a_cso(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    listed = {
        name.casefold()
        for entry in read_parley_csv(LIST_FILE)
        if entry.kind == "organisation"
        for name, _weak in entry.names
    }
    with app.app_context():
        kinds = dict(db_session().execute(sa.select(Organisation.name, Organisation.kind)).all())
    listed_in_demo = {name for name in kinds if name.casefold() in listed}
    assert listed_in_demo == {"State Administration Council"}
    assert kinds["State Administration Council"] == OrganisationKind.OTHER
    assert kinds["Tatmadaw"] == OrganisationKind.OTHER
    assert {name for name, kind in kinds.items() if kind == OrganisationKind.CSO} == DEMO_CSOS
    assert OrganisationKind.NOT_SET not in kinds.values()


@pytest.fixture
def untyped(app) -> str:
    with app.app_context():
        factories.organisation(name="CIVICUS", kind=OrganisationKind.CSO)
        created = factories.organisation(name="Tatmadaw", kind=OrganisationKind.NOT_SET)
        db_session().commit()
        return f"/organisations/{created.id}"


def test_an_organiser_sets_the_type_and_the_edit_is_audited(app, organiser, untyped):
    form = organiser.get(untyped + "/edit").get_data(as_text=True)
    assert "selected" not in form.split('name="kind"')[1].split("</select>")[0]
    assert 'value="not-set"' not in form  # "not yet set" is not a type to choose
    data = {"name": "Tatmadaw", "country": "Myanmar"}
    refused = organiser.post(untyped + "/edit", data={**data, "kind": ""})  # as a browser sends
    assert refused.status_code == 422
    assert "Choose the type of organisation" in refused.get_data(as_text=True)
    kept = organiser.post(untyped + "/edit", data={**data, "kind": "not-set"})
    assert kept.status_code == 422 and "Not a valid choice" in kept.get_data(as_text=True)
    assert kind_of(app, "Tatmadaw") == OrganisationKind.NOT_SET
    assert organiser.post(untyped + "/edit", data={**data, "kind": "other"}).status_code == 302
    assert kind_of(app, "Tatmadaw") == OrganisationKind.OTHER
    with app.app_context():
        edited = db_session().scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "organisation.edited")
        )
        assert edited.actor_id is not None
        assert edited.details == {"kind": ["not-set", "other"]}
    assert "Not yet set" not in organiser.get(untyped).get_data(as_text=True)


def test_the_type_shows_as_not_yet_set_and_organisers_can_list_those(app, organiser, untyped):
    page = organiser.get(untyped).get_data(as_text=True)
    assert "Not yet set" in page and "Civil society organisation" not in page
    everything = organiser.get("/organisations/").get_data(as_text=True)
    assert "1 organisation has no type yet" in everything
    assert "CIVICUS" in everything and "Not yet set" in everything
    waiting = organiser.get("/organisations/?kind=not-set").get_data(as_text=True)
    assert "Tatmadaw" in waiting and "CIVICUS" not in waiting
    civil_society = organiser.get("/organisations/?kind=cso").get_data(as_text=True)
    assert "CIVICUS" in civil_society and "Tatmadaw" not in civil_society
    assert organiser.get("/organisations/?kind=junta").status_code == 200  # all, unfiltered
