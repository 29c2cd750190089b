"""The people a database serves. A personal home has one, the local owner (id 1); a
career centre's server has its seekers, advisors and admins (see docs/server.md).

Shared by every user, so not owned by one: the row-level security of the owned tables is
keyed on these ids. Not part of `ajar export --json`, and not journaled (an undo never
touches an account). Passwords are kept apart, in `credentials` (tables_accounts)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from doorajar.store.tables import Base, UTCDateTime

SHARED = {"export": False, "journal": False, "owned": False}


class UserRow(Base):
    """One account: a seeker, an advisor or an admin."""

    __tablename__ = "users"
    __table_args__ = ({"info": SHARED},)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # seeker, advisor, admin
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
