"""`ajar setup`: the few things drafts need (your name, email, signature...), asked on a
terminal or given as options; and the one-line offer other commands make when they lack them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from doorajar.cli.context import command, get, interactive
from doorajar.cli.output import JSON, console, echo, emit
from doorajar.errors import InvalidInput
from doorajar.settings import spec

if TYPE_CHECKING:
    from doorajar.service import Tracker

# setting -> (the question on a terminal, the option that sets it)
_ASK = {
    "user_name": ("Your name, to sign messages", "--name"),
    "user_email": ("Your email address, for the From line", "--email"),
    "user_signature": ("Signature under your messages (\\n for a new line)", "--signature"),
    "user_linkedin": ("Your LinkedIn profile URL", "--linkedin"),
    "language": ("Language for drafts (en, de, fr, es)", "--language"),
    "weekly_target": ("Applications you aim to send each week", "--weekly-target"),
}
HINT = 'ajar setup (or ajar setup --name "YOUR NAME" --email YOU@EXAMPLE.ORG)'


def _ask(t: Tracker, names: list[str]) -> dict[str, str]:
    """Ask for each setting on the terminal; Enter keeps what is there (shown in brackets)."""
    settings = t.settings()
    answers: dict[str, str] = {}
    for name in names:
        question, _ = _ASK[name]
        current = str(getattr(settings, name))
        shown = current.replace("\n", "\\n")
        answer = typer.prompt(question, default=shown, show_default=bool(shown))
        answer = str(answer).replace("\\n", "\n").strip()
        if answer != current:
            answers[name] = answer
    return answers


def setup(
    ctx: typer.Context,
    name: str | None = typer.Option(None, "--name", help="Your name, to sign messages."),
    email: str | None = typer.Option(
        None, "--email", help="Your email address, for the From line and the digest."
    ),
    signature: str | None = typer.Option(
        None, "--signature", help="Lines under your messages (name, phone, LinkedIn)."
    ),
    linkedin: str | None = typer.Option(None, "--linkedin", help="Your LinkedIn profile URL."),
    language: str | None = typer.Option(
        None, "--language", help="Language for drafts: en, de, fr or es."
    ),
    weekly_target: str | None = typer.Option(
        None, "--weekly-target", metavar="N", help="Applications you aim to send each week."
    ),
    as_json: bool = JSON,
) -> None:
    """Tell doorajar who you are, for drafts: name, email, signature, LinkedIn, language
    and weekly target.

    On a terminal it asks for each (Enter keeps what is set); in scripts, give them as
    options. Everything is checked first and stored together, or nothing is.

    Example: ajar setup --name "Sam Rivera" --email sam@example.org --weekly-target 5
    """
    t = get(ctx).tracker
    given = {
        key: value
        for key, value in (
            ("user_name", name),
            ("user_email", email),
            ("user_signature", signature),
            ("user_linkedin", linkedin),
            ("language", language),
            ("weekly_target", weekly_target),
        )
        if value is not None
    }
    if not given:
        if not interactive():
            raise InvalidInput(
                "There is no terminal to ask on; give the fields as options, e.g. "
                'ajar setup --name "Sam Rivera" --email sam@example.org.'
            )
        given = _ask(t, list(_ASK))
    stored = t.setup(given) if given else {}
    current = t.settings()
    doc = {key: getattr(current, key) for key in _ASK}

    def render() -> None:
        if not stored:
            console.print("Nothing changed.")
        for key in _ASK:
            value = str(doc[key]).replace("\n", " / ") or "(not set)"
            console.print(f"  {key:<15} {value}")
        missing = t.missing_setup()
        if missing:
            console.print(f"Still missing: {', '.join(missing)}; drafts show placeholders there.")

    emit(doc, render, as_json)


def offer(t: Tracker) -> None:
    """Before a draft: when your name or email is missing, ask for them on a terminal (Enter
    skips), else say in one line that `ajar setup` sets them, and go on either way."""
    missing = t.missing_setup()
    if not missing:
        return
    words = " and ".join(spec(m).name.removeprefix("user_") for m in missing)
    if not interactive():
        echo(
            f"Your {words} {'is' if len(missing) == 1 else 'are'} not set, so drafts carry "
            f"placeholders; set {'it' if len(missing) == 1 else 'them'} with {HINT}.",
            err=True,
        )
        return
    echo(
        f"Your {words} {'is' if len(missing) == 1 else 'are'} not set yet (Enter skips).", err=True
    )
    answers: dict[str, Any] = {k: v for k, v in _ask(t, missing).items() if v}
    if answers:
        t.setup(answers)


def register(app: typer.Typer) -> None:
    """Add these commands to the app."""
    command(app, setup)
