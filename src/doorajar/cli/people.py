"""Commands for people: contact add / show / connected, and contacts."""

from __future__ import annotations

import typer
from rich.table import Table

from doorajar.cli.context import choice, command, get, handled
from doorajar.cli.output import console, emit
from doorajar.model import ContactRole

JSON = typer.Option(False, "--json", help="Print JSON instead of text.")

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


def contacts(ctx: typer.Context, as_json: bool = JSON) -> None:
    """List the people in your search.

    Example: ajar contacts
    """
    people = get(ctx).tracker.contacts()

    def render() -> None:
        if not people:
            console.print("No contacts yet. Add one with `ajar contact add NAME --company C`.")
            return
        table = Table(box=None, header_style="bold", pad_edge=False)
        for col in ("#", "name", "company", "role", "email", "linkedin"):
            table.add_column(col)
        for p in people:
            table.add_row(
                str(p.id),
                p.name,
                p.company or "",
                p.role.value,
                p.email or "",
                "connected" if p.connected else "",
            )
        console.print(table)

    emit(people, render, as_json)


def register(app: typer.Typer) -> None:
    """Add these commands to the app."""
    app.add_typer(contact_app, name="contact")
    command(app, contacts)
