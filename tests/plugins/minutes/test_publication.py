"""Approval by every co-chair, publication as immutable versions, history, diff, exports, feed."""

from __future__ import annotations

import hashlib
import json
from xml.etree import ElementTree as ET

import pytest
import sqlalchemy as sa

from core.db import db_session, utcnow
from core.models import AuditEvent, Dialogue, Role
from core.plugin_api import hookimpl
from core.templating import local_date
from plugins.minutes.models import MinutesApproval, MinutesVersion
from plugins.minutes.publication import text_mac
from tests import factories
from tests.plugins.minutes.conftest import (
    approve_all,
    draft_revision,
    publish,
    save,
    signed_in,
)
from tests.plugins.minutes.safety import dangers_in_html, dangers_in_markdown

ATOM = "{http://www.w3.org/2005/Atom}"


def test_publishing_without_every_approval_is_refused_naming_who_is_missing(app, world):
    rapporteur = signed_in(app, world.rapporteur)
    save(rapporteur, world.slug, "The outcome.", 0)
    revision = draft_revision(app, world.slug)
    signed_in(app, world.chairs[0]).post(
        f"/dialogues/{world.slug}/minutes/approve", data={"revision": revision}
    )
    response = rapporteur.post(
        f"/dialogues/{world.slug}/minutes/publish", data={"revision": revision}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Not yet approved by: Co-chair 1." in html
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count(MinutesVersion.id))) == 0


def test_an_edit_after_an_approval_resets_it_and_the_page_shows_who_approved_when(app, world):
    rapporteur = signed_in(app, world.rapporteur)
    save(rapporteur, world.slug, "The outcome.", 0)
    approve_all(app, world)
    page = rapporteur.get(f"/dialogues/{world.slug}/minutes").get_data(as_text=True)
    assert page.count(f"Approved {local_date(utcnow(), 'Asia/Jakarta')} at ") == 2
    assert "Not approved yet" not in page
    save(rapporteur, world.slug, "The outcome, corrected.", 1)
    page = rapporteur.get(f"/dialogues/{world.slug}/minutes").get_data(as_text=True)
    assert "Not approved yet by: Co-chair 0, Co-chair 1." in page
    assert "Co-chair 0 approved revision 1" in page and "(the draft changed since)" in page
    response = rapporteur.post(f"/dialogues/{world.slug}/minutes/publish", data={"revision": 2})
    assert response.status_code == 409
    assert "Not yet approved by: Co-chair 0, Co-chair 1." in response.get_data(as_text=True)


def test_an_approval_of_a_draft_that_moved_on_is_refused(app, world):
    rapporteur = signed_in(app, world.rapporteur)
    save(rapporteur, world.slug, "The outcome.", 0)
    save(rapporteur, world.slug, "The outcome, again.", 1)
    response = signed_in(app, world.chairs[0]).post(
        f"/dialogues/{world.slug}/minutes/approve", data={"revision": 1}
    )
    assert response.status_code == 409
    assert "it is now at revision 2" in response.get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count(MinutesApproval.id))) == 0


def test_only_approvers_approve(app, world):
    save(signed_in(app, world.rapporteur), world.slug, "The outcome.", 0)
    response = signed_in(app, world.rapporteur).post(
        f"/dialogues/{world.slug}/minutes/approve", data={"revision": 1}
    )
    assert response.status_code == 403


def test_users_granted_the_chair_role_replace_the_co_chairs_as_approvers(app, world):
    with app.app_context():
        dialogue = db_session().get(Dialogue, world.dialogue_id)
        configured = factories.user(Role.CHAIR, dialogue=dialogue)
        db_session().commit()
    save(signed_in(app, world.rapporteur), world.slug, "The outcome.", 0)
    assert (
        signed_in(app, world.chairs[0])
        .post(f"/dialogues/{world.slug}/minutes/approve", data={"revision": 1})
        .status_code
        == 403
    )
    assert (
        signed_in(app, configured)
        .post(f"/dialogues/{world.slug}/minutes/approve", data={"revision": 1})
        .status_code
        == 302
    )
    response = signed_in(app, world.rapporteur).post(
        f"/dialogues/{world.slug}/minutes/publish", data={"revision": 1}
    )
    assert response.status_code == 302


class Listener:
    def __init__(self) -> None:
        self.heard = []

    @hookimpl
    def on_outcome_published(self, dialogue, version, actor):
        self.heard.append((dialogue.slug, version, actor.id))


@pytest.fixture
def listener():
    return Listener()


@pytest.fixture
def app(make_app, sessions_plugin, listener):
    return make_app(plugins={"test-sessions": sessions_plugin, "listener": listener})


def test_publication_writes_an_immutable_version_with_its_digest_audited_and_announced(
    app, world, listener
):
    save(signed_in(app, world.rapporteur), world.slug, "The dialogue **agreed**.", 0)
    response = publish(app, world, changes="First publication")
    assert response.status_code == 302
    with app.app_context():
        version = db_session().scalar(sa.select(MinutesVersion))
        assert version.number == 1
        assert version.text_hmac == text_mac(version.text)
        assert "The dialogue **agreed**." in version.text
        assert version.published_by_id == world.rapporteur.id
        events = {e.action: e for e in db_session().scalars(sa.select(AuditEvent))}
        assert events["minutes.published"].details["public_sha256"] == version.public_sha256
        assert events["minutes.approved"].details == {"draft_revision": 1}
    assert listener.heard == [("7th", 1, world.rapporteur.id)]
    page = app.test_client().get(f"/dialogues/{world.slug}/outcome").get_data(as_text=True)
    assert "<strong>agreed</strong>" in page
    public = app.test_client().get(f"/dialogues/{world.slug}/outcome/versions/1/public.md")
    assert version.public_sha256 == hashlib.sha256(public.data).hexdigest()
    assert version.public_sha256 in page


def test_publishing_again_unchanged_is_refused_and_a_change_makes_a_new_version(app, world):
    rapporteur = signed_in(app, world.rapporteur)
    save(rapporteur, world.slug, "Line one.\nLine two.", 0)
    assert publish(app, world).status_code == 302
    again = publish(app, world)
    assert again.status_code == 409
    assert "Nothing changed since version 1" in again.get_data(as_text=True)
    save(rapporteur, world.slug, "Line one.\nLine two, amended.", 1)
    assert publish(app, world, changes="Amended line two").status_code == 302
    with app.app_context():
        first, second = db_session().scalars(
            sa.select(MinutesVersion).order_by(MinutesVersion.number)
        )
        assert "Line two.\n" in first.text  # the first version is as it was published
        assert first.text_hmac == text_mac(first.text)
        assert second.number == 2 and "amended" in second.text
    public = app.test_client()
    latest = public.get(f"/dialogues/{world.slug}/outcome").get_data(as_text=True)
    assert "Line two, amended." in latest and "Amended line two" in latest
    old = public.get(f"/dialogues/{world.slug}/outcome/versions/1").get_data(as_text=True)
    assert (
        "This is version 1" in old
        and "amended" not in old.split("<article")[1].split("</article>")[0]
    )
    diff = public.get(f"/dialogues/{world.slug}/outcome/diff?from=1&to=2").get_data(as_text=True)
    assert '<p class="del">Line two.</p>' in diff
    assert '<p class="add">Line two, amended.</p>' in diff
    assert public.get(f"/dialogues/{world.slug}/outcome/versions/3").status_code == 404
    assert public.get(f"/dialogues/{world.slug}/outcome/diff?from=1&to=9").status_code == 404


def test_exports_carry_the_published_text_safely(app, world):
    body = 'Agreed. <img src="https://x.example/a.png" onerror="steal()"> [x](javascript:alert(1))'
    save(signed_in(app, world.rapporteur), world.slug, body, 0)
    publish(app, world)
    client = app.test_client()
    markdown = client.get(f"/dialogues/{world.slug}/outcome.md")
    assert markdown.mimetype == "text/markdown"
    assert markdown.get_data(as_text=True).startswith("# 7th ASEAN Human Rights Dialogue: outcome")
    html = client.get(f"/dialogues/{world.slug}/outcome.html").get_data(as_text=True)
    data = json.loads(client.get(f"/dialogues/{world.slug}/outcome.json").get_data(as_text=True))
    assert data["version"] == 1 and len(data["sha256"]) == 64
    assert "Agreed." in data["markdown"] and "<p>Agreed." in data["html"]
    for output in (markdown.get_data(as_text=True), html, data["markdown"], data["html"]):
        for banned in ("javascript:", "<script"):
            assert banned not in output
    for output in (html, data["html"]):
        for banned in ("onerror", "steal()"):
            assert banned not in output
    assert dangers_in_html(html.split("<main>")[1]) == [] and dangers_in_html(data["html"]) == []
    # the Markdown keeps the author's HTML as text (finding: the source is not rewritten),
    # which no renderer runs: passed through raw, it is still text
    for output in (markdown.get_data(as_text=True), data["markdown"]):
        assert 'Agreed. &lt;img src="https://x.example/a.png" onerror="steal()"> x' in output
        assert dangers_in_markdown(output) == []
    assert client.get(f"/dialogues/{world.slug}/outcome.json?version=2").status_code == 404
    assert client.get(f"/dialogues/{world.slug}/outcome.json?version=x").status_code == 404


def test_no_export_before_publication(client, world):
    assert client.get(f"/dialogues/{world.slug}/outcome.md").status_code == 404
    assert "No outcome record has been published" in client.get(
        f"/dialogues/{world.slug}/outcome"
    ).get_data(as_text=True)


def test_the_index_and_a_valid_atom_feed_list_published_versions(app, world):
    save(signed_in(app, world.rapporteur), world.slug, "Outcome.", 0)
    publish(app, world, changes="First publication")
    client = app.test_client()
    assert "7th ASEAN Human Rights Dialogue" in client.get("/outcomes").get_data(as_text=True)
    response = client.get("/outcomes/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{tag}").text
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Parley"
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}id").text.startswith("tag:parley,")
    assert entry.find(f"{ATOM}title").text.endswith("outcome record, version 1")
    assert entry.find(f"{ATOM}link").get("href").endswith("/dialogues/7th/outcome/versions/1")
    assert "First publication" in entry.find(f"{ATOM}summary").text


def test_a_draft_dialogue_keeps_its_outcome_out_of_the_index(app, world):
    save(signed_in(app, world.rapporteur), world.slug, "Outcome.", 0)
    publish(app, world)
    with app.app_context():
        from core.models import DialogueStatus

        db_session().get(Dialogue, world.dialogue_id).status = DialogueStatus.DRAFT
        db_session().commit()
    client = app.test_client()
    assert "7th ASEAN" not in client.get("/outcomes").get_data(as_text=True)
    assert b"<entry" not in client.get("/outcomes/feed.atom").data
    assert client.get(f"/dialogues/{world.slug}/outcome").status_code == 404


def test_publishing_is_refused_when_nobody_can_approve(app, world):
    with app.app_context():
        db_session().get(Dialogue, world.dialogue_id).chairs = []
        db_session().commit()
    rapporteur = signed_in(app, world.rapporteur)
    save(rapporteur, world.slug, "The outcome.", 0)
    response = rapporteur.post(f"/dialogues/{world.slug}/minutes/publish", data={"revision": 1})
    assert response.status_code == 409
    assert (
        "Nobody can approve this record: name the co-chairs or grant the chair role first."
        in response.get_data(as_text=True)
    )
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count(MinutesVersion.id))) == 0


def _records_with_versions(app, versions_each: list[int], start_day: int = 1) -> list[str]:
    """A published dialogue of a series per item, its record with that many versions, the
    later dialogues' versions newer; returns their slugs."""
    from datetime import UTC, datetime, timedelta

    from core.models import Series
    from plugins.minutes.drafting import record_for

    slugs = []
    with app.app_context():
        series = Series(slug=f"series-{start_day}", name="A series")
        for i, count in enumerate(versions_each):
            dialogue = factories.dialogue(series=series)
            record = record_for(dialogue)
            for n in range(1, count + 1):
                db_session().add(
                    MinutesVersion(
                        record_id=record.id,
                        number=n,
                        draft_revision=n,
                        text=f"Version {n}",
                        text_hmac="0" * 64,
                        public_sha256="0" * 64,
                        content={},
                        published_at=datetime(2026, 1, start_day, tzinfo=UTC)
                        + timedelta(days=i, minutes=n),
                        changes=f"Correction {n}",
                    )
                )
            slugs.append(dialogue.slug)
        db_session().commit()
    return slugs


def test_many_corrections_of_one_record_push_no_other_record_off_the_index_or_feed(app, world):
    quiet, busy = _records_with_versions(app, [1, 60])  # busy: 60 versions, all newer
    client = app.test_client()
    index = client.get("/outcomes").get_data(as_text=True)
    assert f'href="/dialogues/{quiet}/outcome"' in index
    assert index.count(f'href="/dialogues/{busy}/outcome"') == 1
    assert "Version 60, published" in index and "Version 59," not in index
    entries = ET.fromstring(client.get("/outcomes/feed.atom").data).findall(f"{ATOM}entry")
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert [link.split("/dialogues/")[1] for link in links] == [
        f"{busy}/outcome/versions/60",
        f"{quiet}/outcome/versions/1",
    ]


def test_the_index_and_feed_use_the_same_number_of_queries_however_many_records(app, world):
    from tests.core.test_dialogues import count_queries

    _records_with_versions(app, [1, 3], start_day=1)
    client = app.test_client()
    few = (
        count_queries(app, "/outcomes", client),
        count_queries(app, "/outcomes/feed.atom", client),
    )
    _records_with_versions(app, [2, 1, 4, 1, 1, 2], start_day=10)
    many = (
        count_queries(app, "/outcomes", client),
        count_queries(app, "/outcomes/feed.atom", client),
    )
    assert many == few
    assert client.get("/outcomes").get_data(as_text=True).count("Scorecard of the A series") == 8


def test_control_characters_in_what_changed_are_refused_and_the_feed_stays_valid_xml(app, world):
    rapporteur = signed_in(app, world.rapporteur)
    save(rapporteur, world.slug, "Outcome.", 0)
    revision = approve_all(app, world)
    for control in ("\x0b", "\x0c", "\x1b", "\x7f", "\ufffe"):  # (NUL: the core answers 400)
        response = rapporteur.post(
            f"/dialogues/{world.slug}/minutes/publish",
            data={"revision": revision, "changes": f"First{control}publication"},
        )
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "Remove the invisible control characters" in html
        assert 'aria-invalid="true"' in html and "First" in html  # the field keeps its text
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count(MinutesVersion.id))) == 0
        # written some other way (an import, an older Parley), and a title with one too
        dialogue = db_session().get(Dialogue, world.dialogue_id)
        dialogue.title = "7th ASEAN\x0c Human Rights Dialogue"
        db_session().commit()
    assert publish(app, world, changes="Fine").status_code == 302
    with app.app_context():
        db_session().scalar(sa.select(MinutesVersion)).changes = "Tab\x0bbed\x0cfeed\x1b."
        db_session().commit()
    feed = ET.fromstring(app.test_client().get("/outcomes/feed.atom").data)  # well-formed
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}summary").text.endswith("What changed: Tabbedfeed.")
    assert entry.find(f"{ATOM}title").text.startswith("7th ASEAN Human Rights Dialogue")


def test_the_outcome_of_a_dialogue_still_in_draft_is_not_published(app, world):
    from core.models import DialogueStatus

    rapporteur = signed_in(app, world.rapporteur)
    save(rapporteur, world.slug, "Outcome.", 0)
    revision = approve_all(app, world)
    with app.app_context():
        db_session().get(Dialogue, world.dialogue_id).status = DialogueStatus.DRAFT
        db_session().commit()
    # the organiser still sees the dialogue (the rapporteur no longer does)
    response = signed_in(app, world.organiser).post(
        f"/dialogues/{world.slug}/minutes/publish", data={"revision": revision}
    )
    assert response.status_code == 409
    assert "publish the dialogue first, then its outcome record" in response.get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count(MinutesVersion.id))) == 0
