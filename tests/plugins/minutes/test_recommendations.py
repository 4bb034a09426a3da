"""Recommendations and their follow-up: due dates, restatements, immutability once published,
responses with evidence, overdue flags, the scorecard and reminders."""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import AuditEvent, Dialogue, OutboxMessage, Series
from plugins.minutes.models import FollowUp, Recommendation, Reminder
from tests import factories
from tests.core.test_dialogues import count_queries
from tests.plugins.minutes.conftest import approve_all, publish, recommendation_data, signed_in
from tests.plugins.minutes.rendered_form import rendered_form


def _new(client, slug, **overrides):
    return client.post(
        f"/dialogues/{slug}/minutes/recommendations/new", data=recommendation_data(**overrides)
    )


def _count(app, model):
    with app.app_context():
        return db_session().scalar(sa.select(sa.func.count()).select_from(model))


def test_a_due_date_before_the_dialogue_is_refused_and_nothing_saved(app, world):
    response = _new(signed_in(app, world.rapporteur), world.slug, due_on="2025-11-16")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The due date cannot be before the dialogue, which began on 17 November 2025" in html
    assert 'href="#due_on"' in html  # the error summary links to the field
    for bad in (
        {"due_on": "not a date"},
        {"text": ""},
        {"addressee": ""},
        {"participation_id": "99999"},
        {"source": "session", "session_id": 0},
        {"contact_email": "no-at-sign"},
    ):
        assert _new(signed_in(app, world.rapporteur), world.slug, **bad).status_code == 422
    assert _count(app, Recommendation) == 0


def test_a_published_recommendation_is_not_changed(app, world):
    rapporteur = signed_in(app, world.rapporteur)
    assert _new(rapporteur, world.slug).status_code == 302
    assert publish(app, world).status_code == 302
    with app.app_context():
        rid = db_session().scalar(sa.select(Recommendation.id))
    edit = f"/dialogues/{world.slug}/minutes/recommendations/{rid}/edit"
    response = rapporteur.post(
        edit, data=recommendation_data(text="Rewritten"), follow_redirects=True
    )
    assert "was published in version 1: it is not changed any more" in response.get_data(
        as_text=True
    )
    with app.app_context():
        assert db_session().get(Recommendation, rid).text.startswith("Establish a formal")


def test_a_restated_recommendation_links_to_the_edition_it_was_first_made_in(app, world):
    rapporteur = signed_in(app, world.rapporteur)
    _new(rapporteur, world.slug)
    publish(app, world)
    with app.app_context():
        first = db_session().get(Dialogue, world.dialogue_id)
        series = Series(slug="ahrd", name="ASEAN Human Rights Dialogue")
        first.series = series
        later = factories.dialogue(
            slug="8th", title="8th Dialogue", series=series, starts_at=date_time(2026, 11, 16)
        )
        organiser = factories.user(factories.Role.ORGANISER, dialogue=later)
        db_session().commit()
        original = db_session().scalar(sa.select(Recommendation.id))
    client = signed_in(app, organiser)
    form = client.get("/dialogues/8th/minutes/recommendations/new").get_data(as_text=True)
    assert "7th ASEAN Human Rights Dialogue, no. 1: Establish a formal mechanism" in form
    assert (
        client.post(
            "/dialogues/8th/minutes/recommendations/new",
            data=recommendation_data(restates_id=original, due_on="2027-11-01"),
        ).status_code
        == 302
    )
    with app.app_context():
        restated = db_session().scalar(
            sa.select(Recommendation).where(Recommendation.id != original)
        )
        assert restated.restates_id == original
        assert restated.first_dialogue_id == world.dialogue_id
    client.post(
        "/dialogues/8th/minutes/recommendations/new",
        data=recommendation_data(restates_id=987654, due_on="2027-11-01"),
    )
    assert _count(app, Recommendation) == 2


def date_time(year, month, day):
    from datetime import UTC, datetime

    return datetime(year, month, day, 2, 0, tzinfo=UTC)


@pytest.fixture
def published(app, world):
    rapporteur = signed_in(app, world.rapporteur)
    _new(rapporteur, world.slug, due_on="2026-01-31")
    _new(
        rapporteur,
        world.slug,
        due_on=(date.today() + timedelta(days=5)).isoformat(),
        addressee="the EU",
        contact_email="hr-office@eeas.example",
    )
    publish(app, world)
    with app.app_context():
        return [
            r.id
            for r in db_session().scalars(sa.select(Recommendation).order_by(Recommendation.number))
        ]


def test_a_response_is_recorded_with_evidence_and_audited(app, world, published):
    rapporteur = signed_in(app, world.rapporteur)
    url = f"/dialogues/{world.slug}/recommendations/{published[0]}/follow-up"
    bad = rapporteur.post(
        url,
        data={
            "responded_on": "2026-02-01",
            "status": "implemented",
            "evidence": "javascript:alert(1)",
        },
    )
    assert bad.status_code == 422
    assert "is not a web address" in bad.get_data(as_text=True)
    early = rapporteur.post(url, data={"responded_on": "2025-01-01", "status": "implemented"})
    assert "A response cannot come before the dialogue" in early.get_data(as_text=True)
    future = rapporteur.post(url, data={"responded_on": "2999-01-01", "status": "implemented"})
    assert "cannot be in the future" in future.get_data(as_text=True)
    assert _count(app, FollowUp) == 0
    assert (
        signed_in(app, world.participant)
        .post(url, data={"responded_on": "2026-02-01", "status": "implemented"})
        .status_code
        == 403
    )
    response = rapporteur.post(
        url,
        data={
            "responded_on": "2026-02-10",
            "status": "partially-implemented",
            "summary": "A complaints desk opened.",
            "evidence": "https://aichr.example/letter\n",
        },
    )
    assert response.status_code == 302
    page = app.test_client().get(f"/dialogues/{world.slug}/recommendations/{published[0]}")
    html = page.get_data(as_text=True)
    assert "10 February 2026: Partially implemented" in html
    assert 'href="https://aichr.example/letter"' in html
    with app.app_context():
        event = db_session().scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "minutes.follow_up_recorded")
        )
        assert event.details["status"] == "partially-implemented"


def test_overdue_recommendations_are_flagged(app, world, published):
    html = app.test_client().get(f"/dialogues/{world.slug}/outcome").get_data(as_text=True)
    assert html.count("tag-overdue") == 1  # due 31 January 2026, no answer
    assert "Awaiting a response" in html  # due in five days


def test_an_unpublished_recommendation_is_not_public(app, world):
    _new(signed_in(app, world.rapporteur), world.slug)
    with app.app_context():
        rid = db_session().scalar(sa.select(Recommendation.id))
    assert (
        app.test_client().get(f"/dialogues/{world.slug}/recommendations/{rid}").status_code == 404
    )


def _series_with(app, world, editions: int, per_edition: int):
    """``editions`` published dialogues of one series, each with recommendations in every
    state."""
    with app.app_context():
        series = db_session().scalar(sa.select(Series).where(Series.slug == "s")) or Series(
            slug="s", name="Series"
        )
        db_session().add(series)
        previous = None
        for e in range(editions):
            dialogue = factories.dialogue(
                series=series, edition=f"{e + 1}th", starts_at=date_time(2015 + e, 11, 1)
            )
            for n in range(per_edition):
                item = Recommendation(
                    dialogue_id=dialogue.id,
                    number=n + 1,
                    text="Do it",
                    addressee="ASEAN",
                    due_on=date(2016 + e, 6, 1) if n % 4 else date(2099, 1, 1),
                    published_version=1,
                    restates_id=previous if n == 0 else None,
                )
                if n % 4 == 1:
                    item.follow_ups = [
                        FollowUp(
                            responded_on=date(2016 + e, 5, 1), status="implemented", evidence=[]
                        )
                    ]
                if n % 4 == 2:
                    item.follow_ups = [
                        FollowUp(responded_on=date(2016 + e, 7, 1), status="rejected", evidence=[])
                    ]
                db_session().add(item)
            db_session().flush()
            previous = db_session().scalar(
                sa.select(Recommendation.id).where(
                    Recommendation.dialogue_id == dialogue.id, Recommendation.number == 1
                )
            )
        db_session().commit()


def test_the_scorecard_counts_each_edition_and_exports_csv_and_json(app, world):
    _series_with(app, world, editions=2, per_edition=8)
    client = app.test_client()
    data = json.loads(client.get("/series/s/scorecard.json").data)
    first, second = data["editions"]
    assert (
        first["recommendations"],
        first["answered"],
        first["answered_on_time"],
        first["answered_late"],
        first["overdue"],
        first["awaiting"],
        first["implemented"],
        first["rejected"],
        first["carried_over"],
    ) == (8, 4, 2, 2, 2, 2, 2, 2, 1)
    assert second["carried_over"] == 0
    csv = client.get("/series/s/scorecard.csv").get_data(as_text=True).splitlines()
    assert csv[0].startswith("slug,title,edition,starts_on,recommendations,answered")
    assert csv[1].endswith(",8,4,2,2,2,2,2,0,2,1")
    html = client.get("/series/s/scorecard").get_data(as_text=True)
    assert "<svg" in html and '<title id="scorecard-chart-title">' in html
    assert "<script" not in html
    assert "1th, 2015 (8)" in html
    assert client.get("/series/nope/scorecard").status_code == 404


def test_scorecard_and_outcome_queries_do_not_grow(app, world, published):
    _series_with(app, world, editions=2, per_edition=4)
    client = app.test_client()
    few = count_queries(app, "/series/s/scorecard", client)
    outcome_few = count_queries(app, f"/dialogues/{world.slug}/outcome", client)
    _series_with(app, world, editions=4, per_edition=40)
    with app.app_context():
        for n in range(3, 30):
            db_session().add(
                Recommendation(
                    dialogue_id=world.dialogue_id,
                    number=n,
                    text="x",
                    addressee="ASEAN",
                    due_on=date(2026, 1, 1),
                    published_version=1,
                )
            )
        db_session().commit()
    assert count_queries(app, "/series/s/scorecard", client) == few
    assert count_queries(app, f"/dialogues/{world.slug}/outcome", client) == outcome_few


# a sign-in from a second test client is told to its owner; only reminders count here
NOT_ACCOUNT_MAIL = ~OutboxMessage.kind.startswith("account_", autoescape=True)


def test_remind_queues_each_reminder_once(app, world, published):
    runner = app.test_cli_runner()
    quiet = runner.invoke(args=["minutes", "remind", "--days-before", "0"])
    assert "Reminders queued for 1 recommendation." in quiet.output  # the overdue one
    with app.app_context():
        (message,) = db_session().scalars(sa.select(OutboxMessage).where(NOT_ACCOUNT_MAIL)).all()
        assert message.to_address == world.rapporteur.email
        assert message.subject == "Overdue since 31 January 2026: recommendation 1"
        assert "Establish a formal mechanism" in message.body
        assert f"/dialogues/7th/recommendations/{published[0]}" in message.body
    result = runner.invoke(args=["minutes", "remind"])
    assert result.exit_code == 0, result.output
    assert "Reminders queued for 1 recommendation." in result.output  # due in five days
    again = runner.invoke(args=["minutes", "remind"])
    assert "Reminders queued for 0 recommendations." in again.output
    with app.app_context():
        rows = (
            db_session()
            .execute(
                sa.select(OutboxMessage.to_address, OutboxMessage.subject)
                .where(NOT_ACCOUNT_MAIL)
                .order_by(OutboxMessage.id)
            )
            .all()
        )
        stages = set(db_session().scalars(sa.select(Reminder.stage)))
    assert [r.to_address for r in rows[1:]] == ["hr-office@eeas.example", world.rapporteur.email]
    assert rows[1].subject.startswith("A response is due by ")
    late = (date.today() - date(2026, 1, 31)).days
    assert stages == {f"overdue-{(late - 1) // 30}", "due-soon"}


def test_an_answered_recommendation_gets_no_reminder(app, world, published):
    with app.app_context():
        db_session().add(
            FollowUp(
                recommendation_id=published[0],
                responded_on=date(2026, 2, 1),
                status="acknowledged",
                evidence=[],
            )
        )
        db_session().commit()
    result = app.test_cli_runner().invoke(args=["minutes", "remind", "--days-before", "0"])
    assert "Reminders queued for 0 recommendations." in result.output


def _edit(client, slug, rid, revision, **overrides):
    data = recommendation_data(**overrides)
    if revision is not None:
        data["revision"] = revision
    return client.post(f"/dialogues/{slug}/minutes/recommendations/{rid}/edit", data=data)


def test_two_drafters_editing_one_recommendation_are_told_and_nothing_is_lost(app, world):
    alice = signed_in(app, world.rapporteur)
    bob = signed_in(app, world.organiser)
    assert _new(alice, world.slug).status_code == 302
    with app.app_context():
        rid = db_session().scalar(sa.select(Recommendation.id))
    form = bob.get(f"/dialogues/{world.slug}/minutes/recommendations/{rid}/edit")
    assert 'name="revision" type="hidden" value="1"' in form.get_data(as_text=True)
    # both opened revision 1; Alice saves first
    assert _edit(alice, world.slug, rid, 1, text="Alice's wording.").status_code == 302
    response = _edit(bob, world.slug, rid, 1, text="Bob's wording.", addressee="ASEAN")
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Changed meanwhile" in html and "Someone else saved recommendation 1" in html
    assert '<p class="del">Alice&#39;s wording.</p>' in html  # what she saved
    assert "Bob&#39;s wording.</textarea>" in html  # what he typed, still in the box
    assert "<tr><td>Addressed to</td><td>AICHR</td><td>ASEAN</td></tr>" in html
    assert 'name="revision" type="hidden" value="2"' in html  # his next save builds on hers
    with app.app_context():
        item = db_session().get(Recommendation, rid)
        assert (item.text, item.addressee, item.revision) == ("Alice's wording.", "AICHR", 2)
    assert _edit(bob, world.slug, rid, 2, text="Both wordings.").status_code == 302
    with app.app_context():
        assert db_session().get(Recommendation, rid).text == "Both wordings."
    # a change that does not say which revision it started from is refused
    missing = _edit(bob, world.slug, rid, None, text="Blind overwrite.")
    assert missing.status_code == 422
    assert "did not say which version of the recommendation you changed" in missing.get_data(
        as_text=True
    )


def test_an_edit_racing_a_publication_leaves_the_published_recommendation_unchanged(app, world):
    from plugins.minutes import recommendations

    rapporteur = signed_in(app, world.rapporteur)
    assert _new(rapporteur, world.slug).status_code == 302
    revision = approve_all(app, world)
    with app.app_context():
        dialogue = db_session().get(Dialogue, world.dialogue_id)
        read_before = db_session().scalar(sa.select(Recommendation))
        assert not read_before.is_published
        # the publication commits while this edit is under way (a request of its own)
        answers = []
        other = threading.Thread(
            target=lambda: answers.append(
                rapporteur.post(
                    f"/dialogues/{world.slug}/minutes/publish", data={"revision": revision}
                ).status_code
            )
        )
        other.start()
        other.join()
        assert answers == [302]
        values = {field: getattr(read_before, field) for field in recommendations.FIELDS}
        values["text"] = "Rewritten after publication"
        with pytest.raises(recommendations.RecommendationLocked):
            recommendations.save(
                dialogue, read_before, values, None, base_revision=read_before.revision
            )
    with app.app_context():
        item = db_session().scalar(sa.select(Recommendation))
        assert item.text.startswith("Establish a formal") and item.published_version == 1


def test_a_due_date_before_the_dialogue_is_refused_whoever_saves(app, world):
    from plugins.minutes import recommendations

    with app.app_context():
        dialogue = db_session().get(Dialogue, world.dialogue_id)
        values = {field: None for field in recommendations.FIELDS}
        values.update(text="Do it", addressee="ASEAN", source="dialogue", coalition="")
        values.update(thematic_area="", source_detail="", contact_email="")
        values["due_on"] = date(2025, 11, 16)  # the dialogue began on 17 November in Jakarta
        with pytest.raises(recommendations.DueDateRefused, match="began on 17 November 2025"):
            recommendations.save(dialogue, None, values, None)
        values["due_on"] = date(2025, 11, 17)
        saved, _hidden = recommendations.save(dialogue, None, values, None)
        assert saved.number == 1
    assert _count(app, Recommendation) == 1


def test_overdue_is_decided_by_the_date_where_the_dialogue_is_held(app, world, monkeypatch):
    from datetime import UTC, datetime

    from plugins.minutes import cli, recommendations
    from plugins.minutes.views import scorecard_views

    rapporteur = signed_in(app, world.rapporteur)
    assert _new(rapporteur, world.slug, due_on="2026-03-10").status_code == 302
    assert publish(app, world).status_code == 302
    with app.app_context():
        dialogue = db_session().get(Dialogue, world.dialogue_id)
        dialogue.series = Series(slug="ahrd", name="ASEAN Human Rights Dialogue")
        db_session().commit()
    # 20:00 UTC on the due date is already 11 March, 03:00, in Jakarta
    late_evening = datetime(2026, 3, 10, 20, 0, tzinfo=UTC)
    for module in (recommendations, scorecard_views, cli):
        monkeypatch.setattr(module, "utcnow", lambda: late_evening, raising=False)
    client = app.test_client()
    assert "tag-overdue" in client.get(f"/dialogues/{world.slug}/outcome").get_data(as_text=True)
    data = json.loads(client.get("/series/ahrd/scorecard.json").data)
    assert data["as_of"] == "2026-03-11" and data["editions"][0]["overdue"] == 1
    result = app.test_cli_runner().invoke(args=["minutes", "remind", "--days-before", "0"])
    assert "Reminders queued for 1 recommendation." in result.output
    with app.app_context():
        assert set(db_session().scalars(sa.select(Reminder.stage))) == {"overdue-0"}
        # held in Lima, the same moment is still the evening of 10 March: not overdue yet
        dialogue = db_session().get(Dialogue, world.dialogue_id)
        dialogue.timezone = "America/Lima"
        db_session().execute(sa.delete(Reminder))
        db_session().commit()
    assert "tag-overdue" not in client.get(f"/dialogues/{world.slug}/outcome").get_data(
        as_text=True
    )
    assert json.loads(client.get("/series/ahrd/scorecard.json").data)["as_of"] == "2026-03-10"
    result = app.test_cli_runner().invoke(args=["minutes", "remind", "--days-before", "0"])
    with app.app_context():
        assert set(db_session().scalars(sa.select(Reminder.stage))) == {"due-soon"}


def test_a_recommendation_is_added_with_the_form_as_the_page_renders_it(app, world):
    """A browser sends every field of the page, the empty hidden revision of a new
    recommendation included: the form as rendered must save."""
    rapporteur = signed_in(app, world.rapporteur)
    page = rapporteur.get(f"/dialogues/{world.slug}/minutes/recommendations/new")
    fields = rendered_form(
        page.get_data(as_text=True),
        text="Establish a formal mechanism for receiving complaints.",
        addressee="AICHR",
        due_on="2026-11-17",
    )
    assert fields["revision"] == [""]  # what the page holds for a new recommendation
    response = rapporteur.post(f"/dialogues/{world.slug}/minutes/recommendations/new", data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _count(app, Recommendation) == 1
    with app.app_context():
        rid = db_session().scalar(sa.select(Recommendation.id))
    edit = f"/dialogues/{world.slug}/minutes/recommendations/{rid}/edit"
    page = rapporteur.get(edit).get_data(as_text=True)
    fields = rendered_form(page, addressee="ASEAN")
    assert fields["revision"] != [""]
    assert rapporteur.post(edit, data=fields).status_code == 302
    with app.app_context():
        assert db_session().get(Recommendation, rid).addressee == "ASEAN"


def test_an_error_on_a_field_the_page_does_not_show_is_said_in_the_summary(app, world):
    """A hidden field has no place beside it for a message: the summary says it, in words,
    without a link to a field nobody can see."""
    rapporteur = signed_in(app, world.rapporteur)
    assert _new(rapporteur, world.slug).status_code == 302
    with app.app_context():
        rid = db_session().scalar(sa.select(Recommendation.id))
    edit = f"/dialogues/{world.slug}/minutes/recommendations/{rid}/edit"
    fields = rendered_form(rapporteur.get(edit).get_data(as_text=True), revision="")
    response = rapporteur.post(edit, data=fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    start = html.index('class="error-summary"')
    summary = html[start : html.index("</ul>", start)]
    assert "The form did not say which version of the recommendation you changed" in summary
    assert 'href="#revision"' not in summary
    assert "Not a valid integer value" not in html
