"""How a mention or an attribution is shown to one reader.

Every name goes through ``core.visibility.view_participation``. In a Chatham House session
nobody is named, whoever reads: the role alone is shown ("a CSO representative").
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core.plugin_api import (
    Dialogue,
    Participation,
    Viewer,
    db_session,
    describe_role,
    view_participation,
)
from plugins.minutes.markdown import escape_markdown

UNKNOWN = "a participant"


def load_participations(dialogue: Dialogue, ids: Iterable[int]) -> dict[int, Participation]:
    """The dialogue's participations among ``ids``, with person and organisation (one query).
    An id of another dialogue's participation is left out, and shown as ``UNKNOWN``."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = db_session().scalars(
        sa.select(Participation)
        .where(Participation.id.in_(wanted), Participation.dialogue_id == dialogue.id)
        .options(joinedload(Participation.person), joinedload(Participation.organisation))
    )
    return {p.id: p for p in rows}


class Labeller:
    """Labels of participations for one reader, as Markdown-safe text."""

    def __init__(self, viewer: Viewer, participations: dict[int, Participation]) -> None:
        self.viewer = viewer
        self.participations = participations

    def text(self, participation_id: int | None, chatham_house: bool) -> str:
        """Plain words: the name (and organisation) where this reader may see it, else the
        role; always the role under the Chatham House Rule."""
        participation = self.participations.get(participation_id or 0)
        if participation is None:
            return UNKNOWN
        if chatham_house:
            return describe_role(participation.category)
        view = view_participation(self.viewer, participation)
        if view.named and view.organisation:
            return f"{view.label} ({view.organisation})"
        return view.label

    def markdown(self, participation_id: int | None, chatham_house: bool) -> str:
        return escape_markdown(self.text(participation_id, chatham_house))


def token(participation_id: int | None, _chatham_house: bool) -> str:
    """A mention as it is stored and hashed: ``@[id]``."""
    return f"@[{participation_id}]"
