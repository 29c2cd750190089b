"""Tables for mail: the sources scanned, every message seen, and corrections remembered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from doorajar.store.tables import OWNER, Base, Owned, UTCDateTime


class MailSourceRow(Owned, Base):
    """A mailbox scanned before, and where its last scan stopped."""

    __tablename__ = "mail_sources"
    __table_args__ = (UniqueConstraint(OWNER, "uri"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uri: Mapped[str] = mapped_column(String(1000))
    kind: Mapped[str] = mapped_column(String(20))
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    last_uid: Mapped[int | None] = mapped_column(BigInteger)
    mbox_size: Mapped[int | None] = mapped_column(BigInteger)
    mbox_offset: Mapped[int | None] = mapped_column(BigInteger)
    mbox_mtime: Mapped[float | None] = mapped_column(Float)
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    highestmodseq: Mapped[int | None] = mapped_column(BigInteger)
    last_scanned: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MailMessageRow(Owned, Base):
    """One message seen by a scan: what it was, and what filing did with it."""

    __tablename__ = "mail_messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str] = mapped_column(String(998))
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("mail_sources.id", ondelete="SET NULL", deferrable=True), nullable=True
    )
    source_key: Mapped[str | None] = mapped_column(String(500))
    date: Mapped[datetime | None] = mapped_column(UTCDateTime)
    from_addr: Mapped[str] = mapped_column(String(320))
    from_name: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str | None] = mapped_column(String(20))
    stage: Mapped[str | None] = mapped_column(String(30))
    company: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(300))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    feedback: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL", deferrable=True), nullable=True
    )
    status: Mapped[str] = mapped_column(String(20))  # filed, review, ignored
    outcome: Mapped[str | None] = mapped_column(Text)  # what filing did, in words
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # what filing it added: the application, the contact (the person who wrote); a fix
    # takes them back
    created_application_id: Mapped[int | None] = mapped_column(Integer)
    created_contact_id: Mapped[int | None] = mapped_column(Integer)
    __table_args__ = (
        UniqueConstraint(OWNER, "message_id"),
        Index(None, "source_id", "source_key"),
        Index(None, "status"),
        Index(None, "application_id"),
    )


class SenderRuleRow(Owned, Base):
    """A correction the user made, remembered for a sender address or domain."""

    __tablename__ = "mail_sender_rules"
    __table_args__ = (UniqueConstraint(OWNER, "sender"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender: Mapped[str] = mapped_column(String(320))  # address or @domain
    category: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str | None] = mapped_column(String(20))
    company: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MailExampleRow(Owned, Base):
    """A message the user corrected, kept as a labelled example: its template (the text
    with names, numbers, dates, company and role masked) and what the user said it is.
    Learned from, never exported (`ajar export --json` leaves it out)."""

    __tablename__ = "mail_examples"
    __table_args__ = (Index(None, "sender"), {"info": {"export": False}})
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str | None] = mapped_column(String(998))
    sender: Mapped[str] = mapped_column(String(320))
    template: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str | None] = mapped_column(String(20))
    stage: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MailAccountRow(Owned, Base):
    """A connected mail account: where its server is and which folders a sync reads. The
    password or token is in the OS keyring (or an environment variable), never here."""

    __tablename__ = "mail_accounts"
    __table_args__ = (UniqueConstraint(OWNER, "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(30))
    user: Mapped[str] = mapped_column(String(320))
    host: Mapped[str] = mapped_column(String(255))
    port: Mapped[int] = mapped_column(Integer)
    security: Mapped[str] = mapped_column(String(10))  # ssl, starttls or none
    auth: Mapped[str] = mapped_column(String(20))  # password or oauth2
    folders: Mapped[list[str]] = mapped_column(JSON, default=list)
    sent_folder: Mapped[str | None] = mapped_column(String(500))
    read_sent: Mapped[bool] = mapped_column(Boolean, default=False)
    last_sync: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_result: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MailMoveRow(Owned, Base):
    """A message `ajar accounts tidy` moved on the server, so `--undo` can put it back."""

    __tablename__ = "mail_moves"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("mail_accounts.id", ondelete="CASCADE", deferrable=True), index=True
    )
    message_id: Mapped[str] = mapped_column(String(998))
    from_folder: Mapped[str] = mapped_column(String(500))
    to_folder: Mapped[str] = mapped_column(String(500))
    moved_at: Mapped[datetime] = mapped_column(UTCDateTime)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
