"""The participant list page and its CSV export, both through the visibility function.

The CSV leaves out whoever asked not to be named to anyone but the organisers; the dialogue's
organisers may include them by ticking a box and giving a reason, which is audited.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_login import current_user
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length, ValidationError

from core import audit
from core.auth.permissions import require_dialogue
from core.db import db_session
from core.dialogues.views import load_visible
from core.forms import ParleyForm
from core.hooks import hooks
from core.participation.forms import VISIBILITY_LABELS
from core.participation.listing import as_csv, participant_list
from core.visibility import Standing, Viewer

bp = Blueprint("participants", __name__, url_prefix="/dialogues/<slug>")
PAGE_SIZE = 200
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
    listing = participant_list(dialogue, viewer)
    pages = max(1, -(-len(listing.named) // PAGE_SIZE))
    page_number = min(max(request.args.get("page", 1, type=int), 1), pages)
    start = (page_number - 1) * PAGE_SIZE
    return render_template(
        "participation/participants.html",
        dialogue=dialogue,
        listing=listing,
        shown=listing.named[start : start + PAGE_SIZE],
        page=page_number,
        pages=pages,
        tabs=hooks().dialogue_tabs(dialogue=dialogue, viewer=viewer),
        organiser=viewer.standing >= Standing.ORGANISER,
        visibility_labels=VISIBILITY_LABELS,
        form=form,
    ), status


@bp.route("/participants")
def page(slug: str):
    dialogue = load_visible(slug, current_user)
    return _page(dialogue, Viewer.for_dialogue(current_user, dialogue), ExportForm(formdata=None))


def _csv(dialogue, listing, *, organiser: bool, include_unnamed: bool = False) -> Response:
    return Response(
        as_csv(listing, organiser=organiser, include_unnamed=include_unnamed),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{dialogue.slug}-participants.csv"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.route("/participants.csv")
def csv_export(slug: str):
    dialogue = load_visible(slug, current_user)
    viewer = Viewer.for_dialogue(current_user, dialogue)
    organiser = viewer.standing >= Standing.ORGANISER
    return _csv(dialogue, participant_list(dialogue, viewer), organiser=organiser)


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
    listing = participant_list(dialogue, viewer)
    include = bool(form.include_unnamed.data)
    if include:
        audit.record(
            "participants.exported_unnamed",
            dialogue,
            reason=form.reason.data.strip(),
            dialogue_id=dialogue.id,
            count=listing.not_to_be_named,
        )
        db_session().commit()
    return _csv(dialogue, listing, organiser=True, include_unnamed=include)
