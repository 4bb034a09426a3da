"""The participant list page and its CSV export, both through the visibility function."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from core.dialogues.views import load_visible
from core.hooks import hooks
from core.participation.listing import as_csv, participant_list
from core.visibility import Standing, Viewer

bp = Blueprint("participants", __name__, url_prefix="/dialogues/<slug>")
PAGE_SIZE = 200


@bp.route("/participants")
def page(slug: str):
    dialogue = load_visible(slug, current_user)
    viewer = Viewer.for_dialogue(current_user, dialogue)
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
    )


@bp.route("/participants.csv")
def csv_export(slug: str):
    dialogue = load_visible(slug, current_user)
    viewer = Viewer.for_dialogue(current_user, dialogue)
    organiser = viewer.standing >= Standing.ORGANISER
    body = as_csv(participant_list(dialogue, viewer), with_email=organiser)
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{dialogue.slug}-participants.csv"',
            "Cache-Control": "private, no-store",
        },
    )
