"""Open a database, bring its schema up to date, and run work in one transaction."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DatabaseError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from doorajar.errors import StoreError
from doorajar.store import journal

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

_REVISION = re.compile(
    r"^(down_revision|revision)(?:\s*:[^=]*)?=\s*(?:[\"']([^\"']*)[\"']|None)", re.M
)


def alembic_config() -> Config:
    """Alembic configuration pointing at the packaged migrations."""
    # lazy: alembic, only when the schema is checked or migrated
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("doorajar.store") / "migrations"))
    return cfg


@functools.cache
def _shipped() -> tuple[frozenset[str], str | None]:
    """The revision ids shipped in migrations/versions and the newest of them, read from
    the files' `revision = "..."` lines without importing Alembic (which costs half a
    second at every start). (set(), None) when the files cannot be read that way."""
    revisions: set[str] = set()
    parents: set[str] = set()
    versions = resources.files("doorajar.store") / "migrations" / "versions"
    for f in versions.iterdir():
        if not f.name.endswith(".py") or f.name.startswith("_"):
            continue
        found = {m[0]: m[1] for m in _REVISION.findall(f.read_text(encoding="utf-8"))}
        if not found.get("revision"):
            return frozenset(), None
        revisions.add(found["revision"])
        if found.get("down_revision"):
            parents.add(found["down_revision"])
    heads = revisions - parents
    return frozenset(revisions), (next(iter(heads)) if len(heads) == 1 else None)


def head_revision() -> str:
    """The newest migration shipped with this version."""
    head = _shipped()[1]
    if head is None:
        # lazy: alembic, only when the schema is checked or migrated
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # The driver's own transaction handling issues no BEGIN before a SAVEPOINT, so each
    # savepoint would commit on its own; SQLAlchemy opens every transaction instead
    # (`_sqlite_begin`), which makes a scan batch and its savepoints one transaction.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for a SQLAlchemy URL, with SQLite tuned for one local user."""
    try:
        engine = create_engine(url, future=True)
    except (SQLAlchemyError, ValueError, ImportError) as exc:
        raise StoreError(f"Cannot use database URL {url!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    journal.listen(engine)
    return engine


def _known_revision(script: ScriptDirectory, revision: str) -> bool:
    # lazy: alembic, only when the schema is checked or migrated
    from alembic.util.exc import CommandError

    try:
        return script.get_revision(revision) is not None
    except CommandError:  # alembic raises for an id it has never heard of
        return False


def _stored_revision(engine: Engine) -> str | None:
    """The revision recorded in `alembic_version`, or None (no table yet: a new database)."""
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DatabaseError as exc:  # unreachable server, or a file that is not a database
        raise StoreError(f"Cannot open the database: {exc.orig}") from None
    return rows[0] if len(rows) == 1 else None


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; refuse a database from a newer doorajar.

    An up-to-date database is recognised with one plain query; Alembic is imported only
    when there is something to upgrade or the recorded revision is not one we ship. After
    an upgrade the operation log's triggers are installed again for the new schema.
    """
    if _shipped()[1] is not None and _stored_revision(engine) == _shipped()[1]:
        return
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as conn:
            if sqlite:  # some revisions rebuild tables; foreign keys must not cascade then
                _driver(conn).execute("PRAGMA foreign_keys=OFF")
            try:
                with conn.begin():
                    _upgrade(conn)
            finally:
                if sqlite:
                    _driver(conn).execute("PRAGMA foreign_keys=ON")
    except DatabaseError as exc:  # unreachable server, or a file that is not a database
        raise StoreError(f"Cannot open the database: {exc.orig}") from None


def _driver(conn: Connection) -> Any:
    raw = conn.connection.driver_connection
    assert raw is not None
    return raw


def _upgrade(conn: Connection) -> None:
    # lazy: alembic, only when the schema is checked or migrated
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    # lazy: alembic, only when the schema is checked or migrated
    from alembic.script import ScriptDirectory

    current = MigrationContext.configure(conn).get_current_revision()
    script = ScriptDirectory.from_config(alembic_config())
    if current is not None and not _known_revision(script, current):
        raise StoreError(
            f"This database was written by a newer doorajar (schema {current}); "
            "upgrade doorajar to open it."
        )
    if current == script.get_current_head():
        return
    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")
    journal.install(conn)


_SQLITE_MAGIC = b"SQLite format 3\x00"


def _own_sqlite_file(database: str | None) -> None:
    """A new SQLite file is created readable by its owner alone; an existing one must be a
    SQLite database (an empty or foreign file is refused rather than taken for a new home)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.exists():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            return
        except OSError as exc:
            raise StoreError(f"Cannot create the database {path}: {exc.strerror}.") from None
        path.chmod(0o600)
        return
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"Cannot read the database {path}: {exc.strerror}.") from None
    if not head:
        raise StoreError(
            f"{path} is empty, so it is not a doorajar database; move it away or use --home DIR."
        )
    if head != _SQLITE_MAGIC:
        raise StoreError("Cannot open the database: file is not a database")


class Store:
    """A migrated database and the one way to change it: `transaction()`."""

    def __init__(self, url: str, *, migrate_schema: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        if self.engine.dialect.name == "sqlite":
            _own_sqlite_file(self.engine.url.database)
        if migrate_schema:
            migrate(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, future=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: everything in it lands together or not at all."""
        session = self._sessions()
        try:
            with session.begin():
                yield session
        finally:
            session.close()

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Release connections."""
        self.engine.dispose()
