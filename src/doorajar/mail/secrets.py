"""Passwords for mail servers: from the environment or the OS keyring, never the database.

One naming scheme for every server: keyring service `doorajar`, user `SCHEME://USER@HOST`
(e.g. `imap://me@mail.example`, `smtp://me@mail.example`).
"""

from __future__ import annotations

import os

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
