"""Server mode: `ajar server init` sets up a career centre's PostgreSQL (docs/server.md)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import typer

from doorajar import timeutil
from doorajar.cli.context import command, get
from doorajar.cli.output import echo

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
    app.add_typer(server_app, name="server")
