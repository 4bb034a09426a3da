"""The organisers' pages: the programme being prepared, with its clashes and the changes
since the last release; create, edit (and so move), cancel, reinstate and delete sessions;
release a version."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from core.plugin_api import (
    Dialogue,
    ParleyForm,
    Viewer,
    db_session,
    form_page,
    hooks,
    load_visible,
    record_audit,
    require_dialogue,
)
from plugins.sessions import event_cache, releases
from plugins.sessions.clashes import people_clashes, room_clashes
from plugins.sessions.editing import apply_form, fill_form, people_choices
from plugins.sessions.forms import SessionForm
from plugins.sessions.models import ProgrammeSession, Release, SessionStatus
from plugins.sessions.people import People, load_rows
from plugins.sessions.views import bp


class ReleaseForm(ParleyForm):
    name = StringField(
        "Version name",
        description="For example: Draft agenda, Final programme or v2",
        validators=[DataRequired("Enter a name for this version"), Length(max=80)],
    )


def _organised(slug: str) -> Dialogue:
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.edit", dialogue)
    return dialogue


def _session(dialogue: Dialogue, session_id: int) -> ProgrammeSession:
    session = db_session().get(ProgrammeSession, session_id)
    if session is None or session.dialogue_id != dialogue.id:
        abort(404)
    return session


def _manage_page(dialogue: Dialogue, form: ReleaseForm):
    viewer = Viewer.for_dialogue(current_user, dialogue)
    sessions = releases.current_sessions(dialogue)
    latest = releases.latest(dialogue.id)
    people = People(viewer, load_rows(p.participation_id for s in sessions for p in s.people))
    return form_page(
        "sessions/manage.html",
        form,
        dialogue=dialogue,
        tabs=hooks().dialogue_tabs(dialogue=dialogue, viewer=viewer),
        sessions=sessions,
        people=people,
        clashes=people_clashes(sessions),
        latest=latest,
        released_ids={s["id"] for s in latest.sessions} if latest else set(),
        pending=releases.changes_since(latest, sessions),
    )


@bp.route("/<slug>/programme/manage")
def manage(slug: str):
    return _manage_page(_organised(slug), ReleaseForm())


@bp.route("/<slug>/programme/release", methods=["POST"])
def release(slug: str):
    dialogue = _organised(slug)
    form = ReleaseForm()
    if form.validate_on_submit():
        releases.lock_programme(dialogue)
        latest = releases.latest(dialogue.id)
        sessions = releases.current_sessions(dialogue)
        names = db_session().scalars(
            sa.select(Release.name).where(Release.dialogue_id == dialogue.id)
        )
        if form.name.data in set(names):
            form.name.errors.append("Another version of this programme already has this name")
        elif not sessions:
            form.name.errors.append("Add sessions to the programme before releasing it")
        elif latest is not None and not releases.changes_since(latest, sessions):
            form.name.errors.append(f"Nothing has changed since “{latest.name}” was released")
        else:
            made = releases.release(dialogue, form.name.data, current_user.id)
            event_cache.forget_old()
            record_audit(
                "sessions.released",
                made,
                dialogue_id=dialogue.id,
                version=made.name,
                number=made.number,
                changes=len(made.changes),
            )
            db_session().commit()
            flash(f"“{made.name}” is released: the public programme and calendars show it now.")
            return redirect(url_for("sessions.programme", slug=dialogue.slug))
        db_session().rollback()
    return _manage_page(dialogue, form)


def _edit(dialogue: Dialogue, session: ProgrammeSession | None):
    viewer = Viewer.for_dialogue(current_user, dialogue)
    form = SessionForm()
    form.prepare(dialogue, people_choices(dialogue, viewer), session.id if session else None)
    if request.method == "GET" and session is not None:
        fill_form(form, session, dialogue.timezone)
    if request.method == "POST":
        releases.lock_programme(dialogue)
    if form.validate_on_submit():
        created = session is None
        session = session or ProgrammeSession(dialogue_id=dialogue.id)
        apply_form(session, form, released=session.id in releases.released_ids(dialogue.id))
        db_session().add(session)
        db_session().flush()
        record_audit(
            "sessions.session_created" if created else "sessions.session_edited",
            session,
            dialogue_id=dialogue.id,
        )
        db_session().commit()
        flash(f"“{session.title}” was saved. It shows publicly once you release the programme.")
        return redirect(url_for("sessions.manage", slug=dialogue.slug))
    return form_page("sessions/form.html", form, dialogue=dialogue, session=session)


@bp.route("/<slug>/programme/sessions/new", methods=["GET", "POST"])
def new_session(slug: str):
    return _edit(_organised(slug), None)


@bp.route("/<slug>/programme/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit_session(slug: str, session_id: int):
    dialogue = _organised(slug)
    return _edit(dialogue, _session(dialogue, session_id))


@bp.route("/<slug>/programme/sessions/<int:session_id>/cancel", methods=["POST"])
def cancel_session(slug: str, session_id: int):
    dialogue = _organised(slug)
    session = _session(dialogue, session_id)
    if session.status != SessionStatus.CANCELLED:
        session.status = SessionStatus.CANCELLED
        reason = request.form.get("reason", "").strip()[:2000]
        record_audit("sessions.session_cancelled", session, reason=reason, dialogue_id=dialogue.id)
        db_session().commit()
    flash(f"“{session.title}” is cancelled. Release the programme to tell everyone.")
    return redirect(url_for("sessions.manage", slug=dialogue.slug))


@bp.route("/<slug>/programme/sessions/<int:session_id>/reinstate", methods=["POST"])
def reinstate_session(slug: str, session_id: int):
    dialogue = _organised(slug)
    session = _session(dialogue, session_id)
    if session.status != SessionStatus.CANCELLED:
        return redirect(url_for("sessions.manage", slug=dialogue.slug))
    releases.lock_programme(dialogue)
    taken = room_clashes(dialogue.id, session.starts_at, session.ends_at, session.room, session.id)
    if taken:
        db_session().rollback()
        flash(
            f"“{session.title}” cannot be reinstated: {session.room} is booked then for "
            f"“{taken[0].title}”. Move one of them first."
        )
        return redirect(url_for("sessions.manage", slug=dialogue.slug))
    released = session.id in releases.released_ids(dialogue.id)
    session.status = SessionStatus.CHANGED if released else SessionStatus.SCHEDULED
    record_audit("sessions.session_reinstated", session, dialogue_id=dialogue.id)
    db_session().commit()
    flash(f"“{session.title}” is back in the programme. Release the programme to tell everyone.")
    return redirect(url_for("sessions.manage", slug=dialogue.slug))


@bp.route("/<slug>/programme/sessions/<int:session_id>/delete", methods=["GET", "POST"])
def delete_session(slug: str, session_id: int):
    """Only a session never released can be deleted; a released one is cancelled instead, so
    that calendars hear of it. The page (GET) asks to confirm; its form (POST) deletes."""
    dialogue = _organised(slug)
    session = _session(dialogue, session_id)
    if request.method == "GET":
        if session.id in releases.released_ids(dialogue.id):
            flash(
                f"“{session.title}” was released: cancel it instead, so that calendars hear of it."
            )
            return redirect(url_for("sessions.manage", slug=dialogue.slug))
        return render_template("sessions/delete.html", dialogue=dialogue, session=session)
    # a release made at the same moment either comes first (and the session is then
    # released) or waits for the deletion
    releases.lock_programme(dialogue)
    if session.id in releases.released_ids(dialogue.id):
        db_session().rollback()
        flash(f"“{session.title}” was released: cancel it instead, so that calendars hear of it.")
    else:
        record_audit("sessions.session_deleted", session, dialogue_id=dialogue.id)
        db_session().delete(session)
        db_session().commit()
        flash(f"“{session.title}” was deleted.")
    return redirect(url_for("sessions.manage", slug=dialogue.slug))
