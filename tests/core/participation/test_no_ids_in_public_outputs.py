"""No public output carries a participation's number: participation ids are small and
sequential, so one in a page, an export, a calendar or a feed link ties what is said of an
anonymous participant to a record, and lets a reader count or enumerate them.

The outputs are every GET route of the URL map, built with the authorisation matrix's resolver
on the canary's world (every plugin's records included), fetched as a visitor. The world's
participations are numbered from ``OFFSET`` so that their numbers cannot be taken for anything
else; a number is found in any form that shows it whole (``@[70003]``, ``participation/70003``,
``p70003``, ``id="pick-70003"``, ``"participation_id": 70003``). The same search finds them in
the organiser's pages and in the stored minutes, so that it is seen to work.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import Category, DialogueStatus, Participation
from tests import factories
from tests.authorisation import ORGANISER, build, routes, signed_in, url

OFFSET = 70000


def _number_from_offset() -> None:
    """Make the next participation number ``OFFSET + 1``, on either database."""
    hidden = factories.dialogue(slug="numbering", status=DialogueStatus.DRAFT)
    db_session().add(
        Participation(
            id=OFFSET,
            dialogue=hidden,
            person=factories.person(name="Placeholder"),
            category=Category.CSO,
        )
    )
    db_session().flush()
    bind = db_session().get_bind()
    if bind.dialect.name == "postgresql":
        db_session().execute(
            sa.text("SELECT setval(pg_get_serial_sequence('participation', 'id'), :n)"),
            {"n": OFFSET},
        )
    db_session().commit()


@pytest.fixture
def world(app):
    with app.test_request_context():
        _number_from_offset()
    users, values = build(app)
    with app.app_context():
        ids = set(
            db_session().scalars(sa.select(Participation.id).where(Participation.id > OFFSET))
        )
    assert ids and min(ids) > OFFSET
    return users, values, ids


DIGITS = re.compile(r"(?<![0-9])[0-9]{5,}(?![0-9])")
DIGEST = re.compile(r"[0-9a-f]{32,}")  # a SHA-256 or an ETag: its digits are no number


def shown_ids(body: str, ids: set[int]) -> set[int]:
    """The numbers among ``ids`` that ``body`` shows whole, in whatever form: every run of
    digits is read as a number, whatever stands around it, but inside a hexadecimal digest."""
    text = DIGEST.sub("-", body)
    return {int(run) for run in DIGITS.findall(text)} & ids


def _public_outputs(app, users, values) -> dict[str, str]:
    """Every GET route's answer to a visitor that is a page or a file (200), by route."""
    client = signed_in(app, users, values, "visitor")
    outputs = {}
    for key, (method, rule) in sorted(routes(app).items()):
        if method != "GET":
            continue
        with client.get(url(rule, values)) as response:
            if response.status_code == 200:
                outputs[key] = response.get_data(as_text=True)
    return outputs


def test_no_public_output_shows_a_participation_number(app, world):
    users, values, ids = world
    outputs = _public_outputs(app, users, values)
    # the outputs that carry the participants: the programme, its calendars and the personal
    # feed, the outcome record and its exports, the recommendation credited to the canary
    for carrying in (
        "GET /dialogues/<slug>/programme",
        "GET /dialogues/<slug>/programme.ics",
        "GET /calendar/<feed_token>.ics",
        "GET /dialogues/<slug>/outcome",
        "GET /dialogues/<slug>/outcome.json",
        "GET /dialogues/<slug>/outcome/versions/<int:number>/public.md",
        "GET /dialogues/<slug>/recommendations/<int:recommendation_id>",
    ):
        assert carrying in outputs, f"{carrying} did not answer a visitor: nothing proved"
    assert len(outputs) > 30
    leaks = {key: shown_ids(body, ids) for key, body in outputs.items()}
    assert {key: found for key, found in leaks.items() if found} == {}


def test_the_search_finds_the_numbers_where_they_are_shown(app, world):
    users, values, ids = world
    # the organiser's review queue ticks participations by number, as a form must
    organiser = signed_in(app, users, values, ORGANISER)
    review = organiser.get(f"/dialogues/{values['slug']}/review/").get_data(as_text=True)
    assert shown_ids(review, ids)
    # the stored minutes write each mention as the participation's number
    with app.app_context():
        from plugins.minutes.models import MinutesVersion

        stored = db_session().scalar(sa.select(MinutesVersion.text))
    assert values["participation_id"] in shown_ids(stored, ids)
    for form in ("p{}", "participation/{}", 'id="pick-{}"', '"participation_id": {}', "#p-{}"):
        assert shown_ids(f"<x>{form.format(values['participation_id'])}</x>", ids)
    number = values["participation_id"]
    assert not shown_ids(f"a{number}0 and 1{number}, {'ab' * 20}{number}{'cd' * 20}", ids)
