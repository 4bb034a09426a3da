"""``named_to`` selects in SQL exactly the participations ``view_participation`` names.

Every visibility, of a participation that is the viewer's own, their focal organisation's or
someone else's, for every standing, for a viewer made for the listed dialogue or another one:
the set the SQL condition selects is the set the one rule names.
"""

from __future__ import annotations

import itertools

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import Participation, ParticipationStatus, Visibility
from core.visibility import Standing, Viewer, named_to, view_participation
from tests import factories


@pytest.fixture
def world(app):
    with app.app_context():
        dialogues = [factories.dialogue(), factories.dialogue()]
        organisations = [factories.organisation() for _ in range(3)]
        people = []
        statuses = itertools.cycle(ParticipationStatus)
        for visibility, organisation in itertools.product(Visibility, [*organisations, None]):
            person = factories.person(organisation=organisation)
            people.append(person.id)
            for dialogue in dialogues:
                factories.participation(
                    dialogue,
                    person,
                    visibility=visibility,
                    status=next(statuses),
                    organisation=organisation,
                )
        db_session().commit()
        yield [d.id for d in dialogues], [o.id for o in organisations], people


def test_the_sql_condition_selects_whom_the_rule_names(app, world):
    dialogue_ids, (a, b, c), people = world
    with app.app_context():
        participations = list(db_session().scalars(sa.select(Participation)))
        checked = 0
        for standing, viewer_dialogue, person_id, focal in itertools.product(
            Standing,
            dialogue_ids,
            [None, *people],
            [frozenset(), frozenset({a}), frozenset({a, b}), frozenset({c})],
        ):
            viewer = Viewer(viewer_dialogue, None, person_id, standing, focal)
            for listed in dialogue_ids:
                selected = set(
                    db_session().scalars(
                        sa.select(Participation.id).where(named_to(viewer, listed))
                    )
                )
                expected = {
                    p.id
                    for p in participations
                    if p.dialogue_id == listed and view_participation(viewer, p).named
                }
                assert selected == expected, (viewer, listed)
                checked += 1
        assert checked == len(Standing) * 2 * (len(people) + 1) * 4 * 2


def test_the_condition_does_not_grow_with_the_focal_organisations(app, world):
    """Organisations the rule shows alike share one condition: a focal point of many
    organisations gets a query of the same size as a focal point of two."""
    dialogue_ids, (a, b, _c), _people = world
    with app.app_context():

        def sql(focal: frozenset[int]) -> str:
            viewer = Viewer(dialogue_ids[0], None, None, Standing.VISITOR, focal)
            query = sa.select(Participation.id).where(named_to(viewer, dialogue_ids[0]))
            return str(query.compile(compile_kwargs={"render_postcompile": True}))

        assert sql(frozenset({a, b})).count("organisation_id IN") == 1
        assert sql(frozenset(range(1, 50))).count("organisation_id IN") == 1
