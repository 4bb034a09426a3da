"""Sessions plugin: a dialogue's programme of segments and thematic sessions.

Organisers prepare sessions (with clash detection) and release the programme as named
versions with a changelog; the public timetable, the session pages and the iCalendar feeds show
the latest release only. Every name shown goes through ``core.visibility``. See
``docs/sessions.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import render_template, url_for
from markupsafe import Markup
from sqlalchemy.orm import load_only

from core.plugin_api import (
    Dialogue,
    Participation,
    Person,
    SessionSummary,
    Tab,
    db_session,
    hookimpl,
)
from plugins.sessions import (
    event_cache,
    manage_views,  # noqa: F401  (adds the organisers' routes to the blueprint)
    models,  # noqa: F401  (registers the plugin's tables)
    releases,
)
from plugins.sessions.check_in import collect_check_in_points  # noqa: F401  (a hook)
from plugins.sessions.demo import load as load_demo
from plugins.sessions.feed_views import bp as feeds_bp
from plugins.sessions.models import FeedKey, ProgrammeSession, Release, SessionPerson, SessionRole
from plugins.sessions.views import bp, webcal


@hookimpl
def register_blueprints(register):
    register(bp)
    register(feeds_bp)


@hookimpl
def register_migrations(register):
    register(Path(__file__).parent / "migrations")


@hookimpl
def register_dialogue_tabs(register, dialogue, viewer):
    register(
        Tab(label="Programme", url=url_for("sessions.programme", slug=dialogue.slug), order=10)
    )


@hookimpl
def render_snippet(place: str, context: dict[str, Any]):
    """On a dialogue's page: the released version and the calendar links (one query)."""
    dialogue = context.get("dialogue")
    if place != "dialogue_summary" or dialogue is None:
        return None
    release = db_session().scalar(
        sa.select(Release)
        .where(Release.dialogue_id == dialogue.id)
        .options(load_only(Release.name, Release.released_at))
        .order_by(Release.number.desc())
        .limit(1)
    )
    feed = url_for("sessions_feeds.dialogue_feed", slug=dialogue.slug, _external=True)
    series_feed = None
    if dialogue.series is not None:
        series_feed = url_for(
            "sessions_feeds.series_feed", series_slug=dialogue.series.slug, _external=True
        )
    return Markup(
        render_template(
            "sessions/_summary.html",
            dialogue=dialogue,
            release=release,
            feed=feed,
            series_feed=series_feed,
            webcal=webcal,
        )
    )


@hookimpl
def collect_sessions(dialogue: Dialogue) -> list[SessionSummary]:
    """The released programme (what the public saw), cancelled sessions included.

    A session is under the Chatham House Rule when the release or the programme as saved since
    says so: a flag ticked after the release protects its speakers at once.
    """
    protected = set(
        db_session().scalars(
            sa.select(ProgrammeSession.id).where(
                ProgrammeSession.dialogue_id == dialogue.id, ProgrammeSession.chatham_house
            )
        )
    )
    return [
        SessionSummary(
            id=s.id,
            title=s.title,
            kind=s.kind.value,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            status=s.status.value,
            chatham_house=s.chatham_house or s.id in protected,
            chairs=s.ids(SessionRole.CHAIR),
            speakers=s.ids(SessionRole.SPEAKER),
            rapporteurs=s.ids(SessionRole.RAPPORTEUR),
        )
        for s in releases.released_sessions(releases.latest(dialogue.id))
    ]


def _participations(person: Person) -> list[int]:
    return list(
        db_session().scalars(
            sa.select(Participation.id).where(Participation.person_id == person.id)
        )
    )


@hookimpl
def collect_personal_data(person: Person) -> dict[str, Any] | None:
    """The person's parts in sessions and their personal calendar links."""
    ids = _participations(person)
    if not ids:
        return None
    parts = db_session().execute(
        sa.select(
            SessionPerson.role, ProgrammeSession.title, ProgrammeSession.starts_at, Dialogue.slug
        )
        .join(ProgrammeSession, ProgrammeSession.id == SessionPerson.session_id)
        .join(Dialogue, Dialogue.id == ProgrammeSession.dialogue_id)
        .where(SessionPerson.participation_id.in_(ids))
        .order_by(ProgrammeSession.starts_at)
    )
    keys = db_session().execute(
        sa.select(FeedKey.created_at, FeedKey.active, Dialogue.slug)
        .join(Participation, Participation.id == FeedKey.participation_id)
        .join(Dialogue, Dialogue.id == Participation.dialogue_id)
        .where(FeedKey.participation_id.in_(ids))
    )
    data = {
        "session_parts": [
            {
                "dialogue": p.slug,
                "session": p.title,
                "starts_at": p.starts_at.isoformat(),
                "role": p.role.value,
            }
            for p in parts
        ],
        "calendar_links": [
            {"dialogue": k.slug, "created_at": k.created_at.isoformat(), "active": k.active}
            for k in keys
        ],
    }
    return data if data["session_parts"] or data["calendar_links"] else None


@hookimpl
def on_person_erased(person: Person, actor) -> None:
    """Personal calendar links stop working and are deleted, and so are the serialised
    calendar events (any may hold the person's name). Parts in sessions stay: the core
    anonymises the person, and the programme then names nobody."""
    event_cache.forget_all()
    ids = _participations(person)
    if ids:
        db_session().execute(sa.delete(FeedKey).where(FeedKey.participation_id.in_(ids)))


@hookimpl
def load_demo_data() -> None:
    load_demo()
