"""Mail records: the sources scanned and where they stopped, every message seen, and the
corrections remembered per sender and as labelled examples. The mail feature reads and
writes them only here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from doorajar.store.tables_mail import (
    MailAccountRow,
    MailExampleRow,
    MailMessageRow,
    MailMoveRow,
    MailSourceRow,
    SenderRuleRow,
)

# IN-lists are cut into chunks this long: under every database's bind-parameter limit
CHUNK = 500


@dataclass(frozen=True)
class SourceState:
    """A source scanned before, and where its last scan stopped."""

    id: int
    uri: str
    kind: str
    uidvalidity: int | None
    last_uid: int | None
    mbox_size: int | None
    mbox_offset: int | None
    mbox_mtime: float | None
    fingerprint: str | None
    last_scanned: datetime | None
    highestmodseq: int | None = None


@dataclass(frozen=True)
class StoredMessage:
    """One message as a scan recorded it, with what filing did."""

    id: int
    message_id: str
    date: datetime | None
    from_addr: str
    from_name: str
    subject: str
    category: str
    kind: str | None
    stage: str | None
    company: str | None
    role: str | None
    contact_name: str | None
    feedback: str | None
    confidence: float
    reasons: tuple[str, ...]
    application_id: int | None
    status: str
    outcome: str | None
    raw: bytes | None
    scanned_at: datetime | None = None
    created_application_id: int | None = None
    created_contact_id: int | None = None


@dataclass(frozen=True)
class SenderRule:
    """What the user said mail from a sender (an address or "@domain") is."""

    sender: str
    category: str
    kind: str | None
    company: str | None


def _source(r: MailSourceRow) -> SourceState:
    return SourceState(
        r.id,
        r.uri,
        r.kind,
        r.uidvalidity,
        r.last_uid,
        r.mbox_size,
        r.mbox_offset,
        r.mbox_mtime,
        r.fingerprint,
        r.last_scanned,
        r.highestmodseq,
    )


def _message(r: MailMessageRow) -> StoredMessage:
    return StoredMessage(
        id=r.id,
        message_id=r.message_id,
        date=r.date,
        from_addr=r.from_addr,
        from_name=r.from_name,
        subject=r.subject,
        category=r.category,
        kind=r.kind,
        stage=r.stage,
        company=r.company,
        role=r.role,
        contact_name=r.contact_name,
        feedback=r.feedback,
        confidence=r.confidence,
        reasons=tuple(r.reasons or ()),
        application_id=r.application_id,
        status=r.status,
        outcome=r.outcome,
        raw=r.raw,
        scanned_at=r.scanned_at,
        created_application_id=r.created_application_id,
        created_contact_id=r.created_contact_id,
    )


# --- sources --------------------------------------------------------------------------------


def source(s: Session, uri: str) -> SourceState | None:
    """The source with this address, if it was scanned before."""
    row = s.scalar(select(MailSourceRow).where(MailSourceRow.uri == uri))
    return _source(row) if row is not None else None


def sources(s: Session) -> list[SourceState]:
    """Every source scanned before."""
    return [_source(r) for r in s.scalars(select(MailSourceRow).order_by(MailSourceRow.id))]


def add_source(s: Session, uri: str, kind: str, now: datetime) -> int:
    """Remember a new source; returns its id."""
    row = MailSourceRow(uri=uri, kind=kind, created_at=now)
    s.add(row)
    s.flush()
    return row.id


def source_keys(s: Session, source_id: int) -> frozenset[str]:
    """The keys (file names) of the messages already read from a folder source."""
    q = select(MailMessageRow.source_key).where(MailMessageRow.source_id == source_id)
    return frozenset(k for k in s.scalars(q) if k is not None)


def store_progress(
    s: Session,
    source_id: int,
    now: datetime,
    *,
    uidvalidity: int | None,
    last_uid: int | None,
    mbox_size: int | None,
    mbox_offset: int | None,
    mbox_mtime: float | None,
    fingerprint: str | None,
    highestmodseq: int | None = None,
) -> None:
    """Move a source's marker to where reading stopped."""
    row = s.get(MailSourceRow, source_id)
    assert row is not None
    if highestmodseq is not None:
        row.highestmodseq = highestmodseq
    if uidvalidity is not None and uidvalidity != row.uidvalidity:
        row.uidvalidity = uidvalidity
        row.last_uid = last_uid
    elif last_uid is not None:
        row.last_uid = max(last_uid, row.last_uid or 0)
    if mbox_offset is not None:
        row.mbox_offset = mbox_offset
        row.mbox_size = mbox_size
        row.mbox_mtime = mbox_mtime
        row.fingerprint = fingerprint
    elif mbox_mtime is not None:
        row.mbox_size = mbox_size
        row.mbox_mtime = mbox_mtime
    row.last_scanned = now


# --- messages -------------------------------------------------------------------------------


def known_ids(s: Session, message_ids: Sequence[str]) -> set[str]:
    """Those of the Message-IDs that an earlier scan recorded."""
    out: set[str] = set()
    for start in range(0, len(message_ids), CHUNK):
        chunk = message_ids[start : start + CHUNK]
        q = select(MailMessageRow.message_id).where(MailMessageRow.message_id.in_(chunk))
        out.update(s.scalars(q))
    return out


def _fit(values: dict[str, Any]) -> dict[str, Any]:
    """Text from mail cut to the length of its column: PostgreSQL refuses a longer value
    (failing the whole batch) where SQLite would keep it."""
    out = dict(values)
    for name, value in values.items():
        length = getattr(MailMessageRow.__table__.c[name].type, "length", None)
        if isinstance(value, str) and length is not None and len(value) > length:
            out[name] = value[:length]
    return out


def add_messages(s: Session, rows: Iterable[dict[str, Any]]) -> None:
    """Record the messages of a scan batch (the columns of `mail_messages` as keys)."""
    batch = [_fit(r) for r in rows]
    for start in range(0, len(batch), CHUNK):
        s.execute(insert(MailMessageRow), batch[start : start + CHUNK])


def message(s: Session, item_id: int) -> StoredMessage | None:
    """One recorded message by its number."""
    row = s.get(MailMessageRow, item_id)
    return _message(row) if row is not None else None


def messages(
    s: Session, *, status: str | None = None, application_id: int | None = None
) -> list[StoredMessage]:
    """Recorded messages held with a status or filed on an application, oldest first."""
    q = select(MailMessageRow)
    if status is not None:
        q = q.where(MailMessageRow.status == status)
    if application_id is not None:
        q = q.where(MailMessageRow.application_id == application_id)
    q = q.order_by(MailMessageRow.date, MailMessageRow.id)
    return [_message(r) for r in s.scalars(q)]


def recent_messages(
    s: Session, *, statuses: Sequence[str], limit: int | None = None
) -> list[StoredMessage]:
    """Recorded messages with one of these statuses, newest first."""
    q = select(MailMessageRow).where(MailMessageRow.status.in_(list(statuses)))
    q = q.order_by(MailMessageRow.date.desc(), MailMessageRow.id.desc())
    if limit is not None:
        q = q.limit(limit)
    return [_message(r) for r in s.scalars(q)]


def filed_to(s: Session, application_id: int) -> list[int]:
    """The numbers of the messages filed on an application."""
    q = select(MailMessageRow.id).where(MailMessageRow.application_id == application_id)
    return list(s.scalars(q.order_by(MailMessageRow.id)))


def update_message(s: Session, item_id: int, **values: Any) -> None:
    """Change what is recorded about a message (after a review decision)."""
    s.execute(update(MailMessageRow).where(MailMessageRow.id == item_id).values(**_fit(values)))


def thread_application(s: Session, message_ids: Sequence[str]) -> int | None:
    """The application a message of this thread was filed on, if any."""
    for start in range(0, len(message_ids), CHUNK):
        chunk = message_ids[start : start + CHUNK]
        found = s.scalars(
            select(MailMessageRow.application_id).where(
                MailMessageRow.message_id.in_(chunk), MailMessageRow.application_id.is_not(None)
            )
        ).first()
        if found is not None:
            return found
    return None


# --- corrections ----------------------------------------------------------------------------


def sender_rules(s: Session) -> dict[str, SenderRule]:
    """Every remembered correction, by sender."""
    return {
        r.sender: SenderRule(r.sender, r.category, r.kind, r.company)
        for r in s.scalars(select(SenderRuleRow))
    }


def remember_sender(s: Session, rule: SenderRule, now: datetime) -> None:
    """Remember (or replace) what mail from a sender is."""
    row = s.scalar(select(SenderRuleRow).where(SenderRuleRow.sender == rule.sender))
    values = {"category": rule.category, "kind": rule.kind, "company": rule.company}
    if row is None:
        s.add(SenderRuleRow(sender=rule.sender, created_at=now, **values))
    else:
        for k, v in values.items():
            setattr(row, k, v)


@dataclass(frozen=True)
class Example:
    """A message the user corrected: its masked template and what it really is."""

    id: int
    message_id: str | None
    sender: str
    template: str
    category: str
    kind: str | None
    stage: str | None


def examples(s: Session) -> list[Example]:
    """Every labelled example, oldest first."""
    return [
        Example(r.id, r.message_id, r.sender, r.template, r.category, r.kind, r.stage)
        for r in s.scalars(select(MailExampleRow).order_by(MailExampleRow.id))
    ]


def add_example(s: Session, example: Example, now: datetime) -> None:
    """Keep a corrected message as a labelled example; a message corrected again replaces
    its earlier example."""
    if example.message_id:
        for old in s.scalars(
            select(MailExampleRow).where(MailExampleRow.message_id == example.message_id)
        ):
            s.delete(old)
        s.flush()
    s.add(
        MailExampleRow(
            message_id=example.message_id,
            sender=example.sender[:320],
            template=example.template,
            category=example.category,
            kind=example.kind,
            stage=example.stage,
            created_at=now,
        )
    )


# --- accounts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountRecord:
    """A connected mail account as stored (no secret: that is in the keyring)."""

    id: int
    name: str
    provider: str
    user: str
    host: str
    port: int
    security: str
    auth: str
    folders: tuple[str, ...]
    sent_folder: str | None
    read_sent: bool
    last_sync: datetime | None
    last_result: str | None


def _account(r: MailAccountRow) -> AccountRecord:
    return AccountRecord(
        r.id,
        r.name,
        r.provider,
        r.user,
        r.host,
        r.port,
        r.security,
        r.auth,
        tuple(r.folders or ()),
        r.sent_folder,
        r.read_sent,
        r.last_sync,
        r.last_result,
    )


def accounts(s: Session) -> list[AccountRecord]:
    """Every connected account, in the order they were connected."""
    return [_account(r) for r in s.scalars(select(MailAccountRow).order_by(MailAccountRow.id))]


def save_account(s: Session, values: dict[str, Any], now: datetime) -> int:
    """Add an account, or change the one with the same name; returns its id."""
    row = s.scalar(select(MailAccountRow).where(MailAccountRow.name == values["name"]))
    if row is None:
        row = MailAccountRow(created_at=now, **values)
        s.add(row)
    else:
        for k, v in values.items():
            setattr(row, k, v)
    s.flush()
    return row.id


def remove_account(s: Session, account_id: int) -> None:
    """Forget an account (its moves go with it)."""
    row = s.get(MailAccountRow, account_id)
    if row is not None:
        s.delete(row)


def account_synced(s: Session, account_id: int, now: datetime, result: str) -> None:
    """Note when an account was last synced and what that found."""
    s.execute(
        update(MailAccountRow)
        .where(MailAccountRow.id == account_id)
        .values(last_sync=now, last_result=result)
    )


@dataclass(frozen=True)
class Move:
    """A message tidy moved from one folder to another."""

    id: int
    account_id: int
    message_id: str
    from_folder: str
    to_folder: str
    moved_at: datetime


def add_move(s: Session, move: Move) -> None:
    """Record one move made on the server."""
    s.add(
        MailMoveRow(
            account_id=move.account_id,
            message_id=move.message_id[:998],
            from_folder=move.from_folder,
            to_folder=move.to_folder,
            moved_at=move.moved_at,
        )
    )
    s.flush()


def moves(s: Session, account_id: int, *, undone: bool = False) -> list[Move]:
    """The moves made on an account that were not taken back (or, with `undone`, all)."""
    q = select(MailMoveRow).where(MailMoveRow.account_id == account_id)
    if not undone:
        q = q.where(MailMoveRow.undone_at.is_(None))
    return [
        Move(r.id, r.account_id, r.message_id, r.from_folder, r.to_folder, r.moved_at)
        for r in s.scalars(q.order_by(MailMoveRow.id))
    ]


def move_undone(s: Session, move_id: int, now: datetime) -> None:
    """Mark a move as taken back."""
    s.execute(update(MailMoveRow).where(MailMoveRow.id == move_id).values(undone_at=now))


def filed_rejection_ids(s: Session) -> list[str]:
    """The Message-IDs of the messages filed as rejections."""
    q = select(MailMessageRow.message_id).where(
        MailMessageRow.status == "filed", MailMessageRow.category == "rejection"
    )
    return list(s.scalars(q.order_by(MailMessageRow.id)))
