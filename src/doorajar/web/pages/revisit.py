"""The revisit list: companies that said no after an interview, and when to look again."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from doorajar.web import forms, render
from doorajar.web.app import NavItem

NAV = NavItem("Revisit", "/revisit", 35)
router = APIRouter()


PER_PAGE = 50


@router.get("/revisit")
def revisit(request: Request) -> Response:
    """Companies to look at again, soonest first, a page at a time."""
    found = render.tracker(request).relations.revisit_page(
        forms.page_number(request.query_params.get("page")), PER_PAGE
    )

    def link(page: int) -> str:
        return f"/revisit?page={page}"

    t = render.tracker(request)
    return render.page(
        request,
        "revisit.html",
        watched=t.watch.watched(),
        watch_on=t.settings().watch_enabled,
        entries=found.entries,
        total=found.total,
        page=found.page,
        pages=found.pages,
        link=link,
    )
