"""Nothing published can be inverted: the SHA-256 a visitor is shown is that of the public text
they can download, never of the stored text whose mentions are participation ids; a visitor who
substitutes every candidate id into the stored text's mentions matches no digest shown."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import Category, Dialogue, Participation, Visibility
from plugins.minutes.markdown import MENTION
from plugins.minutes.models import MinutesVersion
from tests import factories
from tests.plugins.minutes.conftest import (
    CHATHAM_SESSION,
    OPEN_SESSION,
    publish,
    recommendation_data,
    save,
    signed_in,
)

HEX64 = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")
SPREAD = 1000  # candidate ids tried either side of the dialogue's


def sha256(data: str | bytes) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def _speakers(app, world) -> list[int]:
    """Two more anonymous speakers, a CSO representative and an NHRI's."""
    with app.app_context():
        dialogue = db_session().get(Dialogue, world.dialogue_id)
        ids = [
            factories.participation(
                dialogue,
                factories.person(name=name),
                visibility=Visibility.ANONYMOUS,
                category=category,
            ).id
            for name, category in (("Quiet Voice", Category.CSO), ("Still Voice", Category.NHRI))
        ]
        db_session().commit()
        return ids


def _publish_two_versions(app, world) -> list[int]:
    """Anonymous speakers mentioned and credited, under the Chatham House Rule and outside it,
    published as version 1, then corrected as version 2. Returns every mentioned id."""
    quiet, still = _speakers(app, world)
    hidden = world.hidden_id
    rapporteur = signed_in(app, world.rapporteur)
    record = f"@[{hidden}] opened. @[{quiet}] replied to @[{hidden}]."
    chatham = f"@[{quiet}] and @[{still}] described scams; @[{hidden}] agreed."
    assert save(rapporteur, world.slug, record, 0).status_code == 302
    assert save(rapporteur, world.slug, chatham, 0, CHATHAM_SESSION).status_code == 302
    assert save(rapporteur, world.slug, f"@[{world.public_id}] spoke.", 0, OPEN_SESSION)
    for session_id, credited in ((CHATHAM_SESSION, still), (OPEN_SESSION, quiet)):
        response = rapporteur.post(
            f"/dialogues/{world.slug}/minutes/recommendations/new",
            data=recommendation_data(
                text=f"As @[{credited}] asked, protect the victims.",
                source="session",
                session_id=session_id,
                participation_id=credited,
            ),
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    assert publish(app, world, changes="First").status_code == 302
    save(rapporteur, world.slug, chatham + f" @[{still}] disagreed.", 1, CHATHAM_SESSION)
    assert publish(app, world, changes="A disagreement added").status_code == 302
    return [hidden, quiet, still, world.public_id]


def _public_outputs(app, world) -> dict[str, str]:
    """Every public output of the record a visitor can fetch, by what it is."""
    client = app.test_client()
    slug = world.slug
    urls = {
        "outcome page": f"/dialogues/{slug}/outcome",
        "index": "/outcomes",
        "atom feed": "/outcomes/feed.atom",
        "diff": f"/dialogues/{slug}/outcome/diff?from=1&to=2",
    }
    for n in (1, 2):
        urls |= {
            f"version {n} page": f"/dialogues/{slug}/outcome/versions/{n}",
            f"version {n} html": f"/dialogues/{slug}/outcome.html?version={n}",
            f"version {n} markdown": f"/dialogues/{slug}/outcome.md?version={n}",
            f"version {n} json": f"/dialogues/{slug}/outcome.json?version={n}",
            f"version {n} public text": f"/dialogues/{slug}/outcome/versions/{n}/public.md",
        }
    found = {}
    for what, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (what, url)
        found[what] = response.get_data(as_text=True)
    return found


def _stored(app) -> list[MinutesVersion]:
    with app.app_context():
        versions = list(
            db_session().scalars(sa.select(MinutesVersion).order_by(MinutesVersion.number))
        )
        db_session().expunge_all()
        return versions


def _candidates(text: str, ids: list[int]):
    """The stored text with each of its mentions in turn, then all of them at once, replaced
    by each candidate id: the guesses of a visitor who knows how the stored text is written."""
    mentions = list(MENTION.finditer(text))
    assert mentions, "the stored text holds no mention to substitute"
    candidates = range(max(1, min(ids) - SPREAD), max(ids) + SPREAD + 1)
    yield text
    for guess in candidates:
        token = f"@[{guess}]"
        for m in mentions:
            yield text[: m.start()] + token + text[m.end() :]
        yield MENTION.sub(token, text)


def _assert_nothing_inverts(app, world, ids):
    outputs = _public_outputs(app, world)
    shown = {digest for body in outputs.values() for digest in HEX64.findall(body)}
    stored = _stored(app)
    for version in stored:
        # each version shows the digest of its public text, which hashes as downloaded
        public = app.test_client().get(
            f"/dialogues/{world.slug}/outcome/versions/{version.number}/public.md"
        )
        digest = sha256(public.data)
        assert digest in outputs[f"version {version.number} page"]
        assert digest in outputs[f"version {version.number} html"]
        document = json.loads(outputs[f"version {version.number} json"])
        assert document["sha256"] == digest
        assert digest in shown
    assert shown, "no digest is shown: the test would prove nothing"
    tried = 0
    for version in stored:
        for candidate in _candidates(version.text, ids):
            assert sha256(candidate) not in shown, "a guessed stored text matches a digest"
            tried += 1
    assert tried > 2 * 2 * SPREAD


def test_no_digest_shown_to_the_public_is_matched_by_guessing_the_mentions(app, world):
    ids = _publish_two_versions(app, world)
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count(Participation.id))) == 4
    _assert_nothing_inverts(app, world, ids)


@pytest.mark.parametrize("change", ["visibility", "erasure", "rule"])
def test_nothing_inverts_after_what_the_public_may_see_changes(app, world, sessions_plugin, change):
    ids = _publish_two_versions(app, world)
    before = sha256(
        app.test_client().get(f"/dialogues/{world.slug}/outcome/versions/2/public.md").data
    )
    with app.app_context():
        participation = db_session().get(Participation, world.public_id)
        if change == "visibility":
            participation.visibility = Visibility.ANONYMOUS
            db_session().commit()
        elif change == "erasure":
            from core.personal_data.erasure import erase_person

            assert erase_person(participation.person, actor=None, reason="asked")
        else:  # the open session is no longer reported: its minutes name nobody, as if
            sessions_plugin.dropped.add(OPEN_SESSION)  # it had been put under the Rule
    page = app.test_client().get(f"/dialogues/{world.slug}/outcome").get_data(as_text=True)
    after = sha256(
        app.test_client().get(f"/dialogues/{world.slug}/outcome/versions/2/public.md").data
    )
    assert after != before  # what the public receives changed, and so did its digest
    # the digest of the text first published would let a visitor try the names the public no
    # longer sees: it is not shown once the public text has changed
    assert before not in page and after in page
    assert "changed since it was published" in page
    _assert_nothing_inverts(app, world, ids)


def test_the_digest_covers_the_public_text_a_visitor_downloads(app, world):
    _publish_two_versions(app, world)
    client = app.test_client()
    public = client.get(f"/dialogues/{world.slug}/outcome/versions/2/public.md")
    assert public.headers["Content-Type"] == "text/markdown; charset=utf-8"
    assert public.data == client.get(f"/dialogues/{world.slug}/outcome.md").data
    assert b"Hidden Defender" not in public.data and b"@[" not in public.data
    page = client.get(f"/dialogues/{world.slug}/outcome").get_data(as_text=True)
    assert sha256(public.data) in page
    assert f"/dialogues/{world.slug}/outcome/versions/2/public.md" in page
    assert "sha256sum" in page  # the page says how to check it
    # an organiser reads the names on the page, but every file is the public text, and the
    # digest shown is the public one
    organiser = signed_in(app, world.organiser)
    named = organiser.get(f"/dialogues/{world.slug}/outcome").get_data(as_text=True)
    assert "Hidden Defender" in named
    assert organiser.get(f"/dialogues/{world.slug}/outcome/versions/2/public.md").data == (
        public.data
    )
    assert organiser.get(f"/dialogues/{world.slug}/outcome.md").data == public.data
    document = json.loads(organiser.get(f"/dialogues/{world.slug}/outcome.json").data)
    assert document["sha256"] == sha256(public.data)
    assert sha256(public.data) in organiser.get(f"/dialogues/{world.slug}/outcome").get_data(
        as_text=True
    )


def test_the_internal_digest_is_keyed_with_the_instance_secret_and_shown_nowhere(app, world):
    _publish_two_versions(app, world)
    outputs = _public_outputs(app, world)
    organiser_page = (
        signed_in(app, world.organiser)
        .get(f"/dialogues/{world.slug}/outcome")
        .get_data(as_text=True)
    )
    for version in _stored(app):
        assert version.text_hmac and version.text_hmac != sha256(version.text)
        for body in [*outputs.values(), organiser_page]:
            assert version.text_hmac not in body
    with app.app_context():
        from plugins.minutes.publication import text_mac

        text = _stored(app)[0].text
        mine = text_mac(text)
        app.config["SECRET_KEY"] = "another instance"
        assert text_mac(text) != mine


def test_a_version_published_before_the_digests_were_kept_gets_them_on_first_read(app, world):
    _publish_two_versions(app, world)
    with app.app_context():  # as the migration leaves an older version: no digest yet
        db_session().execute(sa.update(MinutesVersion).values(text_hmac=None, public_sha256=None))
        db_session().commit()
    client = app.test_client()
    page = client.get(f"/dialogues/{world.slug}/outcome/versions/1").get_data(as_text=True)
    public = client.get(f"/dialogues/{world.slug}/outcome/versions/1/public.md").data
    assert sha256(public) in page and "changed since it was published" not in page
    with app.app_context():
        from plugins.minutes.publication import text_mac

        first = db_session().scalar(sa.select(MinutesVersion).where(MinutesVersion.number == 1))
        assert first.public_sha256 == sha256(public)
        assert first.text_hmac == text_mac(first.text)
