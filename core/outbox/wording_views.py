"""Organisers of a dialogue word its e-mails: the list of kinds, the form for one, and going
back to Parley's default wording. Every change is audited (``messages.wording_changed``)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import StringField, SubmitField, TextAreaField

from core import audit
from core.auth.permissions import require_dialogue
from core.db import db_session, utcnow
from core.dialogues.loading import load_visible
from core.forms import ParleyForm
from core.models import Dialogue
from core.models.message_wording import MessageWording
from core.outbox.messages import default_wording, sample_message
from core.outbox.wording import (
    KINDS,
    MAX_BODY,
    PLACEHOLDERS,
    Kind,
    check,
    clean_body,
    clean_subject,
    wording_for,
)
from core.participation.invitations import max_age

bp = Blueprint("emails", __name__)


class WordingForm(ParleyForm):
    """Checked by ``core.outbox.wording.check``, which names each bad placeholder."""

    subject = StringField("Subject", description="Must contain {dialogue}.")
    body = TextAreaField(
        "Message",
        description=f"Plain text, at most {MAX_BODY} characters. Parley adds the parts listed "
        "below after it.",
        render_kw={"rows": 12},
    )
    preview = SubmitField("Preview")


def _load(slug: str, key: str | None = None) -> tuple[Dialogue, Kind | None]:
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.edit", dialogue)
    if key is None:
        return dialogue, None
    if key not in KINDS:
        abort(404)
    return dialogue, KINDS[key]


def _record(wording: MessageWording, change: str) -> None:
    audit.record(
        "messages.wording_changed",
        wording,
        dialogue_id=wording.dialogue_id,
        kind=wording.kind,
        change=change,
    )


@bp.route("/dialogues/<slug>/emails", methods=["GET"])
def index(slug: str):
    dialogue, _ = _load(slug)
    customised = set(
        db_session().scalars(
            sa.select(MessageWording.kind).where(MessageWording.dialogue_id == dialogue.id)
        )
    )
    return render_template(
        "emails/index.html", dialogue=dialogue, kinds=KINDS.values(), customised=customised
    )


@bp.route("/dialogues/<slug>/emails/<kind>", methods=["GET", "POST"])
def edit(slug: str, kind: str):
    dialogue, found = _load(slug, kind)
    wording = wording_for(dialogue.id, found.key)
    form, preview = WordingForm(), None
    if not form.is_submitted():
        form.subject.data, form.body.data = (
            (wording.subject, wording.body) if wording else default_wording(found.key)
        )
    elif form.validate():
        subject, body = clean_subject(form.subject.data), clean_body(form.body.data)
        problems = check(found, subject, body)
        if not any(problems.values()) and form.preview.data:  # shown, not saved
            preview = _sample(dialogue, found, subject, body)
        elif not any(problems.values()):
            if wording is None:
                wording = MessageWording(dialogue_id=dialogue.id, kind=found.key)
                db_session().add(wording)
            wording.subject, wording.body = subject, body
            wording.changed_by_id = current_user.id
            _record(wording, "saved")
            db_session().commit()
            flash(f"The {found.title.lower()} e-mail of {dialogue.title} now has your wording.")
            return redirect(url_for(".index", slug=slug))
        form.subject.errors = problems["subject"]
        form.body.errors = problems["body"]
    return render_template(
        "emails/edit.html",
        dialogue=dialogue,
        kind=found,
        form=form,
        customised=wording is not None,
        preview=preview,
        placeholders={p: PLACEHOLDERS[p][0] for p in found.placeholders},
    ), 422 if form.errors else 200


def _sample(dialogue: Dialogue, kind: Kind, subject: str, body: str) -> tuple[str, str]:
    unsaved = MessageWording(dialogue_id=dialogue.id, kind=kind.key, subject=subject, body=body)
    return sample_message(kind.key, dialogue, unsaved, utcnow() + max_age())


@bp.route("/dialogues/<slug>/emails/<kind>/reset", methods=["POST"])
def reset(slug: str, kind: str):
    dialogue, found = _load(slug, kind)
    wording = wording_for(dialogue.id, found.key)
    if wording is not None:
        _record(wording, "reset")
        db_session().delete(wording)
        db_session().commit()
    flash(f"The {found.title.lower()} e-mail of {dialogue.title} has the default wording.")
    return redirect(url_for(".index", slug=slug))
