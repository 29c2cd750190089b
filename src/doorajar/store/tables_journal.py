"""The operation log: every change a command or a page makes, and how to take it back.

Database triggers (installed by `store/journal.py`) write one `operation_changes` row per
row inserted, updated or deleted while an operation is open (`operation_current` holds
its id for the length of the transaction). An insert keeps the new row's key; an update
keeps the old values of the columns it changed; a delete keeps the whole old row. These
tables are not part of `ajar export --json`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from doorajar.store.tables import Base, Owned, UTCDateTime

NOT_EXPORTED = {"export": False, "journal": False}


class OperationRow(Owned, Base):
    """One change as the user made it: a command, a page's form, a scan batch."""

    __tablename__ = "operations"
    __table_args__ = (Index(None, "group_id"), {"info": NOT_EXPORTED})
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # the operations of one scan or import share the id of the first of them
    group_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    command: Mapped[str] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(30))  # change, delete, restore, sweep, scan, import
    automatic: Mapped[bool] = mapped_column(Boolean, default=False)
    subject: Mapped[str | None] = mapped_column(Text)  # what a deletion removed, in words
    restores: Mapped[int | None] = mapped_column(Integer, nullable=True)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emptied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ChangeRow(Owned, Base):
    """One row changed by an operation, with what it was before."""

    __tablename__ = "operation_changes"
    __table_args__ = (Index(None, "op_id"), {"info": NOT_EXPORTED})
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    op_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("operations.id", ondelete="CASCADE", deferrable=True)
    )
    tbl: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(1))  # I, U, D
    pk: Mapped[str] = mapped_column(Text)  # JSON object of the key columns
    before: Mapped[str | None] = mapped_column(Text)  # JSON object of the old values


class CurrentRow(Owned, Base):
    """The operation open in this transaction; empty outside one."""

    __tablename__ = "operation_current"
    __table_args__ = ({"info": NOT_EXPORTED},)
    op_id: Mapped[int] = mapped_column(Integer, primary_key=True)
