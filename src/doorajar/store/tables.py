"""SQLAlchemy tables of the core. Feature modules add theirs beside it (tables_*.py).

The schema is created and changed only by Alembic revisions in `migrations/`;
these classes describe it for queries, and a test checks they agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.compiler import DDLCompiler, SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in Python; naive UTC in the column, the same on every database."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # pragma: no cover - SQLite returns datetimes via SQLAlchemy
            value = datetime.fromisoformat(value)
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Base of every table."""

    metadata = MetaData(naming_convention=NAMING)


# --- whose a row is ----------------------------------------------------------------------
#
# Every table holding a seeker's data carries `owner_id`, the user it belongs to. A personal
# home has one user, LOCAL_OWNER. On PostgreSQL the column's default is the user the
# transaction acts for (`SET LOCAL doorajar.user`, set by `Store.transaction`), and row
# level security lets a transaction see and write only that user's rows (migration 0012).
# Nothing above the store names the column: inserts get it from the database.

OWNER = "owner_id"
LOCAL_OWNER = 1
# The setting a transaction acts under; NULLIF because a setting once set in a session reads
# '' (not NULL) after its transaction ends.
ACTING_USER = "NULLIF(current_setting('doorajar.user', true), '')::integer"


class OwnerDefault(FunctionElement[int]):
    """The default owner of a new row: the acting user on PostgreSQL, the one user on SQLite."""

    name = "owner_default"
    inherit_cache = True


@compiles(OwnerDefault)
def _owner_default(_element: OwnerDefault, _compiler: SQLCompiler | DDLCompiler, **_kw: Any) -> str:
    return str(LOCAL_OWNER)


@compiles(OwnerDefault, "postgresql")
def _owner_default_pg(
    _element: OwnerDefault, _compiler: SQLCompiler | DDLCompiler, **_kw: Any
) -> str:
    # without a setting a row would go to the local owner, which the policies then refuse
    # to anyone but that owner: an insert can never land in a user the transaction is not
    return f"COALESCE({ACTING_USER}, {LOCAL_OWNER})"


def owner_column(*, primary_key: bool = False) -> Mapped[int]:
    """The owner column of a user-owned table."""
    return mapped_column(
        Integer,
        server_default=OwnerDefault(),
        primary_key=primary_key,
        index=not primary_key,
        sort_order=-1 if primary_key else 1000,
    )


class Owned:
    """Mixin of every table that holds a seeker's data."""

    owner_id: Mapped[int] = owner_column()


def owned_tables(metadata: MetaData) -> list[str]:
    """The names of the tables that belong to one user each."""
    return [t.name for t in metadata.sorted_tables if OWNER in t.columns]


def _fk(target: str, nullable: bool = False) -> Mapped[Any]:
    return mapped_column(
        Integer, ForeignKey(target, ondelete="CASCADE", deferrable=True), nullable=nullable
    )


class ApplicationRow(Owned, Base):
    __tablename__ = "applications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(100))
    careers_url: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(10))
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stage: Mapped[str] = mapped_column(String(30))
    outcome: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    __table_args__ = (Index(None, "company"),)


class StageChangeRow(Owned, Base):
    __tablename__ = "stage_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = _fk("applications.id")
    stage: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    __table_args__ = (Index(None, "application_id"),)


class ContactRow(Owned, Base):
    __tablename__ = "contacts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    company: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(30))
    linkedin_url: Mapped[str | None] = mapped_column(Text)
    connected: Mapped[bool] = mapped_column(Boolean, default=False)
    how_met: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # touches regardless of applications: True opted in, False stopped, None follows them
    keep_in_touch: Mapped[bool | None] = mapped_column(Boolean, nullable=True)


class ApplicationContactRow(Owned, Base):
    __tablename__ = "application_contacts"
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE", deferrable=True), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE", deferrable=True), primary_key=True
    )


class RejectionRow(Owned, Base):
    __tablename__ = "rejections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = _fk("applications.id")
    kind: Mapped[str] = mapped_column(String(20))
    stage: Mapped[str] = mapped_column(String(30))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL", deferrable=True), nullable=True
    )
    message_id: Mapped[str | None] = mapped_column(String(998))
    triage_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    __table_args__ = (Index(None, "application_id"),)


class FeedbackRow(Owned, Base):
    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = _fk("applications.id")
    rejection_id: Mapped[int | None] = mapped_column(
        ForeignKey("rejections.id", ondelete="SET NULL", deferrable=True), nullable=True
    )
    text: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(30))
    __table_args__ = (Index(None, "application_id"),)


class TouchRow(Owned, Base):
    __tablename__ = "touches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int | None] = _fk("applications.id", nullable=True)
    contact_id: Mapped[int | None] = _fk("contacts.id", nullable=True)
    direction: Mapped[str] = mapped_column(String(5))
    channel: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    subject: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    action_kind: Mapped[str | None] = mapped_column(String(30))
    message_id: Mapped[str | None] = mapped_column(String(998))
    __table_args__ = (Index(None, "application_id"), Index(None, "contact_id"))


class ActionRow(Owned, Base):
    __tablename__ = "actions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    application_id: Mapped[int | None] = _fk("applications.id", nullable=True)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL", deferrable=True), nullable=True
    )
    goal_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    __table_args__ = (
        UniqueConstraint(OWNER, "key"),
        Index(None, "status", "due"),
        Index(None, "application_id"),
    )


class NoteRow(Owned, Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    mood: Mapped[int | None] = mapped_column(Integer)
    application_id: Mapped[int | None] = _fk("applications.id", nullable=True)
    contact_id: Mapped[int | None] = _fk("contacts.id", nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SettingRow(Owned, Base):
    __tablename__ = "settings"
    owner_id: Mapped[int] = owner_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
