"""Contacts: the people met in the search, searchable and paged, with quick add."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from doorajar.model import ContactRole
from doorajar.web import forms, render
from doorajar.web.app import NavItem

NAV = NavItem("Contacts", "/contacts", 30)
router = APIRouter()


@router.get("/contacts")
def contacts(request: Request) -> Response:
    """Everyone in the search, a page at a time."""
    q = forms.text(request.query_params.get("q")) or ""
    people = render.tracker(request).overview.contacts(
        search=q or None, page=forms.page_number(request.query_params.get("page"))
    )

    def link(page: int) -> str:
        return "/contacts?" + urlencode({k: v for k, v in {"q": q, "page": page}.items() if v})

    return render.page(
        request, "contacts.html", people=people, q=q, link=link, roles=list(ContactRole)
    )


@router.post("/contacts")
def add(
    request: Request,
    name: str = Form(""),
    company: str | None = Form(None),
    role: str | None = Form(None),
    email: str | None = Form(None),
    linkedin: str | None = Form(None),
    connected: bool = Form(False),
    how_met: str | None = Form(None),
    application: str | None = Form(None),
) -> Response:
    """Add a person."""
    c = render.tracker(request).add_contact(
        name,
        company=forms.text(company),
        role=forms.pick(ContactRole, role, "role") or ContactRole.OTHER,
        email=forms.text(email),
        linkedin_url=forms.text(linkedin),
        connected=connected,
        how_met=forms.text(how_met),
        application=forms.text(application),
    )
    return render.redirect("/contacts", ("ok", f"Added {c.name}."))


@router.post("/contacts/{contact_id:int}/connected")
def connected(
    request: Request, contact_id: int, value: bool = Form(True), next: str | None = Form(None)
) -> Response:
    """Record that you are (or are not) connected on LinkedIn."""
    c = render.tracker(request).set_connected(str(contact_id), value)
    state = "connected" if c.connected else "not connected"
    return render.redirect(render.back(request, "/contacts", next), ("ok", f"{c.name}: {state}."))


@router.get("/contacts/{contact_id:int}")
def person(request: Request, contact_id: int) -> Response:
    """A person: their applications, every message in and out, and the next touch."""
    t = render.tracker(request)
    v = t.relations.contact(str(contact_id))
    return render.page(request, "person.html", v=v, c=v.contact, title=v.contact.name)


@router.post("/contacts/{contact_id:int}/keep")
def keep(request: Request, contact_id: int, value: bool = Form(True)) -> Response:
    """Keep in touch every few months, whatever their applications say (or stop it)."""
    t = render.tracker(request)
    with render.labelled(request, f"keep in touch #{contact_id}"):
        v = t.relations.keep(str(contact_id), value)
    said = (
        f"Keeping in touch with {v.contact.name}."
        if value
        else f"No more touches to {v.contact.name}."
    )
    return render.redirect(f"/contacts/{contact_id}", ("ok", said))
