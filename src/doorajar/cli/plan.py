"""Commands for what to do: today, agenda, done, skip, snooze."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape

from doorajar.cli import output
from doorajar.cli.context import choice, command, get
from doorajar.cli.output import FORCE, JSON, console, echo, emit
from doorajar.errors import InvalidInput
from doorajar.files import check_target, write_atomic
from doorajar.model import Action, ActionKind, ActionStatus
from doorajar.timeutil import local_tz, parse_when

if TYPE_CHECKING:
    from doorajar.agenda.rules import Agenda
    from doorajar.service import Tracker


def _render(ctx: typer.Context, ag: Agenda) -> None:
    # lazy: the agenda rules, loaded by the commands that print them
    from doorajar.agenda import rules as schedule

    tz = get(ctx).tracker.tz()
    for line in schedule.agenda_lines(ag, tz):
        if line in ("Overdue", "Today") or line.startswith("Coming up ("):
            console.print(escape(line), style="bold")
        elif line.startswith("      why "):
            console.print(escape(line), style="dim")
        else:
            console.print(escape(line))


def agenda_json(ag: Agenda) -> dict[str, Any]:
    """The agenda as JSON: overdue, today, coming (each item with its commands) and momentum."""
    doc: dict[str, Any] = output.jsonable(ag)
    if ag.momentum is not None:
        doc["momentum"]["target_met"] = ag.momentum.target_met
        doc["momentum"]["nudge"] = ag.momentum.nudge
    return doc


def today(ctx: typer.Context, as_json: bool = JSON) -> None:
    """What is overdue, due today, and coming this week, with this week's momentum.

    Each line says what to do, for whom, why, and the command that does it. The
    streak counts calendar weeks in a row with at least one application.

    Example: ajar today
    """
    t = get(ctx).tracker
    t.sweep()
    ag = t.planner.agenda(days=7)
    emit(agenda_json(ag), lambda: _render(ctx, ag), as_json)


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
    t = get(ctx).tracker
    t.sweep()
    ag = t.planner.agenda(days=days)
    emit(agenda_json(ag), lambda: _render(ctx, ag), as_json)


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


TARGET = typer.Argument(
    None,
    metavar="[ACTION|APP]",
    help="An action number, as `ajar today` shows it; with --all, --kind or --overdue, the "
    "application (number or company) to act on.",
)
ALL = typer.Option(False, "--all", help="Every open action of the application named.")
KIND = typer.Option(
    None, "--kind", "-k", help="Every open action of this kind, e.g. linkedin_connect."
)
OVERDUE = typer.Option(False, "--overdue", help="Only actions due before today.")


def _bulk(
    target: str | None, every: bool, kind: str | None, overdue: bool
) -> tuple[int | None, dict[str, Any] | None]:
    """One action's number, or what selects several (application, kind, overdue)."""
    if not (every or kind or overdue):
        if target is None:
            raise InvalidInput(
                "Name an action number, or choose several with --all APP, --kind K or --overdue."
            )
        number = target.strip().lstrip("#")
        if not number.isdigit():
            raise InvalidInput(
                f"'{target}' is not an action number; to act on every action of an "
                f"application, add --all (ajar skip {target} --all --reason WHY)."
            )
        return int(number), None
    if every and target is None:
        raise InvalidInput("--all needs the application, e.g. ajar snooze acme --all --days 7.")
    return None, {
        "application": target,
        "kind": choice(ActionKind, kind, "action kind"),
        "overdue": overdue,
    }


def _said(verb: str, changed: list[Action], tail: str = "") -> None:
    if not changed:
        console.print(f"Nothing to change: every one is already due later{tail}.")
        return
    console.print(f"{verb} {len(changed)} action{'s' if len(changed) != 1 else ''}{tail}:")
    for a in changed:
        console.print(f"  #{a.id} {a.kind.label}")


def _carry_out(
    t: Tracker,
    status: ActionStatus,
    picked: tuple[int | None, dict[str, Any] | None],
    as_json: bool,
    *,
    one_said: Callable[[Action], str],
    verb: str,
    tail: str = "",
    **how: Any,
) -> None:
    """Act on the one action picked, or on the several, and say what changed."""
    one, many = picked
    if many is None:
        assert one is not None
        a = t.act(one, status, **how)
        emit(a, lambda: console.print(one_said(a)), as_json)
        return
    changed = t.act_on(status, **many, **how)
    emit(changed, lambda: _said(verb, changed, tail), as_json)


def skip(
    ctx: typer.Context,
    target: str | None = TARGET,
    reason: str = typer.Option(..., "--reason", "-r", help="Why you are skipping it."),
    every: bool = ALL,
    kind: str | None = KIND,
    overdue: bool = OVERDUE,
    as_json: bool = JSON,
) -> None:
    """Skip an action, with a reason you will thank yourself for later; or several at once:
    every action of an application (--all), of a kind (--kind), or only the overdue ones
    (--overdue). Several land together or not at all.

    Example: ajar skip 12 --reason "they asked me not to follow up"; ajar skip --kind
    linkedin_connect --overdue --reason "not on LinkedIn any more"
    """
    _carry_out(
        get(ctx).tracker,
        ActionStatus.SKIPPED,
        _bulk(target, every, kind, overdue),
        as_json,
        one_said=lambda a: f"Skipped: #{a.id} {a.kind.label}.",
        verb="Skipped",
        note=reason,
    )


def snooze(
    ctx: typer.Context,
    target: str | None = TARGET,
    until: str | None = typer.Option(
        None, "--until", "-u", metavar="WHEN", help="Until when, e.g. 2026-12-01 or 'next monday'."
    ),
    days: int | None = typer.Option(
        None, "--days", "-n", min=1, max=3650, help="Snooze for this many days."
    ),
    every: bool = ALL,
    kind: str | None = KIND,
    overdue: bool = OVERDUE,
    as_json: bool = JSON,
) -> None:
    """Put an action off until later; or several at once: every action of an application
    (--all), of a kind (--kind), or only the overdue ones (--overdue).

    Example: ajar snooze 12 --days 3; ajar snooze acme --all --days 7
    """
    t = get(ctx).tracker
    if (until is None) == (days is None):
        raise InvalidInput("Say how long: --days N or --until WHEN.")
    picked = _bulk(target, every, kind, overdue)
    if days is not None:
        moment = t.now() + timedelta(days=days)
    else:
        assert until is not None
        moment = _future(until, t)
    when = output.when(moment, t.tz())
    _carry_out(
        t,
        ActionStatus.SNOOZED,
        picked,
        as_json,
        one_said=lambda a: f"Snoozed #{a.id} until {when}.",
        verb="Snoozed",
        tail=f" until {when}",
        until=moment,
    )


def _future(text: str, t: Tracker) -> datetime:
    tz = local_tz(t.settings().timezone)
    now = t.now()
    try:
        # lazy: dateparser takes a while to import; only free-text dates need it
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


def calendar(
    ctx: typer.Context,
    out: str = typer.Option(
        "-", "--out", "-o", metavar="FILE.ics", help="Where to write the feed ('-' for stdout)."
    ),
    days: int = typer.Option(
        30, "--days", "-n", min=0, max=3650, help="Include actions due this many days ahead."
    ),
    force: bool = FORCE,
) -> None:
    """Export open actions as an iCalendar feed: one all-day event per action.

    Overdue actions sit on today. Each event keeps the same UID across exports, so
    importing the file again (or subscribing to it) updates events instead of
    duplicating them.

    Example: ajar calendar --out ~/ajar.ics --days 60
    """
    target = None if out == "-" else check_target(Path(out), force=force)
    t = get(ctx).tracker
    t.sweep()
    data = t.planner.calendar(days)
    if target is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_atomic(target, data, force=force)
    count = data.count(b"BEGIN:VEVENT")
    echo(f"Wrote {count} event{'s' if count != 1 else ''} to {target}.", err=True)


def digest(
    ctx: typer.Context,
    send: bool = typer.Option(
        False, "--send", help="Mail it to your own address (setting user_email) over SMTP."
    ),
    days: int = typer.Option(7, "--days", "-n", min=0, max=60, help="Days ahead to include."),
) -> None:
    """A plain-text summary of today's actions and the week's momentum, for a daily cron job.

    Printed by default; with --send, mailed to your own address over SMTP.

    Example: ajar digest --send
    """
    t = get(ctx).tracker
    t.sweep()
    if send:
        to = t.planner.send_digest(days)
        echo(f"Sent the digest to {to}.", err=True)
        return
    echo(t.planner.digest(days).text, nl=False)


def register(app: typer.Typer) -> None:
    """Add these commands to the app."""
    command(app, today)
    command(app, agenda)
    command(app, done)
    command(app, skip)
    command(app, snooze)
    command(app, calendar)
    command(app, digest)
