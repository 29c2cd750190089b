"""Today: what is overdue, due today and coming up, with one-click done, skip and snooze."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from doorajar.errors import InvalidInput
from doorajar.model import ActionStatus
from doorajar.web import render
from doorajar.web.app import NavItem

NAV = NavItem("Today", "/", 10)
router = APIRouter()

SHOW = 25  # items per part before "show all": the page stays quick however busy you are


@router.get("/")
def today(request: Request) -> Response:
    """The agenda for the next week and how the search is moving."""
    t = render.tracker(request)
    view = t.planner.today(days=7, limit=SHOW, expand=request.query_params.get("all"))
    return render.page(
        request,
        "today.html",
        agenda=view.agenda,
        totals=view.totals,
        momentum=view.agenda.momentum,
        setup_missing=t.missing_setup(),
    )


@router.post("/actions/bulk")
def bulk(
    request: Request,
    ids: list[int] = Form([]),
    what: str = Form("snooze"),
    days: int = Form(1),
    reason: str = Form(""),
    next: str | None = Form(None),
) -> Response:
    """Skip or snooze every ticked action with one submit, all together or none."""
    t = render.tracker(request)
    if not ids:
        raise InvalidInput("Tick the actions to skip or snooze first.")
    if what == "skip":
        if not reason.strip():
            raise InvalidInput("Say why you are skipping them; you will thank yourself later.")
        changed = t.act_many(ids, ActionStatus.SKIPPED, note=reason.strip())
        said = f"Skipped {len(changed)} action{'s' if len(changed) != 1 else ''}."
    elif what == "snooze":
        if not 1 <= days <= 365:
            raise InvalidInput("Snooze for 1 to 365 days.")
        until = t.now() + timedelta(days=days)
        changed = t.act_many(ids, ActionStatus.SNOOZED, until=until)
        said = (
            f"Snoozed {len(changed)} action{'s' if len(changed) != 1 else ''} until "
            f"{render.day(until, t.tz())}."
        )
    else:
        raise InvalidInput("Choose skip or snooze.")
    return render.redirect(render.back(request, "/", next), ("ok", said))


@router.post("/actions/{action_id}/done")
def done(request: Request, action_id: int, next: str | None = Form(None)) -> Response:
    """Mark an action done."""
    a = render.tracker(request).act(action_id, ActionStatus.DONE)
    return render.redirect(render.back(request, "/", next), ("ok", f"Done: {a.kind.label}."))


@router.post("/actions/{action_id}/skip")
def skip(
    request: Request, action_id: int, reason: str = Form(""), next: str | None = Form(None)
) -> Response:
    """Skip an action, with the reason."""
    if not reason.strip():
        raise InvalidInput("Say why you are skipping it; you will thank yourself later.")
    a = render.tracker(request).act(action_id, ActionStatus.SKIPPED, note=reason.strip())
    return render.redirect(render.back(request, "/", next), ("ok", f"Skipped: {a.kind.label}."))


@router.post("/actions/{action_id}/snooze")
def snooze(
    request: Request, action_id: int, days: int = Form(1), next: str | None = Form(None)
) -> Response:
    """Put an action off for some days."""
    if not 1 <= days <= 365:
        raise InvalidInput("Snooze for 1 to 365 days.")
    t = render.tracker(request)
    a = t.act(action_id, ActionStatus.SNOOZED, until=t.now() + timedelta(days=days))
    until = render.day(a.snoozed_until, t.tz())
    return render.redirect(
        render.back(request, "/", next), ("ok", f"Snoozed {a.kind.label} until {until}.")
    )
