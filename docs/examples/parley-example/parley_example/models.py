"""The example plugin's table; like every plugin table, its name starts with the plugin's name."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base


class ExampleNote(Base):
    """A short note attached to a dialogue; removed with the dialogue."""

    __tablename__ = "example_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(
        sa.ForeignKey("dialogue.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(sa.String(200))
