"""kill -9 at 20 points per database, over a scan, a CSV import and a JSON restore.

Each command runs as a real process with $AJAR_PROGRESS=lines and is killed (SIGKILL,
nothing runs after it) when its progress output reaches message or row N. What the rerun
leaves must be exactly what one uninterrupted run leaves: the same rows in every table, no
message filed twice and no touch without its message. A scan resumes at its last landed
batch; an import and a restore are one transaction, so a kill leaves nothing of them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from doorajar.store.db import Store
from tests.hostile_helpers import ajar_env, bulky_mailbox

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
MESSAGES = 80
ROWS = 150


@dataclass
class Db:
    """Two fresh databases of one backend: one for the uninterrupted run, one to kill."""

    reference: str
    trial: str


@pytest.fixture(params=BACKENDS)
def dbs(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Db]:
    if request.param == "sqlite":
        yield Db(f"sqlite:///{tmp_path / 'reference.db'}", f"sqlite:///{tmp_path / 'trial.db'}")
        return
    server = request.getfixturevalue("postgres_server")
    names = [server.create_database(), server.create_database()]
    yield Db(server.url(names[0]), server.url(names[1]))
    for name in names:
        server.drop_database(name)


def _ajar(url: str, home: Path, *args: str, kill_at: int | None = None) -> bool:
    """Run `ajar ARGS` on the database at `url`; with `kill_at`, SIGKILL it once its
    progress reaches that count. True when it was killed, False when it ran to its end."""
    env = ajar_env(home, url)
    proc = subprocess.Popen(
        [sys.executable, "-m", "doorajar", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    guard = threading.Timer(120, proc.kill)  # a hung run fails the test, never the suite
    guard.start()
    killed = False
    tail: list[bytes] = []
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            tail = [*tail[-20:], line]
            progress = line.startswith(b"progress: ")
            if kill_at is not None and progress and int(line.split()[-1]) >= kill_at:
                proc.kill()
                killed = True
                break
        code = proc.wait()
    finally:
        guard.cancel()
        if proc.stderr is not None:
            proc.stderr.close()
    if not killed:
        assert code == 0, b"".join(tail).decode(errors="replace")
    return killed


def _state(url: str) -> dict[str, int]:
    """Rows per table, plus messages stored twice and touches whose message is missing."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = sorted(n for n in inspect(conn).get_table_names() if n != "alembic_version")
            out = {
                n: int(conn.execute(text(f"SELECT count(*) FROM {n}")).scalar_one()) for n in names
            }
            out["messages stored twice"] = int(
                conn.execute(
                    text(
                        "SELECT count(*) FROM (SELECT message_id FROM mail_messages "
                        "GROUP BY message_id HAVING count(*) > 1) AS d"
                    )
                ).scalar_one()
            )
            out["touches without their message"] = int(
                conn.execute(
                    text(
                        "SELECT count(*) FROM touches t WHERE t.message_id IS NOT NULL AND NOT "
                        "EXISTS (SELECT 1 FROM mail_messages m WHERE m.message_id = t.message_id)"
                    )
                ).scalar_one()
            )
    finally:
        engine.dispose()
    return out


def _sheet(path: Path) -> Path:
    statuses = ["applied", "rejected", "interview", "applied", "offer"]
    lines = ["company,role,applied,status,notes"]
    lines += [
        f"Firm {i} Labs,Engineer {i % 7},2026-{i % 10 + 1:02d}-{i % 27 + 1:02d},"
        f"{statuses[i % 5]},note {i}"
        for i in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _clean(state: dict[str, int]) -> None:
    assert state["messages stored twice"] == 0
    assert state["touches without their message"] == 0


@pytest.fixture
def kill_home(tmp_path: Path) -> Path:
    """The data home the killed commands run with (the database is given by URL)."""
    folder = tmp_path / "kill-home"
    folder.mkdir()
    return folder


def test_kill_nine_during_a_scan_then_rerun_files_each_message_once(
    dbs: Db, tmp_path: Path, kill_home: Path
) -> None:
    box = bulky_mailbox(tmp_path / "box.mbox", MESSAGES)
    assert not _ajar(dbs.reference, kill_home, "scan", str(box))
    want = _state(dbs.reference)
    assert want["mail_messages"] == MESSAGES
    _clean(want)
    # 2 rounds of 4 kills each (8 points): inside the first batch, at its edge, in the
    # second, near the end; each round then runs to its end
    for points in ((5, 38, 2, 10), (41, 1, 20, 30)):
        for n in points:
            assert _ajar(dbs.trial, kill_home, "scan", str(box), kill_at=n)
        assert not _ajar(dbs.trial, kill_home, "scan", str(box))
        assert _state(dbs.trial) == want
        _drop_everything(dbs.trial)


def _drop_everything(url: str) -> None:
    """Empty the trial database for the next round (the schema stays, and so do the owners
    the migrations made)."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            keep = {"alembic_version", "users"}
            names = [n for n in inspect(conn).get_table_names() if n not in keep]
            if engine.dialect.name == "postgresql":
                conn.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
            else:
                conn.execute(text("PRAGMA foreign_keys=OFF"))
                for n in names:
                    conn.execute(text(f"DELETE FROM {n}"))
    finally:
        engine.dispose()


def _one_transaction_rounds(
    url: str,
    home: Path,
    args: tuple[str, ...],
    rounds: tuple[tuple[int, ...], ...],
    want: dict[str, int],
) -> None:
    """Kill `ajar ARGS` (one transaction) at each progress point of each round: nothing of
    it may be left. Then the rerun must leave `want`. The child runs on while the kill is
    on its way, so a kill aimed at the last row may come after the commit: then all of it
    is there, and the round ends."""
    empty = _state(url)
    for points in rounds:
        state = empty
        for n in points:
            assert _ajar(url, home, *args, kill_at=n), f"ajar {args[0]} ended before {n}"
            state = _state(url)
            assert state in (empty, want), f"half of it is left: {state}"
            if state == want:
                break
        if state == empty:
            assert not _ajar(url, home, *args)
        assert _state(url) == want
        _drop_everything(url)


def test_kill_nine_during_an_import_and_a_restore_leaves_nothing_and_the_rerun_is_whole(
    dbs: Db, tmp_path: Path, kill_home: Path
) -> None:
    sheet = _sheet(tmp_path / "apps.csv")
    csv_args = ("import", str(sheet), "--yes")
    assert not _ajar(dbs.reference, kill_home, *csv_args)
    want = _state(dbs.reference)
    assert want["applications"] == ROWS
    Store(dbs.trial).close()  # the schema, as any first command creates it
    # CSV import: 6 points, from the first row to the last one before the commit
    rounds = ((1, ROWS // 2, ROWS), (40, ROWS - 1, 2))
    _one_transaction_rounds(dbs.trial, kill_home, csv_args, rounds, want)
    # JSON restore of the reference into the emptied trial database: 6 more points
    done = subprocess.run(
        [sys.executable, "-m", "doorajar", "export", "--json"],
        env=ajar_env(kill_home, dbs.reference),
        capture_output=True,
        check=True,
    )
    backup = tmp_path / "backup.json"
    backup.write_bytes(done.stdout)
    rows = sum(len(t) for t in json.loads(done.stdout)["tables"].values())
    # what one uninterrupted restore leaves (its own operation log differs from the import's)
    restore_args = ("import", str(backup))
    assert not _ajar(dbs.trial, kill_home, *restore_args)
    restored = _state(dbs.trial)
    assert {k: v for k, v in restored.items() if not k.startswith("operation")} == {
        k: v for k, v in want.items() if not k.startswith("operation")
    }
    _drop_everything(dbs.trial)
    rounds = ((200, rows // 2, rows), (1, 400, rows - 1))
    _one_transaction_rounds(dbs.trial, kill_home, restore_args, rounds, restored)
