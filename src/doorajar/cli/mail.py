"""Commands for mail: scan mailboxes, and review what doorajar was unsure about."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)

from doorajar.cli.context import choice, command, get, handled
from doorajar.cli.context import stage as stage_choice
from doorajar.cli.output import JSON, console, emit, err, jsonable, progress_lines, when
from doorajar.model import Category, RejectionKind

if TYPE_CHECKING:
    from doorajar.mail.service import Fixed, ReviewItem, Scanned, ScanReport


def scan(
    ctx: typer.Context,
    sources: list[str] = typer.Argument(
        ...,
        metavar="SOURCE",
        help="An mbox file, a Maildir, an .eml file, a folder of .eml files, or "
        "imap://USER@HOST[:PORT]/FOLDER (imaps:// for TLS; password from $AJAR_IMAP_PASSWORD "
        "or the keyring).",
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Read and classify, but store nothing and change nothing."
    ),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="One JSON object per message per line on stdout (message_id, date, from, subject, "
        "category, is_rejection, kind, stage, company, role, contact_name, confidence, reasons).",
    ),
    since: str | None = typer.Option(
        None, "--since", metavar="DATE", help="Only messages dated on or after DATE."
    ),
) -> None:
    """Read mailboxes, find the job-search messages, and file them: rejections, confirmations,
    interview invitations and feedback. A second scan reads only what is new. `ajar scan
    undo` takes back everything the last scan filed.

    Example: ajar scan ~/Mail/inbox.mbox --dry-run --json
    """
    c = get(ctx)
    if sources == ["undo"] and not Path("undo").exists():
        undone = c.tracker.undo(kind="scan")
        console.print(f"Undid {escape(undone.entry.command)} ({escape(undone.entry.changes)}).")
        return
    since_date = c.when(since).date() if since else None  # type: ignore[union-attr]
    mail = c.tracker.mail
    reports: list[ScanReport] = []
    for spec in (sub for given in sources for sub in mail.expand(given)):
        if as_json:
            report = mail.scan(
                spec,
                dry_run=dry_run,
                since=since_date,
                on_message=_print_json,
                on_progress=_counter(progress_lines("scan")),
            )
        else:
            report, done = _scan_with_progress(mail, spec, dry_run, since_date)
        reports.append(report)
        if not as_json:
            _summary(report, done)
        elif report.error:
            _say(f"ajar: {report.error}")
        for where, why in report.quarantined:
            _say(f"  quarantined {report.source} #{where}: {why}")
    if any(r.failed for r in reports):
        raise typer.Exit(1)


def _counter(tick: Callable[[int], None] | None) -> Callable[[int, int | None], None] | None:
    """An `on_progress` that counts the messages read and passes the count to `tick`."""
    if tick is None:
        return None
    read = [0]

    def moved(_position: int, _total: int | None) -> None:
        read[0] += 1
        tick(read[0])

    return moved


def _say(text: str) -> None:
    """One line on stderr, never wrapped or styled (paths and subjects are data)."""
    err.print(text, soft_wrap=True, markup=False, highlight=False)


def _print_json(sc: Scanned) -> None:
    # lazy: the mail stack, loaded by the commands that read mail
    from doorajar.mail.service import json_line

    sys.stdout.write(json_line(sc) + "\n")


_SHOWN = 25


def _scan_with_progress(
    mail: Any, spec: Any, dry_run: bool, since: Any
) -> tuple[ScanReport, list[Scanned]]:
    counts = {"new": 0, "filed": 0, "review": 0}
    done: list[Scanned] = []
    lines = _counter(progress_lines("scan"))
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        name = spec if isinstance(spec, str) else spec.uri
        label = name if len(name) <= 24 else "…" + name[-23:]
        task = bar.add_task(f"Scanning {label}", total=None, counts="")

        def tick(sc: Scanned) -> None:
            counts["new"] += 1
            if sc.status == "filed":
                counts["filed"] += 1
                if len(done) <= _SHOWN:
                    done.append(sc)
            elif sc.status == "review":
                counts["review"] += 1

        def moved(position: int, total: int | None) -> None:
            if lines is not None:
                lines(position, total)
            bar.update(
                task,
                completed=position,
                total=total,
                counts=f"{counts['new']} new · {counts['filed']} filed · "
                f"{counts['review']} to review",
            )

        report: ScanReport = mail.scan(
            spec, dry_run=dry_run, since=since, on_message=tick, on_progress=moved
        )
    return report, done


def _summary(r: ScanReport, done: list[Scanned]) -> None:
    if r.failed:
        _say(f"ajar: {r.error}")
        return
    head = "Dry run (nothing stored): " if r.dry_run else ""
    if r.unchanged:
        _say(f"{r.source}: unchanged since the last scan; nothing to read.")
        return
    verb = "would file" if r.dry_run else "filed"
    _say(
        f"{head}{r.source}: read {r.read}, new {r.new}, {verb} {r.filed}, "
        f"to review {r.review}, not job-related {r.ignored}."
    )
    if not r.dry_run:
        for sc in done[:_SHOWN]:
            c = sc.classification
            what = c.category.value + (f" ({c.kind.value})" if c.kind and c.is_rejection else "")
            _say(f"  {what}: {sc.message.subject} -> {sc.outcome}")
        if r.filed > _SHOWN:
            _say(f"  ... and {r.filed - _SHOWN} more filed")
    for reason, n in sorted(r.skipped.items()):
        _say(f"  skipped {n}: {reason}")
    if r.error:
        _say(f"  stopped early: {r.error}")
    if (r.review or r.quarantined) and not r.dry_run:
        _say("  `ajar review` lists the messages doorajar was unsure about or could not read.")


def review(
    ctx: typer.Context,
    show_all: bool = typer.Option(
        False, "--all", help="Every scanned message, the ones set aside as no job mail too."
    ),
    recent: int = typer.Option(
        10, "--recent", "-n", min=0, max=100_000, help="How many recently filed messages."
    ),
    as_json: bool = JSON,
) -> None:
    """List the scanned messages doorajar was not sure about, with its reasons, then the
    latest messages it filed. Confirm a held one with `ajar review confirm ID`; fix any
    one that was read wrong with `ajar review fix ID --not-job` (or --category, --company,
    --role, --kind).

    Example: ajar review --recent 20
    """
    if ctx.invoked_subcommand is not None:
        return
    c = get(ctx)
    items = c.tracker.mail.review_items(recent=None if show_all else recent)
    tz = c.tracker.tz()
    held = [i for i in items if i.status in ("review", "quarantined")]
    done = [i for i in items if i not in held]

    def head(i: ReviewItem) -> None:
        console.print(f"[bold]#{i.id}[/]  {when(i.date, tz)}  {escape(i.sender)}", soft_wrap=True)
        console.print(f"    {escape(i.subject)}", soft_wrap=True)

    def render() -> None:
        if not held:
            console.print("Nothing to review.")
        for i in held:
            head(i)
            console.print(f"    reads as {escape(_reads(i))}, confidence {i.confidence:.2f}")
            console.print(f"    held because {escape(i.why)}", soft_wrap=True)
            for r in i.reasons:
                console.print(f"      - {escape(r)}", soft_wrap=True)
        if held:
            console.print(
                "Confirm with `ajar review confirm ID`, or fix with "
                "`ajar review fix ID --category C [--company X] [--kind K]`."
            )
        if done:
            console.print()
            console.print("[bold]Filed[/]" if not show_all else "[bold]Filed or set aside[/]")
            for i in done:
                head(i)
                said = "not job mail" if i.status == "ignored" else _reads(i)
                console.print(f"    {escape(said)}: {escape(i.why)}", soft_wrap=True)
            console.print(
                "Read wrong? `ajar review fix ID --not-job` (or --category, --company, --role, "
                "--kind); `ajar undo` takes a fix back."
            )

    emit(items, render, as_json)


def _reads(i: ReviewItem) -> str:
    reads = i.category.value + (f" ({i.kind.value})" if i.kind else "")
    for extra in (i.company, i.role):
        if extra:
            reads += f" · {extra}"
    return reads


def confirm(
    ctx: typer.Context,
    item: int = typer.Argument(..., help="The review item's number."),
    as_json: bool = JSON,
) -> None:
    """File a review item as doorajar read it.

    Example: ajar review confirm 12
    """
    sc = get(ctx).tracker.mail.confirm(item)
    emit(_done(sc), lambda: console.print(f"Filed #{item}: {sc.outcome}.", soft_wrap=True), as_json)


_COMPANY = typer.Option(None, "--company", help="The company it is from.")
_KIND = typer.Option(None, "--kind", help="For a rejection: form or personal.")
_ROLE = typer.Option(None, "--role", help="The role it is about.")
_STAGE = typer.Option(None, "--stage", help="The stage it reached.")
_DOMAIN = typer.Option(
    False, "--domain", help="Remember the correction for every address at the sender's domain."
)


def fix(
    ctx: typer.Context,
    item: int = typer.Argument(..., help="The message's number (`ajar review` lists them)."),
    not_job: bool = typer.Option(
        False, "--not-job", help="It is no job mail: remove what it created, set it aside."
    ),
    category: str | None = typer.Option(
        None,
        "--category",
        help="rejection, application_received, interview, offer, recruiter_outreach or other.",
    ),
    company: str | None = _COMPANY,
    role: str | None = _ROLE,
    kind: str | None = _KIND,
    stage: str | None = _STAGE,
    domain: bool = _DOMAIN,
    as_json: bool = JSON,
) -> None:
    """Fix a message doorajar read wrong, held or already filed. What filing it did is taken
    back and it is filed again as if read right the first time: on the right application
    (or none), with its outcome, stage and kind, and the plan made again. --not-job
    removes what it created. The correction is remembered for the sender and for mail of
    the same template; `ajar undo` takes the fix back.

    Example: ajar review fix 12 --not-job
    """
    cat = choice(Category, category, "category")
    done = get(ctx).tracker.mail.fix(
        item,
        not_job=not_job,
        category=cat,
        company=company,
        kind=choice(RejectionKind, kind, "kind"),
        stage=stage_choice(stage),
        role=role,
        whole_domain=domain,
    )
    emit(_fixed(done), lambda: _say_fixed(done, domain), as_json)


def correct(
    ctx: typer.Context,
    item: int = typer.Argument(..., help="The message's number."),
    category: str = typer.Option(
        ...,
        "--category",
        help="rejection, application_received, interview, offer, recruiter_outreach or other.",
    ),
    company: str | None = _COMPANY,
    kind: str | None = _KIND,
    role: str | None = _ROLE,
    stage: str | None = _STAGE,
    domain: bool = _DOMAIN,
    as_json: bool = JSON,
) -> None:
    """File a message as you say, and remember the correction for that sender (the same as
    `ajar review fix ID --category C`).

    Example: ajar review correct 12 --category rejection --kind form --company "Acme Robotics"
    """
    fix(ctx, item, False, category, company, role, kind, stage, domain, as_json)


def _say_fixed(done: Fixed, domain: bool) -> None:
    sc = done.scanned
    c = sc.classification
    what = "not job mail" if c.category is Category.OTHER else c.category.value
    if c.kind and c.is_rejection:
        what += f" ({c.kind.value})"
    line = f"Fixed #{done.id} as {what}: {sc.outcome}."
    if done.removed:
        line += " Removed " + ", ".join(done.removed) + "."
    console.print(escape(line), soft_wrap=True)
    sender = ("@" + sc.message.sender_domain) if domain else sc.message.from_addr
    if sender:
        console.print(
            escape(
                f"Mail from {sender}, and mail of the same template, will be read the same way."
            ),
            soft_wrap=True,
        )


def _fixed(done: Fixed) -> dict[str, Any]:
    out = _done(done.scanned)
    out.update(id=done.id, removed=list(done.removed))
    return out


def _done(sc: Scanned) -> dict[str, Any]:
    out = sc.classification.to_json(sc.message)
    out.update(status=sc.status, outcome=sc.outcome)
    return dict(jsonable(out))


def register(app: typer.Typer) -> None:
    """Add these commands to the app."""
    command(app, scan)
    review_app = typer.Typer(
        help=review.__doc__, invoke_without_command=True, no_args_is_help=False
    )
    review_app.callback(invoke_without_command=True)(handled(review))
    command(review_app, confirm)
    command(review_app, fix)
    command(review_app, correct)
    app.add_typer(review_app, name="review")
