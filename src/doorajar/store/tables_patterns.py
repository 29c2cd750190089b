"""Tables of the patterns area: goals and their progress entries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from doorajar.store.tables import Base, Owned, UTCDateTime


class GoalRow(Owned, Base):
    __tablename__ = "goals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(40))
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    target: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class GoalProgressRow(Owned, Base):
    __tablename__ = "goal_progress"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("goals.id", ondelete="CASCADE", deferrable=True)
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text)
    amount: Mapped[int | None] = mapped_column(Integer)
    __table_args__ = (Index(None, "goal_id"),)
