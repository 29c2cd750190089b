"""`ajar server jobs`: the silence sweep and the digest as background jobs on PostgreSQL,
one seeker at a time, a job retried after its worker was killed, and the per-seeker lock."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from doorajar.config import resolve
from doorajar.model import RejectionKind
from doorajar.server import jobs
from doorajar.service import Tracker
from doorajar.store.db import Store
from tests.helpers import NOW, Cli
from tests.server_helpers import Centre, add_seeker, init_centre
from tests.servers import OwnedDatabase, SmtpServer

pytestmark = pytest.mark.postgres

# a worker whose every sweep stops inside the job: it says so on stdout, then holds it
_HOLDING_WORKER = """
import sys, threading
from doorajar.server import jobs
from doorajar.service import Tracker

def held(self):
    print("holding", flush=True)
    threading.Event().wait()

Tracker.sweep = held
from doorajar.cli import main
sys.argv = ["ajar", "server", "jobs", "--concurrency", "1"]
main()
"""


def _silent_search(t: Tracker, marker: str) -> None:
    """Two applications sent long ago that never heard back, and one sent yesterday."""
    t.apply(f"{marker} Corp", "Data Analyst", at=NOW - timedelta(days=60))
    t.apply(f"{marker} Labs", "Analyst", at=NOW - timedelta(days=45))
    t.apply(f"{marker} Fresh", "Analyst", at=NOW - timedelta(days=1))


def _plans(t: Tracker) -> list[tuple[str, str, object]]:
    """Every application's outcome, rejections and open actions, as a user would see them."""
    out: list[tuple[str, str, object]] = []
    for app in t.applications():
        d = t.show(str(app.id))
        name = app.company.split(" ", 1)[1]
        out.append((name, "outcome", str(d.application.outcome)))
        out += [(name, "rejection", (str(r.kind), r.received_at)) for r in d.rejections]
        out += [(name, "action", (str(a.kind), a.due, str(a.status))) for a in d.actions]
    return sorted(out, key=repr)


def _jobs(centre: Centre) -> list[tuple[str, object, str, int]]:
    """(task, seeker, status, attempts) of every job in the queue, oldest first."""
    engine = sa.create_engine(centre.owner_url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT task_name, args->>'seeker', status, attempts "
                "FROM doorajar_jobs.procrastinate_jobs "
                "WHERE task_name IN ('doorajar.sweep', 'doorajar.digest') ORDER BY id"
            )
        ).all()
    engine.dispose()
    return [(r[0], int(r[1]) if r[1] else None, str(r[2]), int(r[3])) for r in rows]


def _as_owner(centre: Centre, sql: str, **params: str) -> None:
    """One statement as the database's owner (the tests' stand-in for time passing)."""
    engine = sa.create_engine(centre.owner_url)
    with engine.begin() as conn:
        conn.execute(sa.text(sql), params)
    engine.dispose()


def _defer(centre: Centre, kind: jobs.Kind, seeker: int) -> bool:
    """Queue one job for one seeker, as the periodic rounds do."""
    queue = jobs.make_app(centre.app_url, periodic=False)

    async def defer() -> bool:
        async with queue.app.open_async():
            return await queue.defer(kind, seeker)

    try:
        return asyncio.run(defer())
    finally:
        queue.worker.close()


@pytest.fixture
def centre(cli: Cli, home: Path, pg_owned: OwnedDatabase) -> Centre:
    """A centre set up by init, with its job queue."""
    return init_centre(cli, home, pg_owned)


@pytest.fixture
def app_tracker(centre: Centre) -> Iterator[Tracker]:
    """A Tracker connected as the app role, as the web and the worker are."""
    t = Tracker(Store(centre.app_url))
    yield t
    t.close()


@pytest.fixture
def holding_worker(home: Path) -> Iterator[list[subprocess.Popen[str]]]:
    """Start workers that hold the first sweep they take; each is killed after the test."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def _start_holding(started: list[subprocess.Popen[str]], home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "AJAR_HOME": str(home)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDING_WORKER],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    started.append(proc)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "holding", "the worker took no job"
    return proc


def test_init_creates_the_job_queue_the_app_role_may_use(
    cli: Cli, home: Path, pg_owned: OwnedDatabase
) -> None:
    first = cli.ok(
        "--database-url", pg_owned.url, "server", "init", "--admin", "admin@uni.example",
        "--password", "a long admin passphrase",
    )  # fmt: skip
    assert "Job queue created" in first
    again = cli.ok(
        "--database-url", pg_owned.url, "server", "init", "--admin", "admin@uni.example",
        "--password", "a long admin passphrase",
    )  # fmt: skip
    assert "Job queue was there already" in again
    engine = sa.create_engine(pg_owned.url)
    with engine.connect() as conn:
        public = conn.execute(
            sa.text("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'procrastinate%'"
                    " AND schemaname = 'public'")
        ).scalar()  # fmt: skip
    engine.dispose()
    assert public == 0  # the public schema keeps only doorajar's sealed tables


def test_a_sweep_job_does_what_the_local_sweep_does_for_that_seeker_only(
    cli: Cli, home: Path, tmp_path: Path, centre: Centre, app_tracker: Tracker
) -> None:
    ada, bo = add_seeker(centre, "ada@uni.example"), add_seeker(centre, "bo@uni.example")
    for seeker, marker in ((ada, "Ada"), (bo, "Bo")):
        with app_tracker.unit.acting_as(seeker):
            _silent_search(app_tracker, marker)
    local_home = tmp_path / "local"
    local = Tracker.open(resolve(local_home))
    try:
        _silent_search(local, "Ada")
        local.sweep()
        expected = _plans(local)
    finally:
        local.close()
    with app_tracker.unit.acting_as(bo):
        bo_before = _plans(app_tracker)

    # one for each seeker account: Ada, Bo and user 1, the local owner of a personal home
    out = cli.ok("server", "jobs", "--defer", "sweep")
    assert "Queued 3 sweep job(s); 0 were waiting already." in out
    assert "Queued 0 sweep job(s); 3 were waiting" in cli.ok("server", "jobs", "--defer", "sweep")
    # run Ada's job alone: the others wait, and Bo's data stays as it was
    _as_owner(
        centre,
        "UPDATE doorajar_jobs.procrastinate_jobs SET scheduled_at = now() + interval '1 day' "
        "WHERE args->>'seeker' <> :ada",
        ada=str(ada),
    )
    assert "Ran 1 job(s)" in cli.ok("server", "jobs", "--once")
    with app_tracker.unit.acting_as(ada):
        assert _plans(app_tracker) == expected
    assert any(kind == "rejection" for _, kind, _ in expected)
    with app_tracker.unit.acting_as(bo):
        assert _plans(app_tracker) == bo_before
    done = {who: status for task, who, status, _ in _jobs(centre)}
    assert done[ada] == "succeeded"
    assert done[bo] == "todo"


def test_a_digest_goes_by_smtp_to_the_seekers_who_asked_for_it(
    cli: Cli,
    centre: Centre,
    app_tracker: Tracker,
    smtp_server: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ada, bo = add_seeker(centre, "ada@uni.example"), add_seeker(centre, "bo@uni.example")
    for seeker, marker in ((ada, "Adamarker"), (bo, "Bomarker")):
        with app_tracker.unit.acting_as(seeker):
            _silent_search(app_tracker, marker)
            app_tracker.set_config("timezone", "UTC")
        with app_tracker.unit.acting_as(seeker):
            app_tracker.reject(
                f"{marker} Corp", kind=RejectionKind.PERSONAL, at=NOW - timedelta(days=3)
            )
    with app_tracker.unit.acting_as(ada):
        app_tracker.set_config("email_digest", "true")

    refused = cli("server", "jobs", "--defer", "digest")
    assert refused.exit_code == 1
    assert "AJAR_SERVER_SMTP" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert _jobs(centre) == []

    monkeypatch.setenv("AJAR_SERVER_SMTP", f"127.0.0.1:{smtp_server.port}")
    monkeypatch.setenv("AJAR_SERVER_SMTP_SECURITY", "plain")
    monkeypatch.setenv("AJAR_SERVER_SMTP_USER", smtp_server.user)
    monkeypatch.setenv("AJAR_SERVER_SMTP_PASSWORD", smtp_server.password)
    monkeypatch.setenv("AJAR_SERVER_MAIL_FROM", "Careers <careers@uni.example>")
    out = cli.ok("server", "jobs", "--defer", "digest", "--once")
    assert "Queued 1 digest job(s)" in out
    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    assert mail.rcpt_tos == ("ada@uni.example",)
    assert mail.login == smtp_server.user
    msg = mail.message
    assert msg["From"] == "Careers <careers@uni.example>"
    assert msg["Subject"].startswith("doorajar: ")
    text = msg.get_body().get_content()
    assert "Adamarker" in text
    assert "Bomarker" not in mail.raw.decode()
    engine = sa.create_engine(centre.owner_url)
    with engine.connect() as conn:
        queue = " ".join(
            str(v) for r in conn.execute(sa.text("SELECT * FROM doorajar_jobs.procrastinate_jobs"))
            for v in r
        )  # fmt: skip
    engine.dispose()
    assert smtp_server.password not in queue


def test_a_job_whose_worker_was_killed_runs_again_once(
    cli: Cli,
    home: Path,
    centre: Centre,
    app_tracker: Tracker,
    holding_worker: list[subprocess.Popen[str]],
) -> None:
    ada = add_seeker(centre, "ada@uni.example")
    with app_tracker.unit.acting_as(ada):
        _silent_search(app_tracker, "Ada")
    assert _defer(centre, "sweep", ada)
    worker = _start_holding(holding_worker, home)
    assert [s for _, _, s, _ in _jobs(centre)] == ["doing"]
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    # while the dead worker's last heartbeat is recent, its job is not taken from it
    out = cli.ok("server", "jobs", "--once")
    assert "Ran 0 job(s)" in out
    assert [s for _, _, s, _ in _jobs(centre)] == ["doing"]
    # an hour on: the job counts as stalled and the next worker runs it
    _as_owner(
        centre,
        "UPDATE doorajar_jobs.procrastinate_workers "
        "SET last_heartbeat = now() - interval '61 minutes'",
    )
    out = cli.ok("server", "jobs", "--once")
    assert "Retried 1 stalled job(s)." in out
    assert "Ran 1 job(s)" in out
    # two attempts, the killed one and the one that ran; only the second wrote anything
    assert _jobs(centre) == [("doorajar.sweep", ada, "succeeded", 2)]
    with app_tracker.unit.acting_as(ada):
        silent = [a for a in app_tracker.applications() if str(a.outcome) == "rejected"]
        details = [app_tracker.show(str(a.id)) for a in silent]
    assert sorted(a.company for a in silent) == ["Ada Corp", "Ada Labs"]
    assert [len(d.rejections) for d in details] == [1, 1]  # the job ran once


def test_one_seekers_jobs_never_run_at_once(
    cli: Cli,
    home: Path,
    centre: Centre,
    app_tracker: Tracker,
    holding_worker: list[subprocess.Popen[str]],
) -> None:
    ada, bo = add_seeker(centre, "ada@uni.example"), add_seeker(centre, "bo@uni.example")
    for seeker, marker in ((ada, "Ada"), (bo, "Bo")):
        with app_tracker.unit.acting_as(seeker):
            _silent_search(app_tracker, marker)
    sweep = "doorajar.sweep"
    assert _defer(centre, "sweep", ada)
    assert _defer(centre, "sweep", bo)
    assert not _defer(centre, "sweep", bo)  # one waiting per kind and seeker
    _start_holding(holding_worker, home)  # holds Ada's sweep, the first queued
    assert [(w, s) for _, w, s, _ in _jobs(centre)] == [(ada, "doing"), (bo, "todo")]
    # Ada's next jobs may wait in the queue, but not start while her sweep runs
    assert _defer(centre, "sweep", ada)
    assert _defer(centre, "digest", ada)
    out = cli.ok("server", "jobs", "--once", "--concurrency", "4")
    assert "Ran 1 job(s)" in out
    assert _jobs(centre) == [
        (sweep, ada, "doing", 0),
        (sweep, bo, "succeeded", 1),
        (sweep, ada, "todo", 0),
        ("doorajar.digest", ada, "todo", 0),
    ]
