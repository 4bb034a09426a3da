"""Public pages of a programme: the timetable, a session, the released versions. They show the
latest release only; the organisers' work in progress stays on their own pages."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import load_only
from wtforms import StringField
from wtforms.validators import Optional

from core.plugin_api import (
    ParleyForm,
    Viewer,
    can,
    db_session,
    form_page,
    hooks,
    known_zone,
    load_visible,
    utcnow,
    zone_choices,
)
from plugins.sessions import releases
from plugins.sessions.access import access_for, own_participation
from plugins.sessions.feed_keys import ENDED, feed_token
from plugins.sessions.models import Release
from plugins.sessions.people import people_of
from plugins.sessions.timetable import (
    choose_days,
    eligibility,
    lay_out,
    programme_days,
)

bp = Blueprint("sessions", __name__, template_folder="templates", url_prefix="/dialogues")


# suggested in the timezone box: where the people of these dialogues mostly are (ASEAN and EU
# members, Geneva, New York). Any other city or IANA name typed in is accepted too; offering
# all 400 would add some 25 kB to every timetable.
SUGGESTED_ZONES = frozenset(
    {
        *("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "Asia/Kuala_Lumpur"),
        *("Asia/Singapore", "Asia/Bangkok", "Asia/Manila", "Asia/Ho_Chi_Minh"),
        *("Asia/Phnom_Penh", "Asia/Vientiane", "Asia/Yangon", "Asia/Brunei", "Asia/Dili"),
        *("Europe/Brussels", "Europe/Paris", "Europe/Berlin", "Europe/Amsterdam"),
        *("Europe/Madrid", "Europe/Rome", "Europe/Lisbon", "Europe/Dublin", "Europe/Athens"),
        *("Europe/Helsinki", "Europe/Warsaw", "Europe/Stockholm", "Europe/Vienna"),
        *("Europe/Zurich", "Europe/London", "America/New_York", "UTC"),
    }
)


class TimezoneForm(ParleyForm):
    class Meta:
        csrf = False

    tz = StringField(
        "Also show the times in your timezone",
        description="Type your city, e.g. Brussels or Manila, or choose from the list",
        validators=[Optional(), known_zone],
    )


def webcal(url: str) -> str:
    """A ``webcal://`` address, which calendar applications open as a subscription."""
    return "webcal://" + url.split("://", 1)[1]


@bp.route("/<slug>/programme")
def programme(slug: str):
    dialogue = load_visible(slug, current_user)
    viewer = Viewer.for_dialogue(current_user, dialogue)
    form = TimezoneForm(request.args)
    other_zone = form.tz.data if request.args.get("tz") and form.validate() else None
    release, by_day = releases.latest_by_day(dialogue)
    all_days = programme_days(dialogue, by_day)
    shown = choose_days(all_days, request.args.get("day"), dialogue.local(utcnow()).date())
    sessions = [session for day in shown for session in by_day.get(day, ())]
    own = own_participation(viewer)
    days = lay_out(
        dialogue,
        shown,
        sessions,
        people_of(viewer, sessions),
        other_zone=other_zone,
        access=access_for(viewer, own),
    )
    feed = url_for("sessions_feeds.dialogue_feed", slug=dialogue.slug, _external=True)
    personal = None
    if own is not None and own.key is not None and own.key.active:
        personal = url_for(
            "sessions_feeds.personal_feed", feed_token=feed_token(own.key), _external=True
        )
    return form_page(
        "sessions/programme.html",
        form,
        dialogue=dialogue,
        tabs=hooks().dialogue_tabs(dialogue=dialogue, viewer=viewer),
        release=release,
        days=days,
        all_days=all_days,
        base=url_for("sessions.session_page", slug=dialogue.slug, session_id=0)[:-1],
        whole=len(shown) > 1,
        other_zone=other_zone,
        feed=feed,
        webcal=webcal,
        own=own if own is not None and own.participation.status not in ENDED else None,
        personal=personal,
        may_edit=can(current_user, "dialogue.edit", dialogue),
        timezones=[choice for choice in zone_choices() if choice[0] in SUGGESTED_ZONES],
    )


@bp.route("/<slug>/programme/sessions/<int:session_id>")
def session_page(slug: str, session_id: int):
    dialogue = load_visible(slug, current_user)
    viewer = Viewer.for_dialogue(current_user, dialogue)
    release, sessions = releases.latest_release(dialogue.id)
    session = next((s for s in sessions if s.id == session_id), None)
    if session is None:
        abort(404)
    day = dialogue.local(session.starts_at).date()
    days = lay_out(
        dialogue,
        [day],
        [session],
        people_of(viewer, [session]),
        other_zone=None,
        access=access_for(viewer, own_participation(viewer)),
    )
    row = next(row for day in days for row in day.rows)
    ics = url_for(
        "sessions_feeds.session_feed", slug=dialogue.slug, session_id=session.id, _external=True
    )
    return render_template(
        "sessions/session.html",
        dialogue=dialogue,
        tabs=hooks().dialogue_tabs(dialogue=dialogue, viewer=viewer),
        release=release,
        row=row,
        eligibility=eligibility(session),
        ics=ics,
        webcal=webcal,
    )


@bp.route("/<slug>/programme/releases")
def release_history(slug: str):
    dialogue = load_visible(slug, current_user)
    viewer = Viewer.for_dialogue(current_user, dialogue)
    history = db_session().scalars(
        sa.select(Release)
        .where(Release.dialogue_id == dialogue.id)
        .options(load_only(Release.number, Release.name, Release.released_at, Release.changes))
        .order_by(Release.number.desc())
    )
    return render_template(
        "sessions/releases.html",
        dialogue=dialogue,
        tabs=hooks().dialogue_tabs(dialogue=dialogue, viewer=viewer),
        history=list(history),
        fromiso=datetime.fromisoformat,
    )
