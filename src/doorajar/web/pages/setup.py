"""Setup: the few things drafts need (name, email, signature, LinkedIn, language, weekly
target) on one short form. Offered by a banner on Today, never forced."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from doorajar.service import SETUP_FIELDS
from doorajar.settings import specs
from doorajar.web import render

router = APIRouter()


@router.get("/setup")
def setup(request: Request) -> Response:
    """The setup form, filled with what is set."""
    t = render.tracker(request)
    settings = t.settings()
    fields = [(sp, getattr(settings, sp.name)) for sp in specs() if sp.name in SETUP_FIELDS]
    return render.page(request, "setup.html", fields=fields, missing=t.missing_setup())


@router.post("/setup")
def save(
    request: Request,
    user_name: str = Form(""),
    user_email: str = Form(""),
    user_signature: str = Form(""),
    user_linkedin: str = Form(""),
    language: str = Form("en"),
    weekly_target: str = Form("5"),
) -> Response:
    """Store the fields together, or none of them when one is wrong."""
    t = render.tracker(request)
    t.setup(
        {
            "user_name": user_name,
            "user_email": user_email,
            "user_signature": user_signature.replace("\r\n", "\n"),
            "user_linkedin": user_linkedin,
            "language": language,
            "weekly_target": weekly_target,
        }
    )
    missing = t.missing_setup()
    said = "Saved. Drafts are signed and sent with these from now on."
    if missing:
        said = f"Saved; still missing: {', '.join(m.removeprefix('user_') for m in missing)}."
    return render.redirect("/", ("ok", said))
