"""A keyring backend that keeps its secrets in one JSON file, for tests.

The OS keyring (Secret Service, Keychain) is not there on a test machine; this backend
is, and a test can read the file to see what was stored. Select it with
`keyring.set_keyring(FileKeyring(path))`, or in a child process with
`PYTHON_KEYRING_BACKEND=tests.keyring_helpers.FileKeyring` and `$AJAR_TEST_KEYRING`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from jaraco.classes import properties
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class FileKeyring(KeyringBackend):
    """Secrets in a JSON file: {"service": {"user": "secret"}}."""

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805  # a class property takes the class
        """Chosen by keyring's detection only where $AJAR_TEST_KEYRING names its file."""
        if not os.environ.get("AJAR_TEST_KEYRING"):
            raise RuntimeError("the file keyring is for tests ($AJAR_TEST_KEYRING)")
        return 1.0

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.path = path or Path(os.environ.get("AJAR_TEST_KEYRING", "keyring.json"))

    def _load(self) -> dict[str, dict[str, str]]:
        if not self.path.exists():
            return {}
        data: dict[str, dict[str, str]] = json.loads(self.path.read_text())
        return data

    def _save(self, data: dict[str, dict[str, str]]) -> None:
        self.path.write_text(json.dumps(data))

    def get_password(self, service: str, username: str) -> str | None:
        """The stored secret, or None."""
        return self._load().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        """Store a secret."""
        data = self._load()
        data.setdefault(service, {})[username] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        """Remove a secret; PasswordDeleteError when there is none."""
        data = self._load()
        if username not in data.get(service, {}):
            raise PasswordDeleteError(username)
        del data[service][username]
        self._save(data)


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The test keyring, a JSON file; no $AJAR_IMAP_PASSWORD, so only the keyring counts."""
    monkeypatch.delenv("AJAR_IMAP_PASSWORD", raising=False)
    path = tmp_path / "keyring.json"
    before = keyring.get_keyring()
    keyring.set_keyring(FileKeyring(path))
    yield path
    keyring.set_keyring(before)
