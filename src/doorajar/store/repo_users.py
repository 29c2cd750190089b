"""Accounts of a server: finding and adding users. Passwords arrive already hashed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from doorajar.model import User
from doorajar.store.tables_users import UserRow


def _record(row: UserRow) -> User:
    return User(id=row.id, email=row.email, role=row.role, has_password=bool(row.password_hash))


def find_user(s: Session, email: str) -> User | None:
    """The user with this address (case does not matter), or None."""
    row = s.scalar(select(UserRow).where(func.lower(UserRow.email) == email.strip().lower()))
    return None if row is None else _record(row)


def add_user(s: Session, email: str, role: str, password_hash: str | None, at: datetime) -> User:
    """A new account."""
    row = UserRow(email=email.strip(), role=role, password_hash=password_hash, created_at=at)
    s.add(row)
    s.flush()
    return _record(row)


def password_hash(s: Session, user_id: int) -> str | None:
    """The stored argon2 hash of one user's password."""
    return s.scalar(select(UserRow.password_hash).where(UserRow.id == user_id))


def seekers(s: Session) -> list[User]:
    """Every seeker's account, oldest first (what the background jobs go round)."""
    rows = s.scalars(select(UserRow).where(UserRow.role == "seeker").order_by(UserRow.id))
    return [_record(r) for r in rows]


def user(s: Session, user_id: int) -> User | None:
    """The account with this id, or None."""
    row = s.get(UserRow, user_id)
    return None if row is None else _record(row)
