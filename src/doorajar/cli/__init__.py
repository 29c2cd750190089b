"""The `ajar` command: a thin Typer shell over the Tracker.

Each command parses its input, makes one call into the service and formats the
result. Errors the user can fix become one line on stderr with exit code 1.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys

import typer

from doorajar import __version__
from doorajar.cli.context import AppContext

_HOISTED = ("--home", "--database-url")


def _hoist(args: list[str]) -> list[str]:
    """Move `--home X` / `--database-url X` given after a subcommand to the front."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            rest.extend(args[i:])
            break
        if a in _HOISTED and i + 1 < len(args):
            front.extend(args[i : i + 2])
            i += 2
            continue
        if any(a.startswith(h + "=") for h in _HOISTED):
            front.append(a)
        else:
            rest.append(a)
        i += 1
    return front + rest


app = typer.Typer(
    name="ajar",
    help="doorajar: turn every job rejection into an open door.\n\n"
    "Log applications and rejections, get the playbook's next steps with due dates, "
    "and keep the door open.\n\nExample: ajar demo && ajar today",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ajar {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    home: str | None = typer.Option(
        None,
        "--home",
        metavar="DIR",
        help="Data folder (default: $AJAR_HOME, else your platform's user data folder).",
    ),
    database_url: str | None = typer.Option(
        None,
        "--database-url",
        metavar="URL",
        help="SQLAlchemy database URL, e.g. "
        "postgresql+psycopg://user@host/db (default: $AJAR_DATABASE_URL, else SQLite in the "
        "home).",
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """doorajar: turn every job rejection into an open door."""
    ctx.obj = AppContext(home=home, database_url=database_url)
    ctx.call_on_close(ctx.obj.close)


def _register() -> None:
    """Every module in this package with a `register(app)` adds its commands."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(app)


_register()


def main() -> None:
    """Console-script entry point: accepts --home / --database-url anywhere on the line."""
    for arg in sys.argv[1:]:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:  # bytes the terminal's encoding could not decode
            typer.echo(
                "ajar: An argument is not valid UTF-8 text "
                f"({str(os.fsencode(arg))[2:-1][:60]}); "
                "type it again in UTF-8. Nothing was changed.",
                err=True,
            )
            sys.exit(1)
    try:
        app(args=_hoist(sys.argv[1:]), prog_name="ajar")
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        typer.echo("ajar: interrupted; nothing half-written was kept.", err=True)
        sys.exit(130)
