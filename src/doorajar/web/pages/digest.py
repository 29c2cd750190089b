"""The digest: today's actions and the week's momentum as the plain text the daily mail
carries, previewed here and sent to your own address when mail is set up."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from doorajar.web import render

router = APIRouter()


@router.get("/digest")
def preview(request: Request) -> Response:
    """The digest as it would be mailed."""
    t = render.tracker(request)
    d = t.planner.digest(7)
    can_send = bool(t.settings().smtp_host.strip() and d.to)
    return render.page(request, "digest.html", d=d, can_send=can_send, title="Digest")


@router.post("/digest/send")
def send(request: Request) -> Response:
    """Mail the digest to your own address."""
    to = render.tracker(request).planner.send_digest(7)
    return render.redirect("/digest", ("ok", f"Sent the digest to {to}."))
