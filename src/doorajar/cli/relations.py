"""Commands for keeping doors open: door (the four questions) and revisit (the list)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape

from doorajar import doors
from doorajar.cli import output
from doorajar.cli.context import command, get
from doorajar.cli.output import JSON, console, emit
from doorajar.errors import InvalidInput
from doorajar.model import Answers

if TYPE_CHECKING:
    from doorajar.people.service import DoorView, RevisitEntry


def door(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="Application number or company."),
    answers: str | None = typer.Option(
        None,
        "--answers",
        "-a",
        metavar="y,n,y,-",
        help="Answer the four questions without being asked: y, n or - (skip), in order.",
    ),
    keep: bool = typer.Option(False, "--keep", help="Keep this door open, whatever the answers."),
    close: bool = typer.Option(False, "--close", help="Close this door, whatever the answers."),
    auto: bool = typer.Option(False, "--auto", help="Drop --keep/--close; the answers decide."),
    as_json: bool = JSON,
) -> None:
    """Keep this door open? Four questions after a personal rejection decide whether the
    people there get a touch every few months and the company goes on the revisit list.

    The questions: a clear answer or silence? a fair process? long-term interest in
    the company? something to learn from its feedback? Each can be skipped (-). The
    answers are remembered; a closed door skips the revisits, an open one plans them.

    Example: ajar door acme --answers y,y,y,-
    """
    # lazy: loaded by the commands that use it
    from doorajar.people.service import AUTO

    t = get(ctx).tracker
    if sum((keep, close, auto)) > 1:
        raise InvalidInput("Choose one of --keep, --close or --auto.")
    override = doors.KEEP if keep else doors.CLOSE if close else AUTO if auto else None
    parsed: Answers | None = None
    if answers is not None:
        parsed = doors.parse_answers(answers)
    elif override is None:
        current = t.relations.door(application)
        _ask_intro(current)
        parsed = _ask(current.answers)
    view = t.relations.set_door(application, answers=parsed, override=override)
    emit(door_json(view), lambda: _render_door(view), as_json)


def _ask_intro(view: DoorView) -> None:
    a = view.application
    output.err.print(
        f"[bold]Keep the door open at {escape(a.company)}?[/] (#{a.id} {escape(a.role)})"
    )
    output.err.print("Answer y or n, or - to skip; Enter keeps the last answer.", style="dim")


def _ask(previous: Answers | None) -> Answers:
    old = previous.as_tuple() if previous else (None,) * len(doors.QUESTIONS)
    values: list[bool | None] = []
    for q, before in zip(doors.QUESTIONS, old, strict=True):
        default = {True: "y", False: "n", None: "-"}[before]
        while True:
            raw = typer.prompt(f"  {q.text} [y/n/-]", default=default, show_default=False, err=True)
            try:
                values.append(doors.parse_answer(raw))
                break
            except InvalidInput as exc:
                output.err.print(exc.message)
    return Answers(*values)


def door_json(view: DoorView) -> dict[str, Any]:
    """The door as JSON: application id, answers by question, override, decision and reason."""
    answers = view.answers.as_tuple() if view.answers else (None,) * len(doors.QUESTIONS)
    return {
        "application_id": view.application.id,
        "company": view.application.company,
        "role": view.application.role,
        "answers": {q.name: v for q, v in zip(doors.QUESTIONS, answers, strict=True)},
        "override": view.override,
        "state": view.door.state,
        "touches": view.door.touches,
        "revisit": view.door.revisit,
        "reason": view.door.reason,
        "contacts": [c.name for c in view.contacts],
    }


def _render_door(view: DoorView) -> None:
    a, d = view.application, view.door
    answers = view.answers.as_tuple() if view.answers else (None,) * len(doors.QUESTIONS)
    said = {True: "yes", False: "no", None: "skipped"}
    facts = " · ".join(
        f"{q.label}: {said[v]}" for q, v in zip(doors.QUESTIONS, answers, strict=True)
    )
    console.print(f"[bold]#{a.id} {escape(a.title)}[/]")
    for line in textwrap.wrap(facts, 78, initial_indent="  ", subsequent_indent="  "):
        console.print(escape(line))
    console.print(f"Door: [bold]{d.state}[/]" + (f" ({view.override})" if view.override else ""))
    names = ", ".join(c.name for c in view.contacts) or "the people there"
    console.print(
        f"  touches: {'yes, to ' + names if d.touches else 'no'} · "
        f"revisit list: {'yes' if d.revisit else 'no'}"
    )
    for line in textwrap.wrap("Why: " + d.reason, 78, initial_indent="  ", subsequent_indent="  "):
        console.print(escape(line))


def revisit(ctx: typer.Context, as_json: bool = JSON) -> None:
    """Companies that turned you down at an interview stage, ordered by when to look again.

    Each entry shows when and for what, who you spoke to, what feedback came, the 3- and
    6-month revisits, the re-application note command and the careers page when known.
    Companies whose door you closed are left out.

    Example: ajar revisit
    """
    t = get(ctx).tracker
    t.sweep()
    entries = t.relations.revisit()
    tz, now = t.tz(), t.now()

    def render() -> None:
        if not entries:
            console.print("No company is on the revisit list yet.")
            return
        for e in entries:
            _render_entry(e, now, tz)

    emit(entries, render, as_json)


def _render_entry(e: RevisitEntry, now: Any, tz: Any) -> None:
    nxt = f"next {output.relative(e.next_due, now, tz)}" if e.next_due else "revisits done"
    console.print(f"[bold]#{e.application_id} {escape(e.role)} at {escape(e.company)}[/] ({nxt})")
    lines = [
        f"turned down {output.when(e.rejected_at, tz)} at {e.stage.label} ({e.kind.value});"
        f" door {e.door}",
    ]
    if e.contacts:
        lines.append("spoke to " + ", ".join(e.contacts))
    for fb in e.feedback:
        lines.append(f"feedback: “{fb}”")
    dues = [
        f"{d.months} months {output.when(d.due, tz)}"
        + (f" ({d.status})" if d.status != "pending" else "")
        for d in e.revisits
    ]
    lines.append("revisit: " + " · ".join(dues))
    lines.append(f"note: {e.command}")
    if e.careers_url:
        lines.append(f"careers: {e.careers_url}")
    for line in lines:
        for w in textwrap.wrap(line, 78, initial_indent="  ", subsequent_indent="    "):
            console.print(escape(w))
    console.print()


def register(app: typer.Typer) -> None:
    """Add these commands to the app."""
    command(app, door)
    command(app, revisit)
