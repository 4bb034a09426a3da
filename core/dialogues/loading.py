"""The dialogue a request may see: loaded by its slug with what its pages show, or 404.

Views of the core and of plugins (through ``core.plugin_api``) start from here, so it is a
service module: it imports no view, and no view module need be imported to load a dialogue.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import joinedload, selectinload

from core.auth.permissions import can
from core.db import db_session
from core.models import Dialogue, DialogueChair, DialogueHost


def load_visible(slug: str, user) -> Dialogue:
    """The dialogue ``slug`` if ``user`` may see it, else 404 (drafts stay hidden)."""
    dialogue = db_session().scalar(
        sa.select(Dialogue)
        .where(Dialogue.slug == slug)
        .options(
            joinedload(Dialogue.series),
            joinedload(Dialogue.related_dialogue),
            selectinload(Dialogue.chairs).joinedload(DialogueChair.person),
            selectinload(Dialogue.hosts).joinedload(DialogueHost.organisation),
        )
    )
    return visible_or_404(dialogue, user)


def visible_or_404(dialogue: Dialogue | None, user) -> Dialogue:
    """``dialogue`` if there is one and ``user`` may see it, else 404 (drafts stay hidden)."""
    if dialogue is None:
        abort(404)
    if not dialogue.is_public and not can(user, "dialogue.view_draft", dialogue):
        abort(404)
    return dialogue
