"""Server mode: `ajar server init` sets up a career centre's PostgreSQL (docs/server.md)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import typer

from doorajar import timeutil
from doorajar.cli.context import command, get
from doorajar.cli.output import echo
from doorajar.errors import InvalidInput

if TYPE_CHECKING:
    from doorajar.server.accounts import Link
    from doorajar.store.db import Store

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


DEFAULT_URL = "http://127.0.0.1:8765"


def _owner_store(ctx: typer.Context) -> Store:
    # lazy: the database stack, only for server commands
    from doorajar.server.setup import postgres_url
    from doorajar.store.db import Store

    return Store(postgres_url(get(ctx).location.database_url))


def _print_link(link: Link) -> None:
    echo(link.url)
    echo(
        f"One-time link for {link.email}, until {link.expires_at:%Y-%m-%d %H:%M} UTC: "
        "send it to them; opening it sets their password."
    )


def invite(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="The new account's address."),
    role: str = typer.Option("seeker", "--role", help="seeker, advisor or admin."),
    url: str = typer.Option(DEFAULT_URL, "--url", help="The address the centre is served at."),
) -> None:
    """Invite someone: make their account and print a one-time link (valid 7 days) whose
    page sets their password. Runs as the database's owner, like init.

    Example: ajar server invite student@uni.example --role seeker --url https://ajar.uni.example
    """
    from doorajar.server import accounts  # lazy: argon2 and the database, for server commands only

    store = _owner_store(ctx)
    try:
        _print_link(accounts.invite(store, email, role, url, timeutil.utcnow()))
    finally:
        store.close()


def reset(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="The account's address."),
    url: str = typer.Option(DEFAULT_URL, "--url", help="The address the centre is served at."),
) -> None:
    """Print a one-time link (valid 24 hours) that sets a new password for an account;
    earlier links of the account stop working. Runs as the database's owner.

    Example: ajar server reset student@uni.example
    """
    from doorajar.server import accounts  # lazy: argon2 and the database, for server commands only

    store = _owner_store(ctx)
    try:
        _print_link(accounts.reset(store, email, url, timeutil.utcnow()))
    finally:
        store.close()


def export_user(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="The account's address."),
) -> None:
    """Print everything of one account as JSON: the rows it owns in every table (the shape
    of `ajar export --json`) and the account itself. Runs as the database's owner.

    Example: ajar server export-user student@uni.example > backup.json
    """
    from doorajar.server import privacy  # lazy: the database, for server commands only

    store = _owner_store(ctx)
    try:
        text = privacy.export_user(store, email)
    finally:
        store.close()
    typer.echo(text)


def delete_user(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="The account's address."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask to confirm."),
) -> None:
    """Erase one account and every row it owns, in every table, for good (no undo: export
    it first if it may be wanted). Runs as the database's owner.

    Example: ajar server delete-user student@uni.example
    """
    from doorajar.server import privacy  # lazy: the database, for server commands only

    if not yes and not typer.confirm(f"Erase {email} and all their data for good?"):
        raise InvalidInput("Nothing was erased.")
    store = _owner_store(ctx)
    try:
        counts = privacy.delete_user(store, email)
    finally:
        store.close()
    echo(f"Erased {email}: {sum(counts.values())} rows in {len(counts)} tables, and the account.")


def serve(
    ctx: typer.Context,
    workers: int = typer.Option(2, "--workers", min=1, max=64, help="Worker processes."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8765, "--port", "-p", min=1, max=65535, help="Port to listen on."),
    trusted_proxy: list[str] = typer.Option(
        [],
        "--trusted-proxy",
        metavar="ADDR",
        help="A reverse proxy's address whose --proxy-header names the signed-in user "
        "(repeat for more); from any other address the header is ignored.",
    ),
    proxy_header: str = typer.Option(
        "X-Remote-User", "--proxy-header", help="The header a trusted proxy signs users in by."
    ),
    secure_cookies: bool = typer.Option(
        False, "--secure-cookies", help="Mark cookies Secure (when a proxy serves HTTPS)."
    ),
) -> None:
    """Serve the web UI to the centre: several worker processes over the app role's
    database (from server.json, written by init), each request acting for its signed-in
    user. Sessions live in PostgreSQL, so a restart or another worker keeps them.

    Example: ajar server serve --workers 4 --host 0.0.0.0 --trusted-proxy 10.0.0.5
    """
    # lazy: the web stack and uvicorn, for serving only
    import ipaddress

    import uvicorn

    from doorajar.server.accounts import session_secret
    from doorajar.server.setup import app_url
    from doorajar.server.web import ENV_CONFIG, ServeConfig

    for address in trusted_proxy:
        try:
            ipaddress.ip_address(address)
        except ValueError:
            raise InvalidInput(f"--trusted-proxy takes an IP address, not '{address}'.") from None
    home = get(ctx).location.home
    app_url(home)  # a clear error before any worker starts when init has not run here
    session_secret(home)  # made once, before the workers, so they all share it
    config = ServeConfig(str(home), host, port, tuple(trusted_proxy), proxy_header, secure_cookies)
    os.environ[ENV_CONFIG] = config.to_env()
    echo(f"doorajar serves http://{host}:{port}/ with {workers} workers (Ctrl+C to stop).")
    uvicorn.run(
        "doorajar.server.web:app_factory",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,  # paths carry ids and one-time links: no seeker data in logs
        proxy_headers=False,  # the peer is the peer; trusted proxies are handled in the app
        server_header=False,
    )


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
    command(server_app, invite)
    command(server_app, reset)
    command(server_app, serve)
    command(server_app, export_user, name="export-user")
    command(server_app, delete_user, name="delete-user")
    command(server_app, jobs)
    app.add_typer(server_app, name="server")
