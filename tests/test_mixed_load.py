"""One SQLite home, three kinds of writers at once: a scan in its own process, `ajar note`
commands in theirs, and web requests adding notes. The load is bounded by counts, not by
time. No scan fails, no note is lost, and the database is sound afterwards."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from doorajar.config import resolve
from doorajar.service import Tracker
from doorajar.store import db
from doorajar.web import WebSettings, create_app
from tests.helpers import Cli
from tests.hostile_helpers import ajar_env, bulky_mailbox
from tests.web_helpers import BASE, Web, text_of

MESSAGES = 80
WEB_WRITERS = 2
WEB_NOTES = 25  # per web writer
CLI_NOTES = 8


def test_a_scan_beside_web_and_cli_writers_fails_nothing_and_loses_nothing(
    tracker: Tracker, home: Path, tmp_path: Path
) -> None:
    app_id = tracker.apply("Zebulon Mixedload", "Data Engineer").application.id
    box = bulky_mailbox(tmp_path / "box.mbox", MESSAGES)
    env = ajar_env(home)
    scan = subprocess.Popen(
        [sys.executable, "-m", "doorajar", "scan", str(box)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert scan.stderr is not None
    # the writers start once the scan is reading
    assert scan.stderr.readline().startswith("progress: scan")
    failures: list[str] = []

    def web_writer(n: int) -> None:
        web_app = create_app(WebSettings(resolve(home), port=8765, sweep_every_seconds=None))
        with TestClient(web_app, base_url=BASE, raise_server_exceptions=False) as client:
            web = Web(client)
            for i in range(WEB_NOTES):
                r = web.post(f"/applications/{app_id}/notes", {"body": f"web note {n}-{i}"})
                shown = web.get(r.headers["location"]).text if r.status_code == 303 else r.text
                if "Note kept." not in shown:
                    failures.append(f"web {n}-{i}: {r.status_code} {text_of(shown)[:300]}")

    def cli_writer() -> None:
        for i in range(CLI_NOTES):
            done = subprocess.run(
                [sys.executable, "-m", "doorajar", "note", str(app_id), f"cli note {i}"],
                env=env,
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                failures.append(f"cli {i}: {done.stderr}")

    threads = [threading.Thread(target=web_writer, args=(n,)) for n in range(WEB_WRITERS)]
    threads.append(threading.Thread(target=cli_writer))
    for t in threads:
        t.start()
    rest = scan.stderr.read()
    code = scan.wait()
    for t in threads:
        t.join()
    assert code == 0, rest
    assert "locked" not in rest
    assert f"read {MESSAGES}, new {MESSAGES}" in rest
    assert failures == []
    tracker.close()  # this process's own connections go before the check opens one
    with sqlite3.connect(home / "ajar.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        notes = [
            b for (b,) in db.execute("SELECT body FROM notes WHERE application_id = ?", (app_id,))
        ]
        messages = db.execute("SELECT count(*) FROM mail_messages").fetchone()[0]
    assert sorted(notes) == sorted(
        [f"web note {n}-{i}" for n in range(WEB_WRITERS) for i in range(WEB_NOTES)]
        + [f"cli note {i}" for i in range(CLI_NOTES)]
    )
    assert messages == MESSAGES


def test_a_database_busy_past_the_timeout_is_one_line_and_changes_nothing(
    cli: Cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli.ok("apply", "Acme Robotics", "Data Engineer")
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(home / "ajar.db", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another writer that does not let go
        r = cli("note", "acme", "waiting in line")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert r.exit_code == 1
    assert r.stderr.startswith("ajar: The database stayed busy for 0.3 s")
    assert r.stderr.count("\n") == 1
    assert "waiting in line" not in cli.ok("show", "acme")
    cli.ok("note", "acme", "once it is free")
    assert "once it is free" in cli.ok("show", "acme")
