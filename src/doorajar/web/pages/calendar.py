"""The calendar feed: every open action as an .ics at a secret address, for a calendar
app to subscribe to; the address can be replaced at any time."""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import Response

from doorajar.files import write_private
from doorajar.web import render

router = APIRouter()

TOKEN_FILE = "web-calendar-token"


def token(home: Path, *, renew: bool = False) -> str:
    """The feed's secret, made on first use and kept in the data home (yours only)."""
    path = home / TOKEN_FILE
    if path.is_file() and not renew:
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
    value = secrets.token_urlsafe(24)
    write_private(path, value + "\n")
    return value


def _home(request: Request) -> Path:
    home = request.app.state.settings.location.home
    assert isinstance(home, Path)
    return home


@router.get("/calendar/{secret}.ics")
def feed(request: Request, secret: str) -> Response:
    """The feed itself: the next 30 days and everything overdue."""
    if not hmac.compare_digest(secret.encode(), token(_home(request)).encode()):
        raise HTTPException(404)
    data = render.tracker(request).planner.calendar(30)
    return Response(data, media_type="text/calendar; charset=utf-8")


@router.post("/calendar/renew")
def renew(request: Request) -> Response:
    """Replace the feed's address; the old one stops working."""
    token(_home(request), renew=True)
    return render.redirect("/settings#calendar", ("ok", "The calendar feed has a new address."))


def feed_url(request: Request) -> str:
    """The full address of the feed, for the settings page."""
    return f"{request.url.scheme}://{request.headers.get('host', '')}/calendar/{token(_home(request))}.ics"
