"""The programme's pages and calendars ask the database as often for 5 sessions as for 50:
the whole programme on one page, in the venue's zone and another, a day that gains sessions,
the dialogue's .ics and a personal feed."""

from __future__ import annotations

import pytest

from tests import factories
from tests.core.test_dialogues import count_queries
from tests.plugins.sessions.test_feeds import personal_link, signed_in
from tests.plugins.sessions.test_timetable import add_programme, world  # noqa: F401

PAGES = [
    "/dialogues/d/programme?day=all",
    "/dialogues/d/programme?day=all&tz=Europe/Brussels",
    "/dialogues/d/programme?day=2030-11-18",  # the day the sessions are added to
    "/dialogues/d/programme.ics",
]


@pytest.mark.parametrize("who", [None, "cso", "organiser"])
@pytest.mark.parametrize("url", PAGES)
def test_queries_are_the_same_for_5_and_50_sessions(app, world, who, url):  # noqa: F811
    client = app.test_client()
    if who:
        factories.login(client, world[who])
    add_programme(app, 5, 5)
    few = count_queries(app, url, client)
    add_programme(app, 45, 20)
    assert count_queries(app, url, client) == few


def test_a_personal_feed_asks_as_often_for_5_sessions_as_for_50(app, world):  # noqa: F811
    link = personal_link(signed_in(app, world["cso"]))
    client = app.test_client()
    add_programme(app, 5, 5)
    few = count_queries(app, link, client)
    add_programme(app, 45, 20)
    assert count_queries(app, link, client) == few
