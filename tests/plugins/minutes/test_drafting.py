"""Drafting: every save a revision, two editors never overwrite each other, only drafters."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db_session
from plugins.minutes.models import MinutesDocument, MinutesRevision
from tests import factories
from tests.plugins.minutes.conftest import (
    CHATHAM_SESSION,
    draft_revision,
    save,
    signed_in,
)
from tests.plugins.minutes.safety import dangers_in_html


def test_each_save_is_a_revision_and_moves_the_draft_on(app, world):
    client = signed_in(app, world.rapporteur)
    assert save(client, world.slug, "First words.", 0).status_code == 302
    assert save(client, world.slug, "First words, better.", 1).status_code == 302
    assert (
        save(client, world.slug, "Minutes of the session.", 0, CHATHAM_SESSION).status_code == 302
    )
    with app.app_context():
        bodies = (
            db_session().scalars(sa.select(MinutesRevision.body).order_by(MinutesRevision.id)).all()
        )
        keys = db_session().scalars(sa.select(MinutesDocument.key).order_by(MinutesDocument.id))
        assert bodies == ["First words.", "First words, better.", "Minutes of the session."]
        assert list(keys) == ["record", f"session-{CHATHAM_SESSION}"]
    assert draft_revision(app, world.slug) == 3
    page = client.get(f"/dialogues/{world.slug}/minutes").get_data(as_text=True)
    assert "The draft is at revision 3" in page


def test_a_save_from_an_old_revision_is_refused_showing_the_difference_and_keeping_the_text(
    app, world
):
    alice = signed_in(app, world.rapporteur)
    bob = signed_in(app, world.organiser)
    assert save(alice, world.slug, "The dialogue opened.\nDelegates spoke.", 0).status_code == 302
    # both open revision 1; Bob saves first
    assert (
        save(bob, world.slug, "The dialogue opened.\nDelegates spoke at length.", 1).status_code
        == 302
    )
    response = save(alice, world.slug, "The dialogue opened.\nDelegates spoke.\nAlice's line.", 1)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Changed meanwhile" in html
    assert '<p class="add">Delegates spoke at length.</p>' in html  # what Bob changed
    assert "Alice&#39;s line." in html  # her text is still in the box
    assert 'name="revision" type="hidden" value="2"' in html  # her next save merges onto Bob's
    with app.app_context():
        document = db_session().scalar(sa.select(MinutesDocument))
        assert document.body == "The dialogue opened.\nDelegates spoke at length."
        assert document.revision == 2
    assert save(alice, world.slug, "Merged text.", 2).status_code == 302


def test_only_drafters_edit(app, world):
    assert app.test_client().get(f"/dialogues/{world.slug}/minutes/edit").status_code == 302
    participant = signed_in(app, world.participant)
    assert participant.get(f"/dialogues/{world.slug}/minutes/edit").status_code == 403
    assert save(participant, world.slug, "Not mine to write", 0).status_code == 403
    assert participant.get(f"/dialogues/{world.slug}/minutes").status_code == 403
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count(MinutesDocument.id))) == 0


def test_a_session_not_in_the_programme_has_no_minutes_page(app, world):
    client = signed_in(app, world.rapporteur)
    assert client.get(f"/dialogues/{world.slug}/minutes/sessions/999/edit").status_code == 404


def test_bad_input_is_refused_with_a_message_and_nothing_saved(app, world):
    client = signed_in(app, world.rapporteur)
    response = client.post(
        f"/dialogues/{world.slug}/minutes/edit", data={"body": "x" * 1_000_001, "revision": 0}
    )
    assert response.status_code == 422
    assert "Keep the text under 1,000,000 characters" in response.get_data(as_text=True)
    response = client.post(f"/dialogues/{world.slug}/minutes/edit", data={"body": "text"})
    assert response.status_code == 422
    for revision in ("-1", "99999999999", "one"):
        response = client.post(
            f"/dialogues/{world.slug}/minutes/edit", data={"body": "text", "revision": revision}
        )
        assert response.status_code == 422
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count(MinutesRevision.id))) == 0


def test_the_text_is_kept_as_written_no_page_runs_it_and_the_author_is_told(app, world):
    client = signed_in(app, world.rapporteur)
    body = (
        "Opening. <script>alert('x')</script><iframe src=\"https://evil.example\"></iframe>"
        '<b onmouseover="steal()">bold</b> [click](javascript:alert(1)) [ok](https://a.example)'
    )
    response = save(client, world.slug, body, 0)
    assert response.status_code == 302
    page = client.get(f"/dialogues/{world.slug}/minutes").get_data(as_text=True)
    assert "Your text is kept as you wrote it, but the published page will not show" in page
    assert "HTML other than simple formatting" in page
    assert "links to anything but a web or e-mail address" in page
    with app.app_context():
        saved = db_session().scalar(sa.select(MinutesDocument.body))
    assert saved == body  # nothing of the author's text is rewritten or lost
    preview = client.get(f"/dialogues/{world.slug}/minutes/preview").get_data(as_text=True)
    record = preview.split('<article class="record">')[1].split("</article>")[0]
    for banned in ("<script", "alert('x')", "<iframe", "onmouseover", "javascript:"):
        assert banned not in record
    assert "<b>bold</b>" in record and 'href="https://a.example"' in record
    assert dangers_in_html(record) == []


def test_ordinary_text_is_told_nothing(app, world):
    client = signed_in(app, world.rapporteur)
    body = "Key data: 40%. Code `<script>` and <sup>2</sup>, see [the letter](https://a.example)."
    assert save(client, world.slug, body, 0).status_code == 302
    page = client.get(f"/dialogues/{world.slug}/minutes").get_data(as_text=True)
    assert "will not show" not in page and "Saved as revision 1." in page


def test_revision_history_shows_each_change(app, world):
    client = signed_in(app, world.rapporteur)
    save(client, world.slug, "One.", 0)
    save(client, world.slug, "One.\nTwo.", 1)
    with app.app_context():
        document_id = db_session().scalar(sa.select(MinutesDocument.id))
    page = client.get(f"/dialogues/{world.slug}/minutes/documents/{document_id}/revisions")
    html = page.get_data(as_text=True)
    assert "Revision 2" in html and "Revision 1" in html
    assert '<p class="add">Two.</p>' in html
    other = signed_in(app, factories_user(app))
    assert (
        other.get(f"/dialogues/{world.slug}/minutes/documents/{document_id}/revisions").status_code
        == 403
    )


def factories_user(app):
    with app.app_context():
        user = factories.user()
        db_session().commit()
        return user


def test_two_first_saves_at_once_share_one_record_and_both_are_kept(app, world, monkeypatch):
    """The other first save commits the dialogue's record between this save's look-up and its
    insert."""
    import sys

    from core.db import get_engine, utcnow
    from core.models import Dialogue
    from plugins.minutes import drafting
    from plugins.minutes.models import MinutesRecord

    real = drafting.find_record

    def find_record(dialogue):
        if sys._getframe(1).f_code.co_name == "record_for" and not raced:
            raced.append(True)
            with get_engine(app).begin() as other:
                other.execute(
                    sa.insert(MinutesRecord).values(
                        dialogue_id=dialogue.id, draft_revision=0, updated_at=utcnow()
                    )
                )
            return None  # what this save read before the other committed
        return real(dialogue)

    raced: list[bool] = []
    monkeypatch.setattr(drafting, "find_record", find_record)
    client = signed_in(app, world.rapporteur)
    response = save(client, world.slug, "Minutes of the session.", 0, CHATHAM_SESSION)
    assert raced and response.status_code == 302
    assert save(client, world.slug, "The outcome.", 0).status_code == 302
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count(MinutesRecord.id))) == 1
        bodies = set(db_session().scalars(sa.select(MinutesDocument.body)))
        assert bodies == {"Minutes of the session.", "The outcome."}
        dialogue = db_session().get(Dialogue, world.dialogue_id)
        assert real(dialogue).draft_revision == 2
