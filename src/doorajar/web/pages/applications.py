"""Applications: a board by stage, a sortable, filterable, paged table, and quick add."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from doorajar.core.views import SORTS
from doorajar.model import Outcome, Stage
from doorajar.web import forms, render
from doorajar.web.app import NavItem

NAV = NavItem("Applications", "/applications", 20)
router = APIRouter()

PER_PAGE = 50


@router.get("/applications")
def table(request: Request) -> Response:
    """Applications as a table: search, filter, sort, a page at a time."""
    q = request.query_params
    sort = q.get("sort") or "applied"
    if sort not in SORTS:
        sort = "applied"
    filters = {
        "q": forms.text(q.get("q")) or "",
        "stage": q.get("stage") if q.get("stage") in set(Stage) else "",
        "outcome": q.get("outcome") if q.get("outcome") in set(Outcome) else "",
        "source": forms.text(q.get("source")) or "",
    }
    descending = q.get("dir", "desc" if sort in ("applied", "id") else "asc") == "desc"
    overview = render.tracker(request).overview
    listing = overview.applications(
        search=filters["q"] or None,
        stage=Stage(filters["stage"]) if filters["stage"] else None,
        outcome=Outcome(filters["outcome"]) if filters["outcome"] else None,
        source=filters["source"] or None,
        sort=sort,
        descending=descending,
        page=forms.page_number(q.get("page")),
        per_page=PER_PAGE,
    )

    def link(**changes: object) -> str:
        params = {**filters, "sort": sort, "dir": "desc" if descending else "asc"}
        params.update({k: str(v) for k, v in changes.items()})
        return "/applications?" + urlencode({k: v for k, v in params.items() if v})

    missed = not listing.total and filters["q"]
    return render.page(
        request,
        "applications.html",
        listing=listing,
        near=overview.near_misses(filters["q"] or "") if missed else (),
        filters=filters,
        link=link,
        stages=list(Stage),
        outcomes=list(Outcome),
    )


@router.get("/applications/board")
def board(request: Request) -> Response:
    """Applications by stage, newest first in each column."""
    everything = request.query_params.get("show") == "all"
    b = render.tracker(request).overview.board(outcome=None if everything else Outcome.ACTIVE)
    return render.page(request, "board.html", board=b, everything=everything)


@router.post("/applications")
def add(
    request: Request,
    company: str = Form(""),
    role: str = Form(""),
    source: str | None = Form(None),
    url: str | None = Form(None),
    applied: str | None = Form(None),
    force: bool = Form(False),
    own_source: bool = Form(False),
) -> Response:
    """Log a new application."""
    t = render.tracker(request)
    added = t.apply(
        company,
        role,
        at=forms.moment(t, applied),
        url=forms.text(url),
        source=forms.text(source),
        force=force,
        own_source=own_source,
    )
    a = added.application
    notes = [("warn", w) for w in added.warnings]
    return render.redirect(f"/applications/{a.id}", ("ok", f"Logged #{a.id} {a.title}."), *notes)
