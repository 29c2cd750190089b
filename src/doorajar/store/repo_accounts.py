"""Signing in to a server: one-time links, the sign-in back-off and web sessions.

The app role reaches passwords, links and the back-off only through the SECURITY DEFINER
functions of migration 0013; the owner's commands (invite, reset) write links directly.
Secrets are never stored: a link or a session is kept as the SHA-256 of its secret."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from doorajar.store.tables_accounts import AccountLinkRow, WebSessionRow
from doorajar.store.tables_users import UserRow


def naive_utc(at: datetime) -> datetime:
    """A moment as the functions take it: naive UTC, like every column."""
    return at.astimezone(UTC).replace(tzinfo=None)


def digest(secret: str) -> str:
    """The SHA-256 (hex) a secret is kept as."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Candidate:
    """What a sign-in may check: the account's id and hash (both None when the address has
    no account), or how long the source or the account must wait."""

    user_id: int | None
    password_hash: str | None
    wait_seconds: int


def add_link(
    s: Session, user_id: int, purpose: str, secret: str, at: datetime, until: datetime
) -> None:
    """A one-time link for a user (as the owner); earlier unused links of the user end."""
    s.execute(
        update(AccountLinkRow)
        .where(AccountLinkRow.user_id == user_id, AccountLinkRow.used_at.is_(None))
        .values(used_at=at)
    )
    s.add(
        AccountLinkRow(
            token_hash=digest(secret),
            user_id=user_id,
            purpose=purpose,
            created_at=at,
            expires_at=until,
        )
    )
    s.flush()


def link_owner(s: Session, secret: str, at: datetime) -> tuple[int, str, str] | None:
    """(user id, email, purpose) of a live link, or None."""
    row = s.execute(
        text("SELECT * FROM ajar_link(:h, :at)"), {"h": digest(secret), "at": naive_utc(at)}
    ).first()
    return None if row is None else (int(row[0]), str(row[1]), str(row[2]))


def set_password(s: Session, secret: str, password_hash: str, at: datetime) -> int | None:
    """Use a link up and set its user's password; the user's id, or None for a link that
    is unknown, used or expired."""
    who = s.execute(
        text("SELECT ajar_set_password(:h, :p, :at)"),
        {"h": digest(secret), "p": password_hash, "at": naive_utc(at)},
    ).scalar()
    return None if who is None else int(who)


def sign_in_candidate(s: Session, email: str, source: str, known: bool, at: datetime) -> Candidate:
    """What a sign-in with this address from this source may check now."""
    row = s.execute(
        text("SELECT * FROM ajar_sign_in(:e, :src, :known, :at)"),
        {"e": email, "src": source, "known": known, "at": naive_utc(at)},
    ).first()
    if row is None:
        return Candidate(None, None, 0)
    return Candidate(row[0], row[1], int(row[2]))


def sign_in_failed(s: Session, email: str, source: str, known: bool, at: datetime) -> int:
    """Count a failed sign-in; the seconds the next try now waits (0 when it need not)."""
    waited = s.execute(
        text("SELECT ajar_sign_in_failed(:e, :src, :known, :at)"),
        {"e": email, "src": source, "known": known, "at": naive_utc(at)},
    ).scalar()
    return int(waited or 0)


def sign_in_succeeded(s: Session, email: str) -> None:
    """Forget the account's failed sign-ins."""
    s.execute(text("SELECT ajar_sign_in_succeeded(:e)"), {"e": email})


def user_by_id(s: Session, user_id: int) -> tuple[str, str] | None:
    """(email, role) of a user, or None."""
    row = s.execute(select(UserRow.email, UserRow.role).where(UserRow.id == user_id)).first()
    return None if row is None else (row[0], row[1])


def open_session(s: Session, secret: str, at: datetime, until: datetime) -> None:
    """A new web session of the acting user."""
    s.add(WebSessionRow(token_hash=digest(secret), created_at=at, expires_at=until))
    s.flush()


def session_live(s: Session, secret: str, at: datetime) -> bool:
    """True when the acting user has this unexpired session (row-level security hides
    every other user's)."""
    found = s.scalar(
        select(WebSessionRow.token_hash).where(
            WebSessionRow.token_hash == digest(secret), WebSessionRow.expires_at > at
        )
    )
    return found is not None


def end_session(s: Session, secret: str) -> None:
    """End one session of the acting user."""
    s.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == digest(secret)))
