"""Tables of the schedule area: the keep-this-door-open answers per application."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from doorajar.store.tables import Base, Owned, UTCDateTime


class DoorRow(Owned, Base):
    """The four questions of PLAYBOOK.md §5 for one rejected application, and an override."""

    __tablename__ = "doors"
    application_id: Mapped[int] = mapped_column(
        Integer,
        ForeignKey("applications.id", ondelete="CASCADE", deferrable=True),
        primary_key=True,
    )
    clear: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    fair: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    interest: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    learn: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    # "keep" or "close" when the user decided regardless of the answers
    override: Mapped[str | None] = mapped_column(String(10), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
