"""The participant list page and its CSV export, both through the visibility function: each
view parses and authorises the request and asks ``core.participation.listing`` for the rest.

The CSV leaves out whoever asked not to be named to anyone but the organisers; the dialogue's
organisers may include them by ticking a box and giving a reason, which is audited.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Response, render_template, request
from flask_login import current_user
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length, ValidationError

from core.auth.permissions import require_dialogue
from core.dialogues.loading import load_visible
from core.forms import ParleyForm
from core.hooks import hooks
from core.participation.forms import VISIBILITY_LABELS
from core.participation.listing import participant_page, participants_csv
from core.visibility import Standing, Viewer

bp = Blueprint("participants", __name__, url_prefix="/dialogues/<slug>")
MAX_REASON = 500


class ExportForm(ParleyForm):
    include_unnamed = BooleanField("Include people who asked not to be named")
    reason = TextAreaField(
        "Why the file must name them",
        description="For example: the list the venue's security desk checks at the door. "
        "Your reason is kept in the audit log.",
        validators=[
            Length(max=MAX_REASON, message=f"Keep the reason under {MAX_REASON} characters")
        ],
    )

    def validate_reason(self, field) -> None:
        if self.include_unnamed.data and not (field.data or "").strip():
            raise ValidationError(
                "Give the reason the file must name the people who asked not to be named"
            )


def _page(dialogue, viewer, form: ExportForm, status: int = 200):
    return render_template(
        "participation/participants.html",
        dialogue=dialogue,
        listing=participant_page(dialogue, viewer, request.args.get("page")),
        tabs=hooks().dialogue_tabs(dialogue=dialogue, viewer=viewer),
        organiser=viewer.standing >= Standing.ORGANISER,
        visibility_labels=VISIBILITY_LABELS,
        form=form,
    ), status


@bp.route("/participants")
def page(slug: str):
    dialogue = load_visible(slug, current_user)
    return _page(dialogue, Viewer.for_dialogue(current_user, dialogue), ExportForm(formdata=None))


def _csv(dialogue, pieces: Iterator[str]) -> Response:
    """The file streamed as it is written: its memory does not follow its rows. The pieces
    need no request context (the rows are read on a connection of their own), so two
    downloads open at once on one client do not pop each other's context."""
    return Response(
        pieces,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{dialogue.slug}-participants.csv"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.route("/participants.csv")
def csv_export(slug: str):
    dialogue = load_visible(slug, current_user)
    return _csv(dialogue, participants_csv(dialogue, Viewer.for_dialogue(current_user, dialogue)))


@bp.route("/participants.csv", methods=["POST"])
def csv_export_chosen(slug: str):
    """The organisers' download: with the people who asked not to be named when the box is
    ticked and a reason given (audited, with how many), without them otherwise."""
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.review", dialogue)
    viewer = Viewer.for_dialogue(current_user, dialogue)
    form = ExportForm()
    if not form.validate_on_submit():
        return _page(dialogue, viewer, form, 422)
    pieces = participants_csv(
        dialogue,
        viewer,
        include_unnamed=bool(form.include_unnamed.data),
        reason=(form.reason.data or "").strip(),
    )
    return _csv(dialogue, pieces)
