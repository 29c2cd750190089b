"""Server mode: `ajar server init` sets up a career centre's PostgreSQL (docs/server.md)."""

from __future__ import annotations

import os

import typer

from doorajar import timeutil
from doorajar.cli.context import command, get
from doorajar.cli.output import echo

ENV_ADMIN_PASSWORD = "AJAR_ADMIN_PASSWORD"


def init(
    ctx: typer.Context,
    admin: str = typer.Option(..., "--admin", metavar="EMAIL", help="The first admin's address."),
    password: str | None = typer.Option(
        None,
        "--password",
        help=f"The admin's password (default: ${ENV_ADMIN_PASSWORD}); at least 10 characters.",
    ),
) -> None:
    """Set up a server: migrate the database as the owner in --database-url, create the
    app's own login role (owns nothing, cannot bypass row-level security) and the first
    admin. The app role's URL is written to server.json in the data home, for serve.

    Example: ajar server init --database-url postgresql+psycopg://centre@db/ajar
    --admin admin@uni.example
    """
    # lazy: the database stack and argon2, only for server commands
    from doorajar.server import setup

    where = get(ctx).location
    report = setup.init(
        where.database_url,
        where.home,
        admin,
        password if password is not None else os.environ.get(ENV_ADMIN_PASSWORD),
        timeutil.utcnow(),
    )
    echo(f"Schema {report.schema}, migrated as {report.owner}.")
    echo(
        f"App role {report.app_role}: signs in, owns nothing, cannot bypass row-level "
        "security; serve and jobs connect as it."
    )
    echo(f"Its URL and password are in {report.config} (readable by you alone).")
    if report.admin_created:
        echo(f"Admin {report.admin} can sign in.")
    else:
        echo(f"Admin {report.admin} was there already; its password is unchanged.")
    if report.queue_created:
        echo("Job queue created (procrastinate, schema doorajar_jobs); ajar server jobs runs it.")
    else:
        echo("Job queue was there already; the app role's rights on it are granted again.")


def jobs(
    ctx: typer.Context,
    once: bool = typer.Option(
        False, "--once", help="Run the jobs that are due (after retrying stalled ones) and exit."
    ),
    defer: str | None = typer.Option(
        None,
        "--defer",
        metavar="sweep|digest",
        help="Queue one round for every seeker (a digest for those with email_digest on); "
        "exits after, unless --once runs it.",
    ),
    concurrency: int = typer.Option(
        2, "--concurrency", metavar="N", help="Jobs run at once (one seeker's never do)."
    ),
    stalled_after: int = typer.Option(
        60,
        "--stalled-after",
        metavar="MINUTES",
        help="Retry a job whose worker sent no heartbeat for this long (a killed worker).",
    ),
) -> None:
    """Run the background worker: the nightly silence sweep (03:15 UTC) and the Monday
    digest (07:00 UTC) for every seeker, each job as its seeker, on a PostgreSQL queue.
    Connects as the app role `init` made. Mail for digests: $AJAR_SERVER_SMTP (HOST:PORT),
    $AJAR_SERVER_SMTP_SECURITY, $AJAR_SERVER_SMTP_USER, $AJAR_SERVER_SMTP_PASSWORD,
    $AJAR_SERVER_MAIL_FROM.

    Example: ajar server jobs --defer sweep --once
    """
    # lazy: procrastinate and the database stack, only for server commands
    from doorajar.server import jobs as background
    from doorajar.server import setup

    kind = background.checked_kind(defer)
    url = setup.app_url(get(ctx).location.home)
    report = background.run(
        url, once=once, defer=kind, concurrency=concurrency, stalled_after=stalled_after
    )
    if defer is not None:
        echo(f"Queued {report.queued} {defer} job(s); {report.waiting} were waiting already.")
    if report.retried:
        echo(f"Retried {report.retried} stalled job(s).")
    if once:
        echo(f"Ran {report.ran} job(s); nothing else is due.")


def register(app: typer.Typer) -> None:
    """Add these commands to the app."""
    server_app = typer.Typer(
        help="Server mode: one PostgreSQL for a career centre's many job seekers, each "
        "sealed off by row-level security (docs/server.md).\n\n"
        "Example: ajar server init --database-url postgresql+psycopg://centre@db/ajar "
        "--admin admin@uni.example",
        no_args_is_help=True,
    )
    command(server_app, init)
    command(server_app, jobs)
    app.add_typer(server_app, name="server")
