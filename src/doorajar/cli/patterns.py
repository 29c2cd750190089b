"""Commands for learning from the pattern: patterns, report, feedback-themes, goal, reflect, journal."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape

from doorajar.cli import output
from doorajar.cli.context import command, get
from doorajar.cli.output import FORCE, JSON, SafeTable, console, echo, emit, jsonable, print_table
from doorajar.cli.plan import _future
from doorajar.errors import InvalidInput
from doorajar.files import check_target, write_atomic
from doorajar.model import GoalStatus, NoteKind, Stage

if TYPE_CHECKING:
    from doorajar.model import Goal
    from doorajar.patterns import funnel as pt
    from doorajar.patterns.goals import SmartCheck
    from doorajar.patterns.service import JournalEntry
    from doorajar.patterns.themes import ThemeReport

SINCE = typer.Option(
    None, "--since", metavar="DATE", help="Look at applications sent since this date."
)
DAYS = typer.Option(
    None,
    "--days",
    "-n",
    min=1,
    max=3650,
    help="Look at the last N days (default: the patterns_days setting, 90).",
)


def say(*objects: Any, style: str | None = None) -> None:
    """Print prose without hard line breaks: the terminal wraps it, copies keep whole lines."""
    console.print(*objects, style=style, soft_wrap=True)


MOOD = typer.Option(None, "--mood", "-m", min=1, max=5, help="How you feel: 1 (very low) to 5.")


# --- patterns ---------------------------------------------------------------------------


def _rate(r: pt.Rate) -> dict[str, Any]:
    return {"k": r.k, "n": r.n, "value": r.value, "low": r.low, "high": r.high}


def patterns_json(p: pt.Patterns) -> dict[str, Any]:
    """The `patterns --json` document."""
    d = p.diagnosis
    return {
        "period": {"start": p.period.start.isoformat(), "end": p.period.end.isoformat()},
        "applications": p.applications,
        "funnel": [
            {
                "stage": r.stage.value,
                "reached": r.reached,
                "advanced": r.advanced,
                "rejected": r.rejected,
                "waiting": r.waiting,
                "left": r.left,
                "rejections_by_kind": {"silent": r.silent, "form": r.form, "personal": r.personal},
                "conversion": _rate(r.conversion),
            }
            for r in p.funnel
        ],
        "diagnosis": {
            "verdict": d.verdict.value,
            "stage": d.stage.value if d.stage else None,
            "statement": d.statement,
            "action": d.bottleneck.action if d.bottleneck else None,
            "reasons": list(d.reasons),
            "total_rejections": d.total_rejections,
            "evidence": [
                {
                    "stage": e.stage.value,
                    "rejected": e.rejected,
                    "decided": e.decided,
                    "rate": _rate(e.rate),
                    "comparable": e.comparable,
                }
                for e in d.evidence
            ],
            "final_round_share": _rate(d.final_round_share),
            "final_round_note": d.final_round_note,
            "thresholds": jsonable(p.thresholds),
        },
        "response_times": {
            "days": list(p.response_times.days),
            "median": p.response_times.median,
            "quartiles": p.response_times.quartiles,
            "waiting": p.response_times.waiting,
        },
        "by_source": [_group(g) for g in p.by_source],
        "by_family": [_group(g) for g in p.by_family],
        "comparison": {
            "current": _summary(p.comparison.current),
            "previous": _summary(p.comparison.previous),
            "statement": p.comparison.statement,
        },
        "weeks": [jsonable(w) for w in p.weeks],
    }


def _group(g: pt.GroupRate) -> dict[str, Any]:
    return {
        "group": g.group,
        "applications": g.applications,
        "responded": g.responded,
        "settled": g.settled,
        "rate": _rate(g.rate),
    }


def _summary(s: pt.PeriodSummary) -> dict[str, Any]:
    return {
        "start": s.period.start.isoformat(),
        "end": s.period.end.isoformat(),
        "applications": s.applications,
        "response_rate": _rate(s.response),
        "interview_rate": _rate(s.interviews),
        "rejections": s.rejections,
        "offers": s.offers,
        "median_days_to_response": s.median_days,
    }


def _interval(r: pt.Rate) -> str:
    # lazy: the analytics, loaded by the commands that print them
    from doorajar.patterns import funnel as pt

    if not r.n:
        return "-"
    return f"{pt.pct(r.value)} ({pt.pct(r.low)}–{pt.pct(r.high)})"


def render_patterns(p: pt.Patterns, tz: Any) -> None:
    """Print the funnel, the diagnosis with its evidence, responses and the comparison."""
    # lazy: the analytics, loaded by the commands that print them
    from doorajar.patterns import funnel as pt

    start = output.when(p.period.start, tz)
    say(
        f"[bold]Patterns[/] · {p.applications} applications sent since {start} "
        f"({round(p.period.days)} days)"
    )
    d = p.diagnosis
    say("\n[bold]Where it gets stuck[/]")
    say(f"  {escape(d.statement)}")
    if d.bottleneck and d.verdict in (pt.Verdict.CLEAR, pt.Verdict.LEANING):
        say(f"  What helps: {escape(d.bottleneck.action)}")
    shown = d.reasons[-1:] if d.verdict in (pt.Verdict.CLEAR, pt.Verdict.LEANING) else d.reasons
    for reason in shown:
        say(f"    · {escape(reason)}", style="dim")
    if d.final_round_note:
        say(f"  {escape(d.final_round_note)}")

    say("\n[bold]Funnel[/]")
    table = SafeTable(box=None, header_style="bold", pad_edge=False)
    for col in ("stage", "reached", "moved on", "rejected", "waiting", "moved on (95% interval)"):
        table.add_column(col, justify="left" if col in ("stage",) else "right")
    for r in p.funnel:
        rate = "" if r.stage is Stage.OFFER else _interval(r.conversion)
        table.add_row(
            r.stage.label,
            str(r.reached),
            str(r.advanced),
            str(r.rejected),
            str(r.waiting),
            rate,
        )
    print_table(table)

    say("\n[bold]The evidence: rejections by the last stage reached[/]")
    for e in d.evidence:
        row = next(r for r in p.funnel if r.stage is e.stage)
        kinds = ", ".join(
            f"{n} {k}"
            for k, n in (("form", row.form), ("silent", row.silent), ("personal", row.personal))
            if n
        )
        note = "" if e.comparable else " · too few decided to compare"
        say(
            f"  {pt.BOTTLENECKS[e.stage].where:<28} {e.rejected:>3}"
            + (f"  ({kinds})" if kinds else "")
            + f"  rate {_interval(e.rate) if e.decided else '-'}{note}"
        )

    t = p.response_times
    say("\n[bold]Time to first response[/]")
    if t.days:
        spread = (
            f", half between {t.quartiles[0]:.0f} and {t.quartiles[1]:.0f} days"
            if t.quartiles
            else ""
        )
        say(
            f"  median {t.median:.0f} days over {len(t.days)} responses{spread}; "
            f"{t.waiting} without any answer yet"
        )
    else:
        say(f"  no responses yet; {t.waiting} waiting")

    say("\n[bold]Response rate[/] (answered ÷ answered or out 21+ days)")
    for title, groups in (("by source", p.by_source), ("by role family", p.by_family)):
        say(f"  {title}")
        for g in groups:
            say(
                f"    {output.words(g.group):<20} {g.responded:>3}/{g.settled:<3} "
                f"{_interval(g.rate)}"
            )

    c = p.comparison
    say("\n[bold]Against the previous period[/]")
    say(
        f"  applications {c.current.applications} (before: {c.previous.applications}) · "
        f"reached an interview {pt.pct(c.current.interviews.value)} "
        f"(before: {pt.pct(c.previous.interviews.value)}) · offers {c.current.offers} "
        f"(before: {c.previous.offers})"
    )
    say(f"  {escape(c.statement)}")


def patterns(
    ctx: typer.Context,
    since: str | None = SINCE,
    days: int | None = DAYS,
    as_json: bool = JSON,
) -> None:
    """Funnel, where rejections cluster and how sure that is, response times and rates.

    Compares the period with the one of the same length before it.

    Example: ajar patterns --days 60
    """
    c = get(ctx)
    p = c.tracker.patterns.analyse(c.when(since, allow_future=True), days)
    emit(patterns_json(p), lambda: render_patterns(p, c.tracker.tz()), as_json)


def report(
    ctx: typer.Context,
    out: Path = typer.Option(
        Path("report.html"), "--out", "-o", help="Where to write the HTML file."
    ),
    since: str | None = SINCE,
    days: int | None = DAYS,
    force: bool = FORCE,
) -> None:
    """Write a self-contained HTML report with charts: readable offline and printable.

    Example: ajar report --out report.html
    """
    check_target(out, force=force)
    c = get(ctx)
    html = c.tracker.patterns.report_html(c.when(since, allow_future=True), days)
    write_atomic(out, html, force=force)
    echo(f"Wrote {out} ({len(html) // 1024} KB). Open it in any browser.", err=True)


# --- feedback themes --------------------------------------------------------------------


def render_themes(r: ThemeReport) -> None:
    """Print the themes, the phrases that decided them and what to do."""
    if not r.tagged:
        say("No feedback recorded yet; `ajar feedback APP TEXT` keeps what they say.")
        return
    if not r.themes:
        say(f"{len(r.tagged)} pieces of feedback, none matching a known theme yet.")
        return
    for th in r.themes:
        where = ", ".join(escape(c) for c in th.companies)
        tag = f" · repeated at {len(th.companies)} companies" if th.repeated else ""
        say(f"[bold]{th.label.capitalize()}[/] ({th.theme.value}){tag}")
        say(f"  from {where}")
        say("  phrases: " + "; ".join(f"“{escape(p)}”" for p in th.phrases), style="dim")
        for a in th.actions:
            say(f"  → {escape(a)}")
        say(
            f'  turn it into a goal: ajar goal add "..." --by DATE --theme {th.theme.value}',
            style="dim",
        )
        say()
    if r.untagged:
        say(f"{r.untagged} piece(s) of feedback matched no theme.", style="dim")


def feedback_themes(ctx: typer.Context, as_json: bool = JSON) -> None:
    """Tag all feedback with the playbook's themes; repeated ones first, with actions.

    Example: ajar feedback-themes
    """
    r = get(ctx).tracker.patterns.themes()
    emit(r, lambda: render_themes(r), as_json)


# --- goals ------------------------------------------------------------------------------

goal_app = typer.Typer(
    name="goal",
    help="SMART goals: add one, log progress, mark it done.\n\n"
    'Example: ajar goal add "Add 5 quantified achievements to my résumé" --by friday',
    no_args_is_help=True,
    rich_markup_mode=None,
)


def render_check(check: SmartCheck) -> None:
    """Print which SMART parts are there and which are missing."""
    for part in check.parts:
        mark = "[green]✓[/]" if part.ok else "[yellow]✗[/]"
        say(f"  {mark} {part.name:<11} {escape(part.why)}")
    if check.better:
        output.err.print(
            f"[yellow]Missing:[/] {', '.join(check.missing)}. A wording that covers all five:",
            soft_wrap=True,
        )
        output.err.print(f"  {escape(check.better)}", soft_wrap=True)


def _goal_line(g: Goal, tz: Any) -> None:
    # lazy: the analytics, loaded by the commands that print them
    from doorajar.patterns.goals import link_label

    state = g.progress_text if g.status is GoalStatus.OPEN else g.status.value
    link = f" · {escape(link_label(g.link) or '')}" if g.link else ""
    say(
        f"  [bold]#{g.id}[/] {escape(g.text)}\n      by {output.when(g.deadline, tz)} · {state}{link}",
    )


def goal_add(
    ctx: typer.Context,
    text: str = typer.Argument(..., help="The goal, in your words."),
    by: str = typer.Option(..., "--by", metavar="DATE", help="Deadline: 2026-12-04, 'friday'."),
    theme: str | None = typer.Option(
        None,
        "--theme",
        "-t",
        help="What it answers: a feedback theme (experience, communication, nerves, "
        "enthusiasm, technical, answers, quantified, question_type) or a bottleneck "
        "(application, screen, fit).",
    ),
    as_json: bool = JSON,
) -> None:
    """Add a goal; doorajar checks it is SMART and warns (never refuses) when parts are missing.

    Example: ajar goal add "Add 5 quantified achievements to my résumé; two colleagues review it" --by friday --theme quantified
    """
    c = get(ctx)
    added = c.tracker.patterns.add_goal(text, _future(by, c.tracker), theme)

    def render() -> None:
        say(f"Goal [bold]#{added.goal.id}[/] added; it shows in the agenda as it nears.")
        render_check(added.check)

    emit({"goal": added.goal, "check": _check_json(added.check)}, render, as_json)


def _check_json(check: SmartCheck) -> dict[str, Any]:
    out = jsonable(check)
    out["ok"] = check.ok
    out["missing"] = list(check.missing)
    return dict(out)


def goal_list(
    ctx: typer.Context,
    open_only: bool = typer.Option(False, "--open", help="Only goals still open."),
    as_json: bool = JSON,
) -> None:
    """List goals by deadline with their progress.

    Example: ajar goal list
    """
    t = get(ctx).tracker
    goals = t.patterns.goals(open_only=open_only)

    def render() -> None:
        if not goals:
            say(
                "No goals yet. `ajar feedback-themes` suggests some; "
                '`ajar goal add "TEXT" --by DATE` keeps one.'
            )
            return
        tz = t.tz()
        for g in goals:
            _goal_line(g, tz)

    emit(goals, render, as_json)


def goal_progress(
    ctx: typer.Context,
    goal: int = typer.Argument(..., help="Goal number."),
    note: str = typer.Argument(..., help="What you did."),
    amount: int | None = typer.Option(
        None, "--amount", "-a", min=0, help="How many of the goal's count this was."
    ),
    as_json: bool = JSON,
) -> None:
    """Log a step toward a goal.

    Example: ajar goal progress 1 "Rewrote the Kestrel bullet with numbers" --amount 1
    """
    t = get(ctx).tracker
    g = t.patterns.progress(goal, note, amount)
    emit(g, lambda: say(f"Logged on goal #{g.id}: {g.progress_text}."), as_json)


def goal_done(
    ctx: typer.Context,
    goal: int = typer.Argument(..., help="Goal number."),
    as_json: bool = JSON,
) -> None:
    """Mark a goal done; its agenda entry closes too.

    Example: ajar goal done 1
    """
    g = get(ctx).tracker.patterns.finish(goal)
    emit(g, lambda: say(f"Goal #{g.id} done. Well earned."), as_json)


# --- reflection and journal -------------------------------------------------------------


def _answers(raw: str) -> dict[str, str]:
    text = sys.stdin.read() if raw == "-" else raw
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        raise InvalidInput(
            'The answers are JSON: {"went_well": "...", "improve": "..."}.'
        ) from None
    if not isinstance(doc, dict) or not all(isinstance(v, str) for v in doc.values()):
        raise InvalidInput("The answers are a JSON object of prompt names to text.")
    return {str(k): v for k, v in doc.items()}


def reflect(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="Application number or company."),
    answers: str | None = typer.Option(
        None,
        "--answers",
        metavar="JSON",
        help="Answer without prompts: a JSON object of prompt names to text "
        "('-' reads it from stdin). Names: tailored, errors, numbers, answers, questions, "
        "presence, went_well, improve.",
    ),
    mood: int | None = MOOD,
    as_json: bool = JSON,
) -> None:
    """Reflect on an application (and its interviews) in your private journal.

    Asks the playbook's questions one by one; leave any empty. Marks the open
    "reflect" action done.

    Example: ajar reflect acme --mood 3 --answers '{"went_well": "the system design talk", "improve": "shorter intro"}'
    """
    c = get(ctx)
    ins = c.tracker.patterns
    app, prompts = ins.prompts(application)
    if answers is not None:
        given = _answers(answers)
    else:
        say(
            f"Reflecting on [bold]{escape(app.title)}[/]. A few quiet questions; "
            "press Enter to skip any."
        )
        given = {}
        for p in prompts:
            given[p.key] = typer.prompt(f"[{p.part}] {p.question}", default="", show_default=False)
        if mood is None:
            raw = typer.prompt(
                "Mood right now, 1 (very low) to 5 (good)", default="", show_default=False
            )
            if raw.strip():
                if not raw.strip().isdigit():
                    raise InvalidInput("Mood is a number from 1 to 5.")
                mood = int(raw)
    done = ins.reflect(str(app.id), given, mood)

    def render() -> None:
        say(f"Kept in your journal (#{done.entry.note.id}); only you see it.")
        if done.completed:
            say(f"Done: #{done.completed.id} {done.completed.kind.label}.")
        if mood is not None and mood <= 2:
            say(
                "A low day is allowed. A walk or a call with a friend helps more than rereading "
                "the email; the next application can wait an hour."
            )

    emit(done, render, as_json)


def _entry_line(e: JournalEntry, tz: Any) -> None:
    # lazy: the analytics, loaded by the commands that print them
    from doorajar.patterns.goals import MOOD_WORDS

    n = e.note
    where = f" · {escape(e.application.title)}" if e.application else ""
    mood = f" · mood {n.mood} ({MOOD_WORDS[n.mood]})" if n.mood else ""
    if n.kind is NoteKind.HELD:
        where += " · a draft held back, not sent"
    say(f"[bold]#{n.id}[/] {output.when(n.created_at, tz, with_time=True)}{where}{mood}")
    for line in n.body.splitlines():
        say(f"  {escape(line)}")
    say()


def journal(
    ctx: typer.Context,
    words: list[str] | None = typer.Argument(
        None,
        metavar="[APP] | add [APP] TEXT",
        help="Nothing or an application to list entries; 'add', an optional application and the text to keep one.",
    ),
    mood: int | None = MOOD,
    as_json: bool = JSON,
) -> None:
    """Your private journal: list entries, or keep any text with `journal add`.

    Entries never leave your machine and are never sent. It is also where an
    emotional first draft belongs instead of the recruiter's inbox.

    Example: ajar journal add acme "Disappointed, but the final round felt good." --mood 3
    """
    c = get(ctx)
    ins = c.tracker.patterns
    args = list(words or [])
    if args and args[0] == "add":
        rest = args[1:]
        if len(rest) == 1:
            entry = ins.journal_add(None, rest[0], mood)
        elif len(rest) == 2:
            entry = ins.journal_add(rest[0], rest[1], mood)
        else:
            raise InvalidInput('Use: ajar journal add [APP] "TEXT" (quote the text).')
        emit(
            entry,
            lambda: say(f"Kept in your journal (#{entry.note.id}); only you see it."),
            as_json,
        )
        return
    if mood is not None:
        raise InvalidInput("--mood goes with `ajar journal add`.")
    if len(args) > 1:
        raise InvalidInput("Name one application, or none to see every entry.")
    entries = ins.journal(args[0] if args else None)

    def render() -> None:
        if not entries:
            say(
                'The journal is empty. `ajar journal add "TEXT"` keeps a thought; '
                "`ajar reflect APP` walks you through a reflection."
            )
            return
        tz = c.tracker.tz()
        for e in entries:
            _entry_line(e, tz)

    emit(entries, render, as_json)


def register(app: typer.Typer) -> None:
    """Add these commands to the app."""
    command(app, patterns)
    command(app, report)
    command(app, feedback_themes, "feedback-themes")
    command(goal_app, goal_add, "add")
    command(goal_app, goal_list, "list")
    command(goal_app, goal_progress, "progress")
    command(goal_app, goal_done, "done")
    app.add_typer(goal_app)
    command(app, reflect)
    command(app, journal)
