"""Whether a part of the record falls under the Chatham House Rule: one answer for every output.

Every output that may name someone (the published text and its exports, the preview, a
recommendation's page and credit, the reminder e-mails, the editor's notice) asks ``Programme``
when it is made; nothing keeps the answer. A part is under the rule when

* the session it belongs to is marked Chatham House by the sessions plugin now (the plugin
  says so when either its released or its saved programme does), or
* the sessions plugin does not report that session (removed, or the plugin switched off):
  naming nobody is the safe mistake, or
* the published version being read recorded it as under the rule: a session unmarked later
  does not start naming people in what was published without names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa

from core.plugin_api import Dialogue, SessionSummary, db_session, hooks
from plugins.minutes.models import MinutesRecord, MinutesVersion


class Programme:
    """A dialogue's sessions as the sessions plugin reports them at this moment."""

    def __init__(self, sessions: Iterable[SessionSummary]) -> None:
        self.sessions: dict[int, SessionSummary] = {}
        self._chatham: dict[int, bool] = {}
        for session in sessions:
            self.sessions.setdefault(session.id, session)
            # two plugins may report the same id: either one marking it is enough
            self._chatham[session.id] = self._chatham.get(session.id, False) or bool(
                session.chatham_house
            )

    @classmethod
    def of(cls, dialogue: Dialogue) -> Programme:
        return cls(hooks().sessions(dialogue=dialogue))

    def under_rule(self, session_id: int | None, *, recorded: bool = False) -> bool:
        """Whether the part of session ``session_id`` (None: the dialogue as a whole) names
        nobody; ``recorded`` is what a published version said of it."""
        if recorded:
            return True
        if session_id is None:
            return False
        return self._chatham.get(session_id, True)

    def chatham_ids(self) -> set[int]:
        return {sid for sid in self.sessions if self.under_rule(sid)}


def recorded_flags(dialogue: Dialogue) -> dict[int, bool]:
    """Recommendation id → whether the latest published version showed it under the rule."""
    content = db_session().scalar(
        sa.select(MinutesVersion.content)
        .join(MinutesRecord, MinutesRecord.id == MinutesVersion.record_id)
        .where(MinutesRecord.dialogue_id == dialogue.id)
        .order_by(MinutesVersion.number.desc())
        .limit(1)
    )
    return flags_of(content)


def flags_of(content: Mapping[str, Any] | None) -> dict[int, bool]:
    if not content:
        return {}
    return {
        item["id"]: bool(item.get("chatham_house"))
        for item in content.get("recommendations", [])
        if "id" in item
    }
