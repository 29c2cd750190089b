"""Passwords for mail servers: from the environment or the OS keyring, never the database.

One naming scheme for every server: keyring service `doorajar`, user `SCHEME://USER@HOST`
(e.g. `imap://me@mail.example`, `smtp://me@mail.example`).
"""

from __future__ import annotations

import os

from doorajar.errors import MailError

KEYRING_SERVICE = "doorajar"
ENV_IMAP_PASSWORD = "AJAR_IMAP_PASSWORD"
ENV_SMTP_PASSWORD = "AJAR_SMTP_PASSWORD"


def keyring_user(scheme: str, user: str, host: str) -> str:
    """The keyring user name for a server account: 'imap://me@mail.example'."""
    return f"{scheme}://{user}@{host}"


def lookup(scheme: str, user: str, host: str, env: str) -> str | None:
    """The password from `$env`, else the keyring entry; None when neither has one."""
    value = os.environ.get(env)
    if value:
        return value
    if not user:
        return None
    try:
        # lazy: the OS keyring backend, only when a password is looked up
        import keyring

        found = keyring.get_password(KEYRING_SERVICE, keyring_user(scheme, user, host))
    except Exception:  # no keyring backend on this machine is not an error by itself
        return None
    return str(found) if found else None


def _unavailable(exc: Exception, env: str) -> MailError:
    return MailError(
        "There is no keyring on this machine to keep the secret in "
        f"({type(exc).__name__}); install and unlock one (GNOME Keyring, KWallet or "
        f"KeePassXC with Secret Service), or set ${env} instead."
    )


def store(scheme: str, user: str, host: str, secret: str, env: str) -> None:
    """Keep a secret in the OS keyring; a one-line error with the fix when there is none."""
    try:
        # lazy: the OS keyring backend, only when a secret is kept
        import keyring

        keyring.set_password(KEYRING_SERVICE, keyring_user(scheme, user, host), secret)
    except Exception as exc:  # NoKeyringError, a locked or absent Secret Service, D-Bus
        raise _unavailable(exc, env) from None


def forget(scheme: str, user: str, host: str) -> bool:
    """Remove a secret from the keyring; False when there was none (or no keyring)."""
    try:
        # lazy: the OS keyring backend, only when a secret is removed
        import keyring

        keyring.delete_password(KEYRING_SERVICE, keyring_user(scheme, user, host))
    except Exception:  # nothing stored, or no keyring: either way nothing is left
        return False
    return True
