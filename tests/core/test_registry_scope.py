"""The scoped registry: an organiser of some dialogues picks and looks up only the people and
organisations already in those dialogues, and organisations a visitor sees named; an organiser
of every dialogue keeps the whole registry. Nobody names on a public page, as a chair or a
co-host, someone who asked not to be named."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import (
    Category,
    Dialogue,
    DialogueChair,
    DialogueHost,
    DialogueStatus,
    Invitation,
    InvitationState,
    ParticipationStatus,
    Role,
    Visibility,
)
from tests import factories
from tests.core.test_dialogues import VALID

# what dialogue A's organiser may be offered, and what they must never see
OWN = (
    "Alice Public",
    "Anna Hidden",
    "Ivy Invited",
    "Chester Chair A",
    "Open Alliance",
    "Quiet Circle A",
    "Invited Org A",
    "Host Org A",
    "Public Org C",  # named on dialogue B's public page: public
)
FOREIGN = (
    "Boris Secret",
    "Hidden Collective B",
    "Bella Invitee",
    "Invited Org B",
    "Chloe Chair B",
    "Host Org B",
    "Carl Open",  # public on dialogue B, but a person of B only: not in A's registry
    "Registry Only Person",
    "Registry Only Org",
    "Drafty Org",  # public visibility, but in a draft dialogue: nobody sees it named
)


def anonymous_of_another_dialogue() -> int:
    """Another dialogue, ``b``, with an anonymous participant of an organisation nobody
    names: the id of their participation (for the plugins' pickers)."""
    b = factories.dialogue(slug="b", title="Dialogue B")
    hidden_org = factories.organisation(name="Hidden Collective B")
    boris = factories.participation(
        b,
        factories.person(name="Boris Secret", organisation=hidden_org),
        visibility=Visibility.ANONYMOUS,
    )
    db_session().commit()
    return boris.id


@pytest.fixture
def world(app):
    with app.app_context():
        a = factories.dialogue(slug="a", title="Dialogue A")
        b = factories.dialogue(slug="b", title="Dialogue B")
        draft = factories.dialogue(slug="draft", status=DialogueStatus.DRAFT)
        org = factories.organisation
        ids = {}

        def take_part(dialogue, name, organisation, visibility, **kw):
            person = factories.person(name=name, organisation=organisation)
            factories.participation(dialogue, person, visibility=visibility, **kw)
            ids[name] = person.id
            ids[organisation.name] = organisation.id
            return person

        take_part(a, "Alice Public", org(name="Open Alliance"), Visibility.PUBLIC)
        take_part(a, "Anna Hidden", org(name="Quiet Circle A"), Visibility.ANONYMOUS)
        take_part(b, "Boris Secret", org(name="Hidden Collective B"), Visibility.ANONYMOUS)
        take_part(b, "Carl Open", org(name="Public Org C"), Visibility.PUBLIC)
        take_part(draft, "Dora Draft", org(name="Drafty Org"), Visibility.PUBLIC)
        for dialogue, person, organisation in (
            (a, "Ivy Invited", "Invited Org A"),
            (b, "Bella Invitee", "Invited Org B"),
        ):
            o = org(name=organisation)
            p = factories.person(name=person)
            db_session().add(
                Invitation(
                    dialogue_id=dialogue.id,
                    category=Category.CSO,
                    person_id=p.id,
                    organisation_id=o.id,
                    email=f"{p.id}@example.org",
                    state=InvitationState.SENT,
                )
            )
            ids[person], ids[organisation] = p.id, o.id
        for dialogue, chair, host in (
            (a, "Chester Chair A", "Host Org A"),
            (b, "Chloe Chair B", "Host Org B"),
        ):
            person, organisation = factories.person(name=chair), org(name=host)
            dialogue.chairs = [DialogueChair(person=person)]
            dialogue.hosts = [DialogueHost(organisation=organisation)]
            ids[chair], ids[host] = person.id, organisation.id
        ids["Registry Only Person"] = factories.person(name="Registry Only Person").id
        ids["Registry Only Org"] = org(name="Registry Only Org").id
        organiser = factories.user(Role.ORGANISER, dialogue=a)
        everywhere = factories.user(Role.ORGANISER)
        db_session().commit()
        return {"ids": ids, "organiser": organiser, "global": everywhere}


def signed_in(app, user):
    client = app.test_client()
    factories.login(client, user)
    return client


def edit_data(ids, *, chairs=(), hosts=()):
    return {
        **VALID,
        "slug": "a",
        "chair_ids": [str(ids[n]) for n in chairs],
        "host_ids": [str(ids[n]) for n in hosts],
    }


def chairs_and_hosts(app) -> tuple[list[str], list[str]]:
    with app.app_context():
        dialogue = db_session().scalar(sa.select(Dialogue).where(Dialogue.slug == "a"))
        return (
            [c.person.name for c in dialogue.chairs],
            [h.organisation.name for h in dialogue.hosts],
        )


def test_an_organiser_of_one_dialogue_is_offered_only_its_people_and_public_organisations(
    app, world
):
    form = signed_in(app, world["organiser"]).get("/dialogues/a/edit").get_data(as_text=True)
    for name in OWN:
        assert name in form
    for name in FOREIGN:
        assert name not in form, f"{name} is offered to an organiser of another dialogue"


def test_an_organiser_of_every_dialogue_keeps_the_whole_registry(app, world):
    form = signed_in(app, world["global"]).get("/dialogues/a/edit").get_data(as_text=True)
    for name in OWN + FOREIGN:
        assert name in form


@pytest.mark.parametrize(
    ("chairs", "hosts", "field"),
    [
        (["Boris Secret"], [], "chair_ids"),
        (["Registry Only Person"], [], "chair_ids"),
        (["Carl Open"], [], "chair_ids"),
        ([], ["Hidden Collective B"], "host_ids"),
        ([], ["Registry Only Org"], "host_ids"),
    ],
)
def test_an_id_from_outside_the_scope_posted_by_hand_is_refused(app, world, chairs, hosts, field):
    client = signed_in(app, world["organiser"])
    response = client.post(
        "/dialogues/a/edit", data=edit_data(world["ids"], chairs=chairs, hosts=hosts)
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'form-group-error" id="{field}"' in html
    for name in chairs + hosts:
        assert name not in html  # the refusal names nobody it does not offer
    assert chairs_and_hosts(app) == (["Chester Chair A"], ["Host Org A"])


def test_the_scope_is_checked_even_where_the_offered_choices_would_let_an_id_through(app, world):
    """The choices are built from the scope; the check does not rest on them alone."""
    from core.dialogues import service

    original = service.fill_choices

    def offer_everyone(form, exclude=None):
        original(form, exclude)
        from wtforms import SelectChoice

        boris = world["ids"]["Boris Secret"]
        form.chair_ids.choices = [*form.chair_ids.choices, SelectChoice(boris, "Boris Secret")]
        form.names["chair_ids"][boris] = "Boris Secret"

    client = signed_in(app, world["organiser"])
    import core.dialogues.views as views

    views.fill_choices, saved = offer_everyone, views.fill_choices
    try:
        response = client.post(
            "/dialogues/a/edit", data=edit_data(world["ids"], chairs=["Boris Secret"])
        )
    finally:
        views.fill_choices = saved
    assert response.status_code == 422
    assert chairs_and_hosts(app) == (["Chester Chair A"], ["Host Org A"])


@pytest.mark.parametrize("who", ["organiser", "global"])
def test_a_chair_or_co_host_who_asked_not_to_be_named_is_refused_with_a_message(app, world, who):
    client = signed_in(app, world[who])
    response = client.post(
        "/dialogues/a/edit", data=edit_data(world["ids"], chairs=["Anna Hidden"])
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Anna Hidden asked not to be named in public" in html
    assert 'form-group-error" id="chair_ids"' in html
    response = client.post(
        "/dialogues/a/edit", data=edit_data(world["ids"], hosts=["Quiet Circle A"])
    )
    assert response.status_code == 422
    assert "Quiet Circle A asked not to be named in public" in response.get_data(as_text=True)
    assert chairs_and_hosts(app) == (["Chester Chair A"], ["Host Org A"])


def test_a_global_organiser_cannot_name_another_dialogues_anonymous_people_either(app, world):
    client = signed_in(app, world["global"])
    data = edit_data(world["ids"], chairs=["Boris Secret"], hosts=["Hidden Collective B"])
    response = client.post("/dialogues/a/edit", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Boris Secret asked not to be named in public" in html
    assert "Hidden Collective B asked not to be named in public" in html


def test_public_people_and_organisations_in_scope_are_named(app, world):
    client = signed_in(app, world["organiser"])
    data = edit_data(
        world["ids"],
        chairs=["Alice Public", "Chester Chair A", "Ivy Invited"],
        hosts=["Open Alliance", "Public Org C", "Host Org A"],
    )
    assert client.post("/dialogues/a/edit", data=data).status_code == 302
    assert chairs_and_hosts(app) == (
        ["Alice Public", "Chester Chair A", "Ivy Invited"],
        ["Open Alliance", "Public Org C", "Host Org A"],
    )
    page = client.get("/dialogues/a").get_data(as_text=True)
    assert "Alice Public" in page and "Public Org C" in page


def test_someone_public_elsewhere_is_refused_where_they_asked_not_to_be_named(app, world):
    """Named in public on dialogue A, anonymous on B: B's page may not name them as its chair."""
    with app.app_context():
        b = db_session().scalar(sa.select(Dialogue).where(Dialogue.slug == "b"))
        alice = db_session().get(factories.Person, world["ids"]["Alice Public"])
        factories.participation(b, alice, visibility=Visibility.PARTICIPANTS)
        db_session().commit()
    client = signed_in(app, world["global"])
    data = {**VALID, "slug": "b", "chair_ids": [str(world["ids"]["Alice Public"])]}
    response = client.post("/dialogues/b/edit", data=data)
    assert response.status_code == 422
    assert "Alice Public asked not to be named in public" in response.get_data(as_text=True)


def test_the_pickers_mark_who_asked_not_to_be_named(app, world):
    form = signed_in(app, world["organiser"]).get("/dialogues/a/edit").get_data(as_text=True)
    line = next(line for line in form.splitlines() if "Anna Hidden" in line)
    assert "asked not to be named in public" in line
    line = next(line for line in form.splitlines() if "Alice Public" in line)
    assert "asked not to be named" not in line


def test_registry_scope_lists_ids(app, world):
    from core.plugin_api import registry_scope

    ids = world["ids"]
    with app.test_request_context():
        organiser = db_session().merge(world["organiser"])
        scope = registry_scope(organiser)
        assert not scope.whole
        people = set(db_session().scalars(scope.person_ids()))
        organisations = set(db_session().scalars(scope.organisation_ids()))
        assert people == {
            ids[n] for n in ("Alice Public", "Anna Hidden", "Ivy Invited", "Chester Chair A")
        }
        assert organisations == {
            ids[n]
            for n in (
                "Open Alliance",
                "Quiet Circle A",
                "Invited Org A",
                "Host Org A",
                "Public Org C",
            )
        }
        assert scope.allowed_people([ids["Alice Public"], ids["Boris Secret"]]) == {
            ids["Alice Public"]
        }
        assert scope.allowed_organisations([ids["Hidden Collective B"], ids["Public Org C"]]) == {
            ids["Public Org C"]
        }
        whole = registry_scope(db_session().merge(world["global"]))
        assert whole.whole
        assert whole.allowed_people([ids["Boris Secret"]]) == {ids["Boris Secret"]}
        nobody = registry_scope(None)
        assert set(db_session().scalars(nobody.person_ids())) == set()
        # a visitor looks up nobody, but organisations anyone sees named are public
        assert set(db_session().scalars(nobody.organisation_ids())) == {
            ids["Public Org C"],
            ids["Open Alliance"],
        }


def test_the_sql_form_of_the_visitor_rule_agrees_with_the_python_rule(app):
    """``publicly_named_organisations`` names what ``summarise_organisations`` names to a
    visitor, on every public dialogue; ``VISIBLE_TO_VISITORS`` is what ``view_participation``
    shows a visitor."""
    from core.visibility import (
        VISIBLE_TO_VISITORS,
        Viewer,
        publicly_named_organisations,
        summarise_organisations,
        view_participation,
    )

    with app.app_context():
        dialogues = [
            factories.dialogue(status=status) for status in DialogueStatus for _ in range(2)
        ]
        participations = []
        for i, (visibility, status) in enumerate(
            (v, s) for v in Visibility for s in ParticipationStatus
        ):
            dialogue = dialogues[i % len(dialogues)]
            organisation = factories.organisation(name=f"Org {visibility} {status} {i}")
            participations.append(
                factories.participation(
                    dialogue, visibility=visibility, status=status, organisation=organisation
                )
            )
        factories.person(organisation=factories.organisation(name="Org of nobody"))
        db_session().commit()
        for participation in participations:
            shown = view_participation(Viewer.anonymous(participation.dialogue_id), participation)
            assert shown.named == (participation.visibility in VISIBLE_TO_VISITORS)
        expected = set()
        for dialogue in dialogues:
            if not dialogue.is_public:
                continue
            from core.visibility import TAKING_PART

            taking_part = [
                p
                for p in participations
                if p.dialogue_id == dialogue.id and p.status in TAKING_PART
            ]
            named = summarise_organisations(Viewer.anonymous(dialogue.id), dialogue.id).named
            expected |= {
                p.organisation_id for p in taking_part if p.organisation.display_name in named
            }
        found = set(db_session().scalars(publicly_named_organisations()))
        assert found == expected
        assert expected  # the world holds some


def test_the_invitation_forms_suggest_only_organisations_in_scope(app, world):
    with app.app_context():
        from core.models import DialogueCategory

        a = db_session().scalar(sa.select(Dialogue).where(Dialogue.slug == "a"))
        db_session().add(DialogueCategory(dialogue_id=a.id, category=Category.CSO))
        db_session().commit()
    page = (
        signed_in(app, world["organiser"]).get("/dialogues/a/invitations/").get_data(as_text=True)
    )
    assert 'list="known-organisations"' in page
    datalist = page.split('<datalist id="known-organisations">', 1)[1].split("</datalist>", 1)[0]
    for name in ("Open Alliance", "Quiet Circle A", "Invited Org A", "Host Org A", "Public Org C"):
        assert f'value="{name}"' in datalist
    for name in FOREIGN:
        assert name not in page
