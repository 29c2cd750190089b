"""Shared fixtures: an isolated data home per test, a movable clock, and a CLI runner.

The plain classes and constants behind them live in tests/helpers.py.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from doorajar import timeutil
from doorajar.config import DB_FILENAME, resolve, sqlite_url
from doorajar.service import Tracker
from doorajar.store.db import Store
from tests.helpers import Cli, Clock

# Real servers on loopback (PostgreSQL, Dovecot, SMTP, an OAuth2 authority, job boards) and
# the file-based test keyring (`vault`): fixtures usable from any test.
pytest_plugins = ["tests.servers", "tests.keyring_helpers", "tests.boards_server"]


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file, copied into each test's home (migrating costs time)."""
    folder = tmp_path_factory.mktemp("template")
    Store(sqlite_url(folder)).close()
    return folder / DB_FILENAME


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _template_db: Path) -> Path:
    """Every test gets its own data home; no test touches a real one."""
    folder = tmp_path / "home"
    folder.mkdir()
    shutil.copy(_template_db, folder / DB_FILENAME)
    monkeypatch.setenv("AJAR_HOME", str(folder))
    monkeypatch.delenv("AJAR_DATABASE_URL", raising=False)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()  # the C library reads TZ only when asked to
    return folder


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Freeze doorajar's clock at NOW; tests advance it explicitly."""
    c = Clock()
    monkeypatch.setattr(timeutil, "utcnow", c)
    return c


@pytest.fixture
def tracker(home: Path, clock: Clock) -> Iterator[Tracker]:
    """A Tracker on the test's home, on the frozen clock, in UTC."""
    t = Tracker.open(resolve(home))
    t.set_config("timezone", "UTC")
    yield t
    t.close()


@pytest.fixture
def cli(clock: Clock) -> Cli:
    """The CLI on the test's home and frozen clock."""
    return Cli()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL on each backend (a test using it runs on both)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.db'}"
    return str(request.getfixturevalue("pg_url"))
