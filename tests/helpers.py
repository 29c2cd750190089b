"""Plain helpers the tests share: the fixed NOW, a hand-moved clock, a CLI runner.

Test modules import these from here, never from conftest.py or from each other;
conftest.py builds its fixtures on them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import cast

from typer.testing import CliRunner

from doorajar.cli import app

# A fixed "now" for tests: a Sunday afternoon in UTC.
NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)


class Clock:
    """A clock tests move by hand; never sleeps."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass
class Result:
    """What a user sees from one command."""

    exit_code: int
    stdout: str
    stderr: str


class Cli:
    """Runs `ajar` in process, as a user would type it."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        r = self.runner.invoke(app, list(args), input=input, catch_exceptions=False)
        return Result(r.exit_code, r.stdout, r.stderr)

    def ok(self, *args: str, input: str | None = None) -> str:
        r = self(*args, input=input)
        assert r.exit_code == 0, f"ajar {' '.join(args)} failed ({r.exit_code}): {r.stderr}"
        return r.stdout


def final_round(cli: Cli, company: str = "Acme Robotics", days_ago: int = 0) -> None:
    """Apply to `company`, meet Dana Li there, and be turned down personally after the
    final round, `days_ago` days before NOW (0: now)."""
    cli.ok("apply", company, "Data Engineer", "--date", str((NOW - timedelta(days=40)).date()))
    cli.ok("contact", "add", "Dana Li", "--company", company, "--role", "recruiter")
    cli.ok(
        "reject",
        company,
        "--kind",
        "personal",
        "--stage",
        "final_round",
        "--date",
        str((NOW - timedelta(days=days_ago)).date()) if days_ago else "now",
    )


def body_text(msg: EmailMessage) -> str:
    """The text of the part a mail reader would show first; the test fails without one."""
    body = msg.get_body()
    assert body is not None, "the message has no body to show"
    return cast(str, body.get_content())  # a text/* part's content is its decoded text


def db_rows(db: Path) -> list[str]:
    """Every row of every table of a SQLite file, the operation log included, as SQL text:
    equal lists mean nothing was written."""
    try:
        return _dump(f"file:{db}?mode=ro")
    except sqlite3.OperationalError:  # a read-only home: no -shm file can be made beside it
        return _dump(f"file:{db}?mode=ro&immutable=1")


def _dump(uri: str) -> list[str]:
    con = sqlite3.connect(uri, uri=True)
    try:
        return list(con.iterdump())
    finally:
        con.close()
