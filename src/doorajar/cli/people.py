"""Commands for people: contact add / show / connected, and contacts [--due]."""

from __future__ import annotations

import textwrap

import typer
from rich.markup import escape

from doorajar.cli import output
from doorajar.cli.context import choice, command, get, handled, interactive
from doorajar.cli.output import JSON, SafeTable, console, emit, print_table
from doorajar.errors import InvalidInput
from doorajar.model import ContactRole, Direction

contact_app = typer.Typer(
    help="Add and look after the people you meet in your search.\n\n"
    'Example: ajar contact add "Dana Li" --company "Acme Robotics" --role recruiter',
    no_args_is_help=True,
)


@contact_app.command("add")
@handled
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Their name."),
    company: str | None = typer.Option(None, "--company", "-c", help="Where they work."),
    role: str = typer.Option(
        "other", "--role", "-r", help="recruiter, hiring_manager, interviewer, referrer or other."
    ),
    email: str | None = typer.Option(None, "--email", "-e", help="Email address."),
    linkedin: str | None = typer.Option(None, "--linkedin", help="LinkedIn profile URL."),
    connected: bool = typer.Option(False, "--connected", help="Already connected on LinkedIn."),
    how_met: str | None = typer.Option(None, "--met", help="How you met."),
    application: str | None = typer.Option(
        None,
        "--application",
        "-a",
        help="Tie to this application (default: every application at their company).",
    ),
    as_json: bool = JSON,
) -> None:
    """Add a person you met: recruiter, hiring manager, interviewer or referrer.

    Example: ajar contact add "Dana Li" --company "Acme Robotics" --role recruiter
    --email dana@acme.example
    """
    r = choice(ContactRole, role, "contact role") or ContactRole.OTHER
    c = get(ctx).tracker.add_contact(
        name,
        company=company,
        role=r,
        email=email,
        linkedin_url=linkedin,
        connected=connected,
        how_met=how_met,
        application=application,
    )
    emit(
        c,
        lambda: console.print(
            f"Added contact #{c.id} {c.name}" + (f" ({c.company})" if c.company else "") + "."
        ),
        as_json,
    )


@contact_app.command("connected")
@handled
def connected(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Contact number or name."),
    undo: bool = typer.Option(False, "--undo", help="Mark as not connected."),
) -> None:
    """Record that you are now connected on LinkedIn.

    Example: ajar contact connected "Dana Li"
    """
    c = get(ctx).tracker.set_connected(name, not undo)
    console.print(f"{c.name}: {'connected' if c.connected else 'not connected'}.")


@contact_app.command("keep")
@handled
def keep(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Contact number or name."),
    stop: bool = typer.Option(False, "--stop", help="Stop the touches to this person."),
) -> None:
    """Keep in touch with someone every few months, with or without an application:
    a mentor, a referrer, a former colleague. --stop ends the touches.

    Example: ajar contact keep "Sam Ortiz"
    """
    t = get(ctx).tracker
    v = t.relations.keep(name, not stop)
    c, tz = v.contact, t.tz()
    if stop:
        console.print(f"No more touches to {escape(c.name)}.")
    elif v.next_touch is not None:
        due = output.when(v.next_touch.effective_due(), tz)
        rel = output.relative(v.next_touch.effective_due(), t.now(), tz)
        console.print(f"Keeping in touch with {escape(c.name)}: next touch {due} ({rel}).")
    else:
        console.print(
            f"Keeping in touch with {escape(c.name)}; no touch planned ({escape(v.kept_reason)})."
        )


def contacts(
    ctx: typer.Context,
    due: bool = typer.Option(
        False, "--due", help="Only people whose next touch is due within --days (default 14)."
    ),
    days: int = typer.Option(
        14, "--days", "-n", min=0, max=3650, help="Window for --due, in days."
    ),
    as_json: bool = JSON,
) -> None:
    """List the people in your search, with the next touch for those you keep in touch with.

    Example: ajar contacts --due
    """
    t = get(ctx).tracker
    t.sweep()
    views = t.relations.contacts(due_within_days=days if due else None)
    tz, now = t.tz(), t.now()

    def render() -> None:
        if not views:
            console.print(
                f"No touch is due in the next {days} days."
                if due
                else "No contacts yet. Add one with `ajar contact add NAME --company C`."
            )
            return
        table = SafeTable(box=None, header_style="bold", pad_edge=False)
        for col in ("#", "name", "company", "role", "linkedin", "next touch"):
            table.add_column(col)
        for v in views:
            p = v.contact
            nxt = v.next_touch
            table.add_row(
                str(p.id),
                p.name,
                p.company or "",
                p.role.value.replace("_", " "),
                "connected" if p.connected else "",
                f"#{nxt.id} {output.relative(nxt.effective_due(), now, tz)}" if nxt else "",
            )
        print_table(table)
        if due:
            console.print(
                "`ajar contact show NAME` shows the history and the draft command.", style="dim"
            )

    emit(views, render, as_json)


@contact_app.command("show")
@handled
def show(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Contact number or name."),
    as_json: bool = JSON,
) -> None:
    """A person: how you met, their applications, every message in and out, the next touch.

    Example: ajar contact show "Dana Li"
    """
    t = get(ctx).tracker
    found = t.find_contact(name)  # a wrong name is refused before anything is written
    t.sweep()
    v = t.relations.contact(str(found.id))
    tz, now = t.tz(), t.now()

    def render() -> None:
        c = v.contact
        console.print(
            f"[bold]#{c.id} {escape(c.name)}[/]" + (f" — {escape(c.company)}" if c.company else "")
        )
        facts = [c.role.value.replace("_", " ")]
        if c.email:
            facts.append(c.email)
        if c.linkedin_url:
            facts.append(c.linkedin_url)
        facts.append("connected on LinkedIn" if c.connected else "not connected")
        console.print("  " + escape(" · ".join(facts)))
        if c.how_met:
            console.print(f"  met: {escape(c.how_met)}")
        for a in v.applications:
            console.print(f"  application #{a.id} {escape(a.title)} ({a.outcome.value})")
        console.print("\n[bold]History[/]")
        if not v.touches:
            console.print("  No messages yet.")
        for tch in v.touches:
            arrow = "→ sent" if tch.direction is Direction.OUT else "← received"
            what = tch.subject or (tch.action_kind.label if tch.action_kind else tch.channel.value)
            console.print(
                f"  {output.when(tch.at, tz)}  {arrow} ({tch.channel.value}): {escape(what)}"
            )
        console.print("\n[bold]Next touch[/]")
        nxt = v.next_touch
        if nxt is None:
            console.print(f"  None planned ({escape(v.kept_reason)}).")
            return
        due_text = f"{output.when(nxt.effective_due(), tz)} ({output.relative(nxt.effective_due(), now, tz)})"
        console.print(f"  #{nxt.id} {due_text}")
        for line in textwrap.wrap(
            "why " + nxt.reason, 76, initial_indent="  ", subsequent_indent="      "
        ):
            console.print(escape(line), style="dim")
        via = v.applications[-1].id if v.applications else None
        if via:
            console.print(f"  do  ajar draft {via} --kind touch · then ajar done {nxt.id}")
        else:
            console.print(f"  do  write to them, then ajar done {nxt.id}")

    emit(v, render, as_json)


@contact_app.command("edit")
@handled
def edit(
    ctx: typer.Context,
    contact: str = typer.Argument(..., help="Contact number or name."),
    name: str | None = typer.Option(None, "--name", help="Their name."),
    email: str | None = typer.Option(None, "--email", "-e", help="Email address ('' removes it)."),
    company: str | None = typer.Option(None, "--company", "-c", help="Where they work."),
    role: str | None = typer.Option(
        None, "--role", "-r", help="recruiter, hiring_manager, interviewer, referrer or other."
    ),
    linkedin: str | None = typer.Option(None, "--linkedin", help="LinkedIn profile URL."),
    as_json: bool = JSON,
) -> None:
    """Correct a contact: name, email, company, role or LinkedIn profile. Drafts to them
    pick up the new address.

    Example: ajar contact edit "Dana Li" --email dana@acme.example --role recruiter
    """
    r = choice(ContactRole, role, "contact role")
    c = get(ctx).tracker.edit_contact(
        contact, name=name, email=email, company=company, role=r, linkedin_url=linkedin
    )
    emit(c, lambda: console.print(f"Edited contact #{c.id} {escape(c.name)}."), as_json)


@contact_app.command("delete")
@handled
def delete(
    ctx: typer.Context,
    contact: str = typer.Argument(..., help="Contact number or name."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do it without asking (for scripts)."),
    as_json: bool = JSON,
) -> None:
    """Remove a contact, with the touches logged with them; `ajar undo` or `ajar restore`
    brings them back.

    Example: ajar contact delete 7 --yes
    """
    t = get(ctx).tracker
    found = t.find_contact(contact)
    if not yes:
        if not interactive():
            raise InvalidInput(
                f"Delete contact #{found.id} {found.name}? Add --yes to do it without a "
                "terminal to ask on."
            )
        if not typer.confirm(f"Delete contact #{found.id} {found.name}?", default=False):
            raise typer.Exit(1)
    c = t.delete_contact(str(found.id))
    emit(
        c,
        lambda: console.print(
            f"Deleted contact #{c.id} {escape(c.name)}; `ajar undo` brings them back."
        ),
        as_json,
    )


def register(app: typer.Typer) -> None:
    """Add these commands to the app."""
    app.add_typer(contact_app, name="contact")
    command(app, contacts)
