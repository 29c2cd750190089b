"""Accounts of a career centre's server: invitations, resets, signing in, web sessions.

An invitation or a reset is a one-time link (`/account/password/SECRET`) whose page sets
the password; only the secret's SHA-256 is stored. Signing in backs off per source address
and per account (migration 0013); a browser that signed in to an account before carries a
device cookie that the account's back-off never holds up, so guesses from elsewhere cannot
keep the account's owner out. A session is a signed cookie `USER.SECRET.SIGNATURE` whose
secret's hash lives in `web_sessions`, owned by the user: every worker, and a restarted
one, finds it there."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from doorajar.errors import InvalidInput, NotFound
from doorajar.files import write_private
from doorajar.model import Role
from doorajar.server.passwords import hash_password, verify
from doorajar.server.setup import checked_email
from doorajar.store import repo_accounts, repo_users
from doorajar.store.db import Store

INVITE_DAYS = 7
RESET_HOURS = 24
SESSION_HOURS = 12
LINK_PATH = "/account/password/"
SECRET_FILE = "server-secret"
# checked when an address has no account, so that a wrong address takes as long as a
# wrong password
_DUMMY = hash_password("no account has this password")


@dataclass(frozen=True)
class Link:
    """A one-time link just made."""

    email: str
    purpose: str
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class SignIn:
    """How a sign-in went: the user's id, or how long to wait (0: the password was wrong)."""

    user_id: int | None
    wait_seconds: int = 0


def _link(
    store: Store, email: str, purpose: str, base_url: str, at: datetime, life: timedelta
) -> Link:
    email = checked_email(email)
    secret = secrets.token_urlsafe(32)
    with store.transaction() as s:
        user = repo_users.find_user(s, email)
        if user is None:
            raise NotFound(f"No account for {email}; invite it first.")
        repo_accounts.add_link(s, user.id, purpose, secret, at, at + life)
    return Link(user.email, purpose, base_url.rstrip("/") + LINK_PATH + secret, at + life)


def invite(store: Store, email: str, role: str, base_url: str, at: datetime) -> Link:
    """An account for `email` with `role` (made now, unless it has no password yet), and
    its one-time link to set the password."""
    email = checked_email(email)
    if role not in {r.value for r in Role}:
        raise InvalidInput(f"No role '{role}'; choose seeker, advisor or admin.")
    with store.transaction() as s:
        user = repo_users.find_user(s, email)
        if user is None:
            repo_users.add_user(s, email, role, None, at)
        elif repo_users.password_hash(s, user.id) is not None:
            raise InvalidInput(
                f"{email} has an account already; give a new password with ajar server reset."
            )
        elif user.role != role:
            raise InvalidInput(f"{email} was invited already, as {user.role}.")
    return _link(store, email, "invite", base_url, at, timedelta(days=INVITE_DAYS))


def reset(store: Store, email: str, base_url: str, at: datetime) -> Link:
    """An admin-issued link that sets a new password for an existing account."""
    return _link(store, email, "reset", base_url, at, timedelta(hours=RESET_HOURS))


def link_email(store: Store, secret: str, at: datetime) -> str | None:
    """The address a live link is for, or None."""
    with store.transaction() as s:
        found = repo_accounts.link_owner(s, secret, at)
    return None if found is None else found[1]


def set_password(store: Store, secret: str, password: str, at: datetime) -> int:
    """Use the link up and set the password; the user's id."""
    hashed = hash_password(password)
    with store.transaction() as s:
        who = repo_accounts.set_password(s, secret, hashed, at)
    if who is None:
        raise InvalidInput("This link was used already or has expired; ask for a new one.")
    return who


def sign_in(
    store: Store, email: str, password: str, source: str, known: bool, at: datetime
) -> SignIn:
    """Check a password, counting failures per source and per account."""
    email = email.strip()
    with store.transaction() as s:
        found = repo_accounts.sign_in_candidate(s, email, source, known, at)
    if found.wait_seconds:
        return SignIn(None, found.wait_seconds)
    ok = verify(found.password_hash or _DUMMY, password) and found.password_hash is not None
    with store.transaction() as s:
        if ok:
            repo_accounts.sign_in_succeeded(s, email)
            return SignIn(found.user_id)
        repo_accounts.sign_in_failed(s, email, source, known, at)
    return SignIn(None)


class Sessions:
    """Signed session and device cookies over `web_sessions`."""

    def __init__(self, store: Store, secret: bytes) -> None:
        self.store = store
        self.secret = secret

    def _sig(self, value: str) -> str:
        return hmac.new(self.secret, value.encode(), hashlib.sha256).hexdigest()

    def start(self, user_id: int, at: datetime) -> str:
        """A new session of a user: its cookie value."""
        secret = secrets.token_urlsafe(32)
        with self.store.transaction(owner=user_id) as s:
            repo_accounts.open_session(s, secret, at, at + timedelta(hours=SESSION_HOURS))
        value = f"{user_id}.{secret}"
        return f"{value}.{self._sig(value)}"

    def _parts(self, cookie: str | None) -> tuple[int, str] | None:
        if not cookie or cookie.count(".") != 2:
            return None
        value, sig = cookie.rsplit(".", 1)
        if not hmac.compare_digest(sig, self._sig(value)):
            return None
        user, secret = value.split(".", 1)
        return (int(user), secret) if user.isdigit() else None

    def user(self, cookie: str | None, at: datetime) -> int | None:
        """The user of a live session cookie, or None."""
        parts = self._parts(cookie)
        if parts is None:
            return None
        with self.store.transaction(owner=parts[0]) as s:
            return parts[0] if repo_accounts.session_live(s, parts[1], at) else None

    def end(self, cookie: str | None) -> None:
        """End a session for good, on every worker."""
        parts = self._parts(cookie)
        if parts is not None:
            with self.store.transaction(owner=parts[0]) as s:
                repo_accounts.end_session(s, parts[1])

    def device(self, email: str) -> str:
        """The cookie that marks a browser as one that signed in to this account."""
        return self._sig("device:" + email.strip().lower())

    def known(self, email: str, cookie: str | None) -> bool:
        """True when the browser's device cookie is this account's."""
        return bool(cookie) and hmac.compare_digest(str(cookie), self.device(email))


def session_secret(home: Path) -> bytes:
    """The secret every worker signs cookies with, made once and kept in the data home."""
    path = home / SECRET_FILE
    try:
        return bytes.fromhex(path.read_text(encoding="utf-8").strip())
    except FileNotFoundError:
        pass
    except ValueError:
        raise InvalidInput(f"{path} is not a server secret; remove it to make a new one.") from None
    secret = secrets.token_bytes(32)
    write_private(path, secret.hex() + "\n")
    return secret
