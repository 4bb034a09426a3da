"""The public outcome record: the latest version, any version, the difference between two,
the exports (the public text of a version among them, whose SHA-256 the pages show), the index
of every published record and its Atom feed."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import Response, abort, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import contains_eager, defer

from core.plugin_api import Dialogue, DialogueStatus, Series, Viewer, db_session
from plugins.minutes import drafting, publication, recommendations
from plugins.minutes.feed import atom
from plugins.minutes.models import MinutesRecord, MinutesVersion
from plugins.minutes.permissions import may_draft
from plugins.minutes.reading import read
from plugins.minutes.views import bp, load

INDEX_SIZE = 50


def _version(dialogue: Dialogue, number: int | None) -> tuple[MinutesVersion | None, list]:
    """Version ``number`` (the latest when None; 404 when there is no such version) and the
    history, newest first."""
    history = publication.versions(drafting.find_record(dialogue))
    if number is None:
        return (history[0] if history else None), history
    for version in history:
        if version.number == number:
            return version, history
    abort(404)


def _number_arg() -> int | None:
    text = request.args.get("version", "")
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        abort(404)
    return int(text)


@bp.route("/dialogues/<slug>/outcome")
@bp.route("/dialogues/<slug>/outcome/versions/<int:number>")
def outcome(slug: str, number: int | None = None):
    dialogue, viewer = load(slug)
    version, history = _version(dialogue, number)
    reading = read(dialogue, version.content, viewer) if version else None
    public = publication.public_state(dialogue, version) if version else None
    today = recommendations.today(dialogue)
    published = recommendations.of_dialogue(dialogue, published_only=True)
    return render_template(
        "minutes/outcome.html",
        dialogue=dialogue,
        version=version,
        latest=history[0] if history else None,
        history=history,
        reading=reading,
        public=public,
        standings=[(r, recommendations.standing(r, today)) for r in published],
        may_draft=may_draft(current_user, dialogue),
    )


@bp.route("/dialogues/<slug>/outcome/diff")
def diff(slug: str):
    dialogue, viewer = load(slug)
    history = {v.number: v for v in publication.versions(drafting.find_record(dialogue))}
    try:
        old, new = history[int(request.args["from"])], history[int(request.args["to"])]
    except (KeyError, ValueError):
        abort(404)
    lines = publication.diff(
        read(dialogue, old.content, viewer).markdown,
        read(dialogue, new.content, viewer).markdown,
        f"version {old.number}",
        f"version {new.number}",
    )
    return render_template("minutes/diff.html", dialogue=dialogue, old=old, new=new, lines=lines)


def _export(slug: str):
    """A file of the record is read as a visitor reads it, whoever downloads it: a file leaves
    Parley (to a printer, a mailing list, a partner's site), so it names nobody who asked not
    to be named; the dialogue's organisers read the names on the outcome page itself."""
    dialogue, _viewer = load(slug)
    version, _history = _version(dialogue, _number_arg())
    if version is None:
        abort(404)
    return dialogue, version, read(dialogue, version.content, Viewer.anonymous(dialogue.id))


def _filename(dialogue: Dialogue, version: MinutesVersion, ext: str) -> dict[str, str]:
    name = f"{dialogue.slug}-outcome-v{version.number}.{ext}"
    return {"Content-Disposition": f'inline; filename="{name}"'}


@bp.route("/dialogues/<slug>/outcome.md")
def export_markdown(slug: str):
    dialogue, version, reading = _export(slug)
    return Response(
        reading.markdown,
        mimetype="text/markdown",
        headers=_filename(dialogue, version, "md"),
    )


@bp.route("/dialogues/<slug>/outcome/versions/<int:number>/public.md")
def export_public(slug: str, number: int):
    """The version as the public receives it, the same bytes for every reader: what the
    SHA-256 shown on the pages is the digest of."""
    dialogue, _viewer = load(slug)
    version, _history = _version(dialogue, number)
    if version is None:
        abort(404)
    return Response(
        publication.public_state(dialogue, version).text,
        mimetype="text/markdown",
        headers=_filename(dialogue, version, "public.md"),
    )


@bp.route("/dialogues/<slug>/outcome.html")
def export_html(slug: str):
    dialogue, version, reading = _export(slug)
    page = render_template(
        "minutes/export.html",
        dialogue=dialogue,
        version=version,
        reading=reading,
        public=publication.public_state(dialogue, version),
    )
    return Response(page, mimetype="text/html", headers=_filename(dialogue, version, "html"))


@bp.route("/dialogues/<slug>/outcome.json")
def export_json(slug: str):
    dialogue, version, reading = _export(slug)
    public = publication.public_state(dialogue, version)
    document = {
        "dialogue": {"slug": dialogue.slug, "title": dialogue.title},
        "version": version.number,
        "published_at": version.published_at.isoformat(),
        # of the public text (``public_text``), whoever asks: "markdown" below is this
        # reader's, which names whom they may see
        "sha256": public.sha256,
        "public_text": url_for(
            "minutes.export_public", slug=dialogue.slug, number=version.number, _external=True
        ),
        "public_text_unchanged_since_publication": public.unchanged,
        "changes": version.changes,
        "markdown": reading.markdown,
        "html": str(reading.html),
        "url": url_for(
            "minutes.outcome", slug=dialogue.slug, number=version.number, _external=True
        ),
    }
    return Response(
        json.dumps(document, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers=_filename(dialogue, version, "json"),
    )


def _latest_versions() -> list[tuple[MinutesVersion, Dialogue]]:
    """The latest published version of each public dialogue's record, for the ``INDEX_SIZE``
    dialogues published most recently, newest first, with each dialogue's series (one query,
    however many versions a record has)."""
    latest = (
        sa.select(
            MinutesVersion.record_id.label("record_id"),
            sa.func.max(MinutesVersion.number).label("number"),
        )
        .group_by(MinutesVersion.record_id)
        .subquery()
    )
    rows = db_session().execute(
        sa.select(MinutesVersion, Dialogue)
        .join(
            latest,
            sa.and_(
                latest.c.record_id == MinutesVersion.record_id,
                latest.c.number == MinutesVersion.number,
            ),
        )
        .join(MinutesRecord, MinutesRecord.id == MinutesVersion.record_id)
        .join(Dialogue, Dialogue.id == MinutesRecord.dialogue_id)
        .outerjoin(Series, Series.id == Dialogue.series_id)
        .where(Dialogue.status != DialogueStatus.DRAFT)
        .options(
            # the index and the feed show neither the text nor its data
            defer(MinutesVersion.text, raiseload=True),
            defer(MinutesVersion.content, raiseload=True),
            contains_eager(Dialogue.series),
        )
        .order_by(MinutesVersion.published_at.desc(), MinutesVersion.id.desc())
        .limit(INDEX_SIZE)
    )
    return [(row[0], row[1]) for row in rows]


@bp.route("/outcomes")
def index():
    return render_template("minutes/index.html", records=_latest_versions())


@bp.route("/outcomes/feed.atom")
def feed():
    return Response(atom(_latest_versions()), mimetype="application/atom+xml")
