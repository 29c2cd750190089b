"""Password hashing for server accounts: argon2id through argon2-cffi."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from doorajar.errors import InvalidInput

MIN_LENGTH = 10
_HASHER = PasswordHasher()


def checked(password: str) -> str:
    """The password, or a clear error when it is too short to protect an account."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"A password needs at least {MIN_LENGTH} characters.")
    return password


def hash_password(password: str) -> str:
    """An argon2id hash of a password long enough."""
    return _HASHER.hash(checked(password))


def verify(stored: str | None, password: str) -> bool:
    """True when `password` matches the stored hash (never for an account without one)."""
    if not stored:
        return False
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
