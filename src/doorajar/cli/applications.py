"""Commands that record and read applications: apply, stage, reject, feedback, show, list."""

from __future__ import annotations

import typer

from doorajar.cli import output
from doorajar.cli.context import choice, command, get
from doorajar.cli.context import stage as stage_choice
from doorajar.cli.output import JSON, SafeTable, console, detail_json, emit, print_table
from doorajar.errors import InvalidInput
from doorajar.model import (
    ActionKind,
    ActionStatus,
    ApplicationDetail,
    Channel,
    Direction,
    NoteKind,
    Outcome,
    RejectionKind,
    Stage,
)

DATE = typer.Option(
    None,
    "--date",
    "-d",
    metavar="WHEN",
    help="When it happened: 2026-11-20, 'yesterday', '3 days ago' (default now).",
)


def apply(
    ctx: typer.Context,
    company: str = typer.Argument(..., help="The company."),
    role: str = typer.Argument(..., help="The role, as the posting names it."),
    url: str | None = typer.Option(None, "--url", help="The job posting."),
    source: str | None = typer.Option(
        None,
        "--source",
        help="Where you found it: linkedin, referral, company_site, job_board or recruiter "
        "(a typo gets a suggestion).",
    ),
    other_source: str | None = typer.Option(
        None,
        "--other-source",
        metavar="WORDS",
        help="Where you found it, in your own words (e.g. 'meetup'), when no --source fits.",
    ),
    careers_url: str | None = typer.Option(None, "--careers", help="The company's careers page."),
    date: str | None = DATE,
    force: bool = typer.Option(False, "--force", help="Add it even if it looks like a duplicate."),
    as_json: bool = JSON,
) -> None:
    """Log an application you sent.

    Example: ajar apply "Acme Robotics" "Senior Data Engineer" --source linkedin
    """
    c = get(ctx)
    if source and other_source:
        raise InvalidInput("Give --source or --other-source, not both.")
    added = c.tracker.apply(
        company,
        role,
        at=c.when(date),
        url=url,
        source=source or other_source,
        careers_url=careers_url,
        force=force,
        own_source=other_source is not None,
    )

    def render() -> None:
        a = added.application
        console.print(f"Logged [bold]#{a.id}[/] {a.title}.")
        for w in added.warnings:
            output.err.print(f"[yellow]Note:[/] {w}")

    emit(added, render, as_json)


def stage(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="Application number or company."),
    to: str = typer.Argument(
        ..., metavar="STAGE", help="recruiter_screen, hiring_manager, final_round or offer."
    ),
    date: str | None = DATE,
    back: bool = typer.Option(
        False, "--back", help="Move it back to an earlier stage (it was recorded too far)."
    ),
    as_json: bool = JSON,
) -> None:
    """Record that an application reached a new stage; --back moves it to an earlier one.

    Example: ajar stage acme hiring_manager
    """
    c = get(ctx)
    st = stage_choice(to)
    assert st is not None
    if back:
        moved = c.tracker.move_back(application, st)
        emit(
            moved,
            lambda: console.print(f"#{moved.id} {moved.title} is back at {moved.stage.label}."),
            as_json,
        )
        return
    before = c.tracker.resolve(application)
    app = c.tracker.advance(str(before.id), st, at=c.when(date))
    said = "is already at" if before.stage is st and before.outcome is app.outcome else "is now at"
    emit(app, lambda: console.print(f"#{app.id} {app.title} {said} {app.stage.label}."), as_json)


def reject(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="Application number or company."),
    kind: str | None = typer.Option(
        None,
        "--kind",
        "-k",
        help="silent, form or personal (default: doorajar decides and says why).",
    ),
    at_stage: str | None = typer.Option(
        None, "--stage", "-s", help="Last stage reached (default: the current one)."
    ),
    reason: str | None = typer.Option(None, "--reason", help="The reason they gave, if any."),
    feedback: str | None = typer.Option(
        None, "--feedback", "-f", help="Feedback that came with it."
    ),
    contact: str | None = typer.Option(None, "--from", help="Who wrote it (a name)."),
    date: str | None = DATE,
    as_json: bool = JSON,
) -> None:
    """Record a rejection: doorajar triages it and plans the next steps.

    Example: ajar reject acme --kind personal --stage final_round --feedback "strong, but
    another candidate had more Spark"
    """
    c = get(ctx)
    detail = c.tracker.reject(
        application,
        kind=choice(RejectionKind, kind, "kind"),
        stage=stage_choice(at_stage),
        at=c.when(date),
        reason=reason,
        feedback=feedback,
        contact=contact,
    )
    emit(detail_json(detail), lambda: render_detail(ctx, detail), as_json)


def feedback(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="Application number or company."),
    text: str = typer.Argument(..., help="What they said."),
    date: str | None = DATE,
    as_json: bool = JSON,
) -> None:
    """Record feedback that came in: the follow-up is dropped and a short thanks planned.

    Example: ajar feedback acme "We needed deeper Spark experience."
    """
    c = get(ctx)
    detail = c.tracker.add_feedback(application, text, at=c.when(date))
    emit(detail_json(detail), lambda: render_detail(ctx, detail), as_json)


def sent(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="Application number or company."),
    what: str = typer.Option(
        "reply",
        "--kind",
        "-k",
        help="Which planned message it was: reply, feedback_request, "
        "feedback_follow_up, thank_for_feedback, check_in, ...",
    ),
    channel: str = typer.Option("email", "--channel", help="email, linkedin, phone or other."),
    subject: str | None = typer.Option(None, "--subject", help="Subject line."),
    date: str | None = DATE,
    as_json: bool = JSON,
) -> None:
    """Log a message you sent outside doorajar; the matching action is marked done.

    Example: ajar sent acme --kind feedback_request --date yesterday
    """
    c = get(ctx)
    detail = c.tracker.log_touch(
        application,
        direction=Direction.OUT,
        at=c.when(date),
        channel=choice(Channel, channel, "channel") or Channel.EMAIL,
        subject=subject,
        action_kind=choice(ActionKind, what, "action kind"),
    )
    emit(detail_json(detail), lambda: render_detail(ctx, detail), as_json)


def close(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="Application number or company."),
    outcome: str = typer.Argument(
        ..., help="accepted, offer_declined, withdrawn, or active to reopen."
    ),
    as_json: bool = JSON,
) -> None:
    """Close an application you accepted, declined or withdrew from.

    Example: ajar close acme withdrawn
    """
    c = get(ctx)
    out = choice(Outcome, outcome, "outcome")
    assert out is not None
    app = c.tracker.set_outcome(application, out)
    emit(app, lambda: console.print(f"#{app.id} {app.title}: {app.outcome.value}."), as_json)


def note(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="Application number or company."),
    text: str = typer.Argument(..., help="The note."),
) -> None:
    """Keep a private note on an application.

    Example: ajar note acme "Recruiter said the team reorganises in spring."
    """
    n = get(ctx).tracker.add_note(application, text, kind=NoteKind.NOTE)
    console.print(f"Noted (#{n.id}).")


def show(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="Application number or company."),
    as_json: bool = JSON,
) -> None:
    """Show an application: timeline, triage, and the plan with due dates and reasons.

    Example: ajar show acme
    """
    detail = get(ctx).tracker.show(application)
    emit(detail_json(detail), lambda: render_detail(ctx, detail), as_json)


def list_(
    ctx: typer.Context,
    at_stage: str | None = typer.Option(None, "--stage", "-s", help="Only this stage."),
    outcome: str | None = typer.Option(
        None, "--outcome", "-o", help="active, rejected, accepted, offer_declined, withdrawn."
    ),
    search: str | None = typer.Option(None, "--search", "-q", help="Text in company or role."),
    as_json: bool = JSON,
) -> None:
    """List applications, newest first.

    Example: ajar list --outcome rejected
    """
    c = get(ctx)
    apps = c.tracker.applications(
        stage=stage_choice(at_stage),
        outcome=choice(Outcome, outcome, "outcome"),
        search=search,
    )

    def render() -> None:
        if not apps:
            console.print(
                "No applications match."
                if (at_stage or outcome or search)
                else "No applications yet. Log one with `ajar apply COMPANY ROLE`, "
                "or try `ajar demo`."
            )
            return
        tz = c.tracker.tz()
        table = SafeTable(box=None, header_style="bold", pad_edge=False)
        for col in ("#", "company", "role", "stage", "outcome", "applied", "source"):
            table.add_column(col)
        for a in apps:
            table.add_row(
                str(a.id),
                a.company,
                a.role,
                a.stage.label,
                a.outcome.value,
                output.when(a.applied_at, tz),
                output.words(a.source),
            )
        print_table(table)
        console.print(f"{len(apps)} application{'s' if len(apps) != 1 else ''}.")

    emit(apps, render, as_json)


def render_detail(ctx: typer.Context, d: ApplicationDetail) -> None:
    """Print an application's timeline, triage and plan."""
    t = get(ctx).tracker
    tz, now = t.tz(), t.now()
    a = d.application
    console.print(f"[bold]#{a.id} {a.title}[/]")
    facts = [f"stage: {a.stage.label}", f"outcome: {a.outcome.value}"]
    if a.source:
        facts.append(f"source: {output.words(a.source)}")
    console.print("  " + " · ".join(facts))
    if a.url:
        console.print(f"  {a.url}")
    if d.contacts:
        people = ", ".join(
            f"{p.name} ({p.role.value}{', connected' if p.connected else ''})" for p in d.contacts
        )
        console.print(f"  people: {people}")

    console.print("\n[bold]Timeline[/]")
    events: list[tuple[object, str]] = []
    for sc in d.stages:
        events.append(
            (sc.at, "applied" if sc.stage is Stage.APPLIED else f"reached {sc.stage.label}")
        )
    for r in d.rejections:
        events.append(
            (
                r.received_at,
                f"{r.kind.value} rejection at {r.stage.label}"
                + (f": {r.reason}" if r.reason else ""),
            )
        )
    for f in d.feedback:
        events.append((f.received_at, f"feedback: “{f.text}”"))
    for tch in d.touches:
        if tch.direction is Direction.OUT:
            events.append((tch.at, f"sent ({tch.channel.value}): {tch.subject or ''}".rstrip()))
    for n in d.notes:
        events.append((n.created_at, f"{n.kind.value}: {n.body}"))
    for at, text in sorted(events, key=lambda e: e[0]):  # type: ignore[arg-type,return-value]
        console.print(f"  {output.when(at, tz)}  {text}")  # type: ignore[arg-type]

    if d.triage:
        console.print("\n[bold]Triage[/]")
        console.print(f"  {d.triage.kind.value}: " + "; ".join(d.triage.reasons))
        console.print(f"  {d.triage.advice}")

    console.print("\n[bold]Plan[/]")
    if not d.actions:
        console.print(
            "  Nothing to do yet." if a.outcome is Outcome.ACTIVE else "  Nothing planned."
        )
    for ac in d.actions:
        mark = {
            ActionStatus.DONE: "✓",
            ActionStatus.SKIPPED: "–",
            ActionStatus.MISSED: "–",
            ActionStatus.SNOOZED: "z",
        }.get(ac.status, "•")
        when_text = output.relative(ac.effective_due(), now, tz) if ac.open else ac.status.value
        shown = ac.done_at if ac.status is ActionStatus.DONE and ac.done_at else ac.effective_due()
        console.print(
            f"  {mark} [bold]#{ac.id}[/] {ac.kind.label} — {output.when(shown, tz)} ({when_text})"
        )
        if ac.open:
            console.print(f"      why: {ac.reason}", style="dim")
        elif ac.note:
            console.print(f"      {ac.note}", style="dim")


def register(app: typer.Typer) -> None:
    """Add these commands to the app."""
    command(app, apply)
    command(app, stage)
    command(app, reject)
    command(app, feedback)
    command(app, sent)
    command(app, close)
    command(app, note)
    command(app, show)
    command(app, list_, "list")
