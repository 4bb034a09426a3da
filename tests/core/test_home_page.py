# ruff: noqa: RUF001 (dates and times are printed with en dashes)
"""The home page: what Parley is, the upcoming and past dialogues, searched, filtered, paged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.dialogues.listing import may_see, viewable_by
from core.models import Dialogue, DialogueStatus, Role, Series
from tests import factories
from tests.core.test_dialogues import count_queries

PAST = datetime(2019, 5, 1, tzinfo=UTC)


def sections(html: str) -> tuple[str, str]:
    """The upcoming and the past section of the home page."""
    upcoming, past = html.split('id="past-title"', 1)
    return upcoming.split('id="upcoming-title"', 1)[1], past


def test_the_home_page_says_what_parley_is_and_for_whom(client):
    html = client.get("/").get_data(as_text=True)
    assert "Parley runs policy dialogues on human rights" in html
    assert "civil-society organisations that take part" in html
    assert 'role="search"' in html


def test_each_dialogue_shows_all_its_days_in_its_own_zone(app, client):
    """17 Nov 09:00 to 18 Nov 16:00 in Jakarta: both days, however UTC splits them."""
    with app.app_context():
        factories.dialogue(title="Two-day dialogue")
        factories.dialogue(
            title="Across two months",
            starts_at=datetime(2030, 11, 30, 2, 0, tzinfo=UTC),
            ends_at=datetime(2030, 12, 1, 9, 0, tzinfo=UTC),
        )
        db_session().commit()
    upcoming = sections(client.get("/").get_data(as_text=True))[0]
    assert (
        '<time datetime="2030-11-17">17</time>–<time datetime="2030-11-18">18 November 2030</time>'
        in upcoming
    )
    assert "30 November</time> – <time" in upcoming and "1 December 2030</time>" in upcoming


def test_search_ignores_case_and_diacritics(app, client):
    with app.app_context():
        factories.dialogue(title="Đối thoại Hà Nội", theme="Quyền của người lao động")
        factories.dialogue(title="Jakarta dialogue", theme="Business and human rights")
        factories.dialogue(title="Bangkok forum", city="Bangkok", starts_at=PAST)
        db_session().commit()
    html = client.get("/?q=HA+NOI").get_data(as_text=True)
    assert "Đối thoại Hà Nội" in html and "Jakarta dialogue" not in html
    assert "Đối thoại Hà Nội" in client.get("/?q=nguoi lao").get_data(as_text=True)
    html = client.get("/?q=bangkok").get_data(as_text=True)
    assert "Bangkok forum" in sections(html)[1] and "Jakarta dialogue" not in html
    # wildcards are taken literally
    assert "Jakarta dialogue" not in client.get("/?q=%25").get_data(as_text=True)


def test_filters_by_series_year_and_host_country(app, client):
    with app.app_context():
        ahrd = Series(slug="ahrd", name="ASEAN Human Rights Dialogue")
        db_session().add(ahrd)
        db_session().flush()
        factories.dialogue(title="Seventh AHRD", series_id=ahrd.id, country="Indonesia")
        factories.dialogue(
            title="Fifth AHRD", series_id=ahrd.id, country="Thailand", starts_at=PAST
        )
        factories.dialogue(title="Other forum", country="Indonesia")
        db_session().commit()
    html = client.get("/?series=ahrd").get_data(as_text=True)
    assert "Seventh AHRD" in html and "Fifth AHRD" in html and "Other forum" not in html
    html = client.get("/?year=2019").get_data(as_text=True)
    assert "Fifth AHRD" in html and "Seventh AHRD" not in html
    html = client.get("/?country=indonesia&series=ahrd").get_data(as_text=True)
    assert "Seventh AHRD" in html and "Other forum" not in html and "Fifth AHRD" not in html
    assert '<option value="Thailand">Thailand</option>' in html
    assert '<option value="2019">2019</option>' in html


def test_an_empty_result_says_so_and_offers_to_clear_the_filters(app, client):
    with app.app_context():
        factories.dialogue(title="Jakarta dialogue")
        db_session().commit()
    html = client.get("/?q=nothing+like+this").get_data(as_text=True)
    assert "No dialogue matches “nothing like this”" in html
    assert '<a href="/">Clear the filters</a>' in html
    assert "Jakarta dialogue" not in html


def test_past_dialogues_are_paged_in_sql_and_links_keep_the_filters(app, client):
    with app.app_context():
        for n in range(25):
            factories.dialogue(title=f"Past forum {n:02d}", starts_at=PAST.replace(day=n + 1))
        db_session().commit()
    html = client.get("/?q=forum").get_data(as_text=True)
    past = sections(html)[1]
    assert "Past forum 24" in past and "Past forum 04" not in past  # newest first
    assert "Showing 1\u201320 of 25 dialogues" in past
    assert 'href="/?q=forum&amp;past_page=2"' in past
    second = sections(client.get("/?q=forum&past_page=2").get_data(as_text=True))[1]
    assert "Past forum 04" in second and "Past forum 24" not in second
    assert "Showing 21\u201325 of 25 dialogues" in second


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999999999999999999", "2.5", "\u0661"])
def test_a_bad_page_number_never_fails(app, client, page):
    with app.app_context():
        factories.dialogue(title="Past forum", starts_at=PAST)
        db_session().commit()
    response = client.get(f"/?past_page={page}&upcoming_page={page}")
    assert response.status_code == 200
    assert "Past forum" in response.get_data(as_text=True)


def test_drafts_stay_hidden_from_visitors_in_the_list_and_the_filters(app, client):
    with app.app_context():
        factories.dialogue(
            title="Secret draft", country="Myanmar", status=DialogueStatus.DRAFT, starts_at=PAST
        )
        db_session().commit()
    html = client.get("/").get_data(as_text=True)
    assert "Secret draft" not in html and "Myanmar" not in html and "2019" not in html
    assert "Secret draft" not in client.get("/?q=secret").get_data(as_text=True)


def test_the_list_follows_the_rule_of_the_dialogue_page_for_everyone(app):
    with app.app_context():
        own = factories.dialogue(status=DialogueStatus.DRAFT)
        other = factories.dialogue(status=DialogueStatus.DRAFT)
        factories.dialogue(status=DialogueStatus.PUBLISHED)
        factories.dialogue(status=DialogueStatus.CLOSED)
        viewers = [
            None,
            factories.user(),
            factories.user(Role.ORGANISER, dialogue=own),
            factories.user(Role.ORGANISER),
            factories.user(Role.ADMINISTRATOR),
        ]
        db_session().commit()
        dialogues = db_session().scalars(sa.select(Dialogue)).all()
        seen_by_someone = set()
        for viewer in viewers:
            listed = set(db_session().scalars(sa.select(Dialogue.id).where(viewable_by(viewer))))
            assert listed == {d.id for d in dialogues if may_see(viewer, d)}
            seen_by_someone |= listed
        assert other.id in seen_by_someone and len(seen_by_someone) == 4


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "organiser"])
def test_home_page_queries_do_not_grow_with_dialogues(app, client, signed_in):
    with app.app_context():
        organiser = factories.user(Role.ORGANISER)
        db_session().add(Series(slug="s", name="Series"))
        db_session().commit()
    if signed_in:
        factories.login(client, organiser)

    def add(n: int) -> None:
        with app.app_context():
            series_id = db_session().scalar(sa.select(Series.id))
            for i in range(n):
                factories.dialogue(series_id=series_id, country=f"Country {i}")
                factories.dialogue(series_id=series_id, starts_at=PAST)
            db_session().commit()

    add(2)
    few = count_queries(app, "/?q=dialogue&past_page=1", client)
    add(30)
    assert count_queries(app, "/?q=dialogue&past_page=1", client) == few
