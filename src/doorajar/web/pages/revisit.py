"""The revisit list: companies that said no after an interview, and when to look again."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from doorajar.web import render
from doorajar.web.app import NavItem

NAV = NavItem("Revisit", "/revisit", 35)
router = APIRouter()


@router.get("/revisit")
def revisit(request: Request) -> Response:
    """Companies to look at again, soonest first."""
    return render.page(request, "revisit.html", entries=render.tracker(request).relations.revisit())
