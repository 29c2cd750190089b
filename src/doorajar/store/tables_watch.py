"""Tables of the job-board watch: the boards watched and the openings seen on them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from doorajar.store.tables import OWNER, Base, Owned, UTCDateTime


class WatchBoardRow(Owned, Base):
    """One company's public job board (or the note that none was found)."""

    __tablename__ = "watch_boards"
    __table_args__ = (UniqueConstraint(OWNER, "company_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company: Mapped[str] = mapped_column(String(200))
    # the company as `core.matching.norm_company` compares it: one board per company
    company_key: Mapped[str] = mapped_column(String(200))
    vendor: Mapped[str | None] = mapped_column(String(20))
    token: Mapped[str | None] = mapped_column(String(200))
    origin: Mapped[str] = mapped_column(String(20))
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL", deferrable=True), nullable=True
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    error: Mapped[str | None] = mapped_column(Text)
    error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    gone: Mapped[bool] = mapped_column(Boolean, default=False)
    requests: Mapped[int] = mapped_column(Integer, default=0)


class WatchOpeningRow(Owned, Base):
    """An opening seen on a board: its fit, and when it was first and last listed."""

    __tablename__ = "watch_openings"
    __table_args__ = (
        UniqueConstraint(OWNER, "board_id", "external_id"),
        Index(None, "board_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    board_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("watch_boards.id", ondelete="CASCADE", deferrable=True)
    )
    external_id: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    location: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text)
    department: Mapped[str | None] = mapped_column(String(200))
    remote: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # the earlier opening of the same title and place this one reposts
    repost_of: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fit: Mapped[int] = mapped_column(Integer)
    fit_reason: Mapped[str] = mapped_column(Text)
    notified: Mapped[bool] = mapped_column(Boolean, default=False)
