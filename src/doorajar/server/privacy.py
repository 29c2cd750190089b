"""One seeker's data on request: `ajar server export-user` and `ajar server delete-user`.

Both run as the database's owner and act for the one user (the SET LOCAL setting), and
both also name the user in every query, so that even a role that bypasses row-level
security reaches that user's rows and no other."""

from __future__ import annotations

import json

from doorajar.errors import InvalidInput, NotFound
from doorajar.model import User
from doorajar.server.setup import checked_email
from doorajar.store import backup, repo_users
from doorajar.store.db import LOCAL_OWNER, Store, head_revision


def _user(store: Store, email: str) -> User:
    email = checked_email(email)
    with store.transaction() as s:
        user = repo_users.find_user(s, email)
    if user is None:
        raise NotFound(f"No account for {email}.")
    return user


def export_user(store: Store, email: str) -> str:
    """Everything of one user as one JSON document (the shape of `ajar export --json`,
    with the account it belongs to)."""
    user = _user(store, email)
    with store.transaction(owner=user.id) as s:
        doc = backup.export_all(s, head_revision(), owner=user.id)
    doc["account"] = {"email": user.email, "role": user.role}
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True)


def delete_user(store: Store, email: str) -> dict[str, int]:
    """Erase one user: every row they own and their account. The rows deleted per table."""
    user = _user(store, email)
    if user.id == LOCAL_OWNER:
        raise InvalidInput("The local owner (user 1) holds a personal home's data; not erased.")
    with store.transaction(owner=user.id) as s:
        return repo_users.erase_user(s, user.id)
