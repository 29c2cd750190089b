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
    app.add_typer(server_app, name="server")
