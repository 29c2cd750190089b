"""Accounts of a server: finding and adding users. Passwords arrive already hashed and are
kept in `credentials`, which only the database's owner (init) writes directly."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from doorajar.model import User
from doorajar.store.schema import metadata
from doorajar.store.tables import OWNER
from doorajar.store.tables_accounts import CredentialRow
from doorajar.store.tables_users import UserRow


def _record(row: UserRow) -> User:
    return User(id=row.id, email=row.email, role=row.role)


def find_user(s: Session, email: str) -> User | None:
    """The user with this address (case does not matter), or None."""
    row = s.scalar(select(UserRow).where(func.lower(UserRow.email) == email.strip().lower()))
    return None if row is None else _record(row)


def add_user(s: Session, email: str, role: str, password_hash: str | None, at: datetime) -> User:
    """A new account, with its password when one is given."""
    row = UserRow(email=email.strip(), role=role, created_at=at)
    s.add(row)
    s.flush()
    if password_hash is not None:
        s.add(CredentialRow(user_id=row.id, password_hash=password_hash, changed_at=at))
        s.flush()
    return _record(row)


def password_hash(s: Session, user_id: int) -> str | None:
    """The stored argon2 hash of one user's password (for the owner; the app role cannot
    read it)."""
    return s.scalar(select(CredentialRow.password_hash).where(CredentialRow.user_id == user_id))


def erase_user(s: Session, user_id: int) -> dict[str, int]:
    """Delete every row the user owns, table by table, then the account (its password and
    links go with it); the rows deleted per table. The operation log goes last, with what
    deleting the rest wrote to it."""
    owned = [t for t in reversed(metadata.sorted_tables) if OWNER in t.columns]
    logs = [t for t in owned if t.info.get("journal", True) is False]
    counts: dict[str, int] = {}
    for table in [t for t in owned if t not in logs] + logs:
        done = s.execute(delete(table).where(table.c[OWNER] == user_id))
        counts[table.name] = int(getattr(done, "rowcount", 0) or 0)
    s.execute(delete(UserRow).where(UserRow.id == user_id))
    return counts


def seekers(s: Session) -> list[User]:
    """Every seeker's account, oldest first (what the background jobs go round)."""
    rows = s.scalars(select(UserRow).where(UserRow.role == "seeker").order_by(UserRow.id))
    return [_record(r) for r in rows]


def user(s: Session, user_id: int) -> User | None:
    """The account with this id, or None."""
    row = s.get(UserRow, user_id)
    return None if row is None else _record(row)
