"""Background jobs of a career centre's server: `ajar server jobs`, on procrastinate.

The queue is procrastinate's, in PostgreSQL itself: `ajar server init` creates its tables
in their own schema (`doorajar_jobs`, so the public schema keeps only the sealed tables)
as the database's owner, and the worker connects as the app role. Each job is for one
seeker and runs as that seeker (`Unit.acting_as`, the same `doorajar.user` setting the
web sets), so row-level security bounds what it can touch. Every job for seeker N holds
the lock `seeker:N`: procrastinate starts no job whose lock a running job holds, so one
seeker's jobs never run at once. A queueing lock per kind and seeker keeps at most one of
each waiting. A worker killed while it holds a job stops sending heartbeats; after
`--stalled-after` minutes the next worker puts the job back in the queue, and since the
killed run committed nothing (each job is one transaction) it runs once."""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

import procrastinate
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.schema import SchemaManager
from psycopg.conninfo import make_conninfo
from sqlalchemy import Connection, make_url, text

from doorajar.drafts import smtp
from doorajar.errors import InvalidInput
from doorajar.service import Tracker
from doorajar.store import repo_users
from doorajar.store.db import Store

QUEUE_SCHEMA = "doorajar_jobs"
QUEUE = "doorajar"
Kind = Literal["sweep", "digest"]
SWEEP: Final = "sweep"
DIGEST: Final = "digest"
KINDS: tuple[Kind, ...] = (SWEEP, DIGEST)
# the schedules, in UTC (cron syntax, as procrastinate reads them)
NIGHTLY_SWEEP = "15 3 * * *"
MONDAY_DIGEST = "0 7 * * 1"
RETRY_STALLED = "*/5 * * * *"
DEFAULT_STALLED_MINUTES = 60
ENV_SMTP = "AJAR_SERVER_SMTP"
ENV_SMTP_SECURITY = "AJAR_SERVER_SMTP_SECURITY"
ENV_SMTP_USER = "AJAR_SERVER_SMTP_USER"
ENV_SMTP_PASSWORD = "AJAR_SERVER_SMTP_PASSWORD"
ENV_MAIL_FROM = "AJAR_SERVER_MAIL_FROM"
# a failed job (an SMTP server down, a database restarting) is tried again a few times
_RETRY = procrastinate.RetryStrategy(max_attempts=4, exponential_wait=30)
_log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- the queue


def queue_exists(conn: Connection) -> bool:
    """True when procrastinate's tables are in the database already."""
    found = conn.scalar(text("SELECT to_regclass(:t)"), {"t": f"{QUEUE_SCHEMA}.procrastinate_jobs"})
    return found is not None


def create_queue(conn: Connection, role: str) -> bool:
    """As the database's owner: procrastinate's schema when it is missing (True then), and
    the app role's rights on it (rows of its tables, its sequences and functions)."""
    created = False
    conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {QUEUE_SCHEMA}")
    if not queue_exists(conn):
        conn.exec_driver_sql(f"SET LOCAL search_path TO {QUEUE_SCHEMA}")
        raw = conn.connection.driver_connection
        assert raw is not None
        # procrastinate's own script, run as it ships (several statements, no parameters)
        raw.execute(SchemaManager.get_schema())
        # its functions and triggers find their tables whatever the caller's search path
        for (function,) in conn.execute(
            text(
                "SELECT oid::regprocedure::text FROM pg_proc WHERE pronamespace = CAST(:n AS regnamespace)"
            ),
            {"n": QUEUE_SCHEMA},
        ).all():
            conn.exec_driver_sql(f"ALTER FUNCTION {function} SET search_path = {QUEUE_SCHEMA}")
        created = True
    who = '"' + role.replace('"', '""') + '"'
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {QUEUE_SCHEMA} TO {who}")
    conn.exec_driver_sql(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {QUEUE_SCHEMA} TO {who}"
    )
    conn.exec_driver_sql(
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {QUEUE_SCHEMA} TO {who}"
    )
    conn.exec_driver_sql(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {QUEUE_SCHEMA} TO {who}")
    return created


def conninfo(database_url: str) -> str:
    """A libpq connection string for procrastinate from doorajar's SQLAlchemy URL, with
    the queue's schema first on the search path."""
    url = make_url(database_url)
    parts: dict[str, Any] = {
        "host": url.host,
        "port": url.port,
        "user": url.username,
        "password": url.password,
        "dbname": url.database,
    }
    parts.update({k: v for k, v in url.query.items() if isinstance(v, str)})
    parts["options"] = f"-c search_path={QUEUE_SCHEMA}"
    return make_conninfo(**{k: v for k, v in parts.items() if v is not None})


# --------------------------------------------------------------------------- mail


@dataclass(frozen=True)
class MailSetup:
    """How the server sends digests: from the environment only, never from the database."""

    config: smtp.SmtpConfig
    sender: str


def mail_setup(env: Mapping[str, str] | None = None) -> MailSetup:
    """The SMTP server and sender of `$AJAR_SERVER_SMTP` and its siblings, or a clear error."""
    env = os.environ if env is None else env
    where = env.get(ENV_SMTP, "").strip()
    if not where:
        raise InvalidInput(f"Digests need an SMTP server: set ${ENV_SMTP} to HOST:PORT.")
    host, _, port_text = where.rpartition(":")
    if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise InvalidInput(f"${ENV_SMTP} is HOST:PORT (e.g. smtp.uni.example:587), not {where!r}.")
    security = env.get(ENV_SMTP_SECURITY, "starttls").strip() or "starttls"
    if security not in ("starttls", "tls", "plain"):
        raise InvalidInput(f"${ENV_SMTP_SECURITY} is starttls, tls or plain, not {security!r}.")
    sender = env.get(ENV_MAIL_FROM, "").strip()
    if not sender:
        raise InvalidInput(
            f"Digests need a sender: set ${ENV_MAIL_FROM} (e.g. careers@uni.example)."
        )
    user = env.get(ENV_SMTP_USER, "").strip()
    password = env.get(ENV_SMTP_PASSWORD)
    if user and not password:
        raise InvalidInput(f"${ENV_SMTP_USER} is set but ${ENV_SMTP_PASSWORD} is not.")
    config = smtp.SmtpConfig(
        host=host.strip("[]"), port=int(port_text), user=user, security=security,
        password=password,
    )  # fmt: skip
    return MailSetup(config, sender)


# --------------------------------------------------------------------------- the app


class _Worker:
    """What the tasks share: one Tracker on the app role's URL, opened on first use."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self._tracker: Tracker | None = None
        self._guard = threading.Lock()
        self._ran = itertools.count()
        self.ran = 0

    def tracker(self) -> Tracker:
        with self._guard:
            if self._tracker is None:
                self._tracker = Tracker(Store(self.database_url))
                self._tracker.unit.command = "ajar server jobs"
            return self._tracker

    def done(self) -> None:
        with self._guard:
            self.ran = next(self._ran) + 1

    def close(self) -> None:
        with self._guard:
            if self._tracker is not None:
                self._tracker.close()
                self._tracker = None

    def seekers(self) -> list[int]:
        t = self.tracker()
        with t.store.transaction() as s:
            return [u.id for u in repo_users.seekers(s)]

    def wants_digest(self, seeker: int) -> bool:
        t = self.tracker()
        with t.unit.acting_as(seeker):
            return bool(t.unit.settings().email_digest)

    def sweep(self, seeker: int) -> int:
        t = self.tracker()
        with t.unit.acting_as(seeker):
            silent = t.sweep()
        self.done()
        return len(silent)

    def digest(self, seeker: int) -> bool:
        t = self.tracker()
        with t.unit.acting_as(seeker):
            settings = t.unit.settings()
            if not settings.email_digest:
                self.done()
                return False
            mail = mail_setup()
            with t.store.transaction(seeker) as s:
                account = repo_users.user(s, seeker)
            to = settings.user_email or (account.email if account else "")
            message = t.planner.digest_message(to=to or None, sender=mail.sender)
        smtp.send(message, mail.config)
        self.done()
        return True


@dataclass
class Jobs:
    """The procrastinate app of one server, with doorajar's tasks registered."""

    app: procrastinate.App
    worker: _Worker
    stalled_after: int  # minutes without a heartbeat before a worker's job is retried

    async def defer(self, kind: Kind, seeker: int) -> bool:
        """Queue one job of `kind` for a seeker; False when one is waiting already."""
        task = self.app.tasks[f"doorajar.{kind}"]
        try:
            await task.configure(
                lock=f"seeker:{seeker}", queueing_lock=f"{kind}:{seeker}"
            ).defer_async(seeker=seeker)
        except AlreadyEnqueued:
            return False
        return True

    async def defer_round(self, kind: Kind) -> tuple[int, int]:
        """One job of `kind` for every seeker (for a digest: every seeker who turned
        `email_digest` on); returns (queued, already waiting)."""
        seekers = await asyncio.to_thread(self.worker.seekers)
        if kind == DIGEST:
            wanted = await asyncio.to_thread(
                lambda: [n for n in seekers if self.worker.wants_digest(n)]
            )
        else:
            wanted = seekers
        queued = 0
        for seeker in wanted:
            queued += await self.defer(kind, seeker)
        return queued, len(wanted) - queued

    async def retry_stalled(self) -> int:
        """Put back in the queue every job whose worker sent no heartbeat for
        `stalled_after` minutes (a worker killed, a machine gone); returns how many."""
        manager = self.app.job_manager
        stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=self.stalled_after * 60)
        retried = 0
        for job in stalled:
            try:
                await manager.retry_job(job)
            except Exception as exc:  # e.g. a newer job of the same kind is waiting already
                _log.warning("job %s was not retried: %s", job.id, type(exc).__name__)
                continue
            retried += 1
        return retried


def make_app(
    database_url: str, *, stalled_after: int = DEFAULT_STALLED_MINUTES, periodic: bool = True
) -> Jobs:
    """procrastinate's app on the app role's URL with the sweep, the digest and (unless
    `periodic` is False) their schedules and the retry of stalled jobs."""
    if stalled_after < 1:
        raise InvalidInput("--stalled-after is at least 1 minute.")
    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(conninfo=conninfo(database_url)),
        worker_defaults={
            "queues": [QUEUE],
            # a worker starting forgets the workers silent that long, which frees their jobs
            "stalled_worker_timeout": stalled_after * 60,
            "update_heartbeat_interval": 10,
        },
    )
    worker = _Worker(database_url)
    jobs = Jobs(app, worker, stalled_after)

    @app.task(name="doorajar.sweep", queue=QUEUE, retry=_RETRY)
    def sweep(seeker: int) -> int:
        """The silence sweep and the contacts' next touches for one seeker."""
        return worker.sweep(seeker)

    @app.task(name="doorajar.digest", queue=QUEUE, retry=_RETRY)
    def digest(seeker: int) -> bool:
        """Mail one seeker their digest, when they turned `email_digest` on."""
        return worker.digest(seeker)

    async def sweep_all(timestamp: int) -> int:
        """Queue the sweep for every seeker."""
        return (await jobs.defer_round(SWEEP))[0]

    async def digest_all(timestamp: int) -> int:
        """Queue the digest for every seeker who wants it."""
        return (await jobs.defer_round(DIGEST))[0]

    async def retry_stalled(timestamp: int) -> int:
        """Retry the jobs of workers gone silent."""
        return await jobs.retry_stalled()

    rounds = (
        ("doorajar.sweep_all", NIGHTLY_SWEEP, sweep_all),
        ("doorajar.digest_all", MONDAY_DIGEST, digest_all),
        ("doorajar.retry_stalled", RETRY_STALLED, retry_stalled),
    )
    for name, cron, fn in rounds:
        task = app.task(name=name, queue=QUEUE, queueing_lock=name)(fn)
        if periodic:
            app.periodic(cron=cron, periodic_id=name)(task)
    return jobs


@dataclass(frozen=True)
class RunReport:
    """What one `ajar server jobs` did."""

    queued: int
    waiting: int
    retried: int
    ran: int


def checked_kind(raw: str | None) -> Kind | None:
    """`--defer`'s value as a job kind, or a clear error."""
    if raw is None:
        return None
    for kind in KINDS:
        if raw == kind:
            return kind
    raise InvalidInput(f"--defer is sweep or digest, not {raw!r}.")


def run(
    database_url: str,
    *,
    once: bool,
    defer: Kind | None = None,
    concurrency: int = 1,
    stalled_after: int = DEFAULT_STALLED_MINUTES,
) -> RunReport:
    """Queue a round when asked; then, with `once`, retry what stalled and run what is due
    and stop; else (without `defer`) work until stopped by a signal."""
    if not 1 <= concurrency <= 64:
        raise InvalidInput("--concurrency is between 1 and 64.")
    if defer == DIGEST:
        mail_setup()  # refuse now, not in every job
    jobs = make_app(database_url, stalled_after=stalled_after, periodic=not once)

    async def main() -> RunReport:
        queued = waiting = retried = 0
        async with jobs.app.open_async():
            if defer is not None:
                queued, waiting = await jobs.defer_round(defer)
                if not once:
                    return RunReport(queued, waiting, 0, 0)
            if once:
                retried = await jobs.retry_stalled()
            await jobs.app.run_worker_async(
                concurrency=concurrency, wait=not once, listen_notify=not once
            )
        return RunReport(queued, waiting, retried, jobs.worker.ran)

    try:
        return asyncio.run(main())
    finally:
        jobs.worker.close()
