"""Calendar feeds: a dialogue's released programme, one session, a series' dialogues, and each
participant's personal agenda behind a signed link they can renew or stop.

Every answer carries an ETag (a hash of the body) and Last-Modified, and a client that already
holds the same calendar gets 304 Not Modified.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_login import current_user

from core.plugin_api import (
    TAKING_PART,
    Dialogue,
    Participation,
    Series,
    Viewer,
    db_session,
    hooks,
    load_visible,
)
from plugins.sessions import calendar, releases
from plugins.sessions.access import Access, own_participation
from plugins.sessions.feed_keys import ENDED, holder, issue, revoke, viewer_for
from plugins.sessions.models import FeedKey
from plugins.sessions.people import people_of
from plugins.sessions.releases import Released

bp = Blueprint("sessions_feeds", __name__)


def calendar_response(
    body: bytes, last_modified: datetime, filename: str, *, private: bool = False
) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = ("private" if private else "public") + ", no-cache"
    if private:
        response.headers["X-Robots-Tag"] = "noindex"
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.last_modified = last_modified.replace(microsecond=0)
    return response.make_conditional(request)


def _programme_calendar(
    dialogue: Dialogue,
    sessions: list[Released],
    viewer: Viewer,
    access: Access,
    name: str,
    changed: list[datetime | None],
) -> tuple[bytes, datetime]:
    """The calendar and its Last-Modified: the latest of ``changed``, the dialogue's and the
    sessions' changes and the participations named."""
    people = people_of(viewer, sessions)
    events = calendar.cached_events(dialogue, sessions, people, access.may_join)
    body = calendar.assemble(
        calendar.new_calendar(name, dialogue.timezone),
        [dialogue.starts_at, dialogue.ends_at, *(s.starts_at for s in sessions)],
        events,
        hooks().calendar_components(dialogue=dialogue, viewer=viewer),
    )
    moments = [*changed, dialogue.updated_at, people.last_changed]
    moments += [s.modified_at for s in sessions]
    return body, max(m for m in moments if m is not None)


@bp.route("/dialogues/<slug>/programme.ics")
def dialogue_feed(slug: str):
    """The released programme, as anyone may see it (calendar clients send no cookies)."""
    dialogue = load_visible(slug, current_user)
    # the release's time too: a session it leaves out (none yet) would change no other time
    released_at, sessions = releases.latest_sessions(dialogue.id)
    body, changed = _programme_calendar(
        dialogue, sessions, Viewer.anonymous(dialogue.id), Access(), dialogue.title, [released_at]
    )
    return calendar_response(body, changed, f"{dialogue.slug}.ics")


@bp.route("/dialogues/<slug>/programme/sessions/<int:session_id>.ics")
def session_feed(slug: str, session_id: int):
    dialogue = load_visible(slug, current_user)
    _released_at, sessions = releases.latest_sessions(dialogue.id)
    session = next((s for s in sessions if s.id == session_id), None)
    if session is None:
        abort(404)
    viewer = Viewer.anonymous(dialogue.id)
    people = people_of(viewer, [session])
    cal = calendar.new_calendar(f"{session.title}: {dialogue.title}", dialogue.timezone)
    cal.add_component(calendar.session_event(dialogue, session, people, online=False))
    body = calendar.finish(cal, [session.starts_at, session.ends_at])
    changed = max(filter(None, [session.modified_at, dialogue.updated_at, people.last_changed]))
    return calendar_response(body, changed, f"{dialogue.slug}-session-{session.id}.ics")


@bp.route("/series/<series_slug>/programme.ics")
def series_feed(series_slug: str):
    """Every published dialogue of a series, as one event each."""
    series = db_session().scalar(sa.select(Series).where(Series.slug == series_slug))
    if series is None:
        abort(404)
    dialogues = [d for d in series.dialogues if d.is_public]
    cal = calendar.new_calendar(series.name)
    for dialogue in dialogues:
        cal.add_component(calendar.dialogue_event(dialogue))
    body = calendar.finish(cal, [m for d in dialogues for m in (d.starts_at, d.ends_at)])
    changed = max((d.updated_at for d in dialogues), default=series.created_at)
    return calendar_response(body, changed, f"{series.slug}.ics")


@bp.route("/calendar/<feed_token>.ics")
def personal_feed(feed_token: str):
    """A participant's own agenda: the released sessions they may attend or have a part in.
    Anything but a current link is 404, whether forged, renewed or stopped."""
    participation = holder(feed_token)
    if participation is None:
        abort(404)
    dialogue = participation.dialogue
    viewer = viewer_for(participation)
    taking_part = participation.status in TAKING_PART
    access = Access(category=participation.category.value if taking_part else None)
    released_at, released = releases.latest_sessions(dialogue.id)
    sessions = [
        s
        for s in released
        if s.may_attend(participation.category.value) or participation.id in s.participation_ids
    ]
    # Last-Modified moves with anything that changes this body: a release (which may leave a
    # session out of it) and the participant's own status or category (which decide the
    # sessions, the names and the online links), not only the sessions and people it shows
    body, changed = _programme_calendar(
        dialogue,
        sessions,
        viewer,
        access,
        f"{dialogue.title}: your agenda",
        [released_at, participation.updated_at],
    )
    return calendar_response(body, changed, f"{dialogue.slug}-agenda.ics", private=True)


def _own_or_404(slug: str) -> tuple[Dialogue, Participation, FeedKey | None]:
    dialogue = load_visible(slug, current_user)
    if not current_user.is_authenticated:
        abort(404)
    own = own_participation(Viewer.for_dialogue(current_user, dialogue))
    if own is None or own.participation.status in ENDED:
        abort(404)
    return dialogue, own.participation, own.key


@bp.route("/dialogues/<slug>/programme/my-calendar", methods=["POST"])
def issue_link(slug: str):
    """A new personal calendar link; any link given before stops working."""
    dialogue, participation, key = _own_or_404(slug)
    issue(participation, key)
    db_session().commit()
    flash(
        "Your personal calendar link is ready. Any link you had before no longer works."
        if key is not None
        else "Your personal calendar link is ready."
    )
    return redirect(url_for("sessions.programme", slug=dialogue.slug) + "#your-calendar")


@bp.route("/dialogues/<slug>/programme/my-calendar/revoke", methods=["POST"])
def revoke_link(slug: str):
    dialogue, _participation, key = _own_or_404(slug)
    if key is not None and key.active:
        revoke(key)
        db_session().commit()
    flash("Your personal calendar link no longer works.")
    return redirect(url_for("sessions.programme", slug=dialogue.slug) + "#your-calendar")
