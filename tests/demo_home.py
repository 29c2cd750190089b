"""A home holding the demo search, built once per module and copied into each test's home."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from doorajar import demo
from doorajar.config import DB_FILENAME, sqlite_url
from doorajar.service import Tracker
from doorajar.store.db import Store
from tests.helpers import NOW


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, _template_db: Path) -> Path:
    """The demo search recorded once (at the tests' fixed NOW) into a database file."""
    folder = tmp_path_factory.mktemp("demo")
    shutil.copy(_template_db, folder / DB_FILENAME)
    t = Tracker(Store(sqlite_url(folder)), clock=lambda: NOW)
    try:
        t.set_config("timezone", "UTC")
        demo.load(t)
    finally:
        t.close()
    return folder / DB_FILENAME


@pytest.fixture
def demo_home(home: Path, demo_db: Path) -> Path:
    """The test's home, filled with the demo search."""
    shutil.copy(demo_db, home / DB_FILENAME)
    return home
