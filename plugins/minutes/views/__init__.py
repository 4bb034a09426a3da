"""The minutes plugin's pages. One blueprint; each module adds the routes of one job."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint
from flask_login import current_user
from sqlalchemy.orm import joinedload

from core.plugin_api import (
    Dialogue,
    Participation,
    ParticipationStatus,
    Viewer,
    db_session,
    load_visible,
    view_participation,
)

bp = Blueprint(
    "minutes",
    __name__,
    template_folder="../templates",
    static_folder="../static",
    static_url_path="/minutes/static",
)

NOT_TAKING_PART = (ParticipationStatus.REJECTED, ParticipationStatus.WITHDRAWN)


def load(slug: str) -> tuple[Dialogue, Viewer]:
    """The dialogue (404 when the user may not see it) and who is looking."""
    dialogue = load_visible(slug, current_user)
    return dialogue, Viewer.for_dialogue(current_user, dialogue)


def participant_choices(dialogue: Dialogue, viewer: Viewer) -> list[tuple[int, str]]:
    """The dialogue's participants as the viewer may see them, by number: the list a
    rapporteur picks mentions and credits from (one query)."""
    rows = db_session().scalars(
        sa.select(Participation)
        .where(
            Participation.dialogue_id == dialogue.id,
            Participation.status.not_in(NOT_TAKING_PART),
        )
        .options(joinedload(Participation.person), joinedload(Participation.organisation))
        .order_by(Participation.id)
    )
    choices = []
    for participation in rows:
        view = view_participation(viewer, participation)
        label = f"{view.label} ({view.organisation})" if view.organisation else view.label
        choices.append((participation.id, label))
    return choices


from plugins.minutes.views import (  # noqa: E402,F401  (each adds its routes to bp)
    drafts,
    outcome,
    recommendation_views,
    scorecard_views,
)
