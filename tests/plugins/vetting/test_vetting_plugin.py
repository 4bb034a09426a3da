"""The engagement statement on each dialogue page: lists, versions, dates, unresolved count."""

from __future__ import annotations

import pytest

from core.db import db_session
from core.gate import GateBlocked
from core.models import Role
from tests import factories

from .world import LIST_NAME, keep_list, open_category, sign_up


def test_without_a_list_the_page_says_nobody_is_screened(ctx, client, dialogue_slug):
    page = client.get(f"/dialogues/{dialogue_slug}").get_data(as_text=True)
    assert (
        "No non-engagement list is in use: nobody taking part in this dialogue is screened" in page
    )


def test_the_statement_names_lists_versions_and_unresolved_findings_but_nobody(ctx, client):
    keep_list()
    dialogue = factories.dialogue(slug="d")
    person = factories.person(name="Min Aung Hlaing")
    organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
    db_session().commit()
    with pytest.raises(GateBlocked):
        sign_up(open_category(dialogue), person)
    page = client.get("/dialogues/d").get_data(as_text=True)
    assert "Engagement statement" in page
    assert f"{LIST_NAME}, version 1 of" in page and "(3 entries)" in page
    assert "not yet screened again against those already taking part" in page
    assert "1 possible match</strong> is awaiting review" in page
    assert "Min Aung Hlaing" not in page and "HLAING" not in page
    assert "Review the screening findings" not in page
    factories.login(client, organiser)
    assert "Review the screening findings" in client.get("/dialogues/d").get_data(as_text=True)


def test_a_finding_in_another_dialogue_is_not_counted(ctx, client):
    keep_list()
    factories.dialogue(slug="d")
    other = factories.dialogue(slug="e")
    person = factories.person(name="Min Aung Hlaing")
    db_session().commit()
    with pytest.raises(GateBlocked):
        sign_up(open_category(other), person)
    assert "No finding awaits review" in client.get("/dialogues/d").get_data(as_text=True)
    assert "1 possible match" in client.get("/dialogues/e").get_data(as_text=True)
