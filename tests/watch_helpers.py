"""What the watch tests share: Acme Robotics rejected after the final round, two openings
on its board, and the watch's settings pointed at the test job-board server."""

from __future__ import annotations

from datetime import timedelta

from doorajar.config import resolve
from doorajar.service import Tracker
from tests.boards_server import BoardServer
from tests.helpers import NOW, Cli

DAY = timedelta(days=1)


def iso(delta: timedelta) -> str:
    return (NOW - delta).isoformat()


JOBS = [
    {
        "id": 101,
        "title": "Staff Data Engineer",
        "location": "Remote",
        "posted": iso(2 * DAY),
        "remote": True,
    },
    {"id": 102, "title": "Account Executive", "location": "Berlin", "posted": iso(3 * DAY)},
]


def rejected_at_acme(cli: Cli, months_ago: int = 3, *, db: tuple[str, ...] = ()) -> None:
    """Senior Data Engineer at Acme Robotics, final round, Dana Li the recruiter."""
    when = NOW - timedelta(days=30 * months_ago)
    cli.ok(
        *db,
        "apply",
        "Acme Robotics",
        "Senior Data Engineer",
        "--date",
        str((when - timedelta(days=40)).date()),
    )
    cli.ok(*db, "contact", "add", "Dana Li", "--company", "Acme Robotics", "--role", "recruiter")
    cli.ok(
        *db,
        "reject",
        "Acme Robotics",
        "--kind",
        "personal",
        "--stage",
        "final_round",
        "--date",
        str(when.date()),
    )


def point_at(server: BoardServer, *, database_url: str | None = None, **more: str) -> None:
    """Every vendor's base URL at the server, no retries (and `more` settings), in one
    change: what `ajar config` sets one at a time."""
    t = Tracker.open(resolve(database_url=database_url))
    try:
        t.set_configs({**server.settings(), "watch_retries": "0", **more})
    finally:
        t.close()
