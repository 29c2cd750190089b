"""Commands for the data itself: demo, export, import, config, path."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from doorajar.cli.context import command, get
from doorajar.cli.context import interactive as _interactive
from doorajar.cli.output import (
    FORCE,
    JSON,
    SafeTable,
    console,
    echo,
    emit,
    print_table,
    progress_lines,
)
from doorajar.errors import Conflict, ImportFailed, InvalidInput
from doorajar.files import check_target, read_bytes, write_atomic
from doorajar.settings import spec

if TYPE_CHECKING:
    from doorajar.service import Tracker


def demo(
    ctx: typer.Context,
    if_empty: bool = typer.Option(
        False, "--if-empty", help="Do nothing (and succeed) when the home has data."
    ),
) -> None:
    """Fill an empty home with a realistic sample job search, to see everything working.

    Example: ajar --home /tmp/ajar-demo demo && ajar --home /tmp/ajar-demo today
    """
    # lazy: only the demo command needs it
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
    # lazy: the mail stack, loaded by the commands that read mail
    from doorajar.mail.demo_mailbox import install

    # the mailbox first: a link in its place is refused before the database changes
    box = install(c.location.home, t.now())
    n = sample.load(t)
    console.print(f"Loaded a sample search of {n} applications into {c.location.home}.")
    console.print(f"A sample mailbox is at {box}; file it with: ajar scan {box}", soft_wrap=True)
    console.print("Try: ajar today · ajar list · ajar show acme")


def export(
    ctx: typer.Context,
    as_json: bool | None = typer.Option(
        None,
        "--json",
        help="The whole database as one JSON document "
        "(the default, and the format `ajar import` reads back).",
    ),
    as_csv: bool = typer.Option(
        False, "--csv", help="A table instead: one row per application (spreadsheets read it)."
    ),
    history: bool = typer.Option(
        False,
        "--history",
        help="With --csv: one row per stage change, rejection, feedback and message "
        "(date, company, role, what happened): proof of your search.",
    ),
    fmt: str | None = typer.Option(
        None, "--format", "-f", help="csv or xlsx for the table export (xlsx needs --out)."
    ),
    out: Path | None = typer.Option(None, "--out", "-o", help="Write to a file instead of stdout."),
    force: bool = FORCE,
) -> None:
    """Write the whole database as one JSON document (a backup you can import anywhere),
    or with --csv a spreadsheet of your applications or of everything that happened.

    Example: ajar export --json > backup.json; ajar export --csv --history --format xlsx -o search.xlsx
    """
    t = get(ctx).tracker
    kind = (fmt or "").strip().lower()
    if kind not in ("", "csv", "xlsx", "json"):
        raise InvalidInput(f"--format is csv or xlsx, not '{fmt}'.")
    if out is not None:
        out = check_target(out, force=force)
    table = as_csv or history or kind in ("csv", "xlsx")
    if table and (as_json or kind == "json"):
        raise InvalidInput(
            "Choose one: --json for the whole database, or --csv (--format csv|xlsx) for a table."
        )
    if table:
        _export_table(t, history=history, xlsx=kind == "xlsx", out=out, force=force)
        return
    text = t.export_json()
    if out is None:
        sys.stdout.write(text + "\n")
        return
    write_atomic(out, text + "\n", force=force)
    echo(f"Wrote the whole database to {out}.", err=True)


def _export_table(
    t: Tracker, *, history: bool, xlsx: bool, out: Path | None, force: bool = False
) -> None:
    # lazy: the spreadsheet stack, loaded by import and export
    from doorajar.csvio import write

    rows = t.csv.history() if history else t.csv.application_rows()
    cells = write.table(rows, history)
    what = f"{len(rows)} {'events' if history else 'applications'}"
    if xlsx:
        if out is None:
            raise InvalidInput("An .xlsx workbook needs a file: add --out FILE.xlsx.")
        write.to_xlsx(cells, out, "History" if history else "Applications", force=force)
        echo(f"Wrote {what} to {out}.", err=True)
        return
    text = write.to_csv(cells)
    if out is None:
        sys.stdout.write(text)
        return
    # a BOM so that Excel shows accented names right when the file is double-clicked
    write_atomic(out, text, encoding="utf-8-sig", force=force)
    echo(f"Wrote {what} to {out}.", err=True)


_TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".tab")


def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ...,
        help="A file from `ajar export --json`, or a CSV/TSV spreadsheet ('-' for stdin).",
    ),
    replace: bool = typer.Option(
        False, "--replace", help="JSON: overwrite everything already in this home."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", "-n", help="CSV: show the preview and write nothing."
    ),
    maps: list[str] = typer.Option(
        [],
        "--map",
        "-m",
        metavar="COLUMN=FIELD",
        help="CSV: read a column as a field (company, role, applied, status, stage, source, "
        "url, notes, contact, location, salary, rejected, rejection_kind, ignore). Repeatable.",
    ),
    profile: str | None = typer.Option(
        None,
        "--profile",
        "-p",
        help="CSV: the tracker the file comes from: jobsync, huntr, doorajar or generic "
        "(default: recognised from the header).",
    ),
    update: bool = typer.Option(
        False, "--update", help="CSV: bring applications already here up to date with the file."
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="CSV: import without asking."),
    dates: str | None = typer.Option(
        None,
        "--dates",
        help="CSV: read 03/04/2026 as dmy (3 April) or mdy (March 4) when the file does not say.",
    ),
    as_json: bool = JSON,
) -> None:
    """Read an export back (all of it, or nothing if anything is wrong), or bring in a
    spreadsheet of applications: a preview of the columns and rows first, then one transaction.

    Non-interactive runs (no terminal) import a CSV only with --yes; without it they show the
    preview, write nothing and exit 1.

    Example: ajar import applications.csv --dry-run --map "Firma=company"
    """
    if str(file) == "-":
        data = sys.stdin.buffer.read()
        suffix = ""
    else:
        data = read_bytes(file)
        suffix = file.suffix
    if not data.strip():
        raise ImportFailed(
            f"Nothing to import: {'the input' if str(file) == '-' else file} is empty."
        )
    if _is_table(data, suffix):
        if replace:
            raise InvalidInput("--replace is for JSON exports; a CSV import only adds rows.")
        _import_table(
            ctx,
            data,
            name=file.name if str(file) != "-" else "stdin",
            suffix=suffix,
            options=_TableOptions(dry_run, maps, profile, update, yes, dates),
            as_json=as_json,
        )
        return
    shown = "the input" if str(file) == "-" else str(file)
    if not _is_json(data, suffix):
        raise ImportFailed(
            f"{shown} is neither a CSV/TSV spreadsheet nor a doorajar JSON export "
            "(from `ajar export --json`); nothing was imported."
        )
    if dry_run or maps or profile or update or dates:
        raise InvalidInput(
            "--dry-run, --map, --profile, --update and --dates are for CSV files; "
            f"{shown} is a JSON export."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportFailed(f"{file} is not a text file; nothing was imported.") from None
    counts = get(ctx).tracker.import_json(
        text, replace=replace, on_rows=progress_lines("restore row")
    )
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


def _is_json(data: bytes, suffix: str) -> bool:
    """A JSON document by its start (an export is one object), or by a .json name."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") or suffix.lower() == ".json"


def _is_table(data: bytes, suffix: str) -> bool:
    """A spreadsheet by its name (.csv, .tsv, .txt) or its content; a JSON export never is."""
    # lazy: the spreadsheet stack, loaded by import and export
    from doorajar.csvio.read import decode, looks_like_table

    if _is_json(data, suffix):
        return False
    if suffix.lower() in _TABLE_SUFFIXES:
        return True
    try:
        text, _ = decode(data[:65536])
    except ImportFailed:
        return False
    return looks_like_table(text)


@dataclass(frozen=True)
class _TableOptions:
    dry_run: bool
    maps: list[str]
    profile: str | None
    update: bool
    yes: bool
    dates: str | None


def _import_table(
    ctx: typer.Context,
    data: bytes,
    *,
    name: str,
    suffix: str,
    options: _TableOptions,
    as_json: bool,
) -> None:
    # lazy: the spreadsheet stack, loaded by import and export
    from doorajar.csvio import report

    o = options
    t = get(ctx).tracker
    reading = t.csv.read(data, suffix=suffix, profile=o.profile, maps=o.maps, dates=o.dates)
    planned = t.csv.preview(reading, update=o.update)

    def say(line: str) -> None:
        echo(line, err=as_json)

    for line in report.preview(planned, name):
        say(line)
    result = planned
    # lazy: the spreadsheet stack, loaded by import and export
    from doorajar.csvio.service import Verdict

    todo = planned.count(Verdict.ADD) + planned.count(Verdict.UPDATE)
    if o.dry_run:
        say("Dry run: nothing was written.")
    elif not todo:
        say("Nothing to import.")
    else:
        if not o.yes:
            if not _interactive():
                raise ImportFailed(
                    "Not a terminal, so not asking: nothing was imported. Re-run with --yes "
                    "to import these rows (or --dry-run to only look)."
                )
            if not typer.confirm(f"Import {todo} row{'s' if todo != 1 else ''}?", default=False):
                say("Nothing was imported.")
                return
        result = t.csv.apply(reading, update=o.update, on_row=progress_lines("import row"))
        say(report.summary(result))
    if as_json:
        emit(report.as_dict(result), lambda: None, True)


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
    if reset and not name:
        raise InvalidInput("Name the setting to reset, e.g. ajar config weekly_target --reset.")
    t = get(ctx).tracker
    if name and (value is not None or reset):
        new = t.set_config(name, None if reset else value)
        row = next(r for r in t.config() if r[0] == name)
        emit(
            _setting_json(row),
            lambda: console.print(f"{name} = {new!r}" + (" (default)" if reset else "")),
            as_json,
        )
        return
    rows = t.config()
    if name:
        spec(name)
        rows = [r for r in rows if r[0] == name]

    def render() -> None:
        table = SafeTable(box=None, header_style="bold", pad_edge=False, show_lines=False)
        for col in ("setting", "value", "default", "what it does"):
            table.add_column(col, overflow="fold")
        for key, val, default, help_text, changed in rows:
            table.add_row(
                key, f"[bold]{val!r}[/]" if changed else repr(val), repr(default), help_text
            )
        print_table(table)

    emit([_setting_json(r) for r in rows], render, as_json)


def _setting_json(row: tuple[str, Any, Any, str, bool]) -> dict[str, Any]:
    key, val, default, help_text, changed = row
    return {"name": key, "value": val, "default": default, "help": help_text, "changed": changed}


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
