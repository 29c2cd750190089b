"""The store: migrated schema, WAL, one transaction per command, and exact export/import.

Runs on SQLite and on a real PostgreSQL (tests/servers.py starts it).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from doorajar import demo
from doorajar.config import resolve
from doorajar.errors import Conflict, ImportFailed
from doorajar.model import ActionStatus, Outcome, RejectionKind, Stage
from doorajar.service import Tracker
from doorajar.store import repo
from doorajar.store.db import Store, head_revision
from doorajar.store.schema import metadata
from tests.helpers import NOW, Cli, Clock

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.db'}"
    return str(request.getfixturevalue("pg_url"))


def _open(home: Path, url: str | None = None) -> Tracker:
    home.mkdir(parents=True, exist_ok=True)
    return Tracker.open(resolve(home, url))


@pytest.fixture
def make_tracker(tmp_path: Path, clock: Clock) -> Iterator[object]:
    opened: list[Tracker] = []

    def make(url: str | None = None, name: str = "h") -> Tracker:
        t = _open(tmp_path / f"{name}{len(opened)}", url)
        opened.append(t)
        return t

    yield make
    for t in opened:
        t.close()


def test_migrated_schema_matches_the_metadata(db_url: str) -> None:
    store = Store(db_url)
    try:
        with store.engine.connect() as conn:
            ctx = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True}
            )
            assert compare_metadata(ctx, metadata) == []
            assert ctx.get_current_revision() == head_revision()
            tables = set(sa.inspect(conn).get_table_names())
        assert set(metadata.tables) | {"alembic_version"} == tables
    finally:
        store.close()


def test_migrating_twice_changes_nothing(db_url: str) -> None:
    Store(db_url).close()
    store = Store(db_url)  # second open: already at head
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar() == 1
    store.close()


def test_sqlite_runs_in_wal_mode(tracker: Tracker) -> None:
    with tracker.store.engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1


def test_a_database_from_a_newer_doorajar_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'future.db'}"
    Store(url).close()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    from doorajar.errors import StoreError

    with pytest.raises(StoreError, match="newer doorajar"):
        Store(url)


def test_an_up_to_date_database_opens_without_importing_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'ajar.db'}"
    Store(url).close()  # a new database: created through Alembic
    code = (
        "import sys\n"
        "from doorajar.store.db import Store\n"
        f"Store({url!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    import os

    import doorajar

    env = {**os.environ, "PYTHONPATH": str(Path(doorajar.__file__).parents[1])}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    assert done.stdout.strip() == "[]"


# --- one transaction per command -----------------------------------------------------------


def test_a_failure_mid_command_leaves_nothing_behind(
    tracker: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracker.apply("Acme Robotics", "Senior Data Engineer", at=NOW - timedelta(days=20))
    before = tracker.export_json()

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("disk full")

    # the rejection, its stage change and its feedback are written before the touch fails
    monkeypatch.setattr(repo, "add_touch", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        tracker.reject(
            "acme",
            kind=RejectionKind.PERSONAL,
            stage=Stage.FINAL_ROUND,
            feedback="More Spark, please.",
            contact="Dana Li",
            at=NOW - timedelta(hours=1),
        )
    monkeypatch.undo()
    assert tracker.export_json() == before
    d = tracker.show("acme")
    assert d.application.outcome is Outcome.ACTIVE
    assert d.rejections == ()
    assert d.contacts == ()


def test_a_failing_import_leaves_the_home_as_it_was(tracker: Tracker) -> None:
    tracker.apply("Acme Robotics", "Senior Data Engineer", at=NOW - timedelta(days=20))
    before = tracker.export_json()
    import json

    doc = json.loads(before)
    doc["tables"]["applications"].append(dict(doc["tables"]["applications"][0], id="seven"))
    with pytest.raises(ImportFailed, match="bad 'id'"):
        tracker.import_json(json.dumps(doc), replace=True)  # deletes everything first
    assert tracker.export_json() == before


def test_import_refuses_values_longer_than_their_columns(tracker: Tracker) -> None:
    # SQLite stores any length; PostgreSQL would stop mid-import: refuse it before writing
    tracker.apply("Acme Robotics", "Senior Data Engineer", at=NOW - timedelta(days=20))
    tracker.apply("Globex", "Data Engineer", at=NOW - timedelta(days=10))
    with tracker.tx() as s:
        s.execute(sa.text("UPDATE applications SET company = :c WHERE id = 2"), {"c": "G" * 250})
    backup = tracker.export_json()
    tracker.set_config("weekly_target", "3")
    before = tracker.export_json()
    with pytest.raises(ImportFailed) as err:
        tracker.import_json(backup, replace=True)
    assert err.value.message == (
        "Row 2 of 'applications': The 'company' is too long: 250 characters, at most 200. "
        "Nothing was imported."
    )
    assert tracker.export_json() == before


# --- export / import -----------------------------------------------------------------------


def test_demo_export_import_export_is_identical(
    cli: Cli, db_url: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    # the whole CLI on this backend: demo, agenda, show
    cli.ok("--database-url", db_url, "demo")
    assert "Coming up (next 7 days)" in cli.ok("--database-url", db_url, "today")
    assert "personal rejection at final round" in cli.ok("--database-url", db_url, "show", "acme")
    first = cli.ok("--database-url", db_url, "export", "--json")
    backup = tmp_path / "backup.json"
    backup.write_text(first)
    # into an empty home on the same backend
    if db_url.startswith("postgresql"):
        server = request.getfixturevalue("postgres_server")
        empty = server.url(server.create_database())
    else:
        empty = db_url.replace("fresh.db", "empty.db")
    imported = cli.ok("--database-url", empty, "import", str(backup))
    assert f"{len(demo.STORIES)} applications" in imported
    assert cli.ok("--database-url", empty, "export", "--json") == first
    # and into the default SQLite home: the same bytes come back from the other backend too
    cli.ok("import", str(backup))
    assert cli.ok("export", "--json") == first


def test_import_refuses_a_home_with_data_unless_replace(make_tracker: object, db_url: str) -> None:
    make = make_tracker
    assert callable(make)
    t: Tracker = make(db_url, "busy")
    t.apply("Acme Robotics", "Senior Data Engineer", at=NOW - timedelta(days=3))
    doc = t.export_json()
    with pytest.raises(Conflict, match="--replace"):
        t.import_json(doc)
    t.apply("Globex Systems", "Data Engineer", at=NOW - timedelta(days=2))
    t.import_json(doc, replace=True)
    assert t.export_json() == doc
    # new rows after an import get fresh ids, never one a replaced row had (#2, Globex),
    # so undoing the import can put Globex back under its own number
    added = t.apply("Initech", "Data Engineer", at=NOW - timedelta(days=1)).application
    assert added.id == 3


def test_every_tracker_operation_on_the_backend(
    make_tracker: object, db_url: str, clock: Clock
) -> None:
    make = make_tracker
    assert callable(make)
    t: Tracker = make(db_url, "ops")
    t.apply("Acme Robotics", "Senior Data Engineer", at=NOW - timedelta(days=30), url="https://x")
    t.apply("Globex Systems", "Data Engineer", at=NOW - timedelta(days=25))
    t.advance("acme", Stage.FINAL_ROUND, at=NOW - timedelta(days=5))
    t.add_contact("Dana Li", company="Acme Robotics", email="dana@acme.example")
    t.add_note("acme", "Marcus mentioned a second team.")
    d = t.reject("acme", at=NOW - timedelta(hours=1), reason="went with an internal candidate")
    reply = next(a for a in d.actions if a.kind.value == "reply")
    t.act(reply.id, ActionStatus.DONE)
    clock.advance(days=2)
    t.add_feedback("acme", "More Spark, please.")
    t.set_connected("Dana Li")
    t.set_config("reply_to_form", "true")
    t.set_config("timezone", "Europe/Berlin")
    assert t.settings().reply_to_form is True
    assert [a.company for a in t.sweep_silence()] == ["Globex Systems"]
    assert [a.company for a in t.applications(search="ACME")] == ["Acme Robotics"]
    assert [a.company for a in t.applications(outcome=Outcome.REJECTED)] == [
        "Globex Systems",
        "Acme Robotics",
    ]
    acme = t.show("acme")
    assert [f.text for f in acme.feedback] == ["More Spark, please."]
    assert acme.contacts[0].connected
    assert {a.kind.value for a in acme.actions if a.open} >= {"thank_for_feedback", "revisit"}
    assert not t.agenda(days=400, sweep=False).empty
