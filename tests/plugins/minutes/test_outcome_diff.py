"""The difference between two published versions is made of what its reader may see: a
participant who asked to stay anonymous, mentioned in both versions, is named on an organiser's
diff and on nobody else's."""

from __future__ import annotations

import pytest

from core.db import db_session
from core.models import Category, Dialogue, ParticipationStatus, Role, Visibility
from tests import factories
from tests.plugins.minutes.conftest import OPEN_SESSION, publish, save, signed_in

CANARY = "Nang Canary Seng"
CANARY_ORG = "Canary Shan Women Network"


@pytest.fixture
def diffed(app, world):
    """The canary mentioned in two published versions, on a line that changed and beside one
    that did, in the record's text and in a session's minutes; the diff's URL."""
    with app.app_context():
        dialogue = db_session().get(Dialogue, world.dialogue_id)
        canary = factories.participation(
            dialogue,
            factories.person(name=CANARY, organisation=factories.organisation(name=CANARY_ORG)),
            visibility=Visibility.ANONYMOUS,
            category=Category.CSO,
            status=ParticipationStatus.ACCREDITED,
        ).id
        db_session().commit()
    rapporteur = signed_in(app, world.rapporteur)
    record = f"@[{canary}] opened the dialogue.\n\nThe agenda was adopted."
    session = f"@[{canary}] spoke of land rights.\n\n@[{world.public_id}] replied."
    save(rapporteur, world.slug, record, 0)
    save(rapporteur, world.slug, session, 0, OPEN_SESSION)
    assert publish(app, world, changes="First").status_code == 302
    save(rapporteur, world.slug, record.replace("adopted", "adopted as amended"), 1)
    save(rapporteur, world.slug, session.replace("land", "land and water"), 1, OPEN_SESSION)
    assert publish(app, world, changes="Corrected").status_code == 302
    return f"/dialogues/{world.slug}/outcome/diff?from=1&to=2"


def _diff(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<p class="add">' in html and '<p class="del">' in html  # a real difference
    return html


def test_a_visitor_s_diff_names_the_anonymous_participant_nowhere(app, world, diffed):
    html = _diff(app.test_client(), diffed)
    assert CANARY not in html and CANARY_ORG not in html
    assert "a CSO representative spoke of land and water rights." in html
    assert "Open Speaker replied." in html  # a public participant is named: a diff with names


@pytest.mark.parametrize("who", ["participant", "rapporteur", "other organiser"])
def test_no_other_reader_s_diff_names_them_either(app, world, diffed, who):
    if who == "other organiser":
        with app.app_context():
            user = factories.user(Role.ORGANISER, dialogue=factories.dialogue(slug="other"))
            db_session().commit()
    else:
        user = getattr(world, who)
    html = _diff(signed_in(app, user), diffed)
    assert CANARY not in html and CANARY_ORG not in html


def test_the_organiser_s_diff_names_them(app, world, diffed):
    html = _diff(signed_in(app, world.organiser), diffed)
    assert f"{CANARY} ({CANARY_ORG}) spoke of land and water rights." in html
    assert f"{CANARY} ({CANARY_ORG}) spoke of land rights." in html
