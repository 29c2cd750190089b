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
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from doorajar.errors import StoreError
from doorajar.store import journal
from doorajar.store.tables import LOCAL_OWNER as LOCAL_OWNER  # re-exported for the core

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


# How long a transaction waits for another writer (a scan batch, the web UI, another
# command) before it gives up. SQLite's busy handler retries with a growing back-off, up
# to 100 ms between tries; writers keep their transactions short, so this is rarely felt.
BUSY_TIMEOUT_MS = 60_000


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # The driver's own transaction handling issues no BEGIN before a SAVEPOINT, so each
    # savepoint would commit on its own; SQLAlchemy opens every transaction instead
    # (`_sqlite_begin`), which makes a scan batch and its savepoints one transaction.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # WAL is recorded in the file itself: leave another program's database as it is
    # (`_not_foreign` refuses it right after)
    if not _foreign_tables(cur):
        cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _foreign_tables(cur: Any) -> list[str]:
    """The tables of a SQLite database that has no schema record of ours ([] for ours, or
    for a new one)."""
    names = [
        r[0]
        for r in cur.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return [] if "alembic_version" in names else sorted(names)


def _sqlite_begin(conn: Any) -> None:
    # IMMEDIATE takes the write lock at the start, waiting (with the busy handler's back-off)
    # while another writer holds it. A deferred transaction would read first and fail with
    # "database is locked" at its first write, whatever the busy timeout, whenever another
    # writer committed in between: that is what stopped scans beside the web UI.
    # A read-only database cannot take the write lock: reading goes on there, and the first
    # write is refused in one line (`_refusal`).
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    except OperationalError as exc:
        if "readonly" not in str(exc.orig).lower():
            raise
        conn.exec_driver_sql("BEGIN")


def _no_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, dict):
        return {k: _no_nul(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_no_nul(v) for v in value)
    return value


def _strip_nul(
    conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
) -> tuple[str, Any]:
    # PostgreSQL refuses a NUL in any text, wherever it comes from (mail, a CSV cell, an
    # argument); SQLite would keep it. Both drop it, so both store the same text.
    return statement, _no_nul(parameters)


def make_engine(url: str) -> Engine:
    """An engine for a SQLAlchemy URL, with SQLite tuned for one local user."""
    try:
        engine = create_engine(url, future=True)
    except (SQLAlchemyError, ValueError, ImportError) as exc:
        raise StoreError(f"Cannot use database URL {url!r}: {exc}") from None
    event.listen(engine, "before_cursor_execute", _strip_nul, retval=True)
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
                _not_foreign(conn)
                return None
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DatabaseError as exc:  # unreachable server, or a file that is not a database
        raise StoreError(_refusal(exc) or f"Cannot open the database: {exc.orig}") from None
    if len(rows) > 1:
        raise StoreError(
            f"The database records {len(rows)} schema versions instead of one (table "
            "alembic_version), so it was damaged or edited by hand; restore a backup."
        )
    return rows[0] if rows else None


def _not_foreign(conn: Connection) -> None:
    """Refuse a SQLite file that holds tables but no schema record of ours: it belongs to
    another program (or is a copy of something else), and creating doorajar's tables in it
    would change a file that is not ours."""
    if conn.dialect.name != "sqlite":
        return
    tables = _foreign_tables(_driver(conn).cursor())
    if tables:
        where = conn.engine.url.database or "The database"
        raise StoreError(
            f"{where} holds tables of another program ({', '.join(tables[:3])}"
            f"{', ...' if len(tables) > 3 else ''}), not a doorajar database; nothing was "
            "changed. Move it away or use --home DIR."
        )


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; refuse a database from a newer doorajar.

    An up-to-date database is recognised with one plain query; Alembic is imported only
    when there is something to upgrade or the recorded revision is not one we ship. After
    an upgrade the operation log's triggers are installed again for the new schema.
    """
    stored = _stored_revision(engine)
    if _shipped()[1] is not None and stored == _shipped()[1]:
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
        raise StoreError(_refusal(exc) or f"Cannot open the database: {exc.orig}") from None


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


def _own_sqlite_file(database: str | None) -> None:
    """A new SQLite file is created readable by its owner alone; an existing empty one is
    refused rather than taken for a new home (a foreign file SQLite refuses by itself).

    The file is never opened here: closing any descriptor of a database file drops every
    POSIX lock this process holds on it, including those of SQLite's open connections, and
    another process would then delete the write-ahead log under them and lose their writes."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    for part in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm", "-journal"))):
        if part.is_symlink():
            raise StoreError(
                f"{part} is a symbolic link; doorajar writes its database through no link. "
                "Put the real file there (or use --home DIR for the folder it is in)."
            )
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
        size = path.stat().st_size
    except OSError as exc:
        raise StoreError(f"Cannot read the database {path}: {exc.strerror}.") from None
    if size == 0:
        raise StoreError(
            f"{path} is empty, so it is not a doorajar database; move it away or use --home DIR."
        )


def _refusal(exc: DatabaseError) -> str | None:
    """The one line for a database that refused to write, or None for anything else."""
    why = str(exc.orig).lower()
    if "locked" in why or "busy" in why:
        return (
            f"The database stayed busy for {BUSY_TIMEOUT_MS / 1000:g} s (another ajar, the web "
            "UI or a scan was writing); nothing was changed. Try again."
        )
    if "readonly" in why or "read-only" in why:
        return "The database is read-only here; nothing was changed."
    if "disk is full" in why or "no space" in why:
        return "The disk is full; nothing was changed. Free some space and try again."
    if "disk i/o error" in why:
        return f"The database could not be written ({exc.orig}); nothing was changed."
    return None


def _read_only_file(url: str) -> str | None:
    """A read-only SQLite URL for a database file this process cannot write (a read-only
    home: a read-only mount, or a folder and file without write permission), else None.

    SQLite would otherwise fail to open it at all: in WAL mode even a reader creates the
    `-shm` file beside the database. Opened immutable, reading works and every write is
    refused in one line (`_refusal`)."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database)
    if not path.is_file() or (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return None
    return f"sqlite:///file:{quote(str(path.resolve()))}?mode=ro&immutable=1&uri=true"


def act_as(s: Session | Connection, owner: int) -> None:
    """Make the open PostgreSQL transaction act for user `owner` (SET LOCAL doorajar.user)."""
    s.execute(text("SELECT set_config('doorajar.user', :owner, true)"), {"owner": str(owner)})


class Store:
    """A migrated database and the one way to change it: `transaction()`."""

    def __init__(self, url: str, *, migrate_schema: bool = True) -> None:
        self.url = url
        read_only = _read_only_file(url) if url.startswith("sqlite") else None
        self.read_only = read_only is not None
        self.engine = make_engine(read_only or url)
        if self.engine.dialect.name == "sqlite":
            _own_sqlite_file(self.engine.url.database)
        if migrate_schema:
            migrate(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, future=True)

    @contextmanager
    def transaction(self, owner: int = LOCAL_OWNER) -> Iterator[Session]:
        """One unit of work: everything in it lands together or not at all. A database
        that is busy for too long, read-only or full ends it in one line (StoreError),
        with nothing of it written.

        It acts for the user `owner`: on PostgreSQL the transaction's `doorajar.user`
        setting, which the row-level security policies and the owner columns' default read
        (a personal home is its one user's, LOCAL_OWNER)."""
        session = self._sessions()
        try:
            with session.begin():
                if self.engine.dialect.name == "postgresql":
                    act_as(session, owner)
                yield session
        except OperationalError as exc:
            refused = _refusal(exc)
            if refused is None:
                raise
            raise StoreError(refused) from None
        finally:
            session.close()

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Release connections."""
        self.engine.dispose()
