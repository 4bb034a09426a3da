"""The one visibility function, as a matrix: viewer standing by chosen visibility."""

from __future__ import annotations

import pytest

from core.db import db_session
from core.models import Category, ParticipationStatus, Role, Visibility
from core.visibility import (
    TAKING_PART,
    Standing,
    Viewer,
    summarise_organisations,
    view_participation,
)
from tests import factories

CANARY = "Canary Kyaw Zin"

# named? for each (viewer, visibility)
MATRIX = {
    "visitor": {"public": True, "participants": False, "organisers": False, "anonymous": False},
    "participant": {"public": True, "participants": True, "organisers": False, "anonymous": False},
    "organiser": {"public": True, "participants": True, "organisers": True, "anonymous": True},
    "self": {"public": True, "participants": True, "organisers": True, "anonymous": True},
    "administrator": {"public": True, "participants": True, "organisers": True, "anonymous": True},
    "focal point of the organisation": dict.fromkeys(
        ("public", "participants", "organisers", "anonymous"), True
    ),
    "focal point of another organisation": {
        "public": True,
        "participants": False,
        "organisers": False,
        "anonymous": False,
    },
}


@pytest.fixture
def world(ctx):
    dialogue = factories.dialogue()
    org = factories.organisation(name="Canary Collective")
    subjects = {
        v.value: factories.participation(
            dialogue,
            factories.person(name=CANARY, organisation=org),
            visibility=v,
            category=Category.CSO,
        )
        for v in Visibility
    }
    participant_user = factories.user()
    factories.participation(
        dialogue, factories.person(user_id=participant_user.id), status=ParticipationStatus.ATTENDED
    )
    organiser_user = factories.user(Role.ORGANISER, dialogue=dialogue)
    db_session().commit()
    return dialogue, subjects, participant_user, organiser_user


def viewers(dialogue, participant_user, organiser_user, subject) -> dict[str, Viewer]:
    return {
        "visitor": Viewer.for_dialogue(None, dialogue),
        "participant": Viewer.for_dialogue(participant_user, dialogue),
        "organiser": Viewer.for_dialogue(organiser_user, dialogue),
        "self": Viewer(
            dialogue_id=dialogue.id,
            user_id=None,
            person_id=subject.person_id,
            standing=Standing.VISITOR,
        ),
        "administrator": Viewer.for_dialogue(factories.user(Role.ADMINISTRATOR), dialogue),
        "focal point of the organisation": Viewer.for_dialogue(
            focal_point_of(subject.organisation_id), dialogue
        ),
        "focal point of another organisation": Viewer.for_dialogue(
            focal_point_of(factories.organisation().id), dialogue
        ),
    }


def focal_point_of(organisation_id: int):
    from core.models import FocalPoint

    user = factories.user()
    db_session().add(FocalPoint(user_id=user.id, organisation_id=organisation_id))
    db_session().flush()
    return user


@pytest.mark.parametrize("visibility", [v.value for v in Visibility])
def test_matrix(world, visibility):
    dialogue, subjects, participant_user, organiser_user = world
    subject = subjects[visibility]
    for name, viewer in viewers(dialogue, participant_user, organiser_user, subject).items():
        view = view_participation(viewer, subject)
        expected = MATRIX[name][visibility]
        assert view.named is expected, (name, visibility)
        if expected:
            assert view.label == CANARY and view.organisation == "Canary Collective"
        else:
            assert CANARY not in view.label and view.organisation is None
            assert view.label == "a CSO representative"


def test_viewer_standing(world):
    dialogue, _subjects, participant_user, organiser_user = world
    assert Viewer.for_dialogue(participant_user, dialogue).standing is Standing.PARTICIPANT
    assert Viewer.for_dialogue(organiser_user, dialogue).standing is Standing.ORGANISER
    other = factories.dialogue()
    assert Viewer.for_dialogue(participant_user, other).standing is Standing.VISITOR
    assert Viewer.for_dialogue(organiser_user, other).standing is Standing.VISITOR


def test_an_invited_person_is_not_yet_a_participant(ctx):
    dialogue = factories.dialogue()
    user = factories.user()
    factories.participation(
        dialogue, factories.person(user_id=user.id), status=ParticipationStatus.INVITED
    )
    assert Viewer.for_dialogue(user, dialogue).standing is Standing.VISITOR


def test_an_organisation_is_named_only_through_a_visible_participation(world):
    dialogue, _subjects, *_ = world
    anonymous_only = factories.organisation(name="Hidden Org")
    factories.participation(dialogue, organisation=anonymous_only, visibility=Visibility.ANONYMOUS)
    summary = summarise_organisations(Viewer.anonymous(dialogue.id), dialogue.id)
    assert summary.named == ["Canary Collective"]
    assert summary.unnamed_count == 1


def test_a_user_sees_their_own_participation_through_for_dialogue(ctx):
    dialogue = factories.dialogue()
    user = factories.user()
    mine = factories.participation(
        dialogue,
        factories.person(name=CANARY, user_id=user.id),
        visibility=Visibility.ANONYMOUS,
        status=ParticipationStatus.REGISTERED,
    )
    db_session().commit()
    view = view_participation(Viewer.for_dialogue(user, dialogue), mine)
    assert view.named and view.label == CANARY


def test_a_viewer_made_for_another_dialogue_sees_as_a_visitor(world):
    _dialogue, subjects, _participant, _organiser = world
    elsewhere = factories.dialogue()
    organiser_elsewhere = Viewer.for_dialogue(
        factories.user(Role.ORGANISER, dialogue=elsewhere), elsewhere
    )
    assert organiser_elsewhere.standing is Standing.ORGANISER
    assert not view_participation(organiser_elsewhere, subjects["participants"]).named
    assert view_participation(organiser_elsewhere, subjects["public"]).named


def test_organisations_summary_for_an_organiser_names_everyone(world):
    dialogue, _subjects, _participant, organiser_user = world
    factories.participation(
        dialogue,
        organisation=factories.organisation(name="Hidden Org"),
        visibility=Visibility.ANONYMOUS,
    )
    viewer = Viewer.for_dialogue(organiser_user, dialogue)
    summary = summarise_organisations(viewer, dialogue.id)
    assert summary.named == ["Canary Collective", "Hidden Org"] and summary.unnamed_count == 0


def test_a_focal_point_sees_their_own_organisations_people(ctx):
    from core.models import FocalPoint

    dialogue = factories.dialogue()
    org = factories.organisation(name="Canary Collective")
    hidden = factories.participation(
        dialogue, factories.person(name=CANARY, organisation=org), visibility=Visibility.ANONYMOUS
    )
    other = factories.participation(
        dialogue,
        factories.person(name="Someone Else", organisation=factories.organisation()),
        visibility=Visibility.ANONYMOUS,
    )
    focal = factories.user()
    db_session().add(FocalPoint(user_id=focal.id, organisation_id=org.id))
    db_session().commit()
    viewer = Viewer.for_dialogue(focal, dialogue)
    assert view_participation(viewer, hidden).named
    assert not view_participation(viewer, other).named


def test_the_grouped_summary_follows_the_rule_for_every_viewer(world):
    """The dialogue page's summary, grouped in the database, names exactly the organisations
    that ``view_participation`` names through some participation taking part, and counts the
    others, for every kind of viewer, over a crowd of every visibility and status."""
    import random

    dialogue, subjects, participant_user, organiser_user = world
    rng = random.Random(14)
    organisations = [factories.organisation(name=f"Crowd organisation {n}") for n in range(12)]
    crowd = [
        factories.participation(
            dialogue,
            organisation=rng.choice(organisations),
            visibility=rng.choice(list(Visibility)),
            status=rng.choice(list(ParticipationStatus)),
        )
        for _ in range(120)
    ]
    everyone = [*subjects.values(), *crowd]
    for subject in (subjects["anonymous"], crowd[0]):
        for name, viewer in viewers(dialogue, participant_user, organiser_user, subject).items():
            taking_part = [p for p in everyone if p.status in TAKING_PART]
            shown = {
                p.organisation.display_name
                for p in taking_part
                if view_participation(viewer, p).organisation
            }
            unnamed = {
                p.organisation_id for p in taking_part if p.organisation.display_name not in shown
            }
            summary = summarise_organisations(viewer, dialogue.id)
            assert summary.named == sorted(shown), name
            assert summary.unnamed_count == len(unnamed), name
