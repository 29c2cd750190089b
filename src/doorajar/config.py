"""Where doorajar keeps its data, and which database it talks to."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from doorajar.errors import StoreError

ENV_HOME = "AJAR_HOME"
ENV_DATABASE_URL = "AJAR_DATABASE_URL"
DB_FILENAME = "ajar.db"


@dataclass(frozen=True)
class Location:
    """The data home (templates, exports, the SQLite file) and the database URL."""

    home: Path
    database_url: str

    @property
    def is_sqlite_default(self) -> bool:
        """True when the database is the SQLite file inside the home."""
        return self.database_url == sqlite_url(self.home)


def sqlite_url(home: Path) -> str:
    """SQLAlchemy URL of the SQLite file in a home."""
    return f"sqlite:///{home / DB_FILENAME}"


def resolve(home: str | Path | None = None, database_url: str | None = None) -> Location:
    """`--home`, else $AJAR_HOME, else the platform's data dir; the URL likewise."""
    raw = home or os.environ.get(ENV_HOME) or user_data_dir("doorajar", appauthor=False)
    path = Path(raw).expanduser()
    url = database_url or os.environ.get(ENV_DATABASE_URL) or ""
    if path.exists() and not path.is_dir():
        raise StoreError(f"The data home {path} is a file, not a folder.")
    if not url:
        try:
            if not path.exists():
                # the home holds raw emails and the journal: the owner's alone
                path.mkdir(parents=True, mode=0o700)
                path.chmod(0o700)  # mkdir's mode is narrowed by the umask, never widened
        except OSError as exc:
            raise StoreError(f"Cannot create the data home {path}: {exc.strerror}.") from None
        url = sqlite_url(path)
    return Location(home=path, database_url=url)
