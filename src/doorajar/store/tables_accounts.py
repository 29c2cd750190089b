"""What signing in to a career centre's server keeps (migration 0013).

`credentials` holds the argon2 hashes; the app role cannot read it, nor the one-time links
or the sign-in back-off: on PostgreSQL it reaches them only through the SECURITY DEFINER
functions of migration 0013 (called from `store.repo_accounts`). `web_sessions` is owned by the signed-in user, so
row-level security keeps one user's sessions from every other."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from doorajar.store.tables import Base, UTCDateTime, owner_column

# neither exported, journaled nor owned; the app role has no rights on these tables
PRIVATE = {"export": False, "journal": False, "owned": False, "app": False}


class CredentialRow(Base):
    """One account's password, as an argon2id hash."""

    __tablename__ = "credentials"
    __table_args__ = ({"info": PRIVATE},)
    user_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    password_hash: Mapped[str] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AccountLinkRow(Base):
    """A one-time link that sets a password: an invitation or an admin-issued reset. Only
    the SHA-256 of its secret is kept."""

    __tablename__ = "account_links"
    __table_args__ = ({"info": PRIVATE},)
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(10))  # invite, reset
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SignInBackoffRow(Base):
    """Failed sign-ins of one source address (`source:ADDR`) or one account
    (`account:EMAIL`), and until when the next try waits."""

    __tablename__ = "sign_in_backoff"
    __table_args__ = ({"info": PRIVATE},)
    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class WebSessionRow(Base):
    """A signed-in browser: the SHA-256 of its cookie's secret, and when it ends."""

    __tablename__ = "web_sessions"
    __table_args__ = ({"info": {"export": False, "journal": False}},)
    owner_id: Mapped[int] = owner_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
