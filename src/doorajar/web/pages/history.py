"""History: the latest changes, each with the command or page that made it and what it
changed, and an Undo button for the newest."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from doorajar.core.history import Entry
from doorajar.service import Tracker
from doorajar.web import render
from doorajar.web.app import NavItem

NAV = NavItem("History", "/history", 92)
router = APIRouter()

SHOW = 50


def newest(t: Tracker) -> Entry | None:
    """The change `undo` would take back now."""
    return next((e for e in t.history(SHOW) if not e.undone), None)


def undo_path(t: Tracker) -> str | None:
    """The form that takes back the change just made (the newest one)."""
    e = newest(t)
    return f"/history/{e.id}/undo" if e else None


@router.get("/history")
def history(request: Request) -> Response:
    """The latest changes, newest first; ?all=1 adds the time-driven ones."""
    t = render.tracker(request)
    everything = request.query_params.get("all") == "1"
    entries = t.history(SHOW, automatic=everything)
    top = newest(t)
    return render.page(
        request,
        "history.html",
        title="History",
        entries=entries,
        newest=top.id if top and not top.emptied else None,
        everything=everything,
    )


@router.post("/history/{entry_id:int}/undo")
def undo(request: Request, entry_id: int, next: str | None = Form(None)) -> Response:
    """Take back one change, but only while it is still the newest: an Undo button never
    takes back something that came after the page was drawn."""
    t = render.tracker(request)
    done = t.undo(expect=entry_id)
    return render.redirect(
        render.back(request, "/history", next),
        ("ok", f"Undid {done.entry.command} ({done.entry.changes})."),
    )
