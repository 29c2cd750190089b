"""Formatting: Rich for people, JSON for scripts. Commands pick one by swapping the formatter."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from enum import Enum
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from doorajar.model import ApplicationDetail

# On a terminal Rich wraps to its width; in a pipe or a file lines stay whole (for grep)
# and tables take their natural width instead of squeezing into 80 columns.
_TTY = sys.stdout.isatty()
JSON = typer.Option(False, "--json", help="Print JSON instead of text.")
FORCE = typer.Option(
    False, "--force", help="Replace what is at --out even when it is a link, a FIFO or a device."
)

# Escape sequences (CSI, OSC such as hidden hyperlinks and clipboard writes, DCS and the
# rest), C0 and C1 control characters except tab and newline, and the Unicode controls
# that reorder or hide text. Every branch is a plain scan: linear in the length.
_UNSAFE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)


def clean(text: str) -> str:
    """Text from mail, files or the database as it is safe to print to a terminal: no
    escape sequence or control character survives (tab and newline do)."""
    return _UNSAFE.sub("", text)


class SafeConsole(Console):
    """A Rich console that strips escape sequences and control characters from every
    string it is asked to print, so text from an email can never drive the terminal."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        """Print, with every string argument cleaned first."""
        super().print(*(clean(o) if isinstance(o, str) else o for o in objects), **kwargs)


class SafeTable(Table):
    """A Rich table whose string cells are cleaned as they are added."""

    def add_row(self, *renderables: Any, **kwargs: Any) -> None:
        """Add a row, with every string cell cleaned first."""
        super().add_row(*(clean(r) if isinstance(r, str) else r for r in renderables), **kwargs)


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Plain text (never markup), cleaned like everything else printed."""
    typer.echo(clean(text), err=err, nl=nl)


console = SafeConsole(highlight=False, soft_wrap=not _TTY, width=None if _TTY else 200)
err = SafeConsole(stderr=True, highlight=False)


def progress_lines(what: str) -> Callable[[int], None] | None:
    """With $AJAR_PROGRESS=lines, a function that prints `progress: WHAT N` on stderr (one
    plain, flushed line per message or row) for scripts that follow a long command; else
    None. The count is of what was read, not yet of what was committed."""
    if os.environ.get("AJAR_PROGRESS") != "lines":
        return None

    def tick(n: int) -> None:
        sys.stderr.write(f"progress: {what} {n}\n")
        sys.stderr.flush()

    return tick


def print_table(table: Table) -> None:
    """Print a table without the spaces Rich pads its last column with (they trip up diffs)."""
    with console.capture() as captured:
        console.print(table)
    lines = captured.get().split("\n")
    sys.stdout.write("\n".join(line.rstrip() for line in lines))
    sys.stdout.flush()


def jsonable(value: Any) -> Any:
    """Dataclasses, enums and datetimes as plain JSON values (ISO 8601 for times)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in ("title",):
            if hasattr(type(value), name) and isinstance(getattr(type(value), name), property):
                out[name] = getattr(value, name)
        return out
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return value


def detail_json(d: ApplicationDetail) -> dict[str, Any]:
    """The `show --json` document (DESIGN.md): application, rejections, actions, and more."""
    out = jsonable(d)
    out.pop("extra", None)
    for r in out["rejections"]:
        texts = [f.text for f in d.feedback if f.rejection_id == r["id"]]
        r["feedback"] = "\n".join(texts) if texts else None
    out["triage"] = jsonable(d.triage) if d.triage else None
    out.update(jsonable(d.extra))
    return dict(out)


def words(raw: str | None) -> str:
    """A stored value such as a source ('job_board') as words for people ('job board')."""
    return (raw or "").replace("_", " ")


def emit(data: Any, render: Callable[[], None], as_json: bool) -> None:
    """Print `data` as JSON, or call the human renderer."""
    if as_json:
        print(json.dumps(jsonable(data), ensure_ascii=False, indent=2))
    else:
        render()


def when(moment: datetime | None, tz: tzinfo, *, with_time: bool = False) -> str:
    """A stored moment as the user reads it: local, short."""
    if moment is None:
        return "-"
    local = moment.astimezone(tz)
    return local.strftime("%a %d %b %Y %H:%M" if with_time else "%a %d %b %Y")


def relative(moment: datetime, now: datetime, tz: tzinfo) -> str:
    """'today', 'tomorrow', 'in 5 days', '3 days overdue'."""
    # lazy: the agenda rules, loaded by the commands that print them
    from doorajar.agenda.rules import relative as rel

    return rel(moment, now, tz)
