"""Shared state for commands: where the data lives and the open Tracker."""

from __future__ import annotations

import functools
import re
import shlex
import sys
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar, cast

import typer

from doorajar import config
from doorajar.cli.output import echo
from doorajar.errors import DoorajarError, InvalidInput
from doorajar.model import Stage, stage_named
from doorajar.timeutil import local_tz, parse_when

if TYPE_CHECKING:
    from doorajar.service import Tracker

E = TypeVar("E", bound=StrEnum)
F = TypeVar("F", bound=Callable[..., Any])


def handled(fn: F) -> F:
    """Turn domain errors into one line on stderr and their exit code; bugs keep tracebacks."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx: Any = kwargs.get("ctx")  # typer's Context (its own copy of click's class)
        if hasattr(ctx, "find_root") and isinstance(ctx.find_root().obj, AppContext):
            ctx.find_root().obj.command = command_line(cast(typer.Context, ctx))
        try:
            return fn(*args, **kwargs)
        except DoorajarError as exc:
            # one line, always: driver messages (e.g. from psycopg) can span several
            echo(f"ajar: {' '.join(exc.message.split())}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except typer.Abort:
            # a prompt met the end of its input (Ctrl-D, or a closed pipe): the prompt is
            # still on the line, so start a new one
            echo(
                "\najar: No answer: the input ended before the questions did. Nothing was changed.",
                err=True,
            )
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


_USERINFO = re.compile(r"(://[^/@:\s]*):[^/@\s]*@")
_SECRET_OPTIONS = ("password", "token", "secret")


def command_line(ctx: typer.Context) -> str:
    """The command as the user typed it, near enough, for the history: the arguments and
    the options given; passwords in URLs and secret options are left out."""
    words = [ctx.command_path]
    for param in ctx.command.params:
        value = ctx.params.get(param.name or "")
        if param.param_type_name == "argument":
            values = value if isinstance(value, (list, tuple)) else [value]
            words += [str(v) for v in values if v is not None]
            continue
        if value is None or value == param.default or value is False or value == ():
            continue
        flag = max(param.opts, key=len)
        if any(word in flag for word in _SECRET_OPTIONS):
            words += [flag, "***"]
        elif value is True:
            words.append(flag)
        else:
            words += [flag, str(value)]
    return _USERINFO.sub(r"\1@", " ".join([ctx.command_path, shlex.join(words[1:])]).strip())


def command(app: typer.Typer, fn: Callable[..., Any], name: str | None = None) -> None:
    """Register a command with error handling; its docstring is its help."""
    app.command(name)(handled(fn))


class AppContext:
    """Opens the Tracker lazily, so `--help` never touches the database."""

    def __init__(self, home: str | None, database_url: str | None) -> None:
        self.home = home
        self.database_url = database_url
        self._tracker: Tracker | None = None
        self.command = "ajar"  # the running command, as the history names its changes

    @property
    def location(self) -> config.Location:
        """The resolved data home and database URL."""
        return config.resolve(self.home, self.database_url)

    @property
    def tracker(self) -> Tracker:
        """The open Tracker."""
        if self._tracker is None:
            # lazy: the database stack, so `ajar --help` starts fast
            from doorajar.service import Tracker

            self._tracker = Tracker.open(self.location)
        self._tracker.unit.command = self.command
        return self._tracker

    def when(self, text: str | None, *, allow_future: bool = False) -> datetime | None:
        """Parse a user-typed date (ISO or natural) in the user's zone; None stays None."""
        if text is None:
            return None
        t = self.tracker
        tz = local_tz(t.settings().timezone)
        return parse_when(text, now=t.now(), tz=tz, allow_future=allow_future)

    def close(self) -> None:
        """Sum up what the plans left out as old news, and release the database."""
        if self._tracker is not None:
            line = self._tracker.left_out()
            if line:
                echo(line, err=True)
            self._tracker.close()
            self._tracker = None


def interactive() -> bool:
    """True when a person can answer questions on this terminal (not a pipe or a script)."""
    return sys.stdin.isatty()


def get(ctx: typer.Context) -> AppContext:
    """The AppContext of the running command."""
    obj = ctx.find_root().obj
    assert isinstance(obj, AppContext)
    return obj


def stage(value: str | None) -> Stage | None:
    """A stage from user text: its name or a synonym ('onsite', 'phone screen'), or a clear
    error listing the names."""
    if value is None:
        return None
    found = stage_named(value)
    if found is None:
        names = ", ".join(m.value for m in Stage)
        raise InvalidInput(
            f"Unknown stage '{value}'; use one of: {names} (or a usual word such as onsite, "
            "phone screen or technical interview)."
        )
    return found


def choice(enum: type[E], value: str | None, what: str) -> E | None:
    """An enum member from user text (case and dashes forgiven), or a clear error."""
    if value is None:
        return None
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return enum(key)
    except ValueError:
        names = ", ".join(m.value for m in enum)
        raise InvalidInput(f"Unknown {what} '{value}'; use one of: {names}.") from None
