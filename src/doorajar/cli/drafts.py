"""Commands for messages: draft, check, send. Nothing leaves without your say-so."""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
import typer

from doorajar.cli.context import command, get
from doorajar.cli.context import interactive as _interactive
from doorajar.cli.output import JSON, echo
from doorajar.cli.setup import offer as offer_setup
from doorajar.errors import InvalidInput
from doorajar.files import read_bytes
from doorajar.timeutil import local_tz

if TYPE_CHECKING:
    from doorajar.drafts import tone
    from doorajar.drafts.service import DraftService, Prepared
    from doorajar.service import Tracker

KIND = typer.Option(
    None,
    "--kind",
    "-k",
    help="Message kind: reply, reply_feedback, form_reply, feedback_request, feedback_follow_up, "
    "thank_for_feedback, linkedin_connect, check_in, touch, revisit (default: the next "
    "planned message).",
)
EML = typer.Option(None, "--eml", metavar="FILE", help="Write the message to an .eml file.")
TO_DRAFTS = typer.Option(
    False, "--to-drafts", help="Put it in your mail Drafts folder (IMAP, setting imap_url)."
)
SMTP = typer.Option(False, "--smtp", help="Send it over SMTP, after showing it and asking.")
MAILTO = typer.Option(False, "--mailto", help="Print a mailto: link for your mail program.")
COPY = typer.Option(False, "--copy", help="Copy the text to the clipboard.")
SENT = typer.Option(
    False,
    "--sent",
    help="You sent it yourself (from the .eml, or pasted elsewhere): log it as sent.",
)
YES = typer.Option(False, "--yes", "-y", help="Confirm without asking (for scripts).")
NOW = typer.Option(False, "--now", help="Send even during the cool-off (asks first).")
UPSET = typer.Option(
    False, "--upset", help="You're upset: hold sending for the cool-off time from now."
)
JOURNAL = typer.Option(
    False, "--journal", help="Keep the text as a private journal note instead of sending it."
)


def _confirm(question: str, yes: bool, refusal: str) -> bool:
    if yes:
        return True
    if not _interactive():
        raise InvalidInput(refusal)
    return typer.confirm(question, default=False)


def _show(p: Prepared, title: str, limit: int) -> None:
    # lazy: templates and spelling lists, loaded by the drafting commands
    from doorajar.drafts import tone

    d = p.draft
    echo(title)
    if d.by_linkedin:
        count = tone.char_count(d.body)
        echo(f"LinkedIn note to {d.to or '(no one yet)'}: {count} of {limit} characters")
    else:
        echo(f"To: {d.to or '(no address)'}")
        echo(f"Subject: {d.subject}")
    echo("")
    echo(d.body.rstrip("\n"))
    echo("")
    _findings(d.body, p.findings)
    if d.missing:
        echo(f"Not ready: missing {', '.join(d.missing)}.")
    elif p.ready and d.by_linkedin:
        echo("Ready: --copy, then paste it into the connection request on LinkedIn.")
    elif p.ready:
        echo("Ready. Hand it over with --eml FILE, --to-drafts, --smtp, --mailto or --copy.")
    else:
        echo("Not ready: fix the errors above (--edit opens it in your editor).")


def _findings(text: str, findings: tuple[tone.Finding, ...] | list[tone.Finding]) -> None:
    if not findings:
        echo("Tone check: nothing to flag.")
        return
    fix = [f for f in findings if f.severity != "advice"]
    advice = [f for f in findings if f.severity == "advice"]
    if fix:
        echo(f"Tone check: {len(fix)} to fix")
    else:
        echo("Tone check: nothing to fix.")
    for f in fix:
        _finding(text, f)
    if advice:
        echo(f"Advice ({len(advice)}, never blocks sending):")
        for f in advice:
            _finding(text, f)


def _finding(text: str, f: tone.Finding) -> None:
    start, end = f.span
    excerpt = text[start:end].replace("\n", " ")
    if len(excerpt) > 60:
        excerpt = excerpt[:57] + "..."
    line = text.count("\n", 0, start) + 1
    where = f'line {line}: "{excerpt}"' if end > start else "whole message"
    echo(f"  {f.severity:<7} {f.rule}  ({where})")
    echo(f"          {f.message}")
    echo(f"          try: {f.suggestion}")


def _via(
    eml: Path | None, to_drafts: bool, smtp: bool, mailto: bool, copy: bool, sent: bool = False
) -> str | None:
    chosen = [
        name
        for name, on in (
            ("eml", eml is not None),
            ("drafts", to_drafts),
            ("smtp", smtp),
            ("mailto", mailto),
            ("copy", copy),
            ("sent", sent),
        )
        if on
    ]
    if len(chosen) > 1:
        raise InvalidInput(
            "Choose one way: --eml, --to-drafts, --smtp, --mailto, --copy or --sent."
        )
    return chosen[0] if chosen else None


def _refuse_unready(t: Tracker, p: Prepared, via: str) -> None:
    """Stop in one line when the draft cannot go out this way (not ready, or blocked by
    the tone check)."""
    # lazy: templates and spelling lists, loaded by the drafting commands
    from doorajar.drafts import tone

    reason = t.drafts.refusal(p, via=via)
    if reason:
        if tone.emotional(p.findings):
            reason += " (Or keep it for yourself: add --journal.)"
        raise InvalidInput(reason)


def _hand_over(
    ctx: typer.Context,
    p: Prepared,
    via: str,
    *,
    eml: Path | None,
    yes: bool,
    now: bool,
    upset: bool,
    journal: bool,
    err: bool = False,
) -> None:
    # lazy: templates and spelling lists, loaded by the drafting commands
    from doorajar.drafts import tone

    say = functools.partial(typer.echo, err=err)
    t = get(ctx).tracker
    drafts: DraftService = t.drafts
    offer = tone.emotional(p.findings) and _interactive() and not yes
    if journal or (
        offer
        and typer.confirm(
            "This reads as angry or hurt; keep it in your journal tonight instead of sending it?",
            default=True,
        )
    ):
        drafts.keep_as_journal(p)
        say("Kept as a private journal note. Nothing was sent.")
        return
    _refuse_unready(t, p, via)
    until = drafts.held_until(p, upset=upset)
    if until is not None:
        local = until.astimezone(local_tz(t.settings().timezone)).strftime("%H:%M on %a %d %b")
        if not now:
            drafts.hold(p, until)
            say(
                "Let it settle first: a rejection stings, and the best replies are written "
                f"after a pause. It's kept as a private note; send it after {local}, or add "
                "--now if you're sure."
            )
            return
        if not _confirm(
            f"The cool-off lasts until {local}. Send it now anyway?",
            yes,
            "Sending during the cool-off needs a confirmation: add --yes to --now.",
        ):
            drafts.hold(p, until)
            say(f"Held until {local}; the text is kept as a private note.")
            return
    warns = tone.warnings(p.findings)
    if warns and not _confirm(
        f"The tone check has {len(warns)} warning(s) (shown above). Send it anyway?",
        yes,
        "The tone check has warnings; fix them or add --yes to send anyway.",
    ):
        say("Not sent; the draft is saved.")
        return
    if via == "smtp":
        d = p.draft
        say("About to send by email, with these headers exactly:")
        for name, value in drafts.outgoing_headers(p):
            say(f"  {name + ':':<8} {value}")
        say("")
        for line in d.body.rstrip("\n").splitlines():
            say(f"  {line}")
        say("")
        if not _confirm(
            "Send this message now?",
            yes,
            "Sending needs your confirmation: run this in a terminal, or add --yes after "
            "reading the draft.",
        ):
            say("Not sent; the draft is saved.")
            return
    sent = drafts.deliver(p, via, eml=eml)
    if via == "mailto":
        say(sent.where)
    if via == "eml":
        say(
            f"Wrote {sent.where}: your mail program opens it as a draft. Not logged as sent "
            "yet: once you have sent it, run "
            f"`ajar send {p.application_id} --kind {p.draft.kind} --sent`."
        )
        return
    labels = {
        "drafts": f"Put it in {sent.where}",
        "smtp": f"Sent through {sent.where}",
        "mailto": "Open the link above to send it",
        "copy": f"Copied to the clipboard ({sent.where})",
        "sent": "Noted that you sent it",
    }
    say(f"{labels[via]}. Logged as sent; the plan moved on (see `ajar show`).")


def _edit(text: str) -> str | None:
    """The text after the user's editor; None when they left it unchanged."""
    if not (os.environ.get("VISUAL") or os.environ.get("EDITOR")) and not _interactive():
        raise InvalidInput("Set $EDITOR to edit drafts (e.g. export EDITOR=nano).")
    try:
        return click.edit(text.rstrip("\n") + "\n", extension=".txt")
    except click.ClickException as exc:
        raise InvalidInput(f"{exc.message}; the draft was kept as it was.") from None


def draft(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="Application number or company."),
    kind: str | None = KIND,
    variant: str | None = typer.Option(
        None, "--variant", "-v", help="warm (default), formal or short."
    ),
    lang: str | None = typer.Option(
        None, "--lang", help="en, de, fr or es (default: the application's, else the setting)."
    ),
    appreciation: str | None = typer.Option(
        None,
        "--appreciation",
        "-a",
        help="The one specific thing you appreciated; completes 'I especially appreciated ...'.",
    ),
    detail: str | None = typer.Option(
        None, "--detail", help="For a touch: what you share; for a revisit: the new role."
    ),
    to: str | None = typer.Option(None, "--to", metavar="ADDRESS", help="Recipient address."),
    fresh: bool = typer.Option(False, "--fresh", help="Start again from the template."),
    edit: bool = typer.Option(False, "--edit", "-e", help="Open the draft in $EDITOR."),
    eml: Path | None = EML,
    to_drafts: bool = TO_DRAFTS,
    smtp: bool = SMTP,
    mailto: bool = MAILTO,
    copy: bool = COPY,
    yes: bool = YES,
    now: bool = NOW,
    upset: bool = UPSET,
    journal: bool = JOURNAL,
    as_json: bool = JSON,
) -> None:
    """Draft the next message for an application, filled from what doorajar knows.

    Prints the draft with its tone check. Thank-you messages need one specific
    appreciation in your own words. The draft is saved, so your edits are kept.

    Example: ajar draft acme --appreciation "the whiteboard session with Marcus"
    """
    # lazy: templates and spelling lists, loaded by the drafting commands
    from doorajar.drafts.compose import THANK_KINDS, Request

    t = get(ctx).tracker
    via = _via(eml, to_drafts, smtp, mailto, copy)
    t.show(application)  # an unknown application is refused before anything is asked
    offer_setup(t)
    request = Request(
        kind=kind, variant=variant, lang=lang, appreciation=appreciation, detail=detail, to=to
    )
    p = t.drafts.prepare(application, request, fresh=fresh)
    if (
        "appreciation" in p.draft.missing
        and p.draft.kind in THANK_KINDS
        and _interactive()
        and not as_json
    ):
        said = typer.prompt(
            "One specific thing you appreciated (completes 'I especially appreciated ...')",
            default="",
            show_default=False,
        )
        if said.strip():
            p = t.drafts.prepare(
                application,
                Request(kind=p.draft.kind, variant=p.draft.variant, appreciation=said, to=to),
            )
    if edit:
        edited = _edit(p.draft.text)
        if edited is not None and edited.strip() != p.draft.text.strip():
            p = t.drafts.edit(p.id, edited)
    if as_json:
        print(json.dumps(p.to_json(), ensure_ascii=False, indent=2))
    else:
        app = t.show(str(p.application_id)).application
        d = p.draft
        _show(
            p,
            f"Draft #{p.id}: {d.kind} ({d.variant}, {d.lang}) for #{app.id} {app.title}",
            t.settings().linkedin_note_limit,
        )
    if via is not None:
        _hand_over(
            ctx, p, via, eml=eml, yes=yes, now=now, upset=upset, journal=journal, err=as_json
        )
    elif journal:
        t.drafts.keep_as_journal(p)
        echo("Kept as a private journal note.")
    elif upset:
        until = t.drafts.held_until(p, upset=True)
        assert until is not None
        t.drafts.hold(p, until)
        local = until.astimezone(t.tz()).strftime("%H:%M on %a %d %b")
        echo(f"Held until {local}; take a walk. The text is kept as a private note.")


def send(
    ctx: typer.Context,
    application: str = typer.Argument(..., help="Application number or company."),
    kind: str | None = KIND,
    to: str | None = typer.Option(None, "--to", metavar="ADDRESS", help="Recipient address."),
    eml: Path | None = EML,
    to_drafts: bool = TO_DRAFTS,
    smtp: bool = SMTP,
    mailto: bool = MAILTO,
    copy: bool = COPY,
    sent: bool = SENT,
    yes: bool = YES,
    now: bool = NOW,
    upset: bool = UPSET,
    journal: bool = JOURNAL,
) -> None:
    """Hand the saved draft to your mail, then log it as sent and move the plan on.

    An .eml (--eml) is a draft your mail program opens: it is logged once you
    say you sent it (--sent). Refuses a draft that is not ready. Sending over SMTP shows the recipient,
    subject and body and asks first (--yes confirms in scripts). Within the
    cool-off after a rejection, or with --upset, it is held as a private note.

    Example: ajar send acme --to-drafts
    """
    # lazy: templates and spelling lists, loaded by the drafting commands
    from doorajar.drafts import tone
    from doorajar.drafts.compose import Request

    via = _via(eml, to_drafts, smtp, mailto, copy, sent)
    if via is None:
        raise InvalidInput(
            "Say how: --eml FILE, --to-drafts, --smtp, --mailto, --copy, or --sent once you "
            "sent it yourself."
        )
    t = get(ctx).tracker
    t.show(application)  # an unknown application is refused before anything is asked
    offer_setup(t)
    with t.batch():  # a draft refused as not ready is not kept either
        p = t.drafts.prepare(application, Request(kind=kind, to=to))
        if p.draft.missing or tone.errors(p.findings):
            _findings(p.draft.body, p.findings)
        offer = tone.emotional(p.findings) and _interactive() and not yes
        if not journal and not offer:  # else keeping it as a journal note is offered first
            _refuse_unready(t, p, via)
    _hand_over(ctx, p, via, eml=eml, yes=yes, now=now, upset=upset, journal=journal)


def check(
    ctx: typer.Context,
    file: str | None = typer.Argument(
        None, metavar="[FILE|-]", help="Text to check (default or '-': standard input)."
    ),
    kind: str | None = typer.Option(
        None,
        "--kind",
        "-k",
        help="The message kind, for its own limits and rules (e.g. reply); without it the "
        "kind is guessed from the text and only gives advice.",
    ),
    lang: str | None = typer.Option(None, "--lang", help="Language for spelling (en, de, fr, es)."),
    as_json: bool = JSON,
) -> None:
    """Check the tone of a message before you send it: a report, never a block.

    Reads every sentence: insults, sarcasm, blame, complaints, pleading, pressure,
    demands, arguing with feedback and dwelling are errors or warnings, each with
    the sentence and a kinder rewrite; so are placeholders left in. Spelling,
    capitals and the shape of the message (thanks, detail, open door) are advice.

    Example: ajar check reply.txt --kind reply
    """
    # lazy: templates and spelling lists, loaded by the drafting commands
    from doorajar.drafts import tone

    if file is None or file == "-":
        try:
            text = sys.stdin.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"Cannot read standard input: {exc}.") from None
    else:
        path = Path(file).expanduser()
        try:
            text = read_bytes(path).decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(f"{path} is not UTF-8 text.") from None
    report = get(ctx).tracker.drafts.check(text, kind=kind, lang=lang)
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    how = "guessed from the text; --kind applies its limits" if report.guessed else "given"
    echo(f"Kind: {report.kind} ({how})")
    _findings(text, report.findings)
    if tone.emotional(report.findings):
        echo(
            "This reads as angry or hurt. Keep it in your journal tonight: "
            '`ajar note APP "..."`, and write the reply after a walk.'
        )


def register(app: typer.Typer) -> None:
    """Add these commands to the app."""
    command(app, draft)
    command(app, send)
    command(app, check)
