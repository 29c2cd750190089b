"""One base error for the domain; each subclass carries its exit code and HTTP status.

The CLI turns any `DoorajarError` into a one-line message on stderr and its exit
code; the web answers with its `http_status`. Anything else that escapes is a bug and
keeps its traceback.
"""

from __future__ import annotations


class DoorajarError(Exception):
    """Something the user can fix: a clear message and exit code 1."""

    exit_code = 1
    http_status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DoorajarError):
    """A record the user named does not exist."""

    http_status = 404


class Ambiguous(DoorajarError):
    """A name matches more than one record."""


class InvalidInput(DoorajarError):
    """A value the user typed cannot be understood."""


class Conflict(DoorajarError):
    """The change would duplicate or contradict what is stored."""

    http_status = 409


class ImportFailed(DoorajarError):
    """An import file is not ours, is damaged, or does not fit the home."""


class StoreError(DoorajarError):
    """The database cannot be opened or is from a newer version."""


class MailError(DoorajarError):
    """A mail source or server could not be used."""
