"""Commands that fix what was recorded: edit, delete, trash, restore, merge, unreject,
history and undo."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape

from doorajar.cli import output
from doorajar.cli.context import command, get, interactive
from doorajar.cli.output import JSON, SafeTable, console, emit, print_table
from doorajar.errors import InvalidInput

YES = typer.Option(False, "--yes", "-y", help="Do it without asking (for scripts).")


def _confirm(question: str, yes: bool) -> None:
    if yes:
        return
    if not interactive():
        raise InvalidInput(f"{question} Add --yes to do it without a terminal to ask on.")
    if not typer.confirm(question, default=False):
        raise typer.Exit(1)


def edit(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="Application number or company."),
    company: str | None = typer.Option(None, "--company", help="The company's name."),
    role: str | None = typer.Option(None, "--role", help="The role, as the posting names it."),
    url: str | None = typer.Option(None, "--url", help="The job posting ('' removes it)."),
    source: str | None = typer.Option(
        None,
        "--source",
        help="Where you found it: linkedin, referral, company_site, job_board, recruiter.",
    ),
    other_source: str | None = typer.Option(
        None, "--other-source", metavar="WORDS", help="Where you found it, in your own words."
    ),
    careers_url: str | None = typer.Option(None, "--careers", help="The careers page."),
    applied: str | None = typer.Option(
        None, "--applied", metavar="WHEN", help="The date you applied: 2026-10-18, '3 weeks ago'."
    ),
    force: bool = typer.Option(
        False, "--force", help="Keep the new name even if another application has it."
    ),
    as_json: bool = JSON,
) -> None:
    """Correct an application: company, role, links, source or the date applied. The plan
    follows, and `ajar undo` takes the edit back.

    Example: ajar edit acme --role "Staff Data Engineer" --applied 2026-10-18
    """
    c = get(ctx)
    if source and other_source:
        raise InvalidInput("Give --source or --other-source, not both.")
    fields: dict[str, Any] = {
        "company": company,
        "role": role,
        "url": url,
        "source": source or other_source,
        "careers_url": careers_url,
        "applied_at": c.when(applied),
    }
    done = c.tracker.edit(application, force=force, own_source=other_source is not None, **fields)
    a = done.application

    def render() -> None:
        if not done.changed:
            console.print(f"#{a.id} {escape(a.title)} already says that; nothing changed.")
            return
        console.print(f"Edited [bold]#{a.id}[/] {escape(a.title)}: {', '.join(done.changed)}.")

    emit({"application": a, "changed": list(done.changed)}, render, as_json)


def delete(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="Application number or company."),
    yes: bool = YES,
    as_json: bool = JSON,
) -> None:
    """Move an application to the trash with its actions, touches, notes and messages. It
    leaves Today, the calendar and the patterns at once; `ajar undo` or `ajar restore`
    brings it back, `ajar trash --empty` removes it for good.

    Example: ajar delete substack --yes
    """
    t = get(ctx).tracker
    app = t.resolve(application)
    _confirm(f"Move #{app.id} {app.title} to the trash?", yes)
    t.delete(str(app.id))
    emit(
        app,
        lambda: console.print(
            f"Moved #{app.id} {escape(app.title)} to the trash. "
            f"`ajar undo` or `ajar restore {app.id}` brings it back."
        ),
        as_json,
    )


def trash(
    ctx: typer.Context,
    empty: bool = typer.Option(False, "--empty", help="Remove what the trash holds, for good."),
    yes: bool = YES,
    as_json: bool = JSON,
) -> None:
    """List what was deleted and can be restored; --empty removes it for good.

    Example: ajar trash
    """
    c = get(ctx)
    t = c.tracker
    if empty:
        items = t.trash()
        if not items:
            emit({"emptied": 0}, lambda: console.print("The trash is already empty."), as_json)
            return
        _confirm(f"Remove the {len(items)} deleted item(s) for good? This cannot be undone.", yes)
        n = t.empty_trash()
        emit(
            {"emptied": n},
            lambda: console.print(f"Emptied the trash ({n} removed for good)."),
            as_json,
        )
        return
    items = t.trash()
    tz = t.tz()

    def render() -> None:
        if not items:
            console.print("The trash is empty.")
            return
        table = SafeTable("#", "deleted", "what", "by")
        for i in items:
            table.add_row(str(i.op_id), output.when(i.at, tz, with_time=True), i.subject, i.command)
        print_table(table)
        console.print("`ajar restore NUMBER` (or the company) puts one back.", style="dim")

    emit(items, render, as_json)


def restore(
    ctx: typer.Context,
    item: str = typer.Argument(..., help="The trash number, or the company deleted."),
    as_json: bool = JSON,
) -> None:
    """Put back something from the trash, with everything that was deleted with it.

    Example: ajar restore substack
    """
    done = get(ctx).tracker.restore(item)
    emit(done, lambda: console.print(f"Restored {escape(done.subject)}."), as_json)


def merge(
    ctx: typer.Context,
    keep: str = typer.Argument(..., help="The application to keep (number or company)."),
    other: str = typer.Argument(..., help="The duplicate: its rows move to the first."),
    yes: bool = YES,
    as_json: bool = JSON,
) -> None:
    """Make two records of one application one. The first is kept; the second's stages,
    touches, messages, contacts, notes, feedback and rejection move to it, its plan is made
    again, and the second goes to the trash. `ajar undo` splits them again.

    Example: ajar merge 14 22
    """
    t = get(ctx).tracker
    a, b = t.resolve(keep), t.resolve(other)
    if a.id == b.id:
        raise InvalidInput(f"#{a.id} is the same application; name two different ones.")
    _confirm(f"Merge #{b.id} {b.title} into #{a.id} {a.title}?", yes)
    merged = t.merge(str(a.id), str(b.id))
    emit(
        merged,
        lambda: console.print(
            f"Merged #{b.id} into [bold]#{merged.id}[/] {escape(merged.title)} "
            f"({merged.stage.label}, {merged.outcome.value})."
        ),
        as_json,
    )


def unreject(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="Application number or company."),
    as_json: bool = JSON,
) -> None:
    """Say a recorded rejection was not one: it goes, the application is open again, and
    the actions planned for the rejection leave Today.

    Example: ajar unreject acme
    """
    app = get(ctx).tracker.unreject(application)
    emit(
        app,
        lambda: console.print(f"#{app.id} {escape(app.title)} is open again ({app.stage.label})."),
        as_json,
    )


def history(
    ctx: typer.Context,
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=1000, help="How many changes."),
    automatic: bool = typer.Option(
        False, "--all", help="Include the time-driven changes (silence, keep-in-touch dates)."
    ),
    as_json: bool = JSON,
) -> None:
    """The latest changes, newest first, each with the command that made it.

    Example: ajar history
    """
    t = get(ctx).tracker
    entries = t.history(limit, automatic=automatic)
    tz = t.tz()

    def render() -> None:
        if not entries:
            console.print("No changes are recorded yet.")
            return
        table = SafeTable("#", "when", "command", "what changed")
        for e in entries:
            what = e.changes if e.summary == e.command else f"{e.summary} ({e.changes})"
            if e.undone:
                what = f"(undone) {what}"
            table.add_row(str(e.id), output.when(e.at, tz, with_time=True), e.command, what)
        print_table(table)
        console.print("`ajar undo` takes back the newest change that is not undone.", style="dim")

    emit(entries, render, as_json)


def undo(ctx: typer.Context, as_json: bool = JSON) -> None:
    """Take back the latest change exactly; run it again for the one before.

    Example: ajar undo
    """
    done = get(ctx).tracker.undo()
    emit(
        done,
        lambda: console.print(
            f"Undid {escape(done.entry.command)} ({escape(done.entry.changes)})."
        ),
        as_json,
    )


def register(app: typer.Typer) -> None:
    """Add these commands to the app."""
    command(app, edit)
    command(app, delete)
    command(app, trash)
    command(app, restore)
    command(app, merge)
    command(app, unreject)
    command(app, history)
    command(app, undo)
