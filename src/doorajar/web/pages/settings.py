"""Settings: every playbook setting with its value, default and help, editable."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from doorajar.settings import specs
from doorajar.web import render
from doorajar.web.app import NavItem
from doorajar.web.pages import calendar

NAV = NavItem("Settings", "/settings", 90)
router = APIRouter()


@router.get("/settings")
def settings(request: Request) -> Response:
    """Every setting, grouped as the playbook is."""
    rows = render.tracker(request).config()
    kinds = {s.name: s for s in specs()}
    return render.page(
        request, "settings.html", rows=rows, specs=kinds, feed=calendar.feed_url(request)
    )


@router.post("/settings/{name}")
def change(request: Request, name: str, value: str = Form("")) -> Response:
    """Change one setting."""
    new = render.tracker(request).set_config(name, value)
    return render.redirect(f"/settings#{name}", ("ok", f"{name} is now {new!r}."))


@router.post("/settings/{name}/reset")
def reset(request: Request, name: str) -> Response:
    """Return one setting to its default."""
    new = render.tracker(request).set_config(name, None)
    return render.redirect(f"/settings#{name}", ("ok", f"{name} is back to its default, {new!r}."))
