"""Commands for the data itself: demo, export, import, config, path."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.table import Table

from doorajar.cli.context import command, get
from doorajar.cli.output import console, emit
from doorajar.errors import Conflict, ImportFailed

JSON = typer.Option(False, "--json", help="Print JSON instead of text.")


def demo(
    ctx: typer.Context,
    if_empty: bool = typer.Option(
        False, "--if-empty", help="Do nothing (and succeed) when the home has data."
    ),
) -> None:
    """Fill an empty home with a realistic sample job search, to see everything working.

    Example: ajar --home /tmp/ajar-demo demo && ajar --home /tmp/ajar-demo today
    """
    from doorajar import demo as sample

    c = get(ctx)
    t = c.tracker
    if not t.is_empty():
        if if_empty:
            console.print("Your home already has data; the demo was not loaded.")
            return
        raise Conflict(
            f"The home {c.location.home} already has data; load the demo into "
            "a fresh one with --home DIR."
        )
    n = sample.load(t)
    console.print(f"Loaded a sample search of {n} applications into {c.location.home}.")
    from doorajar.mail.demo_mailbox import install

    box = install(c.location.home, t.now())
    console.print(f"A sample mailbox is at {box}; file it with: ajar scan {box}", soft_wrap=True)
    console.print("Try: ajar today · ajar list · ajar show acme")


def export(
    ctx: typer.Context,
    as_json: bool = typer.Option(
        True,
        "--json",
        help="The whole database as one JSON document "
        "(the default, and the format `ajar import` reads back).",
    ),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write to a file instead of stdout."),
) -> None:
    """Write the whole database as one JSON document: a backup you can import anywhere.

    Example: ajar export --json > backup.json
    """
    text = get(ctx).tracker.export_json()
    if out is None:
        sys.stdout.write(text + "\n")
        return
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(out)
    console.print(f"Wrote {out}.")


def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A file from `ajar export --json` ('-' for stdin)."),
    replace: bool = typer.Option(
        False, "--replace", help="Overwrite everything already in this home."
    ),
    as_json: bool = JSON,
) -> None:
    """Read an export back: all of it, or nothing if anything is wrong.

    Example: ajar --home ~/new-home import backup.json
    """
    if str(file) == "-":
        text = sys.stdin.read()
    else:
        if not file.is_file():
            raise ImportFailed(f"No such file: {file}.")
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ImportFailed(f"{file} is not a text file; nothing was imported.") from None
    counts = get(ctx).tracker.import_json(text, replace=replace)
    summary = ", ".join(_rows(n, name) for name, n in counts.items() if n)
    emit(counts, lambda: console.print(f"Imported {summary or 'nothing'}."), as_json)


def _rows(n: int, table: str) -> str:
    """'3 applications', '1 stage change': a table's row count in words."""
    label = table.replace("_", " ")
    if n == 1 and label.endswith("ches"):
        label = label[:-2]
    elif n == 1 and label.endswith("s"):
        label = label[:-1]
    return f"{n} {label}"


def config(
    ctx: typer.Context,
    name: str | None = typer.Argument(None, help="A setting's name."),
    value: str | None = typer.Argument(None, help="Its new value."),
    reset: bool = typer.Option(False, "--reset", help="Return the setting to its default."),
    as_json: bool = JSON,
) -> None:
    """Show the playbook's settings with defaults and help, or change one.

    Example: ajar config reply_to_form true
    """
    t = get(ctx).tracker
    if name and (value is not None or reset):
        new = t.set_config(name, None if reset else value)
        console.print(f"{name} = {new!r}" + (" (default)" if reset else ""))
        return
    rows = t.config()
    if name:
        from doorajar.settings import spec

        spec(name)
        rows = [r for r in rows if r[0] == name]

    def render() -> None:
        table = Table(box=None, header_style="bold", pad_edge=False, show_lines=False)
        for col in ("setting", "value", "default", "what it does"):
            table.add_column(col, overflow="fold")
        for key, val, default, help_text, changed in rows:
            table.add_row(
                key, f"[bold]{val!r}[/]" if changed else repr(val), repr(default), help_text
            )
        console.print(table)

    emit(
        [{"name": k, "value": v, "default": d, "help": h, "changed": c} for k, v, d, h, c in rows],
        render,
        as_json,
    )


def path(ctx: typer.Context, as_json: bool = JSON) -> None:
    """Show where doorajar keeps your data.

    Example: ajar path
    """
    loc = get(ctx).location
    url = loc.database_url
    if "@" in url:
        url = url.split("://", 1)[0] + "://…@" + url.rsplit("@", 1)[1]
    emit(
        {"home": str(loc.home), "database_url": url},
        lambda: console.print(f"home:     {loc.home}\ndatabase: {url}"),
        as_json,
    )


def register(app: typer.Typer) -> None:
    """Add these commands to the app."""
    command(app, demo)
    command(app, export)
    command(app, import_, "import")
    command(app, config)
    command(app, path)
