"""Commands for what to do: today, agenda, done, skip, snooze."""

from __future__ import annotations

from datetime import datetime, timedelta

import typer

from doorajar.cli import output
from doorajar.cli.context import command, get
from doorajar.cli.output import console, emit
from doorajar.errors import InvalidInput
from doorajar.model import ActionStatus
from doorajar.schedule import Agenda, AgendaItem
from doorajar.service import Tracker
from doorajar.timeutil import local_tz, parse_when

JSON = typer.Option(False, "--json", help="Print JSON instead of text.")


def _render(ctx: typer.Context, ag: Agenda) -> None:
    t = get(ctx).tracker
    tz = t.tz()
    if ag.empty:
        console.print(f"Nothing due in the next {ag.days} days. A good day to send an application.")
        return
    for title, items in (
        ("Overdue", ag.overdue),
        ("Today", ag.today),
        (f"Coming up (next {ag.days} days)", ag.coming),
    ):
        if not items:
            continue
        console.print(f"[bold]{title}[/]")
        for it in items:
            _line(it, ag, tz)
        console.print()


def _line(it: AgendaItem, ag: Agenda, tz: object) -> None:
    rel = output.relative(it.due, ag.now, tz)  # type: ignore[arg-type]
    who = f" — {it.who}" if it.who else ""
    console.print(f"  [bold]#{it.action.id}[/] {it.what}{who} ({rel})")
    console.print(f"      why: {it.why}", style="dim")
    console.print(f"      do:  {it.command}", style="dim")


def today(ctx: typer.Context, as_json: bool = JSON) -> None:
    """What is overdue, due today, and coming this week, across every application.

    Example: ajar today
    """
    ag = get(ctx).tracker.agenda(days=7)
    emit(ag, lambda: _render(ctx, ag), as_json)


def agenda(
    ctx: typer.Context,
    days: int = typer.Option(
        14, "--days", "-n", min=0, max=3650, help="How many days ahead to show."
    ),
    as_json: bool = JSON,
) -> None:
    """The agenda over a longer window.

    Example: ajar agenda --days 30
    """
    ag = get(ctx).tracker.agenda(days=days)
    emit(ag, lambda: _render(ctx, ag), as_json)


def done(
    ctx: typer.Context,
    action: int = typer.Argument(..., help="Action number, as `ajar today` shows it."),
    date: str | None = typer.Option(
        None, "--date", "-d", metavar="WHEN", help="When you did it (default now)."
    ),
    as_json: bool = JSON,
) -> None:
    """Mark an action done; a sent message is logged and the plan moves on.

    Example: ajar done 12
    """
    c = get(ctx)
    a = c.tracker.act(action, ActionStatus.DONE, at=c.when(date))
    emit(a, lambda: console.print(f"Done: #{a.id} {a.kind.label}."), as_json)


def skip(
    ctx: typer.Context,
    action: int = typer.Argument(..., help="Action number."),
    reason: str = typer.Option(..., "--reason", "-r", help="Why you are skipping it."),
    as_json: bool = JSON,
) -> None:
    """Skip an action, with a reason you will thank yourself for later.

    Example: ajar skip 12 --reason "they asked me not to follow up"
    """
    a = get(ctx).tracker.act(action, ActionStatus.SKIPPED, note=reason)
    emit(a, lambda: console.print(f"Skipped: #{a.id} {a.kind.label}."), as_json)


def snooze(
    ctx: typer.Context,
    action: int = typer.Argument(..., help="Action number."),
    until: str | None = typer.Option(
        None, "--until", "-u", metavar="WHEN", help="Until when, e.g. 2026-12-01 or 'next monday'."
    ),
    days: int | None = typer.Option(None, "--days", help="Snooze for this many days."),
    as_json: bool = JSON,
) -> None:
    """Put an action off until later.

    Example: ajar snooze 12 --days 3
    """
    t = get(ctx).tracker
    if (until is None) == (days is None):
        raise InvalidInput("Say how long: --days N or --until WHEN.")
    if days is not None:
        if days < 1:
            raise InvalidInput("Snooze for at least one day.")
        moment = t.now() + timedelta(days=days)
    else:
        assert until is not None
        moment = _future(until, t)
    a = t.act(action, ActionStatus.SNOOZED, until=moment)
    emit(a, lambda: console.print(f"Snoozed #{a.id} until {output.when(moment, t.tz())}."), as_json)


def _future(text: str, t: Tracker) -> datetime:
    tz = local_tz(t.settings().timezone)
    now = t.now()
    try:
        import dateparser

        parsed = dateparser.parse(
            text,
            settings={
                "PREFER_DATES_FROM": "future",
                "RELATIVE_BASE": now.astimezone(tz).replace(tzinfo=None),
            },
        )
    except Exception:
        parsed = None
    if parsed is not None and not text.strip()[:4].isdigit():
        moment = parsed.replace(tzinfo=tz)
    else:
        moment = parse_when(text, now=now, tz=tz, allow_future=True)
    return moment


def register(app: typer.Typer) -> None:
    """Add these commands to the app."""
    command(app, today)
    command(app, agenda)
    command(app, done)
    command(app, skip)
    command(app, snooze)
