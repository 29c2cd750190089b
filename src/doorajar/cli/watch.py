"""The job-board watch: on, off, check now, list the boards, add one, a company's roles."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape

from doorajar.cli import output
from doorajar.cli.context import command, get, handled
from doorajar.cli.output import JSON, console, emit

if TYPE_CHECKING:
    from doorajar.model import Opening
    from doorajar.people.watch import Checked, Watched

watch_app = typer.Typer(
    help="Watch the job boards of the companies that interviewed you (off by default).\n\n"
    "Example: ajar watch on && ajar watch",
    invoke_without_command=True,
    no_args_is_help=False,
    rich_markup_mode=None,
)


def check(
    ctx: typer.Context,
    force: bool = typer.Option(
        False, "--force", help="Ask boards read within watch_every_hours again too."
    ),
    ask: bool | None = typer.Option(
        None,
        "--ask/--no-ask",
        help="Ask once for the board of a company none was found for (default: when "
        "typing at a terminal).",
    ),
    as_json: bool = JSON,
) -> None:
    """Check the job boards of every company on the revisit list, now.

    Each board is read at most once per watch_every_hours (24 by default). New openings
    that fit the roles you applied for go to Today with the command for the note; an
    opening seen before never comes twice. Needs `ajar watch on` first.

    Example: ajar watch
    """
    if ctx.invoked_subcommand is not None:
        return
    t = get(ctx).tracker
    results = t.watch.check(force=force)
    asking = sys.stdin.isatty() if ask is None else ask
    if asking and not as_json:
        results = results + _ask_boards(ctx, results)
    tz = t.tz()
    now = t.now()

    def render() -> None:
        if not results:
            console.print(
                "No company to watch yet: companies join after a rejection at an "
                "interview stage, or with `ajar watch add`."
            )
        for r in results:
            _render_check(r, now, tz)

    emit(results, render, as_json)


def _ask_boards(ctx: typer.Context, results: list[Checked]) -> list[Checked]:
    """Ask once for each company no board was found for; the answer is checked at once."""
    t = get(ctx).tracker
    asked = []
    for r in results:
        if r.status != "no_board":
            continue
        answer = typer.prompt(
            f"Job board of {r.company}? (vendor:token or careers URL; Enter if none)",
            default="",
            show_default=False,
            err=True,
        ).strip()
        if not answer:
            t.watch.mark_asked(r.company)
            continue
        t.watch.add(r.company, answer)
        asked.append(r.company)
    if not asked:
        return []
    again = t.watch.check()
    return [r for r in again if r.company in asked]


def _render_check(r: Checked, now: Any, tz: Any) -> None:
    board = f" ({r.board})" if r.board else ""
    style = {"error": "yellow", "gone": "yellow", "no_board": "dim"}.get(r.status, "")
    hint = (
        f' Correct it with: ajar watch add "{r.company}" --board vendor:token'
        if r.status == "gone"
        else ""
    )
    line = f"{escape(r.company)}{escape(board)}: {escape(r.message + hint)}"
    console.print(f"[{style}]{line}[/]" if style else line)
    for o in r.notified:
        console.print(f"  [bold]new[/] {escape(_opening(o, now, tz))}")


def _opening(o: Opening, now: Any, tz: Any) -> str:
    where = f", {o.location}" if o.location else ""
    posted = f", posted {output.when(o.posted_at, tz)}" if o.posted_at else ""
    return f"{o.title}{where}{posted} · fit {o.fit}: {o.fit_reason}" + (
        f"\n    {o.url}" if o.url else ""
    )


@watch_app.command("on")
@handled
def on(ctx: typer.Context) -> None:
    """Let doorajar read public job boards (only their public endpoints, never your data).

    Example: ajar watch on
    """
    get(ctx).tracker.watch.switch(True)
    console.print("The job-board watch is on: `ajar watch` checks the boards now.")


@watch_app.command("off")
@handled
def off(ctx: typer.Context) -> None:
    """Stop reading job boards; what the watch has seen stays.

    Example: ajar watch off
    """
    get(ctx).tracker.watch.switch(False)
    console.print("The job-board watch is off: nothing will be fetched.")


def watch_list(ctx: typer.Context, as_json: bool = JSON) -> None:
    """Companies watched, their board, the last check and the open roles that fit.

    Example: ajar watch list
    """
    t = get(ctx).tracker
    found = t.watch.watched()
    enabled = t.settings().watch_enabled
    tz = t.tz()
    now = t.now()

    def render() -> None:
        if not enabled:
            console.print("[dim]The watch is off (ajar watch on): nothing is fetched.[/]")
        if not found:
            console.print("No company is watched yet.")
        for w in found:
            _render_watched(w, now, tz)

    emit([_watched_json(w) for w in found], render, as_json)


def _watched_json(w: Watched) -> dict[str, Any]:
    b = w.board
    return {
        "company": w.company,
        "application_id": w.application_id,
        "board": w.spec,
        "origin": b.origin if b and b.spec else w.guess_from,
        "active": w.active,
        "until": w.until,
        "checked_at": b.checked_at if b else None,
        "error": b.error if b else None,
        "gone": b.gone if b else False,
        "listed": sum(1 for o in w.openings if o.open),
        "fitting": list(w.fitting),
    }


def _render_watched(w: Watched, now: Any, tz: Any) -> None:
    b = w.board
    origin = {"manual": "added by hand", "url": "from the careers URL", "mail": "from mail"}
    how = (b.origin if b and b.spec else w.guess_from) or ""
    board = w.spec or "no board found"
    console.print(
        f"[bold]{escape(w.company)}[/]  {escape(board)}"
        + (f" ({origin[how]})" if how in origin else "")
    )
    facts = []
    if w.until is not None:
        facts.append(
            ("watched until " if w.active else "revisit window closed ") + output.when(w.until, tz)
        )
    elif b is not None and b.origin == "manual":
        facts.append("watched (added by hand)")
    if b is not None and b.checked_at is not None:
        listed = sum(1 for o in w.openings if o.open)
        facts.append(f"last check {output.when(b.checked_at, tz, with_time=True)}, {listed} listed")
    elif w.spec:
        facts.append("not checked yet")
    if facts:
        console.print("  " + escape(" · ".join(facts)))
    if b is not None and b.error:
        console.print(f"  [yellow]last check failed:[/] {escape(b.error)}")
    for o in w.fitting:
        console.print(f"  fits: {escape(_opening(o, now, tz))}")
    if w.fitting and w.application_id:
        console.print(f"  note: ajar draft {w.application_id} --kind revisit")


def add(
    ctx: typer.Context,
    company: str = typer.Argument(..., help="The company, as on the revisit list."),
    board: str | None = typer.Option(
        None,
        "--board",
        "-b",
        help="vendor:token (greenhouse, lever, lever_eu, ashby, smartrecruiters, workable, "
        "recruitee) or a careers URL; without it, the board found from the company's "
        "application URLs and mail.",
    ),
    as_json: bool = JSON,
) -> None:
    """Watch a company's job board, or correct the board the watch guessed.

    Example: ajar watch add "Acme Robotics" --board greenhouse:acmerobotics
    """
    t = get(ctx).tracker
    w = t.watch.add(company, board)
    emit(
        _watched_json(w),
        lambda: console.print(f"Watching {escape(w.company)} on {escape(w.spec or '-')}."),
        as_json,
    )


def roles(
    ctx: typer.Context,
    company: str = typer.Argument(..., help="A watched company (the start of its name will do)."),
    as_json: bool = JSON,
) -> None:
    """A company's current openings as last seen, ranked by fit, with the reasons.

    Example: ajar watch roles acme
    """
    t = get(ctx).tracker
    found = t.watch.roles(company)
    tz, now = t.tz(), t.now()
    w = found.watched

    def render() -> None:
        b = w.board
        checked = (
            f"last check {output.when(b.checked_at, tz, with_time=True)}"
            if b and b.checked_at
            else "not checked yet"
        )
        console.print(f"[bold]{escape(w.company)}[/] ({escape(w.spec or 'no board')}, {checked})")
        if b is not None and b.error:
            console.print(f"  [yellow]last check failed:[/] {escape(b.error)}")
        if not found.openings:
            console.print("  No openings seen.")
        for o in found.openings:
            mark = "✓" if o.fit >= w.threshold else " "
            extra = " (reposted)" if o.repost_of else ""
            console.print(f"  {mark} {o.fit:3d}  {escape(_opening(o, now, tz))}{extra}")

    emit(
        {
            "company": w.company,
            "board": w.spec,
            "threshold": w.threshold,
            "openings": list(found.openings),
        },
        render,
        as_json,
    )


def register(app: typer.Typer) -> None:
    """Add these commands to the app."""
    watch_app.callback(invoke_without_command=True)(handled(check))
    command(watch_app, watch_list, "list")
    command(watch_app, add)
    command(watch_app, roles)
    app.add_typer(watch_app, name="watch")
